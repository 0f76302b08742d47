"""`manage.py watch` runs beside other runs and the database's troubles: overlapping runs
capture a watch once, a run renews and lets go of its claim, a dropped PostgreSQL connection
is made again, a watch deleted mid-run leaves the others to run."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from archive.models import Article, Watch
from tests.test_capture import STORY, STORY_FIXED
from tests.test_watch import watch

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_an_overlapping_run_leaves_alone_a_watch_another_run_is_capturing(site):
    requested, release = threading.Event(), threading.Event()

    def held(handler):
        if not requested.is_set():  # the first run's request waits until the second run is over
            requested.set()
            release.wait(10)
        handler.reply(200, STORY.encode())

    site.routes["/story"] = held
    w = Watch.objects.create(url=site.url("/story"))
    first = {}

    def first_run():
        try:
            first["result"] = watch()
        finally:
            connection.close()

    running = threading.Thread(target=first_run)
    running.start()
    try:
        assert requested.wait(10)
        second = watch()  # as cron would start it while the first still works
    finally:
        release.set()
        running.join(20)
    assert second == (0, ["No watch is due."], [])
    assert first["result"] == (
        0,
        [
            f"new: {site.url('/story')}",
            f"watch {w.pk} (page {site.url('/story')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
        ],
        [],
    )
    assert site.hits("/story") == 1
    w.refresh_from_db()
    assert (w.last_new, w.claimed) == (1, None)


@pytest.mark.django_db(transaction=True)
def test_a_run_renews_its_claim_before_each_fetch_and_lets_go_when_done(site):
    seen = {}

    def noting(path, body, content_type):
        def serve(handler):
            seen[path] = Watch.objects.values_list("claimed", flat=True).get()
            connection.close()  # the server thread's own connection
            handler.reply(200, body, content_type)

        site.routes[path] = serve

    noting("/rss", b"<rss version='2.0'><channel><item><link>/s/1</link></item></channel></rss>", "application/rss+xml")
    noting("/s/1", STORY.encode(), "text/html; charset=utf-8")
    w = Watch.objects.create(kind=Watch.Kind.FEED, url=site.url("/rss"))
    assert (
        watch()[1][-1] == f"watch {w.pk} (feed {site.url('/rss')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed"
    )
    assert None not in seen.values() and seen["/rss"] < seen["/s/1"]
    w.refresh_from_db()
    assert w.claimed is None


@pytest.mark.django_db(transaction=True)
def test_two_runs_claiming_a_watch_at_once_on_postgresql_take_it_once():
    from django.db import transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks as PostgreSQL takes them (SQLite runs one write at a time)")
    w = Watch.objects.create(url="https://example.org/a")
    now = timezone.now()
    second = {}

    def second_run():
        try:
            second["claimed"] = Watch.objects.claim(w.pk, now)
        finally:
            connection.close()

    with transaction.atomic():
        assert Watch.objects.claim(w.pk, now) is True
        other = threading.Thread(target=second_run)
        other.start()
        waiting = 0
        with connection.cursor() as cursor:
            for _ in range(500):  # until the second run's UPDATE waits on this one's row lock
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees one snapshot
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
                waiting = cursor.fetchone()[0]
                if waiting:
                    break
                cursor.execute("SELECT pg_sleep(0.01)")
        assert waiting == 1
    other.join(10)
    assert second == {"claimed": False}


@pytest.mark.django_db(transaction=True)
def test_forever_reconnects_after_postgresql_dropped_its_connection_between_rounds(site, monkeypatch):
    import psycopg

    from archive.management.commands import watch as command

    if connection.vendor != "postgresql":
        pytest.skip("a server-side disconnection, as PostgreSQL's pg_terminate_backend makes one")
    settings_dict = connection.settings_dict
    dsn = {"dbname": settings_dict["NAME"], "user": settings_dict["USER"], "host": settings_dict["HOST"]}
    dsn["port"] = settings_dict["PORT"] or 5432
    pauses = []

    class Clock:
        @staticmethod
        def sleep(seconds):  # while the command sleeps after round 1, the database drops its connection
            pauses.append(seconds)
            if len(pauses) == 1:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pid = cursor.fetchone()[0]
                with psycopg.connect(**dsn, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    monkeypatch.setattr(command, "time", Clock)
    site.page("/story", STORY)
    w = Watch.objects.create(url=site.url("/story"), interval=timedelta(0))
    status, out, err = watch(forever=True, rounds=3, sleep=0)
    summary = f"watch {w.pk} (page {site.url('/story')}): "
    assert (status, out) == (
        0,
        [
            f"new: {site.url('/story')}",
            summary + "1 new, 0 changed, 0 unchanged, 0 refused or failed",
            summary + "0 new, 0 changed, 1 unchanged, 0 refused or failed",
        ],
    )
    assert len(err) == 1
    assert err[0].startswith("round 2: the database failed (OperationalError: ")
    assert err[0].endswith("; trying again next round")
    assert site.hits("/story") == 2


@pytest.mark.django_db(transaction=True)
def test_a_watch_deleted_while_it_runs_leaves_the_other_watches_to_run(site):
    def deleted_meanwhile(handler):
        Watch.objects.filter(url=site.url("/story")).delete()  # a curator, in the admin
        connection.close()  # the server thread's own connection
        handler.reply(200, STORY.encode())

    site.routes["/story"] = deleted_meanwhile
    site.page("/other", STORY_FIXED.replace("Council approves budget", "Harbour reopens"))
    gone = Watch.objects.create(url=site.url("/story"))
    other = Watch.objects.create(url=site.url("/other"))
    assert watch() == (
        0,
        [
            f"new: {site.url('/story')}",
            f"watch {gone.pk} (page {site.url('/story')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed"
            " (the watch was deleted meanwhile: nothing recorded on it)",
            f"new: {site.url('/other')}",
            f"watch {other.pk} (page {site.url('/other')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
        ],
        [],
    )
    assert list(Watch.objects.values_list("pk", "last_new", "claimed")) == [(other.pk, 1, None)]


@pytest.mark.django_db(transaction=True)
def test_watches_made_inactive_or_deleted_during_a_round_are_not_captured_and_say_so(site):
    def curator_meanwhile(handler):
        Watch.objects.filter(url=site.url("/paused")).update(active=False)  # in the admin, during the round
        Watch.objects.filter(url=site.url("/dropped")).delete()
        connection.close()  # the server thread's own connection
        handler.reply(200, STORY.encode())

    site.routes["/story"] = curator_meanwhile
    site.page("/paused", STORY_FIXED)
    first = Watch.objects.create(url=site.url("/story"))
    paused = Watch.objects.create(url=site.url("/paused"))
    dropped = Watch.objects.create(url=site.url("/dropped"))
    assert watch() == (
        0,
        [
            f"new: {site.url('/story')}",
            f"watch {first.pk} (page {site.url('/story')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
            f"watch {paused.pk} (page {site.url('/paused')}): made inactive meanwhile, not captured",
            f"watch {dropped.pk} (page {site.url('/dropped')}): deleted meanwhile, not captured",
        ],
        [],
    )
    assert (site.hits("/paused"), site.hits("/dropped")) == (0, 0)


def test_a_round_the_database_fails_in_leaves_nothing_unanalysed_nor_claimed(site, monkeypatch):
    from django.db import OperationalError

    from archive.nlp.analyzer import ANALYZER_VERSION

    site.page("/a", STORY)
    site.page("/b", STORY_FIXED.replace("Council", "Board"))
    first = Watch.objects.create(url=site.url("/a"), interval=timedelta(hours=1))
    second = Watch.objects.create(url=site.url("/b"), interval=timedelta(hours=1))
    record_run = Watch.record_run
    calls = []

    def failing_on_the_second(self, *args, **kwargs):
        calls.append(self.pk)
        if len(calls) == 2:
            raise OperationalError("disk I/O error")
        return record_run(self, *args, **kwargs)

    monkeypatch.setattr(Watch, "record_run", failing_on_the_second)
    status, _, err = watch(forever=True, rounds=1, sleep=0, no_analyze=False)
    assert (status, err[-1]) == (
        0,
        "round 1: the database failed (OperationalError: disk I/O error); trying again next round",
    )
    versions = dict(Article.objects.values_list("url", "analyzed_version"))
    # The first watch's article is analysed although the round ended in the error; the second's run was
    # not recorded, and its claim is let go at once rather than after the claim lapses.
    assert versions[site.url("/a")] == ANALYZER_VERSION
    assert versions[site.url("/b")] != ANALYZER_VERSION
    second.refresh_from_db()
    assert (second.last_run, second.claimed) == (None, None)
    monkeypatch.setattr(Watch, "record_run", record_run)
    status, out, _ = watch(no_analyze=False)
    # The second page is unchanged now, but its article was left unanalysed: this run analyses it.
    assert out[-1] == f"watch {second.pk} (page {site.url('/b')}): 0 new, 0 changed, 1 unchanged, 0 refused or failed"
    assert set(Article.objects.values_list("analyzed_version", flat=True)) == {ANALYZER_VERSION}
    assert first.pk != second.pk
