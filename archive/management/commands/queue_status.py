"""python manage.py queue_status [--minutes N] [--json]: the task queue's progress and dead letters."""

import json
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from archive.models import QueueTask

UNITS = {
    QueueTask.Kind.ANALYZE: "articles analysed",
    QueueTask.Kind.IMPORT: "pages read",
    QueueTask.Kind.CAPTURE: "URLs captured",
}
SHOWN_DEAD = 20


class Command(BaseCommand):
    help = (
        "Tasks queued, running, done and failed (by import_articles --enqueue and analyze --enqueue), "
        "the recent throughput, and the dead letters: tasks that failed every retry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=10, help="Throughput over tasks finished this recently.")
        parser.add_argument("--json", action="store_true", help="One JSON object instead of the table.")

    def handle(self, *args, minutes=10, json=False, **options):
        if minutes < 1:
            raise CommandError("--minutes must be at least 1.")
        status = self.status(minutes)
        if json:
            self.stdout.write(_json(status))
            return
        self.stdout.write(self.describe_broker(status))
        self.stdout.write(f"{'':8}{'queued':>8}{'running':>9}{'done':>8}{'failed':>8}")
        for kind, counts in status["tasks"].items():
            self.stdout.write(
                f"{kind:8}"
                + "".join(f"{counts[s]:>{w}}" for s, w in zip(QueueTask.State.values, (8, 9, 8, 8), strict=True))
            )
        for kind, rate in status["throughput"].items():
            if rate["items"]:
                self.stdout.write(
                    f"{kind} throughput, last {minutes} min: {rate['items']} {UNITS[kind]} in {rate['seconds']:.1f} s, "
                    f"{rate['per_second']:.2f}/s"
                )
        for task in status["running"]:
            self.stdout.write(f"  running: #{task['id']} {task['kind']} {task['name']} on {task['worker']}")
        if status["workers"]:
            by_worker = ", ".join(f"{worker} {n}" for worker, n in status["workers"].items())
            self.stdout.write(f"tasks done by worker, last {minutes} min: {by_worker}")
        imports = status["imports"]
        if imports["failed"]:
            self.stdout.write(f"pages that could not be imported: {imports['failed']}")
            for line in imports["errors"]:
                self.stdout.write(f"  {line}")
        dead = status["dead_letters"]
        self.stdout.write(
            f"dead letters: {status['tasks_failed']}" + (" (admin: Queue tasks, state failed)" if dead else "")
        )
        for letter in dead:
            first = letter["error"].splitlines()[0] if letter["error"] else ""
            self.stdout.write(
                f"  #{letter['id']} {letter['kind']} {letter['name']}: after {letter['attempts']} attempts, {first}"
            )

    def status(self, minutes: int) -> dict:
        since = timezone.now() - timedelta(minutes=minutes)
        tasks = QueueTask.objects.all()
        counts = tasks.counts()
        broker = {"configured": bool(settings.QUEUE_URL), "url": "", "waiting": None}
        if broker["configured"]:
            from archive.queue.app import shown_url
            from archive.queue.enqueue import waiting_on_broker

            broker.update(url=shown_url(), waiting=waiting_on_broker())
        failed_pages, errors = 0, []
        imported = tasks.filter(kind=QueueTask.Kind.IMPORT, state=QueueTask.State.DONE, result__failed__gt=0)
        for result in imported.order_by("pk").values_list("result", flat=True):
            failed_pages += result.get("failed", 0)
            errors += result.get("errors", [])[: SHOWN_DEAD - len(errors)]
        dead = [
            {
                "id": t.pk,
                "kind": t.kind,
                "name": t.name,
                "attempts": t.attempts,
                "finished": t.finished.isoformat() if t.finished else None,
                "error": t.error,
            }
            for t in tasks.dead_letters()[:SHOWN_DEAD]
        ]
        running = tasks.filter(state=QueueTask.State.RUNNING).order_by("started", "pk")
        workers = (
            tasks.filter(state=QueueTask.State.DONE, finished__gte=since)
            .values("worker")
            .annotate(n=Count("pk"))
            .order_by("worker")
        )
        return {
            "broker": broker,
            "running": [
                {"id": t.pk, "kind": t.kind, "name": t.name, "worker": t.worker, "attempts": t.attempts}
                for t in running[:SHOWN_DEAD]
            ],
            "workers": {row["worker"]: row["n"] for row in workers},
            "tasks": counts,
            "tasks_failed": sum(c[QueueTask.State.FAILED] for c in counts.values()),
            "throughput": {kind: tasks.filter(kind=kind).throughput(since) for kind in QueueTask.Kind.values},
            "imports": {"failed": failed_pages, "errors": errors},
            "dead_letters": dead,
        }

    @staticmethod
    def describe_broker(status: dict) -> str:
        broker = status["broker"]
        if not broker["configured"]:
            return "No queue is configured (QUEUE_URL is not set): the commands work in-process."
        waiting = broker["waiting"]
        said = "cannot be asked how many messages wait" if waiting is None else f"{waiting} messages waiting"
        return f"Queue {settings.QUEUE_NAME!r} on {broker['url']}: {said}"


def _json(status: dict) -> str:
    return json.dumps(status, sort_keys=True)
