"""Which entities a name stands for, and which articles are about them: the
one place where ``person:``/``org:`` in the search language, the API's
``person=``/``org=``/``speaker=`` filters, the feeds and the who-said-what
lists turn what a user typed into entities.

A name resolves, in this order, to the entities whose name or alias is that
name; else (people) those whose full name ends with it; else (an
acronym) those whose initials it spells; else, when the words occur nowhere
in the archive, to the closest names by a typo-tolerant match (RapidFuzz).
Surnames and initials only stand for the entities they fit; the names of
those entities searched in the text are only those no other entity goes by,
of any kind: "France" the football team shares its name with the country, so
only the team's mentions count.

The articles about the entities (``EntityMatch`` compiled by the search
backends) are those where one of them is mentioned, plus those whose text
holds one of their unambiguous names where the analysis missed the mention,
minus those where every such name is part of another entity's mention
("New York" inside "New York Times"). A name that matches no entity of the
kind asked for is searched as a phrase, with a message saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from archive.keys.names import normalize_name
from archive.models import Entity, EntityAlias

from .query import STOPWORDS

ENTITY_KINDS = {"person": [Entity.Kind.PERSON], "org": [Entity.Kind.ORGANIZATION, Entity.Kind.GROUP]}
KIND_NOUN = {"person": "person", "org": "organization"}
MAX_ENTITIES = 20  # a surname shared by more people than this is too vague to expand
MAX_NAMES = 8  # names searched as phrases for one filter value
FUZZY_CUTOFF = 84  # RapidFuzz WRatio (0-100) for "did you mean"
FUZZY_CANDIDATES = 5_000  # names compared per typo-tolerant lookup
_ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,9}")
_ACRONYM_SKIP = {"of", "the", "and", "for", "de", "la", "du", "der"}


@dataclass
class EntityMatch:
    """What one ``person:``/``org:`` value stands for."""

    field: str  # "person" or "org"
    value: str  # as typed
    entities: list[Entity] = field(default_factory=list)  # canonical entities (merges followed)
    how: str = ""  # "name", "surname", "acronym", "typo" or "" (none)
    names: list[str] = field(default_factory=list)  # phrases whose text occurrences also count
    suggestions: list[Entity] = field(default_factory=list)  # "did you mean" (typo-tolerant)

    @property
    def ids(self) -> list[int]:
        return sorted({e.pk for e in self.entities})

    @property
    def keys(self) -> list[str]:
        """The names' matching keys: a text match where one of them is only
        part of another entity's longer name does not count (see ``others_sql``)."""
        return list(dict.fromkeys(k for k in (normalize_name(n) for n in self.names) if k))

    @property
    def head(self) -> str:
        """Where a longer name holding one of the names may still be the same
        entity: at the end for a person ("McGrath", "Glenn McGrath"), at the
        start for an organization ("Real", "Real Madrid"; "Seattle", the
        "Seattle Mariners"). Elsewhere it is someone or something else ("York"
        in "New York", "England" in "Bank of England", "Jordan" in "Jordan
        Henderson")."""
        return "end" if self.field == "person" else "start"

    @property
    def cased(self) -> list[str]:
        """How the names may be written where the text names them: as the
        archive holds them, with capital initials, or in capitals."""
        out = []
        typed = normalize_name(self.value)
        for name in self.names:
            forms = [" ".join(_initial(w) for w in name.split()), name.upper()]
            if normalize_name(name) != typed or name[:1].isupper():
                forms.insert(0, name)  # a name from the archive, as written there
            out += [f for f in forms if f not in out]
        return out[: 3 * MAX_NAMES]

    @property
    def phrases(self) -> list[tuple[str, ...]]:
        """The names as word tuples, as the search language cuts words."""
        out = []
        for name in self.names:
            words = tuple(w.lower() for w in re.findall(r"[^\W_]+", name))
            if words and words not in out and not all(w in STOPWORDS for w in words):
                out.append(words)
        return out


def _initial(word: str) -> str:
    """A word with a capital initial: "law" -> "Law", "NEW" -> "New", "McGrath" stays."""
    return word[:1].upper() + (word[1:].lower() if word.isupper() else word[1:])


