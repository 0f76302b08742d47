"""How a text diff is laid out on the change page: each changed paragraph with an anchor the list of
changes at the top links to, long runs of unchanged paragraphs folded (in ``<details>``, so they open
without JavaScript), keeping the paragraph next to each change for context, and long runs of paragraphs
changed alike (removed, added...) cut short, so a page rewritten whole is not sent twice over."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from archive.changes.diff import Paragraph

# Kept paragraphs shown next to a change, on each side.
CONTEXT = 1
# A run of kept paragraphs is folded when at least this many would be hidden (fewer are quicker read
# than opened).
FOLD_MIN = 3
# Paragraphs of a run changed alike that are shown: a news story rewritten whole has fewer; the rest
# are counted, and read in the capture itself.
RUN_SHOWN = 100
# Entries the list of changes shows; the rest are counted ("and 1,234 more").
CONTENTS_SHOWN = 200
# Words of a changed paragraph the list of changes quotes.
EXCERPT_WORDS = 8


@dataclass(frozen=True)
class Block:
    """One changed or kept paragraph (``anchor`` "change-3" when changed), a run of kept ones folded, or
    the rest of a run changed alike, not shown (``cut``)."""

    paragraphs: tuple[Paragraph, ...]
    folded: bool = False
    anchor: str = ""
    cut: bool = False

    @property
    def paragraph(self) -> Paragraph:
        return self.paragraphs[0]

    @property
    def label(self) -> str:
        """What the list of changes says of a changed paragraph: "Paragraph edited: “The council will…”";
        of a run cut short, "1,234 more paragraphs removed"."""
        p = self.paragraph
        if self.cut:
            return f"{len(self.paragraphs):,} more paragraph{'' if len(self.paragraphs) == 1 else 's'} {p.kind}"
        what = "; ".join(p.notes) if p.notes else f"paragraph {p.kind}"
        words = p.text.split(maxsplit=EXCERPT_WORDS)
        excerpt = " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")
        return f"{what[:1].upper()}{what[1:]}: “{excerpt}”"


def layout(paragraphs: tuple[Paragraph, ...]) -> list[Block]:
    blocks: list[Block] = []
    changes = 0

    def change(block_paragraphs: tuple[Paragraph, ...], cut: bool = False) -> None:
        nonlocal changes
        changes += 1
        blocks.append(Block(block_paragraphs, anchor=f"change-{changes}", cut=cut))

    runs = [(kind, list(run)) for kind, run in groupby(paragraphs, key=lambda p: p.kind)]
    for n, (kind, run) in enumerate(runs):
        if kind != "same":
            for p in run[:RUN_SHOWN]:
                change((p,))
            if len(run) > RUN_SHOWN:
                change(tuple(run[RUN_SHOWN:]), cut=True)
            continue
        lead = CONTEXT if n > 0 else 0  # a change came before this run
        tail = CONTEXT if n + 1 < len(runs) else 0  # and one follows
        if len(run) - lead - tail >= FOLD_MIN:
            blocks.extend(Block((p,)) for p in run[:lead])
            blocks.append(Block(tuple(run[lead : len(run) - tail]), folded=True))
            blocks.extend(Block((p,)) for p in run[len(run) - tail :])
        else:
            blocks.extend(Block((p,)) for p in run)
    return blocks
