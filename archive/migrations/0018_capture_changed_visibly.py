"""Captures flagged when they changed what a reader sees (``Capture.changed_visibly``), which the feeds of
changes find the newest changes by; each import flags the captures of the article it adds to, and this
flags those the archive holds already."""

from django.db import migrations, models
from django.db.models import Count


def flag_visible_changes(apps, schema_editor):
    from archive.changes import visible_changes

    Capture = apps.get_model("archive", "Capture")
    several = (
        Capture.objects.values("article_id").annotate(n=Count("pk")).filter(n__gt=1).values_list("article_id", flat=True)
    )
    for article_id in list(several):
        captures = list(Capture.objects.filter(article_id=article_id).defer("raw", "exchange"))
        changed = [c.new.pk for c in visible_changes(captures)]
        Capture.objects.filter(pk__in=changed).update(changed_visibly=True)


class Migration(migrations.Migration):
    dependencies = [("archive", "0017_watch_claimed")]

    operations = [
        migrations.AddField(
            model_name="capture",
            name="changed_visibly",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Whether it changed what a reader sees since the capture before it that kept its fields.",
            ),
        ),
        migrations.RunPython(flag_visible_changes, migrations.RunPython.noop),
    ]
