"""A hard bound on the database work of one request, on both backends.

Every request gets a deadline (``REQUEST_DB_BUDGET`` seconds from its first
statement, longer for the admin). On SQLite a progress handler interrupts the running statement
once the deadline has passed; on PostgreSQL ``statement_timeout`` cancels
it on the server (even after the client has gone); on both, a statement
that would start after the deadline is not sent at all. The request then
gets a clear "too expensive, narrow your search" page (422, or JSON under
/api/) and the worker is free again, instead of a stalled worker killed by
gunicorn's timeout.

The query language and list pages also bound their own work (see
``archive.search.limits``); this is the wall behind them.

Within the budget, a request that has done ``EXPENSIVE_AFTER`` seconds of
database work is an expensive one, and goes on only while it holds one of the
machine's ``EXPENSIVE_SLOTS`` (shared by every worker process: see
``slots``): a few expensive requests at a time (an attacker's, or an unlucky
reader's), never every thread or core, so ordinary pages keep their share
of the machine. One that finds every slot taken is stopped
there (after waiting up to ``SLOT_WAIT`` for one) and answered 503 with
``Retry-After`` ("busy, try again shortly"). A refused request is
remembered, like one over budget, and its repeat is slowed: one over budget
is answered after ``REFUSAL_PAUSE``; a busy one first waits up to
``REFUSAL_PAUSE`` for a slot to run with from its first statement. A client
asking again and again without heeding Retry-After then holds a sleeping
thread, not a core that ordinary pages need. Only ``PAUSED_THREADS`` threads
of a process sleep so at once: a client holding many connections gets the
rest of its repeats answered at once from memory, instead of every thread
asleep. A page that was slow once (a cold cache) and then finished is not
remembered at all.
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.db.utils import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.log import log_response

from archive import cache_version

from . import slots

DEFAULT_BUDGET = 1.5  # seconds of database work for a public request
ADMIN_BUDGET = 30.0
REMEMBER_SECONDS = 300  # how long a request that ran out of budget is answered from memory
SQLITE_CHECK_EVERY = 10_000  # virtual machine steps between deadline checks
# Seconds of database work after which a request needs an expensive slot: above what ordinary pages
# take on a busy machine (a list, an article, a home page recomputing its summaries: 0.1-0.4 s at 100k).
EXPENSIVE_AFTER = 0.5
EXPENSIVE_SLOTS = 1  # expensive requests at a time on one machine, all workers together (budget/slots.py)
RETRY_AFTER = 5  # seconds a refused expensive request is told to wait
SLOT_WAIT = 0.4  # seconds a request that turns expensive waits for a slot before it is refused
# Seconds a repeat of a refused request waits before its answer (for a slot to free, when it needs one):
# a client that ignores Retry-After and asks again at once costs the server a sleeping thread, not a core.
REFUSAL_PAUSE = 1.0
# Threads of one process that may sleep out a REFUSAL_PAUSE at once (gunicorn runs 4 per worker): a client
# holding many connections would otherwise have every thread asleep and readers queued behind them; past
# this many, a repeat is answered at once (a cached refusal costs no database work).
PAUSED_THREADS = 1
HEADING = "This search is too expensive"
MESSAGE = (
    "Answering it would take the archive too long, so it was stopped. "
    "Narrow your search: fewer or rarer words, a filter, or an earlier page."
)
BUSY_HEADING = "The archive is busy"
BUSY_MESSAGE = (
    "Other expensive searches are being answered right now. "
    f"Try again in {RETRY_AFTER} seconds, or narrow your search: fewer or rarer words, a filter, or an earlier page."
)
_state = threading.local()


class TooExpensive(OperationalError):
    """The request's database budget is spent."""


class Busy(TooExpensive):
    """The request turned expensive while every expensive slot was taken."""


def _semaphore():
    return slots.pool(getattr(settings, "EXPENSIVE_SLOTS", EXPENSIVE_SLOTS))


def _refusal_pause() -> float:
    return getattr(settings, "REFUSAL_PAUSE", REFUSAL_PAUSE)


