"""The JSON API: endpoints, filters, pagination, conditional GET, CORS, and a schemathesis run."""

import base64
import hashlib

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from archive.models import Entity, Mention, Role
from tests.factories import day, make_article
from tests.factories import make_statement as statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    a1 = make_article("Budget passes", tags=("Economy", "Europe"), published=day(1), authors=("Ann Lee",))
    a2 = make_article("Trade talks stall", tags=("Economy",), published=day(2), domain="wire.test", source="Wire")
    a3 = make_article("Undated note", captured=day(3))
    make_article(
        "Trade talks stall",
        url=a2.url,
        tags=("Economy",),
        published=day(2),
        domain="wire.test",
        source="Wire",
        captured=day(5),
        raw=b"second copy",
    )
    person = Entity.objects.resolve("Olaf Berg", Entity.Kind.PERSON)
    ministry = Entity.objects.resolve("Finance Ministry", Entity.Kind.ORGANIZATION)
    reuters = Entity.objects.resolve("Reuters", Entity.Kind.ORGANIZATION)
    Role.objects.create(person=person, organization=ministry, description="finance minister", article=a1)
    for article in (a1, a2):
        Mention.objects.create(article=article, entity=person, start=0, end=4, text="Olaf", label="PERSON")
    Mention.objects.create(article=a1, entity=ministry, start=5, end=9, text="Finance Ministry", label="ORG")
    statement(a1, 0, person, "The budget is balanced.")
    statement(a2, 0, person, "Talks will resume.", kind="indirect", via=reuters)
    statement(a2, 1, ministry, "No comment on trade.")
    return {"a1": a1, "a2": a2, "a3": a3, "person": person, "ministry": ministry, "reuters": reuters}


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def titles(data):
    return [r["title"] for r in data["results"]]


def test_article_list_newest_first(client, archive):
    data = get(client, "/api/articles/")
    assert data["count"] == 3
    assert titles(data) == ["Trade talks stall", "Budget passes", "Undated note"]
    first = data["results"][1]
    assert first["authors"] == [{"slug": "ann-lee", "name": "Ann Lee", "kind": "person"}]
    assert first["tags"] == [{"slug": "economy", "name": "Economy"}, {"slug": "europe", "name": "Europe"}]
    assert first["archive_url"] == f"http://testserver{archive['a1'].get_absolute_url()}"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"tag": "economy"}, ["Trade talks stall", "Budget passes"]),
        ({"tag": ["economy", "europe"]}, ["Budget passes"]),
        ({"tag": ["europe", "nosuch"]}, []),
        ({"source": "wire"}, ["Trade talks stall"]),
        ({"source": "wire.test"}, ["Trade talks stall"]),
        ({"author": "ann-lee"}, ["Budget passes"]),
        ({"person": "olaf-berg"}, ["Trade talks stall", "Budget passes"]),
        ({"person": "finance-ministry"}, []),  # an organization is not a person
        ({"org": "finance-ministry"}, ["Budget passes"]),
        ({"after": "2024-01-02"}, ["Trade talks stall"]),
        ({"before": "2024-01-01"}, ["Budget passes"]),
        ({"q": "budget"}, ["Budget passes"]),
        ({"q": "trade", "tag": "economy"}, ["Trade talks stall"]),
        ({"q": "budget", "source": "wire"}, []),
        ({"q": "budget", "author": "nobody"}, []),
        ({"q": "paragraph", "person": "olaf-berg"}, ["Trade talks stall", "Budget passes"]),
    ],
)
def test_article_filters(client, archive, params, expected):
    assert titles(get(client, "/api/articles/", **params)) == expected


def test_search_needs_a_query(client, archive):
    assert titles(get(client, "/api/search/", q="trade")) == ["Trade talks stall"]
    assert titles(get(client, "/api/search/", q="paragraph", sort="oldest")) == [
        "Budget passes",
        "Trade talks stall",
        "Undated note",
    ]
    get(client, "/api/search/", status=422, q="trade", sort="random")
    get(client, "/api/search/", status=422)


def test_pagination_is_stable_and_linked(client, archive):
    for n in range(4):
        make_article(f"Same day {n}", published=day(9))
    page1 = get(client, "/api/articles/", page_size=3)
    page2 = get(client, "/api/articles/", page_size=3, page=2)
    page3 = get(client, "/api/articles/", page_size=3, page=3)
    assert page1["count"] == 7
    # Equal dates fall back on the newest pk first, so pages never overlap or skip.
    assert titles(page1) == ["Same day 3", "Same day 2", "Same day 1"]
    assert titles(page2) == ["Same day 0", "Trade talks stall", "Budget passes"]
    assert titles(page3) == ["Undated note"]
    assert page1["previous"] is None
    assert page1["next"] == "http://testserver/api/articles/?page_size=3&page=2"
    assert page3["next"] is None
    assert get(client, "/api/articles/", page=9)["results"] == []
    get(client, "/api/articles/", status=422, page=0)
    get(client, "/api/articles/", status=422, page_size=101)


