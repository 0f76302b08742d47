"""One number that says which state of the archive a cached page shows.

Every write that changes what a page shows (an import, an analysis, a
curator's edit or merge in the admin) calls ``bump()``. The page cache and
the archive-state summaries put ``current()`` into their keys, so after a
bump every server misses at once and renders afresh: with a shared cache
(``CACHE_URL``) an import made on one machine is visible on all of them on
the next request, however long the cached copies had left to live.

The number lives in the ``default`` cache, which is Redis when CACHE_URL is
set and the process's own memory otherwise (where a bump reaches only the
process that made it; other processes still expire by time, as before).

A bump happens after the write's transaction commits (a server that renders
in between would otherwise store the old rows under the new number), costs
one INCR, and never fails the write: when the cache cannot be reached it is
logged and the write goes on; this process then leaves the cache alone for
a few seconds instead of waiting on it again for every page of an import,
and makes the missed bump with its next one. Pages cached before an outage
can then show until they expire (``PAGE_CACHE_SECONDS``).

Imports only django and the standard library: it is a leaf of the layers.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.db import transaction

KEY = "archive-version"
RETRY_SECONDS = 5.0  # after a failure, how long the cache is left alone

log = logging.getLogger(__name__)
_state = {"down_until": 0.0, "owed": False}


def _cache():
    return caches["default"]


def _first_value() -> int:
    # Not 1: should the key be lost (evicted, or Redis restarted with its data
    # kept elsewhere), a number from the clock cannot meet an old page's again.
    return time.time_ns() // 1000


def reachable() -> bool:
    """False for a few seconds after the cache failed to answer."""
    return time.monotonic() >= _state["down_until"]


def failed(what: str, exc: BaseException) -> None:
    """Note that the cache did not answer: logged once per quiet spell."""
    if reachable():
        log.warning("cache unreachable (%s: %s); going on without it for %ss", what, exc, RETRY_SECONDS)
    _state["down_until"] = time.monotonic() + RETRY_SECONDS


def current() -> int | None:
    """The archive's version, or None when the cache cannot be reached."""
    if not reachable():
        return None
    cache = _cache()
    try:
        if _state["owed"]:
            _incr(cache)
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, _first_value(), timeout=None)
            version = cache.get(KEY)
    except Exception as exc:  # noqa: BLE001 - any backend's connection error
        failed("reading the archive version", exc)
        return None
    return version


def _incr(cache) -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # no such key yet (or evicted)
        if not cache.add(KEY, _first_value(), timeout=None):
            cache.incr(KEY)
    _state["owed"] = False


def bump_now() -> None:
    """Move the version on at once; never raises."""
    if not reachable():
        _state["owed"] = True
        return
    try:
        _incr(_cache())
    except Exception as exc:  # noqa: BLE001 - a write must not fail because the cache is down
        _state["owed"] = True
        failed("bumping the archive version", exc)


def bump(using: str | None = None) -> None:
    """Move the version on once the current transaction commits (at once
    outside one); many bumps in one transaction make one INCR."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        pending = getattr(connection, "run_on_commit", ())
        if any(entry[1] is bump_now for entry in pending):
            return
    transaction.on_commit(bump_now, using=using)
