"""Slow down password guessing on the admin login.

Failed logins are counted per client address and per username in a cache
shared by all server processes (settings.CACHES["login_guard"], file-based
by default, so two gunicorn workers see the same counts). Once either count
reaches its limit within the window, further login attempts get 429 Too Many
Requests, with Retry-After, until the window ends; the password is not even
checked, so guessing gains nothing. Counting hooks Django's own
``user_login_failed`` signal, so only real authentication failures count (a
missing CSRF token or an empty form does not).

The per-username limit also protects against guessing from many addresses;
its price is that someone can lock a curator out for one window, which is
the usual trade for an admin that has few users.

With a shared cache (CACHE_URL) the counts live in Redis. Should Redis not
answer, the guard counts in ``login_guard_fallback`` (files on this machine)
until it answers again: the login page keeps working and guessing stays
limited, per machine rather than per cluster, instead of every login attempt
failing with a server error.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import InvalidCacheBackendError, caches
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

DEFAULTS = {
    "WINDOW": 15 * 60,  # seconds
    "PER_ADDRESS": 20,  # failures from one address, any usernames
    "PER_USERNAME": 5,  # failures for one username, any addresses
    # Behind a reverse proxy every request comes from the proxy's address;
    # name the header it sets (e.g. "HTTP_X_REAL_IP") to count real clients.
    "ADDRESS_HEADER": "REMOTE_ADDR",
}


def _config(name: str):
    return getattr(settings, "LOGIN_GUARD", {}).get(name, DEFAULTS[name])


RETRY_SECONDS = 5.0  # after the shared store failed, how long it is left alone
log = logging.getLogger(__name__)
_down_until = [0.0]


def _shared():
    try:
        return caches["login_guard"]
    except InvalidCacheBackendError:
        return caches["default"]


def _fallback():
    try:
        return caches["login_guard_fallback"]
    except InvalidCacheBackendError:
        return None


def _with_cache(operation):
    """Run ``operation(cache)`` on the shared store, or on this machine's
    fallback store for a few seconds after the shared one failed to answer."""
    fallback = _fallback()
    if fallback is not None and time.monotonic() < _down_until[0]:
        return operation(fallback)
    try:
        return operation(_shared())
    except Exception as exc:  # noqa: BLE001 - any backend's connection error
        if fallback is None:
            raise
        if time.monotonic() >= _down_until[0]:
            log.warning("login guard store unreachable (%s); counting on this machine for %ss", exc, RETRY_SECONDS)
        _down_until[0] = time.monotonic() + RETRY_SECONDS
        return operation(fallback)


def _key(kind: str, value: str) -> str:
    # Hashed: usernames are attacker-chosen text and cache keys have rules.
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"login-guard:{kind}:{digest}"


def _address(request) -> str:
    value = request.META.get(_config("ADDRESS_HEADER")) or request.META.get("REMOTE_ADDR") or "unknown"
    # X-Forwarded-For style lists: the first entry is the client.
    return value.split(",")[0].strip()


def normalize_username(username: str) -> str:
    """The username as the login form reads it (NFKC, like Django's
    UsernameField), then case-folded: "ｃurator", "Curator" and "curator" are
    one account's guesses, so they share one count."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _keys(request, username: str | None) -> list[tuple[str, int]]:
    keys = []
    if request is not None:
        keys.append((_key("address", _address(request)), _config("PER_ADDRESS")))
    if username:
        keys.append((_key("username", normalize_username(username)), _config("PER_USERNAME")))
    return keys


def record_failure(request, username: str | None) -> None:
    window, keys = _config("WINDOW"), _keys(request, username)

    def count(cache):
        for key, _limit in keys:
            # add() starts the window only for the first failure; incr() keeps its expiry.
            if not cache.add(key, 1, window):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add() and incr()
                    cache.add(key, 1, window)

    _with_cache(count)


def is_blocked(request, username: str | None) -> bool:
    keys = _keys(request, username)
    return _with_cache(lambda cache: any((cache.get(key) or 0) >= limit for key, limit in keys))


def reset(request=None, username: str | None = None) -> None:
    keys = [key for key, _limit in _keys(request, username)]
    _with_cache(lambda cache: cache.delete_many(keys))


@receiver(user_login_failed, dispatch_uid="archive.site.admin_guard.count_failure")
def _count_failure(sender, credentials, request=None, **kwargs):
    # Django masks the password in ``credentials``; the username is kept.
    record_failure(request, credentials.get("username"))


class AdminLoginGuardMiddleware:
    """Answer 429 to login attempts from an address or for a username over its limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == _login_path():
            username = request.POST.get("username", "")
            if is_blocked(request, username):
                return _too_many(_config("WINDOW"))
        return self.get_response(request)


def _login_path() -> str:
    try:
        return reverse("admin:login")
    except NoReverseMatch:
        return "/admin/login/"


def _too_many(retry_after: int) -> HttpResponse:
    minutes = max(1, retry_after // 60)
    body = format_html(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · Newsroom Archive'
        "</title></head><body><main><h1>Too many failed logins</h1><p>Logins from here or for this user are "
        "paused for up to {} minutes. Nothing was checked or changed.</p></main></body></html>",
        minutes,
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
