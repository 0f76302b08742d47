"""Facet counts for a result set: tags, people, organizations, sources,
authors and years, each value a link that narrows the search.

Counted in one query over the posting table (grouped by kind and value,
top values per kind by a window function) for the matching articles -- all
of them when there are at most FACET_SAMPLE, else that many of them, which
the page says.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date

from django.utils.http import urlencode
from taggit.models import Tag

from archive.models import Entity, Source

from . import schema
from .query import Query, serialize

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


def search_url(query: Query, sort: str | None) -> str:
    params = {"q": serialize(query)}
    if sort:
        params["sort"] = sort
    return "?" + urlencode(params)


def narrowed(query: Query, name: str, value: str) -> Query:
    q = copy.deepcopy(query)
    q.filters.setdefault(name, [])
    if value.casefold() not in (v.casefold() for v in q.filters[name]):
        q.filters[name].append(value)
    return q


def in_year(query: Query, year: int) -> Query:
    q = copy.deepcopy(query)
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    q.after = max(q.after, start) if q.after else start
    q.before = min(q.before, end) if q.before else end
    return q


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
    wanted = {k: [v for kind, v, _ in rows if kind == k] for k in ORDER}
    names = {
        schema.TAG: {t.pk: t.name for t in Tag.objects.filter(pk__in=wanted[schema.TAG])},
        schema.SOURCE: {s.pk: s for s in Source.objects.filter(pk__in=wanted[schema.SOURCE])},
    }
    entity_ids = wanted[schema.PERSON] + wanted[schema.ORG] + wanted[schema.AUTHOR]
    entities = {e.pk: e.name for e in Entity.objects.filter(pk__in=entity_ids).only("name")}
    facets = {k: Facet(LABELS[k].lower(), LABELS[k]) for k in ORDER}
    for kind, value, n in rows:
        if value in selected_ids.get(kind, ()):
            continue  # already a filter: shown with its remove link instead
        if kind == schema.YEAR:
            facets[kind].values.append(FacetValue(str(value), n, search_url(in_year(query, value), sort)))
            continue
        if kind == schema.SOURCE:
            source = names[kind].get(value)
            label, token = (source.name, source.slug) if source else (None, None)
        else:
            label = names.get(kind, entities).get(value)
            token = label
        if label is not None:
            facets[kind].values.append(
                FacetValue(label, n, search_url(narrowed(query, FILTER_NAME[kind], token), sort))
            )
    for kind, facet in facets.items():
        if kind == schema.YEAR:
            facet.values.sort(key=lambda v: v.label, reverse=True)
        else:
            facet.values.sort(key=lambda v: (-v.count, v.label.casefold()))
            del facet.values[PER_KIND:]
    return [f for f in facets.values() if f.values]
