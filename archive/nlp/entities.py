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
     are surnames of people named in full (mentions.propagate);
  6. the name heading a row of figures in a results table is an
     organization (tables.py); a one-word "person" that a team role, a
     result or a longer organization name shows to be a team or firm is an
     organization in every mention (teams.py); "Josh Earnest: ... follow
     Josh" makes the two words opening the line a person's full name;
  7. a surname or other tail of a full person name is that person, whatever
     label the model gave the short form; "the Post" is the "New York Post";
  8. clusters by normalize_name; the label is the members' majority;
  9. a person's role in the text becomes its description and links it to the
     organizations the role names (roles.py).

Canonical names: a person goes by the fullest form used; an entity defined by
an acronym goes by whichever of its forms the article uses most, the acronym
on a tie (news use the short form after the definition, so "ISIS" with alias
"Islamic State of Iraq and Syria"); "ACRONYM + Television/network/agency"
goes by the acronym; anything else by its most used form, a form written in
capitals only when there is no other. Every other form becomes an alias.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from archive.keys.names import normalize_name

from . import acronyms, confidence, cues, mentions, organizations, outlets, persons, roles, sides, tables, teams
from .mentions import UNKNOWN, Cand, surface
from .types import LABEL_KINDS, EntityCluster, EntityMention, NameRun

# Generic nouns that follow an acronym in an outlet's or body's full name
# ("RT Television", "AFP news agency") without making it another entity.
DESCRIPTORS = {"television", "tv", "network", "channel", "radio", "newspaper", "agency", "broadcaster", "news"}
_LABEL_ORDER = ["PERSON", "ORG", "GPE", "LOC", "NORP"]


# Verbs of speech whose subject the text speaks of as a person ("Bortnikov speaks again").
SPEECH_VERBS = cues.SPEECH | outlets.REMARK_VERBS


def extract(doc) -> tuple[list[EntityMention], list[EntityCluster], list[NameRun]]:
    capitals = mentions.capitals_lines(doc)
    cands = mentions.from_model(doc, capitals)
    mentions.label_places_by_context(doc, cands)
    persons.label_places_by_state(doc, cands)
    organizations.extend_places_by_body(doc, cands)
    definitions = acronyms.find_definitions(doc)
    cands, definitions = _apply_acronyms(doc, cands, definitions)
    cands = _merge_prefixes(doc, cands)
    cands = mentions.propagate(doc, cands, _surnames(doc, cands), capitals)
    cands = tables.organizations_in_rows(doc, cands)
    teams.label_teams(doc, cands)
    left_out = organizations.label_listed_kinds(doc, cands)
    if left_out:
        cands = sorted(cands + [Cand(s, e, "ORG", origin="context") for s, e in left_out], key=lambda c: c.start)
    sides.label_place_teams(doc, cands)
    cands = _labelled_lines(doc, cands)
    person_linked = _link_persons(doc, cands)
    _link_org_tails(doc, cands)
    found, clusters = _build(doc, cands, definitions, person_linked)
    return found, clusters, mentions.unclaimed_runs(doc, cands, capitals)


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


def _full_person_names(doc, cands: list[Cand]) -> list[Cand]:
    # Initials count as given names ("D. Lehmann", then "Lehmann"), the surname must be a word.
    return [
        c
        for c in cands
        if c.label == "PERSON"
        and c.end - c.start >= 2
        and all(mentions.is_capitalised_word(t) or mentions.is_initial(t) for t in doc[c.start : c.end])
        and mentions.is_capitalised_word(doc[c.end - 1])
    ]


def _surnames(doc, cands: list[Cand]) -> dict[tuple[str, ...], str]:
    keys = {}
    for c in _full_person_names(doc, cands):
        last = doc[c.end - 1]
        if len(last.text) >= 2:
            keys[(last.text,)] = "PERSON"
    return keys


