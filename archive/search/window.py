"""The part of a document a snippet is cut from: a bounded window.

FTS5's snippet() and PostgreSQL's ts_headline score every match in the text
they are given, and on a document that repeats a word the cost grows with
the square of its length (a 1 MB article took 22.5 s). So both get only a
window of ``WINDOW`` characters, placed just before the first place where a
query word (or its stem) starts a word, found by a plain scan of at most
``SCAN`` characters; with no such place, the window is the document's start.
A document no longer than the window is used whole.
"""

from __future__ import annotations

import re

WINDOW = 2_000  # characters given to the snippet function (a snippet shows 30 words)
LEAD = 300  # characters kept before the first match
SCAN = 200_000  # characters searched for the first match


def _stem_prefix(word: str) -> str:
    # A crude stand-in for the Porter stemmer: "elections" and "elected" share "elect".
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def first_match_pattern(words) -> re.Pattern | None:
    prefixes = sorted({_stem_prefix(w) for w in words if w}, key=len, reverse=True)
    if not prefixes:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in prefixes) + ")", re.IGNORECASE)


def window(text: str, pattern: re.Pattern | None) -> str:
    if len(text) <= WINDOW:
        return text
    found = pattern.search(text, 0, SCAN) if pattern is not None else None
    start = max(0, found.start() - LEAD) if found else 0
    if start:
        space = text.find(" ", start, start + 100)  # start on a word boundary
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", end - 100, end)
        end = space if space > start else end
    return text[start:end]
