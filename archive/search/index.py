"""Keeping the search index current: triggers do it row by row (see
``schema``); ``rebuild`` recomputes everything from the tables, for
``rebuild_search_index`` and after bulk loads."""

from __future__ import annotations

from django.db import transaction

from . import schema

_YEAR = {
    "sqlite": "CAST(strftime('%Y', published) AS INTEGER)",
    "postgresql": "extract(year FROM published AT TIME ZONE 'UTC')::int",
}
_IGNORE = {"sqlite": ("INSERT OR IGNORE INTO", ""), "postgresql": ("INSERT INTO", " ON CONFLICT DO NOTHING")}


def posting_sql(vendor: str) -> list[str]:
    """Statements that refill ``archive_search_posting`` from the source tables."""
    insert, tail = _IGNORE[vendor]
    into = f"{insert} archive_search_posting (article_id, kind, value_id, published)"
    ct = "(SELECT id FROM django_content_type WHERE app_label = 'archive' AND model = 'article')"
    return [
        "DELETE FROM archive_search_posting",
        f"{into} SELECT id, {schema.SOURCE}, source_id, published FROM archive_article{tail}",
        f"{into} SELECT id, {schema.YEAR}, {_YEAR[vendor]}, published FROM archive_article "
        f"WHERE published IS NOT NULL{tail}",
        f"{into} SELECT t.object_id, {schema.TAG}, t.tag_id, a.published FROM taggit_taggeditem t "
        f"JOIN archive_article a ON a.id = t.object_id WHERE t.content_type_id = {ct}{tail}",
        f"{into} SELECT DISTINCT w.article_id, {schema.AUTHOR}, w.entity_id, a.published FROM archive_articleauthor w "
        f"JOIN archive_article a ON a.id = w.article_id{tail}",
        f"{into} SELECT DISTINCT m.article_id, CASE e.kind WHEN 'person' THEN {schema.PERSON} ELSE {schema.ORG} END, "
        "m.entity_id, a.published FROM archive_mention m JOIN archive_entity e ON e.id = m.entity_id "
        f"JOIN archive_article a ON a.id = m.article_id WHERE e.kind IN ('person', 'organization'){tail}",
    ]


def rebuild(connection, optimize: bool = False) -> None:
    """Recompute the postings and the text index from the article tables."""
    vendor = connection.vendor
    if vendor not in _YEAR:
        return
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            # Set-wise, with the per-row triggers off (a trigger per posting
            # would re-index its article once per row).
            with transaction.atomic(using=connection.alias), schema.writing_index_directly(connection):
                for sql in posting_sql(vendor):
                    cursor.execute(sql)
                facets = schema.SQLITE_FACETS_OF_ARTICLE
                cursor.execute(
                    f"UPDATE archive_article SET search_facets = {facets} WHERE search_facets IS NOT {facets}"
                )
                cursor.execute("INSERT INTO archive_article_fts(archive_article_fts) VALUES ('rebuild')")
        else:
            vector = schema._PG_VECTOR.format(t="archive_article")
            cursor.execute(f"UPDATE archive_article SET search_vector = {vector}")
            for sql in posting_sql(vendor):
                cursor.execute(sql)
    if optimize:
        optimize_index(connection)


def optimize_index(connection) -> None:
    """Merge FTS5 segments into one (fewer b-trees per query) and refresh the
    planner's statistics; PostgreSQL gets ANALYZE."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO archive_article_fts(archive_article_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE archive_article")
            cursor.execute("ANALYZE archive_search_posting")