_paused = [0]  # threads of this process sleeping out a REFUSAL_PAUSE now
_paused_lock = threading.Lock()


@contextmanager
def _pause():
    """Yields whether this thread may sleep out a pause (at most ``PAUSED_THREADS`` at once)."""
    with _paused_lock:
        allowed = _paused[0] < getattr(settings, "REFUSAL_PAUSED_THREADS", PAUSED_THREADS)
        _paused[0] += allowed
    try:
        yield allowed
    finally:
        if allowed:
            with _paused_lock:
                _paused[0] -= 1


def _take_slot(wait: float = 0) -> bool:
    """True when the request holds an expensive slot (taken now, or before)."""
    if _state.slot is not None:
        return True
    semaphore = _semaphore()
    if not (semaphore.acquire(timeout=wait) if wait > 0 else semaphore.acquire(blocking=False)):
        return False
    _state.slot = semaphore
    return True


def _release_slot() -> None:
    slot, _state.slot = getattr(_state, "slot", None), None
    if slot is not None:
        slot.release()


def _expensive_after() -> float:
    return getattr(settings, "EXPENSIVE_AFTER", EXPENSIVE_AFTER)


def _needs_slot(now: float) -> bool:
    """Past the cheap part of the budget without a slot."""
    return _state.slot is None and now > _state.expensive_at


def _turn_expensive() -> bool:
    """Take a slot for a request that has just turned expensive, waiting up to ``SLOT_WAIT`` for one (an
    unlucky reader's page behind an attacker's search: slower, not refused). The wait is not database
    work: the budget's deadline moves on by it."""
    started = time.monotonic()
    if not _take_slot(wait=getattr(settings, "SLOT_WAIT", SLOT_WAIT)):
        _state.busy = True  # what stops it now is answered 503, not 422
        return False
    _state.deadline += time.monotonic() - started
    return True


def budget_for(path: str) -> float:
    if path.startswith("/admin/"):
        return getattr(settings, "ADMIN_DB_BUDGET", ADMIN_BUDGET)
    return getattr(settings, "REQUEST_DB_BUDGET", DEFAULT_BUDGET)


def _deadline():
    return getattr(_state, "deadline", None)


def _sqlite_progress() -> int:
    deadline = _deadline()
    if deadline is None:
        return 0
    now = time.monotonic()
    if now > deadline or (_needs_slot(now) and not _turn_expensive()):
        _state.interrupted = True
        return 1  # non-zero: SQLite stops the statement with "interrupted"
    return 0


def _arm(connection, seconds: float) -> None:
    """Tell the database about the budget (on the request's first statement
    there, so a request that never queries never connects)."""
    raw = connection.connection
    if connection.vendor == "sqlite":
        raw.set_progress_handler(_sqlite_progress, SQLITE_CHECK_EVERY)
    elif connection.vendor == "postgresql":
        # Straight to the driver: one round trip, not logged as a query of the page.
        _set_timeout(connection, _statement_seconds(connection, seconds))
    _state.armed[connection.alias] = connection


def _statement_seconds(connection, remaining: float) -> float:
    """What one PostgreSQL statement may take: without a slot, only up to the point where the request
    turns expensive (the statement is then tried again once it holds a slot; not inside a transaction,
    which the cancel has spoilt, so there the statement gets the whole budget)."""
    if _state.slot is None and not connection.in_atomic_block:
        return max(0.001, min(remaining, _state.expensive_at - time.monotonic()))
    return remaining


