"""SQLite backend: an FTS5 external-content table (rowid = article id),
ranked with bm25 weighting title matches ten times body matches.

The user's words reach FTS5 only as double-quoted strings of letters and
digits, so no FTS5 syntax (NEAR, *, ^, column filters) can be injected.
"""

from __future__ import annotations

from .engine import (
    ESTIMATE_CAP,
    FACET_SAMPLE,
    BaseBackend,
    Plan,
    Source_,
    capped_count,
    driven,
    order_sql,
    requirement_sql,
    restrict,
    smallest,
)
from .query import Query, Term

FTS = "archive_article_fts"
SCORE = f"bm25({FTS}, 10.0, 1.0)"


def _term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"'


def _any(terms) -> str:
    return "(" + " OR ".join(_term(t) for t in terms) + ")"


def match_expression(query: Query) -> str:
    expr = " AND ".join(_any(g) for g in query.groups)
    if query.excluded:
        expr = f"({expr}) NOT {_any(query.excluded)}"
    return expr


def _probe(id_expr: str, negated: bool = False) -> str:
    sql = f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s AND rowid = {id_expr})"
    return f"NOT {sql}" if negated else sql


class Backend(BaseBackend):
    def add_excluded_text(self, plan: Plan, src: Source_) -> None:
        if plan.query.excluded:
            src.where.append(_probe(src.id_expr, negated=True))
            src.params.append(_any(plan.query.excluded))

    def _text_source(self, plan: Plan, match: str) -> Source_:
        """Candidates straight from the text index."""
        src = Source_(f"{FTS} f", "f.rowid", None, [f"{FTS} MATCH %s"], [match])
        for req in plan.requirements:
            sql, params = requirement_sql(req, "f.rowid")
            src.where.append(sql)
            src.params += params
        if plan.after or plan.before:
            dated = Source_("", "a.id", "a.published", [], [])
            restrict(plan, dated, self.ops)
            src.where.append(
                f"EXISTS (SELECT 1 FROM archive_article a WHERE a.id = f.rowid AND {' AND '.join(dated.where)})"
            )
            src.params += dated.params
        elif plan.within:
            restrict(plan, src, self.ops)
        return src

    def search(self, cursor, plan: Plan, sort: str, offset: int, limit: int):
        match = match_expression(plan.query)
        estimate = (
            f"(SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s) t)",
            [match, ESTIMATE_CAP + 1],
        )
        driver, driver_estimate, text_estimate = smallest(cursor, plan, estimate)
        if driver is not None and driver_estimate < text_estimate:
            # A filter is the smaller side: walk its postings, probing the text index per row.
            src = driven(plan, driver, self.ops)
            src.where.append(_probe(src.id_expr))
            src.params.append(match)
            count = capped_count(cursor, src)
            if sort == "relevance":
                inner, params = src.select(
                    f"{src.id_expr} AS id, (SELECT {SCORE} FROM {FTS} WHERE {FTS} MATCH %s AND rowid = {src.id_expr})"
                    " AS score"
                )
                sql = f"SELECT id FROM ({inner}) s ORDER BY score, id LIMIT %s OFFSET %s"
                cursor.execute(sql, [match, *params, limit, offset])
            else:
                cursor.execute(*src.select(src.id_expr, order_sql(sort, src.published, src.id_expr), limit, offset))
            sample = src.select(src.id_expr, limit=FACET_SAMPLE)
        else:
            src = self._text_source(plan, match)
            count = capped_count(cursor, src)
            if sort == "relevance":
                # FTS5 sorts by its configured rank (bm25 10:1) itself.
                cursor.execute(*src.select("f.rowid", "rank", limit, offset))
            elif text_estimate <= ESTIMATE_CAP:
                # Few matches: collect them, then sort by date.
                inner, params = src.select("f.rowid")
                order = order_sql(sort, "a.published", "a.id")
                cursor.execute(
                    f"SELECT a.id FROM archive_article a WHERE a.id IN ({inner}) ORDER BY {order} LIMIT %s OFFSET %s",
                    [*params, limit, offset],
                )
            else:
                # Many matches: walk the date index and probe the text index until the page is full.
                walk = driven(plan, None, self.ops)
                walk.where.append(_probe(walk.id_expr))
                walk.params.append(match)
                cursor.execute(*walk.select(walk.id_expr, order_sql(sort, walk.published, walk.id_expr), limit, offset))
            sample = src.select("f.rowid", limit=FACET_SAMPLE)
        return count, [r[0] for r in cursor.fetchall()], sample

    def snippets(self, plan: Plan, ids: list[int], marks: tuple[str, str]) -> dict[int, tuple[str, str]]:
        if not ids or not plan.query.has_text:
            return {}
        holes = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({FTS}, 0, %s, %s), snippet({FTS}, 1, %s, %s, '…', 30) "
            f"FROM {FTS} WHERE {FTS} MATCH %s AND rowid IN ({holes})"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*marks, *marks, match_expression(plan.query), *ids])
            return {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
