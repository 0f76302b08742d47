"""The shared cache (CACHE_URL=redis://...): every server reads the same cached
pages, and every write (import, analysis, a curator's edit) bumps the archive's
version, so the next request on any server renders afresh although the cached
copy had minutes left to live.

Needs Redis at TEST_CACHE_URL (default redis://127.0.0.1:6379/9); each run
keeps its keys under a prefix of its own and deletes only those, so two runs at
once (the SQLite and PostgreSQL suites of two checkouts) do not see each other.
The tests that need it skip, saying so, when it is not there. The last ones
run without Redis: the default stays per process, and an unreachable cache
never fails a write or a page.
"""

import importlib.util
import logging
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from archive import cache_version
from archive.models import Article, Source
from archive.nlp.store import pending
from archive.site.page_cache import cache_key
from archive.site.settings import caches_from_url
from tests.factories import make_article

REDIS_URL = os.environ.get("TEST_CACHE_URL", "redis://127.0.0.1:6379/9")
DOWN_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _redis_problem(url: str) -> str | None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except Exception as exc:  # noqa: BLE001 - whatever keeps us from it
        return f"{type(exc).__name__}: {exc}"
    return None


_PROBLEM = _redis_problem(REDIS_URL)
needs_redis = pytest.mark.skipif(
    _PROBLEM is not None, reason=f"Redis not reachable at {REDIS_URL} ({_PROBLEM}); set TEST_CACHE_URL"
)


RUN = f"test{os.getpid()}"  # this run's key prefix


def _raw():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def _caches() -> dict:
    """CACHES as CACHE_URL makes them, each prefix under this run's own."""
    made = caches_from_url(REDIS_URL)
    for alias in made.values():
        if "KEY_PREFIX" in alias:  # the Redis ones (not the login guard's files on this machine)
            alias["KEY_PREFIX"] = f"{RUN}-{alias['KEY_PREFIX']}"
    return made


def _clear() -> None:
    """This run's keys gone (what another run keeps stays)."""
    raw = _raw()
    for key in raw.scan_iter(f"{RUN}-*"):
        raw.delete(key)


@pytest.fixture(autouse=True)
def fresh_breaker():
    """Each test starts with the cache taken as reachable and no bump owed."""
    cache_version._state.update(down_until=0.0, owed=False)
    yield
    cache_version._state.update(down_until=0.0, owed=False)


@pytest.fixture
def shared_cache():
    """Settings as with CACHE_URL set, with none of this run's keys in Redis; pages live 5 minutes."""
    _clear()
    with override_settings(CACHES=_caches(), PAGE_CACHE_SECONDS=300):
        yield caches["default"]
        caches["default"].close()
    _clear()


