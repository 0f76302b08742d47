"""Count queries of list pages and the sitemap at 100,000 articles (issue 20):
what the People and Organizations indexes and /sitemap.xml run per request
to count their entries, now and as first written, side by side in one run.

Run from the project root:  .venv/bin/python benchmarks/bench_counts.py [--articles N] [--db PATH] [--real]

SQLite by default (benchmarks/output/counts-<N>.sqlite3, generated once and
kept); PostgreSQL when DATABASE_URL names it. Each figure is the median of 5
runs after one to warm the caches; "as first written" is the straightforward
query, kept here only as the baseline. Every pair must count the same number,
or the script fails. Then the whole pages over HTTP (the test client).
The generated corpus is all synthetic, which the sitemap leaves out;
``--real`` marks it real, so the article sitemap holds all of it.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import corpus_database_url, ensure_corpus, setup_django  # noqa: E402 - also puts the project on sys.path

RUNS = 5


def median_ms(work) -> tuple[float, object]:
    result = work()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="SQLite file to use (default benchmarks/output/counts-<N>.sqlite3)")
    parser.add_argument(
        "--real", action="store_true", help="mark the corpus real, as an archive of imported pages is (its own file)"
    )
    args = parser.parse_args()
    url = corpus_database_url(args.db, f"counts-{'real-' if args.real else ''}{args.articles}")
    setup_django(url, REQUEST_DB_BUDGET="60", ALLOWED_HOSTS="testserver")
    from django.core.management import call_command

    from archive.models import Article

    call_command("migrate", verbosity=0, skip_checks=True)
    if not args.real or Article.objects.count() < args.articles:
        ensure_corpus(args.articles, args.seed)
    if args.real:
        # The sitemap leaves generated articles out: marked real, they are all in it, as imported pages are.
        if Article.objects.filter(is_synthetic=True).update(is_synthetic=False):
            from django.db import connection

            if connection.vendor == "postgresql":
                # As autovacuum soon would: else every index-only scan still visits the rewritten rows.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE archive_article")

    from django.db import connection, transaction
    from django.test import Client
    from taggit.models import Tag

    from archive.models import Entity, tag_counts
    from archive.views.sitemaps import SITEMAPS, ArticleSitemap, TagSitemap
    from tests.test_list_counts import straightforward_index  # the old query, as the suite pins it

    def first_people(kind, text=""):
        return straightforward_index(kind, text).count()

    pairs = []
    for kind, text in (("person", ""), ("organization", ""), ("person", "an")):
        label = f"/{'people' if kind == 'person' else 'organizations'}/" + (f"?q={text}" if text else "")
        pairs.append(
            (
                f"{label} count",
                lambda k=kind, t=text: first_people(k, t),
                lambda k=kind, t=text: Entity.objects.index_entries(k, t).count(),
            )
        )

    def unindexed(sql):
        """``sql`` as it ran before the real articles' index (migration 0009): without any index."""

        def run():
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL enable_indexscan = off")
                    cursor.execute("SET LOCAL enable_indexonlyscan = off")
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
                    cursor.execute(sql)
                else:
                    cursor.execute(sql.replace("FROM archive_article", "FROM archive_article NOT INDEXED"))
                return cursor.fetchone()[0]

        return run

    real = "FROM archive_article WHERE NOT is_synthetic"
    pairs.append(
        ("sitemap articles count", unindexed(f"SELECT COUNT(*) {real}"), lambda: ArticleSitemap().items().count())
    )
    pairs.append(
        ("sitemap articles newest", unindexed(f"SELECT MAX(captured) {real}"), ArticleSitemap().get_latest_lastmod)
    )
    pairs.append(
        ("sitemap tags count", lambda: tag_counts().order_by("pk").count(), lambda: TagSitemap().items().count())
    )
    for name in ("sources", "entities"):
        pairs.append((f"sitemap {name} count", None, lambda s=SITEMAPS[name]: s().items().count()))

    print(f"{connection.vendor}, {Article.objects.count():,} articles, {Entity.objects.count():,} entities, "
          f"{Tag.objects.count():,} tags; median of {RUNS} ms")  # fmt: skip
    print(f"{'query':32} {'as first written':>17} {'now':>9} {'count':>9}")
    for label, first, now in pairs:
        now_ms, now_n = median_ms(now)
        if first is None:
            print(f"{label:32} {'(unchanged)':>17} {now_ms:9.1f} {now_n!s:>9}")
            continue
        first_ms, first_n = median_ms(first)
        # Raw SQL gives SQLite's datetimes as text: compare to the second.
        assert str(first_n)[:19] == str(now_n)[:19], f"{label}: {first_n} as first written, {now_n} now"
        print(f"{label:32} {first_ms:17.1f} {now_ms:9.1f} {str(now_n)[:19]:>9}")

    client = Client()
    for page in ("/people/", "/organizations/", "/people/?q=an", "/sitemap.xml", "/sitemap-tags.xml"):
        ms, response = median_ms(lambda p=page: client.get(p))
        print(f"GET {page:28} {ms:9.1f} ms  ({response.status_code})")


if __name__ == "__main__":
    main()
