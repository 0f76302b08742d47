"""The search index's tables and triggers, per database.

Everything here is idempotent (IF NOT EXISTS / OR REPLACE), so the migration
installs it and ``rebuild_search_index`` can re-install it: SQLite drops a
table's triggers when Django remakes the table for a schema change, and a
rebuild puts them back.

Two structures, both kept current by triggers so every writer (importer,
analysis, admin, bulk inserts, raw SQL) updates them without remembering to:

* the text index: an FTS5 external-content table on SQLite (rowid = article
  id, porter stemming), a weighted ``search_vector`` tsvector column with a
  GIN index on PostgreSQL (title weight A, body weight B);
* ``archive_search_posting``: one compact row per (article, facet value) --
  tag, source, author, person, organization, year -- carrying the article's
  publication date. Filters walk it in date order and facet counts group it,
  without touching the wide article rows or taggit's generic tables.

Which rows give which postings is not spelled out here: the statements that
write postings are generated from ``postings.RULES``.
"""

from __future__ import annotations

from contextlib import contextmanager

from . import postings
from .postings import AUTHOR, KIND_LETTERS, KIND_NAMES, ORG, PERSON, SOURCE, TAG, YEAR, token  # noqa: F401

# PostgreSQL's tsvector is limited to 1 MB; a pathological page must not make
# its import fail, so only this much of the body is indexed there.
PG_BODY_CHARS = 300_000

_POSTING = "archive_search_posting"
_INTO = f"{_POSTING} (article_id, kind, value_id, published)"
_ARTICLE_KINDS = postings.kinds_in(postings.ARTICLE_RULES)  # "2, 6"

# The ``search_facets`` of an article: its postings' tokens in (kind, value) order.
_TOKEN = f"substr('{KIND_LETTERS}', {{p}}.kind, 1) || {{p}}.value_id"
_FACETS_OF = (
    "(SELECT coalesce(group_concat(tok, ' '), '') FROM (SELECT " + _TOKEN.format(p="x") + " AS tok "
    "FROM archive_search_posting x WHERE x.article_id = {a} ORDER BY x.kind, x.value_id))"
)


def _insert(vendor: str, select: str) -> str:
    if vendor == "sqlite":
        return f"INSERT OR IGNORE INTO {_INTO} {select}"
    return f"INSERT INTO {_INTO} {select} ON CONFLICT DO NOTHING"


def _article_postings(vendor: str, row: str) -> str:
    """Statements writing the postings an article row gives by itself (source, year)."""
    return "\n        ".join(
        _insert(vendor, postings.article_select(r, vendor, row)) + ";" for r in postings.ARTICLE_RULES
    )


def _adopt(vendor: str, row: str, indent: int = 8) -> str:
    """Rows that point at an article stored after them (a restore with
    loaddata writes mentions before articles): the new article adopts their postings."""
    return f"\n{' ' * indent}".join(_insert(vendor, s.select(vendor, new=row)) + ";" for s in postings.SOURCES)


def _unposted(source: postings.Source, old: str) -> str:
    """The condition under which a deleted source row takes its posting with it."""
    if not source.shared:
        return ""
    return (
        f"NOT EXISTS (SELECT 1 FROM {source.table} WHERE {source.article} = {old}.{source.article} "
        f"AND {source.value} = {old}.{source.value})"
    )


def _delete_posting(source: postings.Source, old: str) -> str:
    return (
        f"DELETE FROM {_POSTING} WHERE article_id = {old}.{source.article} AND kind{source.kind_test()} "
        f"AND value_id = {old}.{source.value}"
    )


