"""What both backends share: resolving filter values to ids, the posting-table
SQL for filters, browsing without words, and capped counting.

A query becomes a ``Plan``: text (compiled by the backend) and requirements
on the posting table (kind, ids). Candidate rows come from one "driver" --
the text index, one requirement's postings (walked in date order), or the
article table -- and everything else is checked per row by index probes, so
the work is proportional to the smaller side, never to the archive.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag

from archive.models import Source

from . import entities as entity_search
from . import schema
from .query import Query

COUNT_CAP = 10_000  # counts stop here ("more than 10,000"): exact counts of huge sets cost a scan
FACET_SAMPLE = 1_000  # facet counts over at most this many matches (exact below)
ESTIMATE_CAP = 2_000  # enough to choose a driver
# Relevance past RECENT matches: ranking every match of a very common
# word grows with the archive (seconds at a million articles), so only the
# RECENT most recently added matches are ranked -- bounded work at any size.
RECENT = 1_000  # the backends read it as engine.RECENT: one name to change (or patch)


@dataclass
class Requirement:
    """Articles with postings of ``kind`` for ``ids``; for a person or
    organization also articles whose text holds one of the ``phrases``
    (word tuples), unless the article mentions another entity whose longer
    name holds one of the ``others`` keys other than at its ``head`` -- see
    ``archive.search.entities``."""

    kind: int
    ids: list[int]
    negated: bool = False
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # name keys: not where they are part of a longer name
    head: str = "end"  # "end" or "start": where the longer name may still be the same entity's
    cased: list[str] = field(default_factory=list)  # a text match needs one of these, as written
    names: list[str] = field(default_factory=list)  # the phrases as written ("U.N.": one token on PostgreSQL)

    @property
    def drivable(self) -> bool:
        """Whether its postings alone are its articles (so they can be walked)."""
        return bool(self.ids) and not self.phrases


@dataclass
class Plan:
    query: Query
    requirements: list[Requirement] = field(default_factory=list)
    after: datetime | None = None
    before: datetime | None = None
    impossible: bool = False  # a filter named nothing known: no results, without asking the database
    selected: dict[str, list] = field(default_factory=dict)  # resolved filter values, for the page
    within: tuple[str, list] | None = None  # a filtered base queryset: ids must be in it
    matches: list = field(default_factory=list)  # an EntityMatch per person:/org: value
    suggestions: list[tuple[str, str, str]] = field(default_factory=list)  # (field, typed, a close name)

    @property
    def positive(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.negated]

    @property
    def has_text(self) -> bool:
        """Words, or a filter that also matches text: the text index takes part."""
        return self.query.has_text or any(r.phrases for r in self.positive)


KIND_OF_FILTER = {
    "tag": schema.TAG,
    "source": schema.SOURCE,
    "author": schema.AUTHOR,
    "person": schema.PERSON,
    "org": schema.ORG,
}
LABELS = {"tag": "tag", "source": "source", "author": "author", "person": "person", "org": "organization"}


def _resolve_value(name: str, value: str) -> tuple[list[int], object | None]:
    """Ids a filter value stands for, and the object to show for it."""
    if name == "tag":
        found = list(Tag.objects.filter(Q(name__iexact=value) | Q(slug=slugify(value))))
    elif name == "source":
        found = list(Source.objects.filter(Q(slug=value.lower()) | Q(name__iexact=value) | Q(domain=value.lower())))
    else:
        found = entity_search.finals(entity_search.named(value).select_related("merged_into"))
    return sorted({o.pk for o in found}), (found[0] if found else None)


def _names(entities) -> str:
    shown = [e.name for e in entities[:3]]
    return ", ".join(shown) + (f" and {len(entities) - 3} more" if len(entities) > 3 else "")


def _entity_requirement(plan: Plan, name: str, value: str, negated: bool, occurs) -> Requirement | None:
    """A person:/org: value as a requirement, with what the page says about
    how it was read (``occurs(phrases, names)``: whether any is in the text)."""
    query, noun = plan.query, entity_search.KIND_NOUN[name]
    match = entity_search.resolve(name, value, text_fallback=not negated)
    kind = KIND_OF_FILTER[name]
    if negated:
        return Requirement(kind, match.ids, True) if match.ids else None
    if not match.entities and not (match.phrases and occurs(match.phrases, match.names)):
        entity_search.typo_match(match)
        if match.entities:
            query.note(f"No {noun} named “{value}”; showing {match.entities[0].name}, the closest name.")
        else:
            query.note(f"No {noun} named “{value}”, and no article contains those words.")
            plan.impossible = True
            return None
    elif match.how == "surname":
        query.note(f"“{value}” was read as the surname of {_names(match.entities)}.")
    elif match.how == "acronym":
        query.note(f"“{value}” was read as {_names(match.entities)}.")
    elif not match.entities:
        query.note(f"No {noun} named “{value}” is in the archive; showing articles containing “{value}”.")
        suggestions = entity_search.similar(value, entity_search.ENTITY_KINDS[name], limit=3)
        plan.suggestions += [(name, value, e.name) for e in suggestions]
    plan.matches.append(match)
    plan.selected.setdefault(name, []).append((value, match.entities[0] if match.entities else None))
    return Requirement(kind, match.ids, False, match.phrases, match.keys, match.head, match.cased, match.names)


def resolve(query: Query, occurs=lambda phrases, names=(): True) -> Plan:
    plan = Plan(query=query)
    for negated, filters in ((False, query.filters), (True, query.excluded_filters)):
        for name, values in filters.items():
            for value in values:
                if name in entity_search.ENTITY_KINDS:
                    req = _entity_requirement(plan, name, value, negated, occurs)
                    if req is not None:
                        plan.requirements.append(req)
                    continue
                ids, shown = _resolve_value(name, value)
                if not ids:
                    if not negated:
                        plan.impossible = True
                        query.note(f"No {LABELS[name]} “{value}” is in the archive.")
                    continue
                plan.requirements.append(Requirement(KIND_OF_FILTER[name], ids, negated))
                if not negated:
                    plan.selected.setdefault(name, []).append((value, shown))
    if query.after:
        plan.after = datetime.combine(query.after, time.min, tzinfo=UTC)
    if query.before:
        plan.before = datetime.combine(query.before, time.min, tzinfo=UTC)
    if plan.after and plan.before and plan.after >= plan.before:
        plan.impossible = True
        query.note("“after:” is not before “before:”, so nothing can match.")
    return plan


def _in(ids) -> str:
    return ", ".join(["%s"] * len(ids))


def posting_sql(req: Requirement, id_expr: str) -> tuple[str, list]:
    if not req.ids:
        return "0 = 1", []
    sql = (
        f"EXISTS (SELECT 1 FROM archive_search_posting p WHERE p.article_id = {id_expr} "
        f"AND p.kind = %s AND p.value_id IN ({_in(req.ids)}))"
    )
    return sql, [req.kind, *req.ids]


def excluded_sql(req: Requirement, id_expr: str, find: str = "instr") -> tuple[str, list]:
    """For a match of the names in the text: one of them is written as a
    name (capitalised: "Law", not "law"), and the article is not one where a
    searched name is another entity's (longer) name. ``find`` is the
    database's case-sensitive substring position function."""
    where, params = [], []
    if req.cased:
        found = " OR ".join(f"{find}(c.title, %s) > 0 OR {find}(c.body, %s) > 0" for _ in req.cased)
        # A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS into a
        # hashed set of every article holding the name, built by reading every
        # article's text; this looks at the one candidate article only.
        where.append(f"(SELECT ({found}) FROM archive_article c WHERE c.id = {id_expr})")
        params += [x for name in req.cased for x in (name, name)]
    if req.others:
        # The article's own mentions (a few rows by index), each entity's
        # key padded with spaces so words match whole.
        padded = "(' ' || e.key || ' ')"
        longer = f"({padded} LIKE %s ESCAPE '\\' AND e.key <> %s AND {padded} NOT LIKE %s ESCAPE '\\')"
        mine = f" AND m.entity_id NOT IN ({_in(req.ids)})" if req.ids else ""
        where.append(
            "NOT EXISTS (SELECT 1 FROM archive_mention m JOIN archive_entity e ON e.id = m.entity_id "
            f"WHERE m.article_id = {id_expr}{mine} AND ({' OR '.join([longer] * len(req.others))}))"
        )
        params += req.ids
        for key in req.others:
            k = entity_search.like_escape(key)
            params += [f"% {k} %", key, f"% {k} " if req.head == "end" else f" {k} %"]
    return (" AND ".join(where) or "1 = 1"), params


