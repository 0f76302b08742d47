"""How a text diff is laid out on the change page: each changed paragraph with an anchor the list of
changes at the top links to, and long runs of unchanged paragraphs folded (in ``<details>``, so they
open without JavaScript), keeping the paragraph next to each change for context."""

from __future__ import annotations

from dataclasses import dataclass

from archive.changes.diff import Paragraph

# Kept paragraphs shown next to a change, on each side.
CONTEXT = 1
# A run of kept paragraphs is folded when at least this many would be hidden (fewer are quicker read
# than opened).
FOLD_MIN = 3
# Words of a changed paragraph the list of changes quotes.
EXCERPT_WORDS = 8


@dataclass(frozen=True)
class Block:
    """One changed or kept paragraph (``anchor`` "change-3" when changed), or a run of kept ones folded."""

    paragraphs: tuple[Paragraph, ...]
    folded: bool = False
    anchor: str = ""

    @property
    def paragraph(self) -> Paragraph:
        return self.paragraphs[0]

    @property
    def label(self) -> str:
        """What the list of changes says of a changed paragraph: "Paragraph edited: “The council will…”"."""
        p = self.paragraph
        what = "; ".join(p.notes) if p.notes else f"paragraph {p.kind}"
        words = p.text.split()
        excerpt = " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")
        return f"{what[:1].upper()}{what[1:]}: “{excerpt}”"


def layout(paragraphs: tuple[Paragraph, ...]) -> list[Block]:
    blocks: list[Block] = []
    kept: list[Paragraph] = []

    def flush(change_follows: bool) -> None:
        lead = CONTEXT if blocks else 0  # a change came before this run
        tail = CONTEXT if change_follows else 0
        if len(kept) - lead - tail >= FOLD_MIN:
            blocks.extend(Block((p,)) for p in kept[:lead])
            blocks.append(Block(tuple(kept[lead : len(kept) - tail]), folded=True))
            blocks.extend(Block((p,)) for p in kept[len(kept) - tail :])
        else:
            blocks.extend(Block((p,)) for p in kept)
        kept.clear()

    changes = 0
    for p in paragraphs:
        if p.kind == "same":
            kept.append(p)
            continue
        flush(change_follows=True)
        changes += 1
        blocks.append(Block((p,), anchor=f"change-{changes}"))
    flush(change_follows=False)
    return blocks
