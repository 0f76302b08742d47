"""Tags: the page's editorial tags, without the publishers' machine keywords.

Editorial tags come from ``article:tag``, the JSON-LD ``keywords``, ``parsely-tags``
and ``rel=tag`` links. Each ``article:tag`` or list item is one tag, whatever
commas it holds ("Baker, Al", "Chelsea (Manhattan, NY)"); a single value that
is itself a list is split at the commas outside parentheses. The ``keywords``
and ``news_keywords`` meta tags are written for search engines and feed
systems: they are used only when nothing editorial exists, and not at all when
any entry shows a machine origin, since then the whole list came from one.

Dropped everywhere: CMS ids ("@post-id:1"), codes and ticker symbols
("7974.TO"), underscored or colon-joined identifiers ("channel_other",
"source:tagname:X"), entity-type suffixes ("GOVERNMENT_FIGURE PERSON"),
a taxonomy's label before its term ("Category: Moon" is "Moon"), leftover HTML
entities, domains, run-together lowercase identifiers ("serversidehawk"), the
site's own name and placement words ("Front Page", "Articles"). The raw values
stay in the capture (``ParsedPage.keywords``).
"""

from __future__ import annotations

import html
import re

from .authors import unique_names
from .titles import names_site

_MAX_CHARS = 60
# A keyword of more words than this is a sentence or a caption, not a tag (search-engine
# keyword lists hold more of those, so they get the stricter limit).
_MAX_WORDS, _MAX_SEO_WORDS = 6, 4
# Placement, format and housekeeping words that say where a story is shown, not what it is about.
_PLACEMENT = {
    "all",
    "article",
    "articles",
    "breaking",
    "breaking news",
    "featured",
    "front page",
    "frontpage",
    "home",
    "homepage",
    "latest",
    "latest news",
    "main",
    "news",
    "no autolink",
    "post",
    "posts",
    "slideshow",
    "story",
    "top news",
    "top stories",
    "uncategorized",
    "video",
    "videos",
}
_CODE = re.compile(r"^[A-Z0-9]{1,6}[.:][A-Z0-9]{1,4}$|^\d+$|^\d{3,}\s|^[A-Z]{1,5}\d+[A-Z\d]*$")
_MACHINE_MARK = re.compile(r"_|^@|^/|:\S|&[a-z]+;?$|&[a-z]+\b(?![ ;])|[A-Z]{3,}_|\b(?:PERSON|ORGANIZATION|LOCATION)\b")
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co|io|info|news|uk|de|fr|in)$", re.I)
# Two or more shouted words before a capitalised one: "SPACE VIZZION CONCEPT Volkswagen",
# a feed's product-and-company keyword; a long shouted word among mixed-case ones.
_SHOUTED_PREFIX = re.compile(r"^(?:[A-Z][A-Z0-9]+\s+){2,}[A-Z][a-z]")
_SHOUTED_WORD = re.compile(r"^[A-Z]{6,}$")
_RUN_ON = re.compile(r"^[a-z]{12,}$")


def split_list(value: str) -> list[str]:
    """A keyword list in one string, split at commas outside parentheses."""
    parts, depth, current = [], 0, []
    for char in value:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in (re.sub(r"\s+", " ", part).strip() for part in parts) if p]


# A CMS that writes its taxonomy's name before each term ("Category: Moon", "topic: White House").
_TAXONOMY_LABEL = re.compile(r"^(?:categor(?:y|ies)|topics?|sections?|tags?|subjects?|keywords?)\s*:\s+", re.I)


# A keyword written inside quotation marks ('"ANDREW LLOYD WEBBER"'): the marks are not part of it.
_QUOTED = re.compile(r'^["“”„\'‘’](.+)["“”\'‘’]$')


def _tidy(value: str) -> str:
    # Some pages escape their keywords twice ("PG&amp;amp;E").
    value = _TAXONOMY_LABEL.sub("", re.sub(r"\s+", " ", html.unescape(value or "")).strip())
    return _QUOTED.sub(r"\1", value).strip()


