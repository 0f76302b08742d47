"""An organization met as a side in sport (``Entity.team``): a place of its
name stays apart from it, where it joins any other organization of its name.

As in 0006: SQLite would remake the entity table, which fails while the
search index's triggers name it; a plain ALTER TABLE ADD COLUMN with a
constant default needs no remake."""

from django.db import migrations, models

FIELD = models.BooleanField(db_default=False, default=False)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE archive_entity ADD COLUMN team bool NOT NULL DEFAULT 0")
        return
    model = apps.get_model("archive", "Entity")
    field = FIELD.clone()
    field.set_attributes_from_name("team")
    field.model = model  # a database default is compiled against its model
    schema_editor.add_field(model, field)


def remove_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE archive_entity DROP COLUMN team")


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_queuetask")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="entity", name="team", field=FIELD)],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        )
    ]
