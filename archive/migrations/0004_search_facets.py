"""Filter values in the SQLite text index: a ``search_facets`` column the
index covers, kept by triggers on the postings (see archive.search.schema).
The index is rebuilt with the new column; PostgreSQL gains the column and
the new versions of its trigger functions.

SQLite adds the column by remaking the article table, and renaming the new
table fails while other tables' triggers name the old one: the index and its
triggers go first and come back after."""

from django.db import migrations, models


def drop_sqlite_index(apps, schema_editor):
    from archive.search import schema

    if schema_editor.connection.vendor == "sqlite":
        schema.uninstall(schema_editor.connection)


def reinstall(apps, schema_editor):
    from archive.search import index, schema

    connection = schema_editor.connection
    if connection.vendor in ("sqlite", "postgresql"):
        schema.install(connection)
    if connection.vendor == "sqlite":
        index.rebuild(connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_alias_curated")]

    operations = [
        migrations.RunPython(drop_sqlite_index, migrations.RunPython.noop),
        migrations.AddField(
            model_name="article",
            name="search_facets",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
