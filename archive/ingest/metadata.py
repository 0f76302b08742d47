"""Our metadata layer: each field from the most reliable signal the page has.

Order of trust, per field: structured data the publisher maintains for search
engines and social cards (JSON-LD, OpenGraph/article:*, citation_*, parsely,
Dublin Core), then what the page prints (bylines, <time>, headings), then
trafilatura's guesses (only computed when something is still missing, since
its date search is the slowest part of metadata extraction).
No rule here names a site: everything is a general convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.metadata import extract_title as trafilatura_title

from .authors import (
    body_byline,
    credited_names,
    in_comments,
    jsonld_authors,
    page_byline,
    slug_name,
    split_authors,
    unique_names,
)
from .comments import comment_state
from .dates import local_dates, parse_date, script_language
from .jsonld import first_value, jsonld_articles
from .published import DateSource, published_date
from .scan import PageScan
from .sources import source_name
from .tags import editorial_tags
from .titles import clean_title, domain_label, names_site, site_key_list


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
    date_source: str = ""  # where the published date came from (published.DateSource)
    published_offset: int | None = None  # the page's own UTC offset for it, minutes
    modified: datetime | None = None
    language: str = ""
    read_time: int | None = None
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # the publisher's raw keyword values
    comments_open: bool | None = None
    comment_count: int | None = None


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return re.sub(r"\s+", " ", str(value or "")).strip()


class _Signals:
    """What the page declares, gathered once and read by each field's rule."""

    def __init__(self, tree: HtmlElement, url: str, body: list[str]):
        self.tree, self.url, self.body = tree, url, body
        self.scan = PageScan(tree)
        self.meta = self.scan.meta
        self.articles = jsonld_articles(self.scan.jsonld)
        self.headline = None  # the <h1> taken as the printed headline, when there is one

    def get(self, *names: str) -> str:
        for name in names:
            for value in self.meta.get(name, ()):
                return value
        return ""

    def all(self, *names: str) -> list[str]:
        return [value for name in names for value in self.meta.get(name, ())]

    def ld(self, key: str):
        return first_value(self.articles, key)

    # trafilatura's guesses, one field at a time and only for pages that lack it: its
    # author search copies the tree and its date search (htmldate) scans the whole text.
    def guessed_title(self) -> str:
        return trafilatura_title(self.tree) or ""

    def guessed_author(self) -> str:
        return trafilatura_author(self.tree) or ""


def _canonical(s: _Signals) -> str:
    if s.scan.canonical:
        return urljoin(s.url, s.scan.canonical)
    value = s.get("og:url") or _ld_url(s)
    return urljoin(s.url, value) if value else ""


def _ld_url(s: _Signals) -> str:
    """The article's own address in its JSON-LD (url, or mainEntityOfPage's @id)."""
    value = s.ld("url")
    main = s.ld("mainEntityOfPage")
    if not isinstance(value, str) and isinstance(main, dict):
        value = main.get("@id") or main.get("url")
    elif not isinstance(value, str) and isinstance(main, str):
        value = main
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else ""


_MICRODATA_PUBLISHER = '//*[contains(@itemprop, "publisher")]//*[@itemprop="name"]'


def _source(s: _Signals, canonical: str, refused: list[str]) -> tuple[str, str, str]:
    url = s.url or canonical
    domain = urlsplit(url).hostname or "" if url else ""
    domain = domain.lower().removeprefix("www.")
    publisher = s.ld("publisher")
    # The site's own name first: a JSON-LD publisher is sometimes the wire that wrote the story,
    # and application-name the publishing platform ("Blogger").
    candidates = [*s.all("og:site_name"), _text(publisher) if publisher else "", *s.all("publisher")]
    candidates += [_text(e.get("content") or e.text_content()) for e in s.tree.xpath(_MICRODATA_PUBLISHER)]
    candidates += s.all("dc.publisher", "citation_publisher", "application-name")
    refused = [*refused, *s.all("article:section", "og:article:section")]
    name = source_name(candidates, s.all("twitter:site"), domain, refused, s.scan.title)
    source_url = f"{urlsplit(url).scheme or 'https'}://{urlsplit(url).hostname}/" if domain else ""
    return name, domain, source_url