def requirement_sql(req: Requirement, id_expr: str, text=None, find: str = "instr") -> tuple[str, list]:
    """One article against a requirement, by index probes. ``text(id_expr,
    req)`` is the backend's probe of the text index for a person or
    organization's names."""
    sql, params = posting_sql(req, id_expr)
    if req.negated:
        return f"NOT {sql}", params
    if req.phrases and text is not None:
        text_sql, text_params = text(id_expr, req)
        excl, excl_params = excluded_sql(req, id_expr, find)
        return f"({sql} OR ({text_sql} AND {excl}))", [*params, *text_params, *excl_params]
    return sql, params


def exclusion_sql(req: Requirement, id_expr: str, find: str = "instr") -> tuple[str, list]:
    """For a source that already matched the postings or the names: drop
    text-only matches where the name belongs to another entity."""
    posting, params = posting_sql(req, id_expr)
    excl, excl_params = excluded_sql(req, id_expr, find)
    return f"({posting} OR {excl})", [*params, *excl_params]


def date_sql(plan: Plan, published_expr: str, ops) -> tuple[list[str], list]:
    where, params = [], []
    if plan.after:
        where.append(f"{published_expr} >= %s")
        params.append(ops.adapt_datetimefield_value(plan.after))
    if plan.before:
        where.append(f"{published_expr} < %s")
        params.append(ops.adapt_datetimefield_value(plan.before))
    return where, params