def test_article_detail(client, archive):
    a2 = archive["a2"]
    data = get(client, f"/api/articles/{a2.pk}/")
    assert data["title"] == "Trade talks stall"
    assert data["body"] == ["First paragraph of the story.", "Second paragraph."]
    captures = data["captures"]
    assert [c["captured"] for c in captures] == ["2024-01-01T00:00:00Z", "2024-01-05T12:00:00Z"]
    assert [c["sha256"] for c in captures] == list(a2.captures.order_by("captured").values_list("sha256", flat=True))
    assert captures[1]["size"] == len(b"second copy")
    assert captures[1]["memento_url"] == f"http://testserver/articles/{a2.pk}/captures/{a2.captures.last().pk}/"
    assert "raw" not in captures[0]
    assert captures[1]["raw_url"] == f"http://testserver/api/captures/{a2.captures.last().pk}/raw"
    assert data["entities"] == [{"slug": "olaf-berg", "name": "Olaf Berg", "kind": "person", "mentions": 1}]
    assert [(s["speaker_name"], s["content"], s["via"]) for s in data["statements"]] == [
        ("Olaf Berg", "Talks will resume.", {"slug": "reuters", "name": "Reuters", "kind": "organization"}),
        ("Finance Ministry", "No comment on trade.", None),
    ]
    get(client, "/api/articles/999999/", status=404)
    get(client, "/api/articles/0/", status=422)


def test_capture_raw_bytes(client, archive):
    capture = archive["a2"].captures.order_by("captured").last()
    response = client.get(f"/api/captures/{capture.pk}/raw")
    assert response.status_code == 200
    assert response.content == b"second copy"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="capture-{capture.pk}-{capture.sha256[:12]}.html"'
    digest = base64.b64encode(hashlib.sha256(b"second copy").digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    assert response["ETag"] == f'"{capture.sha256[:40]}"'
    get(client, "/api/captures/999999/raw", status=404)


def test_statement_filters(client, archive):
    def contents(**params):
        return [s["content"] for s in get(client, "/api/statements/", **params)["results"]]

    assert contents() == ["Talks will resume.", "No comment on trade.", "The budget is balanced."]
    assert contents(speaker="olaf-berg") == ["Talks will resume.", "The budget is balanced."]
    # The ministry itself, and its minister (a known role).
    assert contents(organization="finance-ministry") == [
        "Talks will resume.",
        "No comment on trade.",
        "The budget is balanced.",
    ]
    assert contents(outlet="reuters") == ["Talks will resume."]
    assert contents(tag="europe") == ["The budget is balanced."]
    assert contents(kind="indirect") == ["Talks will resume."]
    assert contents(before="2024-01-01") == ["The budget is balanced."]
    assert contents(after="2024-01-02") == ["Talks will resume.", "No comment on trade."]
    assert contents(q="trade comment") == ["No comment on trade."]
    get(client, "/api/statements/", status=422, kind="shouted")


def test_entities(client, archive):
    names = [e["name"] for e in get(client, "/api/entities/", kind="organization")["results"]]
    assert names == ["Finance Ministry", "Reuters"]
    assert [e["name"] for e in get(client, "/api/entities/", q="berg")["results"]] == ["Olaf Berg"]
    data = get(client, "/api/entities/olaf-berg/")
    assert data["article_count"] == 2
    assert data["statement_count"] == 2
    assert data["roles"] == [
        {
            "person": {"slug": "olaf-berg", "name": "Olaf Berg", "kind": "person"},
            "organization": {"slug": "finance-ministry", "name": "Finance Ministry", "kind": "organization"},
            "description": "finance minister",
            "article_id": archive["a1"].pk,
        }
    ]
    assert titles(get(client, "/api/entities/olaf-berg/articles/")) == ["Trade talks stall", "Budget passes"]
    said = get(client, "/api/entities/olaf-berg/statements/")["results"]
    assert [s["content"] for s in said] == ["Talks will resume.", "The budget is balanced."]
    get(client, "/api/entities/nobody/", status=404)


def test_merged_entity_answers_with_its_target(client, archive):
    twin = Entity.objects.create(
        name="O. Berg", slug="o-berg", kind="person", key="o berg", merged_into=archive["person"]
    )
    assert twin.final() == archive["person"]
    assert get(client, "/api/entities/o-berg/")["slug"] == "olaf-berg"


def test_tags_and_sources(client, archive):
    tags = get(client, "/api/tags/")["results"]
    assert tags == [
        {"slug": "economy", "name": "Economy", "article_count": 2},
        {"slug": "europe", "name": "Europe", "article_count": 1},
    ]
    sources = {s["slug"]: s["article_count"] for s in get(client, "/api/sources/")["results"]}
    assert sources == {"test-times": 2, "wire": 1}


def test_conditional_get(client, archive):
    url = f"/api/articles/{archive['a1'].pk}/"
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) == 42
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    # A change to the article changes its representation, so the old ETag no longer matches.
    make_article("Budget passes", url=archive["a1"].url, captured=day(20), raw=b"newer copy")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_list_conditional_get(client, archive):
    etag = client.get("/api/tags/")["ETag"]
    assert client.get("/api/tags/", headers={"if-none-match": etag}).status_code == 304
    make_article("Another", tags=("Sport",))
    assert client.get("/api/tags/", headers={"if-none-match": etag}).status_code == 200


