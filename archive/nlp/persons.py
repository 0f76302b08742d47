"""Whether a name the model calls a person has the shape of one, and places
it takes for people.

General signs only, never particular names:

- a word that ends many different names in one text is a kind of thing,
  not a family name ("Burning Moon Realm", "Snow Song Realm", "God Realm"
  in a fantasy story; a family is a few people, not five);
- a word that says the name is of a firm ("Orion Labs Onyx") or of a
  product's model ("EP Pro", "Boeing 737 Max") is in no person's name;
- a full name only ever written as the qualifier of a common noun ("the
  Philips Hue bridge") is a brand's;
- "Crested Butte, CO": a name before a comma and a US state's or Canadian
  province's postal code is a place (not inside a credit's brackets).
"""

from __future__ import annotations

from .mentions import Cand
from .organizations import EVENT_NOUNS, kind_in_name

# Words that end a product's or a model's name, never a person's.
PRODUCT_WORDS = {"pro", "max", "plus", "mini", "ultra", "lite", "edition", "series", "mk", "gen"}
# Words of a firm's or body's name that no person's name holds (a stricter list than organizations.ORG_NOUNS,
# whose "Hall", "Church" or "Post" are family names too).
FIRM_WORDS = {
    "inc", "corp", "corporation", "ltd", "llc", "plc", "gmbh", "labs", "lab", "laboratories", "airlines",
    "university", "institute", "company", "foundation", "association", "society", "agency", "ministry",
    "department", "committee", "council", "police", "group", "technologies", "industries", "holdings",
    "monthly", "weekly", "quarterly", "magazine", "gazette", "journal",
}  # fmt: skip
KIND_WORD_NAMES = 5  # distinct names a word must end to be a kind of thing rather than a family name
# Two capitals after a comma that follow a person's name, not a place's: degrees and suffixes.
_PERSON_SUFFIXES = {"MD", "JR", "SR", "II", "IV", "VI", "VP", "MP", "DC"}
# The postal codes of US states and territories and of Canadian provinces: a code outside them ("AP" in a
# photo credit, "RN" after a nurse's name) says nothing of a place.
STATE_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND
    OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AB BC MB NB NL NS NT NU ON PE QC SK YT""".split()
)


def kind_words(doc, cands: list[Cand]) -> set[str]:
    """Words, case-folded, that end at least ``KIND_WORD_NAMES`` different names of several words."""
    endings: dict[str, set[tuple[str, ...]]] = {}
    for c in cands:
        if c.end - c.start >= 2:
            words = c.texts(doc)
            endings.setdefault(words[-1].casefold(), set()).add(words)
    return {w for w, names in endings.items() if len(names) >= KIND_WORD_NAMES}


def unlike_person(name: str, kinds: set[str]) -> bool:
    """Whether a name the model calls a person is a firm's, a product's or a kind of thing's."""
    if product_name(name):
        return True
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in EVENT_NOUNS:
        return True  # "Davis Cup", "Cannes Film Festival": an event's name
    return any(w.casefold().strip(".") in FIRM_WORDS | kinds for w in name.split())


def only_modifier(doc, members) -> bool:
    """ "the Philips Hue bridge": a full name only ever written before the
    common noun it qualifies names a brand or a line of things; a person's
    full name stands on its own somewhere ("the Obama administration" is
    the one-word exception, and one word is not judged here)."""
    if not members or all(c.end - c.start < 2 for c in members):
        return False
    for c in members:
        last = doc[c.end - 1]
        nxt = doc[c.end] if c.end < len(doc) else None
        if nxt is None or not (nxt.is_alpha and nxt.text.islower()) or last.dep_ != "compound" or last.head.i < c.end:
            return False
        # Inside a noun phrase ("the ... bridge", "a HomeKit-enabled ... bridge"), not a scorecard's
        # "Thorpe lbw b Croft".
        before = doc[c.start - 1] if c.start > 0 else None
        if nxt.tag_ not in ("NN", "NNS") or before is None or before.tag_ not in ("DT", "JJ", "VBN", "PRP$"):
            return False
    return True


