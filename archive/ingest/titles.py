"""Headlines without the site name that <title> and og:title often carry.

"Story headline | The Daily Site", "Story - Site.com" and "Site: Story" lose
the part that names the site (its declared name or its domain); a page <h1>
that matches one part of the title is also taken as the headline.
"""

from __future__ import annotations

import re

# Separators between a headline and the site name: spaced dashes, bars, bullets, colons.
_SEPARATOR = re.compile(r"\s+[|\-–—·•»:/－]{1,2}\s+|\s*[|｜：]\s*|\s*::\s*|(?<=[^\x00-\x7f]):(?=\S)")
_PREFIX = re.compile(r"^([^:：]{2,40})[:：]\s*")
_PUBLIC_SUFFIXES = {"com", "net", "org", "co", "uk", "jp", "de", "fr", "io", "gov", "edu", "info", "news", "ne", "ac"}


def domain_label(domain: str) -> str:
    """The distinctive label of a host name: "www.example.co.uk" -> "example"."""
    labels = [part for part in (domain or "").lower().split(".") if part and part != "www"]
    while len(labels) > 1 and labels[-1] in _PUBLIC_SUFFIXES:
        labels.pop()
    return labels[-1] if labels else ""


def _key(text: str) -> str:
    text = text.casefold()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"\.(?:com|net|org|co\.uk|co|io|de|fr|jp)$", "", text)
    return re.sub(r"\W+", "", text)


def site_key_list(site_names: list[str]) -> list[str]:
    """Comparable forms of the site's names (declared name, publisher, domain label)."""
    return [k for k in (_key(name) for name in site_names if name) if len(k) >= 2]


def names_site(part: str, site_keys: list[str]) -> bool:
    """True when a title part is the site's name (or contains/is contained in it)."""
    key = _key(part)
    if not key:
        return False
    # Containment ("JVN iPedia" for jvn) only for name-sized parts: a part of four words
    # or more ("Jane Doe on Twitter") or holding a number ("JVNDB-2018-013542") is not a name.
    name_sized = len(part.split()) <= 3 and len(re.findall(r"\d", part)) < 4
    for site in site_keys:
        if key == site or (len(key) >= 3 and (key in site or site in key) and name_sized):
            return True
    return False


def clean_title(title: str, site_names: list[str], headings: list[str] | None = None) -> str:
    """Strip site-name prefixes and suffixes from a page title."""
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title:
        return ""
    headings = [h for h in (headings or []) if h]
    for heading in headings:
        # The printed headline, when the title is it plus decoration, is the clean form.
        if heading.casefold() == title.casefold():
            return title
    site_keys = site_key_list(site_names)
    parts = _SEPARATOR.split(title)
    if len(parts) > 1:
        for heading in headings:
            if heading in parts or (title.startswith(heading) and len(heading) > len(title) / 3):
                if _SEPARATOR.match(title[len(heading) :]) or heading in parts:
                    return heading
        # Drop site names from either end, keeping at least one part.
        while len(parts) > 1 and names_site(parts[-1], site_keys):
            parts.pop()
        while len(parts) > 1 and names_site(parts[0], site_keys):
            parts.pop(0)
        if len(parts) < len(_SEPARATOR.split(title)):
            # Rebuild from the original text so the separators inside the headline survive.
            start = title.find(parts[0])
            end = title.rfind(parts[-1]) + len(parts[-1])
            title = title[start:end].strip()
    prefix = _PREFIX.match(title)
    if prefix and names_site(prefix.group(1), site_keys):
        title = title[prefix.end() :].strip()
    return title
