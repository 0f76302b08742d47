"""The ranked page of a search: runs the backend for the positions asked
for (one run per (offset, limit), kept), with a capped total count, and
turns ids into articles with marked titles and snippets."""

from __future__ import annotations

from functools import cached_property

from .engine import COUNT_CAP
from .text import marked, sentinels

PAGE_GUESS = 20  # the first run fetches this page size; Paginator asks for the count first


class RankedPage:
    def __init__(self, queryset, backend, plan, sort: str):
        self.queryset = queryset
        self.backend = backend
        self.plan = plan
        self.sort = sort
        self.marks = sentinels()
        self._runs: dict[tuple[int, int], tuple] = {}
        self.sample = None  # the ids facets are counted over, from the first run
        self.expected = (0, PAGE_GUESS)  # the positions the first run fetches (``expect``)

    def expect(self, offset: int, limit: int) -> None:
        """Say which positions will be shown, so the first run (which also counts) fetches them: page 5 is then one
        search, not a search for page 1's count and another for page 5."""
        self.expected = (max(0, offset), max(1, limit))

    def run(self, offset: int, limit: int):
        if self.plan.impossible:
            return 0, [], None
        key = (offset, limit)
        if key not in self._runs:
            self._runs[key] = self.backend.execute(self.plan, self.sort, offset, limit)
            self.sample = self._runs[key][2]
        return self._runs[key]

    def first(self):
        """The first run made, or one of the expected positions."""
        return self._runs[next(iter(self._runs))] if self._runs else self.run(*self.expected)

    @cached_property
    def total(self) -> int:
        """Matches, counted up to COUNT_CAP + 1 (see ``capped``)."""
        return self.first()[0]

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    def count(self) -> int:
        return min(self.total, COUNT_CAP)

    def slice(self, start: int, stop: int) -> list:
        if stop <= start:
            return []
        for (offset, limit), (_, ids, _) in self._runs.items():
            if offset <= start and stop <= offset + limit:  # a run already fetched this range
                return self.articles(ids[start - offset : stop - offset])
        _, ids, _ = self.run(start, stop - start)
        return self.articles(ids)

    def articles(self, ids: list[int]) -> list:
        by_id = self.queryset.model.objects.with_listing().in_bulk(ids)
        shown = [i for i in ids if i in by_id]
        snippets = self.backend.snippets(self.plan, shown, self.marks, {pk: by_id[pk].body for pk in shown})
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
