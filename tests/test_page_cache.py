"""The page cache serves anonymous GET/HEAD of public pages again without the
database; it never caches the admin, sessions, writes, errors or cookies."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from archive.site.page_cache import cache_key
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-cache-tests"},
    "login_guard": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "guard-cache-tests"},
}


@pytest.fixture(autouse=True)
def page_cache():
    with override_settings(PAGE_CACHE_SECONDS=60, CACHES=CACHES):
        caches["pages"].clear()
        yield
        caches["pages"].clear()


def test_second_anonymous_get_is_served_from_the_cache(client, django_assert_num_queries):
    make_article("Cached story")
    first = client.get("/articles/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/articles/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert client.head("/articles/")["X-Page-Cache"] == "hit"


@override_settings(ALLOWED_HOSTS=["testserver", "mirror.example"])
def test_the_key_covers_query_string_host_and_compression(client):
    make_article("Cached story")
    client.get("/search/?q=story")
    assert client.get("/search/?q=other")["X-Page-Cache"] == "miss"
    assert client.get("/search/?q=story", HTTP_HOST="mirror.example")["X-Page-Cache"] == "miss"
    gzipped = client.get("/search/?q=story", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["X-Page-Cache"] == "miss"
    again = client.get("/search/?q=story", HTTP_ACCEPT_ENCODING="gzip")
    assert (again["X-Page-Cache"], again["Content-Encoding"]) == ("hit", "gzip")
    assert "Content-Encoding" not in client.get("/search/?q=story")


def test_key_is_a_hash_whatever_the_url(rf):
    request = rf.get("/search/?q=" + "%00%0a<script>" * 200)
    key = cache_key(request)
    assert key.startswith("page:") and len(key) == 5 + 64


def test_admin_and_sessions_are_never_cached(client, django_user_model):
    make_article("Cached story")
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/admin/login/")
    client.get("/articles/")
    client.cookies["sessionid"] = "anything"
    response = client.get("/articles/")
    assert "X-Page-Cache" not in response


def test_errors_and_writes_are_not_cached(client):
    assert client.get("/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    assert client.post("/articles/").status_code == 405
    assert "X-Page-Cache" not in client.post("/articles/")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_zero_seconds_turns_it_off(client):
    make_article("Fresh story")
    client.get("/articles/")
    assert "X-Page-Cache" not in client.get("/articles/")
