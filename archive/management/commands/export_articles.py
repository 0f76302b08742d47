"""python manage.py export_articles [--output FILE]: JSON Lines that import_articles reads back."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.dateparse import parse_date
from django.utils.text import slugify
from taggit.models import Tag

from archive.export.jsonl import article_record
from archive.models import Article, Source


def find_tag(value: str) -> Tag:
    """A tag by slug or by name, in any case: "Donald Trump", "donald trump" or "donald-trump"."""
    value = value.strip()
    tag = (
        Tag.objects.filter(slug=value.lower()).first()
        or Tag.objects.filter(name__iexact=value).order_by("pk").first()
        or Tag.objects.filter(slug=slugify(value)).first()
    )
    if tag is None:
        raise CommandError(f"--tag: no tag named {value!r} (give its name or slug, as on /tags/).")
    return tag


def find_source(value: str) -> Source:
    """A source by slug, domain or name, in any case."""
    value = value.strip()
    source = (
        Source.objects.filter(Q(slug=value.lower()) | Q(domain__iexact=value)).order_by("pk").first()
        or Source.objects.filter(name__iexact=value).order_by("pk").first()
    )
    if source is None:
        raise CommandError(f"--source: no source named {value!r} (give its name, slug or domain, as on /sources/).")
    return source


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
        articles = Article.objects.select_related("source").prefetch_related("authorships__entity", "tags", "captures")
        if tag:
            articles = articles.tagged_all([find_tag(t).slug for t in tag])
        if source:
            articles = articles.filter(source=find_source(source))
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
