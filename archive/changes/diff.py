"""Word and paragraph diffs between two versions of an article's text, with their work bounded.

difflib aligns the paragraphs first; in each stretch where they differ, each old paragraph is weighed
against the new ones near it (one paragraph edited, or one removed and another added?) and the words
of those edited are diffed. A paragraph taken out in one place and put in unchanged at another is
"moved". Every run of text keeps the spaces of its side, so reading a diff without its deletions
gives the newer text exactly, and without its insertions the older one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from archive.changes.notes import note_changes

# Paragraphs at least this similar (difflib's ratio over their words) are one paragraph edited;
# less similar ones are one removed and another added.
EDITED_RATIO = 0.5

# How many paragraphs ahead an old paragraph is looked for among the new ones (a rewrite of a long
# article would otherwise compare every paragraph with every other).
LOOKAHEAD = 12

# Any reader can ask for a diff of two captures of any size, and difflib's work grows with the
# product of the words it compares: two wholly different bodies of 300 paragraphs of 2,000 words each
# took about a minute of CPU. So a paragraph of more than MAX_WORDS words and marks is not compared
# word by word (it shows removed and added whole), and once weighing the paragraphs against each
# other has compared PAIR_BUDGET pairs of words, the whole text is shown paragraph by paragraph
# instead (kept, removed, added, moved), without word diffs. Both are far above what news needs:
# a long news paragraph has 100 words, and rewriting every paragraph of a 2,000-word story weighs
# well under a million pairs. Constants, not settings: they bound the cost of a public page.
MAX_WORDS = 1000
PAIR_BUDGET = 3_000_000


@dataclass(frozen=True)
class Segment:
    """A run of text kept ("equal"), taken out ("delete") or put in ("insert"), with the spaces of its
    side: "on <del>Friday</del><ins>Thursday</ins>.", "<del>Police </del>said"."""

    kind: str
    text: str


# Kana and Han characters, which Japanese and Chinese write without spaces: each is a token of its own.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One such character; or a word (with its inner apostrophes, hyphens, dots: "don't", "ex-Soviet", "U.S");
# or one other mark.
_WORD = rf"(?:(?![{_CJK}])\w)+"
_TOKEN = re.compile(rf"[{_CJK}]|{_WORD}(?:['’.\-]{_WORD})*|[^\w\s]")


def tokens(text: str) -> list[tuple[str, bool]]:
    """The words and marks of ``text``, each with whether a space came before it."""
    return [(m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN.finditer(text)]


def _segments(a: list[tuple[str, bool]], b: list[tuple[str, bool]], opcodes) -> list[Segment]:
    """Runs kept, deleted and inserted, in reading order, from difflib's opcodes over the words of
    ``a`` and ``b``. A space both sides have is kept text; one only the older side has goes with the
    deletion, one only the newer side has with the insertion."""
    runs: list[list[str]] = []

    def put(kind: str, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == kind:
            runs[-1][1] += text
        else:
            runs.append([kind, text])

    def words(run, space_first: bool) -> str:
        return "".join((" " if spaced and (n or space_first) else "") + t for n, (t, spaced) in enumerate(run))

    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for (_, was_spaced), (token, spaced) in zip(a[i1:i2], b[j1:j2], strict=True):
                if was_spaced != spaced:
                    put("delete" if was_spaced else "insert", " ")
                put("equal", (" " if was_spaced and spaced else "") + token)
            continue
        old, new = a[i1:i2], b[j1:j2]
        shared = bool(old and new and old[0][1] and new[0][1])  # "on Friday" to "on Thursday": one space
        if shared:
            put("equal", " ")
        put("delete", words(old, not shared))
        put("insert", words(new, not shared))
    return [Segment(kind, text) for kind, text in runs]


def _replaced(old: str, new: str) -> list[Segment]:
    return [Segment(kind, text) for kind, text in (("delete", old), ("insert", new)) if text]


def _matcher(a, b) -> SequenceMatcher:
    return SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of ``new`` against those of ``old`` (punctuation apart: "Friday." to "Thursday." is one
    word changed), as runs kept, deleted and inserted, in reading order; past MAX_WORDS, replaced whole."""
    a, b = tokens(old), tokens(new)
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return _replaced(old, new)
    return _segments(a, b, _matcher(a, b).get_opcodes())


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the comparison: "same", "removed", "added", "edited" (with its word diff) or
    "moved" (the same text elsewhere)."""

    kind: str
    segments: tuple[Segment, ...]
    notes: tuple[str, ...] = ()  # what it did to an editor's note: ("correction added",)

    @property
    def text(self) -> str:
        """The paragraph as it reads now; a removed one, as it read."""
        hidden = "insert" if self.kind == "removed" else "delete"
        return "".join(s.text for s in self.segments if s.kind != hidden)


def _added(paragraph: str) -> Paragraph:
    return Paragraph("added", (Segment("insert", paragraph),), note_changes(None, paragraph))


def _removed(paragraph: str) -> Paragraph:
    return Paragraph("removed", (Segment("delete", paragraph),), note_changes(paragraph, None))


class _Spent(Exception):
    """Weighing the paragraphs compared PAIR_BUDGET pairs of words."""


class _Weighing:
    """Whether two paragraphs are one paragraph edited (difflib's ratio over their words at least
    EDITED_RATIO, its free bound on lengths tried first), and if so their word diff; each paragraph
    split once, each pair weighed once, the pairs of words compared counted against PAIR_BUDGET."""

    def __init__(self):
        self.left = PAIR_BUDGET
        self.too_long = False  # some paragraph was past MAX_WORDS, so not compared word by word
        self._tokens: dict[str, list[tuple[str, bool]]] = {}
        self._edits: dict[tuple[str, str], list[Segment] | None] = {}

    def _split(self, text: str) -> list[tuple[str, bool]]:
        if text not in self._tokens:
            self._tokens[text] = tokens(text)
        return self._tokens[text]

    def edit(self, old: str, new: str) -> list[Segment] | None:
        if (old, new) not in self._edits:
            self._edits[old, new] = self._weigh(old, new)
        return self._edits[old, new]

    def _weigh(self, old: str, new: str) -> list[Segment] | None:
        a, b = self._split(old), self._split(new)
        if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
            self.too_long = True
            return None
        if 2 * min(len(a), len(b)) < EDITED_RATIO * (len(a) + len(b)):  # difflib's real_quick_ratio
            return None
        self.left -= len(a) * len(b)
        if self.left < 0:
            raise _Spent
        matcher = _matcher(a, b)
        if matcher.quick_ratio() < EDITED_RATIO or matcher.ratio() < EDITED_RATIO:
            return None
        return _segments(a, b, matcher.get_opcodes())


def _pair_block(old: list[str], new: list[str], weighing: _Weighing | None) -> list[Paragraph]:
    """Paragraphs difflib found replaced, in order: a pair similar enough is one paragraph edited;
    otherwise an old paragraph that no later new one resembles was removed, else the new one was added.
    Without ``weighing``, all were removed and added."""
    out, i, j = [], 0, 0
    while weighing and i < len(old) and j < len(new):
        segments = weighing.edit(old[i], new[j])
        if segments is not None:
            out.append(Paragraph("edited", tuple(segments), note_changes(old[i], new[j])))
            i, j = i + 1, j + 1
        elif any(weighing.edit(old[i], later) is not None for later in new[j + 1 : j + 1 + LOOKAHEAD]):
            out.append(_added(new[j]))
            j += 1
        else:
            out.append(_removed(old[i]))
            i += 1
    return out + [_removed(p) for p in old[i:]] + [_added(p) for p in new[j:]]


def _with_moves(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph removed whose very text was added elsewhere is one paragraph moved: shown where it
    is now, and not an editor's note added or removed (a note that moved says nothing new)."""
    added = defaultdict(list)
    for n, p in enumerate(paragraphs):
        if p.kind == "added":
            added[p.text].append(n)
    moved, gone = set(), set()
    for n, p in enumerate(paragraphs):
        if p.kind == "removed" and added.get(p.text):
            moved.add(added[p.text].pop(0))
            gone.add(n)
    return [
        Paragraph("moved", (Segment("equal", p.text),)) if n in moved else p
        for n, p in enumerate(paragraphs)
        if n not in gone
    ]


