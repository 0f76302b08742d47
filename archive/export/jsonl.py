"""Writing an article as one line of the archive's JSON Lines format.

``archive.ingest.jsonl.store_record`` reads the line back, so export then import into an empty database reproduces the
archive exactly: the same captures (bytes and checksums) and field values. ``published`` is written in the page's
own UTC offset (the same instant; see archive.local_time), from which the import restores the offset.
A capture from the web carries its WARC exchange as ``exchange`` (base64 of the records as kept, gzip per record;
its SHA-256 is the fields' ``capture.warc_sha256``); captures without one have no such key.
"""

from __future__ import annotations

import base64
from datetime import datetime

from archive.local_time import iso
from archive.models import Article, Capture

FORMAT_VERSION = 1


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def capture_record(c: Capture) -> dict:
    record = {
        "captured": _iso(c.captured),
        "format": c.format,
        "url": c.url,
        "sha256": c.sha256,
        "size": c.size,
        "fields": c.fields,
        "raw": base64.b64encode(bytes(c.raw)).decode("ascii"),
    }
    # Only a capture whose fields record an exchange has one: the others never load the (deferred) column.
    if c.exchange_sha256:
        record["exchange"] = base64.b64encode(bytes(c.exchange or b"")).decode("ascii")
    return record


def article_record(article: Article) -> dict:
    """Everything stored about an article and its captures, as plain JSON.
    Expects ``authorships__entity``, ``tags`` and ``captures`` prefetched."""
    return {
        "format_version": FORMAT_VERSION,
        "identifier": article.identifier,
        "url": article.url,
        "title": article.title,
        "slug": article.slug,
        "source": {"name": article.source.name, "domain": article.source.domain, "home_url": article.source.home_url},
        "byline": article.byline,
        "authors": [{"name": a.entity.name, "kind": a.entity.kind} for a in article.authorships.all()],
        "published": iso(article.published, article.published_offset),
        "date_source": article.date_source,
        "modified": _iso(article.modified),
        "captured": _iso(article.captured),
        "language": article.language,
        "read_time": article.read_time,
        "read_time_stated": article.read_time_stated,
        "word_count": article.word_count,
        "body": article.paragraphs,
        "summary": article.summary,
        "tags": sorted(t.name for t in article.tags.all()),
        "comments": article.comments,
        "comment_count": article.comment_count,
        "accepts_comments": article.accepts_comments,
        "is_synthetic": article.is_synthetic,
        "captures": [capture_record(c) for c in article.captures.all()],
    }
