"""Reads on replicas (issue 18): public pages read from a streaming replica,
writes and the admin go to the primary, and a curator who has just written
reads the primary until the pin runs out.

The first tests need no database. The rest run against a real streaming
replica of the PostgreSQL server the suite runs on, which this module starts
and removes: ``pg_createcluster`` a cluster ``archive_replica_<port>`` on
``TEST_REPLICA_PORT`` (5441), ``pg_basebackup -R`` from the primary into it,
start it, and ``pg_dropcluster --stop`` at the end. They skip, saying why, on
SQLite, without Debian's PostgreSQL tools, without root (the clusters belong
to the postgres user), when that port is taken, or when the primary refuses
replication connections from this machine (``.ci/run`` allows them).

To prove where a page was read, the replica's replay is paused: what the
primary commits afterwards is on the primary only, so a page showing it was
read there, and a page not showing it was read on the replica.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from archive.models import Article, Source
from archive.site.db_router import PIN_COOKIE, PIN_SALT, ReplicaRouter, read_alias_for
from archive.site.settings import replicas_from_urls
from tests.factories import make_article

REPLICA = "replica1"
PORT = int(os.environ.get("TEST_REPLICA_PORT", 5441))
CLUSTER = f"archive_replica_{PORT}"
TOOLS = ("pg_createcluster", "pg_basebackup", "pg_ctlcluster", "pg_dropcluster", "pg_lsclusters", "runuser")


# --- a URLconf with a view whose one read runs far too long -------------------------------------------


def _slow_read(request):
    # A raw query of a model is a read: it goes where the router sends the request's reads.
    return HttpResponse(str(len(list(Article.objects.raw("SELECT 1 AS id FROM pg_sleep(30)")))))


urlpatterns = [path("test-replica/slow/", _slow_read), path("", include("archive.site.urls"))]


# --- settings and routing, without a database ---------------------------------------------------------


def test_replica_urls_become_aliases_that_mirror_the_primary_under_tests():
    replicas = replicas_from_urls(" postgres://reader@db-r1:5441/archive, postgres://reader@db-r2/archive ,")
    assert list(replicas) == ["replica1", "replica2"]
    assert replicas["replica1"]["HOST"] == "db-r1"
    assert replicas["replica1"]["PORT"] == "5441"
    assert replicas["replica1"]["USER"] == "reader"
    assert replicas["replica1"]["NAME"] == "archive"
    assert replicas["replica2"]["HOST"] == "db-r2"
    assert replicas["replica2"]["PORT"] == ""
    assert replicas["replica2"]["TEST"] == {"MIRROR": "default"}
    assert replicas_from_urls("") == {}
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL streaming replicas"):
        replicas_from_urls("sqlite:///other.sqlite3")


def _signed_pin() -> str:
    response = HttpResponse()
    response.set_signed_cookie(PIN_COOKIE, "1", salt=PIN_SALT)
    return response.cookies[PIN_COOKIE].value


@override_settings(DATABASE_REPLICAS=["replica1", "replica2"])
def test_which_requests_read_on_a_replica():
    factory = RequestFactory()
    assert {read_alias_for(factory.get("/articles/")) for _ in range(50)} == {"replica1", "replica2"}
    assert read_alias_for(factory.head("/search/?q=harbour")) in {"replica1", "replica2"}
    assert read_alias_for(factory.get("/admin/archive/article/")) is None  # the admin reads the primary
    assert read_alias_for(factory.post("/admin/login/")) is None
    pinned = factory.get("/articles/")
    pinned.COOKIES[PIN_COOKIE] = _signed_pin()
    assert read_alias_for(pinned) is None
    forged = factory.get("/articles/")
    forged.COOKIES[PIN_COOKIE] = "1"  # not signed: nobody moves their reads onto the primary by asking
    assert read_alias_for(forged) in {"replica1", "replica2"}


def test_without_replicas_the_router_leaves_everything_to_the_default_database():
    router = ReplicaRouter()
    assert router.db_for_read(Article) is None
    assert router.db_for_write(Article) is None
    assert read_alias_for(RequestFactory().get("/articles/")) is None
    assert router.allow_migrate("default", "archive") is None
    assert router.allow_migrate("replica1", "archive") is False


@override_settings(DATABASE_REPLICAS=["replica1"])
def test_outside_a_request_reads_and_writes_go_to_the_primary():
    # Imports, analysis and the queue read what they are about to write: never from a lagging copy.
    router = ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"


# --- a real streaming replica -------------------------------------------------------------------------


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip() or done.stdout}")
    return done.stdout


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _primary_problem(primary) -> str | None:
    if primary.vendor != "postgresql":
        return "runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...): replicas are PostgreSQL's"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"Debian's PostgreSQL cluster tools are not installed (missing {', '.join(missing)})"
    if os.geteuid() != 0:
        return "creating a PostgreSQL cluster needs root (the clusters belong to the postgres user)"
    if primary.settings_dict["HOST"] not in {"127.0.0.1", "localhost"}:
        return f"the primary at {primary.settings_dict['HOST']!r} is not on this machine"
    if _port_taken(PORT):
        return f"port {PORT} is taken: set TEST_REPLICA_PORT to a free one"
    with primary.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)")
        if cursor.fetchone()[0] == 0:
            return (
                "the primary refuses replication connections: add 'host replication all 127.0.0.1/32 trust' "
                "to its pg_hba.conf and reload (.ci/run does)"
            )
    return None


def _drop_cluster(version: str) -> None:
    if CLUSTER in _run("pg_lsclusters", "--no-header"):
        _run("pg_dropcluster", "--stop", version, CLUSTER)


@pytest.fixture(scope="module")
def replica_cluster(django_db_setup, django_db_blocker):
    """A streaming replica of the test database's server on PORT, for this module's tests."""
    with django_db_blocker.unblock():
        primary = connections["default"]
        problem = _primary_problem(primary)
        if problem:
            pytest.skip(f"no streaming replica: {problem}")
        with primary.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            version = str(int(cursor.fetchone()[0]) // 10000)
        settings = primary.settings_dict
    _drop_cluster(version)  # a run killed before its teardown left it behind
    _run("pg_createcluster", version, CLUSTER, "-p", str(PORT))
    try:
        data = Path(
            next(line.split()[5] for line in _run("pg_lsclusters", "--no-header").splitlines() if CLUSTER in line)
        )
        for item in data.iterdir():  # the fresh cluster's own files make way for the primary's copy
            shutil.rmtree(item) if item.is_dir() else item.unlink()
        primary_at = ["-h", settings["HOST"], "-p", settings["PORT"] or "5432", "-U", settings["USER"]]
        # -R: starts as a standby streaming from the primary; -X stream: with its own WAL; -c fast: no wait.
        copy = ["-D", str(data), "-R", "-X", "stream", "-c", "fast"]
        _run("runuser", "-u", "postgres", "--", "pg_basebackup", *primary_at, *copy)
        # This machine only, as the primary's own rules allow it.
        Path(f"/etc/postgresql/{version}/{CLUSTER}/pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        _run("pg_ctlcluster", version, CLUSTER, "start")
        # The alias the tests may read (on_replica below); as a mirror of the primary, Django's
        # test cases never flush it (a standby is read-only: the primary's flush reaches it).
        connections.settings[REPLICA] = {
            **settings,
            "PORT": str(PORT),
            "TEST": {**settings["TEST"], "MIRROR": "default"},
        }
        try:
            yield REPLICA
        finally:
            connections[REPLICA].close()
            del connections[REPLICA]
            del connections.settings[REPLICA]
    finally:
        _drop_cluster(version)


on_replica = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica(replica_cluster):
    """Public reads go to the replica for the test; its replay runs again afterwards."""
    try:
        with override_settings(DATABASE_REPLICAS=[REPLICA]):
            yield connections[REPLICA]
    finally:
        if replay_paused():
            resume_replay()


def _one(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def caught_up(timeout: float = 20.0) -> None:
    """Wait until the replica has replayed everything the primary has committed."""
    lsn = _one("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _one(REPLICA, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]):
        assert time.monotonic() < deadline, f"the replica did not replay up to {lsn} in {timeout} s"
        time.sleep(0.05)


def replay_paused() -> bool:
    return _one(REPLICA, "SELECT pg_get_wal_replay_pause_state()") != "not paused"


def pause_replay() -> None:
    caught_up()
    _one(REPLICA, "SELECT pg_wal_replay_pause()::text")
    deadline = time.monotonic() + 20
    while _one(REPLICA, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "the replica's replay did not pause"
        time.sleep(0.05)


def resume_replay() -> None:
    _one(REPLICA, "SELECT pg_wal_replay_resume()::text")


def _get(client, url: str) -> tuple[str, int, int]:
    """The page's text, and how many statements it ran on the primary and on the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(on_primary), len(on_replica)


