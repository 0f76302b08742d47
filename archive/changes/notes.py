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

# Whole names or their exact abbreviations ("Sept.", "Thurs"), never a word that only begins like one:
# "Updated monthly figures", "Retraction decisions" are prose.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?:\.|\b)"
)
_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"(?:\.|\b)"
)
# A date or a time as notes give them: "March 3", "3 March", "2024-03-03", "3/3/24", "14:05", "3 p.m.",
# "Monday"; not a bare number ("Updated 2024 figures") nor a month alone ("Updated March figures").
_WHEN = (
    rf"(?:{_MONTH}\s*\d|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\d{{4}}-\d\d?-\d\d?|\d\d?/\d\d?/\d\d(?:\d\d)?\b"
    rf"|\d\d?[:.]\d\d\b|\d\d?\s*[ap]\.?m\b|{_DAY})"
)
# What makes a label a note's label: a colon, a bracket or a dash after it, or a date or time
# ("Correction, March 3:", "Updated at 14:05 GMT", "Updated on Monday").
_MARK = r"\s*(?::|\(|\[|[—–-])"
_SHAPE = rf"(?:{_MARK}|,?\s+(?:(?:at|on)\s+)?{_WHEN})"


def _label(words: str, shape: str = _SHAPE) -> re.Pattern:
    """A note's label in a note's shape: "Correction:", "UPDATE (3 p.m.):"."""
    return re.compile(rf"^(?:{words}){shape}", re.IGNORECASE)


def _opening(words: str) -> re.Pattern:
    """One of the sentences a note opens with: "An earlier version of this article..."."""
    return re.compile(rf"^(?:{words})\b", re.IGNORECASE)


# What a note says it corrects or updates: "this article", "this photo caption" (not "this year's budget").
_PIECE = (
    r"(?:article|story|report|post|blog post|piece|column|page|item|headline|photo caption|caption|photo"
    r"|graphic|chart|map|video|newsletter|obituary|review|editorial|interview|essay|analysis)"
)

NOTES = [
    (_label(r"corrections?"), "correction"),
    (_opening(rf"an earlier version of this {_PIECE}|this {_PIECE} (?:has been|was) corrected"), "correction"),
    (_label(r"clarifications?"), "clarification"),
    (_opening(r"editor[’']?s[’']? note"), "editor's note"),
    (_label(r"updated?|updates"), "update note"),
    (_opening(rf"this {_PIECE} (?:has been|was|is being) updated"), "update note"),
    # A retraction is the gravest thing to say a newsroom did: only a label with a colon, a bracket or a dash.
    (_label(r"retraction", _MARK), "retraction"),
]


# Any of them, in one match: most paragraphs are no note, and a diff may ask of tens of thousands.
_ANY_NOTE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in NOTES), re.IGNORECASE)


def note_kind(paragraph: str) -> str | None:
    """What kind of editor's note a paragraph is ("correction", "update note"...), or None."""
    text = paragraph.lstrip(" *[(—–-")
    if not _ANY_NOTE.match(text):
        return None
    return next((kind for pattern, kind in NOTES if pattern.match(text)), None)


def note_changes(old: str | None, new: str | None) -> tuple[str, ...]:
    """What happened to editor's notes when paragraph ``old`` became ``new`` (None: there was none, or
    there is none now): ("correction added",), ("update note changed",), ("correction removed",)..."""
    before, after = note_kind(old) if old else None, note_kind(new) if new else None
    if not (before or after):
        return ()
    if before == after:
        return (f"{before} changed",) if old != new else ()
    return tuple(f"{kind} {done}" for kind, done in ((before, "removed"), (after, "added")) if kind)
