"""What ``Article.objects.search()`` returns: a lazily evaluated result set
that Django's Paginator pages through, with capped total count, marked
snippets, facets, messages and the entities the query names.

It parses the query and plans it, and hands each concern to its own object:
the ranked page (``ranked.RankedPage``: runs, counts, snippets), the facets
and active filters (``facets.FacetPanel``), the entity cards and
suggestions (``cards.EntityCards``). Templates and views read the
attributes below, which are theirs."""

from __future__ import annotations

from functools import cached_property

from django.db import connections

from .cards import EntityCards
from .engine import resolve
from .facets import FacetPanel, search_url
from .query import parse, serialize
from .ranked import PAGE_GUESS, RankedPage

SORTS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


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
        self.ranked = RankedPage(queryset, self.backend, self.plan, self.sort)
        self.panel = FacetPanel(self.connection, self.query, self.plan, self.ranked, self._sort_param)
        self.cards = EntityCards(self.query, self.plan, self.ranked, self._sort_param)
        self.marks = self.ranked.marks

    @property
    def messages(self) -> list[str]:
        return self.query.messages

    @property
    def _sort_param(self) -> str | None:
        return None if self.sort == self.default_sort else self.sort

    # The ranked page.
    @property
    def total(self) -> int:
        """Matches, counted up to COUNT_CAP + 1 (see ``capped``)."""
        return self.ranked.total

    @property
    def capped(self) -> bool:
        return self.ranked.capped

    def count(self) -> int:
        return self.ranked.count()

    def expect_page(self, number: int, per_page: int) -> None:
        """The page of results that will be shown (see ``RankedPage.expect``)."""
        self.ranked.expect((max(1, number) - 1) * per_page, per_page)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            return self[item : item + 1][0]
        if not isinstance(item, slice):
            raise TypeError("search results are indexed by position")  # templates try [name] first
        start = item.start or 0
        stop = item.stop if item.stop is not None else start + PAGE_GUESS
        return self.ranked.slice(start, stop)

    def articles(self, ids: list[int]) -> list:
        return self.ranked.articles(ids)

    # Facets and the filters in force.
    @property
    def facets(self) -> list:
        return self.panel.facets

    @property
    def facets_sampled(self) -> bool:
        return self.panel.sampled

    @property
    def active_filters(self) -> list[tuple[str, str, str]]:
        """(filter, value, url without it) for each filter in the query."""
        return self.panel.active_filters

    # Entities the query names.
    @property
    def entities(self) -> list:
        return self.cards.entities

    @property
    def suggestions(self) -> list[tuple[str, str]]:
        """ "Did you mean": (name, search URL)."""
        return self.cards.suggestions

    # Links to the same search.
    @cached_property
    def sort_links(self) -> list[tuple[str, str, bool]]:
        options = SORTS if self.query.has_text else {k: v for k, v in SORTS.items() if k != "relevance"}
        q = self.canonical
        return [
            (label, search_url(q, None if key == self.default_sort else key), key == self.sort)
            for key, label in options.items()
        ]

    @cached_property
    def canonical(self) -> str:
        return serialize(self.query)
