"""Reads on replicas (issue 18): the public site reads from the PostgreSQL
streaming replicas named in ``DATABASE_REPLICA_URLS``; everything else uses
the primary (``DATABASE_URL``).

What reads where:

- a GET or HEAD of a public page, by anyone not pinned (below): one replica,
  picked for the whole request, so a page's count and its rows come from the
  same state of the archive;
- the admin, any request that is not GET or HEAD, and everything outside a
  request (imports, analysis, exports, the queue's workers, the shell): the
  primary, for reads too, since they read what they are about to write;
- every write, always: the primary (a replica would refuse it anyway).

Read-your-writes: a replica can lag the primary by a moment, so a curator
who has just saved something would not see it on the public pages yet. A
signed-in curator's write in the admin (a save, a delete, a merge, the login
itself) therefore sets a signed cookie that pins that browser's reads to the
primary for ``REPLICA_PIN_SECONDS``. It is signed so that nobody can move
their own load onto the primary by setting it; it carries nothing else.

Without replicas configured the router answers None everywhere (Django's
default database) and the middleware only passes requests on.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.core import signing

PRIMARY = "default"
PIN_COOKIE = "archive_primary"
PIN_SALT = "archive.site.db_router.pin"
DEFAULT_PIN_SECONDS = 60
SAFE_METHODS = ("GET", "HEAD")
PRIMARY_PREFIXES = ("/admin/",)

# The replica this request reads from; None (outside a public read) means the primary.
_read_alias: ContextVar[str | None] = ContextVar("archive_read_alias", default=None)


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def pin_seconds() -> int:
    return int(getattr(settings, "REPLICA_PIN_SECONDS", DEFAULT_PIN_SECONDS))


class ReplicaRouter:
    """Reads go where the current request's middleware said, writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        return _read_alias.get() or (PRIMARY if replicas() else None)

    def db_for_write(self, model, **hints):
        return PRIMARY if replicas() else None

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: an object read from one may point at one read from another.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica gets its schema from the primary's WAL; nothing is migrated on it directly.
        return None if db == PRIMARY else False


def is_pinned(request) -> bool:
    try:
        request.get_signed_cookie(PIN_COOKIE, salt=PIN_SALT, max_age=pin_seconds())
    except (KeyError, signing.BadSignature):
        return False
    return True


def read_alias_for(request) -> str | None:
    """The replica a request reads from, or None for the primary."""
    aliases = replicas()
    if not aliases or request.method not in SAFE_METHODS or request.path.startswith(PRIMARY_PREFIXES):
        return None
    if is_pinned(request):
        return None
    return random.choice(aliases)  # noqa: S311 - spreading load, not a secret


def _wrote_as_curator(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method not in SAFE_METHODS
        and response.status_code < 400
        and user is not None
        and user.is_authenticated
        and user.is_staff
    )


class ReplicaReadsMiddleware:
    """Picks where this request reads (see the module's docstring) and pins a curator who wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas():
            return self.get_response(request)
        token = _read_alias.set(read_alias_for(request))
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if _wrote_as_curator(request, response):
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=pin_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
