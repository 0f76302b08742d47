"""Memento (RFC 7089): captures as mementos, a TimeGate and TimeMaps per original URL.

Each capture page (/articles/<pk>/captures/<capture_pk>/) is a memento: it
sends ``Memento-Datetime`` and a ``Link`` header naming the original URL, the
TimeGate, the TimeMap and its neighbouring mementos. The original URL is the
article's URL, or ``urn:sha256:<hex>`` for articles filed by checksum (the
same identifier the WARC export writes), so every article can be looked up.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import wraps
from urllib.parse import quote

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from archive.export.warc import target_uri
from archive.models import Article, Capture

LINK_FORMAT = "application/link-format"
# RFC 7089 requires Accept-Datetime in RFC 1123 form, always in GMT.
_RFC1123 = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$")


def _uri(value: str) -> str:
    """Percent-encode what may not appear inside <...> of a Link header (spaces,
    quotes, angle brackets, non-ASCII), keeping an already valid URI as is."""
    return quote(value, safe="/:?#[]@!$&'()*+,;=%~")


def article_for_original(url: str, query: str = "") -> Article:
    """``Article.objects.by_original``, or 404."""
    article = Article.objects.by_original(url, query)
    if article is None:
        raise Http404("No article has this original URL.")
    return article


def _captures(article: Article) -> list[Capture]:
    return list(article.captures.mementos())


def parse_accept_datetime(value: str) -> datetime:
    """An RFC 1123 date as an aware datetime; ValueError when malformed."""
    value = value.strip()
    if not _RFC1123.match(value):
        raise ValueError(f"not an RFC 1123 date: {value!r}")
    return datetime.fromtimestamp(parse_http_date(value), tz=UTC)


def nearest(captures: list[Capture], when: datetime) -> Capture:
    """The capture closest in time to ``when``; on a tie, the earlier one."""
    return min(captures, key=lambda c: (abs((c.captured - when).total_seconds()), c.captured, c.pk))


class Links:
    """The URLs Memento names for one article, made absolute for one request."""

    def __init__(self, request, article: Article):
        self.request = request
        self.article = article
        self.original = target_uri(article)
        path = _uri(self.original)
        self.timegate = self.absolute(f"/timegate/{path}")
        self.timemap = self.absolute(f"/timemap/link/{path}")
        self.timemap_json = self.absolute(f"/timemap/json/{path}")

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def memento(self, capture: Capture) -> str:
        return self.absolute(reverse("archive:capture", args=[capture.article_id, capture.pk]))

    def entry(self, capture: Capture, rel: str) -> str:
        return f'<{self.memento(capture)}>; rel="{rel}"; datetime="{http_date(capture.captured.timestamp())}"'

    def head(self) -> list[str]:
        return [
            f'<{_uri(self.original)}>; rel="original"',
            f'<{self.timegate}>; rel="timegate"',
            f'<{self.timemap}>; rel="timemap"; type="{LINK_FORMAT}"',
        ]

    def neighbours(self, captures: list[Capture], current: Capture) -> list[str]:
        """first/prev/next/last mementos around ``current``; one URL may carry
        several relations ("first prev memento"), as RFC 7089 allows."""
        index = next(i for i, c in enumerate(captures) if c.pk == current.pk)
        rels: dict[int, list[str]] = {}
        named = [("first", 0), ("prev", index - 1), ("next", index + 1), ("last", len(captures) - 1)]
        for rel, i in named:
            if 0 <= i < len(captures) and i != index:
                rels.setdefault(i, []).append(rel)
        return [self.entry(captures[i], " ".join([*r, "memento"])) for i, r in sorted(rels.items())]


def memento_headers(response: HttpResponse, links: Links, captures: list[Capture], current: Capture) -> None:
    response["Memento-Datetime"] = http_date(current.captured.timestamp())
    # The memento itself is listed too, so a client can tell it is first or last.
    own = [r for r, i in (("first", 0), ("last", len(captures) - 1)) if captures[i].pk == current.pk]
    self_link = [links.entry(current, " ".join([*own, "memento"]))]
    response["Link"] = ", ".join(links.head() + self_link + links.neighbours(captures, current))


def capture_memento(view):
    """Decorate the capture page: a 200 answer becomes a memento."""

    @wraps(view)
    def wrapped(request, pk, capture_pk, *args, **kwargs):
        response = view(request, pk, capture_pk, *args, **kwargs)
        if response.status_code == 200:
            article = Article.objects.get(pk=pk)
            captures = _captures(article)
            current = next((c for c in captures if c.pk == capture_pk), None)
            if current is not None:
                memento_headers(response, Links(request, article), captures, current)
        return response

    return wrapped


def newest_memento(view):
    """Decorate the article page: it shows the newest capture, so it sends that memento's headers."""

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        response = view(request, pk, *args, **kwargs)
        if response.status_code == 200:
            article = Article.objects.get(pk=pk)
            captures = _captures(article)
            if captures:
                links = Links(request, article)
                memento_headers(response, links, captures, captures[-1])
                response["Content-Location"] = links.memento(captures[-1])
        return response

    return wrapped


