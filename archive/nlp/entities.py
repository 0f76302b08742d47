"""Entity layer over spaCy's NER: mentions and one cluster per entity.

Order of work, each step a general rule about how news names things, never
a list of particular names:
  1. the model's entities, trimmed of articles, possessives, line breaks,
     figures and "North of"; none from lines in capitals, where the model
     cannot use case (mentions.from_model); initials make persons;
  2. "the town of X" makes X a place (mentions.label_places_by_context);
  3. acronyms defined in the text replace the pieces of their long form, and
     the long and short forms become one entity (acronyms.py);
  4. a run of words that begins a longer organization name ("Islamic State"
     before "Islamic State of Iraq and Syria") stands for it;
  5. names the model found somewhere are found where it missed them, and so
     are surnames of people named in full (propagation.py);
  6. the name heading a row of figures in a results table is an
     organization (tables.py); a one-word "person" that a team role, a
     result or a longer organization name shows to be a team or firm is an
     organization in every mention (teams.py); "Josh Earnest: ... follow
     Josh" makes the two words opening the line a person's full name;
  7. a surname or other tail of a full person name is that person, whatever
     label the model gave the short form; "the Post" is the "New York Post"
     (name_links.py);
  8. clusters by normalize_name; the label is the members' majority
     (clusters.py);
  9. a person's role in the text becomes its description and links it to the
     organizations the role names (roles.py).

Lines in capitals and the runs of capitalised words no candidate covers are
read in name_runs.py.
"""

from __future__ import annotations

from collections import Counter

from . import (
    acronyms,
    clusters,
    confidence,
    mentions,
    name_links,
    name_runs,
    named_sources,
    org_labels,
    persons,
    propagation,
    role_people,
    sides,
    tables,
    teams,
)
from .mentions import UNKNOWN, Cand
from .types import EntityCluster, EntityMention, NameRun


def extract(doc) -> tuple[list[EntityMention], list[EntityCluster], list[NameRun]]:
    capitals = name_runs.capitals_lines(doc)
    cands = org_labels.split_firm_names(doc, mentions.from_model(doc, capitals))
    mentions.label_places_by_context(doc, cands)
    persons.label_places_by_state(doc, cands)
    org_labels.extend_places_by_body(doc, cands)
    org_labels.label_acting_places(doc, cands)
    definitions = acronyms.find_definitions(doc)
    cands, definitions = _apply_acronyms(doc, cands, definitions)
    cands = _merge_prefixes(doc, cands)
    cands = propagation.propagate(doc, cands, name_links.surnames(doc, cands), capitals)
    cands = tables.organizations_in_rows(doc, cands)
    teams.label_teams(doc, cands)
    teams.label_places_by_role(doc, cands)
    cands = named_sources.label(doc, cands)
    if missed := role_people.missed_people(doc, cands):
        cands = sorted(cands + [Cand(s, e, "PERSON", origin="context") for s, e in missed], key=lambda c: c.start)
    left_out = org_labels.label_listed_kinds(doc, cands)
    left_out = [(s, e, "context") for s, e in left_out]
    left_out += [(s, e, "team") for s, e in org_labels.untagged_sides(doc, cands)]
    if left_out:
        cands = sorted(cands + [Cand(s, e, "ORG", origin=origin) for s, e, origin in left_out], key=lambda c: c.start)
    sides.label_place_teams(doc, cands)
    cands = _labelled_lines(doc, cands)
    cands = persons.signatures(doc, cands)
    cands = _organizations_after_people(doc, cands)
    person_linked = name_links.link_persons(doc, cands)
    name_links.link_org_tails(doc, cands)
    found, built = clusters.build(doc, cands, definitions, person_linked)
    return found, built, name_runs.unclaimed_runs(doc, cands, capitals)


def _apply_acronyms(doc, cands: list[Cand], definitions) -> tuple[list[Cand], list]:
    """The candidates with each definition's long and short form in place of
    the pieces, and the definitions used. A definition the model saw no name
    in, anywhere, is a term ("Chief Executive Officer (CEO)"), not an entity."""
    used = []
    for d in definitions:
        replaced = [c for c in cands if c.start < d.long_end and c.end > d.long_start]
        replaced += [c for c in cands if c.start < d.short_end and c.end > d.short_start]
        if not replaced and not any(c.texts(doc) == (d.short,) for c in cands):
            continue
        label = _acronym_label(replaced)
        cands = [c for c in cands if all(c is not r for r in replaced)]
        cands.append(Cand(d.long_start, d.long_end, label, origin="acronym"))
        cands.append(Cand(d.short_start, d.short_end, label, origin="acronym"))
        used.append(d)
    return sorted(cands, key=lambda c: c.start), used


def _acronym_label(pieces: list[Cand]) -> str:
    # The pieces' labels weighted by length; an adjective ("Central Asian",
    # NORP) says little about the whole, which is most often an organization.
    votes = Counter()
    for c in pieces:
        if c.label not in (UNKNOWN, "NORP"):
            votes[c.label] += c.end - c.start
    return votes.most_common(1)[0][0] if votes else "ORG"


