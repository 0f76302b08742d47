"""SQLite backend: an FTS5 external-content table (rowid = article id) over
the title, the body and the article's filter values (``search_facets``),
ranked with bm25 weighting title matches ten times body matches.

A query with filters is one FTS5 expression: the words restricted to the
title and body columns, each filter a token in search_facets, dates as year
tokens. FTS5 intersects the lists by skipping through them, so "a common
word in one tag" costs about what the tag's list costs, at any archive size.

The user's words reach FTS5 only as double-quoted strings of letters and
digits, so no FTS5 syntax (NEAR, *, ^, column filters) can be injected.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from . import engine, excluding, phrases, schema
from .engine import (
    COUNT_CAP,
    ESTIMATE_CAP,
    FACET_SAMPLE,
    BaseBackend,
    Candidates,
    Plan,
    capped_count,
    driven,
    exclusion_sql,
    order_sql,
    smallest,
)
from .query import Query, Term
from .window import SCAN, WINDOW, first_match_pattern, window

FTS = "archive_article_fts"
TEXT = "{title body}"  # words never match the filter tokens
FACETS = "search_facets"
# bm25 by name rather than the configured ``rank`` column: after some
# sequences of writes SQLite 3.40 answers "SQL logic error" to rank with a
# descending rowid scan (seen in the browser tests); the function does not.
SCORE = f"bm25({FTS}, 10.0, 1.0, 0.0)"
SNIPPETS = "archive_snippet_window"  # per connection, in the temp schema
SNIPPET_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{SNIPPETS} USING fts5(title, body, "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
MAX_YEAR_TOKENS = 60  # a wider date range is checked row by row instead
DEEP_OFFSET = 200  # from this offset on, a countable set of matches is collected rather than walked


def _term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"'


def _any(terms) -> str:
    return "(" + " OR ".join(_term(t) for t in terms) + ")"


def _tokens(tokens) -> str:
    return f"{FACETS} : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def _words(query: Query) -> str:
    return f"{TEXT} : (" + " AND ".join(_any(g) for g in query.groups) + ")"


def text_expression(query: Query) -> str:
    """The words alone (for snippets and highlighting)."""
    expr = _words(query)
    if query.excluded:
        expr = f"({expr}) NOT {TEXT} : {_any(query.excluded)}"
    return expr


def _names(phrases) -> str:
    return f"{TEXT} : " + _any(Term(p) for p in phrases)


def _requirement(req) -> str:
    """A filter's tokens, or for a person or organization also its names in the text."""
    parts = [_tokens(schema.token(req.kind, i) for i in req.ids)] if req.ids else []
    parts += [_names(req.phrases)] if req.phrases else []
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def match_expression(plan: Plan, years: list[int] | None = None) -> str:
    """Words, filters and whole years as one FTS5 expression."""
    query = plan.query
    positive = [_words(query)] if query.groups else []
    positive += [_requirement(r) for r in plan.positive]
    if years:
        positive.append(_tokens(schema.token(schema.YEAR, y) for y in years))
    negative = [f"{TEXT} : {_any(query.excluded)}"] if query.excluded else []
    negative += [_tokens(schema.token(r.kind, i) for i in r.ids) for r in plan.requirements if r.negated]
    if not positive:
        return ""
    expr = " AND ".join(positive)
    return f"({expr}) NOT ({' OR '.join(negative)})" if negative else expr


def _matches(id_expr: str, negated: bool = False) -> str:
    """Membership in the text matches, as one materialised list (for browsing
    with only excluded words)."""
    return f"{id_expr} {'NOT IN' if negated else 'IN'} (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"


def _probe(id_expr: str) -> str:
    """One article against the text index: a rowid lookup in each list."""
    return f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s AND rowid = {id_expr})"


