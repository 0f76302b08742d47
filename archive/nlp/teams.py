"""Teams and firms the model calls people: one-word names read by their use.

A small model often tags a one-word club, county or firm ("Surrey",
"Magna") as a person. The text says otherwise, and what it says holds for
every mention of that name in the text (one name, one kind per document):

- a role in a team between the name and a person's full name: "Surrey
  captain Chris Lewis", "Lancashire batsman Graham Lloyd";
- a sports result between two such names: "Leicestershire beat Somerset",
  "Kent dismissed Nottinghamshire";
- the first word of exactly one longer organization name in the text:
  "Magna" after "Magna International Inc".

A name that also ends a person's full name in the text ("Lewis" after
"Chris Lewis") is left to the person rules.
"""

from __future__ import annotations

from .mentions import Cand

# Roles a player or official holds in a team, as written before the name.
TEAM_ROLES = {
    "captain", "coach", "manager", "skipper", "batsman", "bowler", "all-rounder", "rounder", "spinner",
    "seamer", "paceman", "opener", "wicketkeeper", "keeper", "striker", "midfielder", "defender",
    "goalkeeper", "forward", "winger", "fullback", "quarterback", "pitcher", "chairman", "player",
}  # fmt: skip
# Verbs of a result between two competitors.
RESULT_VERBS = {"beat", "defeat", "thrash", "dismiss", "rout", "edge", "overcome", "overwhelm", "crush", "down"}


def label_teams(doc, cands: list[Cand]) -> None:
    one_word = [c for c in cands if c.end - c.start == 1 and c.label == "PERSON"]
    if not one_word:
        return
    surnames = {doc[c.end - 1].text for c in cands if c.label == "PERSON" and c.end - c.start >= 2}
    starts = {c.start: c for c in cands}
    teams: set[str] = set()
    for c in one_word:
        word = doc[c.start].text
        if word in surnames:
            continue
        if _role_before_person(doc, c, starts) or _result_between_names(doc, c, starts):
            teams.add(word)
    teams |= _listed_with_teams(doc, cands, teams, surnames)
    heads = _heads_of_organizations(doc, cands, one_word, surnames)
    for c in cands:
        if c.end - c.start == 1 and c.label in ("PERSON", "ORG") and doc[c.start].text in teams | set(heads):
            c.label = "ORG"
            c.origin = "team"
            if c.refers is None and doc[c.start].text in heads:
                c.refers = heads[doc[c.start].text]  # "Magna" is "Magna International Inc"


_GLUE = {",", "and", "or"}


def _listed_with_teams(doc, cands: list[Cand], teams: set[str], surnames: set[str]) -> set[str]:
    """ "Essex, Derbyshire and Surrey": one-word names listed beside a team."""
    found = set(teams)
    ordered = sorted((c for c in cands if c.end - c.start == 1), key=lambda c: c.start)
    changed = bool(found)
    while changed:
        changed = False
        for a, b in zip(ordered, ordered[1:], strict=False):
            between = doc[a.end : b.start]
            if not (0 < len(between) <= 2 and all(t.lower_ in _GLUE for t in between)):
                continue
            for x, y in ((a, b), (b, a)):
                word = doc[y.start].text
                if doc[x.start].text in found and word not in found and y.label == "PERSON" and word not in surnames:
                    found.add(word)
                    changed = True
    return found - teams


def _role_before_person(doc, c: Cand, starts: dict[int, Cand]) -> bool:
    i = c.end
    words = 0
    while i < len(doc) and words < 3 and (doc[i].text.islower() or doc[i].text == "-"):
        if doc[i].text.islower() and doc[i].lower_ not in TEAM_ROLES and doc[i].lower_ != "all":
            return False
        words += doc[i].text != "-"
        i += 1
    if i == c.end or doc[i - 1].lower_ not in TEAM_ROLES:
        return False
    person = starts.get(i)
    return person is not None and person.label == "PERSON" and person.end - person.start >= 2


def _result_between_names(doc, c: Cand, starts: dict[int, Cand]) -> bool:
    token = doc[c.start]
    if token.dep_ != "nsubj" or token.head.lemma_.lower() not in RESULT_VERBS:
        return False
    for child in token.head.children:
        if child.dep_ == "dobj":
            other = starts.get(child.i)
            if other is not None and other.end - other.start == 1 and other.label in ("PERSON", "ORG", "GPE"):
                return True
    return False


def _heads_of_organizations(doc, cands, one_word, surnames) -> dict[str, tuple[str, ...]]:
    firsts: dict[str, set[tuple[str, ...]]] = {}
    for c in cands:
        if c.label == "ORG" and c.end - c.start >= 2:
            firsts.setdefault(doc[c.start].text, set()).add(c.texts(doc))
    return {
        doc[c.start].text: next(iter(firsts[doc[c.start].text]))
        for c in one_word
        if doc[c.start].text not in surnames and len(firsts.get(doc[c.start].text, ())) == 1
    }