# Ancestors whose <h1> is the site's logo or a section banner, not the headline.
_BRANDING = re.compile(r"logo|brand|masthead|site-?title|site-?name|navbar|menu", re.I)
_MAX_HEADINGS = 4


def _headings(s: _Signals, site_keys: list[str]) -> list[str]:
    """Printed <h1> headlines, those inside <article>/<main> first, without branding;
    remembers the first one's element, where the article's byline usually follows."""
    inside, outside, elements = [], [], []
    for h1 in s.scan.h1:
        text = re.sub(r"\s+", " ", h1.text_content()).strip()
        if not (2 <= len(text) <= 300) or names_site(text, site_keys):
            continue
        ancestors = [h1, *h1.iterancestors()]
        if any(a.tag in ("nav", "footer") for a in ancestors):
            continue
        if any(_BRANDING.search((a.get("class") or "") + " " + (a.get("id") or "")) for a in ancestors[:3]):
            continue
        # A heading that is wholly a link is a section banner ("Business", "Videos").
        links = h1.findall(".//a")
        if links and re.sub(r"\s+", " ", " ".join(a.text_content() for a in links)).strip() == text:
            continue
        in_article = any(a.tag in ("article", "main") for a in ancestors)
        (inside if in_article else outside).append(text)
        elements.append((not in_article, h1))
    if elements:
        s.headline = min(elements, key=lambda pair: pair[0])[1]
    return unique_names(inside + outside)


def _headline_like(text: str) -> bool:
    # Three words, or for scripts written without spaces, ten characters.
    return len(text.split()) >= 3 or len(re.sub(r"[\x00-\x7f]", "", text)) >= 10


def _title(s: _Signals, site_names: list[str]) -> str:
    """The headline. The printed one (microdata headline, or an <h1> that agrees with a
    declared title, or the page's only clear <h1>) comes before declared titles: social
    and search titles are often rewritten versions of it. Declared titles (JSON-LD,
    OpenGraph, citation/parsely/DC, <title>) lose the site name."""
    site_keys = site_key_list(site_names)
    declared = [
        _text(s.ld("headline")),
        s.get("og:title"),
        s.get("twitter:title"),
        s.get("citation_title", "parsely-title", "dc.title", "dcterms.title", "title"),
        _text(s.ld("name")),
    ]
    declared.append(re.sub(r"\s+", " ", s.scan.title).strip())
    # A declared title that is only the site's name says nothing about the article.
    declared = [c for c in declared if c and not names_site(c, site_keys)]
    headings = _headings(s, site_keys)  # also sets s.headline for the byline and date rules
    # Microdata marks the printed headline explicitly.
    for element in s.scan.marked_headlines:
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if 2 <= len(text) <= 300:
            return text
    # The printed headline is what readers see; social/SEO titles are often rewritten.
    # Trust it when it agrees with a declared title, or when the page has a single clear one;
    # a heading that is only a small part of the declared title (a name, a repository) is not it.
    for heading in headings:
        for candidate in declared:
            if heading.casefold() in candidate.casefold():
                cleaned = clean_title(candidate, site_names, headings)
                return heading if len(heading) >= 0.6 * len(cleaned) else cleaned
    # An <h1> that agrees with nothing declared must at least look like a headline, not
    # a section name ("Opinion", "Politics") styled as a heading.
    if headings and len(headings) <= _MAX_HEADINGS and (not declared or _headline_like(headings[0])):
        return headings[0]
    if declared:
        return clean_title(declared[0], site_names, headings)
    return clean_title(s.guessed_title(), site_names, headings)


def _from_meta(s: _Signals, *keys: str) -> list[str]:
    values = [v for v in s.all(*keys) if not v.lower().startswith(("http", "www.", "/"))]
    return unique_names([name for value in values for name in split_authors(value)])


# article:author is the article's own; name=author is sometimes the publisher's.
_AUTHOR_META = ("article:author", "og:article:author", "author", "byl", "byline", "parsely-author", "sailthru.author")


