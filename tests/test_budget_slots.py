"""Expensive requests take turns (issue 20): once a request has done ``EXPENSIVE_AFTER`` seconds of
database work it goes on only while it holds one of the process's ``EXPENSIVE_SLOTS``; with every
slot taken it is answered 503 with Retry-After, and a repeat of it is refused before touching the
database. Ordinary requests never wait for a slot.

The tests hold the slots themselves (``slots_taken``), so little here depends on timing: with
``EXPENSIVE_AFTER=0`` every statement after a request's first is expensive."""

import contextlib
import threading
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from archive import budget

from .test_hostile_requests import _long_statement  # one statement that runs far past any budget

pytestmark = pytest.mark.django_db


def _statements(request):
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT 1")
    return HttpResponse("done")


def _sleep(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.6)")
    return HttpResponse("slept")


RAN = []  # the statements _shared_work got answers to


def _shared_work(request):
    """A statement, the request's budget spent, then work on a sub-budget, then one more statement."""
    RAN.clear()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        RAN.append(1)
        time.sleep(float(request.GET.get("before", 0)))
        with budget.extended(5):
            time.sleep(float(request.GET.get("inside", 0)))
            cursor.execute("SELECT 2")
            RAN.append(2)
        cursor.execute("SELECT 3")
        RAN.append(3)
    return HttpResponse("shared")


urlpatterns = [
    path("test-slots/shared/", _shared_work),
    path("test-slots/statements/", _statements),
    path("test-slots/long/", _long_statement),
    path("test-slots/sleep/", _sleep),
    path("", include("archive.site.urls")),
]


@contextlib.contextmanager
def slots_taken():
    """Every expensive slot of this process held, as by other requests' threads."""
    semaphore = budget._semaphore()
    size = budget.EXPENSIVE_SLOTS
    held = [semaphore.acquire(blocking=False) for _ in range(size)]
    assert all(held)
    try:
        yield
    finally:
        for _ in held:
            semaphore.release()


def slot_is_free() -> bool:
    semaphore = budget._semaphore()
    if semaphore.acquire(blocking=False):
        semaphore.release()
        return True
    return False


def assert_busy_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(budget.RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "<h1>The archive is busy</h1>" in body
    assert f"Try again in {budget.RETRY_AFTER} seconds" in body


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=0, SLOT_WAIT=0)
def test_an_expensive_request_finding_every_slot_taken_is_answered_busy(client, django_assert_num_queries):
    with slots_taken():
        # Its first statement runs; the second needs a slot and is refused, not sent (Django logs a refused
        # statement among the queries all the same: two, not three).
        with django_assert_num_queries(2):
            assert_busy_page(client.get("/test-slots/statements/?q=said"))
    assert slot_is_free()
    # With a slot free it runs, and gives the slot back.
    assert client.get("/test-slots/statements/?q=said").content == b"done"
    assert slot_is_free()


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=0.5, SLOT_WAIT=0)
def test_the_repeat_of_a_busy_request_waits_for_a_slot_to_run_with_from_its_first_statement(
    client, django_assert_num_queries
):
    with slots_taken():
        assert_busy_page(client.get("/test-slots/statements/?q=other"))  # remembered as refused
        started = time.monotonic()
        assert_busy_page(client.get("/test-slots/statements/?q=%20other"))  # the same request, spaced differently
        assert time.monotonic() - started >= 0.5  # it waited for a slot first: a client asking again is slowed
    semaphore = budget._semaphore()
    assert semaphore.acquire(blocking=False)
    threading.Timer(0.2, semaphore.release).start()  # another request's slot, given back in a moment
    with django_assert_num_queries(3):  # it waited, then ran every statement with the slot
        assert client.get("/test-slots/statements/?q=other").content == b"done"
    assert slot_is_free()


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=0.5, SLOT_WAIT=0)
def test_a_request_that_finished_with_a_slot_is_not_remembered(client):
    """A page that was slow once (a cold cache) and then finished is not slowed down afterwards."""
    assert client.get("/test-slots/statements/?q=cold").content == b"done"  # it needed and got a slot
    with slots_taken():
        started = time.monotonic()
        assert client.get("/robots.txt").status_code == 200
        assert_busy_page(client.get("/test-slots/statements/?q=cold"))
        assert time.monotonic() - started < 0.5  # no wait for a slot before it ran


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(REQUEST_DB_BUDGET=10)
def test_ordinary_requests_never_wait_for_a_slot(client):
    with slots_taken():
        assert client.get("/test-slots/statements/").content == b"done"
        assert client.get("/robots.txt").status_code == 200
    assert slot_is_free()


