"""Names of one entity across pages that no single page joins: a club a report names in full and a table
by its place ("Baltimore Orioles", "BALTIMORE 70 63"), a department in full and by its short form ("Treasury
Department", "the Treasury"), and a club's first word the model missed ("Real" beside "Real Madrid").
``store.py`` asks these before filing a cluster under a new entity."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from archive.keys.names import normalize_name
from archive.models import Entity, Mention
from archive.models.entity import is_acronym_form

from .confidence import TITLES
from .outlets import is_outlet_name
from .types import TextAnalysis


def club_places(cluster) -> set[str]:
    """The places a club's forms begin with: "Baltimore" of "Baltimore Orioles" where the text also calls it
    "the Orioles", or where the club competes in the text (empty for anything else, "Boston Globe" included)."""
    if cluster.label != "ORG" or is_outlet_name(cluster.name):
        return set()
    forms = {cluster.name, *cluster.aliases}
    places = set()
    for form in forms:
        words = form.split()
        for n in range(1, len(words)):
            if cluster.team or " ".join(words[n:]) in forms:
                places.add(" ".join(words[:n]))
    return places


def side_filed_before(cluster, sides_here: set[str], names_here: list[str]) -> Entity | None:
    """A club this sports page names in full ("Baltimore Orioles") that the archive does not know by name,
    while an earlier table filed a side by its place alone ("BALTIMORE 70 63"): that side, if it is the one
    of its name no other club has joined yet (a table's "NEW YORK" is the Yankees or the Mets, not both) and
    it keeps this page's company (``_same_league``) and this page names no other club of that place ("Bristol
    City" beside "Bristol Rovers": the "Bristol" of another page may be either, or neither)."""
    places = club_places(cluster)
    if not places or Entity.objects.resolve(cluster.name, Entity.Kind.ORGANIZATION, create=False, as_person=False):
        return None
    forms = {normalize_name(f) for f in (cluster.name, *cluster.aliases)}
    found = set()
    for place in places:
        if sum(1 for name in names_here if name.startswith(f"{place} ")) > 1:
            continue
        key = normalize_name(place)
        for side in Entity.objects.canonical().filter(kind=Entity.Kind.ORGANIZATION, team=True, key=key):
            others = side.aliases.filter(key__startswith=f"{key} ").exclude(key__in=forms)
            if not others.exists() and _same_league(side, sides_here):
                found.add(side)
    return found.pop() if len(found) == 1 else None


def club_filed_before(cluster, sides_here: set[str]) -> Entity | None:
    """The other way round: a side named by its place ("BALTIMORE" in a table) that no entity goes by yet,
    while an earlier page named the one club of that place in full ("Baltimore Orioles", "the Orioles")
    among sides this page names too."""
    if not cluster.team or Entity.objects.resolve(
        cluster.name, Entity.Kind.ORGANIZATION, create=False, as_person=cluster.as_person, team=True
    ):
        return None
    key = normalize_name(cluster.name)
    clubs = [
        e
        for e in Entity.objects.canonical().filter(kind=Entity.Kind.ORGANIZATION, key__startswith=f"{key} ")[:5]
        if e.team or e.aliases.filter(key=e.key[len(key) + 1 :]).exists()
    ]
    return clubs[0] if len(clubs) == 1 and _same_league(clubs[0], sides_here) else None


def _same_league(entity: Entity, sides_here: set[str]) -> bool:
    """Whether the pages that name ``entity`` also name at least two other sides this page names: a city has
    clubs in several sports ("PHILADELPHIA" in a baseball table is not the football club of an NFL report),
    and a side's league is the company it keeps."""
    articles = entity.mentions.values("article_id")
    there = Entity.objects.filter(team=True, mentions__article_id__in=articles).exclude(pk=entity.pk)
    return len(sides_here & set(there.values_list("key", flat=True).distinct())) >= 2


# The generic last word of a government body's name: "the Treasury Department" is "the Treasury".
_BODY_WORDS = {"department", "ministry"}


def body_short_forms(cluster) -> set[str]:
    """ "Treasury" of "Treasury Department", "U.S. Treasury" of "U.S. Treasury Department"."""
    if cluster.label != "ORG":
        return set()
    out = set()
    for form in (cluster.name, *cluster.aliases):
        words = form.split()
        if len(words) >= 2 and words[-1].lower() in _BODY_WORDS and words[-2][:1].isupper():
            out.add(" ".join(words[:-1]))
    return out


def body_filed_before(cluster) -> Entity | None:
    """A department this text names in full that the archive does not know by name, while earlier pages
    called it by its short form ("the Treasury"): that organization."""
    shorts = body_short_forms(cluster)
    if not shorts or Entity.objects.resolve(cluster.name, Entity.Kind.ORGANIZATION, create=False, as_person=False):
        return None
    found = set()
    for short in shorts:
        entity = Entity.objects.resolve(short, Entity.Kind.ORGANIZATION, create=False, as_person=False)
        if entity is not None and entity.kind == Entity.Kind.ORGANIZATION:
            found.add(entity)
    if len(found) != 1:
        return None
    entity = found.pop()
    if (
        cluster.confident
        and not entity.mentions.filter(confident=True).exists()
        and not entity.aliases.filter(curated=True)
    ):
        # No text was sure of the short form alone ("Education advocacy groups"), this one is of the full name:
        # the body goes by it (a curator's naming stays).
        entity.go_by(cluster.name)
    return entity


def heads(analysis: TextAnalysis, by_name: dict[str, Entity]) -> dict[str, int]:
    """First word -> entity, for the words that begin the names of exactly one organization of the text and
    no other name of it: where the model missed "Real" after "Real Madrid", the club. A headline's words in
    capitals ("REAL SCRAPE A DRAW") name nothing here."""
    firsts: dict[str, set[int]] = {}
    for cluster in analysis.clusters:
        for form in {f for f in (cluster.name, *cluster.aliases) if not f.isupper()}:
            words = form.split()
            key = normalize_name(words[0]) if words else ""
            if cluster.label != "ORG" or len(words) == 1:
                firsts.setdefault(key, set()).add(-1)  # a name of its own, or another kind's
            elif cluster.name in by_name:
                firsts.setdefault(key, set()).add(by_name[cluster.name].pk)
    return {key: next(iter(pks)) for key, pks in firsts.items() if key and len(pks) == 1 and -1 not in pks}


def person_as_modifier(cluster, text: str, spans: list[tuple[int, int]]) -> Entity | None:
    """ "The incoming Trump administration", "President-elect Trump will appoint": a one-word name the model
    took for an organization, which the text puts before a noun of what a person leads or after a title, and is the
    surname of a person the archive knows in full (the one of that surname, or the one named far more
    often): that person, not a new organization "Trump"."""
    if cluster.label != "ORG" or cluster.team or " " in cluster.name.strip() or cluster.name.isupper():
        return None
    if not any(_before_common_noun(text, end) or _after_title(text, start) for start, end in spans):
        return None
    found = Entity.objects.resolve(cluster.name, Entity.Kind.PERSON, create=False, as_person=True)
    if found is None or found.kind != Entity.Kind.PERSON or found.tail != normalize_name(cluster.name):
        return None
    return found


# Nouns a person's name modifies as the one who leads or gathers them: "the Trump administration".
_LED_BY_A_PERSON = {
    "administration", "campaign", "presidency", "government", "era", "family", "aides", "camp", "cabinet",
    "allies", "supporters", "regime", "years", "transition",
}  # fmt: skip


def _before_common_noun(text: str, end: int) -> bool:
    after = text[end : end + 40]
    words = after.split()
    return after[:1] == " " and bool(words) and words[0].rstrip(".,;:") in _LED_BY_A_PERSON


def _after_title(text: str, start: int) -> bool:
    words = text[max(0, start - 40) : start].split()
    return bool(words) and words[-1].casefold().rstrip(".").split("-")[0] in TITLES


def acronym_filed_apart(entity: Entity) -> tuple[Entity, Entity] | None:
    """(long form, short form) for an organization this text is sure of and the acronym or long form the
    archive filed apart from it before it was sure of either ("AP" on a wire report, while the archive's one
    "Associated Press" had been read only as a person): the one sure long form the acronym spells, and the
    one acronym the long form spells. None where a curator named either, where it is not one of each, or
    where the acronym already goes by another long form."""
    if entity.kind != Entity.Kind.ORGANIZATION or entity.merged_into_id:
        return None
    canonical = Entity.objects.canonical().exclude(pk=entity.pk)
    if is_acronym_form(entity.name):
        longs = _sure_long_forms(canonical, entity.key.replace(" ", ""))
        pair = (longs[0], entity) if len(longs) == 1 else None
    elif len(entity.initials) >= 2:
        if _sure_long_forms(canonical, entity.initials):
            return None  # another long form the archive is sure of spells the same letters
        shorts = [e for e in canonical.filter(key=entity.initials, initials="")[:2] if is_acronym_form(e.name)]
        pair = (entity, shorts[0]) if len(shorts) == 1 else None
    else:
        return None
    if pair is None or any(e.aliases.filter(curated=True).exists() for e in pair):
        return None
    if pair[1].aliases.filter(key__contains=" ").exists():
        return None  # the acronym already stands for another long form ("CT" for the "Chicago Tribune")
    return pair


def _sure_long_forms(entities, initials: str) -> list[Entity]:
    sure = Mention.objects.filter(entity=OuterRef("pk"), confident=True, label="ORG")
    return list(entities.filter(initials=initials, kind=Entity.Kind.ORGANIZATION).filter(Exists(sure))[:2])