def _cors(view):
    """TimeGates and TimeMaps are public, read-only data that Memento clients
    (browser extensions, aggregators) fetch from other origins."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Link, Location, Vary"
        return response

    return wrapped


@_cors
def timegate(request, url):
    """302 to the capture nearest ``Accept-Datetime`` (the newest without one)."""
    article = article_for_original(url, request.META.get("QUERY_STRING", ""))
    captures = _captures(article)
    if not captures:
        raise Http404("This article has no captures.")
    header = request.headers.get("Accept-Datetime")
    if header is None:
        chosen = captures[-1]
    else:
        try:
            chosen = nearest(captures, parse_accept_datetime(header))
        except (ValueError, OverflowError):
            response = HttpResponseBadRequest(
                "Accept-Datetime must be an RFC 1123 date, e.g. Sun, 06 Nov 1994 08:49:37 GMT.\n",
                content_type="text/plain; charset=utf-8",
            )
            response["Vary"] = "accept-datetime"
            return response
    links = Links(request, article)
    response = HttpResponseRedirect(links.memento(chosen))
    response["Vary"] = "accept-datetime"
    ends = [links.entry(captures[0], "first memento"), links.entry(captures[-1], "last memento")]
    if len(captures) == 1:
        ends = [links.entry(captures[0], "first last memento")]
    response["Link"] = ", ".join([f'<{_uri(links.original)}>; rel="original"', links.head()[2], *ends])
    return response


@_cors
def timemap_link(request, url):
    article = article_for_original(url, request.META.get("QUERY_STRING", ""))
    captures = _captures(article)
    links = Links(request, article)
    lines = [
        f'<{_uri(links.original)}>; rel="original"',
        f'<{links.timemap}>; rel="self"; type="{LINK_FORMAT}"' + _span(captures),
        f'<{links.timemap_json}>; rel="alternate"; type="application/json"',
        f'<{links.timegate}>; rel="timegate"',
    ]
    for i, capture in enumerate(captures):
        rel = " ".join([*(["first"] if i == 0 else []), *(["last"] if i == len(captures) - 1 else []), "memento"])
        lines.append(links.entry(capture, rel))
    return HttpResponse(",\n".join(lines) + "\n", content_type=LINK_FORMAT)


def _span(captures: list[Capture]) -> str:
    if not captures:
        return ""
    first, last = (http_date(c.captured.timestamp()) for c in (captures[0], captures[-1]))
    return f'; from="{first}"; until="{last}"'


@_cors
def timemap_json(request, url):
    """The TimeMap as JSON, in the shape Memento aggregators use."""
    article = article_for_original(url, request.META.get("QUERY_STRING", ""))
    captures = _captures(article)
    links = Links(request, article)

    def item(capture):
        return {"datetime": capture.captured.astimezone(UTC).isoformat(), "uri": links.memento(capture)}

    data = {
        "original_uri": links.original,
        "timegate_uri": links.timegate,
        "timemap_uri": {"link_format": links.timemap, "json_format": links.timemap_json},
        "mementos": {
            "first": item(captures[0]) if captures else None,
            "last": item(captures[-1]) if captures else None,
            "list": [item(c) for c in captures],
        },
    }
    return HttpResponse(json.dumps(data, indent=1), content_type="application/json")
