"""python manage.py analyze [--all] [--workers N] [--enqueue]: entities and statements for articles."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.management.progress import progress_for
from archive.models import Article
from archive.nlp.analyzer import ANALYZER_VERSION
from archive.nlp.store import analyze_articles, pending


class Command(BaseCommand):
    help = (
        "Find people, organizations, places and statements in articles not yet analysed by the current "
        "analyzer version. Resumable: each article is saved as it is done."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Redo every article.")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="spaCy processes (default: cores)."
        )
        parser.add_argument("--batch-size", type=int, default=32)
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Send the articles to the task queue's workers (QUEUE_URL); without a queue, analyse here.",
        )
        parser.add_argument(
            "--per-task", type=int, default=8, help="With --enqueue: articles in each task (default 8)."
        )

    def handle(self, *args, all=False, workers=1, batch_size=32, enqueue=False, per_task=8, verbosity=1, **options):
        if workers < 1 or batch_size < 1 or per_task < 1:
            raise CommandError("--workers, --batch-size and --per-task must be at least 1.")
        if enqueue and not settings.QUEUE_URL:
            self.stderr.write("No queue is configured (QUEUE_URL is not set): analysing in this process.")
            enqueue = False
        if enqueue:
            # Reachable first: --all must not mark every article for a queue that is not there.
            from archive.queue.app import shown_url
            from archive.queue.enqueue import QueueUnreachable, check_reachable, enqueue_analysis

            try:
                check_reachable()
            except QueueUnreachable as exc:
                raise CommandError(f"{exc}; nothing was queued (or run without --enqueue).") from None
        if all:
            # Marking first keeps --all resumable: an interrupted run is
            # finished by a plain `analyze`.
            Article.objects.update(analyzed_version=0)
        todo = pending().count()
        if todo == 0:
            self.stdout.write(f"Nothing to analyse: every article is at analyzer version {ANALYZER_VERSION}.")
            return
        if enqueue:
            try:
                articles, tasks = enqueue_analysis(per_task=per_task)
            except QueueUnreachable as exc:
                raise CommandError(f"{exc}; run the same command again to queue the rest.") from None
            self.stdout.write(
                f"Queued {articles} article{'s' if articles != 1 else ''} in {tasks} task{'s' if tasks != 1 else ''} "
                f"on {shown_url()}; {todo - articles} already queued. Progress: manage.py queue_status"
            )
            return
        workers = min(workers, max(1, todo // batch_size))
        progress = progress_for(self.stderr, label="analyse", unit="articles", enabled=bool(verbosity))
        done = analyze_articles(batch_size=batch_size, workers=workers, progress=progress)
        self.stdout.write(f"Analysed {done} article{'s' if done != 1 else ''} (analyzer version {ANALYZER_VERSION}).")
