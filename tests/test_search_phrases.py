"""Phrases are looked for in the ``phrases.SCAN`` most recently archived
articles that match with each phrase loosened to its words, with a message
when that cut the search. Backend-agnostic: the suite runs on SQLite and again
on PostgreSQL (``make test``)."""

from datetime import UTC, datetime
from html import unescape

import pytest

from archive.search import phrases
from archive.search.query import Term, parse
from tests.factories import make_article
from tests.test_search import page as search_page
from tests.test_search import titles

pytestmark = pytest.mark.django_db

CUT = "A phrase is looked for in the 3 most recently archived articles holding all its words;"


def page(client, q, **params):
    return unescape(search_page(client, q, **params))


@pytest.fixture
def harbour(monkeypatch):
    """Archived in this order; "harbour strike" as a phrase in 1, 2 and 5, both words apart in 3, 4 and 6."""
    monkeypatch.setattr(phrases, "SCAN", 3)
    bodies = [
        "The harbour strike began.",
        "A harbour strike again.",
        "A strike closed the harbour.",
        "The harbour saw a strike.",
        "Harbour strike talks.",
        "Strike near the harbour.",
        "Only the harbour.",
    ]
    for n, body in enumerate(bodies, 1):
        tags = ("Ports",) if n < 4 else ()
        make_article(f"Story {n}", (body,), published=datetime(2020, 1, n, tzinfo=UTC), tags=tags)


def test_a_phrase_is_looked_for_in_the_newest_articles_holding_its_words(client, harbour):
    html = page(client, '"harbour strike"', sort="newest")  # the newest three holding both words: 6, 5, 4
    assert titles(html) == ["Story 5"]
    assert CUT + " add a word, a filter or a date to reach the others." in html
    html = page(client, '"harbour strike"')  # relevance: the same articles
    assert titles(html) == ["Story 5"]
    assert CUT in html


def test_a_phrase_within_the_bound_finds_every_match(client, harbour, monkeypatch):
    monkeypatch.setattr(phrases, "SCAN", 6)
    html = page(client, '"harbour strike"', sort="oldest")
    assert titles(html) == ["Story 1", "Story 2", "Story 5"]
    assert "A phrase is looked for" not in html


def test_filters_and_dates_choose_the_articles_first_and_exclusions_do_not(client, harbour):
    html = page(client, '"harbour strike" tag:ports', sort="newest")  # the tag's articles with both words: 3, 2, 1
    assert titles(html) == ["Story 2", "Story 1"]
    assert "A phrase is looked for" not in html
    html = page(client, '"harbour strike" before:2020-01-06', sort="newest")  # 5, 4, 3 of five
    assert titles(html) == ["Story 5"]
    assert CUT in html
    html = page(client, '"harbour strike" -talks', sort="newest")  # 6, 5, 4, and 5 is excluded
    assert titles(html) == []
    assert CUT in html


def test_a_phrase_among_alternatives_is_not_bounded(client, harbour):
    html = page(client, '"harbour strike" OR ferry', sort="newest")
    assert titles(html) == ["Story 5", "Story 2", "Story 1"]
    assert "A phrase is looked for" not in html


def test_a_phrase_is_loosened_to_the_words_searched_for():
    loose = phrases.loosened(parse('"once may own one" ferry OR port -"harbour strike"'))
    assert loose.groups == [[Term(("may",))], [Term(("one",))], [Term(("ferry",)), Term(("port",))]]
    assert loose.excluded == []
    assert phrases.loosened(parse('ferry -"harbour strike"')) is None
    assert phrases.loosened(parse('"harbour strike" OR ferry')) is None


def test_the_help_states_the_bound(client):
    html = client.get("/search/help/").content.decode()
    assert "a phrase is looked for in the 5,000 most recently archived articles holding all its words" in html
