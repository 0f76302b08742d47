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

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from archive.management import corpus
from archive.management.progress import Progress
from archive.models import Article
from archive.search import index

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
        writer = corpus.Writer(_POOLS, seed)
        first_n = writer.written()
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
                writer.write(batch, next_id)
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
