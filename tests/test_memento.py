"""Memento (RFC 7089): capture pages as mementos, the TimeGate's choice, TimeMaps."""

import re
from datetime import UTC, datetime

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

JAN = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
MAR = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
MAY = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)
URL = "https://www.example.org/news/story/"


@pytest.fixture
def three():
    """One article captured three times."""
    for n, when in enumerate((MAR, JAN, MAY)):
        article = make_article("Story", url=URL, captured=when, raw=f"copy {n}".encode())
    captures = list(article.captures.order_by("captured"))
    assert [c.captured for c in captures] == [JAN, MAR, MAY]
    return article, captures


def links(header):
    """{rel: [(url, attributes)]} from a Link header; a URL with "first memento" is under both words' rel."""
    out = {}
    for url, params in re.findall(r"<([^>]*)>((?:\s*;\s*[\w-]+=\"[^\"]*\")*)", header):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', params))
        for rel in attrs["rel"].split():
            out.setdefault(rel, []).append((url, attrs))
    return out


def memento_url(capture):
    return f"http://testserver/articles/{capture.article_id}/captures/{capture.pk}/"


def test_capture_page_is_a_memento(client, three):
    article, (jan, mar, may) = three
    response = client.get(memento_url(mar))
    assert response.status_code == 200
    assert response["Memento-Datetime"] == "Sun, 10 Mar 2024 12:00:00 GMT"
    rels = links(response["Link"])
    assert rels["original"] == [(URL, {"rel": "original"})]
    assert rels["timegate"][0][0] == "http://testserver/timegate/https://www.example.org/news/story/"
    assert rels["timemap"][0] == (
        "http://testserver/timemap/link/https://www.example.org/news/story/",
        {"rel": "timemap", "type": "application/link-format"},
    )
    assert [u for u, a in rels["first"]] == [memento_url(jan)]
    assert [u for u, a in rels["prev"]] == [memento_url(jan)]
    assert [u for u, a in rels["next"]] == [memento_url(may)]
    assert [u for u, a in rels["last"]] == [memento_url(may)]
    assert rels["first"][0][1]["rel"] == "first prev memento"
    assert rels["last"][0][1]["datetime"] == "Fri, 10 May 2024 12:00:00 GMT"
    assert sorted(u for u, a in rels["memento"]) == sorted(memento_url(c) for c in (jan, mar, may))


def test_first_capture_has_no_prev(client, three):
    article, (jan, mar, may) = three
    rels = links(client.get(memento_url(jan))["Link"])
    assert "prev" not in rels
    assert [u for u, a in rels["first"]] == [memento_url(jan)]  # itself
    assert [u for u, a in rels["next"]] == [memento_url(mar)]


def test_article_page_sends_the_newest_mementos_headers(client, three):
    article, (jan, mar, may) = three
    response = client.get(article.get_absolute_url())
    assert response["Memento-Datetime"] == "Fri, 10 May 2024 12:00:00 GMT"
    assert response["Content-Location"] == memento_url(may)
    assert [u for u, a in links(response["Link"])["prev"]] == [memento_url(mar)]


@pytest.mark.parametrize(
    "accept, chosen",
    [
        ("Mon, 01 Jan 2024 00:00:00 GMT", 0),  # before the first capture
        ("Wed, 10 Jan 2024 12:00:00 GMT", 0),  # exactly on it
        ("Fri, 09 Feb 2024 11:59:59 GMT", 0),  # just before the midpoint of Jan and Mar
        ("Fri, 09 Feb 2024 12:00:01 GMT", 1),  # just after it
        ("Sat, 09 Mar 2024 00:00:00 GMT", 1),  # the day before Mar's capture
        ("Mon, 11 Mar 2024 00:00:00 GMT", 1),  # the day after
        ("Mon, 01 Jan 2030 00:00:00 GMT", 2),  # after the last
    ],
)
def test_timegate_redirects_to_the_nearest_capture(client, three, accept, chosen):
    article, captures = three
    response = client.get("/timegate/https://www.example.org/news/story/", headers={"accept-datetime": accept})
    assert response.status_code == 302
    assert response["Location"] == memento_url(captures[chosen])
    assert response["Vary"] == "accept-datetime"
    assert response["Access-Control-Allow-Origin"] == "*"
    rels = links(response["Link"])
    assert rels["original"][0][0] == URL
    assert [u for u, a in rels["first"]] == [memento_url(captures[0])]
    assert [u for u, a in rels["last"]] == [memento_url(captures[2])]


