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
    """Every "Long Form (LF)" whose capitalised words' initials spell the acronym."""
    found = []
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        short = doc[i + 1].text
        if not is_acronym(short):
            continue
        start = _long_form_start(doc, i, letters(short))
        if start is not None:
            found.append(Definition(start, i, i + 1, i + 2, short))
    return found


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
