"""Names the model typed as people or places, or left out, that the text shows to be organizations.

Each is relabelled before entities are clustered, by the same general signs ``organizations.py`` reads for
listing (a kind of organization they are examples of, a description, owning "its" things, people working
"at" them, being "told" things), and by the shape of the name ("the Rock and Roll Hall of Fame", a place
followed by "Police").
"""

from __future__ import annotations

from archive.keys.names import normalize_name

from . import sides
from .organizations import (
    KIND_NOUNS,
    LIST_WORDS,
    MEMBER_NOUNS,
    ORG_NOUNS,
    POSSESSIVES,
    WRITERS,
    _acts,
    _before_side_role,
    described,
    of_a_kind,
    owns_its,
    works_there,
)

# Nouns of outlets that follow the outlet's name ("Spin magazine"); a person's name qualifies other nouns ("the
# Obama administration", "the Smith family").
OUTLET_NOUNS = {"magazine", "newspaper", "tabloid", "broadcaster", "website", "blog", "podcast", "newsletter"}


def _qualifies_outlet(doc, end: int) -> bool:
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.text.islower() and nxt.lower_ in OUTLET_NOUNS and doc[end - 1].head == nxt


def _written_for(doc, start: int) -> bool:
    """ "writes for Billboard", not "worked for Obama" (people work for people too)."""
    return start > 1 and doc[start - 1].lower_ == "for" and doc[start - 2].lemma_.lower() in WRITERS - {"work"}


def _owner(doc, end: int) -> bool:
    return end < len(doc) and doc[end].text in POSSESSIVES


# Words for the units of places, which head places' names before "of" too ("City of London", "State of Texas").
PLACE_UNITS = {"city", "county", "state"}


def _body_before_of(words: list[str]) -> bool:
    """ "Hall of Fame", "Bank of England": a noun of a body before the name's "of", none of a unit of place."""
    lowered = [w.lower() for w in words]
    if "of" not in lowered[1:-1]:
        return False
    return any(w in ORG_NOUNS - PLACE_UNITS for w in lowered[: lowered.index("of")])


def label_listed_kinds(doc, cands: list) -> list[tuple[int, int]]:
    """ "startups like Zipline": a name the text gives as an example of a kind
    of organization is one, whatever the model guessed (a person, a place),
    and so is a name there the model left out ("companies including Belkin,
    Honeywell, and iHome"). Returns the token spans of those left out."""
    for c in cands:
        if c.label in ("PERSON", "GPE", "LOC") and (of_a_kind(doc, c.start) or described(doc, c.end, c.start)):
            c.label = "ORG"
            c.origin = "context"
        elif c.label == "PERSON" and _qualifies_outlet(doc, c.end):
            c.label = "ORG"  # "told Hush magazine": the magazine's name, not a person's ("the Ohio newspaper" is)
            c.origin = "context"
        elif c.label == "PERSON" and c.end - c.start == 1 and _written_for(doc, c.start):
            c.label = "ORG"  # "she writes for Billboard", "a critic for Pitchfork": people write for outlets
            c.origin = "context"
        elif c.label == "PERSON" and c.end - c.start == 1 and owns_its(doc, c.end):
            c.label = "ORG"  # "Netcup is closing its data centre": nobody's things are "its"
            c.origin = "context"
        elif c.label in ("GPE", "LOC") and _body_before_of([t.text for t in doc[c.start : c.end]]):
            c.label = "ORG"  # "the Rock and Roll Hall of Fame", "the Bank of England": a body, not a place
            c.origin = "context"
        elif c.label in ("GPE", "LOC") and works_there(doc, c.start, ("at",)) and not _owner(doc, c.end):
            # "CEO at Shopify", "she works at Asana": people are "in" a place, or at a place of it ("students
            # at Cairo's main square")
            c.label = "ORG"
            c.origin = "context"
    owned = {i for c in cands for i in range(c.start, c.end)}
    return _untagged_examples(doc, owned) + _untagged_bodies(doc, owned)


def _untagged_bodies(doc, owned: set[int]) -> list[tuple[int, int]]:
    """ "a source told Newsday", "a Wired staffer": one name-shaped word the model left out that the text
    speaks to as to an outlet or gives people of its own. A word the text also writes in lower case is no name."""
    lower = {t.lower_ for t in doc if t.is_alpha and t.text.islower()}
    found = []
    for t in doc:
        if t.i in owned or t.ent_type_ or t.i == 0 or t.is_sent_start or t.lower_ in lower:
            continue
        if not (any(ch.isupper() for ch in t.text) and any(ch.isalpha() for ch in t.text)) or t.is_upper:
            continue  # a line in capitals or an acronym: read elsewhere (name_runs, acronyms)
        told = t.dep_ == "dobj" and t.head.lemma_ == "tell" and t.head.i == t.i - 1
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        staff = nxt is not None and nxt.text.islower() and nxt.lemma_ in MEMBER_NOUNS and t.head == nxt
        if told or staff:
            found.append((t.i, t.i + 1))
    return found


def _untagged_examples(doc, owned: set[int]) -> list[tuple[int, int]]:
    """Runs of name words no candidate covers in a list after "<kinds of organization> like/including/such as"."""
    runs = []
    for t in doc:
        if t.lower_ not in ("like", "including", "as") or t.i + 1 >= len(doc):
            continue
        noun_at = t.i - 2 if t.lower_ == "as" else t.i - 1
        if t.lower_ == "as" and (noun_at < 0 or doc[t.i - 1].lower_ != "such"):
            continue
        if noun_at < 0 or not (doc[noun_at].tag_ == "NNS" and doc[noun_at].lemma_.lower() in KIND_NOUNS):
            continue
        i, run = t.i + 1, []
        while i < len(doc) and i - t.i <= 16 and "\n" not in doc[i - 1].text_with_ws:
            token = doc[i]
            if token.text in LIST_WORDS:
                if run:
                    runs.append((run[0], run[-1] + 1))
                run = []
            elif _name_shaped(token):
                run.append(i)
            else:
                break
            i += 1
        if run:
            runs.append((run[0], run[-1] + 1))
    return [(a, b) for a, b in runs if not any(j in owned for j in range(a, b)) and b - a <= 4]


