"""A club's first word alone where the model saw no name: "Real" after "Real Madrid" is the club, a mention
of it, so the club's page lists the article by that word too; a headline in capitals does not block it."""

import pytest

from archive.models import Entity, Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db

REPORT = (
    "Soccer - late goal\n\nA late header by the new defender spared the blushes of Real Madrid on Sunday. The "
    "strike earned Real a draw at fellow leaders Valencia, and the coach of Real said his side deserved more."
)


def test_the_first_word_of_a_club_alone_is_the_club(tmp_path):
    import_texts(tmp_path, REPORT)
    club = Entity.objects.get(key="real madrid")
    assert sorted(Mention.objects.filter(entity=club).values_list("text", flat=True)) == [
        "Real",
        "Real",
        "Real Madrid",
    ]


def test_a_word_that_begins_two_organizations_is_neither(tmp_path):
    import_texts(
        tmp_path,
        "Soccer - derby\n\nReal Madrid and Real Sociedad drew 1-1 on Sunday, and the coach of Real said his side "
        "deserved more.",
    )
    assert Mention.objects.filter(text="Real").count() == 0