@on_replica
def test_the_replica_is_a_streaming_standby(replica):
    assert _one(REPLICA, "SELECT pg_is_in_recovery()") is True
    assert _one(REPLICA, "SELECT current_database()") == connections["default"].settings_dict["NAME"]
    deadline = time.monotonic() + 20
    while not (
        _one(REPLICA, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1
        and _one("default", "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") >= 1
    ):
        assert time.monotonic() < deadline, "the replica is not streaming from the primary"
        time.sleep(0.1)


@on_replica
def test_public_pages_read_on_the_replica_and_writes_go_to_the_primary(replica):
    make_article("Harbour reopens after the storm")
    caught_up()
    page, on_primary, on_replica = _get(Client(), "/articles/")
    assert "Harbour reopens after the storm" in page
    assert on_primary == 0
    assert on_replica > 0

    pause_replay()
    make_article("Late edition story")  # committed on the primary, not yet replayed on the replica
    assert Article.objects.filter(title="Late edition story").exists()  # outside a request: the primary
    page, on_primary, _ = _get(Client(), "/articles/")
    assert "Harbour reopens after the storm" in page
    assert "Late edition story" not in page  # read on the paused replica
    assert on_primary == 0

    resume_replay()
    caught_up()
    assert "Late edition story" in _get(Client(), "/articles/")[0]


@on_replica
def test_a_curator_reads_their_own_write_at_once(replica):
    article = make_article("Edited story", source="Old Name Gazette")
    source = Source.objects.get(pk=article.source_id)
    curator = Client()
    curator.force_login(get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1"))
    pause_replay()
    # Before writing, a curator's public pages are read on the replica like anyone's.
    assert "Old Name Gazette" in _get(curator, "/sources/")[0]

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        response = curator.post(
            f"/admin/archive/source/{source.pk}/change/",
            {"name": "New Name Herald", "domain": source.domain, "slug": source.slug},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(on_replica) == 0  # the admin reads and writes on the primary only
    assert response.cookies[PIN_COOKIE]["max-age"] == 60
    assert response.cookies[PIN_COOKIE]["httponly"] is True

    page, _, on_replica = _get(curator, "/sources/")
    assert "New Name Herald" in page and "Old Name Gazette" not in page
    assert on_replica == 0
    # Everyone else still reads the paused replica, a forged pin too.
    assert "Old Name Gazette" in _get(Client(), "/sources/")[0]
    forger = Client()
    forger.cookies[PIN_COOKIE] = "1"
    assert "Old Name Gazette" in _get(forger, "/sources/")[0]

    resume_replay()
    caught_up()
    page = _get(Client(), "/sources/")[0]
    assert "New Name Herald" in page and "Old Name Gazette" not in page


@on_replica
def test_a_failed_login_pins_nothing(replica):
    response = Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert PIN_COOKIE not in response.cookies


@on_replica
@pytest.mark.urls("tests.test_replicas")
@override_settings(REQUEST_DB_BUDGET=0.3)
def test_an_over_long_read_on_the_replica_is_stopped_by_its_statement_timeout(replica):
    started = time.monotonic()
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as standby:
        response = Client().get("/test-replica/slow/")
    assert ["pg_sleep" in q["sql"] for q in standby.captured_queries] == [True]  # run, and cancelled, there
    assert not any("pg_sleep" in q["sql"] for q in primary.captured_queries)
    assert response.status_code == 422
    assert "<h1>This search is too expensive</h1>" in response.content.decode()
    assert time.monotonic() - started < 10  # cancelled on the replica, not waited out (30 s)
    assert _one(REPLICA, "SHOW statement_timeout") == "0"  # the replica's session timeout is back after the request
    assert Client().get("/robots.txt").status_code == 200
