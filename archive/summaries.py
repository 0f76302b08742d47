"""Aggregates kept per state of the archive: the home page's tag cloud, source
list and timeline and a tag page's narrower tags and chart each aggregate the
whole archive (0.2-0.5 s apiece at 100,000 articles). They are computed once
per state of the archive, as ``archive_state`` stamps it, and kept at most
``SUMMARY_SECONDS``: a change that the stamp does not see (a renamed tag, an
article moved to another source) shows within a minute. The stamp also holds
the archive's version (archive/cache_version.py), which every import, analysis
and admin edit bumps: with a shared cache (CACHE_URL), a curator's edit on one
server reaches the summaries of all of them at once."""

import hashlib
import time

from django.core.cache import cache
from django.db import connections, router
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag, TaggedItem

from archive import cache_version
from archive.models import Article, Source

SUMMARY_SECONDS = 60
_writes = [0]  # this process's saves and deletes, seen at once (even before they commit)


def _wrote(**kwargs):
    _writes[0] += 1


for _model in (Article, Source, Tag, TaggedItem):
    post_save.connect(_wrote, sender=_model, dispatch_uid=f"summary-save-{_model.__name__}")
    post_delete.connect(_wrote, sender=_model, dispatch_uid=f"summary-delete-{_model.__name__}")


def archive_state() -> tuple[str, int]:
    """What changes whenever articles or taggings are added or removed, by
    any process (bulk imports send no signals): counts and highest keys,
    each an index lookup, in one query. Also the number of articles. Read
    where the request reads its pages (a replica: archive/site/db_router.py)."""
    connection = connections[router.db_for_read(Article)]
    q = connection.ops.quote_name
    articles, tagged = q(Article._meta.db_table), q(TaggedItem._meta.db_table)
    pk, captured = q(Article._meta.pk.column), q(Article._meta.get_field("captured").column)
    parts = [f"COUNT(*) FROM {articles}", f"MAX({pk}) FROM {articles}", f"MAX({captured}) FROM {articles}"]
    parts += [f"COUNT(*) FROM {tagged}", f"MAX({q(TaggedItem._meta.pk.column)}) FROM {tagged}"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT {p})" for p in parts))  # noqa: S608 - names from the models
        row = cursor.fetchone()
    return ":".join(str(v) for v in (cache_version.current(), _writes[0], *row)), row[0]


def cached(name: str, stamp: str, compute, seconds: int = SUMMARY_SECONDS):
    """``compute()``, kept under ``name`` for as long as the archive's state is ``stamp`` (at most
    ``seconds``)."""
    if not cache_version.reachable():  # the shared cache is down: compute, keep nothing
        return compute()
    key = "archive-state:" + hashlib.sha256(f"{name}\n{stamp}".encode()).hexdigest()
    try:
        value = cache.get(key)
    except Exception as exc:  # noqa: BLE001 - any backend's connection error
        cache_version.failed("reading a summary", exc)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except Exception as exc:  # noqa: BLE001 - the value is good, only its copy is lost
            cache_version.failed("storing a summary", exc)
    return value


class ProcessCopy:
    """The value this process last read or computed for one state of the archive. A page of the same
    state reads it here, not a copy out of the shared cache (large lists, unpickled per page), and
    with the cache down a state is still computed once, not at every request (anyone could otherwise
    have the work run at will). Kept no longer than ``seconds``, as the cache keeps its copy."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._last = (None, None, 0.0)

    def get(self, stamp: str):
        kept, value, until = self._last
        return value if kept == stamp and time.monotonic() < until else None

    @property
    def previous(self):
        """The last value kept, whatever its state (None before the first)."""
        return self._last[1]

    def keep(self, stamp: str, value):
        self._last = (stamp, value, time.monotonic() + self.seconds)
        return value
