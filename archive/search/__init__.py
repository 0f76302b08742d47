"""Full-text search behind ``Article.objects.search()``.

query.py    the search language -> a small tree
engine.py   filters, drivers, capped counts (shared by both backends)
sqlite.py   FTS5 backend;  postgres.py  tsvector backend
facets.py   facet counts and narrowing links (FacetPanel: a result set's facets and filters)
ranked.py   the ranked page: runs, capped count, snippets
cards.py    entity cards and "did you mean" suggestions
results.py  the result set the view pages through, made of those three
postings.py the posting rules: which rows put an article in which facet
schema.py / index.py   the index tables and triggers; rebuilding them (generated from the rules)
"""


def search_articles(qs, query: str, sort: str | None = None):
    from .results import SearchResults

    return SearchResults(qs, query, sort)
