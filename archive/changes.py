"""What changed between two captures of one article: a word-level diff and a one-line summary.

Each capture keeps the fields its importer extracted (``Capture.fields``); a reader sees the title,
the byline, the body paragraphs and the tags, so those are what is compared, read the way the
importer stores them on the article (whitespace collapsed, empty paragraphs dropped, tags matched
without regard to case). Two captures whose bytes differ but whose visible fields are the same have
"no visible change". The diffs are Python's difflib: paragraphs are aligned first, then the words of
a paragraph that was edited rather than replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from difflib import SequenceMatcher

from django.db.models import Count, Prefetch
from django.utils.timesince import timesince

from archive.models import Capture

# Paragraphs at least this similar (difflib's ratio over their words) are one paragraph edited;
# less similar ones are one removed and another added.
EDITED_RATIO = 0.5

# A paragraph a newsroom adds to own up to a change says so in its first words. These openings are
# the conventions of English-language newsrooms (AP, Reuters, the BBC, US and UK papers), not one site's.
NOTES = [
    (re.compile(r"^(?:corrections?|correcting)\b|^an earlier version of this", re.IGNORECASE), "correction"),
    (re.compile(r"^clarifications?\b", re.IGNORECASE), "clarification"),
    (re.compile(r"^editor[’']?s[’']? note\b", re.IGNORECASE), "editor's note"),
    (re.compile(r"^(?:updated?|this (?:article|story) (?:has been|was) updated)\b", re.IGNORECASE), "update note"),
    (re.compile(r"^retraction\b", re.IGNORECASE), "retraction"),
]


def note_kind(paragraph: str) -> str | None:
    """What kind of editor's note a paragraph is ("correction", "update note"...), or None."""
    text = paragraph.lstrip(" *[(—–-")
    return next((kind for pattern, kind in NOTES if pattern.match(text)), None)


@dataclass(frozen=True)
class Version:
    """What a reader sees of one capture."""

    title: str
    byline: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def known(self) -> bool:
        """Whether the capture kept what its importer extracted (records exported before the
        fields were kept bring none back): without them there is nothing to compare."""
        return bool(self.title or self.paragraphs)

    @classmethod
    def of(cls, capture: Capture) -> Version:
        fields = capture.fields or {}
        authors = [a for a in fields.get("authors") or [] if a]
        byline = (fields.get("byline") or "").strip() or (f"By {', '.join(authors)}" if authors else "")
        paragraphs = tuple(p for p in (" ".join(str(p).split()) for p in fields.get("body") or []) if p)
        tags: dict[str, str] = {}
        for name in fields.get("tags") or []:
            name = str(name).strip()[:100]
            if name:
                tags.setdefault(name.casefold(), name)
        return cls(
            " ".join((fields.get("title") or "").split()), " ".join(byline.split()), paragraphs, tuple(tags.values())
        )


@dataclass(frozen=True)
class Segment:
    """A run of words: kept ("equal"), taken out ("delete") or put in ("insert"); ``spaced`` when the
    text had a space before it (so "Lima, Tom" shows as "Lima<ins>, Tom</ins>", not "Lima <ins>, Tom</ins>")."""

    kind: str
    text: str
    spaced: bool = False


# Kana and Han characters, which Japanese and Chinese write without spaces: each is a token of its own.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One such character; or a word (with its inner apostrophes, hyphens, dots: "don't", "ex-Soviet", "U.S");
# or one other mark.
_WORD = rf"(?:(?![{_CJK}])\w)+"
_TOKEN = re.compile(rf"[{_CJK}]|{_WORD}(?:['’.\-]{_WORD})*|[^\w\s]")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The words and marks of ``text``, each with whether a space came before it."""
    return [(m.group(), m.start() > 0 and text[m.start() - 1].isspace()) for m in _TOKEN.finditer(text)]


def _run(kind: str, tokens: list[tuple[str, bool]]) -> Segment:
    text = "".join((" " if spaced and n else "") + token for n, (token, spaced) in enumerate(tokens))
    return Segment(kind, text, tokens[0][1])


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of ``new`` against those of ``old`` (punctuation apart: "Friday." to "Thursday." is one
    word changed), as runs kept, deleted and inserted, in reading order."""
    a, b = _tokens(old), _tokens(new)
    matcher = SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            segments.append(_run("delete", a[i1:i2]))
        if op in ("insert", "replace"):
            segments.append(_run("insert", b[j1:j2]))
        if op == "equal":
            segments.append(_run("equal", b[j1:j2]))  # kept words, spaced as the newer text has them
    return segments