def _authors(s: _Signals, site_names: list[str]) -> tuple[list[str], str]:
    """Authors and the byline as printed, without the publication itself when people
    are named too ("Jane Doe, Business Insider")."""
    names, byline = _author_signal(s)
    keys = site_key_list(site_names)
    label = domain_label((urlsplit(s.url).hostname or "").removeprefix("www."))
    credited = credited_names([" ".join(b.itertext()) for b in s.scan.bylines])
    if credited:
        # A meta author list naming everyone who worked on the page: the credited are not its authors.
        names = [name for name in names if name.casefold() not in credited] or names
    people = [name for name in names if not names_site(name, keys) and not _domain_brand(name, label)]
    return (people, byline) if people else (names, byline)


def _domain_brand(name: str, label: str) -> bool:
    """ "Sputnik International" on sputniknews.com: the publication under another form."""
    first = re.sub(r"\W", "", name.split()[0]).casefold() if name.split() else ""
    return len(first) >= 5 and bool(label) and label.startswith(first)


def _organizations_only(value) -> bool:
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(
        isinstance(item, dict) and "organization" in str(item.get("@type", "")).lower() for item in items
    )


def _author_signal(s: _Signals) -> tuple[list[str], str]:
    """Authors and the byline as printed, from the most reliable signal present."""
    names = jsonld_authors(s.ld("author")) or jsonld_authors(s.ld("creator"))
    fact_check = any("ClaimReview" in str(obj.get("@type")) for obj in s.articles)
    if names and not fact_check and _organizations_only(s.ld("author") or s.ld("creator")):
        # The publisher's owner named as author while the page prints a byline: the byline is it.
        printed, text = page_byline(s.scan, s.headline, (urlsplit(s.url).hostname or "").removeprefix("www."))
        if printed:
            return printed, text
    if names:
        return names, ", ".join(names)
    names = _from_meta(s, *_AUTHOR_META[:2])
    names = names or _from_meta(s, *_AUTHOR_META[2:])
    names = names or _from_meta(s, "dc.creator", "dcterms.creator", "citation_author")
    names = names or unique_names(split_authors(_labelled(s, _WRITTEN_BY)))
    # Analytics and recommendation tags name the author too ("<vendor>:author", "<vendor>-author").
    # (An app banner's "author" is the app's maker.)
    other = [key for key in s.meta if key.endswith("author") and key not in _AUTHOR_META and "banner" not in key]
    names = names or _from_meta(s, *other)
    # So does the Chartbeat analytics configuration (agrees with the byline on every aeb page giving both).
    names = names or unique_names([name for value in s.scan.chartbeat_authors for name in split_authors(value)])
    if names:
        return names, ", ".join(names)
    names, printed = page_byline(s.scan, s.headline, (urlsplit(s.url).hostname or "").removeprefix("www."))
    if names:
        return names, printed
    names = body_byline(s.body)
    if names:
        return names, "By " + ", ".join(names)
    names = unique_names([n for v in s.all("article:author") for n in [slug_name(v)] if n])
    if names:
        return names, ", ".join(names)
    # trafilatura's guess copies the whole tree; on a page without any author markup it
    # has nothing to find either, so it runs only where some byline-like markup exists.
    # Byline markup only inside readers' comments names a commenter, not the author.
    names = split_authors(s.guessed_author()) if any(not in_comments(b) for b in s.scan.bylines) else []
    # Its guess may be a dateline printed in a byline slot ("Washington,"): a place.
    printed = {re.sub(r"\s+", " ", b.text_content()).strip() for b in s.scan.bylines}
    names = [name for name in names if f"{name}," not in printed]
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


def _published(s: _Signals) -> tuple[datetime | None, str, int | None]:
    structured = [(DateSource.JSONLD, _text(s.ld(key))) for key in ("datePublished", "dateCreated")]
    structured += [(DateSource.META, value) for key in _PUBLISHED_META for value in s.meta.get(key, ())]
    modified = [_text(s.ld("dateModified")), *(v for key in _MODIFIED_META for v in s.meta.get(key, ()))]
    return published_date(s.scan, s.tree, structured, [s.url, _canonical(s)], s.headline, modified)


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


