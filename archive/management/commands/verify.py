"""python manage.py verify [--sample N] : fixity check of every stored capture.

An archive's promise is that the bytes it shows are the bytes it received.
Each capture keeps its SHA-256 from the moment of import; this recomputes
it from the stored bytes and reports every capture whose bytes no longer
match (or whose size changed, or whose bytes are gone) and every article
left without any capture. A capture from the web also keeps its WARC
exchange: its SHA-256 is checked against the one recorded when it was
written, and the final response's payload in it must still be the capture's
bytes. The exit status is 1 when anything is wrong, so
a cron job or monitoring can alert on it.

``--sample N`` checks N captures drawn at random (``--seed`` makes the draw
repeatable) for a quick spot check of a large archive; the articles check
always covers everything, as it costs one query.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
import zlib
from io import BytesIO

from django.core.management.base import BaseCommand, CommandError
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.ingest.warc import is_warc
from archive.management.progress import Progress
from archive.models import Article, Capture

CHUNK = 200  # captures fetched per query: bounded memory whatever the archive's size


class Command(BaseCommand):
    help = "Recompute every capture's SHA-256 from its stored bytes; report mismatches and missing captures."

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, metavar="N", help="Check N captures drawn at random.")
        parser.add_argument("--seed", type=int, help="Seed for --sample, to repeat a draw.")

    def handle(self, *args, sample=None, seed=None, verbosity=1, **options):
        if sample is not None and sample < 1:
            raise CommandError("--sample must be 1 or more.")
        started = time.monotonic()
        ids = list(Capture.objects.order_by("pk").values_list("pk", flat=True))
        total = len(ids)
        if sample is not None and sample < total:
            ids = sorted(random.Random(seed).sample(ids, sample))
        progress = Progress(self.stderr, total=len(ids), label="verify", unit="captures", enabled=verbosity > 0)
        problems = []
        for start in range(0, len(ids), CHUNK):
            # defer(None): the exchange, which the manager leaves unloaded, is read with the bytes.
            batch = Capture.objects.defer(None).filter(pk__in=ids[start : start + CHUNK]).order_by("pk")
            fields = ("pk", "article_id", "sha256", "size", "raw", "fields", "exchange")
            for capture in batch.only(*fields).iterator():
                problems += [p for p in (check_capture(capture), check_exchange(capture)) if p]
                progress.step()
        progress.done()
        orphans = Article.objects.filter(captures__isnull=True).order_by("pk").values_list("pk", "identifier")
        problems += [f"article {pk} ({identifier}): no capture stored" for pk, identifier in orphans]
        for line in problems:
            self.stderr.write(f"error: {line}")
        if verbosity > 0:
            plural = "s" if total != 1 else ""
            checked = (
                f"{len(ids)} of {total} capture{plural} (random sample)"
                if len(ids) < total
                else f"{total} capture{plural}"
            )
            self.stdout.write(
                f"verified {checked} in {time.monotonic() - started:.1f}s: "
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            )
        if problems:
            sys.exit(1)


def check_capture(capture: Capture) -> str | None:
    """One line describing what is wrong with a capture, or None when its bytes are intact."""
    where = f"capture {capture.pk} of article {capture.article_id}"
    raw = bytes(capture.raw) if capture.raw is not None else b""
    if not raw and capture.size:
        return f"{where}: bytes missing (expected {capture.size} bytes)"
    digest = hashlib.sha256(raw).hexdigest()
    if digest != capture.sha256:
        return f"{where}: checksum mismatch (recorded {capture.sha256}, stored bytes give {digest})"
    if len(raw) != capture.size:
        return f"{where}: size mismatch (recorded {capture.size} bytes, stored {len(raw)})"
    return None


def check_exchange(capture: Capture) -> str | None:
    """What is wrong with a capture's WARC exchange, or None when it is intact (or there is none):
    its SHA-256 must be the one recorded, and its final response's payload the capture's bytes."""
    where = f"capture {capture.pk} of article {capture.article_id}"
    exchange = bytes(capture.exchange) if capture.exchange is not None else b""
    recorded = capture.exchange_sha256
    if not exchange:
        return f"{where}: WARC exchange missing (recorded {recorded})" if recorded else None
    digest = hashlib.sha256(exchange).hexdigest()
    if not recorded:
        return f"{where}: WARC exchange kept without a recorded checksum (its bytes give {digest})"
    if digest != recorded:
        return f"{where}: WARC exchange checksum mismatch (recorded {recorded}, stored exchange gives {digest})"
    if not is_warc(exchange[:512]):
        return f"{where}: WARC exchange is not a WARC"
    record_id = capture.fetch_record.get("warc_record_id", "")
    try:
        payload = _response_payload(exchange, record_id)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
        return f"{where}: WARC exchange unreadable ({type(exc).__name__}: {exc})"
    if payload is None:
        return f"{where}: WARC exchange has no response record {record_id}"
    payload_digest = hashlib.sha256(payload).hexdigest()
    if payload_digest != capture.sha256:
        return (
            f"{where}: WARC exchange's response payload is not the capture's bytes "
            f"(capture {capture.sha256}, payload gives {payload_digest})"
        )
    return None


def _response_payload(exchange: bytes, record_id: str) -> bytes | None:
    """The payload of the response record ``record_id``, Content-Encoding undone (as the capture keeps it)."""
    for record in ArchiveIterator(BytesIO(exchange)):
        if record.rec_type == "response" and record.rec_headers.get_header("WARC-Record-ID") == record_id:
            return record.content_stream().read()
    return None
