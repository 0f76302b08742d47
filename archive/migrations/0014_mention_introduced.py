"""Mention.introduced: whether the text introduces a person named by one word as one (a title, kin, "he"
or "she"); ``Entity.objects.listed()`` lists such a word acting on many pages only where some page does.

SQLite adds the column by remaking the table, which fails while the search triggers name it: as in 0005,
the index goes first and comes back after.
"""

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
    dependencies = [
        ("archive", "0013_statement_confidence"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_index, migrations.RunPython.noop),
        migrations.AddField(
            model_name="mention",
            name="introduced",
            field=models.BooleanField(db_default=True, default=True),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
