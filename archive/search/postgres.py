"""PostgreSQL backend: a stored tsvector (title weight A, body weight B; see
``schema``) with a GIN index, ranked with ts_rank, excerpts by ts_headline.

Queries are composed from plainto_tsquery/phraseto_tsquery calls with the
user's words as bound parameters (&&, ||, !! between them), so the text is
never parsed as tsquery syntax.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction

from . import engine
from .engine import (
    FACET_SAMPLE,
    BaseBackend,
    Candidates,
    Plan,
    capped_count,
    order_sql,
    requirement_sql,
    restrict,
)
from .query import Query, Term

CONFIG = "english"


def _term(term: Term) -> tuple[str, list]:
    fn = "phraseto_tsquery" if term.is_phrase else "plainto_tsquery"
    return f"{fn}('{CONFIG}', %s)", [term.text]


def _any(terms) -> tuple[str, list]:
    parts = [_term(t) for t in terms]
    return "(" + " || ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


def tsquery(query: Query) -> tuple[str, list]:
    parts = [_any(g) for g in query.groups]
    sql, params = " && ".join(p[0] for p in parts), [x for p in parts for x in p[1]]
    if query.excluded:
        neg, neg_params = _any(query.excluded)
        sql, params = f"({sql}) && !!{neg}", params + neg_params
    return f"({sql})", params


def _names(phrases, names=()) -> tuple[str, list]:
    """The names as words, and as written: PostgreSQL's parser reads "U.N." as one token."""
    words, params = _any(Term(p) for p in phrases)
    written = [n for n in names if n]
    if not written:
        return words, params
    extra = " || ".join(f"phraseto_tsquery('{CONFIG}', %s)" for _ in written)
    return f"({words} || {extra})", [*params, *written]


class Backend(BaseBackend):
    FIND = "strpos"

    @contextmanager
    def reads(self):
        # PostgreSQL prices a match on a tsvector as one cheap operator, so for a
        # common word, or a LIMIT it expects to reach early, it plans a sequential
        # scan that unpacks (de-TOASTs) every article's vector: 140 ms to count
        # "said" at 100,000 articles where the GIN index takes 20 ms, and a name
        # probe read the whole table. Every statement of a search has an index
        # path, so within the search's own transaction (SET LOCAL ends with it)
        # the planner is told to take one.
        # Inside a caller's transaction SET LOCAL would last until that one
        # ends, so the setting is put back once the search is done.
        outer = self.connection.in_atomic_block
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            yield
            if outer:
                with self.connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")

    def names_probe(self, id_expr: str, req) -> tuple[str, list]:
        q, params = _names(req.phrases, req.names)
        return f"EXISTS (SELECT 1 FROM archive_article x WHERE x.id = {id_expr} AND x.search_vector @@ {q})", params

    def occurs(self, phrases, names=()) -> bool:
        q, params = _names(phrases, names)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM archive_article WHERE search_vector @@ {q} LIMIT 1", params)
            return cursor.fetchone() is not None

    def add_excluded_text(self, plan: Plan, src: Candidates) -> None:
        if plan.query.excluded:
            neg, params = _any(plan.query.excluded)
            src.where.append(
                f"NOT EXISTS (SELECT 1 FROM archive_article x WHERE x.id = {src.id_expr} AND x.search_vector @@ {neg})"
            )
            src.params += params

    def search(self, cursor, plan: Plan, sort: str, offset: int, limit: int):
        q, q_params = tsquery(plan.query)
        src = Candidates("archive_article a", "a.id", "a.published", [f"a.search_vector @@ {q}"], list(q_params))
        for req in plan.requirements:
            sql, params = requirement_sql(req, "a.id", self.names_probe, self.FIND)
            src.where.append(sql)
            src.params += params
        restrict(plan, src, self.ops)
        count = capped_count(cursor, src)
        if sort == "relevance":
            # ts_rank's default weights count an A (title) match 2.5 times a B
            # (body) one. Past RECENT matches, as on SQLite, only the RECENT
            # most recently added are ranked: bounded work.
            bounded = count > engine.RECENT
            if bounded and count <= engine.COUNT_CAP:
                # At most COUNT_CAP matches, so few of all the articles: fetch
                # their ids by the index (the OFFSET 0 keeps the planner from
                # walking the whole primary key backwards to find the newest
                # ones), keep the most recent, and rank only those.
                ids, params = src.select("a.id")
                newest = f"SELECT m.id FROM ({ids} OFFSET 0) m ORDER BY m.id DESC LIMIT %s"
                inner = (
                    f"SELECT r.id, ts_rank(r.search_vector, {q}) AS score "
                    f"FROM archive_article r WHERE r.id IN ({newest})"
                )
                params = [*params, max(engine.RECENT, offset + limit)]
            else:
                # Matches are dense (past COUNT_CAP): walking the newest articles
                # meets RECENT of them soon.
                inner, params = src.select(
                    f"a.id, ts_rank(a.search_vector, {q}) AS score",
                    "a.id DESC" if bounded else "",
                    max(engine.RECENT, offset + limit) if bounded else None,
                )
            cursor.execute(
                f"SELECT id FROM ({inner}) s ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
                [*q_params, *params, limit, offset],
            )
        elif count <= engine.COUNT_CAP:
            # Few matches: fetch them by the index, then order them (walking the
            # date index instead tests the words on every article it passes).
            ids, params = src.select("a.id, a.published")
            cursor.execute(
                f"SELECT id FROM ({ids} OFFSET 0) m ORDER BY {order_sql(sort, 'm.published', 'm.id')} "
                "LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
        else:
            cursor.execute(*src.select("a.id", order_sql(sort, "a.published", "a.id"), limit, offset))
        return count, [r[0] for r in cursor.fetchall()], src.select("a.id", limit=FACET_SAMPLE)

    def snippets(self, plan: Plan, ids: list[int], marks: tuple[str, str]) -> dict[int, tuple[str, str]]:
        if not ids or not plan.query.has_text:
            return {}
        q, q_params = tsquery(plan.query)
        holes = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT id, ts_headline('{CONFIG}', title, {q}, %s), "
            f"ts_headline('{CONFIG}', left(body, 20000), {q}, %s) FROM archive_article WHERE id IN ({holes})"
        )
        sel = f'StartSel="{marks[0]}", StopSel="{marks[1]}"'
        title_opts = sel + ", HighlightAll=true"
        body_opts = sel + ', MaxWords=30, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*q_params, title_opts, *q_params, body_opts, *ids])
            return {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
