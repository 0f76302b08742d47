"""The home page's whole-archive aggregates (tag cloud, sources, timeline) are
computed once per state of the archive, not on every view (issue 20: the
home page was the slowest page a reader met while attackers held the cores)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def grouped_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return sum(1 for q in queries.captured_queries if "GROUP BY" in q["sql"]), response.content.decode()


def test_the_home_page_aggregates_the_archive_once_per_state(client):
    make_article(title="Cached one", tags=("alpha",), published=datetime(2024, 3, 1))
    first, page = grouped_queries(client)
    assert first == 3  # tags, sources, timeline
    assert "alpha" in page
    again, page_again = grouped_queries(client)
    assert again == 0
    assert page_again == page


def test_the_home_page_shows_new_articles_and_tags_at_once(client):
    make_article(title="First", tags=("alpha",), published=datetime(2024, 3, 1))
    _, page = grouped_queries(client)
    assert "beta" not in page
    make_article(
        title="Second",
        tags=("beta",),
        published=datetime(2024, 4, 1),
        source="Other Paper",
        url="https://other.example/second",
    )
    count, page = grouped_queries(client)
    assert count == 3
    assert "beta" in page and "Other Paper" in page
    Article.objects.get(title="Second").tags.clear()
    count, page = grouped_queries(client)
    assert count == 3
    assert ">beta<" not in page


def grouped_on(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return sum(1 for q in queries.captured_queries if "GROUP BY" in q["sql"]), response.content.decode()


def test_a_tag_page_aggregates_its_tags_once_per_state(client):
    make_article(title="One", tags=("alpha", "beta"), published=datetime(2024, 3, 1))
    first, page = grouped_on(client, "/tags/alpha/")
    assert first == 2  # narrower tags, timeline
    assert 'href="/tags/alpha+beta/"' in page
    again, page_again = grouped_on(client, "/tags/alpha/")
    assert again == 0
    assert page_again == page
    make_article(title="Two", tags=("alpha", "gamma"), published=datetime(2024, 4, 1))
    count, page = grouped_on(client, "/tags/alpha/")
    assert count == 2
    assert 'href="/tags/alpha+gamma/"' in page
