"""One pass over a parsed page that collects what the metadata rules read.

Walking the tree once in Python and reading a few attributes per element is
several times cheaper than one XPath query per rule (attribute predicates are
slow in libxml2), and keeps the importer close to trafilatura's own speed.
Every collected element keeps its document position, so rules can prefer
what follows the headline.
"""

from __future__ import annotations

import json
import re

from lxml.html import HtmlElement

_COMMENT_IDS = {"respond", "commentform", "disqus_thread", "comments", "comment-form"}
# Class-name words the rules look for, found with one regex per class attribute.
_CLASS_WORDS = re.compile(
    r"byline|author|writer|comment-respond|comment-form|comments-title|date|publish|posted|timestamp"
)
_SKIP_TAGS = {"meta", "script", "style", "link", "title", "noscript"}
_DISQUS_INLINE = re.compile(r"disqus\.com/embed\.js|disqus_shortname|disqus_config", re.I)
# Links to author pages ("/author/jane-doe", "/by/jane-doe", "/staff/jane-doe"): a CMS-wide convention.
AUTHOR_HREF = re.compile(
    r"/(?:authors?|by|staff|people|writers?|editors?|contributors?|profiles?|journalists?|u)/[^/?#]+/?$"
)
_CLOSED = re.compile(
    r"\b(?:comments?\s+(?:are|is)\s+(?:now\s+)?closed|comments?\s+(?:have\s+been|are)\s+(?:closed|disabled|turned off)"
    r"|commenting\s+(?:is\s+)?(?:now\s+)?(?:closed|disabled)|comments\s+closed)\b",
    re.I,
)
_HEADING_TAGS = {"h1", "h2", "h3", "h4"}
# Chartbeat's analytics configuration, which news sites fill with the article's authors:
# "_sf_async_config.authors = 'A, B'", "_sf_async_config = {..., authors: 'A'}", or as JSON
# '"chartbeat": {..., "authors": "A"}' in a page's data layer.
_CHARTBEAT = re.compile(
    r"""_sf_async_config\s*(?:\.\s*authors\s*=|=\s*\{[^{}]*?\bauthors\s*:)\s*(["'])(?P<js>.*?)\1"""
    r'''|"chartbeat"\s*:\s*\{[^{}]*?"authors"\s*:\s*"(?P<json>(?:[^"\\]|\\.)*)"'''
)


def chartbeat_authors(text: str) -> list[str]:
    """The author strings of every Chartbeat configuration in one script or data value."""
    values = []
    for match in _CHARTBEAT.finditer(text):
        if match.group("json") is not None:
            try:
                values.append(json.loads(f'"{match.group("json")}"'))
            except ValueError:
                continue
        else:
            values.append(match.group("js"))
    return [value.strip() for value in values if value.strip()]


