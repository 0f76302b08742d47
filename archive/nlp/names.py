"""Matching keys for names, so "the FSB", "FSB" and "Fsb’s" meet."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """A key for matching a name across articles: case- and accent-
    insensitive, without leading articles, possessives or punctuation."""
    text = unicodedata.normalize("NFKD", name.strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    return _NON_WORD.sub(" ", text).strip().casefold()
