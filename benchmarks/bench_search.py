"""Search benchmark: 200 fixed queries on a synthetic corpus, p50/p95 per operation,
on SQLite and PostgreSQL side by side, with the naive approach (title/body
icontains, newest first) and, on PostgreSQL, the plain query as baselines.

    .venv/bin/python benchmarks/bench_search.py                      # 100,000 articles, both backends
    .venv/bin/python benchmarks/bench_search.py --articles 1000000   # the million (make bench-million)
    .venv/bin/python benchmarks/bench_search.py --postgres none      # SQLite only
    .venv/bin/python benchmarks/bench_search.py --postgres postgres://postgres@127.0.0.1:5432/other

The SQLite database is benchmarks/output/search-<N>.sqlite3 (git-ignored);
the PostgreSQL one is ``--postgres`` (default $BENCH_POSTGRES_URL, else the
database bench_search on 127.0.0.1; skipped with a message when the server
does not answer). Each is generated on first use with ``generate_corpus``
(same seed, so the same articles) and reused afterwards; both backends run
the same query list, each in its own process, one after the other. Timings
are taken after one warm-up pass (warm caches, as a running site has).

Operations:
  page      ranked top 20 with snippets and the (capped) total count
  facets    the same plus facet counts
  tags      two-tag intersection, newest 20 (with count)
  http      the whole results page through Django's test client
  naive     Article.objects.filter(title__icontains | body__icontains) (every word must
            match): its count and newest 20, as a results page needs; on every
            --naive-every'th text query, beside the search page (newest 20 + count)
  plain     PostgreSQL only: websearch_to_tsquery, every match ranked by ts_rank,
            ts_headline on the top 20, and a full count (default planner settings),
            on every --plain-every'th text query
Then, on PostgreSQL, EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of
each query kind's slowest query.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import corpus_database_url, ensure_corpus, setup_django  # noqa: E402 - also puts the project on sys.path

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/bench_search"
KEYS = ("page", "facets", "tags", "http", "http_query", "naive", "naive_fast", "plain")
ROWS = [
    ("ranked page: top 20 + snippets + count", "page"),
    ("  with facet counts", "facets"),
    ("two-tag intersection, newest 20 + count", "tags"),
    ("whole results page over HTTP", "http"),
    ("  HTTP minus the query (same query)", "http_query"),
    ("naive icontains: count + newest 20", "naive"),
    ("  search: count + newest 20 (same queries)", "naive_fast"),
    ("plain PG: ts_rank all + headline + count", "plain"),
]
TEXT_KINDS = ("common", "rare", "phrase")


def setup(args) -> str:
    url = args.child_url or corpus_database_url(args.db, f"search-{args.articles}")
    setup_django(url, ALLOWED_HOSTS="testserver")
    return url


def build_queries(n: int, seed: int) -> list[tuple[str, str]]:
    """(kind, query) -- a fixed mix drawn from the corpus itself."""
    from django.db import connection

    from archive.management.corpus import Pools
    from archive.models import Article
    from archive.search.query import STOPWORDS

    rng = random.Random(seed)
    pools = Pools(seed)
    vocab = [w for w in pools.vocab.tolist() if w not in STOPWORDS]
    rank = {w: i for i, w in enumerate(vocab)}
    max_id = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:

        def sample_article():
            while True:
                pk = rng.randint(1, max_id)
                cursor.execute("SELECT title, body FROM archive_article WHERE id = %s", [pk])
                row = cursor.fetchone()
                if row:
                    return pk, row

        def names(pk, kind):
            cursor.execute(
                "SELECT value_id FROM archive_search_posting WHERE article_id = %s AND kind = %s ORDER BY value_id",
                [pk, kind],
            )
            return [r[0] for r in cursor.fetchall()]

        from taggit.models import Tag

        from archive.models import Entity, Source

        queries = []
        share = {"common": 0.25, "rare": 0.2, "phrase": 0.15, "filter": 0.2, "tags": 0.2}
        for kind, part in share.items():
            for _ in range(round(n * part)):
                if kind == "common":
                    words = rng.sample(vocab[:300], rng.choice([1, 1, 2]))
                    queries.append((kind, " ".join(words)))
                elif kind == "rare":
                    # The rarest word of a random article: rare, but present.
                    _, (_, body) = sample_article()
                    words = {w.strip(".,").lower() for w in body.split()} - STOPWORDS
                    queries.append((kind, max(words, key=lambda w: rank.get(w, -1))))
                elif kind == "phrase":
                    _, (_, body) = sample_article()
                    words = [w.strip(".,").lower() for w in body.split()]
                    i = rng.randrange(len(words) - 3)
                    queries.append((kind, '"' + " ".join(words[i : i + rng.choice([2, 3])]) + '"'))
                elif kind == "filter":
                    pk, (title, _) = sample_article()
                    word = rng.choice([w for w in title.lower().split() if w not in STOPWORDS] or ["said"])
                    choice = rng.randrange(4)
                    if choice == 0:
                        tag = Tag.objects.get(pk=rng.choice(names(pk, 1))).name
                        queries.append((kind, f'{word} tag:"{tag}"'))
                    elif choice == 1:
                        person = Entity.objects.get(pk=rng.choice(names(pk, 4) or names(pk, 3))).name
                        queries.append((kind, f'{word} person:"{person}"'))
                    elif choice == 2:
                        source = Source.objects.get(pk=names(pk, 2)[0]).slug
                        queries.append((kind, f"{word} source:{source}"))
                    else:
                        year = rng.randrange(2006, 2025)
                        queries.append((kind, f"{word} after:{year}-01-01 before:{year + 2}-01-01"))
                else:
                    pk, _ = sample_article()
                    a, b = rng.sample(names(pk, 1), 2)
                    tags = dict(Tag.objects.filter(pk__in=[a, b]).values_list("pk", "name"))
                    queries.append((kind, f'tag:"{tags[a]}" tag:"{tags[b]}"'))
    return queries[:n]


CPU: dict[str, list[float]] = {}


def timed(fn, key: str | None = None) -> float:
    """Wall-clock ms; the process CPU ms goes to CPU[key] (on a shared machine
    CPU time shows the work done, wall time also the waiting for a core)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    if key:
        CPU.setdefault(key, []).append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(args) -> dict:
    """One backend: the timings of every operation, printed and returned."""
    url = setup(args)
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    from archive.models import Article

    ensure_corpus(args.articles, args.seed)
    total = Article.objects.count()
    if args.queries_in:
        queries = [tuple(q) for q in json.loads(Path(args.queries_in).read_text())]
    else:
        queries = build_queries(args.queries, args.seed)
    vendor = connection.vendor
    print(f"database: {vendor} ({url.split('@')[-1]}), {total:,} articles, {len(queries)} queries", flush=True)
    pg = vendor == "postgresql"
    if pg:
        import pg_plans

    def page(q, sort=None):
        results = Article.objects.search(q, sort=sort)
        return results, results.total, results[0:20]

    def with_facets(q):
        results, _, _ = page(q)
        return results.facets

    def naive(q):
        """What a results page costs with substring matching: its count and newest 20."""
        qs = Article.objects.all()
        for word in q.replace('"', " ").split():
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
        return qs.count(), list(qs.newest()[:20])

    client = Client()
    for _, q in queries:  # warm-up pass
        with_facets(q)
    times = {k: [] for k in KEYS}
    by_kind, worst = {}, {}
    text_i = 0
    for i, (kind, q) in enumerate(queries):
        if kind == "tags":
            times["tags"].append(timed(lambda q=q: page(q, "newest"), "tags"))
        t_page = timed(lambda q=q: page(q), "page")
        times["page"].append(t_page)
        by_kind.setdefault(kind, []).append(t_page)
        t_facets = timed(lambda q=q: with_facets(q), "facets")
        times["facets"].append(t_facets)
        if t_facets > worst.get(kind, (0, ""))[0]:
            worst[kind] = (t_facets, q)
        if i % args.http_every == 0:
            t_http = timed(lambda q=q: client.get("/search/", {"q": q}), "http")
            times["http"].append(t_http)
            times["http_query"].append(t_http - t_facets)
        if kind in TEXT_KINDS:
            if text_i % args.naive_every == 0:
                times["naive"].append(timed(lambda q=q: naive(q), "naive"))
                times["naive_fast"].append(timed(lambda q=q: page(q, "newest"), "naive_fast"))
            if pg and text_i % args.plain_every == 0:
                t_plain = timed(lambda q=q: pg_plans.plain(q), "plain")
                times["plain"].append(t_plain)
                by_kind.setdefault(f"plain {kind}", []).append(t_plain)
            text_i += 1
        if (i + 1) % 50 == 0:
            print(f"  {i + 1} queries", flush=True)

    print(f"\n{'operation':<44}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'cpu p50':>10}{'cpu p95':>10}")
    for label, key in ROWS:
        v = times[key]
        if v:
            c = CPU.get(key)
            cpu = f"{pct(c, 50):>10.1f}{pct(c, 95):>10.1f}" if c else ""
            print(f"{label:<44}{len(v):>5}{pct(v, 50):>10.1f}{pct(v, 95):>10.1f}{max(v):>10.1f}{cpu}")
    print("\nranked page by query kind:")
    for kind, v in by_kind.items():
        print(f"  {kind:<42}{len(v):>5}{pct(v, 50):>10.1f}{pct(v, 95):>10.1f}{max(v):>10.1f}")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"\nnote: load average {load:.1f} on {os.cpu_count()} cores while measuring")
    if times["naive"]:
        ratio = statistics.median(times["naive"]) / statistics.median(times["naive_fast"])
        ratio_ranked = statistics.median(times["naive"]) / statistics.median(times["page"])
        print(
            f"\nnaive / search, ratio of medians: {ratio:.0f}x (count + newest 20, same queries); "
            f"{ratio_ranked:.0f}x against the ranked page"
        )
    if pg and args.explain:
        print("\nEXPLAIN (ANALYZE, BUFFERS): the slowest statement of each kind's slowest query (page + facets)")
        for kind, (_, q) in worst.items():
            plans = pg_plans.explain_run(lambda q=q: with_facets(q))
            if not plans:
                continue
            ms, sql, plan = plans[0]
            each = ", ".join(f"{p[0]:.1f}" for p in plans)
            print(f"\n-- {kind}: {q!r}: {len(plans)} statements, EXPLAIN times {each} ms")
            print(f"-- buffers of each: {'; '.join(pg_plans.buffers(p[2]) or '-' for p in plans)}")
            print(plan)
    return {"vendor": vendor, "articles": total, "times": times, "by_kind": by_kind, "load": load, "queries": queries}


