"""Writing the archive as a WARC file (ISO 28500, WARC/1.1), readable by warcio.

One ``warcinfo`` record, then one record per capture whose payload is the
capture's bytes exactly as stored, so importing the file back gives the same
SHA-256 for every capture:

- HTML captures (and those taken from WARC files, which are HTML payloads)
  become ``response`` records behind a minimal synthetic HTTP header. The
  header carries no Content-Encoding or Transfer-Encoding, so a reader's
  decoded payload is the stored bytes.
- Text captures were never served over HTTP by us; they become ``resource``
  records of type ``text/plain`` rather than a made-up HTTP exchange.

A capture made from the web (``manage.py capture``) kept its exchange: its
request and response records (every redirect hop too) are written exactly as
they were recorded, with the real status line and headers, instead of a
synthetic record (gzip per record as kept, or decompressed into a plain
file: the records' bytes are the same). Its final response is what the
capture was read from, so an import reads the same bytes back. A plain-text
page is the exception the reader makes: it reads HTML responses only, so a
text capture's exchange is followed by its ``resource`` record as well.

WARC-Target-URI is the article's original URL or, for an article filed by
checksum, ``urn:sha256:<hex>`` (its identifier, which the Memento views use
too). A page without a URL was never an HTTP exchange either, and readers
(warcio) only look for HTTP headers behind http(s) targets: its HTML is a
``resource`` record of type ``text/html``. ``Archive-Capture-Format`` (a WARC
extension field) keeps the capture's own format (html, text, warc), so an
import of the file gives each capture back as it was. WARC-Date is the
capture date with microseconds (WARC/1.1 allows them), so the date survives
the round trip exactly.
"""

from __future__ import annotations

import base64
import gzip as gzip_module
from collections.abc import Iterable
from datetime import UTC
from io import BytesIO
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.models import Article, Capture

WARC_VERSION = "WARC/1.1"
FORMAT_HEADER = "Archive-Capture-Format"
SOFTWARE = "Newsroom Archive export_articles"


def target_uri(article: Article) -> str:
    """The URI an article stands for: its original URL, else ``urn:sha256:<hex>``."""
    if article.url:
        return article.url
    if article.identifier.startswith("sha256:"):
        return f"urn:{article.identifier}"
    return f"http://{article.identifier}"


def sha256_digest(capture: Capture) -> str:
    """WARC-Payload-Digest in the customary ``algorithm:base32`` form."""
    return "sha256:" + base64.b32encode(bytes.fromhex(capture.sha256)).decode("ascii")


def warc_date(capture: Capture) -> str:
    return datetime_to_iso_date(capture.captured.astimezone(UTC).replace(tzinfo=None), use_micros=True)


class WarcExporter:
    """Write articles' captures to a binary stream; ``gzip`` compresses each record."""

    def __init__(self, stream: BinaryIO, gzip: bool = False, filename: str = ""):
        self.writer = WARCWriter(stream, gzip=gzip, warc_version=WARC_VERSION)
        self.stream, self.gzip = stream, gzip
        self.filename = filename
        self.records = 0

    def write_warcinfo(self, description: str = "") -> None:
        info = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": description,
        }
        self.writer.write_record(self.writer.create_warcinfo_record(self.filename, info))

    def write_article(self, article: Article, captures: Iterable[Capture]) -> None:
        uri = target_uri(article)
        for capture in captures:
            exchange = bytes(capture.exchange or b"")
            if exchange:
                # Kept gzip per record: as is in a compressed file, else the same records uncompressed.
                self.stream.write(exchange if self.gzip else gzip_module.decompress(exchange))
            if not exchange or capture.format == Capture.Format.TEXT:
                self.writer.write_record(self._record(uri, capture))
            self.records += 1

    def _record(self, uri: str, capture: Capture):
        raw = bytes(capture.raw)
        headers = {
            "WARC-Date": warc_date(capture),
            "WARC-Payload-Digest": sha256_digest(capture),
            FORMAT_HEADER: capture.format,
        }
        if capture.format == Capture.Format.TEXT or not uri.startswith(("http:", "https:")):
            return self.writer.create_warc_record(
                uri,
                "resource",
                payload=BytesIO(raw),
                length=len(raw),
                warc_content_type="text/plain" if capture.format == Capture.Format.TEXT else "text/html",
                warc_headers_dict=headers,
            )
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Length", str(len(raw)))],
            protocol="HTTP/1.1",
        )
        return self.writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(raw),
            length=len(raw),
            http_headers=http,
            warc_headers_dict=headers,
        )


def export_warc(articles, stream: BinaryIO, gzip: bool = False, filename: str = "") -> int:
    """Write every capture of ``articles`` (a queryset, in pk order); the number of capture records."""
    exporter = WarcExporter(stream, gzip=gzip, filename=filename)
    exporter.write_warcinfo("Every capture of the selected articles, with its original bytes.")
    # The caller's prefetches would load every capture's bytes per chunk; captures are read per article instead.
    for article in articles.prefetch_related(None).order_by("pk").iterator(chunk_size=200):
        # One article's captures at a time, so only those bytes are in memory (their exchanges too: defer(None)).
        exporter.write_article(article, article.captures.defer(None).order_by("captured", "pk"))
    return exporter.records
