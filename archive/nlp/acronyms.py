"""Acronyms defined in the text: "Islamic State of Iraq and Syria (ISIS)".

News writes the long form once with the short form in parentheses and uses
the short form afterwards, so both must be one entity. The small model tags
such long forms in pieces ("the Islamic State of Iraq" + "Syria"); finding the
definition by its letters lets the layer replace the pieces with one span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words a long form may contain without giving the acronym a letter.
LINKING_WORDS = {"of", "and", "the", "for", "on", "in", "&", "de", "del", "la", "du", "des", "to"}

# Short forms: capitals (at least two), optionally with a plural "s" ("CARs")
# or inner lowercase linking letters ("DoD" keeps D, D).
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z]s?$|^[A-Z]{2,}$")

# The most words a long form may span; longer runs are prose, not a name.
MAX_LONG_WORDS = 12


@dataclass(frozen=True)
class Definition:
    long_start: int  # token indices, end exclusive
    long_end: int
    short_start: int
    short_end: int
    short: str  # the acronym as written


def letters(acronym: str) -> str:
    """The letters a long form must supply: the capitals ("CARs" -> "CAR")."""
    return "".join(ch for ch in acronym if ch.isupper())


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word)) and len(letters(word)) >= 2


def find_definitions(doc) -> list[Definition]:
    """Every "Long Form (LF)" whose capitalised words' initials spell the acronym; every "LF (Long Form)"
    the other way round ("the FOMC (Federal Open Market Committee)"); and an organization the model named
    just before a bracketed acronym that shares most of its letters, in another order or language ("Indonesian
    Democratic Party (PDI)", "Party of Democratic Action (SDA)")."""
    found = []
    organizations = {e.end: e.start for e in doc.ents if e.label_ == "ORG"}
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(":
            continue
        if doc[i + 2].text == ")" and is_acronym(doc[i + 1].text):
            short = doc[i + 1].text
            start = _long_form_start(doc, i, letters(short))
            if start is None and i in organizations:
                start = _translated_long_form(doc, organizations[i], i, letters(short))
            if start is not None:
                found.append(Definition(start, i, i + 1, i + 2, short))
        elif is_acronym(doc[i - 1].text):
            end = _long_form_end(doc, i + 1, letters(doc[i - 1].text))
            if end is not None:
                found.append(Definition(i + 1, end, i - 1, i, doc[i - 1].text))
    return found


def _initials(tokens) -> str:
    return "".join(t.text[0] for t in tokens if t.text[:1].isupper() and t.lower_ not in LINKING_WORDS)


def _translated_long_form(doc, start: int, paren: int, wanted: str) -> int | None:
    """The start of a model's organization name before "(" whose initials share at least half the acronym's
    letters, as many words as the acronym has letters give or take one: an acronym of the name in its own
    language or word order. A person's or a place's name before a bracketed code ("Jane Roe (USA)") is no
    organization the model named."""
    if doc[start].lower_ == "the":
        start += 1
    words = doc[start:paren]
    initials = _initials(words)
    if len(words) < 2 or "\n" in words.text or abs(len(initials) - len(wanted)) > 1:
        return None
    shared = sum(min(initials.count(ch), wanted.count(ch)) for ch in set(wanted))
    return start if 2 * shared >= len(wanted) else None


def _long_form_end(doc, start: int, wanted: str) -> int | None:
    """The end of a long form in brackets after its acronym: capitalised words whose initials spell it, in
    order, linking words between them, up to the closing bracket."""
    i, got = start, ""
    while i < len(doc) and i - start <= MAX_LONG_WORDS and doc[i].text != ")":
        token = doc[i]
        if "\n" in token.text or (token.is_punct and token.text not in {"&", "-"}):
            return None
        if token.lower_ not in LINKING_WORDS and token.text != "-":
            if not token.text[:1].isupper():
                return None
            got += token.text[0]
        i += 1
    if i >= len(doc) or doc[i].text != ")" or got != wanted or i == start:
        return None
    return i


def _long_form_start(doc, paren: int, wanted: str) -> int | None:
    """Walk back from the parenthesis, each capitalised word taking the last
    letter still wanted; linking words are skipped. The long form must use
    every letter, start with a capitalised word and stay on one line."""
    remaining = wanted
    i = paren - 1
    start = None
    while i >= 0 and paren - i <= MAX_LONG_WORDS and remaining:
        token = doc[i]
        if "\n" in token.text or token.is_punct and token.text not in {"&", "-"}:
            return None
        word = token.text
        if token.lower_ in LINKING_WORDS:
            i -= 1
            continue
        if token.text == "-":
            i -= 1
            continue
        if not word[:1].isupper():
            return None
        # Each capitalised word gives its first letter; anything else means
        # the words before the parenthesis are not this acronym's long form.
        if word[0] != remaining[-1]:
            return None
        remaining = remaining[:-1]
        start = i
        i -= 1
    if remaining or start is None:
        return None
    return start
