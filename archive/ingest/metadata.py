"""Our metadata layer: each field from the most reliable signal the page has.

Order of trust, per field: structured data the publisher maintains for search
engines and social cards (JSON-LD, OpenGraph/article:*, citation_*, parsely,
Dublin Core), then what the page prints (bylines, <time>, headings), then
trafilatura's guesses (only computed when something is still missing, since
its date search is the slowest part of metadata extraction).
No rule here names a site: everything is a general convention.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from trafilatura.metadata import extract_metadata as trafilatura_metadata

from .authors import body_byline, jsonld_authors, page_byline, split_authors, unique_names
from .comments import comment_state
from .dates import parse_date
from .titles import clean_title, domain_label

# schema.org types that describe the page's own article (CreativeWork subtypes we see on news pages).
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportage",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "posting",
    "creativework",
    "webpage",
    "itempage",
    "review",
    "medicalwebpage",
    "videoobject",
    "discussionforumposting",
    "qapage",
}
# Among those, the ones that are surely the article (a WebPage entry is a weaker signal).
_STRONG_TYPES = _ARTICLE_TYPES - {"webpage", "itempage", "creativework", "medicalwebpage", "videoobject", "qapage"}


@dataclass
class PageMeta:
    title: str = ""
    canonical_url: str = ""
    source_name: str = ""
    source_domain: str = ""
    source_url: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    language: str = ""
    read_time: int | None = None
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    comments_open: bool | None = None
    comment_count: int | None = None


def _types(obj: dict) -> set[str]:
    value = obj.get("@type") or []
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _walk(node, found: list[dict]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
    elif isinstance(node, dict):
        if _types(node) & _ARTICLE_TYPES:
            found.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                _walk(node[key], found)


def jsonld_articles(tree: HtmlElement) -> list[dict]:
    """JSON-LD article objects (also inside @graph, lists and mainEntity), strongest types first."""
    found: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            # Some CMSes leave raw control characters or a trailing ";" in the block.
            try:
                data = json.loads(re.sub(r"[\x00-\x1f]+", " ", text).rstrip(";"))
            except ValueError:
                continue
        _walk(data, found)
    return sorted(found, key=lambda obj: not (_types(obj) & _STRONG_TYPES))


def _first(objects: list[dict], key: str):
    for obj in objects:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """All <meta> values by lower-cased name/property/itemprop, in page order."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = meta.get(attr)
            if key:
                tags.setdefault(key.strip().lower(), []).append(content.strip())
    return tags


class _Signals:
    """What the page declares, gathered once and read by each field's rule."""

    def __init__(self, tree: HtmlElement, url: str, body: list[str]):
        self.tree, self.url, self.body = tree, url, body
        self.meta = meta_tags(tree)
        self.articles = jsonld_articles(tree)
        self._trafilatura = None

    def get(self, *names: str) -> str:
        for name in names:
            for value in self.meta.get(name, ()):
                return value
        return ""

    def all(self, *names: str) -> list[str]:
        return [value for name in names for value in self.meta.get(name, ())]

    def ld(self, key: str):
        return _first(self.articles, key)

    @property
    def trafilatura(self):
        # Run lazily: only pages missing a field pay for trafilatura's metadata pass.
        if self._trafilatura is None:
            self._trafilatura = trafilatura_metadata(self.tree, self.url or None)
        return self._trafilatura


def _canonical(s: _Signals) -> str:
    for href in s.tree.xpath('//link[@rel="canonical"]/@href'):
        if href.strip():
            return urljoin(s.url, href.strip())
    value = s.get("og:url")
    return urljoin(s.url, value) if value else ""


def _source(s: _Signals, canonical: str) -> tuple[str, str, str]:
    url = s.url or canonical
    domain = urlsplit(url).hostname or "" if url else ""
    domain = domain.lower().removeprefix("www.")
    publisher = s.ld("publisher")
    name = s.get("og:site_name", "application-name", "twitter:site", "dc.publisher", "citation_publisher")
    if not name and publisher:
        name = _text(publisher)
    if name.startswith("@"):
        name = ""
    if not name and domain:
        name = domain
    source_url = f"{urlsplit(url).scheme or 'https'}://{urlsplit(url).hostname}/" if domain else ""
    return name, domain, source_url


