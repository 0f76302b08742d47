"""Candidate mentions: the model's entities cleaned up, then completed.

Works on token indices (``Cand.start``/``end``, end exclusive) so trimming a
leading "the" or a possessive "’s" never cuts inside a word. Every rule here is
about the shape of names in English news, never about particular names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import LABEL_KINDS

ARTICLES = {"the", "a", "an"}
POSSESSIVES = {"'s", "’s", "'", "’", "s'", "s’"}
# "North of Afghanistan" is a direction from a place, not a place of its own.
COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "central",
}
# Quotes and brackets the model sometimes pulls into a span.
_EDGE_PUNCT = set("\"'“”‘’«»()[]{}-–—,.;:!?*•|/")

_SEPARATORS = {"at", "vs", "vs.", "v", "v.", "versus", "|", "/", "(", ")", "[", "]"}
_DASHES = {"-", "–", "—", "--"}


def _separates(doc, i: int) -> bool:
    """A word that cannot be inside a name: a dash with spaces around (an
    inner hyphen as in "Ata-ur-Rehman" is part of the name), a figure, "at"."""
    token = doc[i]
    if token.text in _DASHES:
        return bool(token.whitespace_) and i > 0 and bool(doc[i - 1].whitespace_)
    if any(ch.isdigit() for ch in token.text) and not any(ch.isalpha() for ch in token.text):
        return True
    return token.text in _SEPARATORS


UNKNOWN = ""  # label of a piece split off a mention: kept only if named elsewhere


@dataclass
class Cand:
    start: int
    end: int
    label: str
    refers: tuple[str, ...] | None = None  # words of the fuller name it stands for ("Bortnikov")
    origin: str = "model"  # model | acronym | merged | propagated
    subject: bool = False  # a full person name that is the subject of a verb

    def texts(self, doc) -> tuple[str, ...]:
        return tuple(t.text for t in doc[self.start : self.end])


def surface(doc, cand: Cand) -> str:
    """The mention's words on one line ("New\\nYork" would read "New York")."""
    return " ".join(doc[cand.start : cand.end].text.split())


def from_model(doc, capitals: list[bool]) -> list[Cand]:
    """The model's PERSON/ORG/GPE/LOC/NORP entities, trimmed and split.

    On a line in capitals (a wire headline, a results table) the model cannot
    use case and tags words at random; names there come only from
    ``propagate``, which matches the names found in the rest of the text."""
    cands: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ in LABEL_KINDS and not capitals[ent.start]:
            cands.extend(clean(doc, Cand(ent.start, ent.end, ent.label_)))
    return _with_given_name(doc, _with_initials(doc, cands))


# Offices and ranks that stand before a surname as a title does, besides confidence.TITLES.
OFFICES = {
    "ambassador", "general", "colonel", "lieutenant", "sergeant", "commander", "chairman", "premier", "prince",
    "princess", "emperor", "envoy", "inspector", "officer", "dean", "father", "brother", "sister", "saint", "st",
    "marshal", "commissioner", "superintendent", "chief", "deputy", "speaker", "representative", "congressman",
    "congresswoman", "councillor", "councilman", "chairwoman", "baron", "duke", "count", "sheikh", "imam",
}  # fmt: skip


def _with_given_name(doc, cands: list[Cand]) -> list[Cand]:
    """ "Houston hires Major Applewhite": a one-word person the model tagged
    without the capitalised proper noun before it, inside a sentence and
    no title ("President Obama", "Ambassador Albright"), gets it as a given name."""
    from .confidence import TITLES

    owner = covered(cands, len(doc))
    for c in cands:
        if c.label != "PERSON" or c.end - c.start != 1 or c.start == 0:
            continue
        prev = doc[c.start - 1]
        if (
            owner[prev.i] is None
            and not prev.ent_type_
            and prev.pos_ == "PROPN"
            and _name_word(prev)
            and not prev.is_sent_start
            and "\n" not in prev.whitespace_
            and prev.lower_.rstrip(".") not in TITLES | OFFICES
        ):
            c.start = prev.i
    return cands


def clean(doc, cand: Cand) -> list[Cand]:
    pieces = []
    for line_piece in _split_lines(doc, cand):
        for piece in _split_possessive(doc, line_piece):
            pieces.extend(_split_inner_lower(doc, piece))
    out = []
    for piece in pieces:
        piece = _trim(doc, piece)
        if piece is not None:
            out.append(piece)
    return out


def _split_lines(doc, cand: Cand) -> list[Cand]:
    # Names never run over a line break (a span that does joined a title or a
    # byline with the next line), nor over a spaced dash or "at"/"vs" between
    # two names ("Lithuania - Danius Gleveckas", "Yorkshire at Headingley").
    pieces, start = [], cand.start
    for i in range(cand.start, cand.end):
        token = doc[i]
        if "\n" in token.whitespace_:
            pieces.append(Cand(start, i + 1, cand.label))
            start = i + 1
        elif "\n" in token.text or _separates(doc, i):
            pieces.append(Cand(start, i, cand.label))
            start = i + 1
    pieces.append(Cand(start, cand.end, cand.label))
    return [p for p in pieces if p.end > p.start]


def _split_possessive(doc, cand: Cand) -> list[Cand]:
    # "Russia’s FSB": the owner and the owned are two names. The model's label
    # belongs to the whole, i.e. to the owned part; the owner is kept only if
    # the text names it elsewhere (its label then comes from there).
    for i in range(cand.start + 1, cand.end - 1):
        if doc[i].text in POSSESSIVES or doc[i].tag_ == "POS":
            return [Cand(cand.start, i, UNKNOWN), Cand(i + 1, cand.end, cand.label)]
    return [cand]