def child(args, backend: str, url: str | None, queries: Path, out: Path) -> dict | None:
    """Measure one backend in a process of its own (Django runs on one database per process)."""
    cmd = [sys.executable, __file__, "--articles", str(args.articles), "--seed", str(args.seed)]
    cmd += ["--queries", str(args.queries), "--naive-every", str(args.naive_every)]
    cmd += ["--http-every", str(args.http_every), "--plain-every", str(args.plain_every), "--json-out", str(out)]
    cmd += ["--queries-in", str(queries)] if queries.exists() else ["--queries-out", str(queries)]
    cmd += ["--child-url", url] if url else (["--db", args.db] if args.db else [])
    cmd += [] if args.explain else ["--no-explain"]
    print(f"\n===== {backend} =====", flush=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if subprocess.run(cmd, env=env).returncode != 0:
        raise SystemExit(f"the {backend} run failed")
    return json.loads(out.read_text())


def reachable(url: str) -> bool:
    script = Path(__file__).resolve().parents[1] / "scripts" / "pg_reachable.py"
    return subprocess.run([sys.executable, str(script), url]).returncode == 0


def side_by_side(runs: dict) -> None:
    sqlite, pg = runs.get("sqlite"), runs.get("postgresql")
    print(f"\n===== side by side, {sqlite['articles']:,} articles (p50 / p95 ms) =====")
    print(f"{'operation':<44}{'SQLite':>18}{'PostgreSQL':>18}{'PG/SQLite p95':>15}")
    for label, key in ROWS:
        a, b = sqlite["times"][key], pg["times"][key] if pg else []
        if not a and not b:
            continue
        cell = lambda v: f"{pct(v, 50):.1f} / {pct(v, 95):.1f}" if v else "-"  # noqa: E731
        ratio = f"{pct(b, 95) / pct(a, 95):.2f}x" if a and b and pct(a, 95) else ""
        print(f"{label:<44}{cell(a):>18}{cell(b):>18}{ratio:>15}")
    kinds = list(dict.fromkeys([*sqlite["by_kind"], *(pg["by_kind"] if pg else [])]))
    print("ranked page by query kind:")
    for kind in kinds:
        a, b = sqlite["by_kind"].get(kind, []), pg["by_kind"].get(kind, []) if pg else []
        cell = lambda v: f"{pct(v, 50):.1f} / {pct(v, 95):.1f}" if v else "-"  # noqa: E731
        print(f"  {kind:<42}{cell(a):>18}{cell(b):>18}")
    if pg and pg["times"]["plain"]:
        plain95 = pct(pg["times"]["plain"], 95)
        print(f"PostgreSQL ranked page p95 / plain query p95: {pct(pg['times']['page'], 95) / plain95:.2f}")
    print(f"load average while measuring: SQLite {sqlite['load']:.1f}, PostgreSQL {pg['load'] if pg else 0:.1f}"
          f" on {os.cpu_count()} cores")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", help="SQLite file (default benchmarks/output/search-N.sqlite3)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="PostgreSQL database to run on beside SQLite ('none': SQLite only)",
    )
    parser.add_argument("--naive-every", type=int, default=4, help="run the naive query on every k-th text query")
    parser.add_argument("--plain-every", type=int, default=2, help="run the plain PG query on every k-th text query")
    parser.add_argument("--http-every", type=int, default=2, help="fetch the page over HTTP for every k-th query")
    parser.add_argument("--no-explain", dest="explain", action="store_false", help="skip EXPLAIN on PostgreSQL")
    # Internal: one backend's run, in a process of its own.
    parser.add_argument("--child-url", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", help=argparse.SUPPRESS)
    parser.add_argument("--queries-in", help=argparse.SUPPRESS)
    parser.add_argument("--queries-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    legacy = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if args.json_out or legacy:  # one backend, in this process
        if legacy and not args.child_url:
            args.child_url = os.environ["DATABASE_URL"]
        result = measure(args)
        if args.queries_out:
            Path(args.queries_out).write_text(json.dumps(result["queries"]))
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        queries = Path(tmp) / "queries.json"
        runs = {"sqlite": child(args, "SQLite", None, queries, Path(tmp) / "sqlite.json")}
        if args.postgres != "none" and reachable(args.postgres):
            runs["postgresql"] = child(args, "PostgreSQL", args.postgres, queries, Path(tmp) / "pg.json")
        elif args.postgres != "none":
            print(f"\n== SKIPPED PostgreSQL: not reachable at {args.postgres} ==")
    side_by_side(runs)


if __name__ == "__main__":
    main()