def _import(tmp_path, title, body="The text of the story, long enough to read.") -> None:
    path = tmp_path / f"{abs(hash(title))}.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    call_command("import_articles", str(path), no_analyze=True, stdout=StringIO(), stderr=StringIO())


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_cache_is_redis_and_both_servers_read_the_same_pages(shared_cache):
    assert type(shared_cache).__name__ == "RedisCache"
    make_article("Shared story")
    first, second = Client(), Client()
    one = first.get("/articles/")
    assert one["X-Page-Cache"] == "miss"
    two = second.get("/articles/")
    assert two["X-Page-Cache"] == "hit"
    assert two.content == one.content
    # The copy and the version are in Redis itself, not in this process.
    keys = {k.decode() for k in _raw().keys(f"{RUN}-*")}
    assert f"{RUN}-archive:1:{cache_version.KEY}" in keys
    assert any(k.startswith(f"{RUN}-archive:1:page:") for k in keys)


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_an_import_is_visible_at_once_on_every_server(shared_cache, tmp_path):
    _import(tmp_path, "The first story in the archive")
    first, second = Client(), Client()
    assert first.get("/articles/")["X-Page-Cache"] == "miss"
    assert second.get("/articles/")["X-Page-Cache"] == "hit"
    version = cache_version.current()

    _import(tmp_path, "A second story arrives by import")

    assert cache_version.current() > version
    after = second.get("/articles/")
    assert after["X-Page-Cache"] == "miss"  # the TTL has minutes left; the version moved
    assert "A second story arrives by import" in after.content.decode()
    again = first.get("/articles/")
    assert again["X-Page-Cache"] == "hit"
    assert "A second story arrives by import" in again.content.decode()


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_curator_edit_in_the_admin_is_visible_at_once(shared_cache):
    article = make_article("Edited story", source="Old Name Gazette")
    source = Source.objects.get(pk=article.source_id)
    reader = Client()
    assert "Old Name Gazette" in reader.get("/sources/").content.decode()
    assert reader.get("/sources/")["X-Page-Cache"] == "hit"

    curator = Client()
    curator.force_login(get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1"))
    response = curator.post(
        f"/admin/archive/source/{source.pk}/change/",
        {"name": "New Name Herald", "domain": source.domain, "slug": source.slug},
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    after = reader.get("/sources/")
    assert after["X-Page-Cache"] == "miss"
    assert "New Name Herald" in after.content.decode()
    assert "Old Name Gazette" not in after.content.decode()


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_an_anonymous_post_to_the_admin_does_not_empty_the_cache(shared_cache):
    make_article("Steady story")
    reader = Client()
    reader.get("/articles/")
    version = cache_version.current()
    Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert cache_version.current() == version
    assert reader.get("/articles/")["X-Page-Cache"] == "hit"


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_bump_from_another_process_reaches_this_one(shared_cache):
    """Another server's import is an INCR on the same key in Redis."""
    make_article("Story on two servers")
    reader = Client()
    reader.get("/articles/")
    assert reader.get("/articles/")["X-Page-Cache"] == "hit"
    code = "import redis, sys; print(redis.Redis.from_url(sys.argv[1]).incr(sys.argv[2]))"
    key = f"{RUN}-archive:1:{cache_version.KEY}"
    subprocess.run([sys.executable, "-c", code, REDIS_URL, key], check=True, capture_output=True, timeout=30)
    assert reader.get("/articles/")["X-Page-Cache"] == "miss"


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_analysis_bumps_the_version(shared_cache, tmp_path):
    _import(tmp_path, "Minister speaks", "Jane Smith, the finance minister, said the budget would pass on Monday.")
    version = cache_version.current()
    call_command("analyze", stdout=StringIO(), stderr=StringIO())
    assert not pending().exists()
    assert cache_version.current() > version


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_the_version_survives_losing_its_key(shared_cache):
    """Evicted or flushed: it starts again from the clock, never from a number old pages were stored under."""
    old = cache_version.current()
    _clear()
    new = cache_version.current()
    assert new is not None and new != old
    cache_version.bump_now()
    assert cache_version.current() == new + 1


# --- Without Redis ---------------------------------------------------------------------------------------------


def _settings_caches() -> dict:
    """CACHES as archive/site/settings.py makes them from this environment (a fresh copy of the module)."""
    spec = importlib.util.find_spec("archive.site.settings")
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("settings_copy", spec.origin))
    module.__spec__.loader.exec_module(module)
    return module.CACHES


def test_without_cache_url_each_process_keeps_its_own_caches(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "tests-only-not-secret")
    default = _settings_caches()
    assert default["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert default["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    monkeypatch.setenv("CACHE_URL", REDIS_URL)
    shared = _settings_caches()
    assert {alias: c["BACKEND"] for alias, c in shared.items()} == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "login_guard": "django.core.cache.backends.redis.RedisCache",
        "login_guard_fallback": "django.core.cache.backends.filebased.FileBasedCache",
    }
    assert shared["default"]["LOCATION"] == REDIS_URL
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(Exception, match="CACHE_URL"):
        _settings_caches()


def test_the_page_key_follows_the_version(rf):
    request = rf.get("/articles/")
    assert cache_key(request, 1) != cache_key(request, 2) != cache_key(request)
    assert cache_key(request, 7).startswith("page:") and len(cache_key(request, 7)) == 5 + 64


@pytest.mark.django_db
def test_many_writes_in_one_transaction_bump_once(django_capture_on_commit_callbacks):
    caches["default"].clear()
    before = cache_version.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for _ in range(3):
                cache_version.bump()
    assert len(callbacks) == 1
    assert cache_version.current() == before + 1


@pytest.mark.django_db
def test_a_rolled_back_write_does_not_bump(django_capture_on_commit_callbacks):
    caches["default"].clear()
    before = cache_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            cache_version.bump()
            raise RuntimeError("write failed")
    assert cache_version.current() == before


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_cache_fails_no_import_and_no_page(tmp_path, caplog):
    with override_settings(CACHES=caches_from_url(DOWN_URL), PAGE_CACHE_SECONDS=300):
        with caplog.at_level(logging.WARNING, logger="archive.cache_version"):
            _import(tmp_path, "Imported while the cache is down")
            assert Article.objects.filter(title="Imported while the cache is down").exists()
            response = Client().get("/articles/")
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
            assert "Imported while the cache is down" in response.content.decode()
            assert Client().get("/").status_code == 200  # the summaries, computed without the cache
        caches["default"].close()
    assert "cache unreachable" in caplog.text
    assert cache_version._state["owed"]  # the missed bump is made once the cache answers again


@pytest.mark.django_db
def test_the_admin_login_works_and_stays_guarded_while_the_cache_is_down(tmp_path, caplog):
    from archive.site import admin_guard

    get_user_model().objects.create_superuser("curator", "curator@example.org", "correct horse battery")
    down = caches_from_url(DOWN_URL)
    down["login_guard_fallback"]["LOCATION"] = str(tmp_path / "login-guard")

    def login(client, password):
        data = {"username": "curator", "password": password, "next": "/admin/"}
        return client.post("/admin/login/", data, REMOTE_ADDR="203.0.113.9")

    admin_guard._down_until[0] = 0.0
    try:
        with override_settings(CACHES=down), caplog.at_level(logging.WARNING, logger="archive.site.admin_guard"):
            signed_in = login(Client(), "correct horse battery")
            assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")
            guesser = Client()
            for _ in range(5):
                assert login(guesser, "wrong").status_code == 200  # the form again, not a server error
            # Counted on this machine meanwhile: the sixth try is refused, the password unchecked.
            assert login(guesser, "correct horse battery").status_code == 429
    finally:
        admin_guard._down_until[0] = 0.0
    assert caplog.text.count("login guard store unreachable") == 1  # once per outage, not per request


@pytest.mark.django_db(transaction=True)
def test_importing_bytes_already_held_leaves_the_cached_pages_alone(tmp_path):
    caches["default"].clear()
    start = cache_version.current()
    _import(tmp_path, "Held once")
    held = cache_version.current()
    assert held == start + 1
    _import(tmp_path, "Held once")  # the same bytes again: nothing a page shows has changed
    assert cache_version.current() == held
    assert Article.objects.filter(title="Held once").count() == 1
