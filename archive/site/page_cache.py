"""A page cache for anonymous readers of the public, read-only site.

Every visitor without a session sees the same page for the same URL, so a
finished response can be served again for ``PAGE_CACHE_SECONDS`` without
touching the database. What is never cached: anything under /admin/, any
request carrying a session cookie (curators see fresh pages), any method
but GET and HEAD, answers other than 200, responses that set a cookie, say
``private``/``no-store``, stream, or vary on anything but Accept-Encoding.

The key is a SHA-256 over scheme, host, full path with query string and
whether the client takes gzip (this middleware sits outside GZipMiddleware,
so compressed bodies are stored once and not compressed on every hit).
Conditional requests are answered from the cached ETag/Last-Modified.

The archive only changes through imports, analysis and the admin, and each
of them bumps the archive's version (archive/cache_version.py), which is part
of the key: after a write the next request misses and renders afresh. With a
shared cache (``CACHE_URL``, Redis) that holds on every server at once; with
the per-process default only in the process that wrote, and other processes
show up to ``PAGE_CACHE_SECONDS`` of staleness; 0 turns the cache off. A
curator's POST to the admin (a save, a delete, a merge) bumps the version when
it is done. When the cache cannot be reached, pages are served uncached.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from archive import cache_version

CACHE_ALIAS = "pages"
MAX_BODY = 256 * 1024  # bigger pages are rare and would crowd out many small ones
EXCLUDED_PREFIXES = ("/admin/",)
_CACHEABLE_VARY = {"accept-encoding"}


def _cache():
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return caches["default"]


def cache_key(request, version: int | None = None) -> str:
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()
    parts = [request.scheme, request.get_host(), request.get_full_path(), "gzip" if gzip else "identity"]
    if version is not None:
        parts.append(f"v{version}")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def _applies(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _CACHEABLE_VARY and len(response.content) <= MAX_BODY


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") and request.path.startswith(EXCLUDED_PREFIXES):
            response = self.get_response(request)
            if _is_curator(request):
                cache_version.bump()
            return response
        if self.seconds <= 0 or not _applies(request):
            return self.get_response(request)
        version = cache_version.current()
        if version is None:  # the cache is unreachable: serve without it
            return self.get_response(request)
        key = cache_key(request, version)
        cache = _cache()
        try:
            cached = cache.get(key)
        except Exception as exc:  # noqa: BLE001 - any backend's connection error
            cache_version.failed("reading a cached page", exc)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            # Honour If-None-Match / If-Modified-Since against what the view sent.
            last_modified = parse_http_date_safe(cached.get("Last-Modified", ""))
            return get_conditional_response(
                request, etag=cached.get("ETag"), last_modified=last_modified, response=cached
            )
        response = self.get_response(request)
        if _storable(response):
            try:
                cache.set(key, response, self.seconds)
            except Exception as exc:  # noqa: BLE001 - the page is good, only its copy is lost
                cache_version.failed("storing a page", exc)
            else:
                response["X-Page-Cache"] = "miss"
        return response


def _is_curator(request) -> bool:
    """A signed-in staff member: anonymous POSTs (failed logins) must not empty the cache."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)
