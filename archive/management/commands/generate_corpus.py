"""python manage.py generate_corpus --articles N --seed S : synthetic articles for benchmarks.

Articles are marked ``is_synthetic`` and identified as
``synthetic.invalid/<seed>/<n>``; running again with the same seed appends
the next N. Worker processes draw the text while this process writes, in
one transaction per batch: articles and captures through ``bulk_create``,
the many link rows (tags, authors, mentions) through ``executemany``. The
search index rows follow set-wise, from the same posting rules as the
triggers and the rebuild (``archive.search.postings``), with the index
triggers off for the batch's transaction: a trigger per row would cost
more than the rows.
"""

from __future__ import annotations

import collections
import multiprocessing
import time
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify
from taggit.models import Tag

from archive.management.progress import Progress
from archive.models import Article, Entity, EntityAlias, Source
from archive.nlp.names import normalize_name
from archive.search import corpus, index, schema

# Articles per transaction: each commit flushes a new FTS5 segment that later
# merges cost time, so larger batches load faster (2,000 -> 10,000: +20% at a million).
BATCH = 10_000
_POOLS: corpus.Pools | None = None  # inherited by forked workers


def _generate(args):
    seed, first, count = args
    return corpus.make_articles(_POOLS, seed, first, count)


def _ahead(pool, jobs, window: int):
    """Results in order, with at most ``window`` batches drawn ahead of the
    writer (Pool.imap would draw them all and hold them in memory)."""
    pending = collections.deque()
    for job in jobs:
        pending.append(pool.apply_async(_generate, (job,)))
        if len(pending) > window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class Command(BaseCommand):
    help = "Write N synthetic articles (for benchmarks), deterministic for a given seed."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--workers", type=int, default=2, help="Processes drawing text (0: this one).")
        parser.add_argument("--no-optimize", action="store_true", help="Skip merging the index at the end.")

    def handle(self, *args, articles, seed, workers, no_optimize, verbosity=1, **options):
        global _POOLS
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        started = time.monotonic()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                # A bulk load: a large page cache keeps the index b-trees in
                # memory; each batch is still one transaction.
                cursor.execute("PRAGMA cache_size = -1000000")
                cursor.execute("PRAGMA synchronous = NORMAL")
        _POOLS = corpus.Pools(seed)
        refs = self._store_pools(_POOLS, seed)
        prefix = f"synthetic.invalid/{seed}/"
        first_n = Article.objects.filter(identifier__startswith=prefix).count()
        next_id = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        jobs = [(seed, first_n + i, min(BATCH, articles - i)) for i in range(0, articles, BATCH)]
        progress = Progress(self.stderr, total=articles, label="generate", unit="articles", enabled=verbosity > 0)
        if workers > 0:
            pool = multiprocessing.get_context("fork").Pool(workers)
            batches = _ahead(pool, jobs, 2 * workers)
        else:
            pool, batches = None, map(_generate, jobs)
        try:
            for batch in batches:
                self._write(batch, next_id, prefix, refs)
                next_id += len(batch)
                progress.step(n=len(batch))
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        progress.done()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Article]):
                cursor.execute(sql)
        written = time.monotonic() - started
        if not no_optimize:
            index.optimize_index(connection)
        total = time.monotonic() - started
        if verbosity > 0:
            self.stdout.write(
                f"{articles} synthetic articles in {total:.1f}s ({articles / max(total, 1e-9):.0f}/s; "
                f"writing and indexing {written:.1f}s, optimizing {total - written:.1f}s)"
            )

    def _store_pools(self, pools: corpus.Pools, seed: int) -> dict:
        """Sources, tags and entities of the pools, created once per seed; maps
        of pool index -> database id."""
        with transaction.atomic():
            src = [(n, f"{slugify(n)}-s{seed}") for n in pools.sources]
            Source.objects.bulk_create(
                [Source(name=n, slug=s, domain=f"{s}.synthetic.invalid") for n, s in src], ignore_conflicts=True
            )
            by_slug = dict(Source.objects.filter(slug__in=[s for _, s in src]).values_list("slug", "pk"))
            sources = [by_slug[s] for _, s in src]
            Tag.objects.bulk_create([Tag(name=n, slug=slugify(n)) for n in pools.tags], ignore_conflicts=True)
            by_name = dict(Tag.objects.filter(name__in=pools.tags).values_list("name", "pk"))
            tags = [by_name[n] for n in pools.tags]
            people = self._entities(pools.people, Entity.Kind.PERSON, seed, "p", "Synthetic public figure")
            orgs = self._entities(pools.orgs, Entity.Kind.ORGANIZATION, seed, "o", "Synthetic organization")
            authors = self._entities(pools.authors, Entity.Kind.PERSON, seed, "a", "Synthetic reporter")
            # Surnames as aliases for the best-known people, as the analysis would find them.
            EntityAlias.objects.bulk_create(
                [
                    EntityAlias(entity_id=people[i], name=n.split()[-1], key=normalize_name(n.split()[-1]))
                    for i, n in enumerate(pools.people[:1000])
                ],
                ignore_conflicts=True,
            )
        return {"sources": sources, "tags": tags, "people": people, "orgs": orgs, "authors": authors}

    def _entities(self, names, kind, seed, code, description) -> list[int]:
        rows = [(n, f"{slugify(n)}-s{seed}{code}") for n in names]
        Entity.objects.bulk_create(
            [Entity(name=n, slug=s, kind=kind, key=normalize_name(n), description=description) for n, s in rows],
            ignore_conflicts=True,
        )
        by_slug = {}
        slugs = [s for _, s in rows]
        for i in range(0, len(slugs), 900):  # stay under SQLite's parameter limit
            by_slug.update(Entity.objects.filter(slug__in=slugs[i : i + 900]).values_list("slug", "pk"))
        return [by_slug[s] for s in slugs]

    def _write(self, batch, first_id: int, prefix: str, refs: dict) -> None:
        """One batch in one transaction, as raw rows: model instances would
        cost more than the rest of the work together."""
        ops = connection.ops
        now = ops.adapt_datetimefield_value(datetime.now(UTC))
        ct = ContentType.objects.get_for_model(Article).pk
        articles, captures, tagged, authors, mentions = [], [], [], [], []
        for i, a in enumerate(batch):
            pk = first_id + i
            url = f"https://{prefix}{a.n}"
            published = ops.adapt_datetimefield_value(a.published)
            words = a.body.count(" ") + a.body.count("\n\n") + 1
            byline = "By " + " and ".join(_POOLS.authors[j] for j in a.authors)
            summary = a.body[: a.body.find("\n\n")]
            source_id = refs["sources"][a.source]
            for idx, label, start, end, text in a.mentions:
                entity = refs["people"][idx] if label == "PERSON" else refs["orgs"][idx]
                mentions.append((pk, entity, start, end, text, label))
            values = {
                "id": pk,
                "identifier": prefix + str(a.n),
                "url": url,
                "title": a.title,
                "slug": slugify(a.title)[:100],
                "source_id": source_id,
                "byline": byline,
                "published": published,
                "captured": published,
                "language": "en",
                "read_time": Article.estimate_read_time(words),
                "word_count": words,
                "body": a.body,
                "summary": summary,
                "is_synthetic": True,
                "search_facets": "",  # written with the index rows, below
            }
            articles.append([values.get(c, d) for c, d in self._article_columns])
            captures.append((pk, published, now, "text", url, a.raw, a.sha, len(a.raw), '{"synthetic": true}'))
            tagged += [(ct, pk, refs["tags"][t]) for t in a.tags]
            authors += [(pk, refs["authors"][j], pos) for pos, j in enumerate(a.authors)]
        columns = ", ".join(connection.ops.quote_name(c) for c, _ in self._article_columns)
        marks = ", ".join(["%s"] * len(self._article_columns))
        with transaction.atomic(), schema.writing_index_directly(connection), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO archive_article ({columns}) VALUES ({marks})", articles)
            cursor.executemany(
                "INSERT INTO archive_capture (article_id, captured, imported, format, url, raw, sha256, size, fields) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                captures,
            )
            cursor.executemany(
                "INSERT INTO taggit_taggeditem (content_type_id, object_id, tag_id) VALUES (%s, %s, %s)", tagged
            )
            cursor.executemany(
                "INSERT INTO archive_articleauthor (article_id, entity_id, position) VALUES (%s, %s, %s)", authors
            )
            cursor.executemany(
                'INSERT INTO archive_mention (article_id, entity_id, start, "end", text, label) '
                "VALUES (%s, %s, %s, %s, %s, %s)",
                mentions,
            )
            # The index rows the triggers would have written, from the same posting rules.
            index.index_written(connection, first_id, first_id + len(batch) - 1)

    @property
    def _article_columns(self):
        """(column, default) for every article column, so a field added to the
        model later gets its default instead of breaking the raw insert."""
        if not hasattr(self, "_columns"):
            self._columns = [
                (f.column, f.get_db_prep_save(f.get_default(), connection)) for f in Article._meta.concrete_fields
            ]
        return self._columns
