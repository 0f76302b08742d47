"""python manage.py export_articles [--output FILE]: JSON Lines that import_articles reads back."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from archive.ingest.jsonl import article_record
from archive.models import Article


class Command(BaseCommand):
    help = "Export articles with all their captures as JSON Lines (one article per line)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write (default: standard output).")
        parser.add_argument("--tag", action="append", default=[], help="Only articles with this tag (repeatable: all).")
        parser.add_argument("--source", help="Only articles from this source (slug or domain).")
        parser.add_argument("--since", help="Only articles published on or after YYYY-MM-DD.")
        parser.add_argument("--until", help="Only articles published on or before YYYY-MM-DD.")
        parser.add_argument(
            "--format", choices=["jsonl", "warc"], default="jsonl", help="jsonl (default) or warc (.gz: compressed)."
        )

    def handle(self, output="-", tag=(), source=None, since=None, until=None, format="jsonl", **options):
        articles = Article.objects.select_related("source").prefetch_related("authorships__entity", "tags", "captures")
        if tag:
            articles = articles.tagged_all([t.lower() for t in tag])
        if source:
            articles = articles.filter(source__slug=source) | articles.filter(source__domain=source)
        for name, value, lookup in (
            ("--since", since, "published__date__gte"),
            ("--until", until, "published__date__lte"),
        ):
            if value:
                day = parse_date(value)
                if day is None:
                    raise CommandError(f"{name} must be a date as YYYY-MM-DD, not {value!r}")
                articles = articles.filter(**{lookup: day})
        if format == "warc":
            return self._warc(articles, output)
        out = self.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            for article in articles.order_by("pk").iterator(chunk_size=200):
                # ASCII-escaped so no line separator inside a string can split a line.
                out.write(json.dumps(article_record(article)) + "\n", **({"ending": ""} if out is self.stdout else {}))
                count += 1
        finally:
            if out is not self.stdout:
                out.close()
        self.stderr.write(f"exported {count} articles")

    def _warc(self, articles, output):
        from archive.ingest.warc_export import export_warc

        gzip = output.endswith(".gz")
        if output == "-":
            count = export_warc(articles, self.stdout._out.buffer)
        else:
            with open(output, "wb") as out:
                count = export_warc(articles, out, gzip=gzip, filename=output.rsplit("/", 1)[-1])
        self.stderr.write(f"exported {count} captures")