class PageScan:
    """Signals of one page, in document order; ``position`` maps collected elements to it."""

    def __init__(self, tree: HtmlElement):
        self.meta: dict[str, list[str]] = {}
        self.jsonld: list[str] = []
        self.title = ""
        self.canonical = ""
        self.h1: list[HtmlElement] = []
        self.headings: list[HtmlElement] = []  # h1-h4 and comment titles, for "12 Comments"
        self.marked_headlines: list[HtmlElement] = []  # itemprop=headline
        self.bylines: list[HtmlElement] = []
        self.dated: list[HtmlElement] = []
        self.times: list[str] = []  # <time datetime> / itemprop=datePublished, marked ones first
        self.marked_times: list[str] = []  # <time pubdate> and itemprop=datePublished only
        self.time_elements: list[HtmlElement] = []  # every <time datetime>, for the text it prints
        self.tag_links: list[HtmlElement] = []  # <a rel=tag>
        self.links: list[tuple[str, HtmlElement]] = []  # (href, <a>) of every link, for permalinks
        self.chartbeat_authors: list[str] = []  # the authors the page gives its Chartbeat analytics
        self.comment_markup = False
        self.disqus = False
        self.closed_notice = False
        self.position: dict[HtmlElement, int] = {}  # document order of collected elements
        self._walk(tree)

    def _walk(self, tree: HtmlElement) -> None:
        # Hot loop (every element of every page): plain C-level attribute reads, one regex
        # per class string, and no per-element generator expressions.
        marked_times = self.marked_times
        position = self.position
        for index, element in enumerate(tree.iter()):
            tag = element.tag
            if tag in _SKIP_TAGS:
                if tag == "meta":
                    self._meta(element)
                elif tag == "script":
                    self._script(element)
                elif tag == "link":
                    if not self.canonical and (element.get("rel") or "").lower() == "canonical":
                        self.canonical = (element.get("href") or "").strip()
                elif tag == "title" and not self.title:
                    self.title = element.text_content()
                continue
            text = element.text
            if text and ("losed" in text or "isabled" in text) and _CLOSED.search(text):
                self.closed_notice = True
            cls = element.get("class")
            ident = element.get("id")
            itemprop = element.get("itemprop")
            if tag in _HEADING_TAGS:
                self.headings.append(element)
                if tag == "h1":
                    self.h1.append(element)
                position[element] = index
            elif tag == "a":
                rel = element.get("rel")
                if rel and "tag" in rel.lower().split():
                    self.tag_links.append(element)
                href = element.get("href")
                if href:
                    self.links.append((href, element))
                if (rel and "author" in rel.lower()) or (href and AUTHOR_HREF.search(href)):
                    self.bylines.append(element)
                    position[element] = index
            elif tag == "time":
                value = element.get("datetime")
                if value:
                    (marked_times if element.get("pubdate") is not None else self.times).append(value)
                    self.time_elements.append(element)
            elif tag == "form" and "wp-comments-post" in (element.get("action") or ""):
                self.comment_markup = True
            if itemprop:
                if itemprop == "headline":
                    self.marked_headlines.append(element)
                elif itemprop == "author":
                    self._byline(element, index)
                elif itemprop == "datePublished":
                    value = element.get("content") or element.get("datetime")
                    if value:
                        marked_times.append(value)
            if ident:
                ident = ident.lower()
                if ident in _COMMENT_IDS:
                    self.comment_markup = True
                if "byline" in ident:
                    self._byline(element, index)
                if "date" in ident:
                    self.dated.append(element)
                    position[element] = index
                if ident == "comments-title":
                    self.headings.append(element)
            if cls:
                # Plain substring tests first: a regex per class string costs twice the walk.
                lowered = cls.lower()
                if (
                    "author" in lowered
                    or "date" in lowered
                    or "byline" in lowered
                    or "writer" in lowered
                    or "comment" in lowered
                    or "publish" in lowered
                    or "posted" in lowered
                    or "timestamp" in lowered
                ):
                    self._classed(element, index, _CLASS_WORDS.findall(lowered))
        self.times = marked_times + self.times
        self.marked_times = marked_times

    def _byline(self, element: HtmlElement, index: int) -> None:
        if not (self.bylines and self.bylines[-1] is element):
            self.bylines.append(element)
            self.position[element] = index

    def _classed(self, element: HtmlElement, index: int, words: list[str]) -> None:
        for word in words:
            if word in ("byline", "author", "writer"):
                self._byline(element, index)
            elif word in ("comment-respond", "comment-form"):
                self.comment_markup = True
            elif word == "comments-title":
                self.headings.append(element)
            elif not (self.dated and self.dated[-1] is element):
                self.dated.append(element)
                self.position[element] = index

    def _meta(self, element: HtmlElement) -> None:
        # A few CMSes (and saved copies) write value= where the standard says content=.
        content = element.get("content") or element.get("value")
        if content is None or not content.strip():
            return
        for attr in ("property", "name", "itemprop"):
            key = element.get(attr)
            if key:
                self.meta.setdefault(key.strip().lower(), []).append(content.strip())
        if '"chartbeat"' in content:
            self.chartbeat_authors += chartbeat_authors(content)

    def _script(self, element: HtmlElement) -> None:
        kind = (element.get("type") or "").lower()
        if "ld+json" in kind:
            if element.text:
                self.jsonld.append(element.text)
            return
        src = element.get("src")
        if src:
            if "disqus.com" in src:
                self.disqus = True
            return
        text = element.text
        if not text:
            return
        if "disqus" in text and _DISQUS_INLINE.search(text):
            self.disqus = True
        if "_sf_async_config" in text or '"chartbeat"' in text:
            self.chartbeat_authors += chartbeat_authors(text)

    def after(self, elements: list[HtmlElement], headline: HtmlElement | None) -> list[HtmlElement]:
        """Elements after the headline first (a byline or date printed under the headline
        belongs to the article; earlier ones are navigation or other stories)."""
        if headline is None or headline not in self.position:
            return elements
        start = self.position[headline]
        return sorted(elements, key=lambda e: self.position.get(e, 0) < start)
