"""How much one search may ask for: the query-cost limits.

The parser already keeps the first ``MAX_TERMS`` words and phrases and
``MAX_FILTER_VALUES`` values of each filter; ``enforce`` adds the limits
that keep the most expensive shapes cheap, each with a message on the page:

- phrases (they need every position of their words): at most MAX_PHRASES,
  each of at most MAX_PHRASE_WORDS words;
- filter values of all kinds together (each is a posting-list lookup and
  an intersection): at most MAX_FILTERS;
- OR alternatives in one group: at most MAX_ALTERNATIVES.

Results are paged only to ``MAX_DEPTH`` (see ``archive.views.search``):
walking past that in date order is what stalled a worker for a minute.
The database budget in ``archive.budget`` stops whatever is still too slow.
"""

from __future__ import annotations

from dataclasses import replace

MAX_PHRASES = 4
MAX_PHRASE_WORDS = 8
MAX_FILTERS = 12
MAX_ALTERNATIVES = 6
MAX_DEPTH = 1_000  # results a reader can page through (50 pages of 20)


def enforce(query) -> None:
    # Terms are shortened with dataclasses.replace, so this module needs nothing from the query module above it.
    phrases = 0

    def within_phrase_cap(term) -> bool:
        nonlocal phrases
        if not term.is_phrase:
            return True
        phrases += 1
        if phrases > MAX_PHRASES:
            query.note(f"Only the first {MAX_PHRASES} phrases were used.")
            return False
        return True

    for group in [*query.groups, query.excluded]:
        for i, term in enumerate(group):
            if len(term.words) > MAX_PHRASE_WORDS:
                group[i] = replace(term, words=term.words[:MAX_PHRASE_WORDS])
                query.note(f"Phrases were cut to their first {MAX_PHRASE_WORDS} words.")
    kept_groups = []
    for group in query.groups:
        if len(group) > MAX_ALTERNATIVES:
            del group[MAX_ALTERNATIVES:]
            query.note(f"Only the first {MAX_ALTERNATIVES} alternatives joined by OR were used.")
        kept = [term for term in group if within_phrase_cap(term)]
        if kept:
            kept_groups.append(kept)
    query.groups[:] = kept_groups
    query.excluded[:] = [term for term in query.excluded if within_phrase_cap(term)]
    seen = 0
    for filters in (query.filters, query.excluded_filters):
        for name in list(filters):
            room = max(0, MAX_FILTERS - seen)
            if len(filters[name]) > room:
                filters[name] = filters[name][:room]
                query.note(f"Only the first {MAX_FILTERS} filter values were used.")
            seen += len(filters[name])
            if not filters[name]:
                del filters[name]
