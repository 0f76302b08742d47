"""Where an article's publication date came from (``Article.date_source``).

SQLite would add the column by remaking the article table, which fails while
the search index's triggers name it (see 0004); a plain ALTER TABLE ADD COLUMN
with a constant default needs no remake, so SQLite gets that, and every other
database Django's own AddField."""

from django.db import migrations, models

FIELD = models.CharField(
    blank=True,
    choices=[
        ("json-ld", "the page's JSON-LD"),
        ("meta", "the page's meta tags"),
        ("time", "a <time> element"),
        ("label", "a date printed after a “published” label"),
        ("htmldate", "htmldate's search of the page"),
        ("url", "the date in the URL"),
        ("printed", "a date printed on the page"),
    ],
    help_text="Where the publication date came from.",
    max_length=10,
)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ALTER TABLE archive_article ADD COLUMN date_source varchar(10) NOT NULL DEFAULT ''")
        return
    field = FIELD.clone()
    field.set_attributes_from_name("date_source")
    schema_editor.add_field(apps.get_model("archive", "Article"), field)


def remove_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE archive_article DROP COLUMN date_source")


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_entity_identity")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(model_name="article", name="date_source", field=FIELD)],
            database_operations=[migrations.RunPython(add_column, remove_column)],
        )
    ]
