"""People the model missed that the text introduces by what they do: "singer Billie Eilish", "Ana Ruiz, a
stylist, said". A run of two or three capitalised words no candidate covers, right after a lower-case noun of
a kind of person or followed by a comma and such a noun, is a person's full name. ``missed_people`` gives
their spans to ``entities.extract``.

A word the text also writes in lower case ("Fashion Week", "Bottom Line") or a word of a body's kind
("Music Hall") makes no name; nor does a run that goes on to qualify a noun ("the Taylor Swift song" names a
song): the run must end where the sentence's words about it end.
"""

from __future__ import annotations

from .mentions import is_capitalised_word
from .organizations import ORG_NOUNS, PERSON_KINDS, WORKER_NOUNS

# Nouns of what a person does, introducing a name; "band", "people" and "figure" name no one person.
PERSON_NOUNS = (PERSON_KINDS | WORKER_NOUNS) - {"band", "people", "figure", "work", "study", "teach", "head"} | {
    "stylist", "designer", "model", "songwriter", "chef", "photographer", "blogger", "influencer", "host",
    "producer", "dancer", "spokesman", "spokeswoman", "spokesperson", "novelist", "poet", "activist",
}  # fmt: skip
_DETERMINERS = {"a", "an", "the", "our", "his", "her", "their", "my", "your"}
MAX_WORDS = 3


def missed_people(doc, cands) -> list[tuple[int, int]]:
    """Token spans of the full names a role introduces that no candidate covers."""
    owned = {i for c in cands for i in range(c.start, c.end)}
    lower = {t.lower_ for t in doc if t.is_alpha and t.text.islower()}
    found = []
    i = 0
    while i < len(doc):
        end = i
        while end < len(doc) and end - i < MAX_WORDS + 1 and _name_word(doc[end], owned, lower):
            if "\n" in doc[end].text_with_ws and end > i:
                break
            end += 1
            if "\n" in doc[end - 1].text_with_ws:
                break
        if 2 <= end - i <= MAX_WORDS and "\n" not in doc[i : end - 1].text_with_ws:
            if _role_before(doc, i) and not _qualifies(doc, end) or _role_after(doc, end):
                found.append((i, end))
        i = max(end, i + 1)
    return found


def _name_word(token, owned: set[int], lower: set[str]) -> bool:
    return (
        token.i not in owned
        and is_capitalised_word(token)
        and not token.is_upper
        and token.lower_ not in lower
        and token.lower_ not in ORG_NOUNS
        and not token.ent_type_
    )


def _person_noun(token) -> bool:
    return token.text.islower() and token.tag_ in ("NN", "NNS") and token.lemma_.lower() in PERSON_NOUNS


def _role_before(doc, start: int) -> bool:
    """ "singer Billie Eilish", "the stylist Ana Ruiz"."""
    return start > 0 and _person_noun(doc[start - 1]) and doc[start - 1].tag_ == "NN"


def _qualifies(doc, end: int) -> bool:
    """ "Taylor Swift song": the run goes on to qualify a lower-case noun."""
    return end < len(doc) and doc[end].text.islower() and doc[end].pos_ == "NOUN"


def _role_after(doc, end: int) -> bool:
    """ "Ana Ruiz, a stylist,", "Kelly Crump, our senior editor": a comma, a determiner, up to two modifiers,
    then the noun of a person."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    i = end + 1
    if i < len(doc) and doc[i].lower_ in _DETERMINERS:
        i += 1
    for j in range(i, min(i + 3, len(doc))):
        if _person_noun(doc[j]) and doc[j].tag_ == "NN":
            return True
        if not (doc[j].text.islower() and doc[j].pos_ in ("ADJ", "NOUN")):
            return False
    return False