def _sqlite_source_triggers(source: postings.Source) -> list[str]:
    new_when = [source.where("new")]
    kind = source.kind_of_row("new")
    if source.rules[0].entity_kind:
        new_when.append(f"{kind} IS NOT NULL")
    new_when = " AND ".join(w for w in new_when if w)
    old_when = " AND ".join(w for w in (source.where("old"), _unposted(source, "old")) if w)
    return [
        f"""CREATE TRIGGER IF NOT EXISTS archive_search_{source.short}_ai AFTER INSERT ON {source.table}
    {f"WHEN {new_when} " if new_when else ""}BEGIN
        INSERT OR IGNORE INTO {_POSTING}
            SELECT id, {kind}, new.{source.value}, published FROM archive_article WHERE id = new.{source.article};
    END""",
        f"""CREATE TRIGGER IF NOT EXISTS archive_search_{source.short}_ad AFTER DELETE ON {source.table}
    {f"WHEN {old_when} " if old_when else ""}BEGIN
        {_delete_posting(source, "old")};
    END""",
    ]


SQLITE = [
    # Filter values are indexed beside the words (column search_facets, never
    # matched by words: queries name their columns), so FTS5 intersects a word
    # with a tag by skipping through both lists, at any size.
    """CREATE VIRTUAL TABLE IF NOT EXISTS archive_article_fts USING fts5(
        title, body, search_facets, content='archive_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # Title matches weigh ten times body matches in bm25; filter tokens nothing.
    "INSERT INTO archive_article_fts(archive_article_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)')",
    """CREATE TABLE IF NOT EXISTS archive_search_posting (
        article_id INTEGER NOT NULL, kind INTEGER NOT NULL, value_id INTEGER NOT NULL, published DATETIME NULL,
        PRIMARY KEY (article_id, kind, value_id)) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS archive_search_posting_walk
        ON archive_search_posting (kind, value_id, published, article_id)""",
    # Articles: text index, source and year postings, dates carried along.
    f"""CREATE TRIGGER IF NOT EXISTS archive_search_article_ai AFTER INSERT ON archive_article BEGIN
        INSERT INTO archive_article_fts(rowid, title, body, search_facets)
            VALUES (new.id, new.title, new.body, new.search_facets);
        {_article_postings("sqlite", "new")}
        {_adopt("sqlite", "new")}
    END""",
    # Any change of the indexed columns re-indexes the row (FTS5 has no
    # partial update); a posting's change arrives here through search_facets.
    """CREATE TRIGGER IF NOT EXISTS archive_search_article_au_text AFTER UPDATE OF title, body, search_facets
    ON archive_article
    WHEN old.title IS NOT new.title OR old.body IS NOT new.body OR old.search_facets IS NOT new.search_facets BEGIN
        INSERT INTO archive_article_fts(archive_article_fts, rowid, title, body, search_facets)
            VALUES ('delete', old.id, old.title, old.body, old.search_facets);
        INSERT INTO archive_article_fts(rowid, title, body, search_facets)
            VALUES (new.id, new.title, new.body, new.search_facets);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS archive_search_article_au_meta
    AFTER UPDATE OF published, source_id ON archive_article
    WHEN old.published IS NOT new.published OR old.source_id IS NOT new.source_id BEGIN
        DELETE FROM archive_search_posting WHERE article_id = new.id AND kind IN ({_ARTICLE_KINDS});
        {_article_postings("sqlite", "new")}
        UPDATE archive_search_posting SET published = new.published WHERE article_id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS archive_search_article_ad AFTER DELETE ON archive_article BEGIN
        INSERT INTO archive_article_fts(archive_article_fts, rowid, title, body, search_facets)
            VALUES ('delete', old.id, old.title, old.body, old.search_facets);
        DELETE FROM archive_search_posting WHERE article_id = old.id;
    END""",
    # Postings: the article's search_facets follows them (and with it the text index).
    f"""CREATE TRIGGER IF NOT EXISTS archive_search_posting_ai AFTER INSERT ON archive_search_posting BEGIN
        UPDATE archive_article SET search_facets = {_FACETS_OF.format(a="new.article_id")} WHERE id = new.article_id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS archive_search_posting_ad AFTER DELETE ON archive_search_posting BEGIN
        UPDATE archive_article SET search_facets = {_FACETS_OF.format(a="old.article_id")} WHERE id = old.article_id;
    END""",
    # Tags (taggit's generic table: only rows pointing at articles), authors,
    # and the people and organizations the text mentions: one posting however
    # many rows give it.
    *[sql for source in postings.SOURCES for sql in _sqlite_source_triggers(source)],
]
# What ``search_facets`` should hold, for every article (rebuilds and checks).
SQLITE_FACETS_OF_ARTICLE = _FACETS_OF.format(a="archive_article.id")

_PG_VECTOR = (
    "setweight(to_tsvector('english', coalesce({t}.title, '')), 'A') || "
    f"setweight(to_tsvector('english', left(coalesce({{t}}.body, ''), {PG_BODY_CHARS})), 'B')"
)


def _pg_source_branch(source: postings.Source) -> str:
    """The part of archive_search_related_post() for one source table."""
    lines = ["IF TG_OP = 'DELETE' THEN"]
    if source.where("OLD"):
        lines.append(f"    IF NOT ({source.where('OLD')}) THEN RETURN NULL; END IF;")
    unposted = _unposted(source, "OLD")
    lines += [
        f"    {_delete_posting(source, 'OLD')}{' AND ' + unposted if unposted else ''};",
        "    RETURN NULL;",
        "END IF;",
    ]
    if source.where("NEW"):
        lines.append(f"IF NOT ({source.where('NEW')}) THEN RETURN NULL; END IF;")
    lines.append(f"k := {source.kind_of_row('NEW')}; a := NEW.{source.article}; v := NEW.{source.value};")
    if source.rules[0].entity_kind:
        lines.append("IF k IS NULL THEN RETURN NULL; END IF;")
    return "\n            ".join(lines)


_PG_RELATED_BRANCHES = "\n        ".join(
    f"{'IF' if i == 0 else 'ELSIF'} TG_TABLE_NAME = '{source.table}' THEN\n            {_pg_source_branch(source)}"
    for i, source in enumerate(postings.SOURCES)
)

POSTGRES = [
    "ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    f"""CREATE OR REPLACE FUNCTION archive_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := {_PG_VECTOR.format(t="NEW")};
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS archive_search_vector ON archive_article",
    """CREATE TRIGGER archive_search_vector BEFORE INSERT OR UPDATE OF title, body ON archive_article
        FOR EACH ROW EXECUTE FUNCTION archive_search_vector()""",
    "CREATE INDEX IF NOT EXISTS archive_article_search_gin ON archive_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS archive_article_newest ON archive_article (published DESC NULLS LAST, id DESC)",
    """CREATE TABLE IF NOT EXISTS archive_search_posting (
        article_id bigint NOT NULL, kind smallint NOT NULL, value_id bigint NOT NULL, published timestamptz NULL,
        PRIMARY KEY (article_id, kind, value_id))""",
    """CREATE INDEX IF NOT EXISTS archive_search_posting_walk
        ON archive_search_posting (kind, value_id, published DESC NULLS LAST, article_id DESC)""",
    f"""CREATE OR REPLACE FUNCTION archive_search_article_post() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM archive_search_posting WHERE article_id = OLD.id;
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            IF OLD.published IS NOT DISTINCT FROM NEW.published AND OLD.source_id = NEW.source_id THEN
                RETURN NULL;
            END IF;
            DELETE FROM archive_search_posting WHERE article_id = NEW.id AND kind IN ({_ARTICLE_KINDS});
            UPDATE archive_search_posting SET published = NEW.published WHERE article_id = NEW.id;
        END IF;
        {_article_postings("postgresql", "NEW")}
        IF TG_OP = 'INSERT' THEN
            {_adopt("postgresql", "NEW", indent=12)}
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION archive_search_related_post() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE k smallint; a bigint; v bigint;
    BEGIN
        {_PG_RELATED_BRANCHES}
        END IF;
        INSERT INTO archive_search_posting SELECT id, k, v, published FROM archive_article WHERE id = a
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS archive_search_article_post ON archive_article",
    """CREATE TRIGGER archive_search_article_post AFTER INSERT OR DELETE OR UPDATE OF published, source_id
        ON archive_article
        FOR EACH ROW EXECUTE FUNCTION archive_search_article_post()""",
]
_SOURCE_TABLES = [source.table for source in postings.SOURCES]
for _table in _SOURCE_TABLES:
    POSTGRES += [
        f"DROP TRIGGER IF EXISTS archive_search_post ON {_table}",
        f"""CREATE TRIGGER archive_search_post AFTER INSERT OR DELETE ON {_table}
            FOR EACH ROW EXECUTE FUNCTION archive_search_related_post()""",
    ]
# A truncated article table (the test runner's flush on PostgreSQL) fires no
# row triggers; empty the postings with it.
POSTGRES += [
    """CREATE OR REPLACE FUNCTION archive_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN TRUNCATE archive_search_posting; RETURN NULL; END $$""",
    "DROP TRIGGER IF EXISTS archive_search_truncate ON archive_article",
    """CREATE TRIGGER archive_search_truncate AFTER TRUNCATE ON archive_article
        FOR EACH STATEMENT EXECUTE FUNCTION archive_search_truncate()""",
]


def install(connection) -> None:
    """Create (or re-create) the index structures and triggers."""
    statements = SQLITE if connection.vendor == "sqlite" else POSTGRES if connection.vendor == "postgresql" else []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in [s.split()[5] for s in SQLITE if s.startswith("CREATE TRIGGER")]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS archive_search_posting")
            cursor.execute("DROP TABLE IF EXISTS archive_article_fts")
        elif connection.vendor == "postgresql":
            for table in _SOURCE_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS archive_search_post ON {table}")
            cursor.execute("DROP TRIGGER IF EXISTS archive_search_article_post ON archive_article")
            cursor.execute("DROP TRIGGER IF EXISTS archive_search_vector ON archive_article")
            cursor.execute("DROP TRIGGER IF EXISTS archive_search_truncate ON archive_article")
            cursor.execute("DROP TABLE IF EXISTS archive_search_posting")
            cursor.execute("DROP FUNCTION IF EXISTS archive_search_related_post, archive_search_article_post")
            cursor.execute("DROP FUNCTION IF EXISTS archive_search_vector, archive_search_truncate")
            cursor.execute("DROP INDEX IF EXISTS archive_article_newest")
            cursor.execute("ALTER TABLE archive_article DROP COLUMN IF EXISTS search_vector")


def reinstall_after_migrate(sender=None, using="default", **kwargs) -> None:
    """A ``post_migrate`` receiver: put back triggers that a table remade by a
    later migration lost (SQLite), so the index never silently stops following
    the articles. Connect it in the app's ``ready()``."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'archive_article_fts'")
        if cursor.fetchone() is None:
            return  # the search migration has not run yet
    install(connection)


# Triggers that a bulk writer of the index rows (``generate_corpus``, a
# rebuild) switches off for the length of one transaction.
_SQLITE_INSERT_TRIGGERS = [
    "archive_search_article_ai",
    "archive_search_article_au_text",
    "archive_search_posting_ai",
    "archive_search_posting_ad",
    *[f"archive_search_{source.short}_ai" for source in postings.SOURCES],
]
_PG_POSTING_TRIGGERS = [
    ("archive_article", "archive_search_article_post"),
    *[(t, "archive_search_post") for t in _SOURCE_TABLES],
]


@contextmanager
def writing_index_directly(connection):
    """Inside an atomic block: the triggers that fill the text index and the
    postings on insert (and re-index on SQLite) are off, and the caller writes
    those rows itself (on PostgreSQL the tsvector trigger stays on: only
    postings are the caller's).
    Schema changes are transactional on both databases, so the triggers come
    back with the commit, or are never gone if the transaction rolls back."""
    if not connection.in_atomic_block:
        raise RuntimeError("writing_index_directly() needs a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _SQLITE_INSERT_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            for table, name in _PG_POSTING_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        yield
        if connection.vendor == "sqlite":
            for sql in SQLITE:
                if any(f" {name} " in sql for name in _SQLITE_INSERT_TRIGGERS):
                    cursor.execute(sql)
        else:
            # ALTER TABLE waits for no pending events: check the deferred foreign keys now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name in _PG_POSTING_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
