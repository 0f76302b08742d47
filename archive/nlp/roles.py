"""A person's role as the text gives it, and the organizations it names.

Two shapes cover most of news writing:
  before the name  "The director of Russia’s FSB Alexander Bortnikov",
                   "FSB chief Alexander Bortnikov";
  after the name   "Alexander Bortnikov, the director of the FSB, said".
The role is a run of nouns and adjectives, possibly with "of"/"for"/"at"
phrases and names of organizations and places, that holds at least one
common-noun head which is not itself a name ("director", "chief", "President").
"""

from __future__ import annotations

from dataclasses import dataclass

from .mentions import ARTICLES, POSSESSIVES, Cand

ROLE_PREPOSITIONS = {"of", "for", "at", "in", "on"}
_STOP_AFTER = {",", ".", ";", ":", ")", "—", "–", "-", "!", "?"}
MAX_ROLE_TOKENS = 12


@dataclass
class Role:
    start: int  # token indices of the description, end exclusive
    end: int
    organizations: list[int]  # indices into the candidate list


def sentence_bounds(doc) -> list[tuple[int, int]]:
    """(start, end) of each token's sentence, worked out once per text:
    ``token.sent`` walks the whole document on every call."""
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        bounds.extend([(sent.start, sent.end)] * (sent.end - sent.start))
    return bounds


def find_role(doc, cands: list[Cand], owner: list[int | None], person: int, bounds) -> Role | None:
    cand = cands[person]
    sentence = bounds[cand.start]
    return _before(doc, cands, owner, cand, sentence[0]) or _after(doc, cands, owner, cand, sentence[1])


def _before(doc, cands, owner, cand: Cand, sent_start: int) -> Role | None:
    i = cand.start - 1
    # "the choice of Paul Manafort": a name after a preposition is its object.
    if i < sent_start or doc[i].lower_ in ROLE_PREPOSITIONS:
        return None
    while i >= sent_start and cand.start - i <= MAX_ROLE_TOKENS:
        # "close friend of Israeli Prime Minister X": once the words after an
        # "of" hold a role ("Prime Minister"), what comes before is about
        # someone else; "director of Russia’s FSB X" goes on to "director".
        if doc[i].lower_ in ROLE_PREPOSITIONS and _heads(doc, owner, i + 1, cand.start):
            break
        step = _step_back(doc, cands, owner, i)
        if step is None:
            break
        i = step
    start = i + 1
    # The role begins with a word of its own, never with "of" or "’s".
    while start < cand.start and (doc[start].lower_ in ROLE_PREPOSITIONS or doc[start].text in POSSESSIVES):
        start += 1
    return _role(doc, cands, owner, start, cand.start)


def _step_back(doc, cands, owner, i: int) -> int | None:
    """The index before the role part ending at token i, or None to stop."""
    token = doc[i]
    if owner[i] is not None:
        other = cands[owner[i]]
        return None if other.label == "PERSON" else other.start - 1
    if token.text in POSSESSIVES or token.tag_ == "POS" or token.lower_ in ROLE_PREPOSITIONS:
        return i - 1
    if _role_word(token):
        return i - 1
    return None


def _after(doc, cands, owner, cand: Cand, sent_end: int) -> Role | None:
    i = cand.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    if i < len(doc) and doc[i].lower_ in ARTICLES:
        i += 1
    start = i
    # An appositive role starts with a word, not a name: "Bortnikov, Putin and
    # Lavrov" is a list.
    if start >= len(doc) or owner[start] is not None or not _role_word(doc[start]):
        return None
    while i < sent_end and i - start < MAX_ROLE_TOKENS:
        token = doc[i]
        if owner[i] is not None:
            other = cands[owner[i]]
            if other.label == "PERSON":
                return None
            i = other.end
        elif token.text in POSSESSIVES or token.lower_ in ROLE_PREPOSITIONS or token.lower_ in ARTICLES:
            i += 1
        elif _role_word(token):
            i += 1
        else:
            break
    if i < sent_end and doc[i].text not in _STOP_AFTER:
        return None
    end = i
    while end > start and (doc[end - 1].lower_ in ROLE_PREPOSITIONS | ARTICLES):
        end -= 1
    return _role(doc, cands, owner, start, end)


def _role_word(token) -> bool:
    return token.is_alpha and token.pos_ in ("NOUN", "ADJ", "PROPN") and not token.is_stop


def _heads(doc, owner, start: int, end: int) -> bool:
    return any(owner[i] is None and doc[i].pos_ in ("NOUN", "PROPN") for i in range(start, end))


def _role(doc, cands, owner, start: int, end: int) -> Role | None:
    if end <= start:
        return None
    # There must be a head noun of the role's own: "Russia’s FSB" before a
    # name says where the person works but not what they are.
    if not _heads(doc, owner, start, end):
        return None
    organizations = []
    for i in range(start, end):
        n = owner[i]
        if n is not None and cands[n].label == "ORG" and n not in organizations:
            organizations.append(n)
    return Role(start, end, organizations)