def test_head_and_read_only(client, archive):
    response = client.head("/api/articles/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert client.post("/api/articles/", {}).status_code == 405


def test_every_route_documents_the_400_for_a_parameter_repeated_too_often(client, archive):
    # The middleware refuses a parameter given more than 20 times before any route runs; the schema must say so
    # (schemathesis found the undocumented 400 on /api/entities/?kind=...).
    schema = get(client, "/api/openapi.json")
    documented = {path: sorted(op["responses"]) for path, ops in schema["paths"].items() for op in ops.values()}
    assert {path: "400" in codes for path, codes in documented.items()} == dict.fromkeys(documented, True)
    response = client.get("/api/entities/?" + "&".join(["kind=person"] * 21))
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "At most 20 values of one parameter (“kind”) are accepted."},
    )


def test_openapi_schema_and_docs(client):
    schema = get(client, "/api/openapi.json")
    assert set(schema["paths"]) == {
        "/api/articles/",
        "/api/search/",
        "/api/articles/{id}/",
        "/api/entities/",
        "/api/entities/{slug}/",
        "/api/entities/{slug}/articles/",
        "/api/entities/{slug}/statements/",
        "/api/statements/",
        "/api/tags/",
        "/api/sources/",
        "/api/captures/{id}/raw",
        "/api/captures/{id}/warc",
    }
    docs = client.get("/api/docs").content.decode()
    # Swagger UI comes from the archive's own static files (django-ninja's copy): no CDN, no inline code.
    for asset in (
        '<link rel="stylesheet" href="/static/ninja/swagger-ui.css">',
        '<script src="/static/ninja/swagger-ui-bundle.js" defer></script>',
        '<script src="/static/ninja/swagger-ui-init.js" defer></script>',
        '<link rel="icon" href="/static/archive/favicon.svg" type="image/svg+xml">',
    ):
        assert asset in docs
    assert "cdn" not in docs.lower() and "//" not in docs.replace("http://www.w3.org", "")
    assert "<script>" not in docs  # no inline code, only the JSON data block and files from this site
    # Shown at once, before Swagger UI has loaded (and without JavaScript): every endpoint.
    assert "<li><code>/api/articles/{id}/</code> One article with its captures" in docs
    assert docs.count("<li><code>/api/") == 12
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        response = client.get(f"/static/ninja/{name}")
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content)[:20]


def test_api_root_is_a_landing_page_listing_every_endpoint(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<h1>JSON API</h1>" in page
    assert '<a href="/api/docs">Interactive documentation</a>' in page
    assert '<a href="/api/openapi.json">OpenAPI schema</a>' in page
    assert "<tr><td><code>/api/articles/{id}/</code></td><td>" in page
    assert page.count("<tr><td><code>/api/") == 12
    assert client.head("/api/").status_code == 200


# --- property-based: every operation, driven by the schema ------------------------------


def _schema():
    # Loaded from the API object itself (no request needed at import time); calls go to the WSGI app.
    from archive.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()


@pytest.fixture
def keep_connection():
    """Django closes a connection at the end of each request when it is inside a transaction,
    as every test is; its test client disconnects that handler, and so must a raw WSGI call."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, archive, settings, keep_connection):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' WSGI client calls the app by this name
    case.call_and_validate(
        # The WSGI test client would not undo the site's gzip compression.
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
