"""A club across pages: a standings table names it by its place ("PORTLAND 66 67"), a report in full
("the Portland Beavers"). Whichever page comes first, the archive keeps one entity, unless the report's
sides are another league's."""

import pytest

from archive.models import Entity, Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db

TABLE = (
    "BASEBALL - STANDINGS\n\nW L PCT GB\n\nHOUSTON 70 63 .526 -\n\nPORTLAND 66 67 .496 4\n\n"
    "MIAMI 60 72 .455 9 1/2\n\nTAMPA 58 75 .436 12"
)
REPORT = (
    "BASEBALL - BEAVERS BEAT HOUSTON\n\nJeff Bagwell hit a homer but the Portland Beavers beat Houston 6-2 on "
    "Sunday to stay top of the division. Tampa beat Miami 3-1 in the other game."
)
FOOTBALL = (
    "FOOTBALL - BEAVERS WIN OPENER\n\nThe Portland Beavers beat Boise 24-17 on Sunday in their first game of "
    "the season. Fresno beat Reno 10-7."
)


def entities_of(text):
    return {m.entity.final().pk for m in Mention.objects.filter(text=text).select_related("entity")}


def test_a_club_in_full_joins_the_side_a_table_filed_by_its_place(tmp_path):
    import_texts(tmp_path, TABLE, REPORT)
    assert len(entities_of("PORTLAND")) == 1
    assert entities_of("PORTLAND") == entities_of("Portland Beavers")
    club = Entity.objects.get(pk=entities_of("PORTLAND").pop())
    assert "portland beavers" in set(club.aliases.values_list("key", flat=True))


def test_a_side_in_a_table_joins_the_club_a_report_named_in_full(tmp_path):
    import_texts(tmp_path, REPORT, TABLE)
    assert len(entities_of("PORTLAND")) == 1
    assert entities_of("PORTLAND") == entities_of("Portland Beavers")
    assert Entity.objects.filter(key="portland").count() == 0


def test_a_club_of_another_league_keeps_apart_from_the_side_of_its_town(tmp_path):
    """The football report names none of the baseball table's sides: its club is not the table's "PORTLAND"."""
    import_texts(tmp_path, TABLE, FOOTBALL)
    assert len(entities_of("PORTLAND")) == len(entities_of("Portland Beavers")) == 1
    assert entities_of("PORTLAND") != entities_of("Portland Beavers")


def test_a_page_naming_two_clubs_of_one_town_joins_neither_to_its_side(tmp_path):
    import_texts(
        tmp_path,
        TABLE,
        "BASEBALL - BEAVERS BEAT HOUSTON\n\nThe Portland Beavers beat Houston 6-2 on Sunday, while the Portland "
        "Pilots beat Tampa 5-1. Miami beat Denver 4-0.",
    )
    clubs = entities_of("Portland Beavers") | entities_of("Portland Pilots")
    assert len(clubs) == 2
    assert entities_of("PORTLAND").isdisjoint(clubs)