class Backend(BaseBackend):
    def names_probe(self, id_expr: str, req) -> tuple[str, list]:
        return _probe(id_expr), [_names(req.phrases)]

    def occurs(self, phrases, names=()) -> bool:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT 1", [_names(phrases)])
            return cursor.fetchone() is not None

    def holding(self, cursor, terms, ids: list[int]) -> set[int]:
        """Which of the ``ids`` hold one of the ``terms``: the matches between
        the smallest and the largest id, one pass of FTS5's lists."""
        if not ids:
            return set()
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND rowid BETWEEN %s AND %s",
            [f"{TEXT} : {_any(terms)}", min(ids), max(ids)],
        )
        return {r[0] for r in cursor.fetchall()}.intersection(ids)

    def id_list(self, ids: list[int]) -> tuple[str, list]:
        return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]

    def add_excluded_text(self, plan: Plan, src: Candidates) -> None:
        if plan.query.excluded:
            src.where.append(_matches(src.id_expr, negated=True))
            src.params.append(f"{TEXT} : {_any(plan.query.excluded)}")

    def _years(self, cursor, plan: Plan) -> tuple[list[int] | None, bool]:
        """(year tokens covering the date range, whether they are exact: the
        range runs from 1 January to 1 January). Open ends stop at the
        archive's first or last year."""
        if not (plan.after or plan.before):
            return None, True
        cursor.execute(
            "SELECT (SELECT min(value_id) FROM archive_search_posting WHERE kind = %s), "
            "(SELECT max(value_id) FROM archive_search_posting WHERE kind = %s)",
            [schema.YEAR, schema.YEAR],
        )
        first, last = cursor.fetchone()
        if first is None:
            return [], True  # no dated articles: nothing matches
        start = max(first, plan.after.year) if plan.after else first
        end = min(last, (plan.before - timedelta(microseconds=1)).year) if plan.before else last
        exact = all(d is None or (d.month, d.day, d.time()) == (1, 1, d.min.time()) for d in (plan.after, plan.before))
        if end - start >= MAX_YEAR_TOKENS:
            return None, False
        return list(range(start, end + 1)), exact

    def _source(self, cursor, plan: Plan) -> tuple[Candidates, str]:
        years, exact = self._years(cursor, plan)
        match = match_expression(plan, years)
        src = Candidates(f"{FTS} f", "f.rowid", None, [f"{FTS} MATCH %s"], [match])
        if years == []:
            src.where.append("0")
        for req in plan.positive:
            if req.phrases and (req.others or req.cased):
                sql, params = exclusion_sql(req, "f.rowid")
                src.where.append(sql)
                src.params += params
        if not exact:
            # Part of a year: the year postings carry each article's date.
            dated = ["p.article_id = f.rowid", "p.kind = %s"]
            src.params.append(schema.YEAR)
            for bound, op in ((plan.after, ">="), (plan.before, "<")):
                if bound:
                    dated.append(f"p.published {op} %s")
                    src.params.append(self.ops.adapt_datetimefield_value(bound))
            src.where.append(f"EXISTS (SELECT 1 FROM archive_search_posting p WHERE {' AND '.join(dated)})")
        if plan.within:
            src.where.append(f"f.rowid IN ({plan.within[0]})")
            src.params += list(plan.within[1])
        return src, match

    def _ranked(self, cursor, src: Candidates, offset: int, limit: int):
        """Relevance: the RECENT most recently added matches with their bm25
        scores (title ten times body), in one pass of the text index -- all
        the matches when there are no more; they are also the facet sample.
        Only a larger set is counted apart (a capped count, no scores)."""
        depth = max(engine.RECENT, offset + limit)
        sql, params = src.select(f"f.rowid, {SCORE}", "f.rowid DESC", depth + 1)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        count = len(rows) if len(rows) <= depth else capped_count(cursor, src)
        rows = sorted(rows[:depth], key=lambda r: (r[1], -r[0]))
        sample = [r[0] for r in rows[:FACET_SAMPLE]]
        return count, [r[0] for r in rows[offset : offset + limit]], self.id_list(sample)

    def execute(self, plan: Plan, sort: str, offset: int, limit: int):
        if excluding.applies(plan):
            return excluding.execute(self, plan, sort, offset, limit)
        if plan.query.has_text or not (plan.positive or plan.after or plan.before):
            return super().execute(plan, sort, offset, limit)
        # Filters without words: FTS5 intersects their tokens for the count and
        # the facet sample; the page itself walks the date order.
        with self.connection.cursor() as cursor:
            return self.search(cursor, plan, sort, offset, limit)

    def search(self, cursor, plan: Plan, sort: str, offset: int, limit: int):
        src, match = self._source(cursor, plan)
        if not match:  # only a date range too wide for year tokens
            return super().execute(plan, sort, offset, limit)
        lowest = self._phrase_bound(cursor, plan)
        if lowest is not None:
            src.where.append("f.rowid >= %s")
            src.params.append(lowest)
        if sort == "relevance" and plan.query.has_text:
            return self._ranked(cursor, src, offset, limit)
        count = capped_count(cursor, src)
        # Walking the date order finds a shallow page fast, but a deep page of a
        # sparse match probes many articles per hit (a minute for "the said" at
        # page 500): when the matches are few enough to collect, collect them.
        many = count > ESTIMATE_CAP and (count > COUNT_CAP or offset < DEEP_OFFSET)
        if not many:
            # Few matches: collect them, then sort by date.
            inner, params = src.select("f.rowid")
            order = order_sql(sort, "a.published", "a.id")
            cursor.execute(
                f"SELECT a.id FROM archive_article a WHERE a.id IN ({inner}) ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
        else:
            # Many matches: walk the date order (of the smallest filter, or of
            # all articles) and look each article up in the text index.
            driver, _, _ = smallest(cursor, plan)
            walk = driven(plan, driver, self.ops, self.names_probe)
            if lowest is not None:
                walk.where.append(f"{walk.id_expr} >= %s")
                walk.params.append(lowest)
            if plan.query.has_text:
                # The walk applies the filters and dates itself: the probe checks the words only.
                walk.where.append(_probe(walk.id_expr))
                walk.params.append(text_expression(plan.query))
            else:
                self.add_excluded_text(plan, walk)
            cursor.execute(*walk.select(walk.id_expr, order_sql(sort, walk.published, walk.id_expr), limit, offset))
        ids = [r[0] for r in cursor.fetchall()]
        return count, ids, src.select(src.id_expr, "f.rowid DESC", limit=FACET_SAMPLE)

    def _phrase_bound(self, cursor, plan: Plan) -> int | None:
        """The lowest id a phrase is looked for at: that of the ``phrases.SCAN``-th
        newest article matching with the phrases loosened to their words (see
        ``phrases``); None when fewer match, or there is no phrase to bound."""
        loose = phrases.loosened(plan.query)
        if loose is None:
            return None
        candidates, match = self._source(cursor, replace(plan, query=loose))
        if not match:
            return None
        cursor.execute(*candidates.select("f.rowid", "f.rowid DESC", 2, phrases.SCAN - 1))
        rows = cursor.fetchall()
        if len(rows) < 2:
            return None
        phrases.note(plan.query)
        return rows[0][0]

    def snippets(self, plan: Plan, ids: list[int], marks: tuple[str, str], bodies=None) -> dict[int, tuple[str, str]]:
        """Marked titles and excerpts. snippet() costs the square of a
        document's matches, so it runs on a body only up to WINDOW
        characters; a longer body gets its excerpt from a bounded window
        (``_windowed``)."""
        if not ids or not plan.query.has_text:
            return {}
        holes = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({FTS}, 0, %s, %s), "
            f"CASE WHEN length(body) <= %s THEN snippet({FTS}, 1, %s, %s, '…', 30) END "
            f"FROM {FTS} WHERE {FTS} MATCH %s AND rowid IN ({holes})"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*marks, WINDOW, *marks, text_expression(plan.query), *ids])
            out = {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
            long = [pk for pk, (_, excerpt) in out.items() if excerpt is None]
            if long:
                for pk, excerpt in self._windowed(cursor, plan, long, marks, bodies).items():
                    out[pk] = (out[pk][0], excerpt)
        return out

    def _windowed(self, cursor, plan: Plan, ids: list[int], marks: tuple[str, str], bodies=None) -> dict[int, str]:
        """Excerpts of long bodies: a window of each (see ``window``), indexed
        in a temporary FTS5 table with the same tokenizer, and snippet() there."""
        holes = ", ".join(["%s"] * len(ids))
        pattern = first_match_pattern(w for t in plan.query.terms for w in t.words)
        if bodies is None:
            cursor.execute(f"SELECT id, substr(body, 1, %s) FROM archive_article WHERE id IN ({holes})", [SCAN, *ids])
            texts = cursor.fetchall()
        else:
            texts = [(pk, bodies[pk][:SCAN]) for pk in ids]
        rows, cut = [], {}
        for pk, body in texts:
            part = window(body, pattern)
            cut[pk] = (not body.startswith(part), not body.endswith(part))
            rows.append((pk, part))
        cursor.execute(SNIPPET_TABLE)
        try:
            cursor.executemany(f"INSERT INTO {SNIPPETS}(rowid, body) VALUES (%s, %s)", rows)
            cursor.execute(
                f"SELECT rowid, snippet({SNIPPETS}, 1, %s, %s, '…', 30) FROM {SNIPPETS} WHERE {SNIPPETS} MATCH %s",
                [*marks, text_expression(plan.query)],
            )
            found = cursor.fetchall()
        finally:
            cursor.execute(f"DELETE FROM {SNIPPETS}")
        out = {pk: "" for pk in ids}  # no match in the window: no excerpt rather than a slow one
        for pk, excerpt in found:
            before, after = cut[pk]
            if before and not excerpt.startswith("…"):
                excerpt = "…" + excerpt
            if after and not excerpt.endswith("…"):
                excerpt += "…"
            out[pk] = excerpt
        return out
