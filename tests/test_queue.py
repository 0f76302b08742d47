"""Import and analysis on the task queue (issue 18), with a real broker and real
worker processes sharing the database: two workers share the work, a worker
killed in the middle of a task loses nothing, enqueueing again changes
nothing, a task that fails every retry is a dead letter that ``queue_status``
shows. The broker is ``QUEUE_TEST_URL`` (default Redis at 127.0.0.1:6379, db
13); when it does not answer, those tests skip and say so. Without a queue
configured, ``--enqueue`` works in-process and says so (no broker needed).

On the SQLite run the workers share a database file of the test's own; on the
PostgreSQL run, the test database. Each test has a queue of its own.

The spaCy model loads once per worker, before its pool process forks (see
archive/queue/app.py), so a pool process started again after a kill is ready
at once; the texts are short, but for the one the test kills a worker on.
"""

import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, QueueTask
from tests.conftest import PROJECT, SAMPLE
from tests.queue_support import SHOWN, WAIT, Shared, needs_broker, pages, warc_file


@pytest.fixture
def shared(tmp_path):
    shared = Shared(tmp_path)
    yield shared
    shared.close()


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_two_workers_import_and_analyse_and_enqueueing_again_changes_nothing(shared, tmp_path):
    folder = pages(tmp_path / "pages", 8)
    shared.start_workers(2)
    sent = shared.manage("import_articles", str(folder), "--enqueue")
    assert sent.stdout.strip() == (
        f"Queued 8 files for import on {SHOWN}; 0 already queued or imported by the queue. "
        "Progress: manage.py queue_status"
    )
    shared.drain()
    status = shared.status()
    assert status["tasks"]["import"] == {"queued": 0, "running": 0, "done": 8, "failed": 0}
    assert status["tasks"]["analyze"]["failed"] == status["tasks_failed"] == 0
    assert status["throughput"]["import"]["items"] == 8
    assert status["throughput"]["analyze"]["items"] == 8
    assert len(status["workers"]) == 2, status["workers"]  # both workers took tasks
    before = shared.snapshot()
    from archive.nlp.analyzer import ANALYZER_VERSION

    assert [version for _, version in before["articles"]] == [ANALYZER_VERSION] * 8
    assert len(before["captures"]) == 8
    assert {"angela merkel", "kofi annan", "united nations"} <= set(before["entities"])
    assert len(before["statements"]) >= 8

    again = shared.manage("import_articles", str(folder), "--enqueue")
    assert again.stdout.strip() == (
        f"Queued 0 files for import on {SHOWN}; 8 already queued or imported by the queue. "
        "Progress: manage.py queue_status"
    )
    analyse = shared.manage("analyze", "--enqueue")
    assert analyse.stdout.strip() == f"Nothing to analyse: every article is at analyzer version {ANALYZER_VERSION}."
    shared.drain()
    assert shared.snapshot() == before
    assert shared.status()["tasks"]["import"]["done"] == 8  # nothing more was sent


def _long_run(shared, tmp_path) -> tuple[int, str]:
    """Four short articles and a long one, stored without analysis, then queued one to a task
    to two workers; returns the long one's task and its worker ("host:pid") once it runs."""
    folder = pages(tmp_path / "pages", 4)
    # One long article, so the kill lands while spaCy reads it (a couple of seconds).
    long_text = "\n\n".join(
        f"In paragraph {k} Angela Merkel said the budget of {k} million euros would pass in Berlin." for k in range(500)
    )
    (folder / "long.txt").write_text(f"The long story from Berlin\n\n{long_text}\n")
    shared.manage("import_articles", str(folder), "--no-analyze", "-v0")
    shared.start_workers(2)
    sent = shared.manage("analyze", "--enqueue", "--per-task", "1")
    assert (
        sent.stdout.strip()
        == f"Queued 5 articles in 5 tasks on {SHOWN}; 0 already queued. Progress: manage.py queue_status"
    )
    long_id = shared.rows("SELECT id FROM archive_article WHERE title = 'The long story from Berlin'")[0][0]
    deadline = time.monotonic() + WAIT
    while True:
        running = shared.rows(
            f"SELECT id, worker FROM archive_queuetask WHERE state = 'running' AND name = 'articles {long_id}'"
        )
        if running:
            time.sleep(0.3)  # well inside the analysis, which takes seconds
            return running[0]
        assert time.monotonic() < deadline, shared.worker_logs()
        time.sleep(0.05)


