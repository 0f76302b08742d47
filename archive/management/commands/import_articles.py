"""python manage.py import_articles PATH... : text pages, HTML, WARC, JSONL."""

import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.runner import Importer, iter_files
from archive.management.progress import Progress


class Command(BaseCommand):
    help = "Import article files and folders (text pages, HTML, WARC, JSON Lines); the format is detected by content."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--url", default="", help="Original URL of a single HTML or text page.")
        parser.add_argument("--no-analyze", action="store_true", help="Skip entity and attribution analysis.")

    def handle(self, *args, paths=(), url="", no_analyze=False, verbosity=1, **options):
        if url and len(paths) > 1:
            raise CommandError("--url names the original URL of one page: give exactly one PATH with it.")
        # Listing the files first gives the progress its total (a WARC or JSONL file holds many pages).
        files = list(iter_files(list(paths)))
        progress = Progress(self.stderr, total=len(files), label="import", unit="files", enabled=verbosity > 0)
        pages = {"n": 0}

        def on_result(where, outcome):
            pages["n"] += 1
            progress.note(f"{pages['n']:,} pages; {outcome.value}: {where}")

        importer = Importer(url=url, on_result=on_result)
        for path in files:
            importer.import_file(path)
            progress.step()
        report = importer.report
        progress.done()
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        if report.article_ids and not no_analyze:
            self._analyze(report.article_ids, verbosity)
        if verbosity > 0:
            self.stdout.write(report.summary())
        if report.failed:
            sys.exit(1)

    def _analyze(self, article_ids, verbosity):
        from archive.nlp.store import analyze_articles

        analyze_articles(article_ids, stderr=self.stderr if verbosity > 0 else None)
