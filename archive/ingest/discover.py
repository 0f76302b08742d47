"""Finding the pages to capture in a feed (RSS 0.9x/2.0, RSS 1.0, Atom) or a
sitemap (a urlset or a sitemap index, plain or gzip-compressed).

The XML is parsed with lxml safely: no entity resolution, no DTD loading, no
network, no huge-tree mode, so a hostile feed cannot read files, fetch URLs
or expand entities without bound. Links are made absolute against the URL
the document was served from (after redirects: /feed redirected to /feed/
puts post-1 at /feed/post-1) and any xml:base around them; only http(s)
links are kept, each once and without its #fragment, in document order.
A sitemap index is followed to MAX_SITEMAP_DEPTH levels and a given number of
sitemaps and pages: a hostile index cannot fan a capture out without bound.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from lxml import etree

MAX_SITEMAP_DEPTH = 3
_ATOM = "{http://www.w3.org/2005/Atom}"


class NotAFeed(Exception):
    """The document is not a feed or sitemap this module can read; the message says why."""


@dataclass
class Problem:
    """A sitemap that could not be read (``limit`` False), or a cap that left pages out (True)."""

    url: str
    reason: str
    limit: bool = False


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, recover=False
    )


def _root(data: bytes, base: str, max_bytes: int) -> etree._Element:
    if data.startswith(b"\x1f\x8b"):
        decoder = zlib.decompressobj(wbits=47)
        try:
            data = decoder.decompress(data, max_bytes + 1)
        except zlib.error as exc:
            raise NotAFeed(f"gzip data that cannot be decoded ({exc})") from None
        if len(data) > max_bytes:
            raise NotAFeed(f"larger than the size limit of {max_bytes} bytes once decompressed")
    try:
        root = etree.fromstring(data, _parser(), base_url=base)
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"not well-formed XML ({exc})") from None
    if root is None:
        raise NotAFeed("an empty document")
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _link(element: etree._Element, value: str) -> str:
    """``value`` made absolute against the element's base: the document's URL and any xml:base."""
    return urljoin(element.base or "", value.strip())


def _keep(links: list[str]) -> list[str]:
    seen, out = set(), []
    for link in links:
        url = urldefrag(link).url  # a fragment is not fetched: the same page
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append(url)
    return out


def feed_links(data: bytes, base: str, max_bytes: int) -> list[str]:
    """The entries' links of an RSS or Atom feed served from ``base``."""
    root = _root(data, base, max_bytes)
    kind = _local(root.tag)
    links: list[str] = []
    if kind == "feed":
        for entry in root.iter(f"{_ATOM}entry"):
            chosen = ""
            for link in entry.iter(f"{_ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    chosen = _link(link, link.get("href"))
                    break
            if chosen:
                links.append(chosen)
    elif kind in ("rss", "rdf"):
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = next((c for c in item if _local(c.tag) == "link" and (c.text or "").strip()), None)
            if link is not None:
                links.append(_link(link, link.text))
                continue
            # RSS 2.0 without <link>: a permalink guid is the item's URL.
            guid = next((c for c in item if _local(c.tag) == "guid"), None)
            if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text:
                links.append(_link(guid, guid.text))
    else:
        raise NotAFeed(f"not an RSS or Atom feed (the root element is <{_local(root.tag)}>)")
    return _keep(links)


def sitemap_entries(data: bytes, base: str, max_bytes: int) -> tuple[list[str], list[str]]:
    """(pages, child sitemaps) of a sitemap served from ``base``: a urlset lists pages, a sitemapindex sitemaps."""
    root = _root(data, base, max_bytes)
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise NotAFeed(f"not a sitemap (the root element is <{_local(root.tag)}>)")
    child = "url" if kind == "urlset" else "sitemap"
    locs = []
    for entry in root:
        if _local(entry.tag) == child:
            loc = next((c for c in entry if _local(c.tag) == "loc" and (c.text or "").strip()), None)
            if loc is not None:
                locs.append(_link(loc, loc.text))
    locs = _keep(locs)
    return (locs, []) if kind == "urlset" else ([], locs)


def capped_feed(links: list[str], max_items: int, url: str, problems: list[Problem]) -> list[str]:
    """The first ``max_items`` of a feed's links; a Problem says how many were left."""
    if len(links) > max_items:
        problems.append(
            Problem(
                url,
                f"only the first {max_items} pages are captured, {len(links) - max_items} left out"
                " (CAPTURE_MAX_FEED_ITEMS)",
                limit=True,
            )
        )
    return links[:max_items]


def walk_sitemap(
    url: str,
    read: Callable[[str], tuple[bytes, str]],
    max_bytes: int,
    problems: list[Problem],
    errors: tuple = (),
    max_sitemaps: int = 100,
    max_pages: int = 10000,
) -> list[str]:
    """Every page of a sitemap and of the sitemaps an index lists, breadth first (to
    MAX_SITEMAP_DEPTH levels, each sitemap read once, at most ``max_sitemaps`` read and
    ``max_pages`` pages kept). ``read`` fetches a URL's bytes and the URL they came from
    after redirects (raising one of ``errors`` when it cannot); a child that cannot be read
    or parsed, and a cap reached, are added to ``problems`` and the others go on."""
    pages: dict[str, None] = {}  # in order, each once
    seen: set[str] = set()
    todo = [(url, 0)]
    left_out = 0
    while todo:
        current, depth = todo.pop(0)
        if current in seen:
            continue
        if len(seen) >= max_sitemaps:
            unread = len({current, *(c for c, _ in todo)} - seen)
            problems.append(
                Problem(
                    url,
                    f"only the first {max_sitemaps} sitemaps are read, {unread} left unread (CAPTURE_MAX_SITEMAPS)",
                    limit=True,
                )
            )
            break
        seen.add(current)
        try:
            found, children = sitemap_entries(*read(current), max_bytes)
        except (NotAFeed, *errors) as exc:
            if current == url:
                raise
            problems.append(Problem(current, str(exc)))
            continue
        for page in found:
            if page in pages:
                continue
            if len(pages) < max_pages:
                pages[page] = None
            else:
                left_out += 1
        if children and depth + 1 > MAX_SITEMAP_DEPTH:
            reason = f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH} levels; not followed"
            problems.append(Problem(current, reason, limit=True))
            continue
        todo.extend((c, depth + 1) for c in children)
    if left_out:
        problems.append(
            Problem(
                url,
                f"only the first {max_pages} pages are captured, {left_out} left out (CAPTURE_MAX_SITEMAP_URLS)",
                limit=True,
            )
        )
    return list(pages)
