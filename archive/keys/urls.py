"""Original-URL handling: one key per article however the URL was written."""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

# Query parameters that say how a reader reached a page, not which page it is.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "__s",
        "ocid",
        "cmpid",
        "ncid",
    }
)


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


def without_tracking(url: str) -> str:
    """``url`` without its tracking parameters (utm_*, fbclid, gclid ...); the other
    parameters keep their order and their spelling."""
    url = url.strip()
    parts = urlsplit(url)
    if not parts.query:
        return url
    pieces = parts.query.split("&")
    kept = [p for p in pieces if not _is_tracking(unquote_plus(p.partition("=")[0]).lower())]
    return url if len(kept) == len(pieces) else urlunsplit(parts._replace(query="&".join(kept)))


def _is_tracking(name: str) -> bool:
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS


def domain_of(url: str) -> str:
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")
