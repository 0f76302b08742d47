"""What a curator watches (issue 19): a page, a feed or a sitemap, captured
again every so often by ``manage.py watch`` (from cron, as a long-running
process, or on the task queue), with what its last run found.

Runs may overlap (cron starting one while the last still works, a queue
worker beside them): a run claims each watch before capturing it, in one
UPDATE that succeeds only while the watch is due and unclaimed, so only one
run captures it and records what it found. A run renews its claim before each fetch;
a claim not renewed for CLAIM_LAPSES (a run killed) is let go.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q

CLAIM_LAPSES = timedelta(minutes=15)
# A shorter interval captures the page again every round; a longer one overflows the date of the next run
# (last_run + interval), which fails the query that finds the due watches, for every watch.
SHORTEST_INTERVAL = timedelta(minutes=1)
LONGEST_INTERVAL = timedelta(days=3650)


def validate_interval(value: timedelta) -> None:
    if not SHORTEST_INTERVAL <= value <= LONGEST_INTERVAL:
        raise ValidationError(
            "Between one minute and 3650 days (about ten years); to stop capturing it, untick Active.",
            code="interval",
        )


class WatchQuerySet(models.QuerySet):
    def _due_unordered(self, now):
        next_run = ExpressionWrapper(F("last_run") + F("interval"), output_field=models.DateTimeField())
        return (
            self.filter(active=True)
            .filter(Q(claimed__isnull=True) | Q(claimed__lt=now - CLAIM_LAPSES))
            .alias(next_run=next_run)
            .filter(Q(last_run__isnull=True) | Q(next_run__lte=now))
        )

    def due(self, now):
        """Active watches never run, or last run at least their interval before ``now``,
        that no other run has claimed."""
        return self._due_unordered(now).order_by(F("last_run").asc(nulls_first=True), "pk")

    def claim(self, pk: int, now) -> bool:
        """Take the watch for this run; False when it is no longer due (another run has it,
        or has just run it). One UPDATE whose WHERE holds the whole condition on the row
        itself, so a second run's UPDATE, waiting on the first's row lock, finds it claimed
        (PostgreSQL checks the row again once the lock is let go; SQLite runs one at a time)."""
        return self._due_unordered(now).filter(pk=pk).update(claimed=now) == 1

    def why_not_claimed(self, pk: int) -> str:
        """Why a watch found due could not be claimed: a curator made it inactive or deleted it
        in the admin meanwhile, or another run has it (or has just run it)."""
        now = self.filter(pk=pk).values("active").first()
        if now is None:
            return "deleted meanwhile, not captured"
        if not now["active"]:
            return "made inactive meanwhile, not captured"
        return "another run has it"


class Watch(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", "a page"
        FEED = "feed", "an RSS or Atom feed (its entries)"
        SITEMAP = "sitemap", "a sitemap or sitemap index (its pages)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PAGE)
    url = models.URLField(max_length=2000)
    name = models.CharField(max_length=200, blank=True, help_text="For the curator: what this is.")
    interval = models.DurationField(
        default=timedelta(hours=1),
        validators=[validate_interval],
        help_text="How often to capture it again: from one minute to 3650 days.",
    )
    active = models.BooleanField(default=True)
    ignore_robots = models.BooleanField(
        default=False, help_text="Capture despite robots.txt: only for the curator's own sites."
    )
    last_run = models.DateTimeField(null=True, blank=True)
    last_new = models.PositiveIntegerField(default=0, help_text="Articles the last run captured for the first time.")
    last_changed = models.PositiveIntegerField(default=0, help_text="Articles the last run found changed.")
    last_failed = models.PositiveIntegerField(default=0, help_text="URLs the last run refused or could not fetch.")
    last_result = models.TextField(blank=True, help_text="The last run's summary and what went wrong.")
    claimed = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the run capturing it now last said it was working."
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "url"], name="unique_watch")]

    def __str__(self) -> str:
        return self.name or f"{self.kind} {self.url}"

    def next_run(self):
        return None if self.last_run is None else self.last_run + self.interval

    def renew_claim(self, now) -> None:
        Watch.objects.filter(pk=self.pk).update(claimed=now)

    def release(self) -> None:
        """Let go of the claim without recording a run (the run failed)."""
        Watch.objects.filter(pk=self.pk).update(claimed=None)

    def record_run(self, when, new: int, changed: int, failed: int, result: str) -> bool:
        """What the run found; its claim is let go. False when the watch was deleted while
        it ran (in the admin): there is nothing to record it on, and the other watches go on."""
        self.last_run, self.last_new, self.last_changed, self.last_failed = when, new, changed, failed
        self.last_result, self.claimed = result, None
        recorded = Watch.objects.filter(pk=self.pk).update(
            last_run=when, last_new=new, last_changed=changed, last_failed=failed, last_result=result, claimed=None
        )
        return recorded == 1
