"""What the task queue was given and what became of it (issue 18).

One row per queued task, written by whoever enqueues it and updated by the
worker that runs it. The broker only carries messages; these rows, in the
database every worker shares, are what ``queue_status`` counts and what a
curator sees in the admin: a task that failed every retry stays here as a
dead letter with its error.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Max, Min, Sum


class QueueTaskQuerySet(models.QuerySet):
    def active(self):
        """Waiting on the broker or being worked on: what an enqueue must not send again."""
        return self.filter(state__in=[QueueTask.State.QUEUED, QueueTask.State.RUNNING])

    def dead_letters(self):
        return self.filter(state=QueueTask.State.FAILED).order_by("-finished", "-pk")

    def ids_in_flight(self) -> set[int]:
        """Articles an active analysis task already holds."""
        ids: set[int] = set()
        for payload in self.active().filter(kind=QueueTask.Kind.ANALYZE).values_list("payload", flat=True):
            ids.update(payload.get("ids", []))
        return ids

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> state -> number of tasks, every state present (0 when none)."""
        found = {kind: dict.fromkeys(QueueTask.State.values, 0) for kind in QueueTask.Kind.values}
        for row in self.values("kind", "state").annotate(n=Count("pk")).order_by():
            found[row["kind"]][row["state"]] = row["n"]
        return found

    def throughput(self, since) -> dict[str, float | int]:
        """Items done (articles analysed, files imported) by tasks finished since ``since``,
        over the time from the first of them starting to the last finishing."""
        done = self.filter(state=QueueTask.State.DONE, finished__gte=since, started__isnull=False)
        span = done.aggregate(items=Sum("items"), first=Min("started"), last=Max("finished"))
        items = span["items"] or 0
        seconds = (span["last"] - span["first"]).total_seconds() if items else 0.0
        return {
            "items": items,
            "seconds": round(seconds, 3),
            "per_second": round(items / seconds, 2) if seconds else 0.0,
        }


class QueueTask(models.Model):
    class Kind(models.TextChoices):
        ANALYZE = "analyze", "analyse articles"
        IMPORT = "import", "import a file"
        CAPTURE = "capture", "capture a watch"

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"  # every retry failed: a dead letter

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    # What the task is about, so an enqueue run again can leave alone what is already queued:
    # for an import the SHA-256 of the file's bytes and the URL given with them.
    key = models.CharField(max_length=200, blank=True, db_index=True)
    name = models.CharField(max_length=500, blank=True, help_text="The file imported, or the articles analysed.")
    payload = models.JSONField(default=dict, blank=True)
    items = models.PositiveIntegerField(default=0, help_text="Articles analysed or pages read, when done.")
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, help_text="host and process of the last attempt")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, help_text="The last attempt's error and where it was raised.")
    enqueued = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = QueueTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["kind", "state"], name="archive_queuetask_kind_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.state}): {self.name}"