def _title(s: _Signals, site_names: list[str]) -> str:
    candidates = [
        _text(s.ld("headline")),
        s.get("og:title"),
        s.get("twitter:title"),
        s.get("citation_title", "parsely-title", "dc.title", "dcterms.title", "title"),
        _text(s.ld("name")),
    ]
    title_tag = s.tree.find(".//title")
    candidates.append(re.sub(r"\s+", " ", title_tag.text_content()).strip() if title_tag is not None else "")
    headings = [re.sub(r"\s+", " ", h.text_content()).strip() for h in s.tree.xpath("//h1")[:3]]
    for candidate in candidates:
        if candidate:
            return clean_title(candidate, site_names, headings)
    for heading in headings:
        if heading:
            return heading
    return clean_title(s.trafilatura.title or "", site_names, headings)


def _authors(s: _Signals) -> tuple[list[str], str]:
    names = jsonld_authors(s.ld("author")) or jsonld_authors(s.ld("creator"))
    if names:
        return names, ", ".join(names)
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator"):
        values = [v for v in s.all(key) if not v.lower().startswith(("http", "www."))]
        names = unique_names([name for value in values for name in split_authors(value)])
        if names:
            return names, ", ".join(names)
    names = unique_names([name for value in s.all("citation_author") for name in split_authors(value)])
    if names:
        return names, ", ".join(names)
    names, printed = page_byline(s.tree)
    if names:
        return names, printed
    names = body_byline(s.body)
    if names:
        return names, "By " + ", ".join(names)
    names = split_authors(s.trafilatura.author or "")
    return names, ", ".join(names)


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "article.published",
    "og:pubdate",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")


def _published(s: _Signals) -> datetime | None:
    for value in (s.ld("datePublished"), s.ld("dateCreated")):
        date = parse_date(_text(value)) if value else None
        if date:
            return date
    for key in _PUBLISHED_META:
        for value in s.meta.get(key, ()):
            date = parse_date(value)
            if date:
                return date
    times = s.tree.xpath(
        '//time[@pubdate or @itemprop="datePublished"]/@datetime'
        ' | //*[@itemprop="datePublished"]/@content | //time[@datetime]/@datetime'
    )
    for value in times:
        date = parse_date(value)
        if date:
            return date
    return parse_date(s.trafilatura.date) if s.trafilatura.date else None


def _modified(s: _Signals) -> datetime | None:
    value = s.ld("dateModified")
    date = parse_date(_text(value)) if value else None
    if date:
        return date
    for key in _MODIFIED_META:
        for value in s.meta.get(key, ()):
            date = parse_date(value)
            if date:
                return date
    return None


def _tags(s: _Signals) -> list[str]:
    tags = list(s.all("article:tag", "og:article:tag"))
    keywords = s.ld("keywords")
    if isinstance(keywords, str):
        tags += keywords.split(",")
    elif isinstance(keywords, list):
        tags += [_text(k) for k in keywords]
    tags += [a.text_content() for a in s.tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]')]
    if not tags:
        tags += s.get("news_keywords", "keywords", "parsely-tags").split(",")
    cleaned = [re.sub(r"\s+", " ", t).strip() for t in tags]
    return unique_names([t for t in cleaned if t and len(t) <= 60])


def _language(s: _Signals) -> str:
    value = s.tree.get("lang") or s.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or s.get("og:locale", "content-language", "dc.language", "language")
    value = value or _text(s.ld("inLanguage"))
    value = value.strip().replace("_", "-")
    return value.split("-")[0].lower() + ("-" + value.split("-")[1].upper() if "-" in value else "") if value else ""


def _read_time(s: _Signals) -> int | None:
    value = (
        s.get("twitter:data2", "twitter:data1") if "read" in s.get("twitter:label2", "twitter:label1").lower() else ""
    )
    match = re.search(r"(\d+)\s*min", value or "")
    return int(match.group(1)) if match else None


def extract_metadata(tree: HtmlElement, url: str = "", body: list[str] | None = None) -> PageMeta:
    """Every metadata field of one parsed page."""
    s = _Signals(tree, url, body or [])
    canonical = _canonical(s)
    source_name, domain, source_url = _source(s, canonical)
    authors, byline = _authors(s)
    open_state, count = comment_state(tree, s.ld("commentCount"), s.ld("discussionUrl"))
    summary = s.get("description", "og:description", "twitter:description") or _text(s.ld("description"))
    return PageMeta(
        title=_title(s, [source_name, domain_label(domain), _text(s.ld("publisher"))]),
        canonical_url=canonical,
        source_name=source_name,
        source_domain=domain,
        source_url=source_url,
        byline=byline,
        authors=authors,
        published=_published(s),
        modified=_modified(s),
        language=_language(s),
        read_time=_read_time(s),
        summary=summary,
        tags=_tags(s),
        comments_open=open_state,
        comment_count=count,
    )