def _link_persons(doc, cands: list[Cand]) -> set[int]:
    """A mention whose words end a full person name ("Bortnikov" after
    "Alexander Bortnikov") or begin one as a PERSON ("Alexander") is that
    person: the nearest full name before it, else the first after. Returns
    the indices of the candidates linked this way."""
    _names_of_known_surnames(doc, cands)
    # "Obama White House" is no full name for "President Obama" to stand for.
    known = confidence.known_people(doc, cands)
    full = [(f, f.texts(doc)) for f in _full_person_names(doc, cands)]
    full = [(f, name) for f, name in full if not confidence.extends_person(list(name), known)]
    if not full:
        return set()
    for f, _ in full:
        f.subject = doc[f.end - 1].dep_ in ("nsubj", "nsubjpass")
    body_start = confidence.first_line_end(doc)
    spec_page = confidence.spec_page(doc)
    full_ids = {id(f) for f, _ in full}
    linked = set()
    for n, c in enumerate(cands):
        if c.refers is not None or id(c) in full_ids:
            continue
        words = c.texts(doc)
        if len(words) > 1 and c.label != "PERSON":
            continue  # "White House" does not end a person's name, whatever the model tagged
        matches = [(f, name) for f, name in full if _is_tail(words, name) or _initialled(words, name)]
        if not matches and len(words) == 1 and (c.label == "PERSON" or (c.label == "ORG" and not spec_page)):
            # A given name alone: the one person the body names with it (a
            # headline in title case makes "people" of any two words); also
            # a family name written first ("Wang" after "Wang Donghai"),
            # which the model often takes for a firm (not on a page of
            # specifications, whose "people" are often products: "Blister Pro").
            firsts = {name for f, name in full if name[0] == words[0] and f.start >= body_start}
            matches = [(f, name) for f, name in full if name in firsts] if len(firsts) == 1 else []
        if not matches:
            continue
        c.refers = _likeliest(matches, c.start)
        c.label = "PERSON"
        linked.add(n)
    return linked


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
        if again in lone:
            lone[again].label = "PERSON"
    if not added:
        return cands
    return sorted([c for c in cands if id(c) not in dropped] + added, key=lambda c: c.start)


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


def _likeliest(matches: list[tuple[Cand, tuple[str, ...]]], at: int) -> tuple[str, ...]:
    """Of several people sharing a surname, the one named in full most often
    so far (the article's subject: "Clinton" after "Hillary Clinton" three
    times and "Chelsea Clinton" once); on a tie the one the text makes the
    subject of a verb ("Alessandra Mussolini, granddaughter of Benito
    Mussolini, said"), then the nearest before; with none before, the first
    after."""
    before = [(f, name) for f, name in matches if f.start < at]
    if not before:
        return matches[0][1]
    counts = Counter(name for _, name in before)
    acting = {name for f, name in before if f.subject}
    nearest = {name: f.start for f, name in before}  # last start wins
    return max(counts, key=lambda name: (counts[name], name in acting, nearest[name]))


def _link_org_tails(doc, cands: list[Cand]) -> None:
    """ "The Post" after "The New York Post": a one-word organization that ends
    exactly one longer organization name in the text is that organization."""
    longer: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for c in cands:
        if c.label == "ORG" and c.end - c.start >= 2:
            longer[doc[c.end - 1].text].add(c.texts(doc))
    # "The Fed" after "the Federal Reserve": a clipped first word.
    heads: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for c in cands:
        if c.label == "ORG" and c.end - c.start >= 2:
            first = doc[c.start].text
            for n in range(3, len(first)):
                heads[first[:n]].add(c.texts(doc))
    for c in cands:
        if (
            c.label == "ORG"
            and c.end - c.start == 1
            and c.refers is None
            and not acronyms.is_acronym(doc[c.start].text)
        ):
            names = longer.get(doc[c.start].text, set()) or heads.get(doc[c.start].text, set())
            if len(names) == 1 and not _named_again(doc, cands, next(iter(names)), c.end):
                c.refers = next(iter(names))


