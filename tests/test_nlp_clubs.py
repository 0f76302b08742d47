"""Sides on a sports page: a town's or county's side is a club (an
organization), a country's side keeps its place label (sides.py)."""

from __future__ import annotations

import pytest

from archive.nlp import entities, model
from tests.test_nlp_entities import doc_with


@pytest.fixture(scope="module")
def nlp():
    return model.load()


PAGE = (
    "Weekend baseball\n"
    "Results in the league on Sunday :\n"
    "Denver 6 Portland 2\n"
    "Mexico 3 Peru 1\n"
    "Lyon beat Harwich 4-1 and the pitcher threw a complete game .\n"
)
PLACES = [
    ("Denver", "GPE"),
    ("Portland", "GPE"),
    ("Mexico", "GPE"),
    ("Peru", "GPE"),
    ("Lyon", "GPE"),
    ("Harwich", "GPE"),
]


def labels(nlp, text, ents):
    mentions, _, _ = entities.extract(doc_with(nlp, text, ents))
    return {m.text: m.label for m in mentions}


def test_a_town_heading_a_score_or_in_a_result_is_a_club_and_a_country_a_place(nlp):
    assert labels(nlp, PAGE, PLACES) == {
        "Denver": "ORG",
        "Portland": "ORG",
        "Mexico": "GPE",
        "Peru": "GPE",
        "Lyon": "ORG",
        "Harwich": "ORG",
    }


def test_the_same_towns_off_a_sports_page_stay_places(nlp):
    text = "Weekend trip\nDenver 6 miles from Portland .\nLyon met Harwich officials on Sunday .\n"
    ents = [("Denver", "GPE"), ("Portland", "GPE"), ("Lyon", "GPE"), ("Harwich", "GPE")]
    assert set(labels(nlp, text, ents).values()) == {"GPE"}


def test_a_town_that_begins_a_newspapers_name_stays_a_place(nlp):
    """As an organization "Denver" would read as the short form of "the Denver Courier"."""
    text = "Weekend baseball\nDenver beat Portland 5-3 in the league , the Denver Courier said .\n"
    ents = [("Denver", "GPE"), ("Portland", "GPE"), ("Denver Courier", "ORG")]
    got = labels(nlp, text, ents)
    assert (got["Denver"], got["Portland"], got["Denver Courier"]) == ("GPE", "ORG", "ORG")
