"""Importing files and folders: find files, parse by format, store, report.

Each problem is one line naming the file (and line or record) and the
reason; the other files go on. The caller gets counts for the summary.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from archive.controls import strip_all

from .detect import detect_format
from .jsonl import parse_line, store_record
from .page import PageError, ParsedPage
from .store import Outcome, store_page
from .text import parse_text

HEAD_BYTES = 8192
logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)  # stored or updated, for analysis
    unchanged_ids: list[int] = field(default_factory=list)  # already stored (maybe not yet analysed)
    skipped_records: int = 0

    @property
    def failed(self) -> int:
        return self.counts[Outcome.FAILED]

    def summary(self) -> str:
        parts = [f"{self.counts[o]} {o.value}" for o in Outcome]
        if self.skipped_records:
            parts.append(f"{self.skipped_records} non-article WARC records skipped")
        return ", ".join(parts)


def iter_files(paths: list[str]) -> Iterator[Path]:
    """Files under the paths; a broken symbolic link is yielded too, so it is
    reported rather than silently skipped."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if (p.is_file() or _broken_link(p)) and not p.name.startswith(".")
            )
        else:
            yield path


def _broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def clean_page(page: ParsedPage) -> ParsedPage:
    """The import boundary: no control characters or NULs in any text field
    (the raw bytes are kept as they are)."""
    return dataclasses.replace(
        page, **{f.name: strip_all(getattr(page, f.name)) for f in dataclasses.fields(page) if f.name != "raw"}
    )


class Importer:
    def __init__(self, url: str = "", on_result: Callable[[str, Outcome], None] | None = None):
        self.url = url
        self.report = ImportReport()
        self.on_result = on_result or (lambda name, outcome: None)
        self.max_bytes = getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024)

    def fail(self, where: str, reason: str) -> None:
        self.report.counts[Outcome.FAILED] += 1
        self.report.errors.append(f"{where}: {reason}")
        self.on_result(where, Outcome.FAILED)

    def record(self, where: str, stored) -> None:
        self.report.counts[stored.outcome] += 1
        if stored.outcome is not Outcome.UNCHANGED:
            self.report.article_ids.append(stored.article.pk)
        else:
            self.report.unchanged_ids.append(stored.article.pk)
        self.on_result(where, stored.outcome)

    def import_paths(self, paths: list[str]) -> ImportReport:
        for path in iter_files(paths):
            self.import_file(path)
        return self.report

    def import_file(self, path: Path) -> None:
        try:
            self._import_file(path)
        except Exception as exc:  # noqa: BLE001 - last resort, see below
            # A parser bug must not stop the other files: report it on one line like
            # any other problem, and log the traceback so it gets fixed. Each page is
            # stored in its own transaction, so nothing is left half-written.
            logger.exception("unexpected error importing %s", path)
            detail = str(exc).splitlines()[0] if str(exc) else ""
            self.fail(str(path), f"unexpected error ({type(exc).__name__}{': ' + detail if detail else ''})")

    def _import_file(self, path: Path) -> None:
        where = str(path)
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(HEAD_BYTES)
        except OSError as exc:
            if _broken_link(path):
                return self.fail(where, f"broken symbolic link (to {path.readlink()})")
            return self.fail(where, f"cannot read ({exc.strerror or exc})")
        if size == 0:
            return self.fail(where, "empty file")
        kind = detect_format(head)
        if kind == "warc":
            return self._import_warc(path)
        if kind == "gzip":
            return self.fail(where, "gzip-compressed, but not a WARC file")
        if size > self.max_bytes:
            return self.fail(where, f"larger than the import limit ({size} > {self.max_bytes} bytes)")
        raw = path.read_bytes()
        if kind == "jsonl":
            return self._import_jsonl(path, raw)
        try:
            if kind == "html":
                from .html import parse_html

                page = parse_html(raw, url=self.url)
            else:
                page = parse_text(raw)
                page.url = self.url
            self.record(where, store_page(clean_page(page)))
        except PageError as exc:
            self.fail(where, str(exc))

    def _import_jsonl(self, path: Path, raw: bytes) -> None:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return self.fail(str(path), f"JSON Lines must be UTF-8 (invalid byte at offset {exc.start})")
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            where = f"{path}: line {number}"
            try:
                self.record(where, store_record(strip_all(parse_line(line))))
            except PageError as exc:
                self.fail(where, str(exc))

    def _import_warc(self, path: Path) -> None:
        from .warc import WarcReader

        reader = WarcReader(path)
        try:
            for offset, item in reader:
                where = f"{path}: record at offset {offset}"
                if isinstance(item, PageError):
                    self.fail(where, str(item))
                    continue
                try:
                    self.record(where, store_page(clean_page(item)))
                except PageError as exc:
                    self.fail(where, str(exc))
        except PageError as exc:
            self.fail(str(path), str(exc))
        self.report.skipped_records += reader.skipped
