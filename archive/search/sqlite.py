"""SQLite backend: an FTS5 external-content table (rowid = article id),
ranked with bm25 weighting title matches ten times body matches.

The user's words reach FTS5 only as double-quoted strings of letters and
digits, so no FTS5 syntax (NEAR, *, ^, column filters) can be injected.
"""

from __future__ import annotations

from .engine import (
    ESTIMATE_CAP,
    FACET_SAMPLE,
    RECENT,
    BaseBackend,
    Candidates,
    Plan,
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


def _matches(id_expr: str, negated: bool = False) -> str:
    """Membership in the text matches. SQLite materialises the subquery once
    (about 0.1 µs a match); a per-row FTS5 lookup instead reloads the term's
    whole doclist each time, which costs a millisecond for a common word."""
    return f"{id_expr} {'NOT IN' if negated else 'IN'} (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"


# Relevance for very common words (see engine.RECENT). A title-only pass
# would not bound the work: FTS5 has one doclist per term for all columns.


class Backend(BaseBackend):
    def add_excluded_text(self, plan: Plan, src: Candidates) -> None:
        if plan.query.excluded:
            src.where.append(_matches(src.id_expr, negated=True))
            src.params.append(_any(plan.query.excluded))

    def _text_source(self, plan: Plan, match: str, driver) -> Candidates:
        """Candidates straight from the text index; the smallest filter as a
        materialised list ("+" keeps SQLite from turning it into per-row
        FTS5 lookups), the others probed on the posting table."""
        src = Candidates(f"{FTS} f", "f.rowid", None, [f"{FTS} MATCH %s"], [match])
        for req in plan.requirements:
            if req is driver:
                src.where.append(
                    f"+f.rowid IN (SELECT article_id FROM archive_search_posting WHERE kind = %s "
                    f"AND value_id IN ({', '.join(['%s'] * len(req.ids))}))"
                )
                src.params += [req.kind, *req.ids]
                continue
            sql, params = requirement_sql(req, "f.rowid")
            src.where.append(sql)
            src.params += params
        if plan.after or plan.before:
            dated = Candidates("", "a.id", "a.published", [], [])
            restrict(plan, dated, self.ops)
            src.where.append(
                f"EXISTS (SELECT 1 FROM archive_article a WHERE a.id = f.rowid AND {' AND '.join(dated.where)})"
            )
            src.params += dated.params
        elif plan.within:
            restrict(plan, src, self.ops)
        return src

    def _ranked(self, cursor, src: Candidates, bounded: bool, offset: int, limit: int):
        """Rank candidates by bm25 (title ten times body): all matches, or the
        RECENT newest ones when ``bounded``."""
        depth = max(RECENT, offset + limit) if bounded else ESTIMATE_CAP + 1
        recent, params = src.select("f.rowid AS id, rank AS score", "f.rowid DESC", depth)
        cursor.execute(
            f"SELECT id FROM ({recent}) c ORDER BY score, id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )

    def search(self, cursor, plan: Plan, sort: str, offset: int, limit: int):
        match = match_expression(plan.query)
        estimate = (
            f"(SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s) t)",
            [match, ESTIMATE_CAP + 1],
        )
        driver, driver_estimate, text_estimate = smallest(cursor, plan, estimate)
        text_small = text_estimate <= ESTIMATE_CAP
        src = self._text_source(plan, match, driver)
        if driver is not None and driver_estimate < text_estimate:
            # The filter is the smaller side: count and sample from its postings.
            side = driven(plan, driver, self.ops)
            side.where.append(_matches(side.id_expr))
            side.params.append(match)
        else:
            side = src
        count = capped_count(cursor, side)
        if sort == "relevance":
            self._ranked(cursor, src, not text_small, offset, limit)
        elif text_small:
            # Few matches: collect them, then sort by date.
            inner, params = src.select("f.rowid")
            order = order_sql(sort, "a.published", "a.id")
            cursor.execute(
                f"SELECT a.id FROM archive_article a WHERE a.id IN ({inner}) ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
        else:
            # Many matches: walk the date order (of the smallest filter, or of
            # all articles), checking each row against the materialised matches.
            walk = driven(plan, driver, self.ops)
            walk.where.append(_matches(walk.id_expr))
            walk.params.append(match)
            cursor.execute(*walk.select(walk.id_expr, order_sql(sort, walk.published, walk.id_expr), limit, offset))
        ids = [r[0] for r in cursor.fetchall()]
        return count, ids, side.select(side.id_expr, limit=FACET_SAMPLE)

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
