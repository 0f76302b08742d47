"""Author names: split bylines into people and clean what is not a name.

Pages declare authors as "By Jane Doe and John Roe", "Jane Doe, Staff Writer",
"jane@example.com", profile URLs or lists of JSON-LD objects; the archive wants
one clean name per person.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Leading words that introduce a byline, in the languages the archive sees most.
_LEAD = re.compile(
    r"^(?:(?:written|posted|reported|words|story|text|photos?)\s+by|by|von|par|por|door|di|da|author|authors|autor)"
    r"\b\s*:?\s*",
    re.I,
)
# Job titles that follow a name in bylines; dropped, together with "Senior", "Staff" etc.
_ROLE_WORDS = (
    r"(?:senior|junior|chief|staff|contributing|special|managing|deputy|associate|executive|political|"
    r"national|foreign|business|sports|science|technology|tech|health|news|web|digital|guest|freelance)"
)
_ROLES = (
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|producer|photographer|"
    r"analyst|author|intern|critic|blogger|anchor|host|desk)s?"
)
_ROLE_ONLY = re.compile(rf"^(?:(?:the|a|an)\s+)?(?:{_ROLE_WORDS}\s+)*{_ROLES}$", re.I)
_ROLE_TAIL = re.compile(rf"\s*[,|\-–—]\s*(?:{_ROLE_WORDS}\s+)*{_ROLES}\b.*$", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_HANDLE = re.compile(r"(?:^|\s)@\w+")
# "Updated 3:04 PM", "Published Dec 9, 2016", bare dates and times after a name.
_DATE_TAIL = re.compile(
    r"\s*(?:[,|\-–—·]\s*)?(?:(?:updated|published|posted|modified|last updated)\b.*"
    r"|(?:\d{1,2}[:/.]\d{1,2}.*)"
    r"|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*)"
    r"|(?:\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b.*)"
    r"|(?:\d{4}-\d{2}-\d{2}.*))$",
    re.I,
)
_SEPARATORS = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\s/\s|\n)\s*", re.I)
_MAX_WORDS = 6


def clean_author(text: str) -> str:
    """One name without "By", roles, emails, URLs or dates; "" when nothing is left."""
    text = re.sub(r"\s+", " ", text or "").strip(" \t\n,;:|-–—·•")
    if not text or _URL.fullmatch(text):
        return ""
    text = _EMAIL.sub("", _URL.sub("", text))
    text = _DATE_TAIL.sub("", text)
    text = _LEAD.sub("", text.strip())
    text = _ROLE_TAIL.sub("", text)
    text = text.strip(" \t\n,;:|-–—·•()[]")
    if not text or _ROLE_ONLY.match(text) or _HANDLE.fullmatch(text):
        return ""
    if re.search(r"\d", text) or len(text.split()) > _MAX_WORDS or len(text) > 60:
        return ""
    return text


def split_authors(text: str) -> list[str]:
    """Separate names in one byline string: "A, B and C" -> ["A", "B", "C"]."""
    if not text:
        return []
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    text = _DATE_TAIL.sub("", re.sub(r"\s+", " ", text).strip())
    text = _LEAD.sub("", text)
    names = []
    for part in _SEPARATORS.split(text):
        name = clean_author(part)
        if name:
            names.append(name)
    return unique_names(names)


def unique_names(names: list[str]) -> list[str]:
    """Drop repeats (case-insensitive), keeping the first spelling and order."""
    seen, result = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            result.append(name)
    return result


def jsonld_authors(value) -> list[str]:
    """Names from a JSON-LD author/creator value (Person, Organization, string, list)."""
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, list):
        return unique_names([name for item in value for name in jsonld_authors(item)])
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return jsonld_authors(name)
        if isinstance(name, str):
            return split_authors(name)
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return split_authors(f"{given} {family}")
    return []


# Elements that hold a byline: microdata, rel=author, and the class names CMSes use.
_BYLINE_XPATH = (
    '//*[@itemprop="author"]'
    ' | //a[@rel="author"]'
    ' | //*[contains(concat(" ", normalize-space(@class), " "), " byline ")'
    ' or contains(@class, "byline") or contains(@class, "author-name") or contains(@class, "authorName")'
    ' or contains(@class, "article-author") or contains(@class, "author__name") or contains(@class, "by-author")'
    ' or contains(@id, "byline")]'
)
# Blocks (author bios, related-article lists) that contain the words but are not bylines.
_SKIP_ANCESTORS = ("comment", "related", "footer", "sidebar", "recommend", "more-from")
_MAX_BYLINE_CHARS = 150


def _element_names(element: HtmlElement) -> list[str]:
    named = element.xpath('.//*[@itemprop="name"]')
    if named:
        text = named[0].get("content") or named[0].text_content()
    else:
        text = element.get("content") or element.text_content()
    if len(text) > _MAX_BYLINE_CHARS:
        return []
    return split_authors(text)


def page_byline(tree: HtmlElement) -> tuple[list[str], str]:
    """Authors printed in the page (itemprop/rel/class byline elements), and the
    byline text as printed."""
    for element in tree.xpath(_BYLINE_XPATH):
        if element.tag in ("script", "style", "meta", "link"):
            if element.tag == "meta" and element.get("content"):
                names = split_authors(element.get("content"))
                if names:
                    return names, element.get("content").strip()
            continue
        context = " ".join(
            (ancestor.get("class") or "") + " " + (ancestor.get("id") or "") for ancestor in element.iterancestors()
        ).lower()
        if any(word in context for word in _SKIP_ANCESTORS):
            continue
        names = _element_names(element)
        if names:
            return names, re.sub(r"\s+", " ", element.text_content()).strip()
    return [], ""


_BY_LINE = re.compile(r"^\s*by\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]+)*)\s*$")


def body_byline(body: list[str]) -> list[str]:
    """A "By X and Y" line at the top of the extracted text."""
    for paragraph in body[:3]:
        match = _BY_LINE.match(paragraph)
        if match:
            return split_authors(match.group(1))
    return []