@dataclass(frozen=True)
class TextDiff:
    paragraphs: tuple[Paragraph, ...]
    # "" (compared in full), "long" (paragraphs past MAX_WORDS compared whole) or "budget" (shown
    # paragraph by paragraph: PAIR_BUDGET was spent).
    simplified: str = ""

    @property
    def notice(self) -> str:
        """What the page says when the diff was simplified."""
        if self.simplified == "budget":
            return (
                "These texts differ too much to compare word by word here: their paragraphs are shown kept,"
                " removed, added and moved, without word diffs."
            )
        if self.simplified == "long":
            return (
                f"Paragraphs of more than {MAX_WORDS:,} words are not compared word by word here:"
                " where they differ they are shown removed and added whole."
            )
        return ""


def paragraph_diff(old: tuple[str, ...], new: tuple[str, ...]) -> TextDiff:
    blocks = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()

    def diff(weighing: _Weighing | None) -> list[Paragraph]:
        out = []
        for op, i1, i2, j1, j2 in blocks:
            if op == "equal":
                out += [Paragraph("same", (Segment("equal", p),)) for p in old[i1:i2]]
            else:
                out += _pair_block(list(old[i1:i2]), list(new[j1:j2]), weighing)
        return _with_moves(out)

    weighing = _Weighing()
    try:
        paragraphs = diff(weighing)
    except _Spent:
        return TextDiff(tuple(diff(None)), "budget")
    return TextDiff(tuple(paragraphs), "long" if weighing.too_long else "")