def _name_shaped(token) -> bool:
    """ "Belkin", "iHome": a capital first, or inside after a small letter."""
    text = token.text
    return token.is_alpha and (text[:1].isupper() or (text[:1].islower() and any(ch.isupper() for ch in text[1:])))


# Nouns of bodies named after the place they serve: "Saint Louis County Police", "Oxford University".
PLACE_BODY_NOUNS = {
    "police", "department", "university", "college", "council", "court", "board", "bank", "airlines", "airways",
    "church", "hospital", "museum", "party", "club", "fc", "union", "institute", "school", "academy",
    "commission", "authority", "agency", "society", "orchestra", "symphony", "zoo", "library", "government",
}  # fmt: skip


def extend_places_by_body(doc, cands: list) -> None:
    """ "Saint Louis County Police Officer Blake Snyder": a place the model
    found, followed by a capitalised noun of a body that serves it, is that
    body, an organization."""
    owned = {i for c in cands for i in range(c.start, c.end)}
    for c in cands:
        if c.label not in ("GPE", "LOC"):
            continue
        end = c.end
        while end < len(doc) and end not in owned and "\n" not in doc[end - 1].text_with_ws:
            token = doc[end]
            if not (token.text[:1].isupper() and token.lower_ in PLACE_BODY_NOUNS):
                break
            end += 1
        if end > c.end:
            c.end, c.label, c.origin = end, "ORG", "context"


# Prepositions that put a place on a map: "in Moscow", "across Texas" (a firm is "at", "from" or "with" as often).
LOCATIVES = {"in", "near", "across", "throughout", "outside", "inside", "within", "around", "into"}


def label_acting_places(doc, cands: list) -> None:
    """ "news from Github" tagged a place, then "GitHub has completed its acquisition": a name the model calls a
    place at most of its mentions but an organization at one, where the text also shows it acting as one (owning
    "its" things or a possessive's noun, speaking, people working at it), is an organization at every mention,
    unless the text puts it on a map ("in X") or it is a country (a country's government is spoken of so too)."""
    org_keys = set()
    for ent in doc.ents:
        if ent.label_ == "ORG":
            words = [t.text for t in ent if t.text not in POSSESSIVES and t.tag_ != "POS" and t.lower_ != "the"]
            org_keys.add(normalize_name(" ".join(words)))
    groups: dict[str, list] = {}
    for c in cands:
        groups.setdefault(normalize_name(" ".join(c.texts(doc))), []).append(c)
    for key, members in groups.items():
        places = [c for c in members if c.label in ("GPE", "LOC") and c.origin == "model"]
        if not places or key not in org_keys or sides.is_country(key):
            continue
        if any(c.start > 0 and doc[c.start - 1].lower_ in LOCATIVES for c in members):
            continue
        if any(_acts(doc, c.start, c.end) or owns_its(doc, c.end) for c in members):
            for c in places:
                c.label, c.origin = "ORG", "context"


def untagged_sides(doc, cands: list) -> list[tuple[int, int]]:
    """ "the Cougars’ offensive coordinator": on a sports page, one name-shaped word no candidate covers (the
    model may call it a product) that owns a role in a team is that team. A word the text also writes in lower
    case is no name. Returns the token spans."""
    if not sides.is_sport(doc):
        return []
    owned = {i for c in cands for i in range(c.start, c.end)}
    lower = {t.lower_ for t in doc if t.is_alpha and t.text.islower()}
    found = []
    for t in doc[1 : len(doc) - 2]:
        if t.i in owned or t.is_sent_start or t.lower_ in lower or not t.tag_.startswith("NN"):
            continue
        if not (t.is_alpha and t.text[:1].isupper() and not t.is_upper):
            continue
        if doc[t.i + 1].text in POSSESSIVES and _before_side_role(doc, t.i + 2):
            found.append((t.i, t.i + 1))
    return found


# Words that end only a firm's name: "Orion Labs", "Acme Corp", "Magna Industries".
FIRM_WORDS = {
    "labs", "laboratories", "inc", "corp", "corporation", "technologies", "industries", "ltd", "llc", "plc",
    "holdings", "gmbh",
}  # fmt: skip


def split_firm_names(doc, cands: list) -> list:
    """ "Orion Labs Onyx, a $129 walkie talkie", tagged a person "Labs Onyx": the capitalised words up to a word
    that ends only a firm's name ("Labs", "Inc", "Corp") are that firm, an organization, with the capitalised
    words before it on the line the model left out; what follows is the firm's product, no name of its own."""
    owned = {i for c in cands for i in range(c.start, c.end)}
    out = []
    for c in cands:
        cut = next(
            (k for k in range(c.start, c.end) if doc[k].text[:1].isupper() and doc[k].lower_.rstrip(".") in FIRM_WORDS),
            None,
        )
        if cut is None or c.label == "ORG" and cut == c.end - 1:
            out.append(c)
            continue
        start = c.start
        while start > 0 and start - 1 not in owned and "\n" not in doc[start - 1].text_with_ws:
            prev = doc[start - 1]
            if not (prev.is_alpha and prev.text[:1].isupper()) or prev.ent_type_:
                break
            start -= 1
        if start == cut:
            out.append(c)  # "Labs" alone names no firm
            continue
        out.append(type(c)(start, cut + 1, "ORG", origin="context"))
    return out
