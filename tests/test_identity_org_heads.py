"""A company's short name beside its full one in one article: "WestBank" after "WestBank Corp." is the
same organization, the first word of the one longer organization name the text gives."""

import pytest

from archive.models import Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def entities_of(text):
    return {m.entity.final().pk for m in Mention.objects.filter(text=text).select_related("entity")}


def test_the_first_word_of_one_organization_name_is_that_organization(tmp_path):
    import_texts(
        tmp_path,
        "Bank deal\n\nShares of Midland Savings rose after WestBank Corp. agreed to buy it for $ 2 billion. "
        "Analysts said WestBank paid a high price, and WestBank 's shares fell 3 percent.",
    )
    assert len(entities_of("WestBank")) == 1
    assert entities_of("WestBank") == entities_of("WestBank Corp.")


def test_the_first_word_of_two_organization_names_is_neither(tmp_path):
    import_texts(
        tmp_path,
        "Bank deal\n\nShares of WestBank Corp. rose 2 percent while WestBank Securities Inc. fell 1 percent. "
        "Analysts said WestBank was doing well.",
    )
    assert entities_of("WestBank").isdisjoint(entities_of("WestBank Corp.") | entities_of("WestBank Securities Inc."))