@dataclass
class Candidates:
    """A FROM clause with its conditions: where candidate ids come from."""

    table: str
    id_expr: str
    published: str | None
    where: list[str]
    params: list
    group: bool = False  # a multi-valued driver can list an article twice

    def select(self, columns: str, order: str = "", limit: int | None = None, offset: int = 0) -> tuple[str, list]:
        sql = f"SELECT {columns} FROM {self.table}"
        if self.where:
            sql += " WHERE " + " AND ".join(self.where)
        if self.group:
            sql += f" GROUP BY {self.id_expr}" + (f", {self.published}" if self.published else "")
        if order:
            sql += f" ORDER BY {order}"
        params = list(self.params)
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return sql, params


def driven(plan: Plan, driver: Requirement | None, ops, text=None, find: str = "instr") -> Candidates:
    """Candidates from one requirement's postings (walked in date order) or
    from the article table, with the other requirements and dates probed."""
    if driver is not None:
        src = Candidates(
            "archive_search_posting d",
            "d.article_id",
            "d.published",
            [f"d.kind = %s AND d.value_id IN ({_in(driver.ids)})"],
            [driver.kind, *driver.ids],
            group=len(driver.ids) > 1,
        )
    else:
        src = Candidates("archive_article a", "a.id", "a.published", [], [])
    for req in plan.requirements:
        if req is not driver:
            sql, params = requirement_sql(req, src.id_expr, text, find)
            src.where.append(sql)
            src.params += params
    restrict(plan, src, ops)
    return src


def restrict(plan: Plan, src: Candidates, ops, published: str | None = None) -> None:
    """Dates and the base queryset, on any source."""
    where, params = date_sql(plan, published or src.published, ops)
    src.where += where
    src.params += params
    if plan.within:
        src.where.append(f"{src.id_expr} IN ({plan.within[0]})")
        src.params += list(plan.within[1])