def _guard(execute, sql, params, many, context):
    connection = context["connection"]
    if getattr(_state, "seconds", None) is None:
        return execute(sql, params, many, context)
    now = time.monotonic()
    if _state.deadline is None:
        # The budget runs from the request's first statement: a worker's first
        # request, importing and compiling templates, is not cut short for it.
        _state.deadline = now + _state.seconds
        _state.expensive_at = now + (0 if _state.slot is not None else _expensive_after())
    remaining = _state.deadline - now
    if _state.armed and remaining <= 0:
        _state.interrupted = True
        raise TooExpensive("the request's database budget is spent")
    if _needs_slot(now):
        if not _turn_expensive():
            _state.interrupted = True
            raise Busy("every expensive slot is taken")
        remaining = _state.deadline - time.monotonic()
    if connection.alias not in _state.armed:
        # Each database the request reads (the primary, a replica) gets what is left.
        _arm(connection, max(remaining, 0))
    elif connection.vendor == "postgresql":
        wanted, current = _statement_seconds(connection, remaining), _state.timeouts[connection.alias]
        if wanted < 0.8 * current or wanted > 1.25 * current:
            # A later statement gets what is left, so the request as a whole stays within about its
            # budget (a few extra round trips, only in slow requests); one with a new slot, the rest.
            _set_timeout(connection, wanted)
    if connection.vendor != "postgresql" or _state.slot is not None or connection.in_atomic_block:
        return execute(sql, params, many, context)
    try:
        return execute(sql, params, many, context)
    except OperationalError as exc:
        # Cancelled where the request turned expensive: with a slot it runs again, on what is left of
        # the budget (the request's time stays within budget + SLOT_WAIT); without a slot it ends here.
        if not _cancelled(exc) or time.monotonic() >= _state.deadline:
            raise
        if not _turn_expensive():
            _state.interrupted = True
            raise Busy("every expensive slot is taken") from exc
        _set_timeout(connection, _state.deadline - time.monotonic())
        return execute(sql, params, many, context)


def _cancelled(exc: BaseException) -> bool:
    cause = exc.__cause__
    return cause is not None and type(cause).__name__ == "QueryCanceled"


def _set_timeout(connection, seconds: float) -> None:
    connection.connection.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
    _state.timeouts[connection.alias] = seconds


def start(seconds: float) -> None:
    _state.deadline = None
    _state.seconds = seconds
    _state.interrupted = False
    _state.busy = False
    _state.slot = None
    _state.expensive_at = float("inf")
    _state.armed = {}
    _state.timeouts = {}


def stop() -> None:
    """End the budget; on PostgreSQL the session's own timeout comes back, so
    work after the request (a management command, a test's teardown) is not cut."""
    _state.deadline = None
    _state.seconds = None
    _release_slot()
    armed, _state.armed = getattr(_state, "armed", {}), {}
    for database in armed.values():
        raw = database.connection
        if database.vendor == "postgresql" and raw is not None and not raw.closed:
            try:
                raw.execute("RESET statement_timeout")
            except Exception:  # noqa: BLE001 - an aborted transaction resets it on rollback anyway
                pass


@contextmanager
def extended(seconds: float):
    """A sub-budget of ``seconds`` for one bounded piece of work that many requests share, done once
    per state of the archive and kept (the People index's ranking, the tag index's counts). Its time is
    not charged to the request's own budget, and it needs no expensive slot: an attacker cannot make it
    run again, and holding a slot for it would turn readers' pages away. Outside a request: no limit."""
    if getattr(_state, "seconds", None) is None:
        yield
        return
    started = time.monotonic()
    left = _state.seconds if _state.deadline is None else max(0.0, _state.deadline - started)
    cheap_left = _expensive_after() if _state.deadline is None else _state.expensive_at - started
    _state.deadline, _state.expensive_at = started + seconds, float("inf")
    try:
        yield
    finally:
        if getattr(_state, "seconds", None) is not None:
            now = time.monotonic()
            _state.deadline, _state.expensive_at = now + left, now + cheap_left


def is_too_expensive(exc: BaseException) -> bool:
    if isinstance(exc, TooExpensive):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if _cancelled(exc):  # psycopg: statement_timeout
        return True
    return connection.vendor == "sqlite" and getattr(_state, "interrupted", False) and "interrupted" in str(exc)


