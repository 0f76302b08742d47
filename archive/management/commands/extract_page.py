"""python manage.py extract_page PATH... [--url URL]

Print what the importer would read from HTML pages and WARC files, one JSON
object per page (JSON Lines), without writing anything. Useful to check the
extractor on a page before importing it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.detect import detect_format
from archive.ingest.html import parse_html
from archive.ingest.page import PageError, ParsedPage
from archive.ingest.warc import WarcReader

HEAD_BYTES = 64 * 1024


def page_record(path: str, page: ParsedPage) -> dict:
    """The JSON object printed for one page."""

    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "path": path,
        "url": page.url,
        "canonical_url": page.canonical_url,
        "title": page.title,
        "authors": page.authors,
        "published": iso(page.published),
        "modified": iso(page.modified),
        "source": page.source_name,
        "language": page.language,
        "tags": page.tags,
        "comments_open": page.comments_open,
        "comment_count": page.comment_count,
        "body": "\n\n".join(page.body),
        "sha256": page.sha256,
    }


class Command(BaseCommand):
    help = "Print the fields extracted from HTML pages and WARC files as JSON Lines (writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="HTML files or WARC files (.warc, .warc.gz).")
        parser.add_argument("--url", default="", help="The original URL of an HTML page (WARCs carry their own).")

    def handle(self, paths, url="", **options):
        self.failures = 0
        max_bytes = getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024)
        for name in paths:
            self.extract(Path(name), url, max_bytes)
        if self.failures:
            raise CommandError(f"{self.failures} page(s) could not be extracted", returncode=1)

    def fail(self, where: str, reason: str) -> None:
        self.failures += 1
        self.stderr.write(f"{where}: {reason}")

    def emit(self, record: dict) -> None:
        self.stdout.write(json.dumps(record, ensure_ascii=False))

    def extract(self, path: Path, url: str, max_bytes: int) -> None:
        try:
            size = path.stat().st_size
            with path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
        except OSError as exc:
            return self.fail(str(path), f"cannot read ({exc.strerror or exc})")
        kind = detect_format(head) if head else "empty"
        if kind == "warc":
            return self.extract_warc(path, max_bytes)
        if kind != "html":
            return self.fail(str(path), "not an HTML page or a WARC file" if head else "empty file")
        if size > max_bytes:
            return self.fail(str(path), f"larger than the import limit ({size} > {max_bytes} bytes)")
        try:
            page = parse_html(path.read_bytes(), url)
        except PageError as exc:
            return self.fail(str(path), str(exc))
        self.emit(page_record(str(path), page))

    def extract_warc(self, path: Path, max_bytes: int) -> None:
        for offset, item in WarcReader(path, max_bytes):
            if isinstance(item, PageError):
                self.fail(f"{path}: record at offset {offset}", str(item))
                continue
            record = page_record(str(path), item)
            record["offset"] = offset
            record["captured"] = item.captured.isoformat() if item.captured else None
            self.emit(record)