def _named_again(doc, cands: list[Cand], name: tuple[str, ...], after: int) -> bool:
    """Whether the long form comes back after the short one: a writer who
    keeps writing "White House" after "the House" means two bodies; "the
    Post" after "The New York Post" stands for it to the end."""
    return any(c.start >= after and c.texts(doc) == name for c in cands)


def _names_of_known_surnames(doc, cands: list[Cand]) -> None:
    """The surname rule the other way round: "Wasim Akram" tagged ORG where
    "Akram" alone is tagged PERSON is a person's full name."""
    surnames = {c.texts(doc)[0] for c in cands if c.label == "PERSON" and c.end - c.start == 1}
    for c in cands:
        words = doc[c.start : c.end]
        if (
            c.label in ("ORG", "GPE", "LOC")
            and 2 <= len(words) <= 3
            and words[-1].text in surnames
            and all(mentions.is_capitalised_word(t) and not acronyms.is_acronym(t.text) for t in words)
        ):
            c.label = "PERSON"


def _initialled(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """ "S. Waugh" for "Steve Waugh": an initial and the same surname."""
    return (
        len(words) == 2
        and len(name) >= 2
        and len(words[0]) == 2
        and words[0][1] == "."
        and words[1] == name[-1]
        and name[0][:1] == words[0][0]
        and name[0] != words[0]
    )


def _is_tail(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return len(words) < len(name) and name[-len(words) :] == words


def _key(doc, c: Cand) -> str:
    words = c.refers or c.texts(doc)
    if len(words) > 1 and acronyms.is_acronym(words[0]) and all(w.lower() in DESCRIPTORS for w in words[1:]):
        words = words[:1]
    return normalize_name(" ".join(words))


def _build(doc, cands: list[Cand], definitions, person_linked: set[int]):
    # Union of normalised keys: acronym and long form are one entity.
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    short_forms = set()
    for d in definitions:
        short = normalize_name(d.short)
        long = normalize_name(doc[d.long_start : d.long_end].text)
        short_forms.add(short)
        if find(short) != find(long):
            parent[find(long)] = find(short)

    groups: dict[str, list[int]] = defaultdict(list)
    for n, c in enumerate(cands):
        groups[find(_key(doc, c))].append(n)

    lower_words = {t.text for t in doc if t.is_alpha and t.text.islower()}
    other_labels = {e.text: e.label_ for e in doc.ents if e.label_ not in LABEL_KINDS}
    clusters, cluster_of, sure = [], {}, {}
    confidence.mark_products(doc, cands)
    people = confidence.known_people(doc, cands)
    kinds = persons.kind_words(doc, cands)
    for root, members in groups.items():
        label = _cluster_label([cands[n] for n in members], any(n in person_linked for n in members))
        if label is None:
            continue
        name, aliases = _canonical(doc, [cands[n] for n in members], label, root in short_forms)
        cluster = EntityCluster(name=name, label=label, aliases=aliases)
        cluster.team = label in ("ORG", "GPE", "LOC") and any(
            cands[n].origin in ("team", "table", "side") for n in members
        )
        cluster.personal = label != "PERSON" and confidence.personal(doc, [cands[n] for n in members])
        if len(name.split()) == 1:
            cluster.as_person = confidence.as_person(doc, [cands[n] for n in members], SPEECH_VERBS)
        sure[id(cluster)] = cluster.confident = confidence.confident(
            doc, [cands[n] for n in members], label, name, lower_words, other_labels, people
        )
        member_cands = [cands[n] for n in members]
        if cluster.confident and (
            (label == "PERSON" and (persons.unlike_person(name, kinds) or persons.only_modifier(doc, member_cands)))
            or (label == "PERSON" and organizations.examples_of_things(doc, member_cands))
            # "Boeing 737 Max" is no organization either, nor "Eternal Sky God Emperor" among many "... Emperor".
            or (label == "ORG" and (persons.product_name(name) or persons.kind_name(name, kinds)))
        ):
            sure[id(cluster)] = cluster.confident = False
        if label == "ORG" and cluster.confident:
            # The model calls ORG any name it does not know: listed only where the text shows an organization.
            sure[id(cluster)] = cluster.confident = organizations.shown_as_organization(
                doc, [cands[n] for n in members], name, sides.is_sport(doc)
            )
        for n in members:
            cands[n].label = label
            cluster_of[n] = cluster
        clusters.append(cluster)

    found = []
    text = doc.text  # built afresh from the tokens on every access
    for n, c in enumerate(cands):
        if n not in cluster_of:
            continue
        start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
        cluster = cluster_of[n]
        mention = EntityMention(start, end, text[start:end], c.label, cluster.name, sure[id(cluster)])
        cluster_of[n].mentions.append(mention)
        found.append(mention)
    _add_roles(doc, cands, cluster_of)
    found.sort(key=lambda m: m.start)
    clusters.sort(key=lambda cl: cl.mentions[0].start)
    return found, clusters


def _cluster_label(members: list[Cand], person_linked: bool) -> str | None:
    if person_linked:
        return "PERSON"
    # A label read from the words around a mention ("the town of X") outweighs
    # a few guesses of the model.
    votes = Counter()
    for c in members:
        if c.label != UNKNOWN:
            votes[c.label] += 3 if c.origin == "context" else len(members) if c.origin == "team" else 1
    if not votes:
        return None  # only possessive owners split off a mention, named nowhere else
    best = max(votes.values())
    return next(label for label in _LABEL_ORDER if votes[label] == best)


def _canonical(doc, members: list[Cand], label: str, by_acronym: bool) -> tuple[str, set[str]]:
    forms = Counter(surface(doc, c) for c in members)
    for c in members:
        if c.refers:
            forms[" ".join(c.refers)] += 0  # the name it stands for is a form even if unused
    first = {}
    for c in sorted(members, key=lambda c: c.start):
        first.setdefault(surface(doc, c), c.start)
    if label == "PERSON":
        name = max(forms, key=lambda f: (len(f.split()), forms[f], -first.get(f, 1 << 30)))
        words = name.split()
        if len(words) > 1 and all(len(w) == 2 and w.endswith(".") for w in words[:-1]) and words[-1] in forms:
            # "D. Lehmann" and "Lehmann": the surname names the person, so the archive can still join it to
            # the Darren Lehmann of another article (as a lone surname does); the initialled form is an alias.
            name = words[-1]
    elif by_acronym:
        name = max(forms, key=lambda f: (forms[f], acronyms.is_acronym(f), -first.get(f, 1 << 30)))
    else:
        # A form from a headline in capitals names the entity only if the
        # text has no other ("LEICESTERSHIRE" is "Leicestershire").
        name = max(forms, key=lambda f: (not _shouted(f), forms[f], len(f), -first.get(f, 1 << 30)))
        words = name.split()
        if len(words) > 1 and acronyms.is_acronym(words[0]) and all(w.lower() in DESCRIPTORS for w in words[1:]):
            forms[words[0]] += 0
            name = words[0]
    return name, {f for f in forms if f != name}


def _shouted(form: str) -> bool:
    return form.isupper() and len(form.replace(" ", "")) > 5


def _add_roles(doc, cands: list[Cand], cluster_of: dict[int, EntityCluster]) -> None:
    owner = mentions.covered(cands, len(doc))
    bounds = None
    for n in range(len(cands)):
        cluster = cluster_of.get(n)
        if cluster is None or cluster.label != "PERSON" or cluster.description:
            continue
        bounds = bounds or roles.sentence_bounds(doc)
        role = roles.find_role(doc, cands, owner, n, bounds)
        if role is None:
            continue
        cluster.description = " ".join(doc[role.start : role.end].text.split())
        for o in role.organizations:
            org = cluster_of.get(o)
            if org is not None and org.label == "ORG" and org.name not in cluster.organizations:
                cluster.organizations.append(org.name)