def _nothing_lost(shared, task_id: int, worker: str, exactly_twice: bool = True) -> None:
    from archive.nlp.analyzer import ANALYZER_VERSION

    status = shared.status()
    assert status["tasks"]["analyze"] == {"queued": 0, "running": 0, "done": 5, "failed": 0}
    assert status["throughput"]["analyze"]["items"] == 5  # each article stored once
    [(tries, elsewhere)] = shared.rows(
        f"SELECT attempts, worker != '{worker}' FROM archive_queuetask WHERE id = {task_id}"
    )
    assert bool(elsewhere) and (tries == 2 if exactly_twice else tries >= 2), tries
    snapshot = shared.snapshot()
    assert [version for _, version in snapshot["articles"]] == [ANALYZER_VERSION] * 5
    assert len(snapshot["mentions"]) == len({tuple(m[:3]) for m in snapshot["mentions"]})  # none stored twice
    assert len(snapshot["statements"]) == len({tuple(s[:2]) for s in snapshot["statements"]})


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_task_loses_nothing(shared, tmp_path):
    task_id, worker = _long_run(shared, tmp_path)
    os.kill(int(worker.rsplit(":", 1)[1]), signal.SIGKILL)  # the pool process running it: its worker lives on
    shared.drain()
    _nothing_lost(shared, task_id, worker)
    assert all(w.poll() is None for w in shared.workers)  # the worker itself lived on, with a new pool process
    assert any("signal 9 (SIGKILL)" in log.read_text() for log in shared.logs), shared.worker_logs()


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_whole_worker_killed_mid_task_loses_nothing(shared, tmp_path):
    """A machine lost: the worker and its pool process die at once, and a new worker is started
    in its place. The task comes back when the broker takes the unacknowledged message back:
    RabbitMQ as the connection drops; Redis once the visibility timeout (5 s here) has passed,
    seen by a worker as it starts (after that kombu looks only about every 100 s). On a loaded
    machine the task may outlast the timeout once more and run again: still stored once."""
    shared.env["QUEUE_VISIBILITY_TIMEOUT"] = "5"
    task_id, worker = _long_run(shared, tmp_path)
    pid = int(worker.rsplit(":", 1)[1])
    [lost] = [w for w in shared.workers if os.getpgid(pid) == w.pid]
    os.killpg(lost.pid, signal.SIGKILL)
    lost.wait(timeout=30)
    time.sleep(6)  # past the visibility timeout
    shared.start_workers(1)
    shared.drain()
    _nothing_lost(shared, task_id, worker, exactly_twice=False)
    assert [w.poll() is None for w in shared.workers] == [w is not lost for w in shared.workers]


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_task_failing_every_retry_is_a_dead_letter(shared):
    shared.start_workers(1)
    # A message the worker cannot read (its bytes mangled on the way): the import raises each time.
    script = (
        "from archive.models import QueueTask; from archive.queue.app import app, IMPORT;"
        "row = QueueTask.objects.create(kind='import', name='mangled.html');"
        "app.send_task(IMPORT, args=[row.pk, 'not base64 at all']); print(row.pk)"
    )
    pk = int(shared.manage("shell", "-v0", "-c", script).stdout)
    shared.drain()
    status = shared.manage("queue_status").stdout.splitlines()
    assert status[0] == f"Queue {shared.queue!r} on {SHOWN}: 0 messages waiting"
    assert status[1:4] == [
        "          queued  running    done  failed",
        "analyze        0        0       0       0",
        "import         0        0       0       1",
    ]
    assert status[-2:] == [
        "dead letters: 1 (admin: Queue tasks, state failed)",
        f"  #{pk} import mangled.html: after 2 attempts, Error: Incorrect padding",
    ]


@pytest.mark.django_db
def test_enqueue_without_a_queue_works_here_and_says_so(settings, capsys):
    settings.QUEUE_URL = ""
    call_command("import_articles", str(SAMPLE), "--enqueue", "--no-analyze")
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == "No queue is configured (QUEUE_URL is not set): importing in this process."
    assert out.strip() == "1 imported, 0 unchanged, 0 updated, 0 failed"
    assert Article.objects.count() == 1
    call_command("analyze", "--enqueue", "--workers", "1")
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == "No queue is configured (QUEUE_URL is not set): analysing in this process."
    assert out.strip().startswith("Analysed 1 article (analyzer version ")
    assert QueueTask.objects.count() == 0