def _merge_prefixes(doc, cands: list[Cand]) -> list[Cand]:
    """ "Islamic" + "State" before "Islamic State of Iraq and Syria": words that
    begin a longer organization name, up to its "of"/"for"/"and", are it."""
    long_names = [
        c.texts(doc)
        for c in cands
        if c.label == "ORG"
        and c.end - c.start >= 3
        and any(t.lower_ in {"of", "for", "and"} for t in doc[c.start : c.end])
    ]
    if not long_names:
        return cands
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        merged = None
        for n in (2, 1):  # two adjacent pieces first, then one
            group = cands[i : i + n]
            if len(group) < n or any(b.start != a.end for a, b in zip(group, group[1:], strict=False)):
                continue
            words = tuple(t.text for t in doc[group[0].start : group[-1].end])
            target = _prefix_of(words, long_names)
            if target and "\n" not in doc[group[0].start : group[-1].end].text:
                merged = Cand(group[0].start, group[-1].end, "ORG", refers=target, origin="merged")
                i += n
                break
        if merged is None:
            out.append(cands[i])
            i += 1
        else:
            out.append(merged)
    return out


def _prefix_of(words: tuple[str, ...], long_names) -> tuple[str, ...] | None:
    if len(words) < 2:
        return None
    for name in long_names:
        if len(name) > len(words) and name[: len(words)] == words and name[len(words)].lower() in {"of", "for", "and"}:
            return name
    return None


def _labelled_lines(doc, cands: list[Cand]) -> list[Cand]:
    """ "Josh Earnest: You can follow Josh at ...": a line opened by two
    capitalised words and a colon, whose text then names a person by the
    first of them, is labelled with that person's full name. Where the
    model read the repeated word as a person on two such lines, every line
    of that shape on the page names a person, whatever the model read there
    ("Cecilia Muñoz: ... follow Cecilia at", "Cecilia" taken for a place):
    one layout, one kind."""
    lines = _name_lines(doc)
    if not lines:
        return cands
    lone = {c.start: c for c in cands if c.end - c.start == 1}
    confirmed = [(first, again) for first, again in lines if again in lone and lone[again].label == "PERSON"]
    chosen = lines if len(confirmed) >= 2 else confirmed
    if len(confirmed) >= 2:
        # "Todd Park: Archived content will be available at ..." among lines of "Name Surname: ... Archived
        # content will be available at ...": a line of the shape that goes on as the confirmed lines do is one.
        said = {_words(doc, first + 3, n) for first, _ in confirmed for n in range(first + 3, _line_end(doc, first))}
        chosen = chosen + [
            (first, None)
            for first in _colon_lines(doc, {f for f, _ in lines})
            if _words(doc, first + 3, first + 3) in said
        ]
    added, dropped = [], set()
    for first, again in chosen:
        covering = [o for o in cands if o.start < first + 2 and o.end > first]
        if any(o.start < first or o.end > first + 2 for o in covering):
            continue  # the words begin a longer name
        if len(covering) == 1 and (covering[0].start, covering[0].end) == (first, first + 2):
            covering[0].label = "PERSON"
        else:
            dropped.update(id(o) for o in covering)
            added.append(Cand(first, first + 2, "PERSON", origin="context"))
        if again is not None and again in lone:
            lone[again].label = "PERSON"
    if not added:
        return cands
    return sorted([c for c in cands if id(c) not in dropped] + added, key=lambda c: c.start)


_SAME_WORDS = 3  # the words a line of one layout goes on with, as another does


def _words(doc, first: int, start: int) -> tuple[str, ...]:
    """The lower-case words from ``start`` on, ``_SAME_WORDS`` of them, within the line ``first`` opens."""
    words = []
    for t in doc[start : _line_end(doc, first)]:
        if t.is_alpha:
            words.append(t.lower_)
        if len(words) == _SAME_WORDS:
            break
    return tuple(words)


def _line_end(doc, first: int) -> int:
    j = first
    while j < len(doc) and "\n" not in doc[j].text_with_ws:
        j += 1
    return min(j + 1, len(doc))


def _colon_lines(doc, seen: set[int]) -> list[int]:
    """The first tokens of lines opened by two capitalised words and a colon, besides those in ``seen``."""
    found = []
    for i in range(len(doc) - 3):
        if i in seen or (i > 0 and "\n" not in doc[i - 1].text_with_ws):
            continue
        if doc[i + 2].text != ":" or "\n" in doc[i : i + 2].text_with_ws:
            continue
        if mentions.is_capitalised_word(doc[i]) and mentions.is_capitalised_word(doc[i + 1]):
            found.append(i)
    return found


def _name_lines(doc) -> list[tuple[int, int]]:
    """Lines opened by two capitalised words and a colon whose first word comes again later on the line:
    (the line's first token, the token where the word comes again)."""
    found = []
    for i in range(len(doc) - 3):
        if i > 0 and "\n" not in doc[i - 1].text_with_ws:
            continue
        if doc[i + 2].text != ":" or "\n" in doc[i : i + 2].text_with_ws:
            continue
        if not (mentions.is_capitalised_word(doc[i]) and mentions.is_capitalised_word(doc[i + 1])):
            continue
        j = i + 3
        while j < len(doc) and "\n" not in doc[j - 1].text_with_ws:
            if doc[j].text == doc[i].text:
                found.append((i, j))
                break
            j += 1
    return found


def _organizations_after_people(doc, cands: list[Cand]) -> list[Cand]:
    """ "officials of the Obama White House": a person the text names for sure, then a name it gives alone to
    an organization and never to a person, name that organization, neither a person nor another body."""
    people, labels = confidence.known_people(doc, cands)
    out: list[Cand] = []
    for c in cands:
        words = c.texts(doc)
        split = None
        if c.label in ("PERSON", "ORG"):
            for n in range(1, len(words)):
                rest = labels.get(words[n:], set())
                if words[:n] in people and "ORG" in rest and "PERSON" not in rest:
                    split = n
                    break
        if split is None:
            out.append(c)
            continue
        # The person's words are left to the person's other mentions: "the Carter" would read as no person.
        out.append(Cand(c.start + split, c.end, "ORG", origin="context"))
    return out
