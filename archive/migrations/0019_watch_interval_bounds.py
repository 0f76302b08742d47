import datetime

from django.db import migrations, models

import archive.models.watch

# As archive/models/watch.py has them now; a migration keeps the values it was written with.
SHORTEST = datetime.timedelta(minutes=1)
LONGEST = datetime.timedelta(days=3650)


def bring_intervals_within_bounds(apps, schema_editor):
    """Intervals the admin accepted before it checked them: one too long made every watch run fail."""
    Watch = apps.get_model("archive", "Watch")
    Watch.objects.filter(interval__lt=SHORTEST).update(interval=SHORTEST)
    Watch.objects.filter(interval__gt=LONGEST).update(interval=LONGEST)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0018_capture_changed_visibly"),
    ]

    operations = [
        migrations.AlterField(
            model_name="watch",
            name="interval",
            field=models.DurationField(
                default=datetime.timedelta(seconds=3600),
                help_text="How often to capture it again: from one minute to 3650 days.",
                validators=[archive.models.watch.validate_interval],
            ),
        ),
        migrations.RunPython(bring_intervals_within_bounds, migrations.RunPython.noop),
    ]