def _remembered_key(request, seconds: float) -> str | None:
    """The key under which a GET that ran out of budget is remembered: its path and
    parameters in a fixed order (so ``?page=500&q=x`` and ``?q=x&page=500`` are one
    query), the budget it had, and the archive's state (an import may make it cheap)."""
    if request.method not in ("GET", "HEAD") or request.path.startswith("/admin/"):
        return None
    version = cache_version.current()
    if version is None:
        return None
    params = sorted((name, " ".join(value.split())) for name, values in request.GET.lists() for value in values)
    digest = hashlib.sha256(repr((request.path, params, seconds)).encode()).hexdigest()
    return f"too-expensive:{version}:{digest}"


def _cache_get(key):
    try:
        return caches["default"].get(key)
    except Exception as exc:  # noqa: BLE001 - the cache is a shortcut; without it the request just runs
        cache_version.failed("reading a remembered expensive request", exc)
        return None


TOO_EXPENSIVE, NEEDS_SLOT = 1, 2  # what is remembered of a request


def _cache_set(key, what: int) -> None:
    try:
        caches["default"].set(key, what, timeout=REMEMBER_SECONDS)
    except Exception as exc:  # noqa: BLE001
        cache_version.failed("remembering an expensive request", exc)


def too_expensive_response(request):
    busy = getattr(_state, "busy", False)
    stop()
    key = getattr(request, "_too_expensive_key", None)
    if key is not None:
        # A repeat (from any worker, when the cache is shared) is answered at once, or asks for its slot first.
        _cache_set(key, NEEDS_SLOT if busy else TOO_EXPENSIVE)
    if busy:
        return busy_response(request)
    if request.path.startswith("/api/"):
        # The API documents 422 as a list of problems, as django-ninja answers invalid parameters.
        problem = {"loc": ["query"], "msg": f"{HEADING}. {MESSAGE}", "type": "too_expensive"}
        response = JsonResponse({"detail": [problem]}, status=422, content_type="application/json; charset=utf-8")
    else:
        response = render(request, "archive/too_expensive.html", {"heading": HEADING, "message": MESSAGE}, status=422)
    response["Cache-Control"] = "no-store"
    return response


def busy_response(request):
    """503 with Retry-After: the request is fine, the archive's expensive slots are taken."""
    if request.path.startswith("/api/"):
        problem = {"loc": ["query"], "msg": f"{BUSY_HEADING}. {BUSY_MESSAGE}", "type": "busy"}
        response = JsonResponse({"detail": [problem]}, status=503, content_type="application/json; charset=utf-8")
    else:
        context = {"heading": BUSY_HEADING, "message": BUSY_MESSAGE}
        response = render(request, "archive/too_expensive.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Turning work away under load is the design, not a server fault: a warning, as a 4xx is, so an
    # attack does not flood the error log (and its mails) with one ERROR per refusal.
    log_response("Busy: %s", request.path, response=response, request=request, level="warning")
    return response


class RequestBudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = budget_for(request.path)
        request._too_expensive_key = key = _remembered_key(request, seconds)
        remembered = _cache_get(key) if key is not None else None
        if remembered == TOO_EXPENSIVE:
            with _pause() as allowed:
                if allowed:
                    time.sleep(_refusal_pause())
            return too_expensive_response(request)
        start(seconds)
        try:
            if remembered == NEEDS_SLOT:
                # Refused as busy before: it waits a moment for a slot to run with from its first statement
                # (a client asking again at once is slowed down); with none free it runs as any request.
                # With another thread already waiting so, it takes a free slot or is answered busy at once.
                with _pause() as allowed:
                    if not _take_slot(wait=_refusal_pause() if allowed else 0) and not allowed:
                        _state.busy = True
                        return too_expensive_response(request)
            with ExitStack() as wrapped:
                # Every database the request may read: the primary and any replica (archive/site/db_router.py).
                for alias in connections:
                    wrapped.enter_context(connections[alias].execute_wrapper(_guard))
                response = self.get_response(request)
            return response
        finally:
            stop()

    def process_exception(self, request, exception):
        if is_too_expensive(exception):
            return too_expensive_response(request)
        return None
