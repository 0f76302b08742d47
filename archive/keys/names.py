"""Matching keys for names, so "the FSB", "FSB" and "Fsb’s" meet."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}")  # "U.N.", "U.S."
# Words a long form may hold without giving its acronym a letter.
_LINKING = {"of", "and", "the", "for", "on", "in", "de", "del", "la", "du", "des", "to", "&"}


def normalize_name(name: str) -> str:
    """A key for matching a name across articles: case- and accent-
    insensitive, without leading articles, possessives or punctuation."""
    text = unicodedata.normalize("NFKD", name.strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return _NON_WORD.sub(" ", text).strip().casefold()


def initials_key(name: str) -> str:
    """The acronym a long form would have: "un" for "United Nations", "ap"
    for "The Associated Press"; "" unless it is two or more capitalised
    words (linking words aside)."""
    words = _LEADING_ARTICLE.sub("", " ".join(name.split())).split(" ")
    words = [w for w in words if w.casefold() not in _LINKING]
    if len(words) < 2 or not all(w[:1].isupper() and w[1:2].islower() for w in words):
        return ""
    return "".join(w[0] for w in words).casefold()


def tail_key(name: str) -> str:
    """The key of the last word of a name of two words or more ("boutros
    ghali" for "Boutros Boutros-Ghali"), else ""."""
    words = name.split()
    return normalize_name(words[-1]) if len(words) >= 2 else ""
