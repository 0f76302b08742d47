"""No request can stall the site or answer 500 (issue 20): a database budget
per request, query-cost limits, bounded snippets and deep pages, control
characters and NULs stopped at the boundary, tag URLs that cannot crash,
CORS preflight for the read-only machine routes and nothing else."""

import contextlib
import time
from xml.dom import minidom

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from archive.models import Article
from archive.search.limits import MAX_DEPTH, MAX_FILTERS, MAX_PHRASES
from archive.search.query import parse
from archive.site.middleware import MAX_VALUES_PER_PARAMETER
from tests.factories import make_article
from tests.hostile_urls import NUL_URLS

pytestmark = pytest.mark.django_db

# --- a URLconf with views whose one statement runs far too long -------------------------------------


def _long_statement(request):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(30)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000000) "
                "SELECT count(*) FROM n"
            )
        return HttpResponse(str(cursor.fetchone()))


def _many_statements(request):
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT 1")
    return HttpResponse("done")


urlpatterns = [
    path("test-budget/long/", _long_statement),
    path("test-budget/many/", _many_statements),
    path("", include("archive.site.urls")),
]


# --- 1. the database budget ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # PostgreSQL: a cancelled statement aborts the test's transaction
@pytest.mark.urls("tests.test_hostile_requests")
@override_settings(REQUEST_DB_BUDGET=0.3)
def test_an_over_long_statement_is_stopped_and_answered_with_a_clear_page(client):
    response = client.get("/test-budget/long/")
    body = response.content.decode()
    assert response.status_code == 422
    assert "<h1>This search is too expensive</h1>" in body
    assert "Narrow your search" in body
    assert response["Cache-Control"] == "no-store"
    assert "Traceback" not in body
    # The connection is fine afterwards, for this request's worker and the next.
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/test-budget/many/").content == b"done"


@pytest.mark.urls("tests.test_hostile_requests")
@override_settings(REQUEST_DB_BUDGET=0)
def test_no_statement_starts_once_the_budget_is_spent(client):
    assert client.get("/test-budget/many/").status_code == 422


@override_settings(REQUEST_DB_BUDGET=0)
def test_the_api_answers_a_spent_budget_with_json(client):
    make_article("Story")  # a count, then the page: the second statement is past the budget
    response = client.get("/api/articles/")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [problem] = response.json()["detail"]
    assert (problem["loc"], problem["type"]) == (["query"], "too_expensive")
    assert problem["msg"].startswith("This search is too expensive. Answering it would take the archive too long")


@pytest.mark.django_db(transaction=True)  # the page's cancelled statement must not abort the test's transaction
@pytest.mark.parametrize("url", ["/search/?q=harbour", "/articles/", "/people/", "/api/articles/"])
@override_settings(REQUEST_DB_BUDGET=0.3)
def test_postgresql_cancels_a_real_page_query_that_runs_too_long(client, url):
    """Not a contrived statement: the page's own query waits on a lock another connection holds, until
    PostgreSQL's statement_timeout (the budget) cancels it on the server."""
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's; SQLite's progress handler is tested above")
    import psycopg

    from archive.models import Entity

    make_article("Harbour story", ("The harbour reopened today.",))
    db = connection.settings_dict
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Article, Entity))
    locker = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"])
    try:
        # Should the budget fail, the server ends the locker's session after 8 s: the test fails, never hangs.
        locker.execute("SET idle_in_transaction_session_timeout = '8s'")
        locker.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        response = client.get(url)
        waited = time.monotonic() - started
    finally:
        with contextlib.suppress(psycopg.Error):
            locker.rollback()
        locker.close()
    assert response.status_code == 422
    assert response["Cache-Control"] == "no-store"
    if url.startswith("/api/"):
        assert response.json()["detail"][0]["type"] == "too_expensive"
    else:
        body = response.content.decode()
        assert "<h1>This search is too expensive</h1>" in body
        assert "Narrow your search" in body
    assert 0.3 <= waited < 5  # cancelled at the budget, not after the lock (or gunicorn's 30 s)
    assert client.get(url).status_code == 422  # remembered for a few minutes, without the database
    from archive import cache_version

    cache_version.bump_now()  # a new archive state forgets it
    assert client.get(url).status_code == 200  # the worker's connection is fine afterwards


