"""What ``Article.objects.search()`` returns: a lazily evaluated result set
that Django's Paginator pages through, with capped total count, marked
snippets, facets, messages and the entities the query names."""

from __future__ import annotations

import copy
from functools import cached_property

from django.db import connections
from django.db.models import Q

from archive.keys.names import normalize_name
from archive.models import Entity, EntityAlias

from . import entities as entity_search
from . import facets as facet_module
from . import schema
from .engine import COUNT_CAP, FACET_SAMPLE, resolve
from .query import parse, quote_value, serialize
from .text import marked, sentinels

SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}
PAGE_GUESS = 20  # the first run fetches this page size; Paginator asks for the count first


def backend_for(connection):
    if connection.vendor == "postgresql":
        from .postgres import Backend
    elif connection.vendor == "sqlite":
        from .sqlite import Backend
    else:
        raise NotImplementedError(f"no search backend for {connection.vendor}")
    return Backend(connection)


class SearchResults:
    def __init__(self, queryset, raw: str, sort: str | None = None):
        self.queryset = queryset
        self.raw = raw or ""
        self.query = parse(self.raw)
        self.connection = connections[queryset.db]
        self.backend = backend_for(self.connection)
        self.plan = resolve(self.query, self.backend.occurs)
        if queryset.query.has_filters():
            self.plan.within = queryset.values("pk").query.sql_with_params()
        default = "relevance" if self.query.has_text else "newest"
        if sort == "relevance" and not self.query.has_text:
            sort = "newest"
        self.sort = sort if sort in SORTS else default
        self.default_sort = default
        self._runs: dict[tuple[int, int], tuple] = {}
        self.marks = sentinels()
        self._sample = None

    @property
    def messages(self) -> list[str]:
        return self.query.messages

    def _run(self, offset: int, limit: int):
        if self.plan.impossible:
            return 0, [], None
        key = (offset, limit)
        if key not in self._runs:
            self._runs[key] = self.backend.execute(self.plan, self.sort, offset, limit)
            self._sample = self._runs[key][2]
        return self._runs[key]

    def _first(self):
        return self._runs[next(iter(self._runs))] if self._runs else self._run(0, PAGE_GUESS)

    @cached_property
    def total(self) -> int:
        """Matches, counted up to COUNT_CAP + 1 (see ``capped``)."""
        return self._first()[0]

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    def count(self) -> int:
        return min(self.total, COUNT_CAP)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            return self[item : item + 1][0]
        if not isinstance(item, slice):
            raise TypeError("search results are indexed by position")  # templates try [name] first
        start = item.start or 0
        stop = item.stop if item.stop is not None else start + PAGE_GUESS
        if stop <= start:
            return []
        for (offset, limit), (_, ids, _) in self._runs.items():
            if offset <= start and stop <= offset + limit:  # a run already fetched this range
                return self.articles(ids[start - offset : stop - offset])
        _, ids, _ = self._run(start, stop - start)
        return self.articles(ids)

    def articles(self, ids: list[int]) -> list:
        by_id = self.queryset.model.objects.with_listing().in_bulk(ids)
        snippets = self.backend.snippets(self.plan, [i for i in ids if i in by_id], self.marks)
        out = []
        for pk in ids:
            article = by_id.get(pk)
            if article is None:
                continue
            title, excerpt = snippets.get(pk, (None, None))
            article.marked_title = marked(title, self.marks) if title is not None else None
            article.snippet = marked(excerpt, self.marks) if excerpt else None
            out.append(article)
        return out

    @cached_property
    def facets(self) -> list:
        if self.plan.impossible:
            return []
        self._first()
        return facet_module.build(self.connection, self.query, self._sort_param, self._sample, self._selected_ids())

    @property
    def facets_sampled(self) -> bool:
        return self.total > FACET_SAMPLE

    @property
    def _sort_param(self) -> str | None:
        return None if self.sort == self.default_sort else self.sort

    def _selected_ids(self) -> dict[int, set]:
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
                out.append((name, value, facet_module.search_url(q, self._sort_param)))
        for name in ("after", "before"):
            day = getattr(self.query, name)
            if day:
                q = copy.deepcopy(self.query)
                setattr(q, name, None)
                out.append((name, day.isoformat(), facet_module.search_url(q, self._sort_param)))
        return out

    @cached_property
    def entities(self) -> list:
        """Entities the query names (by name or alias), for cards above the
        results: those its person:/org: filters stand for, and those named by
        the whole of its words or by one of its phrases -- never by a single
        word of a longer name ("Islamic State" is not "Islamic" and "State")."""
        found = [obj for name in ("person", "org") for _, obj in self.plan.selected.get(name, []) if obj]
        keys = self._name_keys()
        if keys:
            aliased = EntityAlias.objects.filter(key__in=keys).values("entity_id")
            named = (
                Entity.objects.canonical()
                .filter(Q(key__in=keys) | Q(pk__in=aliased))  # two index lookups, not a join
                .exclude(kind=Entity.Kind.PLACE)
                .order_by("name")[:3]
            )
            found += [e for e in named if e.pk not in {f.pk for f in found}]
        if not found and self.query.has_text and not self.total:
            found = self._similar()
        return found[:3]

    def _name_keys(self) -> list[str]:
        """The whole query's words, and each phrase, normalised."""
        words = [w for t in self.query.terms for w in t.words]
        keys = {normalize_name(t.text) for t in self.query.terms if t.is_phrase}
        keys.add(normalize_name(" ".join(words)))
        keys.discard("")
        return sorted(keys)

    def _similar(self) -> list:
        words = " ".join(w for t in self.query.terms for w in t.words)
        return entity_search.similar(words, [Entity.Kind.PERSON, Entity.Kind.ORGANIZATION], limit=3)

    @cached_property
    def suggestions(self) -> list[tuple[str, str]]:
        """ "Did you mean": (name, search URL) for names close to what was
        typed, when a person:/org: value named no one, or the words match nothing."""
        out = []
        for field_name, typed, name in self.plan.suggestions:
            q = copy.deepcopy(self.query)
            q.filters[field_name] = [name if v == typed else v for v in q.filters[field_name]]
            out.append((name, facet_module.search_url(q, self._sort_param)))
        if not out and self.query.has_text and not self.total and not self.query.filters:
            for entity in self._similar():
                out.append((entity.name, facet_module.search_url(quote_value(entity.name), self._sort_param)))
        return out

    @cached_property
    def sort_links(self) -> list[tuple[str, str, bool]]:
        options = SORTS if self.query.has_text else {k: v for k, v in SORTS.items() if k != "relevance"}
        q = self.canonical
        return [
            (label, facet_module.search_url(q, None if key == self.default_sort else key), key == self.sort)
            for key, label in options.items()
        ]

    @cached_property
    def canonical(self) -> str:
        return serialize(self.query)
