"""From candidates to entities: clusters by normalize_name, each cluster's
label (the members' majority), canonical name, aliases and confidence, and a
person's role in the text as its description (roles.py).

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

from . import (
    acronyms,
    confidence,
    cues,
    mentions,
    organizations,
    outlets,
    personhood,
    persons,
    roles,
    sides,
    spec_pages,
)
from .mentions import UNKNOWN, Cand, surface
from .types import LABEL_KINDS, EntityCluster, EntityMention

# Generic nouns that follow an acronym in an outlet's or body's full name
# ("RT Television", "AFP news agency") without making it another entity.
DESCRIPTORS = {"television", "tv", "network", "channel", "radio", "newspaper", "agency", "broadcaster", "news"}
_LABEL_ORDER = ["PERSON", "ORG", "GPE", "LOC", "NORP"]


# Verbs of speech whose subject the text speaks of as a person ("Bortnikov speaks again").
SPEECH_VERBS = cues.SPEECH | outlets.REMARK_VERBS


def _key(doc, c: Cand) -> str:
    words = c.refers or c.texts(doc)
    if len(words) > 1 and acronyms.is_acronym(words[0]) and all(w.lower() in DESCRIPTORS for w in words[1:]):
        words = words[:1]
    return normalize_name(" ".join(words))


def build(doc, cands: list[Cand], definitions, person_linked: set[int]):
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

    # "an All Black forward" and "the All Blacks": a body of people and one of its members' adjective, in one
    # text, are one entity (not across texts, where "Time" and "Times" are two publications).
    bodies = {_key(doc, c) for c in cands if c.label in ("ORG", "NORP")}
    for key in bodies:
        if len(key) >= 4 and f"{key}s" in bodies and find(key) != find(f"{key}s"):
            parent[find(key)] = find(f"{key}s")

    groups: dict[str, list[int]] = defaultdict(list)
    for n, c in enumerate(cands):
        groups[find(_key(doc, c))].append(n)

    lower_words = {t.text for t in doc if t.is_alpha and t.text.islower()}
    other_labels = {e.text: e.label_ for e in doc.ents if e.label_ not in LABEL_KINDS}
    clusters, cluster_of, sure = [], {}, {}
    spec_pages.mark_products(doc, cands)
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
        cluster.personal = label != "PERSON" and personhood.personal(doc, [cands[n] for n in members])
        if len(name.split()) == 1:
            cluster.as_person = personhood.as_person(doc, [cands[n] for n in members], SPEECH_VERBS)
            cluster.introduced = personhood.introduced(doc, [cands[n] for n in members])
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
