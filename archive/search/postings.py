"""The posting rules: which rows of which tables put an article in a facet.

``archive_search_posting`` holds one row (article, kind, value, published)
per facet value of an article. ``RULES`` is the one definition of where
those rows come from: per posting kind, its source table, the table's
column naming the article and the one holding the value, which of its rows
count, and the kind's letter in the SQLite ``search_facets`` tokens. The
SQLite triggers and PostgreSQL functions (``schema``), the rebuild
(``index``) and the synthetic corpus writer are all generated from it.

Rules on one table form a ``Source``: the article table itself (source,
year), taggit's tagged items, authorships, and mentions -- whose rows are
people or organizations by the kind of the entity they name.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLE_CT = "(SELECT id FROM django_content_type WHERE app_label = 'archive' AND model = 'article')"


@dataclass(frozen=True)
class Rule:
    kind: int  # the small integer stored in archive_search_posting.kind
    name: str  # the facet's key ("tags")
    letter: str  # the kind's letter in a search_facets token ("t12")
    table: str  # the source table
    value: str  # its column holding the value; per vendor: a dict of expressions over {r}, the row
    article: str = "article_id"  # its column naming the article
    where: str = ""  # which of its rows count, over {r}
    entity_kind: str = ""  # mentions: the kind of entity the row names
    # Several source rows can give one posting (an author listed twice, a
    # person mentioned ten times): the posting goes with the last of them.
    shared: bool = False

    def value_of(self, row: str, vendor: str) -> str:
        if isinstance(self.value, dict):
            return self.value[vendor].format(r=row)
        return f"{row}.{self.value}"


# Posting kinds (small integers keep the index compact).
TAG, SOURCE, AUTHOR, PERSON, ORG, YEAR = 1, 2, 3, 4, 5, 6

RULES = [
    Rule(TAG, "tags", "t", "taggit_taggeditem", "tag_id", "object_id", where="{r}.content_type_id = " + ARTICLE_CT),
    Rule(SOURCE, "sources", "s", "archive_article", "source_id", "id"),
    Rule(AUTHOR, "authors", "a", "archive_articleauthor", "entity_id", shared=True),
    Rule(PERSON, "people", "p", "archive_mention", "entity_id", entity_kind="person", shared=True),
    Rule(ORG, "organizations", "o", "archive_mention", "entity_id", entity_kind="organization", shared=True),
    Rule(
        YEAR,
        "years",
        "y",
        "archive_article",
        {
            "sqlite": "CAST(strftime('%Y', {r}.published) AS INTEGER)",
            "postgresql": "extract(year FROM {r}.published AT TIME ZONE 'UTC')::int",
        },
        "id",
        where="{r}.published IS NOT NULL",
    ),
]
BY_KIND = {rule.kind: rule for rule in RULES}
assert sorted(BY_KIND) == list(range(1, len(RULES) + 1)), "kinds index KIND_LETTERS: 1..n"
KIND_LETTERS = "".join(BY_KIND[k].letter for k in sorted(BY_KIND))  # "tsapoy"
KIND_NAMES = {rule.kind: rule.name for rule in RULES}


def token(kind: int, value: int) -> str:
    """The ``search_facets`` token of a posting: kind letter and value, "t12", "y2019"."""
    return f"{KIND_LETTERS[kind - 1]}{value}"


@dataclass(frozen=True)
class Source:
    """The rules on one table."""

    table: str
    rules: tuple[Rule, ...]

    @property
    def short(self) -> str:
        """Its name in trigger names: archive_search_<short>_ai."""
        return {"taggit_taggeditem": "tag", "archive_articleauthor": "author", "archive_mention": "mention"}[self.table]

    @property
    def article(self) -> str:
        return self.rules[0].article

    @property
    def value(self) -> str:
        return self.rules[0].value

    @property
    def shared(self) -> bool:
        return any(r.shared for r in self.rules)

    def kind_test(self) -> str:
        """`` = 1`` or `` IN (4, 5)``: the kinds of its postings."""
        kinds = [r.kind for r in self.rules]
        return f" = {kinds[0]}" if len(kinds) == 1 else f" IN ({', '.join(map(str, kinds))})"

    def where(self, row: str) -> str:
        """The condition on a row (not on its entity), or ""."""
        return " AND ".join(r.where.format(r=row) for r in self.rules[:1] if r.where)

    def kind_of_row(self, row: str) -> str:
        """The posting kind of one row: a constant, or looked up from the entity it names (NULL if none)."""
        if not self.rules[0].entity_kind:
            return str(self.rules[0].kind)
        cases = " ".join(f"WHEN '{r.entity_kind}' THEN {r.kind}" for r in self.rules)
        return f"(CASE (SELECT kind FROM archive_entity WHERE id = {row}.entity_id) {cases} END)"

    def select(self, vendor: str, new: str | None = None, within: str = "") -> str:
        """SELECT (article, kind, value, published) of the postings its rows
        give: of one article ``new`` (a trigger's row), or of all articles
        (or those whose id is ``within``, an SQL test such as "BETWEEN 1 AND 9")."""
        r = "r"
        kind = str(self.rules[0].kind)
        joins, where = "", [self.where(r)] if self.where(r) else []
        if self.rules[0].entity_kind:
            cases = " ".join(f"WHEN '{rule.entity_kind}' THEN {rule.kind}" for rule in self.rules)
            kind = f"CASE e.kind {cases} END"
            joins += f" JOIN archive_entity e ON e.id = {r}.entity_id"
            where.append("e.kind IN (" + ", ".join(f"'{rule.entity_kind}'" for rule in self.rules) + ")")
        if new is not None:
            article, published = f"{new}.id", f"{new}.published"
            where.insert(0, f"{r}.{self.article} = {new}.id")
        else:
            article, published = f"{r}.{self.article}", "a.published"
            joins += f" JOIN archive_article a ON a.id = {r}.{self.article}"
            if within:
                where.append(f"{r}.{self.article} {within}")
        distinct = "DISTINCT " if self.shared else ""
        return (
            f"SELECT {distinct}{article}, {kind}, {self.rules[0].value_of(r, vendor)}, {published} "
            f"FROM {self.table} {r}{joins}" + (" WHERE " + " AND ".join(where) if where else "")
        )


ARTICLE_RULES = [r for r in RULES if r.table == "archive_article"]  # from the article row itself
SOURCES = [
    Source(table, tuple(r for r in RULES if r.table == table))
    for table in dict.fromkeys(r.table for r in RULES if r.table != "archive_article")
]


def article_select(rule: Rule, vendor: str, row: str | None = None, within: str = "") -> str:
    """SELECT (article, kind, value, published) of a rule on the article
    table: for one article ``row`` (a trigger's), or all (or ``within``)."""
    r = row or "a"
    where = [rule.where.format(r=r)] if rule.where else []
    if row is None and within:
        where.append(f"a.id {within}")
    sql = f"SELECT {r}.id, {rule.kind}, {rule.value_of(r, vendor)}, {r}.published"
    if row is None:
        sql += " FROM archive_article a"
    return sql + (" WHERE " + " AND ".join(where) if where else "")


def all_selects(vendor: str, within: str = "") -> list[str]:
    """Every posting of every article (or of those whose id is ``within``)."""
    return [article_select(r, vendor, within=within) for r in ARTICLE_RULES] + [
        s.select(vendor, within=within) for s in SOURCES
    ]


def kinds_in(rules) -> str:
    return ", ".join(str(r.kind) for r in rules)
