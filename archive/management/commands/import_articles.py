"""python manage.py import_articles PATH... : text pages, HTML, WARC, JSONL.

With --enqueue and a queue configured (QUEUE_URL), the files go to the queue's
workers instead, and so does the analysis of what they store (archive/queue/).
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.runner import Importer, iter_files
from archive.management.progress import Progress, progress_for


class Command(BaseCommand):
    help = "Import article files and folders (text pages, HTML, WARC, JSON Lines); the format is detected by content."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--url", default="", help="Original URL of a single HTML or text page.")
        parser.add_argument("--no-analyze", action="store_true", help="Skip entity and attribution analysis.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Send the files to the task queue's workers (QUEUE_URL); without a queue, import here.",
        )

    def handle(self, *args, paths=(), url="", no_analyze=False, enqueue=False, verbosity=1, **options):
        if url and len(paths) > 1:
            raise CommandError("--url names the original URL of one page: give exactly one PATH with it.")
        # Listing the files first gives the progress its total (a WARC or JSONL file holds many pages).
        files = list(iter_files(list(paths)))
        queued = False
        if enqueue and not settings.QUEUE_URL:
            self.stderr.write("No queue is configured (QUEUE_URL is not set): importing in this process.")
        elif enqueue:
            files = self._enqueue(files, url, no_analyze, verbosity)
            queued = True
            if not files:
                return
        progress = Progress(self.stderr, total=len(files), label="import", unit="files", enabled=verbosity > 0)
        pages = {"n": 0}

        def on_result(where, outcome):
            pages["n"] += 1
            progress.note(f"{pages['n']:,} pages; {outcome.value}: {where}")

        importer = Importer(url=url, on_result=on_result)
        report = importer.report
        try:
            for path in files:
                importer.import_file(path)
                progress.step()
            progress.done()
            for error in report.errors:
                self.stderr.write(f"error: {error}")
            if not no_analyze:
                self._analyze(report, verbosity, queued)
        except KeyboardInterrupt:
            # Each article is stored in its own transaction, and analysed ones are marked:
            # the same command again resumes (unchanged files, then what is not yet analysed).
            progress.done()
            self.stderr.write(f"interrupted: {report.summary()} so far; run the same command again to resume")
            sys.exit(130)
        if verbosity > 0:
            self.stdout.write(report.summary())
        if report.failed:
            sys.exit(1)

    def _enqueue(self, files, url, no_analyze, verbosity):
        """Queue the files; returns those this command must import itself."""
        from archive.queue.app import shown_url
        from archive.queue.enqueue import QueueUnreachable, check_reachable, enqueue_files

        try:
            check_reachable()
            sent = enqueue_files(files, url=url, analyze=not no_analyze)
        except QueueUnreachable as exc:
            raise CommandError(f"{exc}; nothing more was queued (or run without --enqueue).") from None
        if verbosity > 0:
            self.stdout.write(
                f"Queued {len(sent.queued)} file{'s' if len(sent.queued) != 1 else ''} for import on "
                f"{shown_url()}; {len(sent.skipped)} already queued or imported by the queue. "
                "Progress: manage.py queue_status"
            )
        if sent.local:
            self.stderr.write(
                f"{len(sent.local)} file{'s' if len(sent.local) != 1 else ''} too large for a queue message "
                "or not readable: importing here"
            )
        return sent.local

    def _analyze(self, report, verbosity, queued=False):
        """What this run stored, and what an earlier run stored but did not analyse (interrupted)."""
        from archive.nlp.store import analyze_articles, with_pending

        ids = with_pending(report.article_ids, report.unchanged_ids)
        if ids and queued:
            from archive.models import Article
            from archive.queue.enqueue import enqueue_analysis

            # Stored again with new bytes: the old analysis is of the old text.
            Article.objects.filter(pk__in=report.article_ids).update(analyzed_version=0)
            enqueue_analysis(ids)
        elif ids:
            analyze_articles(
                ids, progress=progress_for(self.stderr, label="analyse", unit="articles", enabled=verbosity > 0)
            )