def _tags(s: _Signals, site_names: list[str]) -> tuple[list[str], list[str]]:
    """The editorial tags shown, and every raw keyword value the page gave (kept in the capture)."""
    keywords = s.ld("keywords")
    if isinstance(keywords, str):
        keywords = [keywords]
    keywords = [_text(k) for k in keywords] if isinstance(keywords, list) else []
    editorial = [s.all("article:tag", "og:article:tag"), keywords, s.all("parsely-tags"), _story_tag_links(s)]
    fallback = s.all("news_keywords", "keywords")
    raw = [value for values in [*editorial, fallback] for value in values]
    return editorial_tags(editorial, fallback, site_key_list(site_names)), unique_names(raw)


def _story_tag_links(s: _Signals) -> list[str]:
    """The texts of the page's rel=tag links, without those of other stories: on a page of
    several <article> cards (a front page, a "more stories" grid) each card links its own
    tags, and only the card that holds the headline, or no card at all, is this story."""
    cards = {link: next(link.iterancestors("article"), None) for link in s.scan.tag_links}
    if len({card for card in cards.values() if card is not None}) >= 2:
        own = next(s.headline.iterancestors("article"), None) if s.headline is not None else None
        cards = {link: card for link, card in cards.items() if card is None or card is own}
    return [link.text_content() for link in cards]


def _language(s: _Signals) -> str:
    value = s.tree.get("lang") or s.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or s.get("og:locale", "content-language", "dc.language", "language")
    value = value or _text(s.ld("inLanguage"))
    value = value.strip().replace("_", "-")
    return value.split("-")[0].lower() + ("-" + value.split("-")[1].upper() if "-" in value else "") if value else ""


# Labelled card data (twitter:label1/data1 ...), which SEO plugins fill with
# "Written by" / "Est. reading time".
_WRITTEN_BY = re.compile(r"^(?:written by|author|by)\b", re.I)
_READING_TIME = re.compile(r"read", re.I)


def _labelled(s: _Signals, label: re.Pattern) -> str:
    for number in (1, 2, 3, 4):
        if label.search(s.get(f"twitter:label{number}")):
            return s.get(f"twitter:data{number}")
    return ""


def _read_time(s: _Signals) -> int | None:
    match = re.search(r"(\d+)\s*min", _labelled(s, _READING_TIME))
    return int(match.group(1)) if match else None


def extract_metadata(tree: HtmlElement, url: str = "", body: list[str] | None = None) -> PageMeta:
    """Every metadata field of one parsed page."""
    s = _Signals(tree, url, body or [])
    canonical = _canonical(s)
    # A site name that is the page's headline is no site name.
    # (Declared titles only: many blogs print the site's name in an <h1> on every page.)
    headlines = [s.get("og:title", "twitter:title"), _text(s.ld("headline"))]
    headlines = [h for h in headlines if len(h.split()) >= 4]
    name, domain, source_url = _source(s, canonical, headlines)
    # The title goes first: it finds the headline element the byline search starts from.
    site_names = [name, domain_label(domain), _text(s.ld("publisher"))]
    title = _title(s, site_names)
    authors, byline = _authors(s, site_names)
    open_state, count = comment_state(s.scan, s.ld("commentCount"), s.ld("discussionUrl"))
    summary = s.get("description", "og:description", "twitter:description") or _text(s.ld("description"))
    # A page that declares no language is known by its script where only one language writes it (kana,
    # hangul): its zone-less dates are read in that language's zone, and the analysis knows not to read it.
    language = _language(s) or script_language(" ".join([title, *s.body[:5]]))
    tags, keywords = _tags(s, site_names)
    with local_dates(language):
        (published, date_source, published_offset), modified = _published(s), _modified(s)
    return PageMeta(
        title=title,
        canonical_url=canonical,
        source_name=name,
        source_domain=domain,
        source_url=source_url,
        byline=byline,
        authors=authors,
        published=published,
        date_source=date_source,
        published_offset=published_offset,
        modified=modified,
        language=language,
        read_time=_read_time(s),
        summary=summary,
        tags=tags,
        keywords=keywords,
        comments_open=open_state,
        comment_count=count,
    )
