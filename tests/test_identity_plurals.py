"""A body of people and the adjective of one of its members in one text ("the Barbarians", "a former
Barbarian forward") are one entity."""

import pytest

from archive.models import Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def entities_of(text):
    return {m.entity.final().pk for m in Mention.objects.filter(text=text).select_related("entity")}


def test_a_team_and_its_members_adjective_are_one_entity(tmp_path):
    import_texts(
        tmp_path,
        "Rugby - Barbarians name new captain\n\nThe Barbarians named a new captain on Tuesday before the test in "
        "Sydney. Their coach said the former Barbarian forward Tom Hill had earned his place, and the Barbarians "
        "trained in the afternoon.",
    )
    assert len(entities_of("Barbarians")) == 1
    assert entities_of("Barbarian") == entities_of("Barbarians")
