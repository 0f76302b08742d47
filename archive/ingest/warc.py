"""Read the HTML pages of a WARC file, one record at a time.

The file is streamed with warcio (plain or gzip per record): only one
payload, capped at ``IMPORT_MAX_BYTES``, is held in memory at a time. Each
HTML ``response`` record becomes a ``ParsedPage`` (format "warc"), or the
``PageError`` that explains why it could not; other records are counted.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParser

from .dates import parse_date
from .detect import SNIFFED_TYPES, looks_html
from .html import parse_html
from .page import PageError, ParsedPage
from .text import parse_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def max_page_bytes() -> int:
    """settings.IMPORT_MAX_BYTES when Django is configured, else 50 MB."""
    try:
        from django.conf import settings

        return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
    except Exception:  # Django absent or settings not configured: plain-Python use.
        return DEFAULT_MAX_BYTES


def is_warc(head: bytes) -> bool:
    """True when the first bytes of a file start a WARC (plain or gzip-compressed)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


class WarcReader:
    """Iterate over ``(record offset, ParsedPage | PageError)`` for the HTML
    response records of one WARC; ``skipped`` counts the other records and
    ``skipped_types`` says what they were ("request", "response image/png", ...)."""

    def __init__(self, source: str | Path | BinaryIO, max_bytes: int | None = None):
        self.source = source
        self.max_bytes = max_bytes if max_bytes is not None else max_page_bytes()
        self.skipped_types: Counter[str] = Counter()

    @property
    def skipped(self) -> int:
        return sum(self.skipped_types.values())

    def __iter__(self) -> Iterator[tuple[int, ParsedPage | PageError]]:
        if isinstance(self.source, str | Path):
            with open(self.source, "rb") as stream:
                yield from self._read(stream)
        else:
            yield from self._read(self.source)

    def _read(self, stream: BinaryIO) -> Iterator[tuple[int, ParsedPage | PageError]]:
        start = _tell(stream)
        if start is not None:
            # warcio reads some non-WARC text as ARC records; check the start ourselves.
            head = stream.read(512)
            stream.seek(start)
            if head and not is_warc(head):
                yield 0, PageError("not a WARC file (no WARC/1.x header at the start)")
                return
        records = ArchiveIterator(stream)
        offset = 0
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except AttributeError:
                # warcio trips over a record whose WARC-Target-URI line is missing or damaged.
                yield offset, PageError("unreadable WARC record (no WARC-Target-URI header); the rest is not read")
                return
            except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
                yield offset, PageError(_broken(exc))
                return
            if record.format != "warc":
                yield offset, PageError("not a WARC file (an ARC or unknown record)")
                return
            # The iterator's offset is where this record starts (get_record_offset() would
            # first read the record to its end, consuming the payload).
            offset = records.offset
            try:
                result = self._record(record)
            except PageError as exc:
                result = exc
            except (EOFError, OSError, zlib.error) as exc:
                yield offset, PageError(_broken(exc))
                return
            if result is not None:
                yield offset, result

    def _record(self, record) -> ParsedPage | None:
        kind = record.rec_type
        if kind == "resource":
            return _keep_format(record, self._resource(record))
        if kind == "response" and record.http_headers is None and _holds_http(record):
            # warcio reads HTTP headers only behind http(s) targets; a urn: target
            # (a page without URL, as earlier exports wrote it) has them too.
            record.http_headers = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"], verify=False).parse(
                record.raw_stream
            )
        if kind != "response" or record.http_headers is None:
            self.skipped_types[kind] += 1
            return None
        status = record.http_headers.get_statuscode() or ""
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        mime = content_type.split(";")[0].strip()
        if not status.startswith("2"):
            self.skipped_types[f"response {status or 'without status'}"] += 1
            return None
        if mime not in _HTML_TYPES and mime not in SNIFFED_TYPES:
            self.skipped_types[f"response {mime}"] += 1
            return None
        # content_stream undoes chunking and Content-Encoding: raw is the page's bytes as served.
        raw = record.content_stream().read(self.max_bytes + 1)
        if mime not in _HTML_TYPES and not looks_html(raw):
            self.skipped_types[f"response {mime or 'untyped'}"] += 1
            return None
        if len(raw) > self.max_bytes:
            raise PageError(f"page larger than the import limit of {self.max_bytes} bytes")
        # warcio returns what a cut-off gzip member held without complaint: a record
        # whose declared length was not all there is a truncated file.
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise EOFError(f"record ends {record.raw_stream.limit} bytes short of its Content-Length")
        page = parse_html(raw, _target_url(record), encoding=_charset(content_type), format="warc")
        page.captured = _warc_date(record.rec_headers.get_header("WARC-Date"))
        return _keep_format(record, page)

    def _resource(self, record) -> ParsedPage | None:
        """A ``resource`` record holds a document without an HTTP exchange:
        text pages (as our own WARC export writes them) and HTML."""
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
        mime = content_type.split(";")[0].strip()
        if mime not in _HTML_TYPES and mime != "text/plain":
            self.skipped_types[f"resource {mime or 'untyped'}"] += 1
            return None
        raw = record.content_stream().read(self.max_bytes + 1)
        if len(raw) > self.max_bytes:
            raise PageError(f"page larger than the import limit of {self.max_bytes} bytes")
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise EOFError(f"record ends {record.raw_stream.limit} bytes short of its Content-Length")
        if mime == "text/plain":
            page = parse_text(raw)
            page.url = _target_url(record)
        else:
            page = parse_html(raw, _target_url(record), encoding=_charset(content_type), format="warc")
        page.captured = _warc_date(record.rec_headers.get_header("WARC-Date"))
        return page


def _holds_http(record) -> bool:
    content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith("application/http")


# The capture formats a record may name (Capture.Format's values; no ORM import here).
_FORMATS = ("text", "html", "warc")


def _keep_format(record, page: ParsedPage | None) -> ParsedPage | None:
    """A record written by our own export names its capture's format: keep it."""
    declared = (record.rec_headers.get_header("Archive-Capture-Format") or "").strip().lower()
    if page is not None and declared in _FORMATS:
        page.format = declared
    return page


def _target_url(record) -> str:
    """The page's original URL; a ``urn:`` target (an archive's name for a
    page whose URL was never known, e.g. urn:sha256:...) means none."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    return "" if url.lower().startswith("urn:") else url


def _tell(stream: BinaryIO) -> int | None:
    try:
        return stream.tell() if stream.seekable() else None
    except (AttributeError, OSError):
        return None


def _warc_date(value: str | None) -> datetime | None:
    return parse_date(value) if value else None


def _broken(exc: Exception) -> str:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"unreadable WARC (truncated or not a WARC file): {detail}"


def iter_warc(
    source: str | Path | BinaryIO, max_bytes: int | None = None
) -> Iterator[tuple[int, ParsedPage | PageError]]:
    """``(record offset, ParsedPage | PageError)`` for each HTML response record."""
    return iter(WarcReader(source, max_bytes))
