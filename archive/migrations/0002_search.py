"""Full-text search: FTS5 (SQLite) or a weighted tsvector (PostgreSQL), and
the facet postings table, all maintained by triggers (see archive.search.schema)."""

from django.db import migrations


def install(apps, schema_editor):
    from archive.search import schema

    if schema_editor.connection.vendor == "sqlite":
        return  # 0004 installs SQLite's index, with the column it covers
    schema.install(schema_editor.connection)
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        from archive.search.index import rebuild

        rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    from archive.search import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