# How many paragraphs ahead an old paragraph is looked for among the new ones (a rewrite of a long
# article would otherwise compare every paragraph with every other).
LOOKAHEAD = 12


class _Likeness:
    """Whether two paragraphs are one paragraph edited: difflib's ratio over their words and marks at
    least EDITED_RATIO, its cheap upper bounds tried first; each paragraph split once."""

    def __init__(self):
        self.words: dict[str, list[str]] = {}

    def _words(self, text: str) -> list[str]:
        if text not in self.words:
            self.words[text] = [t for t, _ in _tokens(text)]
        return self.words[text]

    def __call__(self, old: str, new: str) -> bool:
        matcher = SequenceMatcher(None, self._words(old), self._words(new), autojunk=False)
        return (
            matcher.real_quick_ratio() >= EDITED_RATIO
            and matcher.quick_ratio() >= EDITED_RATIO
            and matcher.ratio() >= EDITED_RATIO
        )


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the comparison: "same", "removed", "added" or "edited" (with its word diff)."""

    kind: str
    segments: list[Segment]
    note: str | None = None  # an added (or newly begun) editor's note: "correction", "update note"...


def _pair_block(old: list[str], new: list[str]) -> list[Paragraph]:
    """Paragraphs difflib found replaced, in order: a pair similar enough is one paragraph edited;
    otherwise an old paragraph that no later new one resembles was removed, else the new one was added."""
    alike = _Likeness()
    out, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if alike(old[i], new[j]):
            began = note_kind(new[j]) if not note_kind(old[i]) else None
            out.append(Paragraph("edited", word_diff(old[i], new[j]), began))
            i, j = i + 1, j + 1
        elif any(alike(old[i], later) for later in new[j + 1 : j + 1 + LOOKAHEAD]):
            out.append(_added(new[j]))
            j += 1
        else:
            out.append(Paragraph("removed", [Segment("delete", old[i])]))
            i += 1
    out += [Paragraph("removed", [Segment("delete", p)]) for p in old[i:]]
    out += [_added(p) for p in new[j:]]
    return out


def _added(paragraph: str) -> Paragraph:
    return Paragraph("added", [Segment("insert", paragraph)], note_kind(paragraph))


def paragraph_diff(old: tuple[str, ...], new: tuple[str, ...]) -> list[Paragraph]:
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out += [Paragraph("same", [Segment("equal", p)]) for p in old[i1:i2]]
        else:
            out += _pair_block(list(old[i1:i2]), list(new[j1:j2]))
    return out


@dataclass(frozen=True)
class Tag:
    name: str
    kind: str  # "same", "added", "removed"


def _count(n: int, what: str, done: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'} {done}"


@dataclass
class Comparison:
    """Two captures of one article side by side: ``old`` ("from") and ``new`` ("to")."""

    old: Capture
    new: Capture
    before: Version = field(init=False)
    after: Version = field(init=False)

    def __post_init__(self):
        self.before, self.after = Version.of(self.old), Version.of(self.new)

    @property
    def comparable(self) -> bool:
        return self.before.known and self.after.known

    @property
    def changed(self) -> bool:
        return self.comparable and self.before != self.after

    @property
    def title_changed(self) -> bool:
        return self.before.title != self.after.title

    @property
    def byline_changed(self) -> bool:
        return self.before.byline != self.after.byline

    @property
    def title(self) -> list[Segment]:
        return word_diff(self.before.title, self.after.title)

    @property
    def byline(self) -> list[Segment]:
        return word_diff(self.before.byline, self.after.byline)

    @property
    def paragraphs(self) -> list[Paragraph]:
        if not hasattr(self, "_paragraphs"):
            self._paragraphs = paragraph_diff(self.before.paragraphs, self.after.paragraphs)
        return self._paragraphs

    @property
    def tags(self) -> list[Tag]:
        """Every tag of either side, in name order, marked kept, added or removed."""
        old = {t.casefold(): t for t in self.before.tags}
        new = {t.casefold(): t for t in self.after.tags}
        tags = [Tag(name, "same" if key in old else "added") for key, name in new.items()]
        tags += [Tag(name, "removed") for key, name in old.items() if key not in new]
        return sorted(tags, key=lambda t: (t.name.casefold(), t.name))

    @property
    def elapsed(self) -> timedelta:
        return self.new.captured - self.old.captured

    @property
    def elapsed_text(self) -> str:
        """The time between the captures in words ("3 days, 2 hours"), whichever is older."""
        earlier, later = sorted((self.old.captured, self.new.captured))
        return timesince(earlier, later)

    @property
    def summary_parts(self) -> list[str]:
        if not self.comparable:
            return ["not compared: the archive kept no extracted text for one of these captures"]
        if not self.changed:
            return ["no visible change"]
        parts = ["headline changed"] if self.title_changed else []
        removed = Counter(p.segments[0].text for p in self.paragraphs if p.kind == "removed")
        added = Counter(p.segments[0].text for p in self.paragraphs if p.kind == "added" and not p.note)
        moved = removed & added  # the same paragraph taken out in one place and put in at another
        notes = [p.note for p in self.paragraphs if p.note]
        edited = sum(1 for p in self.paragraphs if p.kind == "edited")
        counts = [(moved.total(), "moved"), ((removed - moved).total(), "removed"), ((added - moved).total(), "added")]
        for n, what in [*counts, (edited, "edited")]:
            if n:
                parts.append(_count(n, "paragraph", what))
        parts += [f"{kind} added" for kind in dict.fromkeys(notes)]
        if self.byline_changed:
            parts.append("byline changed")
        for kind in ("added", "removed"):
            names = [t.name for t in self.tags if t.kind == kind]
            if names:
                parts.append(f"{'tag' if len(names) == 1 else 'tags'} {kind}: {', '.join(names)}")
        return parts

    @property
    def summary(self) -> str:
        """One line: "headline changed; 2 paragraphs removed; correction added; tags added: x"."""
        return "; ".join(self.summary_parts)


def sides(captures: list[Capture], old: Capture | None, new: Capture | None) -> tuple[Capture, Capture] | None:
    """The two captures to compare, of ``captures`` (oldest first): those named, else the first and the
    newest. One side named that is the other side's default is compared with its neighbour. None when
    there are fewer than two captures."""
    if len(captures) < 2:
        return None
    chosen_old, chosen_new = old or captures[0], new or captures[-1]
    if chosen_old.pk == chosen_new.pk:
        index = captures.index(chosen_old)
        neighbour = captures[index + 1] if index + 1 < len(captures) else captures[index - 1]
        return (chosen_old, neighbour) if old else (neighbour, chosen_new)
    return chosen_old, chosen_new


def history(captures: list[Capture]) -> list[Comparison]:
    """Each capture against the one before it (captures in any order; compared oldest first)."""
    ordered = sorted(captures, key=lambda c: (c.captured, c.pk))
    return [Comparison(old, new) for old, new in zip(ordered, ordered[1:], strict=False)]


def visible_changes(captures: list[Capture]) -> list[Comparison]:
    """The captures that changed something a reader sees, each against the one before it, oldest first."""
    return [c for c in history(captures) if c.changed]


def recent_changes(articles, limit: int) -> list[Comparison]:
    """The newest visible changes among ``articles`` (a queryset), newest first, at most ``limit``.

    Read from the ``2 * limit`` articles captured most recently among those with several captures
    (each with its captures, without their bytes, in one more query): a change is as new as the
    capture that made it, so only when most of those newest captures changed nothing visible can an
    older change be missed."""
    candidates = (
        articles.annotate(capture_count=Count("captures"))
        .filter(capture_count__gt=1)
        .order_by("-captured", "-pk")
        .select_related("source")
        .prefetch_related(Prefetch("captures", Capture.objects.defer("raw")))[: 2 * limit]
    )
    found = [change for article in candidates for change in visible_changes(list(article.captures.all()))]
    return sorted(found, key=lambda c: (c.new.captured, c.new.pk), reverse=True)[:limit]
