"""The importer's common currency: what a parser read from one page.

Every format parser (text, HTML, WARC record, JSONL line) produces a
``ParsedPage``; ``archive.ingest.store`` turns it into an Article and a
Capture. Keeping parsers free of the ORM lets ``extract_page`` print exactly
what import would store without writing anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime


class PageError(Exception):
    """A page that cannot be imported; the message (one line, no file name:
    the caller adds it) is shown to the user."""


@dataclass
class ParsedPage:
    raw: bytes
    format: str  # one of Capture.Format values: "text", "html", "warc", "jsonl"
    title: str
    body: list[str] = field(default_factory=list)  # ordered paragraphs
    url: str = ""  # the original URL of the page, when known
    canonical_url: str = ""
    source_name: str = ""
    source_domain: str = ""
    source_url: str = ""
    byline: str = ""  # as printed: "By HOA"
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # aware, UTC
    date_source: str = ""  # where ``published`` came from: "json-ld", "meta", "url", "htmldate", ...
    published_offset: int | None = None  # the page's own UTC offset for ``published``, minutes; None: not given
    modified: datetime | None = None
    captured: datetime | None = None  # when the copy was made (WARC-Date); None: now
    language: str = ""
    read_time: int | None = None  # minutes, as the page states it
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # the publisher's raw keyword values, as given
    comments_open: bool | None = None
    comment_count: int | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def fields(self) -> dict:
        """The extracted fields as plain data (what a Capture keeps as JSON)."""
        data = asdict(self)
        data.pop("raw")
        for key in ("published", "modified", "captured"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data