# Lower-case words that may stand inside a person's name ("Ludwig van
# Beethoven"); any other ("Younis st Germon b Harris", a scorecard row) ends it.
NAME_PARTICLES = {
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el", "le", "la", "du",
    "dos", "das", "y", "e", "ter", "ten", "zu", "af", "bint", "abu",
}  # fmt: skip


def _split_inner_lower(doc, cand: Cand) -> list[Cand]:
    if cand.label != "PERSON" or cand.end - cand.start < 3:
        return [cand]
    pieces, start = [], cand.start
    for i in range(cand.start + 1, cand.end - 1):
        token = doc[i]
        if token.is_alpha and token.text.islower() and token.lower_ not in NAME_PARTICLES:
            pieces.append(Cand(start, i, cand.label))
            start = i + 1
    pieces.append(Cand(start, cand.end, cand.label))
    return [p for p in pieces if p.end > p.start]


def _trim(doc, cand: Cand) -> Cand | None:
    start, end = cand.start, cand.end
    while start < end:
        token = doc[start]
        if _is_edge(token) or token.is_space or token.text in POSSESSIVES:
            start += 1
        elif token.lower_ in ARTICLES and (token.text.islower() or _starts_line_or_sentence(doc, start)):
            # Lower-case "the" is never part of a name; a capital "The" is,
            # except where any word would be capitalised.
            start += 1
        elif (
            cand.label in ("GPE", "LOC")
            and token.lower_ in COMPASS
            and start + 2 < end
            and doc[start + 1].lower_ == "of"
        ):
            start += 2
        else:
            break
    # Names end in a name word: not in a score or figure ("Durham 114",
    # "Mexico 2-0"), nor in a lower-case word ("Interfax news agency").
    while end > start and _droppable_end(doc[end - 1]):
        end -= 1
    if end <= start:
        return None
    # A name has a capital letter; "minister" or "5,000" tagged as ORG is noise.
    if not any(ch.isupper() for ch in doc[start:end].text):
        return None
    return Cand(start, end, cand.label, cand.refers, cand.origin)


def _starts_line_or_sentence(doc, i: int) -> bool:
    return i == 0 or doc[i].is_sent_start or "\n" in doc[i - 1].text_with_ws


def _droppable_end(token) -> bool:
    text = token.text
    if text in POSSESSIVES or _is_edge(token) or token.is_space:
        return True
    if any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text):
        return True
    return token.is_alpha and token.text.islower()


def _is_edge(token) -> bool:
    return all(ch in _EDGE_PUNCT for ch in token.text)


_INITIAL = re.compile(r"^[A-Z]\.$")


def _with_initials(doc, cands: list[Cand]) -> list[Cand]:
    """ "G. Kersey", "J. R. Smith": initials before a capitalised word make a
    person's name, in sports lines and bylines the model often misses; a
    person tagged without the initials gets them."""
    # "R. Ponting" with "R." alone taken for a group or a place: an initial before a name is part of it.
    cands = [c for c in cands if not _initials_before_name(doc, c)]
    for c in cands:
        # "M. McCague" taken for a firm: an initial and one or two name words are a person's name (not so a
        # place: "N. Korea").
        words = doc[c.start : c.end]
        if c.label == "ORG" and 2 <= len(words) <= 3 and _INITIAL.match(words[0].text):
            if all(_name_word(t) for t in words[1:]):
                c.label = "PERSON"
    owner = covered(cands, len(doc))
    out = list(cands)
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and _INITIAL.match(doc[j].text) and owner[j] is None and "\n" not in doc[j].whitespace_:
            j += 1
        if j == i or j >= len(doc) or not _name_word(doc[j]):
            i = max(j, i + 1)
            continue
        if owner[j] is not None and out[owner[j]].start == j and out[owner[j]].label == "PERSON":
            out[owner[j]].start = i
        elif owner[j] is None:
            out.append(Cand(i, j + 1, "PERSON", origin="initials"))
        i = j + 1
    return sorted(out, key=lambda c: c.start)


def _initials_before_name(doc, cand: Cand) -> bool:
    span = doc[cand.start : cand.end]
    if cand.label == "PERSON" or not all(_INITIAL.match(t.text) for t in span) or cand.end >= len(doc):
        return False
    return _name_word(doc[cand.end]) and "\n" not in span[-1].whitespace_


def _name_word(token) -> bool:
    return token.text[:1].isupper() and token.text[1:2].islower() and not token.is_stop


# Common nouns for kinds of place: "the town of X" makes X a place, whatever
# the model guessed (it often takes an unfamiliar town for a person).
PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "island",
    "province",
    "region",
    "district",
    "port",
    "capital",
    "county",
    "state",
    "republic",
    "enclave",
    "suburb",
    "township",
    "municipality",
}


def label_places_by_context(doc, cands: list[Cand]) -> None:
    for cand in cands:
        if cand.label == "NORP" or cand.start < 2:
            continue
        noun, of = doc[cand.start - 2], doc[cand.start - 1]
        if of.lower_ == "of" and noun.text.islower() and noun.lemma_ in PLACE_NOUNS:
            cand.label = "GPE"
            cand.origin = "context"


def covered(cands: list[Cand], length: int) -> list[int | None]:
    """For each token, the index of the candidate covering it, or None."""
    owner: list[int | None] = [None] * length
    for n, cand in enumerate(cands):
        for i in range(cand.start, cand.end):
            owner[i] = n
    return owner


def is_initial(token) -> bool:
    return bool(_INITIAL.match(token.text))


def is_capitalised_word(token) -> bool:
    return token.is_alpha and token.text[:1].isupper()
