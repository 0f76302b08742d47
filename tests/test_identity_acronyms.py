"""Acronyms defined in brackets the ways news writes them: after the long form even when the letters come
from another language or word order, and before it ("the ECB (European Central Bank)")."""

import pytest

from archive.models import Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def entities_of(text):
    return {m.entity.final().pk for m in Mention.objects.filter(text=text).select_related("entity")}


def test_an_acronym_from_another_language_is_its_long_forms_entity(tmp_path):
    import_texts(
        tmp_path,
        "Vote in Bosnia\n\nThe Party of Democratic Action ( SDA ) called on its voters abroad to stay at home. "
        "The SDA said the lists of voters were wrong.",
    )
    assert len(entities_of("SDA")) == 1
    assert entities_of("SDA") == entities_of("Party of Democratic Action")


def test_an_acronym_before_its_long_form_in_brackets_is_one_entity(tmp_path):
    import_texts(
        tmp_path,
        "Rates on hold\n\nEconomists said the FOMC ( Federal Open Market Committee ) would leave rates alone. "
        "The FOMC meets again in two weeks.",
    )
    assert len(entities_of("FOMC")) == 1
    assert entities_of("FOMC") == entities_of("Federal Open Market Committee")


def test_a_country_code_after_a_persons_name_defines_nothing(tmp_path):
    import_texts(
        tmp_path,
        "Marathon results\n\nThe race was won by Jane Roe ( USA ) ahead of Mary Doe ( GBR ). The USA team led.",
    )
    assert entities_of("Jane Roe").isdisjoint(entities_of("USA"))
