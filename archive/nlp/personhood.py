"""Whether the text speaks of a one-word name as a person: a title, a
pronoun in its sentence, a verb of speech. Read when clusters are built, to
decide whether a lone word may join a full name by surname in the archive.
"""

from __future__ import annotations

from . import introductions
from .confidence import TITLES

PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}


def as_person(doc, members, speech: frozenset) -> bool:
    """Whether the text speaks of a one-word name as a person: after a title
    ("Mr. Hamilton"), in a sentence that says "he" or "she" and names no
    other person, or as the one who speaks ("Hamilton said", a lemma in
    ``speech``). A lone word
    the text does not speak of so ("Hamilton won eleven awards") may be a
    show, a place or a firm as well as a surname."""
    for c in members:
        # One written word, which the tokenizer may cut at its hyphens ("Boutros-Ghali" is three tokens).
        span = doc[c.start : c.end]
        if not span.text or any(ch.isspace() for ch in span.text):
            continue
        if c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in TITLES:
            return True
        token = span.root
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in speech:
            return True
        sentence = token.sent
        # "Trump fixated on Hamilton ... his rejection": the pronoun may be another person's.
        others = any(e.label_ == "PERSON" and not (e.start <= token.i < e.end) for e in sentence.ents)
        if not others and any(t.lower_ in PERSONAL_PRONOUNS and t.pos_ == "PRON" for t in sentence):
            return True
    return False


def personal(doc, members) -> bool:
    """Whether a one-word name the model did not call a person is spoken of
    as one: "Trump will hold a rally, his campaign said"."""
    if len(members) == 0 or any(c.end - c.start != 1 for c in members):
        return False
    for c in members:
        sentence = doc[c.start].sent
        # "Ana Ruiz (she/her) runs Brightleaf": the pronoun is the person's the sentence names, not the firm's.
        if any(e.label_ == "PERSON" for e in sentence.ents):
            continue
        if any(t.lower_ in PERSONAL_PRONOUNS and t.pos_ == "PRON" for t in sentence):
            return True
    return False


def introduced(doc, members) -> bool:
    """Whether the text introduces a one-word name as a person: after a title ("President Carter", the title
    inside the model's span or before it), by a noun of kin or company ("her daughter Maisie"), beside a
    person the model names, or with "he" or "she" in its sentence (``as_person``). Acting or speaking in a
    sentence is not enough: "Twitter pledged", "Leeds won"."""
    for c in members:
        if c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in TITLES:
            return True
        if c.end - c.start > 1 and doc[c.start].lower_.rstrip(".") in TITLES:
            return True
        if introductions.by_relation_or_partner(doc, c.start, c.end):
            return True
    return as_person(doc, members, frozenset())
