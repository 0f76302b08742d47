"""Phrases of common words, bounded.

PostgreSQL's text index knows which articles hold a phrase's words but not
where, so every article holding them all has its vector unpacked to test the
phrase: "may own one" (159 matches) unpacked the 32,000 articles holding
"may" and "one", 150,000 buffers and up to a second per search at 100,000
articles, and more with every article added. So a phrase is looked for only in
the ``SCAN`` most recently archived articles that match the search with each
phrase loosened to its words (``loosened``) -- with the search's filters
(excluded ones too) and dates, without its excluded words. Each backend finds
those first, by its index alone, and searches within them; SQLite (whose index
knows positions) does the same, so both answer alike. The page says when the bound cut the search.

A phrase that is one of several alternatives (``"a b" OR c``) is not bounded:
it cannot be loosened into whole words to find.
"""

from __future__ import annotations

from dataclasses import replace

from .query import STOPWORDS, Query, Term

SCAN = 5_000  # articles holding all of a phrase's words that are searched for it


def loosened(query: Query) -> Query | None:
    """The query with each phrase as its searched words (common words are not
    searched for), in any order and place, and no exclusions; None when it
    has no phrase to bound."""
    if not any(t.is_phrase for t in query.terms):
        return None
    groups: list[list[Term]] = []
    for group in query.groups:
        if len(group) == 1 and group[0].is_phrase:
            groups += [[Term((w,))] for w in dict.fromkeys(group[0].words) if w not in STOPWORDS]
        elif any(t.is_phrase for t in group):
            return None
        else:
            groups.append(list(group))
    return replace(query, groups=groups, excluded=[], messages=[])


def note(query: Query) -> None:
    query.note(
        f"A phrase is looked for in the {SCAN:,} most recently archived articles holding all its words; "
        "add a word, a filter or a date to reach the others."
    )