def order_sql(sort: str, published: str, id_expr: str) -> str:
    if sort == "oldest":
        return f"{published} ASC NULLS LAST, {id_expr} ASC"
    return f"{published} DESC NULLS LAST, {id_expr} DESC"


def estimate_sql(req: Requirement) -> tuple[str, list]:
    return (
        f"(SELECT count(*) FROM (SELECT 1 FROM archive_search_posting WHERE kind = %s AND value_id IN ({_in(req.ids)}) "
        "LIMIT %s) e)",
        [req.kind, *req.ids, ESTIMATE_CAP + 1],
    )


def smallest(cursor, plan: Plan, text: tuple[str, list] | None = None):
    """(requirement with the fewest postings, its estimate, the text's estimate),
    from capped counts in one query."""
    drivers = [r for r in plan.positive if r.drivable]
    parts = [estimate_sql(r) for r in drivers] + ([text] if text else [])
    if not parts:
        return None, None, None
    cursor.execute("SELECT " + ", ".join(p[0] for p in parts), [x for p in parts for x in p[1]])
    row = list(cursor.fetchone())
    text_estimate = row.pop() if text else None
    if not row:
        return None, None, text_estimate
    best = min(range(len(row)), key=lambda i: row[i])
    return drivers[best], row[best], text_estimate


def capped_count(cursor, src: Candidates, order: str = "") -> int:
    sql, params = src.select(f"{src.id_expr}", order, limit=COUNT_CAP + 1)
    cursor.execute(f"SELECT count(*) FROM ({sql}) c", params)
    return cursor.fetchone()[0]


class BaseBackend:
    """Browsing (no words) is the same SQL everywhere; backends add text."""

    FIND = "instr"  # case-sensitive position of a substring

    def __init__(self, connection):
        self.connection = connection
        self.ops = connection.ops

    def browse_source(self, cursor, plan: Plan) -> Candidates:
        driver, _, _ = smallest(cursor, plan)
        src = driven(plan, driver, self.ops, self.names_probe, self.FIND)
        self.add_excluded_text(plan, src)
        return src

    def add_excluded_text(self, plan: Plan, src: Candidates) -> None:
        raise NotImplementedError

    def names_probe(self, id_expr: str, req: Requirement) -> tuple[str, list]:
        """SQL true when article ``id_expr``'s title or body holds one of the requirement's names."""
        raise NotImplementedError

    def occurs(self, phrases, names=()) -> bool:
        """Whether any article's title or body holds one of the phrases."""
        raise NotImplementedError

    def reads(self, plan=None):
        """The context a search's statements run in (the page's and the facets'), for ``plan`` if given."""
        return contextlib.nullcontext()

    def execute(self, plan: Plan, sort: str, offset: int, limit: int):
        """(count, [ids of the page], facet-sample (sql, params))."""
        with self.reads(plan), self.connection.cursor() as cursor:
            if plan.query.has_text:
                return self.search(cursor, plan, sort, offset, limit)
            src = self.browse_source(cursor, plan)
            walk = self.walk_order(plan, src)
            count = capped_count(cursor, src, walk)
            sql, params = src.select(src.id_expr, order_sql(sort, src.published, src.id_expr), limit, offset)
            cursor.execute(sql, params)
            ids = [r[0] for r in cursor.fetchall()]
            return count, ids, src.select(src.id_expr, walk, limit=FACET_SAMPLE)

    def walk_order(self, plan: Plan, src: Candidates) -> str:
        """An order for the statements that take any matches (the capped count,
        the facet sample) that has the planner walk the index it walks for a
        page; none by default."""
        return ""

    def search(self, cursor, plan: Plan, sort: str, offset: int, limit: int):
        raise NotImplementedError

    def snippets(self, plan: Plan, ids: list[int], marks: tuple[str, str], bodies=None) -> dict[int, tuple[str, str]]:
        """{id: (title, body excerpt)} with matches between the ``marks`` strings;
        ``bodies`` ({id: body}), when the caller has them, spare reading them again."""
        raise NotImplementedError