def named(name: str, kinds=None):
    """Entities whose name or alias normalises to the same key (not following merges)."""
    key = normalize_name(name)
    if not key:
        return Entity.objects.none()
    aliased = EntityAlias.objects.filter(key=key).values("entity_id")
    qs = Entity.objects.filter(Q(key=key) | Q(pk__in=aliased))  # two index lookups, not a join
    return qs.filter(kind__in=kinds) if kinds else qs


def finals(entities) -> list[Entity]:
    out, seen = [], set()
    for entity in entities:
        entity = entity.final()
        if entity.pk not in seen:
            seen.add(entity.pk)
            out.append(entity)
    return out


def _by_surname(key: str, kinds) -> list[Entity]:
    """People whose full name ends with the name ("Bortnikov", "Boutros-Ghali")."""
    if Entity.Kind.PERSON not in kinds or len(key) < 3:
        return []
    qs = Entity.objects.canonical().filter(kind=Entity.Kind.PERSON, key__endswith=f" {key}")
    return list(qs.order_by("pk")[: MAX_ENTITIES + 1])


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _ACRONYM_SKIP)


def _by_acronym(value: str, kinds) -> list[Entity]:
    if not _ACRONYM.fullmatch(value.strip()) or Entity.Kind.ORGANIZATION not in kinds:
        return []
    letters = value.replace(".", "").replace("&", "").lower()
    if len(letters) < 2:
        return []
    # Names of as many significant words as letters, starting with the first.
    qs = Entity.objects.canonical().filter(kind__in=kinds, key__startswith=letters[0], key__contains=" ")
    return [e for e in qs.order_by("pk")[:FUZZY_CANDIDATES] if initials(e.key) == letters][:MAX_ENTITIES]


def similar(text: str, kinds=None, limit: int = 5, exclude_keys=()) -> list[Entity]:
    """Entities with a name or alias close to ``text`` (typos, a letter
    missing or doubled), best first, by RapidFuzz's WRatio. Candidates share
    the first two letters of one of their words with one of the text's."""
    from rapidfuzz import fuzz, process, utils

    key = normalize_name(text)
    if len(key) < 4:
        return []
    heads = {w[:2] for w in key.split() if len(w) >= 2}
    if not heads:
        return []
    cond = Q()
    for head in heads:
        cond |= Q(key__startswith=head) | Q(key__contains=f" {head}")
    entities = Entity.objects.canonical()
    if kinds:
        entities = entities.filter(kind__in=kinds)
    choices: dict[str, int] = {}
    for pk, name_key in entities.filter(cond).values_list("pk", "key")[:FUZZY_CANDIDATES]:
        choices.setdefault(name_key, pk)
    aliases = EntityAlias.objects.filter(cond, entity__merged_into__isnull=True)
    if kinds:
        aliases = aliases.filter(entity__kind__in=kinds)
    for entity_id, name_key in aliases.values_list("entity_id", "key")[:FUZZY_CANDIDATES]:
        choices.setdefault(name_key, entity_id)
    for k in (key, *exclude_keys):
        choices.pop(k, None)
    if not choices:
        return []
    keys = list(choices)
    ranked = process.extract(
        key, keys, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=FUZZY_CUTOFF, limit=limit * 3
    )
    # WRatio scores a short name inside a long one highly ("bort" in "bortnikov"); a
    # typo keeps the length: prefer close lengths among equal scores.
    ranked.sort(key=lambda r: (-round(r[1]), abs(len(r[0]) - len(key)), r[0]))
    ids = list(dict.fromkeys(choices[r[0]] for r in ranked))[:limit]
    by_id = Entity.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _unambiguous_names(entities: list[Entity], kinds, typed: str | None) -> list[str]:
    """The entities' names and aliases that no other entity goes by, of any
    kind, longest first (``typed`` first when it is one of them)."""
    ids = {e.pk for e in entities}
    names = {}
    for e in entities:
        names.setdefault(e.key, e.name)
    for key, name in EntityAlias.objects.filter(entity_id__in=ids).values_list("key", "name"):
        names.setdefault(key, name)
    if typed and normalize_name(typed):
        names.setdefault(normalize_name(typed), typed)
    # A name another entity of any kind goes by is no evidence in the text: "France" the country is not
    # the football team of the same name (archive.models.entity: they are two entities).
    others = Entity.objects.filter(key__in=list(names)).exclude(pk__in=ids).exclude(merged_into__in=ids)
    taken = set(others.values_list("key", flat=True)) | set(
        EntityAlias.objects.filter(key__in=list(names))
        .exclude(entity_id__in=ids)
        .exclude(entity__merged_into_id__in=ids)
        .values_list("key", flat=True)
    )
    taken |= _heads_of_others([k for k in names if " " not in k and k != normalize_name(typed or "")], ids, kinds)
    keep = [(k, n) for k, n in names.items() if k not in taken and len(k) >= 2]
    keep.sort(key=lambda kn: (kn[0] != normalize_name(typed or ""), -len(kn[0]), kn[0]))
    return [n for _, n in keep[:MAX_NAMES]]