def machine_keyword(tag: str, site_keys: list[str]) -> bool:
    """Whether a keyword is a code, identifier or placement word rather than a topic."""
    if not re.search(r"\w", tag) or len(tag) > _MAX_CHARS or _MACHINE_MARK.search(tag) or _CODE.search(tag):
        return True
    if _DOMAIN.match(tag) or _RUN_ON.match(tag) or _SHOUTED_PREFIX.match(tag):
        return True
    if tag.casefold() in _PLACEMENT or (tag.islower() and len(tag) <= 2):
        return True
    return bool(site_keys) and names_site(tag, site_keys) and len(tag.split()) <= 2


def _abbreviation_of(short: str, previous: str) -> bool:
    """ "MSFT" after "Microsoft", "EA" after "Electronic Arts": a ticker or short form
    of the keyword before it, its letters in order."""
    if not (re.fullmatch(r"[A-Z]{2,5}", short) and previous):
        return False
    letters = iter(previous.upper())
    return short[0] == previous[0].upper() and all(ch in letters for ch in short)


_FUNCTION_WORDS = {"and", "of", "the", "for", "in", "on", "a", "an", "&", "to", "at", "de", "la", "y", "und"}
_AGENCIES = {"ap", "associated press", "the associated press", "reuters", "afp", "dpa", "upi", "ap wire"}
_TICKER = re.compile(r"^[A-Z0-9]{1,6}\.[A-Z]{1,4}$")


def _phrase(tag: str) -> bool:
    """A capitalised keyword of four words or more with ordinary lowercase words in it
    is a sentence or a description ("Jane Doe, a spokesperson for X"), not a tag."""
    words = tag.split()
    if len(words) < 4 or tag.islower():
        return False
    return any(w.islower() and w not in _FUNCTION_WORDS for w in words)


def _unslug(tag: str) -> str:
    """ "rock-hall-2020" -> "rock hall 2020": a URL slug used as a tag."""
    if " " not in tag and tag.islower() and tag.count("-") >= 1 and re.fullmatch(r"[\w-]+", tag):
        return tag.replace("-", " ")
    return tag


def editorial_tags(lists: list[list[str]], fallback: list[str], site_keys: list[str]) -> list[str]:
    """The tags to show: ``lists`` are the editorial sources (each item one tag, or a
    single item holding a list), ``fallback`` the SEO keyword strings."""
    tags: list[str] = []
    for values in lists:
        values = [_tidy(v) for v in values if _tidy(v)]
        if len(values) == 1:
            values = split_list(values[0])
        if any(v.casefold() in _AGENCIES for v in values):
            # Editors do not tag a story with the agency that wrote it: a list that does is
            # the agency feed's classification (its feed labels, "A Wire", "Choice Plus");
            # the page's other keyword lists then come from that feed too.
            return unique_names(tags)
        if any(_TICKER.match(v) for v in values):
            # A list holding exchange tickers comes from a financial data feed: its
            # lowercase entries are that feed's subject codes, not the editors' tags.
            values = [v for v in values if not v.islower()]
        tags += [_unslug(t) for t in _clean(values, site_keys) if not _phrase(t)]
    if tags:
        return unique_names(tags)
    keywords = [part for value in fallback for part in split_list(_tidy(value))]
    if any(_machine_list_entry(k) or k.casefold() in _AGENCIES for k in keywords):
        return []
    return unique_names([_unslug(t) for t in _clean(keywords, site_keys, _MAX_SEO_WORDS) if not _phrase(t)])


def _machine_list_entry(keyword: str) -> bool:
    if not re.search(r"\w", keyword):
        return True  # a stray quote or entity left by the keyword generator
    return bool(_MACHINE_MARK.search(keyword) or _SHOUTED_PREFIX.match(keyword) or _SHOUTED_WORD.match(keyword))


def _clean(values: list[str], site_keys: list[str], max_words: int = _MAX_WORDS) -> list[str]:
    kept, previous = [], ""
    for value in values:
        code_after_code = bool(re.fullmatch(r"[A-Z]{2,5}", value)) and bool(_CODE.search(previous))
        phrase = len(value.split()) > max_words or re.match(r"(?i)(?:a|an|the)\s+\S+\s+\S+", value)
        if not (machine_keyword(value, site_keys) or _abbreviation_of(value, previous) or code_after_code or phrase):
            kept.append(value)
        previous = value
    return kept
