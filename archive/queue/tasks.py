"""What a queue worker runs. Every task is idempotent: the queue delivers at
least once (a retry, or a redelivery after a worker died mid-task), so doing a
task again must change nothing that was already done.

- Analysis skips an article already at the current ``ANALYZER_VERSION``, and
  checks that again under a lock just before it writes, so two workers given
  the same article (a redelivery racing the first attempt) store it once.
- An import of bytes the archive already holds is a no-op: the store knows
  its captures by SHA-256.

A task that raises is tried again up to ``QUEUE_MAX_RETRIES`` times, waiting
longer each time (with jitter); then its ``QueueTask`` row is a dead letter,
with the error, for a curator to see in the admin and in ``queue_status``.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import traceback
from pathlib import Path

from celery import Task
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from archive.models import Article, QueueTask

from .app import ANALYZE, CAPTURE, IMPORT, app, unpack

# Analysis results of different workers are stored one at a time (see _store_one).
_STORE_LOCK = 18_000_001


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _error_text(exc: BaseException, tb: str = "") -> str:
    lines = (tb or "".join(traceback.format_exception(exc))).strip().splitlines()
    return f"{type(exc).__name__}: {exc}\n" + "\n".join(lines[-20:])


class RecordedTask(Task):
    """Keeps the task's ``QueueTask`` row (its first argument) up to date."""

    autoretry_for = (Exception,)
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True

    @property
    def max_retries(self):
        return getattr(settings, "QUEUE_MAX_RETRIES", 5)

    def begin(self, pk: int) -> QueueTask | None:
        row = QueueTask.objects.filter(pk=pk).first()
        if row is None:
            return None  # the record was deleted: nothing is expected of this task any more
        row.state, row.started, row.worker = QueueTask.State.RUNNING, timezone.now(), _worker()
        row.attempts += 1
        row.save(update_fields=["state", "started", "worker", "attempts"])
        return row

    def finish(self, row: QueueTask, items: int, result: dict) -> None:
        row.state, row.finished, row.items, row.result, row.error = (
            QueueTask.State.DONE,
            timezone.now(),
            items,
            result,
            "",
        )
        row.save(update_fields=["state", "finished", "items", "result", "error"])

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        QueueTask.objects.filter(pk=args[0]).update(
            state=QueueTask.State.QUEUED, error=_error_text(exc, str(einfo) if einfo else "")
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        QueueTask.objects.filter(pk=args[0]).update(
            state=QueueTask.State.FAILED, finished=timezone.now(), error=_error_text(exc, str(einfo) if einfo else "")
        )


@app.task(base=RecordedTask, bind=True, name=ANALYZE)
def analyze(self, pk: int) -> None:
    from archive.nlp.analyzer import ANALYZER_VERSION, analyze_texts_apart

    row = self.begin(pk)
    if row is None:
        return
    ids = row.payload.get("ids", [])
    todo = list(Article.objects.filter(pk__in=ids).exclude(analyzed_version=ANALYZER_VERSION).order_by("pk"))
    stored = failed = 0
    # An article the analysis raises on (logged) stays pending; retrying the task would fail on it again and
    # hold back the others of its batch.
    for article, analysis in zip(
        todo, analyze_texts_apart([a.text for a in todo], batch_size=max(len(todo), 1)), strict=True
    ):
        if analysis is None:
            failed += 1
            continue
        stored += _store_one(article, analysis, ANALYZER_VERSION)
    self.finish(row, stored, {"analysed": stored, "failed": failed, "already": len(ids) - stored - failed})


def _store_one(article: Article, analysis, version: int) -> int:
    """Store one article's analysis unless it was stored meanwhile; 1 if stored.

    Entities are matched by name across the archive, so two workers storing at
    once could each create the same new entity. The stores are made one at a
    time: on PostgreSQL under an advisory lock held to the end of the
    transaction, on SQLite by its write lock, which an IMMEDIATE transaction
    takes when it begins. The spaCy work, nearly all of the time, runs in parallel."""
    from archive.nlp.store import store_analysis

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_STORE_LOCK])
        current = (
            Article.objects.select_for_update().filter(pk=article.pk).values_list("analyzed_version", "title", "body")
        )
        if not current or current[0][0] == version:
            return 0  # deleted, or another worker got there first
        if current[0][1:] != (article.title, article.body):
            return 0  # imported again with new text meanwhile: that import queued its own analysis
        store_analysis(article, analysis)
    return 1


@app.task(base=RecordedTask, bind=True, name=IMPORT)
def import_file(self, pk: int, data: str) -> None:
    """Import one file's bytes as ``import_articles`` would the file, then queue
    the analysis of what it stored (and of what it found stored but not analysed)."""
    from archive.ingest.runner import Importer
    from archive.ingest.store import Outcome

    from .enqueue import enqueue_analysis

    row = self.begin(pk)
    if row is None:
        return
    with tempfile.TemporaryDirectory(prefix="archive-import-") as folder:
        # The file keeps its own name: the format is told by content, but problems name the file.
        path = Path(folder) / (Path(row.payload.get("file", row.name)).name or "page")
        path.write_bytes(unpack(data))
        importer = Importer(url=row.payload.get("url", ""))
        importer.import_file(path)
    report = importer.report
    if row.payload.get("analyze", True):
        changed = list(report.article_ids)
        # Stored again with new bytes: the old analysis is of the old text.
        Article.objects.filter(pk__in=changed).update(analyzed_version=0)
        enqueue_analysis(changed + list(report.unchanged_ids), per_task=row.payload.get("per_task", 8))
    result = {
        **{o.value: report.counts[o] for o in Outcome},
        "skipped_records": report.skipped_records,
        "errors": [_where(e, str(path), row.payload) for e in report.errors],
    }
    self.finish(row, sum(report.counts.values()), result)


@app.task(base=RecordedTask, bind=True, name=CAPTURE)
def capture_watch(self, pk: int) -> None:
    """Run one watch as ``manage.py watch`` would (archive/ingest/watching.py), with the
    limits the command was given, then queue the analysis of what it stored."""
    from archive.ingest.capture import Capturer
    from archive.ingest.limits import Limits
    from archive.ingest.watching import run_watch
    from archive.models import Watch

    from .enqueue import enqueue_analysis

    row = self.begin(pk)
    if row is None:
        return
    watch = Watch.objects.filter(pk=row.payload.get("watch")).first()
    if watch is None:
        return self.finish(row, 0, {"missing": True})  # deleted since: nothing to capture
    capturer = Capturer(Limits.from_options(row.payload.get("options", {})))
    try:
        run = run_watch(watch, capturer)
    finally:
        capturer.close()
    if run is None:
        return self.finish(row, 0, {"taken": True, "why": Watch.objects.why_not_claimed(watch.pk)})
    if row.payload.get("analyze", True) and run.stored_ids:
        Article.objects.filter(pk__in=run.stored_ids).update(analyzed_version=0)
        enqueue_analysis(run.stored_ids)
    self.finish(row, len(run.results), run.as_dict())


_OFFSET = re.compile(r"record at offset (\d+)")


def _where(error: str, here: str, payload: dict) -> str:
    """A problem as the command would name it: the original file, and a WARC
    record's offset in the whole file, not in the part this task was given."""
    error = error.replace(here, payload.get("file", here))
    offset = payload.get("offset", 0)
    return _OFFSET.sub(lambda m: f"record at offset {int(m.group(1)) + offset}", error) if offset else error
