"""The People and Organizations indexes without counting every mention for every page.

Listing by number of articles needs every listed entity's count before the first row can be
shown: a GROUP BY over every mention of the kind (1.3 s on PostgreSQL at 100,000 articles),
again for each page and each filter. That ranking changes only when the archive does, so it is
computed once per state of the archive and kept in the ``default`` cache (shared by every
server with ``CACHE_URL``): the entities' keys in index order and their article counts, two
compact arrays. A page is then one query for its fifty rows; a name filter one more, for the
keys that match, put in ranking order here.

The state is ``archive_state`` (new articles or taggings, any process; an import or analysis
bumps the archive version too), with the newest mention and entity keys (a re-analysis writes
new mention rows) and this process's own entity and mention saves (a curator's merge). A
change none of them sees shows within ``RANKING_SECONDS``. Each process also keeps the last
ranking it read, so a page does not copy it out of the cache, and a state is ranked once even while
the cache cannot be reached.
"""

from __future__ import annotations

import threading
from array import array

from django.db import connections, router
from django.db.models import Count
from django.db.models.signals import post_delete, post_save

from archive import budget
from archive.models import Entity, IndexOrder, Mention
from archive.summaries import ProcessCopy, archive_state, cached

RANKING_SECONDS = 300
RANKING_BUDGET = 10.0  # seconds of database work a ranking may take (2-4 s at 100,000 articles on a busy machine)
_writes = [0]  # this process's entity and mention saves and deletes, seen at once


def _wrote(**kwargs):
    _writes[0] += 1


for _model in (Entity, Mention):
    post_save.connect(_wrote, sender=_model, dispatch_uid=f"ranking-save-{_model.__name__}")
    post_delete.connect(_wrote, sender=_model, dispatch_uid=f"ranking-delete-{_model.__name__}")


class Ranking:
    """Listed entities of one kind with at least one article, by number of articles, then name."""

    def __init__(self, pks: array, counts: array):
        self.pks, self.counts = pks, counts

    def __len__(self) -> int:
        return len(self.pks)

    def count_of(self) -> dict[int, int]:
        return dict(zip(self.pks, self.counts, strict=True))

    def only(self, matching: set[int]) -> Ranking:
        pks, counts = array("q"), array("q")
        for pk, n in zip(self.pks, self.counts, strict=True):
            if pk in matching:
                pks.append(pk)
                counts.append(n)
        return Ranking(pks, counts)


def _stamp() -> str:
    connection = connections[router.db_for_read(Mention)]
    q = connection.ops.quote_name
    newest = [f"(SELECT MAX({q(m._meta.pk.column)}) FROM {q(m._meta.db_table)})" for m in (Mention, Entity)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(newest))  # noqa: S608 - names from the models
        row = cursor.fetchone()
    return ":".join(str(v) for v in (archive_state()[0], *row, _writes[0], connection.alias))


KINDS = (Entity.Kind.PERSON, Entity.Kind.ORGANIZATION)
_computing = threading.Lock()


def _compute() -> dict[str, Ranking]:
    """Both kinds at once, from plain reads instead of the index's aggregate joined to the entities: the
    distinct articles of every entity from the mentions alone (one walk of their index, shared by the
    kinds) and each kind's listed entries in name order. Each ranking is then sorted here, by count and
    by the database's own name order (its collation)."""
    every = Mention.objects.order_by().values_list("entity").annotate(n=Count("article", distinct=True))
    n_articles = dict(every.values_list("entity", "n"))
    rankings = {}
    for kind in KINDS:
        entries = Entity.objects.index_entries(kind).order_by("name", "pk").values_list("pk", flat=True)
        position = {pk: n for n, pk in enumerate(entries.iterator(chunk_size=10_000))}
        ranked = sorted(position, key=lambda pk: (-n_articles.get(pk, 0), position[pk]))  # noqa: B023
        rankings[kind] = Ranking(array("q", ranked), array("q", (n_articles.get(pk, 0) for pk in ranked)))
    return rankings


def _shared_compute() -> dict[str, Ranking]:
    with budget.extended(RANKING_BUDGET):
        return _compute()


_copy = ProcessCopy(RANKING_SECONDS)  # rankings of the last state read (16 MB to unpickle at 1M entities)


def ranking(kind: str) -> Ranking:
    """The ranking of ``kind`` for the archive's current state."""
    stamp = _stamp()
    value = _copy.get(stamp)
    if value is not None:
        return value[kind]
    # One request of this process reads or ranks, on a sub-budget of its own (no stampede of the same
    # aggregate when a new state begins, as during an import). Others asking meanwhile read the previous
    # state's ranking for the seconds this one takes (a left-out entity is skipped by RankedPage),
    # instead of a thread each waiting; only with none yet do they wait for it.
    previous = _copy.previous
    if not _computing.acquire(blocking=previous is None):
        return previous[kind]
    try:
        value = _copy.get(stamp) or _copy.keep(
            stamp, cached("entity-rankings", stamp, _shared_compute, RANKING_SECONDS)
        )
    finally:
        _computing.release()
    return value[kind]


class RankedPage:
    """What the paginator pages: a ranking, each sliced page fetched by key with its rows' article
    counts taken from the ranking (no aggregate in the page's query)."""

    def __init__(self, ranked: Ranking):
        self.ranked = ranked

    def count(self) -> int:
        return len(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, item: slice):
        wanted = dict(zip(self.ranked.pks[item], self.ranked.counts[item], strict=True))
        rows = Entity.objects.in_bulk(list(wanted)) if wanted else {}
        entities = [rows[pk] for pk in wanted if pk in rows]  # one deleted since the ranking: left out
        for entity in entities:
            entity.n_articles = wanted[entity.pk]
        return entities


def index_page(kind: str, order: str, text: str):
    """The People or Organizations index as a sequence to page: by number of articles from the
    ranking; by name from the database in name order, counts from the ranking. Filtered by
    ``text`` (a name or an alias), the matching keys are read and kept in ranking order."""
    ranked = ranking(kind)
    if order == IndexOrder.NAME:
        return NamedPage(Entity.objects.index_entries(kind, text).order_by("name", "pk"), ranked.count_of())
    if not text:
        return RankedPage(ranked)
    return RankedPage(ranked.only(set(Entity.objects.index_entries(kind, text).values_list("pk", flat=True))))


class NamedPage:
    """Entries in name order, paged by the database, with their counts from the ranking."""

    def __init__(self, entries, count_of: dict[int, int]):
        self.entries, self.count_of = entries, count_of

    def count(self) -> int:
        return self.entries.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        entities = list(self.entries[item])
        for entity in entities:
            entity.n_articles = self.count_of.get(entity.pk, 0)
        return entities
