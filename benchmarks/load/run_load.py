"""Load test: gunicorn (2 workers, 127.0.0.1 only) driven by headless locust.

    python benchmarks/load/run_load.py                 # 5 minutes with and without the page cache
    python benchmarks/load/run_load.py --smoke         # 20 seconds each, on a small archive
    python benchmarks/load/run_load.py --cache on --duration 60
    python benchmarks/load/run_load.py --cache-url redis://127.0.0.1:6379/4   # the shared cache
    python benchmarks/load/run_load.py --database postgres://postgres@127.0.0.1:5432/bench_search

The archive is a SQLite database under benchmarks/output/ (git-ignored),
filled by ``manage.py generate_corpus --articles N --seed 1`` when it does not
exist yet, or ``--database``: another SQLite file (the search benchmark's
benchmarks/output/search-100000.sqlite3, say) or a PostgreSQL URL, used as it
is. With ``--cache-url`` (default $CACHE_URL) the cached run uses that shared
cache (Redis) instead of each worker's own memory; the uncached run never
has a cache. For each run it reports sustained requests/s, p50/p95/p99 latency,
errors, and each worker's resident memory (RSS) at the start and end of the
run (sampled every 10 s), as text and as JSON in benchmarks/output/.
Traffic only ever goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
OUTPUT = PROJECT / "benchmarks" / "output"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything else


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=300, help="Seconds per run (default 300).")
    parser.add_argument("--users", type=int, default=8, help="Concurrent simulated readers.")
    parser.add_argument("--cache", choices=["off", "on", "both"], default="both")
    parser.add_argument("--cache-seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="Default: a free port.")
    parser.add_argument("--database", help="A SQLite file or postgres:// URL to serve (used as it is).")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""), help="redis://... for the cached run")
    parser.add_argument("--smoke", action="store_true", help="2,000 articles, 20 s per run.")
    args = parser.parse_args()
    if args.smoke:
        args.articles, args.duration = min(args.articles, 2000), min(args.duration, 20)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    if args.database and args.database.startswith("postgres"):
        db = args.database
    else:
        db = Path(args.database).resolve() if args.database else OUTPUT / f"load-{args.articles // 1000}k.sqlite3"
    env = server_env(db)
    prepare(db, args.articles, env)
    targets = write_targets(db)
    results = []
    for cache in ["off", "on"] if args.cache == "both" else [args.cache]:
        seconds = args.cache_seconds if cache == "on" else 0
        cache_env = {"PAGE_CACHE_SECONDS": str(seconds), "CACHE_URL": args.cache_url if cache == "on" else ""}
        where = f"shared: {args.cache_url}" if args.cache_url else "per worker"
        label = f"on ({where})" if cache == "on" else cache
        if cache == "on" and args.cache_url:
            import redis

            redis.Redis.from_url(args.cache_url).flushdb()  # start cold, as the per-worker cache does
        results.append(run(args, env | cache_env, targets, label))
    report = OUTPUT / f"load-{'smoke' if args.smoke else 'full'}.json"
    report.write_text(json.dumps(results, indent=2))
    print(f"\nwritten {report.relative_to(PROJECT)}")
    sys.exit(1 if any(r["errors"] for r in results) else 0)


def server_env(db: Path | str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "CACHE_URL")}
    return env | {
        "DJANGO_SETTINGS_MODULE": "archive.site.settings",
        "DATABASE_URL": db if isinstance(db, str) else f"sqlite:///{db}",
        "SECRET_KEY": "load-test-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=PROJECT, env=env, check=True)


def prepare(db: Path | str, articles: int, env: dict) -> None:
    if isinstance(db, Path) and not db.exists():
        print(f"== generating {articles} articles into {db.relative_to(PROJECT)} (takes ~1 min per 8,000)")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate_corpus", "--articles", str(articles), "--seed", "1")
    # Production serves hashed static names from a manifest: build it.
    manage(env, "collectstatic", "--noinput", "-v0")


def connect(db: Path | str):
    """A read-only DB-API connection to the archive (SQLite file or PostgreSQL URL)."""
    if isinstance(db, Path):
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    import psycopg

    return psycopg.connect(db)


def write_targets(db: Path | str) -> Path:
    """Article paths newest first (the popular end), tags and entities by use, common title words."""
    with connect(db) as con:
        articles = [
            (pk, f"/articles/{pk}/{slug or '-'}/")
            for pk, slug in con.execute("SELECT id, slug FROM archive_article ORDER BY published DESC, id LIMIT 100000")
        ]
        tags = [
            r[0]
            for r in con.execute(
                "SELECT t.slug FROM taggit_tag t JOIN taggit_taggeditem i ON i.tag_id = t.id "
                "GROUP BY t.id ORDER BY count(*) DESC LIMIT 500"
            )
        ]
        entities = [
            r[0]
            for r in con.execute(
                "SELECT e.slug FROM archive_entity e JOIN archive_mention m ON m.entity_id = e.id "
                "GROUP BY e.id ORDER BY count(*) DESC LIMIT 2000"
            )
        ]
        counts: dict[str, int] = {}
        for (title,) in con.execute("SELECT title FROM archive_article LIMIT 20000"):
            for word in title.lower().split():
                word = word.strip(".,:;!?\"'()")
                if len(word) > 3 and word.isalpha():
                    counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)[:1000]
    path = OUTPUT / "load-targets.json"
    path.write_text(json.dumps({"articles": articles, "tags": tags, "entities": entities, "words": words}))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return sorted(int(p) for p in children.read_text().split()) if children.exists() else []


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout}s")


def run(args, env: dict, targets: Path, cache: str) -> dict:
    port = args.port or free_port()
    base = f"http://{HOST}:{port}"
    print(f"\n== page cache {cache}: gunicorn {args.workers} workers on {base}, {args.users} readers, {args.duration}s")
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "archive.site.wsgi:application", "--workers", str(args.workers),
         "--bind", f"{HOST}:{port}", "--log-level", "warning"],
        cwd=PROJECT, env=env,
    )  # fmt: skip
    try:
        wait_until_up(base + "/")
        workers = worker_pids(gunicorn.pid)
        samples: list[dict] = []
        stop = threading.Event()

        def sample():
            started = time.monotonic()
            while not stop.is_set():
                samples.append({"t": round(time.monotonic() - started), **{str(p): rss_mb(p) for p in workers}})
                stop.wait(10)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load_before = os.getloadavg()[0]
        prefix = OUTPUT / f"locust-{cache.split()[0]}"
        subprocess.run(
            [str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", f"{args.duration}s",
             "--host", base, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
            cwd=PROJECT, env=os.environ | {"LOAD_TARGETS": str(targets)}, check=False,
        )  # fmt: skip
        stop.set()
        sampler.join()
        # This machine may be shared: the load average says how much CPU the run really had.
        load = {"start": round(load_before, 1), "end": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}
        samples.append({"t": "end", **{str(p): rss_mb(p) for p in workers}})
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    return summarize(prefix, cache, args, workers, samples, load)


def summarize(prefix: Path, cache: str, args, workers: list[int], samples: list[dict], load: dict) -> dict:
    with open(f"{prefix}_stats.csv", newline="") as fh:
        rows = {row["Name"]: row for row in csv.DictReader(fh)}
    total = rows["Aggregated"]
    first, last = samples[0], samples[-1]
    result = {
        "page_cache": cache,
        "duration_s": args.duration,
        "users": args.users,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "by_kind": {
            name: {"requests": int(r["Request Count"]), "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"])}
            for name, r in rows.items()
            if name != "Aggregated"
        },
        "worker_rss_mb": {str(p): {"start": round(first[str(p)], 1), "end": round(last[str(p)], 1)} for p in workers},
        "rss_samples": samples,
        "load_average": load,
    }
    print(
        f"   {result['requests_per_s']} req/s, p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
        f"p99 {result['p99_ms']:.0f} ms, {result['errors']} errors of {result['requests']} "
        f"(load average {load['start']} -> {load['end']} on {load['cpus']} CPUs)"
    )
    for pid, rss in result["worker_rss_mb"].items():
        print(f"   worker {pid}: RSS {rss['start']} MB at start, {rss['end']} MB at end")
    return result


if __name__ == "__main__":
    main()
