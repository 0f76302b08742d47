"""python manage.py export_articles [--output FILE]: JSON Lines that import_articles reads back."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch
from django.utils.dateparse import parse_date

from archive.export.jsonl import article_record
from archive.filters import find_source, find_tag
from archive.models import Article, Capture


def _found(thing, option: str, value: str, kind: str, page: str):
    """What the archive's filters found for an option, or a clear error naming what to give instead."""
    if thing is None:
        what = "name or slug" if kind == "tag" else "name, slug or domain"
        raise CommandError(f"{option}: no {kind} named {value.strip()!r} (give its {what}, as on {page}).")
    return thing


class Command(BaseCommand):
    help = "Export articles with all their captures as JSON Lines (one article per line)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write (default: standard output).")
        parser.add_argument(
            "--tag", action="append", default=[], help="Only articles with this tag, by name or slug (repeatable: all)."
        )
        parser.add_argument("--source", help="Only articles from this source, by name, slug or domain.")
        parser.add_argument("--since", help="Only articles published on or after YYYY-MM-DD.")
        parser.add_argument("--until", help="Only articles published on or before YYYY-MM-DD.")
        parser.add_argument(
            "--format", choices=["jsonl", "warc"], default="jsonl", help="jsonl (default) or warc (.gz: compressed)."
        )

    def handle(self, output="-", tag=(), source=None, since=None, until=None, format="jsonl", **options):
        # defer(None): a web capture's WARC exchange, which the manager leaves unloaded, goes out with its bytes.
        captures = Prefetch("captures", Capture.objects.defer(None))
        articles = Article.objects.select_related("source").prefetch_related("authorships__entity", "tags", captures)
        if tag:
            articles = articles.tagged_all([_found(find_tag(t), "--tag", t, "tag", "/tags/").slug for t in tag])
        if source:
            articles = articles.filter(source=_found(find_source(source), "--source", source, "source", "/sources/"))
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
        from archive.export.warc import export_warc

        gzip = output.endswith(".gz")
        if output == "-":
            count = export_warc(articles, self.stdout._out.buffer)
        else:
            with open(output, "wb") as out:
                count = export_warc(articles, out, gzip=gzip, filename=output.rsplit("/", 1)[-1])
        self.stderr.write(f"exported {count} captures")