@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=0, SLOT_WAIT=0)
def test_the_api_answers_busy_with_json(client):
    from tests.factories import make_article

    make_article("Story")  # a count, then the page: the second statement is expensive
    with slots_taken():
        response = client.get("/api/articles/")
    assert (response.status_code, response["Retry-After"]) == (503, str(budget.RETRY_AFTER))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [problem] = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (["query"], "busy")
    assert problem["msg"].startswith("The archive is busy. Other expensive searches are being answered right now.")


@pytest.mark.django_db(transaction=True)  # PostgreSQL: a cancelled statement aborts the test's transaction
@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0.1, REQUEST_DB_BUDGET=3, SLOT_WAIT=0)
def test_one_long_statement_is_stopped_where_it_turns_expensive_when_no_slot_is_free(client):
    with slots_taken():
        started = time.monotonic()
        response = client.get("/test-slots/long/")
        waited = time.monotonic() - started
    assert_busy_page(response)
    assert waited < 2  # at EXPENSIVE_AFTER (0.1 s), long before the budget (3 s)
    assert slot_is_free()
    # With a slot it runs on, to the budget, and is too expensive.
    response = client.get("/test-slots/long/?again=1")
    assert response.status_code == 422
    assert "<h1>This search is too expensive</h1>" in response.content.decode()
    assert slot_is_free()


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0.2, REQUEST_DB_BUDGET=2)
def test_postgresql_runs_a_statement_cancelled_where_it_turned_expensive_again_with_a_slot(client):
    if connection.vendor != "postgresql":
        pytest.skip("the cancel and the second try are PostgreSQL's statement_timeout")
    started = time.monotonic()
    response = client.get("/test-slots/sleep/")
    assert (response.status_code, response.content) == (200, b"slept")
    assert 0.8 <= time.monotonic() - started < 2  # 0.2 s cancelled, then the whole 0.6 s with the slot
    assert slot_is_free()
    with connection.cursor() as cursor:  # the worker's session has its own timeout back
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(REQUEST_DB_BUDGET=0, REFUSAL_PAUSE=0.4)
def test_a_repeat_of_a_request_over_budget_is_refused_after_a_pause(client):
    assert client.get("/test-slots/statements/?q=spent").status_code == 422
    started = time.monotonic()
    assert client.get("/test-slots/statements/?q=spent").status_code == 422
    assert time.monotonic() - started >= 0.4


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, SLOT_WAIT=3)
def test_a_request_turning_expensive_waits_a_moment_for_a_slot(client):
    """An unlucky reader's page behind another's expensive search is slower, not refused."""
    semaphore = budget._semaphore()
    assert semaphore.acquire(blocking=False)
    threading.Timer(0.2, semaphore.release).start()
    assert client.get("/test-slots/statements/?q=patient").content == b"done"
    assert slot_is_free()


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(REQUEST_DB_BUDGET=1, REFUSAL_PAUSE=0, EXPENSIVE_AFTER=0.5, SLOT_WAIT=0)
def test_work_on_a_sub_budget_is_not_charged_to_the_request(client):
    # 1.2 s inside the sub-budget: the request's own second left is still there afterwards.
    assert (client.get("/test-slots/shared/?inside=1.2").content, RAN) == (b"shared", [1, 2, 3])
    assert slot_is_free()
    # The request's own budget spent before it: the sub-budget still runs, what follows does not.
    response = client.get("/test-slots/shared/?before=1.2")
    assert (response.status_code, RAN) == (422, [1, 2])
    assert slot_is_free()
    with slots_taken():  # shared work needs no slot: readers' pages are not turned away for it
        assert client.get("/test-slots/shared/?inside=0.7&again=1").content == b"shared"


