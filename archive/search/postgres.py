"""PostgreSQL backend: a stored tsvector (title weight A, body weight B; see
``schema``) with a GIN index, ranked with ts_rank, excerpts by ts_headline.

Queries are composed from plainto_tsquery/phraseto_tsquery calls with the
user's words as bound parameters (&&, ||, !! between them), so the text is
never parsed as tsquery syntax.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from django.db import transaction

from . import engine, excluding, phrases
from .engine import (
    FACET_SAMPLE,
    BaseBackend,
    Candidates,
    Plan,
    driven,
    order_sql,
    requirement_sql,
    restrict,
    smallest,
)
from .query import Query, Term
from .window import first_match_pattern, window

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


@contextmanager
def bitmaps_only(connection, cursor):
    """No plain index scans for one statement. For ``id`` in a range and a
    text match the planner prefers walking the primary key and testing each
    article's vector -- unpacking it, some 4.5 pages an article: 89,000
    pages for 2,000 matches in a range of 20,000 articles at 100,000, where
    the bitmap of the text index ANDed with the range's reads 1,400.
    SET LOCAL outside a transaction block does nothing (PostgreSQL only
    warns), so the block is its own transaction unless it is already inside
    one -- a search's (``Backend.reads``) or a caller's; either way the
    setting is put back after the statement, and a failed statement rolls
    it back with the rest."""
    with transaction.atomic(using=connection.alias, savepoint=False):
        cursor.execute("SET LOCAL enable_indexscan = off")
        yield
        cursor.execute("SET LOCAL enable_indexscan TO DEFAULT")


# Windows of the newest-matches walk (``Backend._newest``). Each window's
# statement reads the words' whole posting list from the GIN index (it cannot
# be read for a range of ids), so a walk of k windows reads it k times. The
# first window is sized for 1.5 times the matches expected in it and each
# next is 4 times wider, so evenly spread matches are found in one or two;
# three cover 21 times the first width (42,000 ids for a common word, 2,000
# first). What is still short after three -- a common word under a sparse
# filter, or matches bunched among old articles -- the fourth window takes
# from all the ids left, in one statement: four reads of the posting list at
# most, whatever the archive's size, and the same ids as a walk to the end.
MAX_WINDOWS = 4


class Backend(BaseBackend):
    FIND = "strpos"

    @contextmanager
    def reads(self, plan=None):
        if plan is not None and not plan.has_text and not plan.query.excluded:
            # Filters alone (tags, sources, authors, dates) test no article's vector,
            # and their statements find their indexes unaided (none of the bench's
            # two-tag queries plans a sequential scan without the setting): no
            # transaction and no setting, three round trips fewer.
            yield
            return
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

    def execute(self, plan: Plan, sort: str, offset: int, limit: int):
        if excluding.applies(plan):
            return excluding.execute(self, plan, sort, offset, limit)
        return super().execute(plan, sort, offset, limit)

    def walk_order(self, plan: Plan, src: Candidates) -> str:
        """The newest-first index's own order, for articles browsed by filters
        that test text (a person's or organization's names; see ``reads``: no
        sequential scans). Without an order the capped count of ``person:x
        before:d`` walked the index on ``published`` alone, reading each
        article's row to get its id (87,000 buffers for 10 matches at 100,000
        articles), where the page's statement walks the newest-first index,
        which holds the ids (540). Other filters plan well unaided (a
        ``-tag:x`` count by the index walk took 36,000 buffers, unaided 82)."""
        if src.table == "archive_article a" and plan.has_text:
            return "a.published DESC NULLS LAST, a.captured DESC, a.id DESC"
        return ""

    def holding(self, cursor, terms, ids: list[int]) -> set[int]:
        """Which of the ``ids`` hold one of the ``terms``: the bitmap of the text
        index ANDed with the primary key's for the ids, so only the articles in
        both are read -- not every article holding a common word, nor (testing
        each id) every candidate's vector."""
        if not ids:
            return set()
        q, params = _any(terms)
        with bitmaps_only(self.connection, cursor):
            sql = f"SELECT id FROM archive_article WHERE id = ANY(%s) AND search_vector @@ {q}"
            cursor.execute(sql, [ids, *params])
            return {r[0] for r in cursor.fetchall()}

    def id_list(self, ids: list[int]) -> tuple[str, list]:
        return "SELECT unnest(%s::bigint[])", [list(ids)]

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
        src = self._text_source(cursor, plan, q, q_params)
        self._bound_phrases(cursor, plan, src)
        if sort == "relevance":
            # One statement finds the matches (up to COUNT_CAP + 1) for the count
            # and, when they are few enough to rank them all, their ids too: a
            # phrase's matches are found by unpacking every vector holding its
            # words (150,000 buffers for "may own one" at 100,000 articles), so
            # they are not looked for again to rank them. The ids' range, for the
            # newest-matches walk, comes with it: two index endpoints.
            depth = max(engine.RECENT, offset + limit)
            sql, params = src.select(f"{src.id_expr} AS id", limit=engine.COUNT_CAP + 1)
            cursor.execute(
                f"WITH m AS MATERIALIZED ({sql}) SELECT (SELECT count(*) FROM m), "
                "(SELECT array_agg(id) FROM (SELECT id FROM m LIMIT %s) f), "
                "(SELECT min(id) FROM archive_article), (SELECT max(id) FROM archive_article)",
                [*params, depth + 1],
            )
            count, found, first, last = cursor.fetchone()
            few = list(found or []) if count <= depth else None
            return self._ranked(cursor, src, q, q_params, count, few, (first, last), offset, limit)
        # Few matches (up to COUNT_CAP): the statement that counts them also
        # orders them and returns the page, rather than matching them again
        # (walking the date index instead tests the words on every article it
        # passes). More: the page walks the date order. The facet sample comes
        # with it (matched again, a phrase of common words costs as much as the
        # count): the newest FACET_SAMPLE matches, as on SQLite, or, of more than
        # COUNT_CAP, FACET_SAMPLE of the first found.
        sql, params = src.select(f"{src.id_expr} AS id, {src.published} AS published", limit=engine.COUNT_CAP + 1)
        order = order_sql(sort, "p.published", "p.id")
        cursor.execute(
            f"WITH m AS MATERIALIZED ({sql}), n AS (SELECT count(*) AS n FROM m) SELECT (SELECT n FROM n), "
            f"CASE WHEN (SELECT n FROM n) <= %s THEN (SELECT array_agg(p.id ORDER BY {order}) "
            f"FROM (SELECT id, published FROM m p ORDER BY {order} LIMIT %s OFFSET %s) p) END, "
            "(SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY CASE WHEN (SELECT n FROM n) <= %s THEN id END "
            "DESC NULLS LAST LIMIT %s) s)",
            [*params, engine.COUNT_CAP, limit, offset, engine.COUNT_CAP, FACET_SAMPLE],
        )
        count, page, sample = cursor.fetchone()
        if count > engine.COUNT_CAP:
            cursor.execute(*src.select(src.id_expr, order_sql(sort, src.published, src.id_expr), limit, offset))
            page = [r[0] for r in cursor.fetchall()]
        return count, list(page or []), self.id_list(list(sample or []))

    def _bound_phrases(self, cursor, plan: Plan, src: Candidates) -> None:
        """Phrases only within the ``phrases.SCAN`` newest articles that match
        with the phrases loosened to their words (see ``phrases``): those ids,
        found by the text index's bitmap alone (no vector is unpacked), join
        the conditions as a list the primary key's index ANDs with the words'
        bitmap, so only they are tested for the phrases."""
        loose = phrases.loosened(plan.query)
        if loose is None:
            return
        lq, lq_params = tsquery(loose)
        with bitmaps_only(self.connection, cursor):
            candidates = self._text_source(cursor, replace(plan, query=loose), lq, lq_params)
            cursor.execute(*candidates.select(candidates.id_expr, f"{candidates.id_expr} DESC", phrases.SCAN + 1))
            ids = [r[0] for r in cursor.fetchall()]
        if len(ids) > phrases.SCAN:
            src.where.append(f"{src.id_expr} = ANY(%s)")
            src.params.append(ids[: phrases.SCAN])
            phrases.note(plan.query)

    def _text_source(self, cursor, plan: Plan, q: str, q_params: list) -> Candidates:
        """Where the matches come from: the text index, with the filters probed
        per match -- or, when a filter has fewer articles than the words have
        matches (both counted up to ESTIMATE_CAP), that filter's postings,
        with the words probed per posting. ``war tag:x`` then costs what the
        tag costs, not a probe of every article holding "war"."""
        text = f"a.search_vector @@ {q}"
        driver = None
        if any(r.drivable for r in plan.positive):
            estimate = (
                f"(SELECT count(*) FROM (SELECT 1 FROM archive_article a WHERE {text} LIMIT %s) t)",
                [*q_params, engine.ESTIMATE_CAP + 1],
            )
            driver, size, text_size = smallest(cursor, plan, estimate)
            if driver is not None and size >= text_size:
                driver = None
        if driver is not None:
            src = driven(plan, driver, self.ops, self.names_probe, self.FIND)
            src.where.append(f"EXISTS (SELECT 1 FROM archive_article a WHERE a.id = {src.id_expr} AND {text})")
            src.params += q_params
            return src
        src = Candidates("archive_article a", "a.id", "a.published", [text], list(q_params))
        for req in plan.requirements:
            sql, params = requirement_sql(req, "a.id", self.names_probe, self.FIND)
            src.where.append(sql)
            src.params += params
            if req.phrases and not req.negated:
                # The same articles, as a condition the indexes answer: its postings'
                # articles or its names' matches. The text index's bitmap ANDed with
                # that OR leaves only the matches the full test above must look at,
                # not every match of the words.
                # ARRAY(subquery), not IN (subquery): an IN under an OR stays a
                # filter tested on every match of the words, while the array is an
                # InitPlan, computed once in the same statement, that the primary
                # key's index scans as a bitmap (no round trip, no ids in Python).
                # The words again inside the postings' arm: the planner cannot know
                # the array's length (it guesses 10), so that arm alone looked
                # cheaper than the words' bitmap and every mentioning article's
                # vector was unpacked to test the words; with them in the arm it
                # ANDs the words' bitmap in (person queries of another seed than
                # the bench's: 253,000 -> 82,000 buffers).
                names, names_params = _names(req.phrases, req.names)
                src.where.append(
                    "((a.id = ANY(ARRAY(SELECT p.article_id FROM archive_search_posting p "
                    f"WHERE p.kind = %s AND p.value_id = ANY(%s))) AND a.search_vector @@ {q}) "
                    f"OR a.search_vector @@ ({names} && {q}))"
                )
                src.params += [req.kind, list(req.ids), *q_params, *names_params, *q_params]
        restrict(plan, src, self.ops)
        return src

    def _ranked(self, cursor, src: Candidates, q, q_params, count: int, few, ids_range, offset: int, limit: int):
        """Relevance, as on SQLite: ts_rank (its default weights count an A --
        title -- match 2.5 times a B -- body -- one) over all the matches when
        there are at most RECENT (``few``: their ids, already found), else over
        the RECENT most recently added; those ids are also the facet sample.
        The ids are found first and only they are ranked: ts_rank unpacks each
        article's vector."""
        depth = max(engine.RECENT, offset + limit)
        ranked = []
        if few is not None:
            ids = few
        elif src.id_expr != "a.id":
            # A filter's postings drive (at most ESTIMATE_CAP of them): the newest
            # ``depth`` are chosen by the database, only they come back.
            cursor.execute(*src.select(src.id_expr, f"{src.id_expr} DESC", depth))
            ids = [r[0] for r in cursor.fetchall()]
        else:
            ids = self._newest(cursor, src, depth, count, ids_range)
        if ids:
            cursor.execute(
                f"SELECT id, ts_rank(search_vector, {q}) FROM archive_article WHERE id = ANY(%s)",
                [*q_params, ids],
            )
            ranked = sorted(cursor.fetchall(), key=lambda r: (-r[1], -r[0]))
        page = [r[0] for r in ranked[offset : offset + limit]]
        return count, page, self.id_list([r[0] for r in ranked[:FACET_SAMPLE]])

    def _newest(self, cursor, src: Candidates, depth: int, count: int, ids_range) -> list[int]:
        """The ids of the ``depth`` newest matches, by ranges of ids walked back
        from the newest. Each range is a bitmap of the text index ANDed with one
        of the primary key, so only the matches inside it are read from the
        table -- not every match of a common word, nor (walking the primary key)
        every article's vector. The first range is sized from the density of
        matches (``count`` of all the articles), each next one four times wider,
        and the MAX_WINDOWS-th takes all the ids left."""
        first, last = ids_range  # of all the articles
        span = last - first + 1
        width = max(2 * depth, (span * depth * 3) // (2 * count)) if count <= engine.COUNT_CAP else 2 * depth
        ids: list[int] = []
        top = last + 1
        # One setting for the whole walk: its statements follow one another.
        with bitmaps_only(self.connection, cursor):
            for n in range(1, MAX_WINDOWS + 1):
                if top <= first or len(ids) >= depth:
                    break
                bottom = first if n == MAX_WINDOWS else max(first, top - width)
                window = Candidates(
                    src.table,
                    src.id_expr,
                    src.published,
                    [*src.where, f"{src.id_expr} >= %s", f"{src.id_expr} < %s"],
                    [*src.params, bottom, top],
                    src.group,
                )
                sql, params = window.select(f"{src.id_expr} AS id")
                cursor.execute(
                    f"SELECT id FROM ({sql} OFFSET 0) m ORDER BY id DESC LIMIT %s", [*params, depth - len(ids)]
                )
                ids += [r[0] for r in cursor.fetchall()]
                top, width = bottom, width * 4
        return ids

    def snippets(self, plan: Plan, ids: list[int], marks: tuple[str, str], bodies=None) -> dict[int, tuple[str, str]]:
        """Marked titles, and excerpts by ts_headline. Its cost grows with the
        text it is given (1.1 ms for an article of 3,200 characters, 0.6 for
        2,000 of them), so with the ``bodies`` at hand (the listing has them)
        it gets a window of each, as on SQLite (see ``window``)."""
        if not ids or not plan.query.has_text:
            return {}
        q, q_params = tsquery(plan.query)
        sel = f'StartSel="{marks[0]}", StopSel="{marks[1]}"'
        title_opts = sel + ", HighlightAll=true"
        body_opts = sel + ', MaxWords=30, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
        head = f"SELECT a.id, ts_headline('{CONFIG}', a.title, {q}, %s), ts_headline('{CONFIG}', "
        params = [*q_params, title_opts]
        if bodies is None:
            holes = ", ".join(["%s"] * len(ids))
            sql = f"{head}left(a.body, 20000), {q}, %s) FROM archive_article a WHERE a.id IN ({holes})"
            params += [*q_params, body_opts, *ids]
        else:
            pattern = first_match_pattern(w for t in plan.query.terms for w in t.words)
            sql = (
                f"{head}v.body, {q}, %s) FROM unnest(%s::bigint[], %s::text[]) AS v(id, body) "
                "JOIN archive_article a ON a.id = v.id"
            )
            params += [*q_params, body_opts, list(ids), [window(bodies[pk] or "", pattern) for pk in ids]]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {r[0]: (r[1], r[2]) for r in cursor.fetchall()}
