"""Teams and firms the model calls people: one-word names read by their use.

A small model often tags a one-word club, county or firm ("Surrey",
"Magna") as a person. The text says otherwise, and what it says holds for
every mention of that name in the text (one name, one kind per document):

- a role in a team between the name and a person's full name: "Surrey
  captain Chris Lewis", "Lancashire batsman Graham Lloyd";
- a sports result between two such names: "Leicestershire beat Somerset",
  "Kent dismissed Nottinghamshire";
- the first word of exactly one longer organization name in the text:
  "Magna" after "Magna International Inc";
- a verb in the plural for it, as British writing has for a body of people
  ("Rotor are well placed", "Essex need another 148"), and on a sports page
  "their" for it ("Kent made up for lost time in their match");
- on a sports page, a score after it on a line of names and figures ("Kent
  108-3", "Pohang 3 Ulsan 2", "Lotte 46 6 54 .462"), not a bowler's analysis
  ("Gough 8-0-39-3") nor a batsman's runs after "b" ("lbw b Gough 4").

A name that also ends a person's full name in the text ("Lewis" after
"Chris Lewis") is left to the person rules.
"""

from __future__ import annotations

from . import sides
from .mentions import Cand, is_initial
from .tables import is_figure
from .team_roles import ROLE_QUALIFIERS, TEAM_ROLES

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
        if (
            _role_before_person(doc, c, starts)
            or _result_between_names(doc, c, starts)
            or _plural(doc, c)
            or (sides.is_sport(doc) and (_their(doc, c) or _heads_score_row(doc, c)))
        ):
            teams.add(word)
    teams |= _listed_with_teams(doc, cands, teams, surnames)
    heads = _heads_of_organizations(doc, cands, one_word, surnames)
    for c in cands:
        if c.end - c.start == 1 and c.label in ("PERSON", "ORG") and doc[c.start].text in teams | set(heads):
            c.label = "ORG"
            c.origin = "team"
            if c.refers is None and doc[c.start].text in heads:
                c.refers = heads[doc[c.start].text]  # "Magna" is "Magna International Inc"


def label_places_by_role(doc, cands: list[Cand]) -> None:
    """ "Alabama offensive coordinator Lane Kiffin": on a sports page, a town's or state's name before a role in
    a team and a person's full name is that team, a club, in every mention of the text (a country's side keeps
    its place label, sides.py)."""
    if not sides.is_sport(doc):
        return
    starts = {c.start: c for c in cands}
    surnames = {doc[c.end - 1].text for c in cands if c.label == "PERSON" and c.end - c.start >= 2}
    clubs = {
        c.texts(doc)
        for c in cands
        if c.label in ("GPE", "LOC")
        and doc[c.end - 1].text not in surnames
        and not sides.is_country(" ".join(c.texts(doc)))
        and _role_before_person(doc, c, starts)
    }
    for c in cands:
        if c.label in ("GPE", "LOC") and c.texts(doc) in clubs:
            c.label, c.origin = "ORG", "team"


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
        if doc[i].text.islower() and doc[i].lower_ not in TEAM_ROLES | ROLE_QUALIFIERS and doc[i].lower_ != "all":
            return False
        words += doc[i].text != "-"
        i += 1
    if i == c.end or doc[i - 1].lower_ not in TEAM_ROLES:
        return False
    person = starts.get(i)
    return person is not None and person.label == "PERSON" and person.end - person.start >= 2


def _plural(doc, c: Cand) -> bool:
    """The subject of a verb in the plural present or of "were", alone (not "Essex and Kent are")."""
    token = doc[c.start]
    if token.dep_ not in ("nsubj", "nsubjpass") or token.tag_ not in ("NNP", "NN"):
        return False
    if any(child.dep_ == "conj" for child in token.children) or token.dep_ == "conj":
        return False
    verbs = [token.head, *(t for t in token.head.children if t.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ == "VBP" or v.lower_ == "were" for v in verbs if v.i > token.i)


_PLURAL_PRONOUNS = {"their", "they", "them"}


def _their(doc, c: Cand) -> bool:
    """ "Kent made up for lost time in their match": the subject, alone, of a clause that says "their"
    or "they" with no other noun in the plural or name before the pronoun to stand for."""
    token = doc[c.start]
    if token.dep_ != "nsubj" or any(child.dep_ == "conj" for child in token.children):
        return False
    for t in doc[token.i + 1 : token.sent.end]:
        if t.lower_ in _PLURAL_PRONOUNS and t.pos_ == "PRON":
            return True
        if t.tag_ in ("NNS", "NNPS", "NNP") or t.text in (";", ":"):
            return False
        if t.dep_ in ("nsubj", "relcl", "ccomp") and t.i != token.head.i:
            return False
    return False


def _heads_score_row(doc, c: Cand) -> bool:
    i = c.end
    if i >= len(doc) or "\n" in doc[i - 1].whitespace_ or not is_figure(doc[i].text):
        return False
    if c.start > 0 and (is_initial(doc[c.start - 1]) or (doc[c.start - 1].is_alpha and doc[c.start - 1].is_lower)):
        return False
    # The figures joined to the first one: two dashes or more make a bowler's "8-0-39-3".
    dashes, j = 0, i
    while j + 1 < len(doc) and not doc[j].whitespace_ and (is_figure(doc[j + 1].text) or doc[j + 1].text == "-"):
        dashes += doc[j + 1].text == "-"
        j += 1
    if dashes >= 2:
        return False
    # Up to the end of its item (a comma, a semicolon or the line's end), brackets aside: figures and names.
    depth = 0
    for t in doc[i:]:
        if "\n" in t.text:
            break
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth <= 0 and t.text in (",", ";"):
            break
        elif depth <= 0 and t.is_alpha and t.is_lower and t.lower_ not in ("v", "vs", "and", "at"):
            return False
        if "\n" in t.whitespace_:
            break
    return True


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
