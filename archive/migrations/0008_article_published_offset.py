"""The page's own UTC offset beside the publication date (``Article.published_offset``).

A nullable column without a default: SQLite adds it with ALTER TABLE ADD COLUMN
(no remake of archive_article, so the search index's triggers are untouched).
Existing articles keep NULL: shown in UTC as before; re-importing fills it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_article_newest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_offset",
            field=models.SmallIntegerField(
                blank=True,
                help_text="The page's own UTC offset for the publication date, in minutes (-300 for New York in winter); empty when the page gave none, shown in UTC.",
                null=True,
            ),
        ),
    ]
