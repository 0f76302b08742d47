"""Word and paragraph diffs between two versions of an article's text, with their work bounded.

difflib aligns the paragraphs first; in each stretch where they differ, each old paragraph is weighed
against the new ones near it (one paragraph edited, or one removed and another added?) and the words
of those edited are diffed. A paragraph taken out in one place and put in unchanged at another is
"moved". Every run of text keeps the spaces of its side, so reading a diff without its deletions
gives the newer text exactly, and without its insertions the older one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import islice
from typing import NamedTuple

from archive.changes.notes import note_changes

# Paragraphs at least this similar (difflib's ratio over their words) are one paragraph edited;
# less similar ones are one removed and another added.
EDITED_RATIO = 0.5

# How many paragraphs ahead an old paragraph is looked for among the new ones (a rewrite of a long
# article would otherwise compare every paragraph with every other).
LOOKAHEAD = 12

# Any reader can ask for a diff of two captures of any size, and difflib's work grows with the
# product of what it compares, worse where the same word or paragraph recurs: two wholly different
# bodies of 300 paragraphs of 2,000 words took tens of seconds of CPU, and 2,000 paragraphs half of
# them "Advertisement" 25 s for the paragraph alignment alone. So a paragraph of more than MAX_WORDS words
# and marks is not compared word by word (it shows removed and added whole, split no further), and each
# comparison counts the steps of difflib's inner loop (one per pair of equal items it looks at), and the
# work around it (below), against STEP_BUDGET, about a second of CPU at worst: once spent, the text is
# shown paragraph by paragraph instead (kept, removed, added, moved) without word diffs, and if aligning
# the paragraphs spent it, with only the paragraphs the two texts begin and end with kept. Both are far
# above what news needs: a long news paragraph has 100 words, and rewriting every paragraph of a
# 2,000-word story takes well under a million steps. Constants, not settings: they bound the cost of a public page.
MAX_WORDS = 1000
STEP_BUDGET = 3_000_000
# The work around difflib's loop is charged too, in steps of it (one takes about 70 ns): splitting a
# paragraph into words costs about 8 a word, weighing a pair of paragraphs about 15 even when their
# lengths alone tell them apart. 40,000 short paragraphs replaced by 40,000 others make half a million
# weighings, a few seconds uncharged.
TOKEN_STEPS = 8
WEIGH_STEPS = 15


class _Spent(Exception):
    """A comparison took STEP_BUDGET steps."""


class Budget:
    """The steps of difflib's inner loop a comparison may still take, and once they are spent, the
    paragraphs it may still show one by one (None: any number; a change page's one text is read in
    linear time anyway, but a feed of fifty huge changes would read fifty)."""

    def __init__(self, steps: int = STEP_BUDGET, paragraphs: int | None = None):
        self.left = steps
        self.paragraphs_left = paragraphs

    def afford(self, paragraphs: int) -> bool:
        """Take ``paragraphs`` to show one by one, if that many are left."""
        if self.paragraphs_left is None:
            return True
        if paragraphs > self.paragraphs_left:
            return False
        self.paragraphs_left -= paragraphs
        return True

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise _Spent


class _Matcher(SequenceMatcher):
    """difflib's matcher (no "popular" items junked: a word frequent in a paragraph is still a word),
    charging its budget a step per item to set up and bound a ratio (quick_ratio), and each search for
    a longest match with the pairs of equal items it will look at, an exact bound on its inner loop,
    before doing it."""

    def __init__(self, a, b, budget: Budget):
        self.budget = budget
        budget.spend(2 * (len(a) + len(b)))
        super().__init__(None, a, b, autojunk=False)
        # Steps of a search over a[:i]: for each item, the loop itself and each place in b it recurs.
        self.steps = [0]
        for item in self.a:
            self.steps.append(self.steps[-1] + 1 + len(self.b2j.get(item, ())))

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        self.budget.spend(self.steps[ahi] - self.steps[alo])
        return super().find_longest_match(alo, ahi, blo, len(self.b) if bhi is None else bhi)


# Segments and paragraphs are named tuples: a diff of a long text makes tens of thousands, and a tuple is
# made several times faster than a frozen dataclass.
class Segment(NamedTuple):
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


def tokens(text: str, limit: int = MAX_WORDS + 1) -> list[tuple[str, bool]]:
    """The words and marks of ``text``, each with whether a space came before it; at most ``limit`` of them
    (one more than a paragraph compared word by word may have: splitting further would be wasted)."""
    found = islice(_TOKEN.finditer(text), limit)
    return [(m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in found]


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


def _matcher(a, b, budget: Budget) -> _Matcher:
    return _Matcher([t for t, _ in a], [t for t, _ in b], budget)


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of ``new`` against those of ``old`` (punctuation apart: "Friday." to "Thursday." is one
    word changed), as runs kept, deleted and inserted, in reading order; past MAX_WORDS or STEP_BUDGET,
    replaced whole."""
    a, b = tokens(old), tokens(new)
    if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
        return _replaced(old, new)
    try:
        return _segments(a, b, _matcher(a, b, Budget()).get_opcodes())
    except _Spent:
        return _replaced(old, new)


