"""Plain data the analysis layer hands to storage and to ``analyze_text``.

Offsets are Python character offsets into the analysed text. Nothing here
touches the ORM, so the same analysis serves the command that only prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# spaCy labels we keep, and the Entity kind each becomes.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
}


@dataclass
class EntityMention:
    start: int
    end: int
    text: str  # exactly text[start:end]
    label: str  # PERSON | ORG | GPE | LOC | NORP
    entity: str  # canonical name of the cluster it belongs to
    confident: bool = True  # the text is sure of it (see confidence.py)


@dataclass
class EntityCluster:
    """One entity as found in one text: its canonical (longest/full) name,
    the other names it went by, and what the text says it is."""

    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    description: str = ""  # role given in the text: "director of Russia's FSB"
    organizations: list[str] = field(default_factory=list)  # canonical names it is linked to by role
    mentions: list[EntityMention] = field(default_factory=list)
    confident: bool = True  # see confidence.py; an unsure cluster gives its entity no aliases
    personal: bool = False  # a sentence naming it says "he", "his", "she" or "her"
    # A one-word name the text speaks of as a person (personhood.as_person): only then may it join a full name
    # another article gave ("Hamilton" and Bethany Hamilton).
    as_person: bool = True
    # A one-word name the text introduces as a person: after a title or with "he" or "she" (not only as the one
    # who speaks: "Twitter pledged" speaks too). A one-word "person" no text introduces so is not listed.
    introduced: bool = True
    # A side in sport the text names by its place or in a results table (teams.py, sides.py): an
    # organization of its own, never the place of the same name.
    team: bool = False


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Speaker:
    name: str  # canonical entity name, or the description of an unnamed source
    kind: str  # person | organization | unnamed


class StatementKind:
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    ACCORDING_TO = "according_to"


@dataclass
class ExtractedStatement:
    kind: str
    cue: Span
    content: Span
    source: Span | None = None
    speaker: Speaker | None = None
    via: str | None = None  # canonical name of the outlet ("AFP", "RT")
    recipient: str | None = None  # who it was said to, when not an outlet
    # The content as the text splits it: '“A,” he said. “B.”' gives [A, B];
    # ``content`` is the first part. Empty when the content is one piece.
    content_parts: list[Span] = field(default_factory=list)
    confidence: float = 1.0  # how sure attribution is of it (statement_confidence.py)


@dataclass
class NameRun:
    """A run of capitalised words no mention claimed: storage looks its
    words up among the archive's known names ("CHICAGO" in a standings
    line). ``words`` are (start, end) offsets; ``shouted`` is a line in
    capitals, where any of its words may be a name, not only the whole run."""

    start: int
    end: int
    words: list[tuple[int, int]]
    shouted: bool = False


@dataclass
class TextAnalysis:
    entities: list[EntityMention] = field(default_factory=list)
    clusters: list[EntityCluster] = field(default_factory=list)
    statements: list[ExtractedStatement] = field(default_factory=list)
    unclaimed: list[NameRun] = field(default_factory=list)

    def to_json(self) -> dict:
        """The ``analyze_text`` contract (without "path")."""
        return {
            "entities": [
                {
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "label": m.label,
                    "entity": m.entity,
                    "confident": m.confident,
                }
                for m in self.entities
            ],
            "statements": [
                {
                    "kind": s.kind,
                    "cue": _span(s.cue),
                    "source": _span(s.source) if s.source else None,
                    "speaker": {"name": s.speaker.name, "kind": s.speaker.kind} if s.speaker else None,
                    "content": _span(s.content),
                    "via": {"name": s.via} if s.via else None,
                    "confidence": s.confidence,
                }
                for s in self.statements
            ],
        }


def _span(span: Span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}
