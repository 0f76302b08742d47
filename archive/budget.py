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
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import ExitStack

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.db.utils import OperationalError
from django.http import JsonResponse
from django.shortcuts import render

from archive import cache_version

DEFAULT_BUDGET = 1.5  # seconds of database work for a public request
ADMIN_BUDGET = 30.0
REMEMBER_SECONDS = 300  # how long a request that ran out of budget is answered from memory
SQLITE_CHECK_EVERY = 10_000  # virtual machine steps between deadline checks
HEADING = "This search is too expensive"
MESSAGE = (
    "Answering it would take the archive too long, so it was stopped. "
    "Narrow your search: fewer or rarer words, a filter, or an earlier page."
)
_state = threading.local()


class TooExpensive(OperationalError):
    """The request's database budget is spent."""


def budget_for(path: str) -> float:
    if path.startswith("/admin/"):
        return getattr(settings, "ADMIN_DB_BUDGET", ADMIN_BUDGET)
    return getattr(settings, "REQUEST_DB_BUDGET", DEFAULT_BUDGET)


def _deadline():
    return getattr(_state, "deadline", None)


def _sqlite_progress() -> int:
    deadline = _deadline()
    if deadline is not None and time.monotonic() > deadline:
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
        _set_timeout(connection, seconds)
    _state.armed[connection.alias] = connection


def _guard(execute, sql, params, many, context):
    connection = context["connection"]
    if getattr(_state, "seconds", None) is not None:
        if _state.deadline is None:
            # The budget runs from the request's first statement: a worker's first
            # request, importing and compiling templates, is not cut short for it.
            _state.deadline = time.monotonic() + _state.seconds
        remaining = _state.deadline - time.monotonic()
        if connection.alias not in _state.armed:
            # Each database the request reads (the primary, a replica) gets what is left.
            if remaining <= 0 and _state.armed:
                _state.interrupted = True
                raise TooExpensive("the request's database budget is spent")
            _arm(connection, max(remaining, 0))
        else:
            if remaining <= 0:
                _state.interrupted = True
                raise TooExpensive("the request's database budget is spent")
            if connection.vendor == "postgresql" and remaining < 0.8 * _state.timeouts[connection.alias]:
                # A later statement gets what is left, so the request as a whole stays
                # within about its budget (a few extra round trips, only in slow requests).
                _set_timeout(connection, remaining)
    return execute(sql, params, many, context)


def _set_timeout(connection, seconds: float) -> None:
    connection.connection.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
    _state.timeouts[connection.alias] = seconds


def start(seconds: float) -> None:
    _state.deadline = None
    _state.seconds = seconds
    _state.interrupted = False
    _state.armed = {}
    _state.timeouts = {}


def stop() -> None:
    """End the budget; on PostgreSQL the session's own timeout comes back, so
    work after the request (a management command, a test's teardown) is not cut."""
    _state.deadline = None
    _state.seconds = None
    armed, _state.armed = getattr(_state, "armed", {}), {}
    for database in armed.values():
        raw = database.connection
        if database.vendor == "postgresql" and raw is not None and not raw.closed:
            try:
                raw.execute("RESET statement_timeout")
            except Exception:  # noqa: BLE001 - an aborted transaction resets it on rollback anyway
                pass


def is_too_expensive(exc: BaseException) -> bool:
    if isinstance(exc, TooExpensive):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if cause is not None and type(cause).__name__ == "QueryCanceled":  # psycopg: statement_timeout
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


def _cache_set(key) -> None:
    try:
        caches["default"].set(key, 1, timeout=REMEMBER_SECONDS)
    except Exception as exc:  # noqa: BLE001
        cache_version.failed("remembering an expensive request", exc)


def too_expensive_response(request):
    stop()
    key = getattr(request, "_too_expensive_key", None)
    if key is not None:
        # A repeat (from any worker, when the cache is shared) is answered at once.
        _cache_set(key)
    if request.path.startswith("/api/"):
        # The API documents 422 as a list of problems, as django-ninja answers invalid parameters.
        problem = {"loc": ["query"], "msg": f"{HEADING}. {MESSAGE}", "type": "too_expensive"}
        response = JsonResponse({"detail": [problem]}, status=422, content_type="application/json; charset=utf-8")
    else:
        response = render(request, "archive/too_expensive.html", {"heading": HEADING, "message": MESSAGE}, status=422)
    response["Cache-Control"] = "no-store"
    return response


class RequestBudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = budget_for(request.path)
        request._too_expensive_key = key = _remembered_key(request, seconds)
        if key is not None and _cache_get(key):
            return too_expensive_response(request)
        start(seconds)
        try:
            with ExitStack() as wrapped:
                # Every database the request may read: the primary and any replica (archive/site/db_router.py).
                for alias in connections:
                    wrapped.enter_context(connections[alias].execute_wrapper(_guard))
                return self.get_response(request)
        finally:
            stop()

    def process_exception(self, request, exception):
        if is_too_expensive(exception):
            return too_expensive_response(request)
        return None
