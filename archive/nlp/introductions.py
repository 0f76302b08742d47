"""How a text introduces a person it names by one word, besides a title or
a verb (``confidence._introduced``): by a noun of kin or company before the
name ("their son Malachi"), or beside a person the model names ("Michael
Jackson and Prince")."""

from __future__ import annotations

# Nouns of kin and company that introduce a person by a given name.
RELATIONS = {
    "son", "daughter", "wife", "husband", "brother", "sister", "mother", "father", "mom", "dad",
    "boyfriend", "girlfriend", "fiancé", "fiancée", "cousin", "uncle", "aunt", "grandson", "granddaughter",
    "nephew", "niece", "grandmother", "grandfather", "baby", "child", "widow",
}  # fmt: skip
# Nouns of company that introduce a person only after a person's possessive: "her friend Ana", not "its
# partner Foxconn" or "a friend Bank of America keeps".
COMPANIONS = {"friend", "partner", "colleague", "roommate"}
PERSON_POSSESSIVES = {"his", "her", "their", "my", "our", "your"}


def by_relation_or_partner(doc, start: int, end: int) -> bool:
    if start > 0 and doc[start - 1].text.islower() and doc[start - 1].lemma_ in RELATIONS:
        return True
    if start > 1 and doc[start - 1].lemma_ in COMPANIONS and doc[start - 2].lower_ in PERSON_POSSESSIVES:
        return True
    token = doc[end - 1]
    partners = [token.head] if token.dep_ == "conj" else [t for t in token.children if t.dep_ == "conj"]
    return any(p.ent_type_ == "PERSON" for p in partners)