def test_timegate_without_accept_datetime_gives_the_newest(client, three):
    article, captures = three
    response = client.get("/timegate/https://www.example.org/news/story/")
    assert response.status_code == 302
    assert response["Location"] == memento_url(captures[2])


@pytest.mark.parametrize(
    "path",
    [
        "/timegate/example.org/news/story",
        "/timegate/http://example.org/news/story/",
        "/timegate/https:/www.example.org/news/story",  # a proxy merged the slashes
        "/timegate/WWW.EXAMPLE.ORG/news/story/",
    ],
)
def test_timegate_finds_the_url_however_written(client, three, path):
    article, captures = three
    assert client.get(path)["Location"] == memento_url(captures[2])


@pytest.mark.parametrize(
    "bad", ["yesterday", "2024-01-01", "Mon, 01 Jan 2024 00:00:00 +0100", "Mon, 32 Jan 2024 00:00:00 GMT"]
)
def test_malformed_accept_datetime_is_400(client, three, bad):
    response = client.get("/timegate/example.org/news/story", headers={"accept-datetime": bad})
    assert response.status_code == 400
    assert response["Vary"] == "accept-datetime"


@pytest.mark.parametrize("kind", ["timegate", "timemap/link", "timemap/json"])
def test_unknown_url_is_404(client, three, kind):
    assert client.get(f"/{kind}/example.org/other").status_code == 404


def test_timemap_link_format(client, three):
    article, (jan, mar, may) = three
    response = client.get("/timemap/link/example.org/news/story")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/link-format"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.content.decode()
    assert body.splitlines() == [
        f'<{URL}>; rel="original",',
        '<http://testserver/timemap/link/https://www.example.org/news/story/>; rel="self"; '
        'type="application/link-format"; from="Wed, 10 Jan 2024 12:00:00 GMT"; until="Fri, 10 May 2024 12:00:00 GMT",',
        '<http://testserver/timemap/json/https://www.example.org/news/story/>; rel="alternate"; '
        'type="application/json",',
        '<http://testserver/timegate/https://www.example.org/news/story/>; rel="timegate",',
        f'<{memento_url(jan)}>; rel="first memento"; datetime="Wed, 10 Jan 2024 12:00:00 GMT",',
        f'<{memento_url(mar)}>; rel="memento"; datetime="Sun, 10 Mar 2024 12:00:00 GMT",',
        f'<{memento_url(may)}>; rel="last memento"; datetime="Fri, 10 May 2024 12:00:00 GMT"',
    ]


def test_timemap_json(client, three):
    article, (jan, mar, may) = three
    data = client.get("/timemap/json/https://example.org/news/story/").json()
    assert data["original_uri"] == URL
    assert data["timegate_uri"] == "http://testserver/timegate/https://www.example.org/news/story/"
    assert data["timemap_uri"]["link_format"] == "http://testserver/timemap/link/https://www.example.org/news/story/"
    assert data["mementos"]["first"] == {"datetime": "2024-01-10T12:00:00+00:00", "uri": memento_url(jan)}
    assert data["mementos"]["last"] == {"datetime": "2024-05-10T12:00:00+00:00", "uri": memento_url(may)}
    assert [m["uri"] for m in data["mementos"]["list"]] == [memento_url(c) for c in (jan, mar, may)]


def test_article_without_url_is_found_by_its_checksum_urn(client):
    article = make_article("No URL", url="")
    capture = article.captures.get()
    assert article.identifier == f"sha256:{capture.sha256}"
    response = client.get(f"/timegate/urn:sha256:{capture.sha256}")
    assert response["Location"] == memento_url(capture)
    rels = links(client.get(memento_url(capture))["Link"])
    assert rels["original"][0][0] == f"urn:sha256:{capture.sha256}"
    assert rels["first"][0][1]["rel"] == "first last memento"


def test_url_with_query_string(client):
    article = make_article("Query", url="https://example.org/view?id=7")
    capture = article.captures.get()
    assert client.get("/timegate/example.org/view?id=7")["Location"] == memento_url(capture)
    assert client.get("/timegate/example.org/view?id=8").status_code == 404
    rels = links(client.get(memento_url(capture))["Link"])
    assert rels["timegate"][0][0] == "http://testserver/timegate/https://example.org/view?id=7"
    assert client.get(rels["timegate"][0][0])["Location"] == memento_url(capture)
