"""What tests/test_queue.py runs its processes with: a database and a queue of the test's own,
worker processes, commands, and the pages it imports (see that module)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from archive.queue.app import shown_url
from tests.conftest import PROJECT

BROKER = os.environ.get("QUEUE_TEST_URL", "redis://127.0.0.1:6379/13")
SHOWN = shown_url(BROKER)  # as the commands print it: without a password
WAIT = 180  # seconds, at most, for a loaded machine to drain a queue


def _broker_answers(url: str) -> str:
    """'' when the broker answers, else why not."""
    try:
        from kombu import Connection

        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return ""
    except Exception as exc:  # noqa: BLE001 - whatever the transport raises
        return f"{type(exc).__name__}: {exc}"


_why = _broker_answers(BROKER)
needs_broker = pytest.mark.skipif(
    bool(_why),
    reason=f"no task queue broker at {BROKER} ({_why}); set QUEUE_TEST_URL to a reachable redis:// or amqp:// URL",
)


class Shared:
    """The database and the queue the test's processes share, and commands run against them."""

    def __init__(self, tmp_path: Path):
        self.queue = f"archive-test-{uuid.uuid4().hex[:12]}"
        if connection.vendor == "sqlite":
            self.path = tmp_path / "shared.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            s = connection.settings_dict
            self.path = None
            self.url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        keep = ("DJANGO_", "DATABASE_URL", "QUEUE_", "CACHE_URL")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
        self.env.update(
            DJANGO_SETTINGS_MODULE="archive.site.settings",
            SECRET_KEY="queue-test",
            DATABASE_URL=self.url,
            QUEUE_URL=BROKER,
            QUEUE_NAME=self.queue,
            QUEUE_MAX_RETRIES="1",
        )
        self.workers: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.tmp = tmp_path
        if self.path is not None:
            self.manage("migrate", "-v0")

    def manage(self, *args, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=self.env, capture_output=True, text=True, timeout=300
        )
        if check:
            assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-3000:])
        return done

    def rows(self, query: str) -> list[tuple]:
        """A read of the shared database straight from this process: fast enough to
        catch a task while it runs (a command takes a second or two to start)."""
        if self.path is not None:
            with sqlite3.connect(self.path, timeout=20) as db:
                return db.execute(query).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(query).fetchall()

    def start_workers(self, count: int) -> None:
        for _ in range(count):
            n = len(self.workers) + 1
            log = self.tmp / f"worker{n}.log"
            self.logs.append(log)
            self.workers.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "celery", "-A", "archive.site.celery", "worker", "--pool=prefork"]
                    + ["--concurrency=1", f"--hostname=w{n}@queue-test", "--without-mingle", "--without-gossip"]
                    + ["--without-heartbeat", "--loglevel=INFO", "-Q", self.queue],
                    cwd=PROJECT,
                    env=self.env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + WAIT
        started, logs = self.workers[-count:], self.logs[-count:]
        while not all("ready." in log.read_text() for log in logs):
            assert all(w.poll() is None for w in started), self.worker_logs()
            assert time.monotonic() < deadline, self.worker_logs()
            time.sleep(0.3)

    def worker_logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs)

    def drain(self) -> None:
        """Until no task is queued or running."""
        deadline = time.monotonic() + WAIT
        while self.rows("SELECT count(*) FROM archive_queuetask WHERE state IN ('queued', 'running')")[0][0]:
            assert time.monotonic() < deadline, self.worker_logs()
            time.sleep(0.3)

    def status(self) -> dict:
        return json.loads(self.manage("queue_status", "--json").stdout)

    def snapshot(self) -> dict:
        script = (
            "import json; from archive.models import Article, Capture, Entity, Mention, Statement;"
            "print(json.dumps({"
            "'articles': sorted(Article.objects.values_list('identifier', 'analyzed_version')),"
            "'captures': sorted(Capture.objects.values_list('sha256', flat=True)),"
            "'entities': sorted(Entity.objects.values_list('key', flat=True)),"
            "'mentions': sorted(Mention.objects.values_list('article__identifier', 'start', 'end', 'entity__key')),"
            "'statements': sorted(Statement.objects.values_list('article__identifier', 'position', 'speaker_name')),"
            "}, default=str))"
        )
        return json.loads(self.manage("shell", "-v0", "-c", script).stdout)

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
        try:
            from kombu import Connection

            with Connection(BROKER, connect_timeout=2) as conn:
                conn.default_channel.queue_delete(self.queue)
        except Exception:  # noqa: BLE001, S110 - an empty Redis queue is gone already
            pass


def pages(folder: Path, count: int, words: int = 40) -> Path:
    folder.mkdir()
    people = ["Angela Merkel", "Kofi Annan", "Nelson Mandela", "Jacinda Ardern", "Lula da Silva"]
    for n in range(count):
        who = people[n % len(people)]
        filler = " ".join(f"word{n}x{k}" for k in range(words))
        body = (
            f'"The talks in Geneva will go on," {who} said on Tuesday.\n\n'
            f"The United Nations said story {n} was about {filler}.\n\n"
            f"{who} met officials of the World Bank in Paris."
        )
        (folder / f"{n:02}.txt").write_text(f"Story number {n} from Geneva\n\n{body}\n\nTAGGED: Talks, Tag{n % 3}\n")
    return folder


def warc_file(path: Path) -> Path:
    """Three pages with a large image after each of the first two (records a part may not split),
    and one page with no text, which the import reports."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)

        def record(url, payload, kind="text/html"):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )

        for n in range(3):
            text = f"<p>Report {n} from the harbour: the ferries ran late again all week long.</p>" * 5
            html = f"<html><head><title>Ferries {n}</title></head><body><article><h1>Ferries {n}</h1>{text}"
            record(f"https://news.example.com/{n}", f"{html}</article></body></html>".encode())
            if n < 2:
                record(f"https://news.example.com/{n}.png", b"\x89PNG\r\n" + os.urandom(4_300_000), "image/png")
        record("https://news.example.com/empty", b"<html><body><nav>x</nav></body></html>")
    return path