def _heads_of_others(words: list[str], ids: set[int], kinds) -> set[str]:
    """Of the one-word short names of an organization, those that also
    begin another organization's name: "Stirling" of "Stirling Albion" when
    "East Stirling" goes by it too (a range of the key index, no scan). A
    surname another person goes by is an alias of theirs, which
    ``_unambiguous_names`` already sees."""
    if not words or Entity.Kind.PERSON in kinds:
        return set()
    others = Entity.objects.canonical().filter(kind__in=kinds).exclude(pk__in=ids)
    return {w for w in words if others.filter(key__gt=f"{w} ", key__lt=f"{w}!").exists()}


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def resolve(field_name: str, value: str, *, text_fallback: bool = True) -> EntityMatch:
    """The entities ``person:``/``org:`` ``value`` names, and how to find
    their articles (see the module's docstring)."""
    kinds = ENTITY_KINDS[field_name]
    match = EntityMatch(field_name, value)
    key = normalize_name(value)
    if not key:
        return match
    found = finals(named(value, kinds).select_related("merged_into"))
    if not found:  # a slug, as links and the API give them
        found = finals(Entity.objects.filter(slug=value.strip().lower(), kind__in=kinds))
    found = [e for e in found if e.kind in kinds]
    match.how = "name" if found else ""
    if not found:
        found = _by_surname(key, kinds)
        match.how = "surname" if found else ""
        if len(found) > MAX_ENTITIES:
            found = []
    if not found:
        found = _by_acronym(value, kinds)
        match.how = "acronym" if found else ""
    match.entities = found
    if not text_fallback:
        return match
    if found:
        match.names = _unambiguous_names(found, kinds, value if match.how != "acronym" else None)
    else:
        match.names = [value]
    return match


def typo_match(match: EntityMatch) -> EntityMatch:
    """When a value named nothing and its words occur nowhere: the closest
    names, the best of which the search then stands for."""
    kinds = ENTITY_KINDS[match.field]
    match.suggestions = similar(match.value, kinds)
    if match.suggestions:
        best = match.suggestions[0]
        match.entities, match.how = [best], "typo"
        match.names = _unambiguous_names([best], kinds, None)
    return match


def entity_filter(name: str, kinds=None) -> Entity | None:
    """One entity for a who-said-what filter: its slug, else its name or
    alias (of ``kinds`` when given; people before organizations), else the
    closest name when it was mistyped."""
    return entity_filter_match(name, kinds)[0]


def entity_filter_match(name: str, kinds=None) -> tuple[Entity | None, str]:
    """``entity_filter``'s entity and how the name was read: "slug", "name"
    (a name, alias, surname or acronym) or "typo" (the closest name)."""
    name = (name or "").strip()
    if not name:
        return None, ""
    qs = Entity.objects.filter(slug=name)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    entity = qs.first()
    if entity is not None:
        return entity.final(), "slug"
    fields = [[k for k in ENTITY_KINDS[field_name] if not kinds or k in kinds] for field_name in ("person", "org")]
    for wanted in filter(None, fields):
        found = finals(named(name, wanted).order_by("pk"))
        if not found:
            found = _by_surname(normalize_name(name), wanted) or _by_acronym(name, wanted)
            found = found if len(found) == 1 else []
        if found:
            return found[0], "name"
    closest = similar(name, [k for wanted in fields for k in wanted], limit=1)
    if closest:
        return closest[0].final(), "typo"
    return None, ""
