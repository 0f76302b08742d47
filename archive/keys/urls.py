"""Original-URL handling: one key per article however the URL was written."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def normalize_url(url: str) -> str:
    """The key an article is filed under: scheme-less, lower-case host
    without "www.", no default port, no fragment, no trailing slash, so
    "https://www.x.com/a/" and "x.com/a" are the same article."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # not a real URL ("javascript:..."): keep it as written
        return url.split("://", 1)[1]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit(("", host, path, parts.query, "")).lstrip("/")


def domain_of(url: str) -> str:
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
