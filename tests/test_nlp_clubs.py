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


STANDINGS = (
    "Rugby league table after the weekend 's games :\n"
    "Torquay 5 4 1 0 12 3 13\n"
    "Exeter 5 3 1 1 9 5 10\n"
    "Bristol Rovers 5 1 0 4 4 11 3\n"
)
ACCOUNTS = "Half-year figures :\nSales 12.50 11.30\nTurnover 40.20 38.00\n"


def test_a_lone_common_looking_word_heads_a_standings_row_beside_a_clubs_name(nlp):
    """The tagger reads "Torquay" as a common noun; "Exeter" and "Bristol Rovers" on the same table show the
    rows are clubs. A table of accounts, with no such row, keeps its headings out."""
    tags = {t.text: t.tag_ for t in nlp(STANDINGS)}
    assert tags["Torquay"] == "NN"  # the case the rule is for
    assert labels(nlp, STANDINGS, []) == {"Torquay": "ORG", "Exeter": "ORG", "Bristol Rovers": "ORG"}
    assert "Sales" not in labels(nlp, ACCOUNTS, [])  # ("Turnover", tagged a proper noun, is an older case)


def test_a_name_right_after_a_noun_of_its_kind_is_an_organization(nlp):
    """ "Dutch club Vitesse Arnhem", "the protest group Green Hands": the noun says what the name is, whatever
    the model guessed; not where the name is the subject of the noun's own clause, nor a ship after "carrier"."""
    cases = {
        "Dutch club Vitesse Arnhem signed a striker on Monday .": ("Vitesse Arnhem", "ORG"),
        "Police questioned the protest group Green Hands about the march .": ("Green Hands", "ORG"),
        "The club Peter Mills founded folded .": ("Peter Mills", "PERSON"),
        "Jets took off from the aircraft carrier Robert Hale .": ("Robert Hale", "PERSON"),
    }
    for text, (name, label) in cases.items():
        assert labels(nlp, text, [(name, "PERSON")]) == {name: label}, text
