"""Keeping the search index current: triggers do it row by row (see
``schema``); ``rebuild`` recomputes everything from the tables, for
``rebuild_search_index`` and after bulk loads."""

from __future__ import annotations

from django.db import transaction

from . import postings, schema

_VENDORS = ("sqlite", "postgresql")


def posting_sql(vendor: str, within: str = "") -> list[str]:
    """Statements that refill ``archive_search_posting`` from the source
    tables (see ``postings.RULES``); with ``within`` (an SQL test of the
    article id, "BETWEEN 1 AND 9"), statements that add the postings of
    those articles only, for a writer that just stored them."""
    statements = [] if within else ["DELETE FROM archive_search_posting"]
    return statements + [schema._insert(vendor, select) for select in postings.all_selects(vendor, within)]


def index_written(connection, first: int, last: int) -> None:
    """The index rows of articles ``first`` .. ``last`` (ids), just stored
    with their tags, authors and mentions inside
    ``schema.writing_index_directly``: their postings, and on SQLite their
    ``search_facets`` and text index rows -- what the triggers would write,
    set-wise. PostgreSQL's tsvector trigger stays on during such writes."""
    within = f"BETWEEN {int(first)} AND {int(last)}"
    with connection.cursor() as cursor:
        for sql in posting_sql(connection.vendor, within):
            cursor.execute(sql)
        if connection.vendor == "sqlite":
            facets = schema.SQLITE_FACETS_OF_ARTICLE
            cursor.execute(f"UPDATE archive_article SET search_facets = {facets} WHERE id {within}")
            cursor.execute(
                "INSERT INTO archive_article_fts (rowid, title, body, search_facets) "
                f"SELECT id, title, body, search_facets FROM archive_article WHERE id {within}"
            )


def rebuild(connection, optimize: bool = False) -> None:
    """Recompute the postings and the text index from the article tables."""
    vendor = connection.vendor
    if vendor not in _VENDORS:
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
    planner's statistics; PostgreSQL gets VACUUM (ANALYZE) where it can."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO archive_article_fts(archive_article_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql" and connection.in_atomic_block:
            cursor.execute("ANALYZE archive_article")
            cursor.execute("ANALYZE archive_search_posting")
        elif connection.vendor == "postgresql":
            # After a bulk load the visibility map is empty until autovacuum
            # comes by, so index-only scans still visit the heap and the
            # plans measured on a fresh corpus are worse than production's.
            # VACUUM cannot run inside a transaction; the branch above keeps
            # the statistics part for callers that are in one.
            cursor.execute("VACUUM (ANALYZE) archive_article, archive_search_posting")
