"""Filter values in the SQLite text index: a ``search_facets`` column the
index covers, kept by triggers on the postings (see archive.search.schema).
The index is rebuilt with the new column; PostgreSQL gains the column and
the new versions of its trigger functions."""

from django.db import migrations, models


def reinstall(apps, schema_editor):
    from archive.search import index, schema

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema.install(connection)  # the trigger functions' new versions
    if connection.vendor != "sqlite":
        return
    schema.uninstall(connection)  # the old two-column text index and its triggers
    schema.install(connection)
    index.rebuild(connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_alias_curated")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_facets",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