def test_search_pages_only_to_its_depth_with_a_message(client):
    for n in range(3):
        make_article(f"Harbour story {n}", ("The harbour reopened today.",))
    response = client.get("/search/?q=harbour&page=2")
    assert response.status_code == 200  # a page past the end is the last page, as everywhere
    assert f"Only the first {MAX_DEPTH:,} results" not in response.content.decode()  # not capped: few results


def test_the_issues_stalling_search_is_one_bounded_search_for_the_last_page_within_the_depth(client, monkeypatch):
    """Issue 20, item 1: '"the said" after:2006-01-02 before:2025-12-30', newest first, page 500 took 66.7 s.
    Past the depth it is the last page within it, found by one search of that page, with the reason shown."""
    from datetime import UTC, datetime, timedelta

    from archive.views import search as view

    monkeypatch.setattr(view, "MAX_DEPTH", 40)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    for n in range(45):
        make_article(f"Council {n:02}", ("The said council met again.",), published=start + timedelta(days=n))
    query = {"q": '"the said" after:2006-01-02 before:2025-12-30', "sort": "newest", "page": 500}
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only the first 40 results can be paged through; narrow the search to reach the others." in html
    assert "Council 24</a>" in html and "Council 25</a>" not in html  # page 2 of 40, newest first
    assert list(response.context["results"].ranked._runs) == [(20, 20)]  # one run, not 9,980 ranked first
    assert len(queries) < 30


def test_query_cost_limits():
    query = parse(" ".join(f'"alpha{n} beta{n}"' for n in range(MAX_PHRASES + 2)))
    assert len(query.terms) == MAX_PHRASES
    assert f"Only the first {MAX_PHRASES} phrases were used." in query.messages
    query = parse(" ".join(f"tag:t{n} source:s{n}" for n in range(MAX_FILTERS)))
    assert sum(len(v) for v in query.filters.values()) == MAX_FILTERS
    assert f"Only the first {MAX_FILTERS} filter values were used." in query.messages
    query = parse('"' + " ".join(f"w{n}" for n in range(20)) + '"')
    assert query.terms[0].words == tuple(f"w{n}" for n in range(8))


# --- 2. snippets on a bounded window -----------------------------------------------------------------


def test_a_huge_repetitive_article_gets_a_snippet_from_a_window(client):
    make_article("Greek letters", ("kappa " * 170_000,))  # 1 MB: FTS5 snippet() on it took 22.5 s
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/?q=kappa")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>kappa</mark>" in body
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    if connection.vendor == "sqlite":
        assert "INSERT INTO archive_snippet_window" in sql  # the window, not the whole body
    else:
        # ts_headline reads a window cut around the first match, never the 1 MB body.
        headline = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
        assert len(headline) == 1 and "FROM unnest(" in headline[0]
        assert "kappa " * 100 in headline[0] and "kappa " * 4_000 not in headline[0]


# --- 3 and 6. control characters and NULs ------------------------------------------------------------


def test_feeds_survive_control_characters_in_stored_rows(client):
    make_article("Bad\x01title\x0b here", ("Body with \x02 control.",), tags=("Tag\x03",))
    for url in ("/feeds/articles/", "/feeds/search/?q=title", "/feeds/search/?q=a%01b"):
        response = client.get(url)
        assert response.status_code == 200, url
        minidom.parseString(response.content)  # well-formed XML
    assert "<title>Badtitle here</title>" in client.get("/feeds/articles/").content.decode()


