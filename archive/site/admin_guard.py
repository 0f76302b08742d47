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
"""

from __future__ import annotations

import hashlib
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


def _cache():
    try:
        return caches["login_guard"]
    except InvalidCacheBackendError:
        return caches["default"]


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
    cache, window = _cache(), _config("WINDOW")
    for key, _limit in _keys(request, username):
        # add() starts the window only for the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, window)


def is_blocked(request, username: str | None) -> bool:
    cache = _cache()
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(request, username))


def reset(request=None, username: str | None = None) -> None:
    _cache().delete_many([key for key, _limit in _keys(request, username)])


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
