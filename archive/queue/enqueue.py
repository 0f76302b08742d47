"""Sending work to the queue: what ``import_articles --enqueue`` and ``analyze
--enqueue`` call, and the import task too (for the analysis of what it stored).

Enqueueing again what is already on its way sends nothing: an article an
active analysis task holds, or a file whose exact bytes (with the same URL)
are queued, running or imported by the queue already, is skipped. Each task's
``QueueTask`` row is committed before its message is sent, so a worker never
looks for a row that is not there yet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kombu.exceptions import OperationalError

from archive.ingest.warc import is_warc
from archive.models import QueueTask

from . import warc_parts
from .app import ANALYZE, CAPTURE, IMPORT, app, pack, queue_name, shown_url

# A file travels in its message; above this it is imported by the command itself.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024


class QueueUnreachable(Exception):
    pass


def check_reachable() -> None:
    """Fail at once, with a clear message, when the broker does not answer."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=4)
    except Exception as exc:  # kombu raises many kinds, by transport
        raise QueueUnreachable(f"the queue at {shown_url()} cannot be reached ({type(exc).__name__}: {exc})") from None


def _send(task: str, row: QueueTask, *args) -> None:
    try:
        # By name: the tasks (archive/queue/tasks.py) send work here, so this module does not import them.
        app.send_task(task, args=[row.pk, *args], retry=True, retry_policy={"max_retries": 3, "interval_start": 0.5})
    except OperationalError as exc:
        row.delete()  # never sent: a later enqueue must not take it for queued
        raise QueueUnreachable(f"sending to the queue at {shown_url()} failed ({exc})") from None


def enqueue_analysis(article_ids=None, per_task: int = 8) -> tuple[int, int]:
    """Queue the analysis of the given articles, or of every article not yet at the
    current analyzer version, ``per_task`` to a task; the articles an active task
    already holds are left out. Returns (articles queued, tasks)."""
    from archive.nlp.store import pending

    todo = pending() if article_ids is None else pending().filter(pk__in=list(article_ids))
    busy = QueueTask.objects.ids_in_flight()
    ids = [pk for pk in todo.order_by("pk").values_list("pk", flat=True) if pk not in busy]
    tasks = 0
    for start in range(0, len(ids), per_task):
        chunk = ids[start : start + per_task]
        name = f"articles {chunk[0]}" + (f" to {chunk[-1]} ({len(chunk)})" if len(chunk) > 1 else "")
        row = QueueTask.objects.create(kind=QueueTask.Kind.ANALYZE, name=name, payload={"ids": chunk})
        _send(ANALYZE, row)
        tasks += 1
    return len(ids), tasks


@dataclass
class FilesQueued:
    queued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already queued, running or imported by the queue
    # Too large for a message, or not readable (the importer says why): for the caller to import itself.
    local: list[Path] = field(default_factory=list)


def enqueue_files(paths, url: str = "", analyze: bool = True, per_task: int = 8) -> FilesQueued:
    """One import task per file, or per part of a large WARC (archive/queue/warc_parts.py)."""
    out = FilesQueued()
    for path in paths:
        name = str(path)
        try:
            size = path.stat().st_size
            with path.open("rb") as stream:
                head = stream.read(512)
            cuts = warc_parts.parts(path) if size > warc_parts.PART_BYTES and is_warc(head) else None
            if cuts is None and size > MAX_MESSAGE_BYTES:
                out.local.append(path)
                continue
            pieces = [(0, size, path.read_bytes())] if cuts is None else None
        except OSError:
            out.local.append(path)
            continue
        sent = False
        for start, end, raw in pieces or ((a, b, warc_parts.read_part(path, a, b)) for a, b in cuts):
            shown = name if cuts is None else f"{name} (bytes {start:,} to {end:,})"
            key = f"{hashlib.sha256(raw).hexdigest()} {url}"[:200]
            held = QueueTask.objects.filter(kind=QueueTask.Kind.IMPORT, key=key)
            if held.filter(state__in=[QueueTask.State.QUEUED, QueueTask.State.RUNNING, QueueTask.State.DONE]).exists():
                continue
            row = QueueTask.objects.create(
                kind=QueueTask.Kind.IMPORT,
                key=key,
                name=shown[:500],
                payload={"file": name, "offset": start, "url": url, "analyze": analyze, "per_task": per_task},
            )
            _send(IMPORT, row, pack(raw))
            sent = True
        (out.queued if sent else out.skipped).append(name)
    return out


def enqueue_watches(watches, options: dict, analyze: bool = True) -> tuple[list, list]:
    """One capture task per watch (``watch --enqueue``), with the command's limit options;
    a watch whose capture is already queued or running is left alone. (queued, skipped)"""
    queued, skipped = [], []
    for watch in watches:
        key = f"watch {watch.pk}"
        if QueueTask.objects.active().filter(kind=QueueTask.Kind.CAPTURE, key=key).exists():
            skipped.append(watch)
            continue
        row = QueueTask.objects.create(
            kind=QueueTask.Kind.CAPTURE,
            key=key,
            name=f"{watch.kind} {watch.url}"[:500],
            payload={"watch": watch.pk, "options": options, "analyze": analyze},
        )
        _send(CAPTURE, row)
        queued.append(watch)
    return queued, skipped


def waiting_on_broker() -> int | None:
    """Messages on the broker not yet taken by a worker; None when it cannot be asked."""
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=4)
            return conn.default_channel.queue_declare(queue=queue_name(), passive=True).message_count
    except Exception as exc:  # noqa: BLE001 - kombu raises many kinds, by transport
        # 404: no such queue yet, or (Redis) none left: an empty queue's list is removed.
        return 0 if str(getattr(exc, "reply_code", "")) == "404" else None
