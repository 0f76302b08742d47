"""Writing analysis results: entities, mentions, roles and statements.

Analysis runs in batches through spaCy (``nlp.pipe``, several processes);
each article's results replace its old ones in one transaction and mark it
with the analyzer version, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import logging
import re

from django.db import transaction

from archive.cache_version import bump as archive_changed
from archive.keys.names import normalize_name
from archive.models import Article, Entity, EntityAlias, Mention, Role, Statement

from . import archive_links, languages
from .analyzer import ANALYZER_VERSION, analyze_texts_apart
from .outlets import is_outlet_name
from .types import LABEL_KINDS, TextAnalysis

logger = logging.getLogger(__name__)


def pending():
    return Article.objects.exclude(analyzed_version=ANALYZER_VERSION)


def with_pending(stored, unchanged=()) -> list[int]:
    """``stored`` (the articles a run added or changed), then those of ``unchanged`` an earlier run stored but
    did not analyse (interrupted): their bytes read as unchanged from then on, so only this finds them."""
    ids = list(dict.fromkeys(stored))
    left = set(unchanged) - set(ids)
    if left:
        # Matched here rather than in an IN (...): a re-run over a large folder has more unchanged articles
        # than SQLite takes parameters, and the pending ones are few.
        ids += [pk for pk in pending().order_by("pk").values_list("pk", flat=True) if pk in left]
    return ids


class _Silent:
    def step(self) -> None:
        pass

    def done(self) -> None:
        pass


def analyze_articles(article_ids=None, batch_size: int = 32, workers: int = 1, progress=None) -> int:
    """Analyse the given articles (default: all not yet analysed by this version).

    ``progress``, if given, is called with the number of articles to analyse and returns the reporter the caller
    wants (an object with ``step()`` and ``done()``, as ``archive.management.progress.Progress``): the caller decides
    how progress is shown, so analysis does not depend on the commands above it."""
    qs = Article.objects.filter(pk__in=article_ids) if article_ids is not None else pending()
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    progress = progress(len(ids)) if progress is not None else _Silent()
    done = 0
    for start in range(0, len(ids), batch_size * max(workers, 1) * 4):
        chunk = list(
            Article.objects.filter(pk__in=ids[start : start + batch_size * max(workers, 1) * 4]).order_by("pk")
        )
        results = analyze_texts_apart([a.text for a in chunk], batch_size=batch_size, n_process=workers)
        for article, analysis in zip(chunk, results, strict=True):
            if analysis is None:  # left at its old version: the next `analyze` tries it again
                logger.error("article %s: analysis failed; it keeps its old analysis and stays pending", article.pk)
                progress.step()
                continue
            store_analysis(article, analysis)
            done += 1
            progress.step()
    progress.done()
    return done


def _resolve(
    name: str, label: str, cache: dict, as_person: bool = True, team: bool = False, sure: bool = True
) -> Entity:
    # One name is one entity whatever kind this text gave it (Entity.settle_kind).
    key = normalize_name(name)
    if key not in cache:
        cache[key] = Entity.objects.resolve(name, LABEL_KINDS[label], as_person=as_person, team=team, sure=sure)
    return cache[key]


def own_name(cluster, entity: Entity) -> bool:
    return normalize_name(cluster.name) == entity.key


def _lone_unsure_people(analysis: TextAnalysis) -> set[str]:
    """Persons this text names by one word only and never introduces as a person: no title, no "he" or "she"
    (``cluster.introduced``). "Twitter pledged" or "Glasgow voted" acting in a sentence is weak evidence of a
    person: such a word is listed only where some text introduces it so, or where the one article naming it
    is sure of it (``Entity.objects.listed``); a surname of a person the archive knows in full is that person."""
    return {
        c.name
        for c in analysis.clusters
        if c.label == "PERSON" and not c.team and " " not in c.name.strip() and not c.introduced
    }


def _curated_aliases(analysis: TextAnalysis) -> dict:
    """name key -> entity, for the names in this text that a curator
    assigned by a merge or split."""
    keys = {normalize_name(m.text) for m in analysis.entities}
    found = {}
    for alias in EntityAlias.objects.filter(curated=True, key__in=keys).select_related("entity__merged_into"):
        found[alias.key] = alias.entity.final()
    return found


KIND_LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE", "group": "NORP"}
_MAX_RUN_WORDS = 4


def _known_in_runs(
    text: str,
    analysis: TextAnalysis,
    taken: list[tuple[int, int]],
    here: set[int] = frozenset(),
    heads: dict[str, int] | None = None,
) -> list[Mention]:
    """Mentions, not confident, for runs of capitalised words that name an
    entity the archive already knows: the whole run, or on a line in
    capitals the longest known names inside it. A name two entities share
    ("Chicago" the city and the team) is the one this text names elsewhere
    (``here``); else, where they are one place and one organization, on a
    page that names teams the team, on any other the place ("CHICAGO 3
    Atlanta 2" in a results table, "CHICAGO 1996-08-30" as the dateline of a
    market report); else it is left alone. A lone word that begins the name
    of one organization of this text (``heads``, "Real" beside "Real
    Madrid") is a name this text knows."""
    options: dict[str, list[tuple[int, int]]] = {}
    for run in analysis.unclaimed:
        spans = [(0, len(run.words))]
        if run.shouted:
            spans = [
                (i, j) for i in range(len(run.words)) for j in range(i + 1, min(len(run.words), i + _MAX_RUN_WORDS) + 1)
            ]
        for i, j in spans:
            start, end = run.words[i][0], run.words[j - 1][1]
            key = normalize_name(text[start:end])
            if len(key) >= 2:
                options.setdefault(key, []).append((start, end))
    if not options:
        return []
    owners: dict[str, set[int]] = {}
    plain = {normalize_name(text[run.start : run.end]) for run in analysis.unclaimed if not run.shouted}
    for key, pk in (heads or {}).items():
        if key in plain:  # not "SAN" of a table's "SAN DIEGO" line for the "San Francisco Giants"
            owners.setdefault(key, set()).add(pk)
    for key, pk in Entity.objects.canonical().filter(key__in=options).values_list("key", "pk"):
        owners.setdefault(key, set()).add(pk)
    aliases = EntityAlias.objects.filter(key__in=options, entity__merged_into__isnull=True)
    for key, pk in aliases.values_list("key", "entity_id"):
        owners.setdefault(key, set()).add(pk)
    kinds = dict(Entity.objects.filter(pk__in=set().union(*owners.values())).values_list("pk", "kind"))
    sport = any(cluster.team for cluster in analysis.clusters)
    unique = {}
    for key, pks in owners.items():
        if len(pks) > 1:
            # The page's kind of sport decides only between a place and a team of its name; a name a place
            # shares with a person ("Jordan", "Washington") stays unresolved.
            split = sorted(kinds[pk] for pk in pks) == [Entity.Kind.ORGANIZATION, Entity.Kind.PLACE]
            pks = (pks & here) or ({pk for pk in pks if (kinds[pk] == Entity.Kind.PLACE) != sport} if split else pks)
        if len(pks) == 1:
            unique[key] = next(iter(pks))
    found, used = [], list(taken)
    spans = sorted(((s, e, key) for key in unique for s, e in options[key]), key=lambda x: (x[0] - x[1], x[0]))
    for start, end, key in spans:  # longest first
        if any(start < e and end > s for s, e in used):
            continue
        used.append((start, end))
        pk = unique[key]
        label = KIND_LABELS.get(kinds[pk], "ORG")
        found.append(
            Mention(entity_id=pk, start=start, end=end, text=text[start:end][:300], label=label, confident=False)
        )
    return found


# After an outlet's name, what shows the outlet itself: owning something ("Fortune’s technology newsletter").
_OWNS = re.compile(r"[’']s\s+[a-z]")
# Before it, what people say to an outlet ("told", "spoke with", "an interview with"; not "subscribe to", which
# names the site); after it, what an outlet learns and reports ("Deadline has learned", "Variety reported").
_TOLD = re.compile(r"\b(?:told|spoke with|speaking with|interview with)\s+$")
_REPORTS = re.compile(r"\s+(?:(?:has|had|have)\s+)?(?:learned|reported|reports|revealed|confirmed|understands)\b")


def _own_outlet(article: Article, rows: list[Mention], taken: list[tuple[int, int]], cache: dict) -> list[Mention]:
    """The outlet's own name on its own page, where the text shows it as one ("Fortune’s technology newsletter",
    "a source told 247Sports"): the site's organization, however the model read the words (a "work of art").
    Returns the new mentions; a mention the analysis was unsure of at the same place becomes sure."""
    name = article.source.name.strip()
    if len(name) < 3 or "." in name or not name[:1].isupper():
        return []  # a domain standing in for the name says nothing the text would
    text = article.text
    found = [m.span() for m in re.finditer(rf"(?<![\w@#/.-]){re.escape(name)}(?![\w@/-])", text)]
    if not any(
        _OWNS.match(text, end) or _REPORTS.match(text, end) or _TOLD.search(text, max(0, start - 16), start)
        for start, end in found
    ):
        return []
    at = {(row.start, row.end): row for row in rows}
    new = []
    for start, end in found:
        row = at.get((start, end))
        if row is not None:
            row.confident, row.label = True, "ORG"
        elif not any(start < e and end > s for s, e in taken):
            entity = _resolve(name, "ORG", cache, as_person=False)
            new.append(Mention(article=article, entity=entity, start=start, end=end, text=name, label="ORG"))
    return new


def _clubs(analysis: TextAnalysis) -> dict[str, str]:
    """ "Seattle" beside "Seattle Mariners": a side the text names by its
    place is the one organization of the text whose name begins with it
    (its name -> the club's). A later page's "Seattle" on a sports page then
    finds the club by this alias (``EntityQuerySet.resolve``)."""
    out = {}
    # Only a side is a side's club: "Boston" beside "the Boston Globe reported" is not the newspaper. A club
    # that does not compete in this text is one where it is also named by the rest of its name alone
    # ("lifted the Orioles past the Seattle Mariners", then "the Mariners").
    clubs = [c for c in analysis.clusters if c.label == "ORG" and not is_outlet_name(c.name)]
    for side in analysis.clusters:
        if side.team:
            longer = {c.name for c in clubs if c is not side and _club_of(side.name, c)}
            if len(longer) == 1:
                out[side.name] = longer.pop()
    return out


def _club_of(side: str, club) -> bool:
    """Whether ``club`` (a cluster) is the club ``side`` names: one of its names starts with the side's name,
    and it competes in the text or goes by the rest of that name too ("White Sox", "Chicago White Sox")."""
    forms = {club.name, *club.aliases}
    return any(f.startswith(f"{side} ") and (club.team or f[len(side) + 1 :] in forms) for f in forms)


def _club(cluster, side: str, cache: dict) -> Entity:
    """The entity of a club this text also names by its place: the club's own if the archive knows it, else
    the side of that name an earlier page filed (a table's "SEATTLE" before any report named the "Seattle
    Mariners"), so the order pages arrive in does not make two entities of one club."""
    key = normalize_name(cluster.name)
    if key not in cache:
        found = None
        for form in [cluster.name, *sorted(cluster.aliases)]:
            found = found or Entity.objects.resolve(
                form, Entity.Kind.ORGANIZATION, create=False, as_person=False, team=True
            )
        if found is None:
            named = Entity.objects.resolve(side, Entity.Kind.ORGANIZATION, create=False, team=True)
            if named is not None and named.team and named.key == normalize_name(side):
                found = named
        cache[key] = found or _resolve(cluster.name, "ORG", cache, team=True)
    return cache[key]


@transaction.atomic
def store_analysis(article: Article, analysis: TextAnalysis) -> None:
    archive_changed()  # once this commits, every server's cached pages miss (archive/cache_version.py)
    article.mentions.all().delete()
    article.statements.all().delete()
    article.roles.all().delete()
    cache: dict = {}
    by_name: dict[str, Entity] = {}
    curated = _curated_aliases(analysis)
    # A statement's speaker is spoken of as a person.
    speakers = {s.speaker.name for s in analysis.statements if s.speaker and s.speaker.kind == "person"}
    # Text in a language the model does not read (languages.py) keeps its mentions, so search still has
    # them, but none is confident, it teaches the archive no name, and it gives no roles or statements.
    reads = languages.reads(article.language, article.body)
    lone_unsure = _lone_unsure_people(analysis)
    clubs = _clubs(analysis)
    club_sides = {club: side for side, club in clubs.items()}
    sport = any(cluster.team for cluster in analysis.clusters)
    sides = {normalize_name(cluster.name) for cluster in analysis.clusters if cluster.team}
    names = [cluster.name for cluster in analysis.clusters if cluster.label == "ORG"]
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for m in analysis.entities:
        spans_of.setdefault(m.entity, []).append((m.start, m.end))
    for cluster in sorted(analysis.clusters, key=lambda c: c.name in clubs):  # the clubs' own names first
        # A one-word name spoken of as "he" or "she" is looked up as a person
        # (a surname the model took for an organization: "Trump").
        label = "ORG" if cluster.team else "PERSON" if cluster.personal else cluster.label
        # A club named in full on a sports page is sure of its names, as a club beside its side is.
        club_named = sport and bool(archive_links.club_places(cluster))
        if cluster.name in clubs:
            entity = by_name[clubs[cluster.name]]
        elif cluster.name in club_sides:
            entity = _club(cluster, club_sides[cluster.name], cache)
        elif sport and (
            found := archive_links.side_filed_before(cluster, sides, names)
            or archive_links.club_filed_before(cluster, sides)
        ):
            entity = cache[normalize_name(cluster.name)] = found
        elif (found := archive_links.body_filed_before(cluster)) is not None:
            entity = cache[normalize_name(cluster.name)] = found
        elif (
            found := archive_links.person_as_modifier(cluster, article.text, spans_of.get(cluster.name, []))
        ) is not None:
            entity = cache[normalize_name(cluster.name)] = found
        else:
            entity = _resolve(
                cluster.name,
                label,
                cache,
                cluster.as_person or cluster.name in speakers,
                cluster.team,
                sure=cluster.confident and reads,
            )
        if cluster.confident and reads and cluster.label == "ORG" and not cluster.team and own_name(cluster, entity):
            # Acronym and long form are one entity across articles, whichever the archive was sure of first
            # (only by the name the entity goes by: the "Chicago Tribune" filed under a "CT" is not that CT).
            if (pair := archive_links.acronym_filed_apart(entity)) is not None:
                pair[0].absorb(pair[1])
                for names in (cache, by_name):
                    names.update({k: pair[0] for k, v in names.items() if v == pair[1]})
                entity = cache[normalize_name(cluster.name)] = pair[0]
        by_name[cluster.name] = entity
        known = {normalize_name(entity.name)} | set(entity.aliases.values_list("key", flat=True))
        # An unsure cluster ("Twitter Answers" and "Twitter" in a headline)
        # must not teach the archive that its names belong together.
        # A club its side's name begins ("Seattle Mariners" beside the side "Seattle") is sure of its names.
        sure = reads and (cluster.confident or cluster.name in club_sides or club_named)
        # A department in full teaches its short form too, for later pages' "the Treasury".
        for alias in {cluster.name, *cluster.aliases, *archive_links.body_short_forms(cluster)} if sure else ():
            key = normalize_name(alias)
            owner = curated.get(key)
            if owner is not None and owner != entity:
                continue  # a curator gave this name to another entity
            if key and key not in known:
                EntityAlias.objects.get_or_create(entity=entity, key=key, defaults={"name": alias})
                known.add(key)
        if cluster.description and cluster.confident and reads and not entity.description:
            entity.description = cluster.description[:500]
            entity.save(update_fields=["description"])
        for org_name in cluster.organizations if reads else ():
            org = _resolve(org_name, "ORG", cache)
            Role.objects.get_or_create(
                person=entity, organization=org, article=article, defaults={"description": cluster.description[:500]}
            )

    def mention_entity(m):
        owner = curated.get(normalize_name(m.text))
        entity = owner or by_name.get(m.entity) or _resolve(m.entity, m.label, cache)
        if entity.kind == Entity.Kind.PERSON and m.label != "PERSON" and entity.tail == normalize_name(m.text):
            m.label = "PERSON"  # a lone surname the model took for something else ("Trump")
        return entity

    # A side named by its place is filed as the organization it is (sides.py), whatever the word's label.
    teams = {cluster.name for cluster in analysis.clusters if cluster.team}
    rows = [
        Mention(
            article=article,
            entity=mention_entity(m),
            start=m.start,
            end=m.end,
            text=m.text[:300],
            label="ORG" if m.entity in teams else m.label,
            confident=m.confident and reads,
        )
        for m in analysis.entities
    ]
    # A one-word person the text introduces (a title, kin, "he" or "she") and lets speak is sure: "President
    # Carter welcomed historians", however unsure "the Carter White House" left the name.
    speaking = {c.name for c in analysis.clusters if c.label == "PERSON" and c.introduced and c.name in speakers}
    for row, m in zip(rows, analysis.entities, strict=True):
        entity = row.entity
        if " " in entity.key or row.label != "PERSON":
            continue
        if m.entity in lone_unsure:
            row.introduced = False  # a one-word "person" this text does not introduce as one ("Twitter")
        elif m.entity in speaking and " " not in m.entity.strip():
            row.confident = reads
    taken = [(m.start, m.end) for m in analysis.entities]
    own = _own_outlet(article, rows, taken, cache) if reads else []
    taken += [(row.start, row.end) for row in own]
    rows += own
    known = _known_in_runs(
        article.text, analysis, taken, {row.entity.pk for row in rows}, archive_links.heads(analysis, by_name)
    )
    for row in known:
        row.article = article
    Mention.objects.bulk_create(rows + known)
    # The kind each entity goes by is the majority of its mentions' labels
    # across the archive; only an entity this text labelled otherwise can change.
    for entity in {row.entity for row in rows if LABEL_KINDS.get(row.label) != row.entity.kind}:
        entity.settle_kind()
    statements = []
    for position, s in enumerate(analysis.statements if reads else ()):
        speaker = None
        if s.speaker and s.speaker.kind != "unnamed":
            speaker = by_name.get(s.speaker.name) or _resolve(
                s.speaker.name, "PERSON" if s.speaker.kind == "person" else "ORG", cache
            )
        via = (by_name.get(s.via) or _resolve(s.via, "ORG", cache)) if s.via else None
        statements.append(
            Statement(
                article=article,
                position=position,
                kind=s.kind,
                cue=s.cue.text[:200],
                cue_start=s.cue.start,
                cue_end=s.cue.end,
                source_text=(s.source.text if s.source else "")[:500],
                source_start=s.source.start if s.source else None,
                source_end=s.source.end if s.source else None,
                speaker=speaker,
                speaker_kind=s.speaker.kind if s.speaker else "",
                speaker_name=(speaker.name if speaker else (s.speaker.name if s.speaker else ""))[:500],
                content=s.content.text,
                content_start=s.content.start,
                content_end=s.content.end,
                via=via,
                recipient=(s.recipient or "")[:300],
                confidence=s.confidence,
            )
        )
    Statement.objects.bulk_create(statements)
    Article.objects.filter(pk=article.pk).update(analyzed_version=ANALYZER_VERSION)