@pytest.mark.django_db
def test_queue_status_counts_and_dead_letters(settings, capsys):
    from datetime import timedelta

    from django.utils import timezone

    settings.QUEUE_URL = ""
    now = timezone.now()
    for n in range(3):
        QueueTask.objects.create(
            kind="analyze",
            state="done",
            name=f"articles {n}",
            payload={"ids": [n]},
            items=4,
            worker="host-a:1" if n < 2 else "host-b:2",
            started=now - timedelta(seconds=10 - n),
            finished=now - timedelta(seconds=8 - n),
        )
    QueueTask.objects.create(kind="analyze", state="queued", name="articles 9", payload={"ids": [9]})
    running = QueueTask.objects.create(kind="import", state="running", name="a.html", worker="host-b:2", attempts=1)
    dead = QueueTask.objects.create(
        kind="import", state="failed", name="b.html", attempts=6, finished=now, error="ValueError: bad\n  trace"
    )
    QueueTask.objects.create(
        kind="import",
        state="done",
        name="c.warc",
        result={"failed": 1, "errors": ["c.warc: record at offset 0: no title found"]},
    )
    call_command("queue_status")
    assert capsys.readouterr().out.splitlines() == [
        "No queue is configured (QUEUE_URL is not set): the commands work in-process.",
        "          queued  running    done  failed",
        "analyze        1        0       3       0",
        "import         0        1       1       1",
        "capture        0        0       0       0",
        "analyze throughput, last 10 min: 12 articles analysed in 4.0 s, 3.00/s",
        f"  running: #{running.pk} import a.html on host-b:2",
        "tasks done by worker, last 10 min: host-a:1 2, host-b:2 1",
        "pages that could not be imported: 1",
        "  c.warc: record at offset 0: no title found",
        "dead letters: 1 (admin: Queue tasks, state failed)",
        f"  #{dead.pk} import b.html: after 6 attempts, ValueError: bad",
    ]


def test_an_unreachable_queue_is_an_error_and_queues_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "QUEUE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.site.settings",
        SECRET_KEY="queue-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        QUEUE_URL="redis://127.0.0.1:9/0",
    )
    run = [sys.executable, "manage.py"]
    assert subprocess.run([*run, "migrate", "-v0"], cwd=PROJECT, env=env, timeout=300).returncode == 0  # noqa: S603
    done = subprocess.run(  # noqa: S603
        [*run, "import_articles", str(SAMPLE), "--enqueue"], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stderr.strip().startswith("CommandError: the queue at redis://127.0.0.1:9/0 cannot be reached (")
    assert done.stderr.strip().endswith("; nothing more was queued (or run without --enqueue).")
    count = [
        *run,
        "shell",
        "-v0",
        "-c",
        "from archive.models import Article, QueueTask as Q; print(Article.objects.count(), Q.objects.count())",
    ]
    assert subprocess.run(count, cwd=PROJECT, env=env, capture_output=True, text=True).stdout.split() == ["0", "0"]  # noqa: S603


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_a_large_warc_is_shared_out_in_parts(shared, tmp_path):
    from archive.ingest.page import PageError
    from archive.ingest.warc import WarcReader

    warc = warc_file(tmp_path / "crawl.warc.gz")
    problems = [(offset, str(item)) for offset, item in WarcReader(warc) if isinstance(item, PageError)]
    assert len(problems) == 1
    shared.start_workers(2)
    sent = shared.manage("import_articles", str(warc), "--enqueue", "--no-analyze")
    assert sent.stdout.strip() == (
        f"Queued 1 file for import on {SHOWN}; 0 already queued or imported by the queue. "
        "Progress: manage.py queue_status"
    )
    shared.drain()
    status = shared.status()
    assert status["tasks"]["import"] == {"queued": 0, "running": 0, "done": 3, "failed": 0}
    assert status["imports"] == {
        "failed": 1,
        "errors": [f"{warc}: record at offset {problems[0][0]}: {problems[0][1]}"],
    }
    assert [title for (title,) in shared.rows("SELECT title FROM archive_article ORDER BY title")] == [
        "Ferries 0",
        "Ferries 1",
        "Ferries 2",
    ]
    again = shared.manage("import_articles", str(warc), "--enqueue", "--no-analyze")
    assert again.stdout.strip().startswith("Queued 0 files for import on ")


@pytest.mark.django_db
def test_an_analysis_task_keeps_going_past_an_article_it_fails_on(tmp_path, monkeypatch):
    # Run as the worker runs it (the task's own body, here in this process): a retry would fail on the
    # same article again, so the others of its batch are stored and the failed one stays pending.
    from archive.nlp import statements
    from archive.nlp.analyzer import ANALYZER_VERSION
    from archive.queue.tasks import analyze

    real = statements.extract
    monkeypatch.setattr(
        statements, "extract", lambda doc, clusters: 1 / 0 if "Unreadable" in doc.text else real(doc, clusters)
    )
    for n, title in enumerate(["First story", "Unreadable story", "Third story"]):
        (tmp_path / f"{n}.txt").write_text(f"{title}\n\nJane Roe said the council met on Monday.\n", encoding="utf-8")
    call_command("import_articles", str(tmp_path), "--no-analyze", stdout=StringIO())
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    row = QueueTask.objects.create(kind=QueueTask.Kind.ANALYZE, name="3 articles", payload={"ids": ids})
    analyze(row.pk)
    row.refresh_from_db()
    assert (row.state, row.items, row.result) == (
        QueueTask.State.DONE,
        2,
        {"analysed": 2, "failed": 1, "already": 0},
    )
    versions = dict(Article.objects.values_list("title", "analyzed_version"))
    assert versions == {"First story": ANALYZER_VERSION, "Unreadable story": 0, "Third story": ANALYZER_VERSION}
