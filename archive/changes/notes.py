"""Editor's notes: the paragraphs a newsroom adds to own up to a change, and what a change did to them.

A note says what it is in its first words, in a note's shape: a label followed by a colon, a bracket,
a dash or a date ("Correction:", "UPDATE (3 p.m.):", "Updated on March 3, 2024, ..."), or one of the
sentences newsrooms open them with ("An earlier version of this article...", "This story has been
updated..."). A bare word is not enough: "Updated figures show..." and "Corrections officers said..."
are ordinary prose. These are the conventions of English-language newsrooms (AP, Reuters, the BBC, US
and UK papers), not one site's.
"""

from __future__ import annotations

import re

_MONTH_OR_DAY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
# What makes a label a note's label: a colon, a bracket or a dash after it, or a date or time
# ("Correction, March 3:", "Updated at 14:05 GMT", "Updated on Monday").
_SHAPE = rf"\s*(?::|\(|\[|[—–-]|,?\s+(?:(?:at|on)\s+)?(?:\d|{_MONTH_OR_DAY}\b))"


def _label(words: str) -> re.Pattern:
    """A note's label in a note's shape: "Correction:", "UPDATE (3 p.m.):"."""
    return re.compile(rf"^(?:{words}){_SHAPE}", re.IGNORECASE)


def _opening(words: str) -> re.Pattern:
    """One of the sentences a note opens with: "An earlier version of this article..."."""
    return re.compile(rf"^(?:{words})\b", re.IGNORECASE)


NOTES = [
    (_label(r"corrections?"), "correction"),
    (_opening(r"an earlier version of this|this (?:article|story) (?:has been|was) corrected"), "correction"),
    (_label(r"clarifications?"), "clarification"),
    (_opening(r"editor[’']?s[’']? note"), "editor's note"),
    (_label(r"updated?|updates"), "update note"),
    (_opening(r"this (?:article|story) (?:has been|was|is being) updated"), "update note"),
    (_label(r"retraction"), "retraction"),
]


def note_kind(paragraph: str) -> str | None:
    """What kind of editor's note a paragraph is ("correction", "update note"...), or None."""
    text = paragraph.lstrip(" *[(—–-")
    return next((kind for pattern, kind in NOTES if pattern.match(text)), None)


def note_changes(old: str | None, new: str | None) -> tuple[str, ...]:
    """What happened to editor's notes when paragraph ``old`` became ``new`` (None: there was none, or
    there is none now): ("correction added",), ("update note changed",), ("correction removed",)..."""
    before, after = note_kind(old) if old else None, note_kind(new) if new else None
    if before and before == after:
        return (f"{before} changed",) if old != new else ()
    return tuple(f"{kind} {done}" for kind, done in ((before, "removed"), (after, "added")) if kind)
