"""Capturing pages from the web: fetch (archive/ingest/fetch.py), write the
exchange as WARC records, import them as a WARC file is imported.

Each redirect hop and the final response are a WARC ``request``/``response``
pair (gzip per record, WARC/1.1). The WARC is read back by the same reader
as an imported WARC file (archive/ingest/warc.py) and stored by the same
store (archive/ingest/store.py): the capture keeps the page's bytes as served
and their SHA-256, so capturing an unchanged page again adds nothing (the
WARC's dates and record ids differ each time; the page's bytes do not), and a
changed page adds a capture to the same article, found by the URL asked for
or any redirect hop as well as the final URL, tracking parameters (utm_*,
fbclid ...) aside: a story whose slug changed is the same story (the WARC
keeps every URL as it was fetched). Where the page was asked
for, where it ended and the redirects between are kept in the capture's
fields (``capture``). The WARC records themselves, exactly as written, are kept
with the capture (``Capture.exchange``, its SHA-256 and size in the fields), so
fixity (``verify``) and both exports cover the exchange too; the whole WARC is
also appended to ``warc_out`` when given.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO
from urllib.parse import urldefrag, urlsplit

from django.db import transaction
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.models import Article, Capture

from . import discover
from .decode import NotText
from .detect import SNIFFED_TYPES, detect_format
from .fetch import Fetched, Fetcher, FetchFailed, Hop, decoded_body
from .limits import Limits
from .netguard import Refused
from .page import PageError
from .runner import clean_page
from .store import Outcome, store_page
from .text import parse_text
from .warc import WarcReader

logger = logging.getLogger(__name__)
# What a URL's capture came to: the store's outcomes, or why it was not captured.
REFUSED = "refused"
FAILED = "failed"
# What bytes served without a page's type look like when they are neither HTML nor text (detect_format's
# kinds); "html" is markup the WARC reader's sniffing does not take for a page.
_LOOKS_LIKE = {
    "warc": "a WARC file",
    "gzip": "gzip-compressed data",
    "jsonl": "JSON",
    "html": "a fragment of HTML (no <html>, <head> or <body> at the start)",
}
_SNIFF_BYTES = 8192  # as much as an import looks at to tell a file's format
# Hop-by-hop framing the payload no longer has once read (httpx undoes chunking).
_FRAMING = ("transfer-encoding", "connection", "keep-alive")


@dataclass
class Result:
    url: str
    status: str  # an Outcome's value, REFUSED or FAILED
    reason: str = ""
    article_id: int | None = None
    final_url: str = ""
    origin: str = ""  # where the URL was listed ("FILE:LINE" of a --from-file list), named on a problem's line

    @property
    def ok(self) -> bool:
        return self.status not in (REFUSED, FAILED)

    def line(self) -> str:
        # A #fragment is not fetched: a URL with one that was not redirected shows no arrow.
        moved = self.final_url and self.final_url != urldefrag(self.url).url
        shown = f"{self.url} -> {self.final_url}" if moved else self.url
        if self.origin and not self.ok:
            shown = f"{self.origin}: {shown}"  # the line of the list to mend
        return f"{self.status}: {shown}" + (f": {self.reason}" if self.reason else "")


def _warc_date(hop: Hop) -> str:
    return datetime_to_iso_date(hop.started.replace(tzinfo=None), use_micros=True)


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def build_warc(fetched: Fetched) -> tuple[bytes, str]:
    """The exchange as WARC records, and the record id of the final response."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    final_id = ""
    for hop in fetched.hops:
        common = {"WARC-Date": _warc_date(hop), "WARC-IP-Address": hop.address}
        headers = [(k, v) for k, v in hop.headers if k.lower() not in _FRAMING]
        http = StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), headers, protocol=hop.http_version)
        response = writer.create_warc_record(
            hop.url,
            "response",
            payload=BytesIO(hop.body),
            length=len(hop.body),
            http_headers=http,
            warc_headers_dict=dict(common),
        )
        asked = StatusAndHeaders(
            f"GET {_target(hop.url)} {hop.http_version}", hop.request_headers, is_http_request=True
        )
        request = writer.create_warc_record(
            hop.url,
            "request",
            http_headers=asked,
            warc_headers_dict={**common, "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        )
        writer.write_record(response)
        writer.write_record(request)
        final_id = response.rec_headers.get_header("WARC-Record-ID")
    return out.getvalue(), final_id


def _archived_elsewhere(article: Article, fetched: Fetched) -> str:
    """Why a page is "unchanged" when its URL was never captured: another article holds the same
    bytes (one capture per bytes), so it names that article; "" when the article is this URL's."""
    fetched_from = [fetched.requested, *(hop.url for hop in fetched.hops)]
    if article.identifier in Article.identifiers_for_fetch(fetched.final.url, fetched_from):
        return ""
    return f"the same bytes are already archived as {article.url or article.get_absolute_url()}"


def _changed_back(article: Article, sha256: str) -> str:
    """Why a page of this article is "unchanged" although it differs from the article's newest capture: it
    went back to the bytes of an earlier one. One capture is kept per set of bytes, so the return is not
    recorded; the line says so rather than claiming nothing changed. "" when the bytes are the newest."""
    captures = list(article.captures.order_by("captured", "pk").values_list("sha256", "captured"))
    if not captures or captures[-1][0] == sha256:
        return ""
    earlier = next((when for digest, when in captures if digest == sha256), None)
    if earlier is None:
        return ""
    return (
        f"the page is back to its capture of {earlier:%Y-%m-%d %H:%M} UTC after the newest, of "
        f"{captures[-1][1]:%Y-%m-%d %H:%M} UTC; one capture is kept per set of bytes, so the return is not recorded"
    )


class Capturer:
    """Captures URLs one after the other with one set of limits (and one rate limit)."""

    def __init__(self, limits: Limits, warc_out: BinaryIO | None = None, fetcher: Fetcher | None = None):
        self.limits = limits
        self.fetcher = fetcher or Fetcher(limits)
        self.warc_out = warc_out
        self.before_fetch = None  # called before each fetch (a watch's run renews its claim)

    def close(self) -> None:
        self.fetcher.close()

    def capture(self, url: str) -> Result:
        url = url.strip()
        try:
            return self._capture(url)
        except Exception as exc:  # noqa: BLE001 - last resort, see below
            # A bug met on one page must not stop the other URLs: it is reported on the URL's
            # line like any other failure, and logged with its traceback so it gets fixed.
            logger.exception("unexpected error capturing %s", url)
            detail = str(exc).splitlines()[0] if str(exc) else ""
            return Result(url, FAILED, f"unexpected error ({type(exc).__name__}{': ' + detail if detail else ''})")

    def _capture(self, url: str) -> Result:
        try:
            fetched = self._fetch(url)
        except Refused as exc:
            return Result(url, REFUSED, str(exc))
        except FetchFailed as exc:
            return Result(url, FAILED, str(exc))
        final = fetched.final.url
        warc, record_id = build_warc(fetched)
        if self.warc_out is not None:
            self.warc_out.write(warc)
        try:
            page = self._page(fetched, warc)
            # The capture and its exchange in one transaction: stored apart, a failure between the two left a
            # capture without its WARC for good (its bytes then read as "unchanged" on every later run).
            with transaction.atomic():
                stored = store_page(clean_page(page), [fetched.requested, *(hop.url for hop in fetched.hops)])
                if stored.outcome is not Outcome.UNCHANGED:
                    self._note(stored.article.pk, page.sha256, fetched, record_id, warc)
        except Refused as exc:  # bytes served without a type that are no page
            return Result(url, REFUSED, str(exc), final_url=final)
        except PageError as exc:
            return Result(url, FAILED, str(exc), final_url=final)
        reason = ""
        if stored.outcome is Outcome.UNCHANGED:
            reason = _archived_elsewhere(stored.article, fetched) or _changed_back(stored.article, page.sha256)
        return Result(url, stored.outcome.value, reason, article_id=stored.article.pk, final_url=final)

    def _page(self, fetched: Fetched, warc: bytes):
        """The final response as the WARC reader reads it; a plain-text page (which the
        reader leaves to text imports) is read as a text page. A body served without a type
        or as application/octet-stream is HTML when the WARC reader's sniffing says so, else
        text when it reads as text; other bytes are refused (Refused), saying what they look like."""
        reader = WarcReader(BytesIO(warc))
        for _offset, item in reader:
            if isinstance(item, PageError):
                raise item
            return item
        hop = fetched.final
        sniffed = hop.mime in SNIFFED_TYPES and hop.mime != "text/plain"
        if hop.mime != "text/plain" and not sniffed:
            raise PageError(f"no page in the response ({', '.join(reader.skipped_types) or 'nothing read'})")
        body = decoded_body(fetched, reader.max_bytes)
        served = f"content type {hop.mime}" if hop.mime else "no content type"
        kind = detect_format(body[:_SNIFF_BYTES]) if sniffed else "text"
        if kind != "text":
            raise Refused(
                f"{served}, and the bytes look like {_LOOKS_LIKE[kind]}, not a page (HTML, XHTML or plain text)"
            )
        try:
            page = parse_text(body)
        except NotText as exc:
            if not sniffed:
                raise
            raise Refused(f"{served}, and the bytes are neither HTML nor text ({exc})") from None
        page.url, page.captured = hop.url, hop.started
        return page

    def _note(self, article_id: int, sha: str, fetched: Fetched, record_id: str, warc: bytes) -> None:
        capture = Capture.objects.filter(article_id=article_id, sha256=sha).first()
        if capture is None:
            return
        final = fetched.final
        capture.fields = {
            **capture.fields,
            "capture": {
                "requested": fetched.requested,
                "final_url": final.url,
                "redirects": fetched.chain()[:-1],
                "status": final.status,
                "content_type": final.header("Content-Type"),
                "address": final.address,
                "warc_record_id": record_id,
                "warc_sha256": hashlib.sha256(warc).hexdigest(),
                "warc_size": len(warc),
            },
        }
        capture.exchange = warc
        capture.save(update_fields=["fields", "exchange"])

    def _fetch(self, url: str, **kwargs) -> Fetched:
        if self.before_fetch is not None:
            self.before_fetch()
        return self.fetcher.fetch(url, **kwargs)

    def _read(self, url: str) -> tuple[bytes, str]:
        """A feed's or sitemap's bytes, and the URL they were served from (its links are relative to it)."""
        fetched = self._fetch(url, types=None)
        return decoded_body(fetched, self.limits.max_bytes), fetched.final.url

    def feed(self, url: str, problems: list[discover.Problem]) -> list[str]:
        """The pages a feed links to, to the cap (Refused, FetchFailed or discover.NotAFeed when
        it cannot be read)."""
        links = discover.feed_links(*self._read(url), self.limits.max_bytes)
        return discover.capped_feed(links, self.limits.max_feed_items, url, problems)

    def sitemap(self, url: str, problems: list[discover.Problem]) -> list[str]:
        return discover.walk_sitemap(
            url,
            self._read,
            self.limits.max_bytes,
            problems,
            (Refused, FetchFailed),
            max_sitemaps=self.limits.max_sitemaps,
            max_pages=self.limits.max_sitemap_urls,
        )


def capture_all(capturer: Capturer, urls=(), feeds=(), sitemaps=(), on_result=None, origins=None) -> list[Result]:
    """Capture the URLs, then every page each feed and sitemap lists, each URL once.
    A feed or sitemap that cannot be read is a result of its own (refused or failed).
    ``origins`` maps a URL to where it was listed ("FILE:LINE"), kept on its result."""
    origins = origins or {}
    results: list[Result] = []
    done: set[str] = set()

    def one(result: Result) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result)

    def pages(urls_found, listed=False) -> None:
        for url in urls_found:
            page = urldefrag(url.strip()).url  # a #fragment is the same page
            if page and page not in done:
                done.add(page)
                result = capturer.capture(url)
                if listed:
                    result.origin = origins.get(url, "")
                one(result)

    pages(urls, listed=True)
    for kind, sources in (("feed", feeds), ("sitemap", sitemaps)):
        for source in sources:
            problems: list[discover.Problem] = []
            try:
                found = capturer.feed(source, problems) if kind == "feed" else capturer.sitemap(source, problems)
            except Refused as exc:
                one(Result(source, REFUSED, f"{kind}: {exc}"))
                continue
            except (FetchFailed, discover.NotAFeed) as exc:
                one(Result(source, FAILED, f"{kind}: {exc}"))
                continue
            for problem in problems:  # a cap is a limit that said no; the rest could not be read
                one(Result(problem.url, REFUSED if problem.limit else FAILED, f"{kind}: {problem.reason}"))
            pages(found)
    return results
