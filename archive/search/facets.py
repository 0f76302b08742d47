"""Facet counts for a result set: tags, people, organizations, sources,
authors and years, each value a link that narrows the search.

Counted in one query over the posting table (grouped by kind and value,
top values per kind by a window function) for the matching articles -- all
of them when there are at most FACET_SAMPLE, else that many of them, which
the page says. ``FacetPanel`` is what a result set shows of them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils.http import urlencode
from taggit.models import Tag

from archive.models import Entity, Source

from . import schema
from .engine import FACET_SAMPLE
from .query import Query, quote_value, serialize

PER_KIND = 10
YEARS = 30
ORDER = [schema.TAG, schema.PERSON, schema.ORG, schema.SOURCE, schema.AUTHOR, schema.YEAR]
LABELS = {
    schema.TAG: "Tags",
    schema.PERSON: "People",
    schema.ORG: "Organizations",
    schema.SOURCE: "Sources",
    schema.AUTHOR: "Authors",
    schema.YEAR: "Years",
}
FILTER_NAME = {
    schema.TAG: "tag",
    schema.PERSON: "person",
    schema.ORG: "org",
    schema.SOURCE: "source",
    schema.AUTHOR: "author",
}


@dataclass
class FacetValue:
    label: str
    count: int
    url: str


@dataclass
class Facet:
    key: str
    label: str
    values: list[FacetValue] = field(default_factory=list)


def search_url(query: Query | str, sort: str | None) -> str:
    params = {"q": query if isinstance(query, str) else serialize(query)}
    if sort:
        params["sort"] = sort
    return "?" + urlencode(params)


class Links:
    """Facet links: the current query (canonical form) plus one filter.
    Built by appending to one serialised string -- a page has dozens."""

    def __init__(self, query: Query, sort: str | None):
        self.sort = sort
        self.base = serialize(query)
        undated = copy.copy(query)
        undated.after = undated.before = None
        self.undated = serialize(undated)
        self.after, self.before = query.after, query.before

    def narrowed(self, name: str, value: str) -> str:
        return search_url(f"{self.base} {name}:{quote_value(value)}".strip(), self.sort)

    def year(self, year: int) -> str:
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
        after = max(self.after, start) if self.after else start
        before = min(self.before, end) if self.before else end
        return search_url(f"{self.undated} after:{after.isoformat()} before:{before.isoformat()}".strip(), self.sort)


def count_rows(connection, sample: tuple[str, list]) -> list[tuple[int, int, int]]:
    """(kind, value id, articles) for the top values of each kind."""
    sql, params = sample
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, value_id, n FROM (SELECT p.kind, p.value_id, count(*) AS n, "
            "row_number() OVER (PARTITION BY p.kind ORDER BY count(*) DESC, p.value_id) AS r "
            f"FROM archive_search_posting p WHERE p.article_id IN ({sql}) GROUP BY p.kind, p.value_id) x "
            "WHERE r <= CASE WHEN kind = %s THEN %s ELSE %s END",
            [*params, schema.YEAR, YEARS, PER_KIND + 8],
        )
        return cursor.fetchall()


def build(connection, query: Query, sort: str | None, sample, selected_ids: dict[int, set]) -> list[Facet]:
    rows = count_rows(connection, sample)
    links = Links(query, sort)
    wanted = {k: [v for kind, v, _ in rows if kind == k] for k in ORDER}
    names = {
        schema.TAG: {t.pk: t.name for t in Tag.objects.filter(pk__in=wanted[schema.TAG])},
        schema.SOURCE: {s.pk: s for s in Source.objects.filter(pk__in=wanted[schema.SOURCE])},
    }
    entity_ids = wanted[schema.PERSON] + wanted[schema.ORG] + wanted[schema.AUTHOR]
    shown = Entity.objects.filter(pk__in=entity_ids)
    if hasattr(shown, "listed"):  # the entity layer's own judgement: names it is unsure of stay out of lists
        shown = shown.filter(pk__in=shown.listed().values("pk")) | shown.filter(pk__in=wanted[schema.AUTHOR])
    entities = {e.pk: e.name for e in shown.only("name")}
    facets = {k: Facet(schema.KIND_NAMES[k], LABELS[k]) for k in ORDER}
    for kind, value, n in rows:
        if value in selected_ids.get(kind, ()):
            continue  # already a filter: shown with its remove link instead
        if kind == schema.YEAR:
            facets[kind].values.append(FacetValue(str(value), n, links.year(value)))
            continue
        if kind == schema.SOURCE:
            source = names[kind].get(value)
            label, token = (source.name, source.slug) if source else (None, None)
        else:
            label = names.get(kind, entities).get(value)
            token = label
        if label is not None:
            facets[kind].values.append(FacetValue(label, n, links.narrowed(FILTER_NAME[kind], token)))
    for kind, facet in facets.items():
        if kind == schema.YEAR:
            facet.values.sort(key=lambda v: v.label, reverse=True)
        else:
            facet.values.sort(key=lambda v: (-v.count, v.label.casefold()))
            del facet.values[PER_KIND:]
    return [f for f in facets.values() if f.values]


class FacetPanel:
    """The facets beside a result set, and the filters it already has (each
    with the link that drops it)."""

    def __init__(self, connection, query: Query, plan, ranked, sort_param: str | None):
        self.connection = connection
        self.query = query
        self.plan = plan
        self.ranked = ranked  # its first run gives the sample the counts are over
        self.sort_param = sort_param

    @cached_property
    def facets(self) -> list[Facet]:
        if self.plan.impossible:
            return []
        self.ranked.first()
        with self.ranked.backend.reads(self.plan):
            return build(self.connection, self.query, self.sort_param, self.ranked.sample, self.selected_ids())

    @property
    def sampled(self) -> bool:
        return self.ranked.total > FACET_SAMPLE

    def selected_ids(self) -> dict[int, set]:
        out: dict[int, set] = {}
        for req in self.plan.positive:
            out.setdefault(req.kind, set()).update(req.ids)
        if (
            self.query.after
            and self.query.before
            and self.query.after.replace(year=self.query.after.year + 1) == (self.query.before)
            and (self.query.after.month, self.query.after.day) == (1, 1)
        ):
            out[schema.YEAR] = {self.query.after.year}
        return out

    @cached_property
    def active_filters(self) -> list[tuple[str, str, str]]:
        """(filter, value, url without it) for each filter in the query."""
        out = []
        for name, values in self.query.filters.items():
            for value in values:
                q = copy.deepcopy(self.query)
                q.filters[name] = [v for v in values if v != value]
                out.append((name, value, search_url(q, self.sort_param)))
        for name in ("after", "before"):
            day = getattr(self.query, name)
            if day:
                q = copy.deepcopy(self.query)
                setattr(q, name, None)
                out.append((name, day.isoformat(), search_url(q, self.sort_param)))
        return out
