"""Search suggestions: people and organizations by the start of any of their names."""

import json

import pytest
from django.test import RequestFactory

from archive.models import Entity, EntityAlias
from archive.views.suggest import suggest

pytestmark = pytest.mark.django_db


def suggestions(text):
    response = suggest(RequestFactory().get("/suggest/", {"q": text}))
    assert response["Content-Type"] == "application/json"
    return [r["name"] for r in json.loads(response.content)["results"]]


@pytest.fixture
def entities():
    bortnikov = Entity.objects.resolve("Alexander Bortnikov", Entity.Kind.PERSON)
    EntityAlias.objects.create(entity=bortnikov, name="Bortnikov", key="bortnikov")
    isis = Entity.objects.resolve("ISIS", Entity.Kind.ORGANIZATION)
    EntityAlias.objects.create(entity=isis, name="Islamic State", key="islamic state")
    Entity.objects.resolve("Alexandria", Entity.Kind.PLACE)
    Entity.objects.resolve("Alex Smith", Entity.Kind.PERSON)


def test_names_starting_with_the_text_come_first_and_places_are_left_out(entities):
    assert suggestions("alex") == ["Alex Smith", "Alexander Bortnikov"]


def test_a_later_word_or_another_name_finds_the_entity(entities):
    assert suggestions("Bortni") == ["Alexander Bortnikov"]
    assert suggestions("islamic") == ["ISIS"]


def test_too_short_or_empty_asks_nothing(entities, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert suggestions("a") == []
        assert suggestions("  ") == []
