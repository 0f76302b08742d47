"""What changed between two captures of one article: a word-level diff and a one-line summary.

Each capture keeps the fields its importer extracted (``Capture.fields``); a reader sees the title,
the byline, the body paragraphs and the tags, so those are what is compared, read the way the
importer stores them on the article (whitespace collapsed, empty paragraphs dropped, tags matched
without regard to case or order). Two captures whose bytes differ but whose visible fields are the
same have "no visible change". The diffs are in ``diff`` (words and paragraphs, their work bounded),
editor's notes in ``notes``, and how the page lays a diff out in ``layout``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timesince import timesince

from archive.changes.diff import STEP_BUDGET, Budget, Paragraph, Segment, TextDiff, paragraph_diff, word_diff
from archive.changes.layout import CONTENTS_SHOWN, Block, layout
from archive.models import Article, Capture

# Tags named in a summary line before the rest are only counted: an import that changed thousands of tags
# made each feed entry's title tens of kilobytes.
SUMMARY_TAGS = 10


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

    @property
    def seen(self) -> tuple:
        """What a reader sees, as two captures are compared: tags in any order and any case are the same tags."""
        return self.title, self.byline, self.paragraphs, frozenset(t.casefold() for t in self.tags)

    @classmethod
    def of(cls, capture: Capture) -> Version:
        """What a reader sees of ``capture``; nothing (not ``known``) when its kept fields are not in the shape
        the importer keeps them: a record from another tool, or edited by hand, is not compared rather than
        read wrong (a string's letters as paragraphs) or failing."""
        fields = capture.fields if isinstance(capture.fields, dict) else {}
        if Capture.misshapen_field(fields):
            return cls("", "", (), ())
        authors = [a for a in fields.get("authors") or [] if a]
        byline = (fields.get("byline") or "").strip() or (f"By {', '.join(authors)}" if authors else "")
        paragraphs = tuple(p for p in (" ".join(p.split()) for p in fields.get("body") or []) if p)
        tags: dict[str, str] = {}
        for name in fields.get("tags") or []:
            name = name.strip()[:100]
            if name:
                tags.setdefault(name.casefold(), name)
        return cls(
            " ".join((fields.get("title") or "").split()), " ".join(byline.split()), paragraphs, tuple(tags.values())
        )


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
    # What diffing may cost: its own, or one shared by a list of comparisons (a feed, an article's changes).
    budget: Budget = field(default_factory=Budget, repr=False, compare=False)
    # What a reader sees of each, when read already (a list of changes reads each capture once).
    before: Version | None = field(default=None, repr=False, compare=False)
    after: Version | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.before is None:
            self.before = Version.of(self.old)
        if self.after is None:
            self.after = Version.of(self.new)

    def get_absolute_url(self) -> str:
        """The change page comparing exactly these two captures."""
        query = urlencode({"from": self.old.pk, "to": self.new.pk})
        return reverse("archive:article-changes", args=[self.new.article_id]) + "?" + query

    @property
    def comparable(self) -> bool:
        return self.before.known and self.after.known

    @property
    def changed(self) -> bool:
        return self.comparable and self.before.seen != self.after.seen

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

    @cached_property
    def text(self) -> TextDiff:
        return paragraph_diff(self.before.paragraphs, self.after.paragraphs, self.budget)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.text.paragraphs

    @cached_property
    def body(self) -> list[Block]:
        """The paragraphs as the page shows them: changed ones anchored, long kept runs folded."""
        return layout(self.paragraphs)

    @cached_property
    def _entries(self) -> list[tuple[str, str | Block]]:
        """What the list of changes atop the page leads to, in reading order: (anchor, what it says, or the
        changed block that says it, read only for the entries shown)."""
        found: list[tuple[str, str | Block]] = [("diff-headline", "Headline changed")] if self.title_changed else []
        if self.byline_changed:
            found.append(("diff-byline", "Byline changed"))
        found += [(b.anchor, b) for b in self.body if b.anchor]
        if any(t.kind != "same" for t in self.tags):
            found.append(("diff-tags", "Tags changed"))
        return found

    @property
    def contents(self) -> list[tuple[str, str]]:
        """The list of changes atop the page: (anchor, what changed), in reading order, the first
        CONTENTS_SHOWN of them."""
        return [
            (anchor, what if isinstance(what, str) else what.label) for anchor, what in self._entries[:CONTENTS_SHOWN]
        ]

    @property
    def contents_left_out(self) -> int:
        """How many changes the list atop the page does not show."""
        return max(0, len(self._entries) - CONTENTS_SHOWN)

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

    @cached_property
    def summary_parts(self) -> list[str]:
        if not self.comparable:
            return ["not compared: the archive kept no extracted text for one of these captures"]
        if not self.changed:
            return ["no visible change"]
        parts = ["headline changed"] if self.title_changed else []
        # A paragraph that added, removed or changed an editor's note is named as that note instead of counted.
        if self.text.simplified == "counted":
            counted = Counter(removed=self.text.removed, added=self.text.added)
        else:
            counted = Counter(p.kind for p in self.paragraphs if not p.notes)
        for what in ("moved", "removed", "added", "edited"):
            if counted[what]:
                parts.append(_count(counted[what], "paragraph", what))
        # Notes of one kind, counted: "2 corrections added".
        for note, n in Counter(note for p in self.paragraphs for note in p.notes).items():
            kind, done = note.rsplit(" ", 1)
            parts.append(note if n == 1 else f"{n} {kind}s {done}")
        if self.byline_changed:
            parts.append("byline changed")
        for kind in ("added", "removed"):
            names = [t.name for t in self.tags if t.kind == kind]
            if names:
                # Named up to SUMMARY_TAGS, then counted: the line is a feed entry's title too.
                shown = ", ".join(names[:SUMMARY_TAGS])
                more = f" and {len(names) - SUMMARY_TAGS} more" if len(names) > SUMMARY_TAGS else ""
                parts.append(f"{'tag' if len(names) == 1 else 'tags'} {kind}: {shown}{more}")
        return parts

    @property
    def summary(self) -> str:
        """One line: "headline changed; 2 paragraphs removed; correction added; tags added: x"."""
        return "; ".join(self.summary_parts)


def sides(captures: list[Capture], old: Capture | None, new: Capture | None) -> tuple[Capture, Capture] | None:
    """The two captures to compare, of ``captures`` (oldest first): those named, else the first and the
    newest that kept their fields (of all, when fewer than two did). One side named that is the other
    side's default is compared with its neighbour. None when there are fewer than two captures."""
    if len(captures) < 2:
        return None
    known = [c for c in captures if Version.of(c).known]
    defaults = known if len(known) > 1 else captures
    chosen_old, chosen_new = old or defaults[0], new or defaults[-1]
    if chosen_old.pk == chosen_new.pk:
        index = captures.index(chosen_old)
        neighbour = captures[index + 1] if index + 1 < len(captures) else captures[index - 1]
        return (chosen_old, neighbour) if old else (neighbour, chosen_new)
    return chosen_old, chosen_new


# What a list of changes (a feed's entries, an article's changes in the API) may spend diffing them
# all for their summaries, in one budget: a single page's worth twice over, so fifty changes of two huge
# captures each cost a page or two, not fifty. Past it, the later summaries count paragraphs removed
# and added where a full diff would have found some edited.
LIST_BUDGET = 2 * STEP_BUDGET
# And once that is spent, the paragraphs they may still show one by one (counting those removed, added
# and moved, and naming editor's notes), all together: fifty news stories have a few thousand. Past it,
# a summary counts the paragraphs not kept as removed and added.
LIST_PARAGRAPHS = 50_000


def history(captures: list[Capture], budget: Budget | None = None) -> list[Comparison]:
    """Each capture that kept its fields against the one before it that did (captures in any order;
    compared oldest first), all on one budget. A capture without them (from an old export) is passed
    over, not a gap that would hide the change made across it."""
    ordered = sorted(captures, key=lambda c: (c.captured, c.pk))
    budget = budget or Budget(LIST_BUDGET, LIST_PARAGRAPHS)
    versions = [(c, Version.of(c)) for c in ordered]
    known = [(c, v) for c, v in versions if v.known]
    return [
        Comparison(old, new, budget, before, after)
        for (old, before), (new, after) in zip(known, known[1:], strict=False)
    ]


def visible_changes(captures: list[Capture], budget: Budget | None = None) -> list[Comparison]:
    """The captures that changed something a reader sees, each against the one before it, oldest first."""
    return [c for c in history(captures, budget) if c.changed]


def mark_visible_changes(article) -> None:
    """Flag each capture of ``article`` that changed what a reader sees (``Capture.changed_visibly``), as
    the feeds of changes find them; after an import added captures, in any order."""
    captures = list(article.captures.defer("raw"))
    changed = {c.new.pk for c in visible_changes(captures)}
    stale = [c for c in captures if c.changed_visibly != (c.pk in changed)]
    for c in stale:
        c.changed_visibly = c.pk in changed
    Capture.objects.bulk_update(stale, ["changed_visibly"])


def recent_changes(articles, limit: int) -> list[Comparison]:
    """The newest visible changes among ``articles`` (a queryset), newest first, at most ``limit``.

    Read from the articles of the ``limit`` newest captures flagged as changing what a reader sees
    (each article with its captures, without their bytes, in one more query), so captures that changed
    nothing (a watched page's furniture) never push a change out."""
    newest = (
        Capture.objects.filter(changed_visibly=True, article__in=articles)
        .order_by("-captured", "-pk")
        .values("article_id")[:limit]
    )
    candidates = (
        Article.objects.filter(pk__in=newest)
        .select_related("source")
        .prefetch_related(Prefetch("captures", Capture.objects.defer("raw")))
    )
    budget = Budget(LIST_BUDGET, LIST_PARAGRAPHS)
    found = [change for a in candidates for change in visible_changes(list(a.captures.all()), budget)]
    return sorted(found, key=lambda c: (c.new.captured, c.new.pk), reverse=True)[:limit]
