"""Searches made only of exclusions (``-said``): the first ``SCAN`` articles
in the page's order, minus those holding an excluded word or phrase, with a
message when more articles than that pass the filters. Backend-agnostic: the
suite runs on SQLite and again on PostgreSQL (``make test``)."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from archive.models import Article
from archive.search import excluding
from tests.factories import make_article
from tests.test_search import page, titles

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
CUT = re.compile(r"A search made only of exclusions looks at the [\d,]+ \w+ articles[^;]*;")


def day(n):
    return datetime(2020, 1, n, tzinfo=UTC)


def count_line(html):
    return re.search(r'<p class="count-line">([^.<]*)', html).group(1)


@pytest.fixture
def days():
    """Eight articles, one a day; "said" in the 2nd, 4th, 5th and 7th, the tag on the odd days."""
    said = {2, 4, 5, 7}
    for n in range(1, 9):
        body = f"The minister said nothing on day {n}." if n in said else f"Quiet on day {n}."
        make_article(f"Day {n}", (body,), published=day(n), tags=("Odd",) if n % 2 else ())


def test_every_article_but_those_holding_the_word_when_all_are_looked_at(client, days):
    html = page(client, "-said")
    assert titles(html) == ["Day 8", "Day 6", "Day 3", "Day 1"]
    assert count_line(html) == "4 articles, newest first"
    assert not CUT.search(html)
    assert titles(page(client, "-said", sort="oldest")) == ["Day 1", "Day 3", "Day 6", "Day 8"]
    assert titles(page(client, '-"minister said" -quiet')) == []
    assert titles(page(client, '-"said nothing"')) == ["Day 8", "Day 6", "Day 3", "Day 1"]
    assert titles(page(client, "-said -quiet")) == []


def test_only_the_first_articles_in_the_order_are_looked_at(client, days, monkeypatch):
    monkeypatch.setattr(excluding, "SCAN", 5)
    html = page(client, "-said")  # days 8 to 4: 7, 5 and 4 hold "said"
    assert titles(html) == ["Day 8", "Day 6"]
    assert count_line(html) == "2 articles, newest first"
    assert (
        "A search made only of exclusions looks at the 5 newest articles; add a word, a filter or a date to reach "
        "the others." in unescape(html)
    )
    html = page(client, "-said", sort="oldest")  # days 1 to 5
    assert titles(html) == ["Day 1", "Day 3"]
    assert "looks at the 5 oldest articles;" in unescape(html)


def test_filters_and_dates_come_before_the_bound(client, days, monkeypatch):
    monkeypatch.setattr(excluding, "SCAN", 3)
    html = page(client, "-said tag:odd")  # odd days 7, 5, 3: only 3 lacks "said"
    assert titles(html) == ["Day 3"]
    assert "looks at the 3 newest articles that pass the filters;" in unescape(html)
    html = page(client, "-said before:2020-01-07")  # days 6, 5, 4 of 6 to 1
    assert titles(html) == ["Day 6"]
    assert "that pass the filters;" in unescape(html)
    html = page(client, "-said -tag:odd after:2020-01-03")  # even days 8, 6, 4: nothing cut
    assert titles(html) == ["Day 8", "Day 6"]
    assert not CUT.search(html)


def test_facets_count_the_articles_kept(client, days):
    html = page(client, "-said")
    section = re.search(r'<h3 id="facet-tags">Tags</h3>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'rel="nofollow">([^<]+)</a> <span class="count">(\d+)</span>', section) == [("Odd", "2")]


def test_the_same_ids_through_the_queryset_and_a_filtered_base(days, monkeypatch):
    monkeypatch.setattr(excluding, "SCAN", 4)
    assert [a.title for a in Article.objects.search("-said")[:10]] == ["Day 8", "Day 6"]
    base = Article.objects.filter(tags__name="Odd")
    results = base.search("-said")
    assert [a.title for a in results[:10]] == ["Day 3", "Day 1"]  # odd days 7, 5, 3, 1: nothing cut
    assert results.messages == []
    monkeypatch.setattr(excluding, "SCAN", 3)
    results = base.search("-said")
    assert [a.title for a in results[:10]] == ["Day 3"]  # odd days 7, 5, 3
    assert results.messages == [
        "A search made only of exclusions looks at the 3 newest articles that pass the filters; "
        "add a word, a filter or a date to reach the others."
    ]


def test_a_second_page_of_an_exclusion(client, monkeypatch):
    monkeypatch.setattr(excluding, "SCAN", 40)
    for n in range(1, 46):  # the 40 newest are 45 to 6; 14 of them (multiples of 3) hold "said"
        body = "Nothing was said." if n % 3 == 0 else "Calm."
        make_article(f"Story {n:02}", (body,), published=datetime(2020, 1, 1, n % 24, tzinfo=UTC) + (n // 24) * DAY)
    html = page(client, "-said", page=2)
    assert count_line(html) == "26 articles, newest first"
    assert titles(html) == ["Story 14", "Story 13", "Story 11", "Story 10", "Story 08", "Story 07"]
    assert CUT.search(html)


def test_the_help_states_the_bound(client):
    html = client.get("/search/help/").content.decode()
    assert "A search made only of exclusions (<kbd>-said</kbd>) looks at the 10,000 newest (or oldest) articles" in html


def test_a_page_past_the_depth_runs_the_search_for_the_last_page_only(client, monkeypatch):
    from archive.views import search as view

    monkeypatch.setattr(view, "MAX_DEPTH", 40)
    for n in range(1, 46):
        make_article(f"Harbour {n:02}", ("The harbour.",), published=datetime(2020, 1, 1, tzinfo=UTC) + n * DAY)
    response = client.get("/search/", {"q": "harbour", "sort": "newest", "page": 500})
    assert titles(response.content.decode())[:2] == ["Harbour 25", "Harbour 24"]  # page 2, the last within 40
    assert list(response.context["results"].ranked._runs) == [(20, 20)]  # not (9980, 20) first
