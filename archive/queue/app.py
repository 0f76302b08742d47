"""The Celery application, configured from the Django settings.

Delivery is at least once: a task is acknowledged only when it has finished
(``acks_late``), and one whose worker process died is put back on the queue
(``reject_on_worker_lost``), so a killed worker loses nothing. Each worker
process reserves one task at a time, so a long task never holds others back
from an idle worker. Results go to the database (``QueueTask``), not to a
result backend.
"""

from __future__ import annotations

import base64
import zlib
from urllib.parse import urlsplit, urlunsplit

from celery import Celery, signals
from django.conf import settings

# The tasks' names, for sending them without importing them.
ANALYZE = "archive.analyze"
IMPORT = "archive.import"
CAPTURE = "archive.capture"


def pack(raw: bytes) -> str:
    """File bytes as a JSON-safe string for a message (compressed: pages are text)."""
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def unpack(data: str) -> bytes:
    return zlib.decompress(base64.b64decode(data))


def queue_url() -> str:
    return getattr(settings, "QUEUE_URL", "")


def configured() -> bool:
    return bool(queue_url())


def shown_url(url: str | None = None) -> str:
    """The broker URL without its password, for messages."""
    parts = urlsplit(url if url is not None else queue_url())
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def queue_name() -> str:
    return getattr(settings, "QUEUE_NAME", "archive")


app = Celery("archive")
app.conf.update(
    # "memory://" keeps Celery from guessing a broker when none is configured;
    # nothing is ever sent there (the commands work in-process instead).
    broker_url=queue_url() or "memory://",
    broker_connection_retry_on_startup=True,
    broker_connection_timeout=4,
    # Redis takes an unacknowledged message back after this long (RabbitMQ at once,
    # when the worker's connection drops): longer than any one task runs.
    broker_transport_options={"visibility_timeout": getattr(settings, "QUEUE_VISIBILITY_TIMEOUT", 3600)},
    task_default_queue=queue_name(),
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_ignore_result=True,
    task_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    timezone="UTC",
)
app.autodiscover_tasks(["archive.queue"], force=True)


@signals.worker_init.connect
def _load_model(**kwargs):
    """The spaCy pipeline loads once, in the worker's main process, before its pool
    forks: every pool process, and one started again after a crash, has it at once."""
    from archive.nlp import model

    model.load()
