"""Keys for one identity per entity across the archive, and confident mentions.

Entity.initials and Entity.tail join acronyms to long forms and surnames to
full names; Mention.confident says whether the analysis was sure of the
mention (``Entity.objects.listed()``). Keys are recomputed because
``normalize_name`` now reads "U.N." as "un".

SQLite adds the columns by remaking the tables, which fails while the search
triggers name them: as in 0004, the index goes first and comes back after.
"""

from django.db import migrations, models

from archive.keys.names import initials_key, normalize_name, tail_key


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


def recompute_keys(apps, schema_editor):
    Entity = apps.get_model("archive", "Entity")
    EntityAlias = apps.get_model("archive", "EntityAlias")
    for entity in Entity.objects.all().iterator():
        entity.key = normalize_name(entity.name)
        entity.initials = initials_key(entity.name)
        entity.tail = tail_key(entity.name) if entity.kind == "person" else ""
        entity.save(update_fields=["key", "initials", "tail"])
    seen = set()
    for alias in EntityAlias.objects.order_by("-curated", "pk").iterator():
        key = normalize_name(alias.name)
        if (alias.entity_id, key) in seen:
            alias.delete()  # "U.N." and "UN" are now one alias
            continue
        seen.add((alias.entity_id, key))
        if key != alias.key:
            alias.key = key
            alias.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_search_facets"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_index, migrations.RunPython.noop),
        migrations.AddField(
            model_name="entity",
            name="initials",
            field=models.CharField(blank=True, db_default="", db_index=True, default="", max_length=20),
        ),
        migrations.AddField(
            model_name="entity",
            name="tail",
            field=models.CharField(blank=True, db_default="", db_index=True, default="", max_length=150),
        ),
        migrations.AddField(
            model_name="mention",
            name="confident",
            field=models.BooleanField(db_default=True, default=True),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