class Paragraph(NamedTuple):
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


class _Weighing:
    """Whether two paragraphs are one paragraph edited (difflib's ratio over their words at least
    EDITED_RATIO, its bound on lengths tried first), and if so their word diff; each paragraph split
    once, each pair weighed once, all of it on the comparison's budget."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.too_long = False  # some paragraph was past MAX_WORDS, so not compared word by word
        self._tokens: dict[str, list[tuple[str, bool]]] = {}
        self._edits: dict[tuple[str, str], list[Segment] | None] = {}

    def _split(self, text: str) -> list[tuple[str, bool]]:
        if text not in self._tokens:
            split = tokens(text)
            self.budget.spend(TOKEN_STEPS * (1 + len(split)))
            self._tokens[text] = split
        return self._tokens[text]

    def edit(self, old: str, new: str) -> list[Segment] | None:
        if (old, new) not in self._edits:
            self._edits[old, new] = self._weigh(old, new)
        return self._edits[old, new]

    def _weigh(self, old: str, new: str) -> list[Segment] | None:
        self.budget.spend(WEIGH_STEPS)
        a, b = self._split(old), self._split(new)
        if len(a) > MAX_WORDS or len(b) > MAX_WORDS:
            self.too_long = True
            return None
        if 2 * min(len(a), len(b)) < EDITED_RATIO * (len(a) + len(b)):  # difflib's real_quick_ratio
            return None
        matcher = _matcher(a, b, self.budget)
        if matcher.quick_ratio() < EDITED_RATIO or matcher.ratio() < EDITED_RATIO:
            return None
        return _segments(a, b, matcher.get_opcodes())


def _pair_block(old: list[str], new: list[str], weighing: _Weighing | None) -> list[Paragraph]:
    """Paragraphs difflib found replaced, in order: a pair similar enough is one paragraph edited;
    otherwise an old paragraph that no later new one resembles was removed, else the new one was added.
    Without ``weighing``, all were removed and added."""
    out, i, j = [], 0, 0
    while weighing is not None and i < len(old) and j < len(new):
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


def _with_moves(paragraphs: list[Paragraph], old: tuple[str, ...], new: tuple[str, ...]) -> list[Paragraph]:
    """A paragraph removed whose very text was added elsewhere is one paragraph moved: shown where it
    is now, and not an editor's note added or removed (a note that moved says nothing new). Only a
    paragraph found once in each text moves: "Advertisement" between every paragraph has no one place."""
    once = {text for text, n in Counter(old).items() if n == 1} & {text for text, n in Counter(new).items() if n == 1}
    added = {p.text: n for n, p in enumerate(paragraphs) if p.kind == "added" and p.text in once}
    moved, gone = set(), set()
    for n, p in enumerate(paragraphs):
        if p.kind == "removed" and p.text in added:
            moved.add(added[p.text])
            gone.add(n)
    return [
        Paragraph("moved", (Segment("equal", p.text),)) if n in moved else p
        for n, p in enumerate(paragraphs)
        if n not in gone
    ]


@dataclass(frozen=True)
class TextDiff:
    paragraphs: tuple[Paragraph, ...]
    # "" (compared in full), "long" (paragraphs past MAX_WORDS compared whole), "budget" (shown
    # paragraph by paragraph: STEP_BUDGET was spent) or "counted" (only how many paragraphs not kept
    # were removed and added: a list of changes spent its budget on others).
    simplified: str = ""
    removed: int = 0  # when counted
    added: int = 0

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


def _ends_kept(old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple]:
    """difflib's opcodes for the paragraphs two texts begin and end with kept and all between replaced:
    the alignment of last resort, in one pass."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    blocks = [("equal", 0, start, 0, start)] if start else []
    if start < len(old) - end or start < len(new) - end:
        blocks.append(("replace", start, len(old) - end, start, len(new) - end))
    if end:
        blocks.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return blocks


def paragraph_diff(old: tuple[str, ...], new: tuple[str, ...], budget: Budget | None = None) -> TextDiff:
    budget = budget or Budget()

    def diff(blocks, weighing: _Weighing | None) -> list[Paragraph]:
        out = []
        for op, i1, i2, j1, j2 in blocks:
            if op == "equal":
                out += [Paragraph("same", (Segment("equal", p),)) for p in old[i1:i2]]
            else:
                out += _pair_block(list(old[i1:i2]), list(new[j1:j2]), weighing)
        return _with_moves(out, old, new)

    def by_paragraph(blocks) -> TextDiff:
        if budget.afford(len(old) + len(new)):
            return TextDiff(tuple(diff(blocks, None)), "budget")
        changed = [(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in blocks if op != "equal"]
        return TextDiff((), "counted", sum(n for n, _ in changed), sum(n for _, n in changed))

    try:
        blocks = _Matcher(old, new, budget).get_opcodes()
    except _Spent:
        return by_paragraph(_ends_kept(old, new))
    weighing = _Weighing(budget)
    try:
        paragraphs = diff(blocks, weighing)
    except _Spent:
        return by_paragraph(blocks)
    return TextDiff(tuple(paragraphs), "long" if weighing.too_long else "")
