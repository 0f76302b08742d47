"""Where the text quotes someone verbatim: spans between double quotation marks.

Only double marks count. Single curly marks double as apostrophes
("Russia’s") and mostly mark scare quotes or names (‘Wilayat Khorasan’), so
pairing them would invent quotes. A quote left open at the end of a paragraph
is closed there: news style opens every paragraph of a multi-paragraph quote
but closes only the last.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark, or of the paragraph end when left open


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    pos = 0
    for paragraph in text.split("\n"):
        quotes.extend(_paragraph_quotes(paragraph, pos))
        pos += len(paragraph) + 1
    return quotes


def _marks(paragraph: str):
    """(position, width, role) of each double quotation mark; two straight
    apostrophes ('') are one mark, as some wires and archives write them."""
    i = 0
    while i < len(paragraph):
        ch = paragraph[i]
        if ch in OPENING:
            yield i, 1, "open"
        elif ch in CLOSING:
            yield i, 1, "close"
        elif ch == STRAIGHT:
            yield i, 1, "either"
        elif paragraph.startswith("''", i):
            yield i, 2, "either"
            i += 1
        i += 1


def _paragraph_quotes(paragraph: str, offset: int) -> list[Quote]:
    found = []
    opened: int | None = None
    width = 1
    for i, w, role in _marks(paragraph):
        if opened is None and role != "close":
            opened, width = i, w
        elif opened is not None and role != "open":
            found.append(Quote(offset + opened + width, offset + i, offset + opened, offset + i))
            opened = None
        elif opened is not None:
            # A second opening mark before any closing one: the first was
            # never closed (typo or paragraph-spanning quote); restart here.
            opened, width = i, w
    if opened is not None and len(paragraph.rstrip()) > opened + width:
        end = len(paragraph.rstrip())
        found.append(Quote(offset + opened + width, offset + end, offset + opened, offset + end))
    return [q for q in found if q.end > q.start]


class QuoteIndex:
    """Answers "is this offset inside a quote, and which" in log time."""

    def __init__(self, quotes: list[Quote], text: str = ""):
        self.quotes = quotes
        self.text = text
        self._starts = [q.open_mark for q in quotes]

    def at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.quotes[i].open_mark <= offset <= self.quotes[i].close_mark:
            return self.quotes[i]
        return None

    def within(self, start: int, end: int) -> list[Quote]:
        """Quotes lying (at least partly) in [start, end)."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        for q in self.quotes[i:]:
            if q.open_mark >= end:
                break
            if q.close_mark >= start:
                out.append(q)
        return out