def test_slots_are_shared_by_every_process_on_the_machine(tmp_path):
    """gunicorn's workers share no memory: a slot is a lock on a file, so a slot another process holds is
    taken for this one too, and a process that ends (or is killed) gives its slots back."""
    import subprocess
    import sys

    from archive.budget.slots import FileSlots

    pool = FileSlots(tmp_path, "postgresql:db.example:5432/archive", 1)
    holder = subprocess.Popen(  # noqa: S603 - a fixed command
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
            str(pool.paths[0]),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        assert not pool.acquire(blocking=False)
        assert not pool.acquire(timeout=0.1)
    finally:
        holder.kill()
        holder.wait()
    assert pool.acquire(timeout=5)
    other_thread = []
    thread = threading.Thread(target=lambda: other_thread.append(pool.acquire(blocking=False)))
    thread.start()
    thread.join()
    assert other_thread == [False]  # another thread of this process waits its turn as well
    pool.release()
    assert pool.acquire(blocking=False)
    pool.release()


def _in_thread(client, url):
    """``client.get(url)`` in another thread (another of gunicorn's threads); its response when joined."""
    answers = []
    thread = threading.Thread(target=lambda: answers.append(client.get(url)))
    thread.start()
    return thread, answers


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(REQUEST_DB_BUDGET=0, REFUSAL_PAUSE=1, REFUSAL_PAUSED_THREADS=1)
def test_only_one_thread_at_a_time_sleeps_out_the_pause_of_a_refused_repeat(client):
    """A client holding many connections cannot have every thread asleep: past the first, a repeat of a
    request over budget is answered at once."""
    assert client.get("/test-slots/statements/?q=loop").status_code == 422
    sleeper, answers = _in_thread(client, "/test-slots/statements/?q=loop")
    time.sleep(0.2)  # the other thread is sleeping out its pause
    started = time.monotonic()
    assert client.get("/test-slots/statements/?q=loop").status_code == 422
    assert time.monotonic() - started < 0.5
    sleeper.join()
    assert answers[0].status_code == 422
    started = time.monotonic()  # the pause is free again: the next repeat sleeps it out
    assert client.get("/test-slots/statements/?q=loop").status_code == 422
    assert time.monotonic() - started >= 1


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=1, SLOT_WAIT=0, REFUSAL_PAUSED_THREADS=1)
def test_a_busy_repeat_with_another_thread_waiting_is_answered_busy_at_once_without_a_query(
    client, django_assert_num_queries
):
    with slots_taken():
        assert_busy_page(client.get("/test-slots/statements/?q=many"))
        waiter, answers = _in_thread(client, "/test-slots/statements/?q=many")
        time.sleep(0.2)  # the other thread waits for a slot
        started = time.monotonic()
        with django_assert_num_queries(0):
            assert_busy_page(client.get("/test-slots/statements/?q=many"))
        assert time.monotonic() - started < 0.5
        waiter.join()
    assert_busy_page(answers[0])
    assert slot_is_free()


def test_slots_whose_files_cannot_be_opened_are_the_process_own_still_one_at_a_time(tmp_path, caplog):
    """A folder that is there but unusable (read-only, files of another user; here directories where the
    files would be, which stops root too): a slot is taken all the same, still one at a time."""
    from archive.budget.slots import FileSlots

    pool = FileSlots(tmp_path, "postgresql:db.example:5432/archive", 1)
    pool.paths[0].mkdir()
    with caplog.at_level("WARNING", logger="archive.budget.slots"):
        assert pool.acquire(blocking=False)
        assert not pool.acquire(timeout=0.1)
        pool.release()
        assert pool.acquire(blocking=False)
        pool.release()
    [warning] = caplog.records  # said once, not at every slot
    assert "slots are this process's own" in warning.getMessage()


def test_without_a_home_folder_the_slots_are_the_process_own(monkeypatch, caplog):
    from pathlib import Path

    from archive.budget import slots

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert slots.default_folder() is None
    with caplog.at_level("WARNING", logger="archive.budget.slots"):
        pool = slots._make((None, "postgresql:db.example:5432/archive", 1))
    assert pool.acquire(blocking=False) and not pool.acquire(blocking=False)
    pool.release()
    assert "no home folder" in caplog.records[0].getMessage()


@pytest.mark.urls("tests.test_budget_slots")
@override_settings(EXPENSIVE_AFTER=0, REQUEST_DB_BUDGET=10, REFUSAL_PAUSE=0, SLOT_WAIT=0)
def test_a_busy_answer_is_logged_as_a_warning_not_an_error(client, caplog):
    with caplog.at_level("INFO", logger="django.request"), slots_taken():
        assert_busy_page(client.get("/test-slots/statements/?q=logged"))
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "django.request"] == [
        ("WARNING", "Busy: /test-slots/statements/")
    ]
