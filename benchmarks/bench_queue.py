"""Analysis throughput on the task queue (issue 18): 1 and 2 worker processes
against the in-process path, on the same synthetic articles.

    python benchmarks/bench_queue.py [--articles 240] [--per-task 8]

Needs a broker: QUEUE_URL, else Redis at 127.0.0.1:6379 db 13 (the benchmark
uses a queue of its own name there). The database is a SQLite file of the
benchmark's own (benchmarks/output/bench_queue.sqlite3, made afresh), or
DATABASE_URL when it names PostgreSQL: a database the benchmark may empty.

Each queue run starts its workers and waits until they are ready (the spaCy
model loaded), then times from the enqueue to the last task done; the
in-process runs time ``analyze_articles`` with the model already loaded (in a
process of their own). The
target: 2 workers give at least 1.8x the throughput of one. Both share this
machine's cores with whatever else runs: the figures say how loaded it was
(the load average before and after).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid

from common import ROOT, corpus_database_url, setup_django

WAIT = 1800


def _unreachable(url: str) -> str:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - whatever the transport raises
        return f"{type(exc).__name__}: {exc}"
    return ""


def _env(database_url: str, queue_url: str, queue: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "QUEUE_", "CACHE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.site.settings",
        SECRET_KEY="benchmark-only",
        DATABASE_URL=database_url,
        QUEUE_URL=queue_url,
        QUEUE_NAME=queue,
    )
    return env


def _start_workers(count: int, env: dict, logs: list) -> list[subprocess.Popen]:
    workers = []
    for n in range(count):
        log = ROOT / "benchmarks" / "output" / f"bench_queue_worker{n + 1}.log"
        logs.append(log)
        workers.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "celery", "-A", "archive.site.celery", "worker", "--pool=prefork"]
                + ["--concurrency=1", f"--hostname=bench{n + 1}@%h", "--without-mingle", "--without-gossip"]
                + ["--without-heartbeat", "--loglevel=WARNING", "-Q", env["QUEUE_NAME"]],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def _wait_ready(workers, logs) -> None:
    """A worker is ready when it answers a ping (it then has its model loaded)."""
    from archive.queue.app import app

    deadline = time.monotonic() + 300
    while True:
        assert all(w.poll() is None for w in workers), [log.read_text()[-2000:] for log in logs]
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= len(workers):
            return
        assert time.monotonic() < deadline, "workers did not start"


def _stop(workers) -> None:
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def _reset() -> int:
    from archive.models import Article, QueueTask

    QueueTask.objects.all().delete()
    return Article.objects.update(analyzed_version=0)


def run_in_process(processes: int, batch: int, env: dict) -> float:
    """In a process of its own: this one has the broker client's threads by now, and forking
    spaCy processes under them can deadlock."""
    _reset()
    script = (
        "import time; from archive.nlp import model; from archive.nlp.store import analyze_articles; model.load();"
        f"start = time.perf_counter(); done = analyze_articles(batch_size={batch}, workers={processes});"
        "print(done, time.perf_counter() - start)"
    )
    run = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-v0", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    done, elapsed = run.stdout.split()
    return int(done) / float(elapsed)


def run_queue(workers: int, env: dict, per_task: int) -> tuple[float, dict]:
    from django.db.models import Count, Max, Min

    from archive.models import QueueTask
    from archive.queue.enqueue import enqueue_analysis

    count = _reset()
    logs: list = []
    procs = _start_workers(workers, env, logs)
    try:
        _wait_ready(procs, logs)
        start = time.perf_counter()
        queued, _ = enqueue_analysis(per_task=per_task)
        assert queued == count
        deadline = time.monotonic() + WAIT
        while QueueTask.objects.active().exists():
            assert time.monotonic() < deadline, [log.read_text()[-2000:] for log in logs]
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
    finally:
        _stop(procs)
    span = QueueTask.objects.aggregate(first=Min("started"), last=Max("finished"), enqueued=Min("enqueued"))
    # Summed task time over the wall time: about N when N workers were busy throughout, so a shortfall
    # against N x the one-worker rate with it near N is cores taken by others, not the queue waiting.
    busy = sum((t.finished - t.started).total_seconds() for t in QueueTask.objects.all()) / elapsed
    print(
        f"  queue, {workers} worker(s): {elapsed:.1f} s from the enqueue to the last task done; first task started "
        f"{(span['first'] - span['enqueued']).total_seconds():.1f} s after the first was queued; "
        f"workers busy {busy:.2f} of {workers}; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    failed = QueueTask.objects.filter(state=QueueTask.State.FAILED).count()
    assert failed == 0, f"{failed} tasks failed"
    by_worker = dict(QueueTask.objects.order_by().values_list("worker").annotate(n=Count("pk")))
    return count / elapsed, by_worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--per-task", type=int, default=8)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--rounds", type=int, default=2, help="Each path this many times; the best is shown.")
    args = parser.parse_args()

    queue_url = os.environ.get("QUEUE_URL") or "redis://127.0.0.1:6379/13"
    why = _unreachable(queue_url)
    if why:
        # `make bench` runs every benchmark: without a broker this one has nothing to measure.
        print(f"SKIPPED: no task queue broker at {queue_url} ({why}); set QUEUE_URL to a reachable one")
        return
    queue = f"bench-queue-{uuid.uuid4().hex[:8]}"
    database_url = corpus_database_url(None, "bench_queue")
    if database_url.startswith("sqlite"):
        path = ROOT / "benchmarks" / "output" / "bench_queue.sqlite3"
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    os.environ.update(QUEUE_URL=queue_url, QUEUE_NAME=queue)
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Article

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("generate_corpus", articles=args.articles, seed=args.seed, verbosity=0)
    words = sum(Article.objects.values_list("word_count", flat=True))
    print(f"{args.articles} synthetic articles, {words:,} words, on {connection.vendor}; broker {queue_url}")
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    env = _env(database_url, queue_url, queue)
    rows: dict[str, list] = {}
    # Rounds alternate the paths, so a neighbour's load falls on each of them alike.
    for _ in range(args.rounds):
        rows.setdefault("in-process, 1 process", []).append((run_in_process(1, args.per_task, env), None))
        rows.setdefault("in-process, 2 processes", []).append((run_in_process(2, args.per_task, env), None))
        for workers in (1, 2):
            rate, by_worker = run_queue(workers, env, args.per_task)
            rows.setdefault(f"queue, {workers} worker{'s' if workers > 1 else ''}", []).append((rate, by_worker))
    print(f"{'path':28}{'articles/s (best of rounds)':>28}  tasks by worker")
    best = {}
    for name, runs in rows.items():
        rate, by_worker = max(runs, key=lambda run: run[0])
        best[name] = rate
        print(f"{name:28}{rate:>28.2f}  {', '.join(str(n) for n in by_worker.values()) if by_worker else ''}")
    print(f"2 workers / 1 worker: {best['queue, 2 workers'] / best['queue, 1 worker']:.2f}x (target >= 1.8x)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
