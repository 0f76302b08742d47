"""The publication's name: from its own publisher data, its site name, or its domain.

Candidates, most trusted first: the JSON-LD publisher's name, a microdata
publisher, ``og:site_name``, ``application-name``, Dublin Core and citation
publishers, then the part of the page's title that spells the site's social
handle or its domain ("… - Phoronix" beside "@phoronix"), then a social handle that
spells the domain ("@Reuters" on reuters.com). A candidate is refused when it is a URL or a path, a generic or
section word ("Hosted", "Magazine", "U.S."), the page's section or headline, or
too long to be a name, or a slogan (several words in lower case); a site name
written as a list ("Site | slogan", "Slogan | Site") keeps its first part that
can be a name. When nothing is left, the domain is the name.
"""

from __future__ import annotations

import re

from .titles import domain_label

# Words that name a kind of page or a section, never a publication.
_GENERIC = {
    "blog",
    "business",
    "english",
    "entertainment",
    "home",
    "homepage",
    "hosted",
    "index",
    "latest",
    "magazine",
    "news",
    "online",
    "opinion",
    "politics",
    "science",
    "sports",
    "technology",
    "u.s.",
    "uk",
    "us",
    "website",
    "world",
}
_URLISH = re.compile(r"^(?:[a-z]+://|www\.|/)|^@|\.(?:com|net|org)/", re.I)
_LIST_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_MAX_WORDS = 8
_MAX_CHARS = 80
_SLOGAN_LOWER_WORDS = 3


def _tidy(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip()


def acceptable(name: str, refused: list[str], domain: str = "") -> str:
    """The name cleaned, or "" when it cannot be a publication's name."""
    name = _tidy(name)
    if not name or _URLISH.search(name):
        return ""
    if name.islower() and name == domain_label(domain):
        return ""  # a slug of the domain ("cleveland"): the domain itself says more
    # A list ("Site | slogan", "Slogan | Site") gives its first part that can be a name.
    for part in _LIST_SEPARATOR.split(name):
        part = part.strip()
        if _nameable(part, refused):
            return part
    return ""


def _nameable(name: str, refused: list[str]) -> bool:
    if not name or name.casefold() in _GENERIC or len(name) > _MAX_CHARS or len(name.split()) > _MAX_WORDS:
        return False
    if _is_slogan(name):
        return False
    return not any(name.casefold() == other.casefold() for other in refused if other)


def _is_slogan(name: str) -> bool:
    """A phrase, not a name: in a cased script, publication names capitalise their
    words but for a few joining ones ("Voice of America", "heise online"); a slogan
    ("Your trusted source for local news") runs on in lower case."""
    words = name.split()
    return sum(1 for w in words if w[0].islower()) >= _SLOGAN_LOWER_WORDS


def _handle(value: str, domain: str) -> str:
    """A social handle that is the domain's own name ("@Reuters" on reuters.com)."""
    handle = _tidy(value).lstrip("@").rsplit("/", 1)[-1]
    label = domain_label(domain)
    if not handle or not label or handle.casefold() != label.casefold():
        return ""
    return handle.upper() if handle.islower() and len(handle) <= 4 else handle


def _titled(title: str, handles: list[str], domain: str, refused: list[str]) -> str:
    """The part of the page's <title> ("Steam's Linux Share Ticks Up - Phoronix") that spells its
    domain's name, or, on a page saved without its address, the site's social handle ("@phoronix"):
    the publication, as it writes itself."""
    # The domain's name where the address is known (a section's own handle, "@PolitiFactWV", names
    # the section); the handle only where it is not.
    own = (
        {domain_label(domain).casefold()}
        if domain
        else {_tidy(h).lstrip("@").rsplit("/", 1)[-1].casefold() for h in handles}
    )
    own.discard("")
    parts = [part.strip() for part in _LIST_SEPARATOR.split(_tidy(title))]
    for part in parts[1:] if len(parts) > 1 else ():
        if re.sub(r"[\s.]", "", part).casefold() in own and _nameable(part, refused):
            return part
    return ""


def source_name(candidates: list[str], handles: list[str], domain: str, refused: list[str], title: str = "") -> str:
    """The publication's name (see the module docstring); ``refused`` holds the page's
    section and headline, which a site name must not be; ``title`` is the page's <title>."""
    for candidate in candidates:
        name = acceptable(candidate, refused, domain)
        if name:
            return name
    name = _titled(title, handles, domain, refused)
    if name:
        return name
    for value in handles:
        name = _handle(value, domain)
        if name and not name.islower():
            return name
    return domain
