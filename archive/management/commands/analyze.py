"""python manage.py analyze [--all] [--workers N]: entities and statements for articles."""

import os

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

    def handle(self, *args, all=False, workers=1, batch_size=32, verbosity=1, **options):
        if workers < 1 or batch_size < 1:
            raise CommandError("--workers and --batch-size must be at least 1.")
        if all:
            # Marking first keeps --all resumable: an interrupted run is
            # finished by a plain `analyze`.
            Article.objects.update(analyzed_version=0)
        todo = pending().count()
        if todo == 0:
            self.stdout.write(f"Nothing to analyse: every article is at analyzer version {ANALYZER_VERSION}.")
            return
        workers = min(workers, max(1, todo // batch_size))
        progress = progress_for(self.stderr, label="analyse", unit="articles", enabled=bool(verbosity))
        done = analyze_articles(batch_size=batch_size, workers=workers, progress=progress)
        self.stdout.write(f"Analysed {done} article{'s' if done != 1 else ''} (analyzer version {ANALYZER_VERSION}).")
