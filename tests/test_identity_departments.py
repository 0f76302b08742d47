"""A government department by its short name on one page ("the Treasury") and in full on another ("the
Treasury Department"): one organization, whichever page came first."""

import pytest

from archive.models import Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db

SHORT = (
    "Bond sales to grow\n\nThe Treasury said on Monday that it would sell more 10-year notes next quarter, "
    "and analysts in Washington expected higher yields."
)
FULL = (
    "Award blocked\n\nThe U.S. Treasury Department on Tuesday denied a licence to a charity in Ohio, and the "
    "Treasury Department said the decision was final."
)


def entities_of(text):
    return {m.entity.final().pk for m in Mention.objects.filter(text=text).select_related("entity")}


def test_a_department_in_full_joins_its_short_name_filed_before(tmp_path):
    import_texts(tmp_path, SHORT, FULL)
    assert len(entities_of("Treasury")) == 1
    assert entities_of("Treasury") == entities_of("Treasury Department") == entities_of("U.S. Treasury Department")


def test_a_short_name_joins_the_department_filed_before_in_full(tmp_path):
    import_texts(tmp_path, FULL, SHORT)
    assert len(entities_of("Treasury")) == 1
    assert entities_of("Treasury") == entities_of("Treasury Department")