def kind_name(name: str, kinds: set[str]) -> bool:
    """A name ending in a kind word that says nothing of an organization ("... Emperor", not "... Airlines")."""
    words = name.split()
    return len(words) > 1 and words[-1].casefold() in kinds and not kind_in_name(words)


def product_name(name: str) -> bool:
    """ "EP Pro", "Galaxy S9 Plus": a name that ends in a word of a product's model."""
    words = name.split()
    return len(words) > 1 and words[-1].casefold() in PRODUCT_WORDS


def label_places_by_state(doc, cands: list[Cand]) -> None:
    """ "Crested Butte, CO;": a name before a comma and a two-letter code that ends the phrase is a place,
    and so is the code."""
    starts = {c.start: c for c in cands if c.end - c.start == 1}
    for c in cands:
        if c.label not in ("PERSON", "ORG", "GPE", "LOC") or c.end + 1 >= len(doc):
            continue
        comma, code = doc[c.end], doc[c.end + 1]
        if comma.text != "," or "\n" in comma.text_with_ws or code.text not in STATE_CODES:
            continue
        if c.label == "PERSON" and code.text in _PERSON_SUFFIXES:
            continue
        after = doc[c.end + 2] if c.end + 2 < len(doc) else None
        if after is not None and after.text == ")":
            continue  # "(Photo: John Locher, AP)": a credit names who took it and for whom
        if _ends_phrase(code, after):
            for place in (c, starts.get(c.end + 1)):
                if place is not None:
                    place.label, place.origin = "GPE", "context"
    # "BB&T Pavilion, Camden, NJ": the code after a town the model did not tag is a state all the same.
    for c in starts.values():
        if c.label not in ("PERSON", "ORG") or doc[c.start].text not in STATE_CODES or c.start < 2:
            continue
        town, comma = doc[c.start - 2], doc[c.start - 1]
        if comma.text != "," or not (town.is_alpha and town.text[:1].isupper() and not town.is_upper):
            continue
        after = doc[c.end] if c.end < len(doc) else None
        if c.label == "PERSON" and doc[c.start].text in _PERSON_SUFFIXES or after is not None and after.text == ")":
            continue
        if _ends_phrase(doc[c.start], after):
            c.label, c.origin = "GPE", "context"


def _ends_phrase(code, after) -> bool:
    """The code ends its phrase: the text's end, a punctuation mark or a line break after it."""
    return after is None or after.is_punct or after.is_space or "\n" in code.text_with_ws


# Dashes that open a quotation's signature, and what closes the quoted sentence before one.
SIGNATURE_DASHES = {"-", "–", "—", "―", "--"}
_SENTENCE_ENDS = {".", "!", "?", "”", '"', "’", "'"}


def signatures(doc, cands: list[Cand]) -> list[Cand]:
    """ "... by the rest of the world. - Nat Friedman": two or three name-shaped words after a dash that follows
    the end of a sentence and closes its line sign what was said: a person, whatever the model made of them.
    Returns the candidates with those in place (a candidate over exactly those words becomes the person)."""
    at = {(c.start, c.end): c for c in cands}
    owned = {i for c in cands for i in range(c.start, c.end)}
    added = []
    for t in doc[1 : len(doc) - 2]:
        if t.text not in SIGNATURE_DASHES or doc[t.i - 1].text not in _SENTENCE_ENDS:
            continue
        if "\n" in doc[t.i - 1].whitespace_ or "\n" in t.whitespace_:
            continue
        end = t.i + 1
        while end < len(doc) and end - t.i <= 3 and _name_word(doc[end]):
            end += 1
            if "\n" in doc[end - 1].whitespace_:
                break
        closes = end == len(doc) or "\n" in doc[end - 1].whitespace_ or "\n" in doc[end].text
        if not (2 <= end - t.i - 1 <= 3 and closes):
            continue
        if (t.i + 1, end) in at:
            at[(t.i + 1, end)].label = "PERSON"
        elif not any(i in owned for i in range(t.i + 1, end)):
            added.append(Cand(t.i + 1, end, "PERSON", origin="context"))
    return sorted(cands + added, key=lambda c: c.start) if added else cands


def _name_word(token) -> bool:
    text = token.text
    return token.is_alpha and len(text) > 1 and text[:1].isupper() and text[1:].islower()