def test_import_strips_control_characters_and_nuls(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    page = tmp_path / "page.html"
    page.write_bytes(
        b"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        b"<meta property='og:title' content='Harbour&#x1; reopens'><title>x</title></head><body><article>"
        b"<h1>Harbour reopens</h1><p>"
        + b"The harbour reopened \x01today after repairs. " * 20
        + b"</p></article></body></html>"
    )
    call_command("import_articles", str(page), no_analyze=True, stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    assert article.title == "Harbour reopens"
    assert "\x01" not in article.body and "\x00" not in article.body


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_bytes_never_give_500(client, url):
    make_article("Story")
    response = client.get(url)
    assert response.status_code in (200, 301, 302, 404), (url, response.status_code)


def test_a_nul_in_a_path_is_not_found_and_in_a_parameter_is_removed(client):
    assert client.get("/timegate/a%00b").status_code == 404
    api = client.get("/api/entities/a%00b/")
    assert (api.status_code, api.json()) == (404, {"detail": "Not Found"})
    response = client.get("/search/?q=harb%00our")
    assert response.status_code == 200
    assert 'value="harbour"' in response.content.decode()


# --- 5. tag URLs --------------------------------------------------------------------------------------


def test_tag_urls_that_crashed(client):
    make_article("Story", tags=("AP", "ab"))
    assert client.get("/tags/ap+ap/").status_code == 200
    assert client.get("/tags/?tag=%20").status_code == 200
    response = client.get("/tags/?tag=a/b")
    assert (response.status_code, response["Location"]) == (302, "/tags/ab/")
    assert client.get("/tags/" + "+".join(f"t{n}" for n in range(9)) + "/").status_code == 404


def test_a_parameter_repeated_too_often_is_refused_clearly(client):
    many = "&".join(["tag=e"] * (MAX_VALUES_PER_PARAMETER + 1))
    api = client.get(f"/api/statements/?{many}")
    assert api.status_code == 400
    assert api.json() == {"detail": f"At most {MAX_VALUES_PER_PARAMETER} values of one parameter (“tag”) are accepted."}
    page = client.get(f"/articles/?{many}")
    assert page.status_code == 400
    assert "<h1>Too many values</h1>" in page.content.decode()
    assert client.get("/api/articles/?" + "&".join(["tag=e"] * MAX_VALUES_PER_PARAMETER)).status_code == 200


# --- 10. deep list pages ------------------------------------------------------------------------------


def test_deep_list_pages_answer_the_last_page(client):
    for n in range(3):
        make_article(f"Story {n}")
    response = client.get("/articles/?page=999999")
    assert response.status_code == 200
    api = client.get("/api/articles/?page=499&page_size=100")
    assert (api.status_code, api.json()["results"]) == (200, [])


@pytest.mark.parametrize("url", ["/articles/?page=2", "/api/articles/?page=2&page_size=2"])
def test_a_deep_list_page_orders_ids_only_then_fetches_its_rows(client, url):
    """Issue 20, item 10: the plan sorted whole rows, bodies included, for every deep page."""
    for n in range(25):
        make_article(f"Story {n}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    ordered = [q["sql"] for q in queries.captured_queries if 'FROM "archive_article" ORDER BY' in q["sql"]]
    assert len(ordered) == 1
    assert ordered[0].startswith('SELECT "archive_article"."id" AS "pk" FROM "archive_article" ORDER BY')


def test_the_newest_first_order_walks_an_index():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql, params = Article.objects.newest().values_list("pk").query.sql_with_params()
            cursor.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 20 OFFSET 50000", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert plan == "SCAN archive_article USING COVERING INDEX archive_article_newest_idx"
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'archive_article_newest_idx'")
            assert "published DESC NULLS LAST, captured DESC, id DESC" in cursor.fetchone()[0]


# --- 11. CORS preflight, and nothing else ----------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/articles/", "/api/articles/1/", "/timegate/example.org/a", "/timemap/json/x"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_cors_preflight_for_the_api_and_memento(client, url, method):
    response = client.options(
        url,
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept-datetime, if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert response["Access-Control-Allow-Headers"] == (
        "Accept, Accept-Datetime, Accept-Language, If-Modified-Since, If-None-Match"
    )
    assert response.content == b""


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/api/articles/", "POST"),  # asks for a write
        ("/api/articles/", "DELETE"),
        ("/articles/", "GET"),  # not a machine route
        ("/search/", "GET"),
        ("/admin/login/", "GET"),
    ],
)
def test_no_other_preflight_is_answered(client, url, method):
    response = client.options(url, HTTP_ORIGIN="https://elsewhere.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD=method)
    assert "Access-Control-Allow-Methods" not in response
    if not url.startswith("/admin/"):
        assert response.status_code == 405


def test_plain_options_is_still_405(client):
    assert client.options("/api/articles/").status_code == 405


# --- 14. headers on early answers, JSON errors from the API ------------------------------------------


def test_405_and_400_carry_x_frame_options(client):
    assert client.post("/articles/")["X-Frame-Options"] == "DENY"
    assert client.get("/", HTTP_HOST="evil.example")["X-Frame-Options"] == "DENY"


def test_the_api_answers_a_server_error_with_json(client, monkeypatch):
    from archive.api.routes import catalog

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(catalog, "tag_counts", broken)
    client.raise_request_exception = False
    response = client.get("/api/tags/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Server error: the archive could not answer."}


def test_api_search_pages_only_to_the_search_depth(client):
    make_article("Harbour story", ("The harbour reopened today.",))
    assert client.get("/api/search/?q=harbour&page=10&page_size=100").status_code == 200
    response = client.get("/api/search/?q=harbour&page=11&page_size=100")
    assert response.status_code == 422
    message = f"Only the first {MAX_DEPTH} results of a search can be paged through; narrow it."
    assert response.json() == {"detail": [{"loc": ["query", "page"], "msg": message, "type": "too_deep"}]}


@pytest.mark.urls("tests.test_hostile_requests")
@override_settings(REQUEST_DB_BUDGET=0)
def test_a_repeat_of_an_over_budget_request_is_refused_without_the_database(client, django_assert_num_queries):
    first = client.get("/test-budget/many/?b=2&a=1")
    assert first.status_code == 422
    # The same query (parameters in another order, spaces collapsed) touches no database.
    with django_assert_num_queries(0):
        again = client.get("/test-budget/many/?a=1&b=%202")
    assert again.status_code == 422
    assert again.content == first.content
    assert again["Cache-Control"] == "no-store"
    # Another query still runs (and here spends its budget too, on its own first try).
    with CaptureQueriesContext(connection) as other:
        assert client.get("/test-budget/many/?a=3").status_code == 422
    assert len(other.captured_queries) >= 1
    # A new state of the archive forgets what was too expensive in the old one.
    from archive import cache_version

    cache_version.bump_now()
    with CaptureQueriesContext(connection) as after_bump:
        assert client.get("/test-budget/many/?a=1&b=2").status_code == 422
    assert len(after_bump.captured_queries) >= 1


# --- 9. the README's production command ----------------------------------------------------------------


def test_the_production_static_files_storage_serves_html_pages_once_collected(tmp_path, settings, client):
    """Hashed static names come from collectstatic's manifest: without it every HTML page failed with
    "Missing staticfiles manifest entry"; after it (as the README's production command runs it), they serve."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    article = make_article("Harbour story", ("The harbour reopened today.",))
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        client.get("/")
    call_command("collectstatic", interactive=False, verbosity=0)
    for url in ("/", "/articles/", article.get_absolute_url(), "/search/?q=harbour", "/tags/", "/people/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<link rel="stylesheet" href="/static/archive/archive.' in response.content.decode(), url
