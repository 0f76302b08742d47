"""Statements carry a confidence; readers see the confident ones on the
article panel, the entity pages and /statements/, curators see all of them
in the admin (issue 14)."""

import re

import pytest

from archive.models import Article, Entity, Statement

from .factories import import_texts

pytestmark = pytest.mark.django_db

# The headline repeats the story and a thing "shows" something: both are
# stored, neither is shown to readers.
TEXT = (
    "Mayor Karl Vogt says the bridge will reopen in May\n\n"
    "Mayor Karl Vogt said the repairs were ahead of schedule.\n\n"
    "The new traffic table shows that most drivers already take the ring road."
)


@pytest.fixture
def article(tmp_path):
    import_texts(tmp_path, TEXT)
    return Article.objects.get()


def test_every_statement_is_stored_with_its_confidence(article):
    stored = [(s.cue, s.speaker_name, round(s.confidence, 2)) for s in article.statements.all()]
    assert stored == [("says", "Karl Vogt", 0.3), ("said", "Karl Vogt", 1.0), ("shows", "The new traffic table", 0.38)]
    assert [s.cue for s in Statement.objects.confident()] == ["said"]


def test_the_article_panel_shows_only_confident_statements(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    panel = page[page.index('<section class="attribution-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert re.findall(r'<blockquote class="statement-content">(.*?)</blockquote>', panel) == [
        "the repairs were ahead of schedule"
    ]
    said = article.statements.get(cue="said")
    assert page.count('<mark class="statement"') == 1
    assert f'<mark class="statement" id="{said.anchor}" title="Karl Vogt (Reported speech)">' in page


def test_entity_page_and_statement_list_count_only_confident_statements(client, article):
    vogt = Entity.objects.get(name="Karl Vogt")
    page = client.get(vogt.get_absolute_url()).content.decode()
    assert '<p class="count-line">1 statement attributed to Karl Vogt.</p>' in page
    listing = client.get("/statements/").content.decode()
    assert re.findall(r'<blockquote class="statement-content">(.*?)</blockquote>', listing) == [
        "the repairs were ahead of schedule"
    ]
    assert '<p class="count-line">1 statement. ' in listing


def test_unsure_statements_stay_in_the_admin(client, article, django_user_model):
    admin = django_user_model.objects.create_superuser("curator", "curator@example.org", "pw")
    client.force_login(admin)
    page = client.get("/admin/archive/statement/").content.decode()
    assert "3 statements" in page
    # Which of them readers see, in its own column: one yes (the confident "said"), two no.
    assert page.count('<td class="field-shown"><img src="/static/admin/img/icon-yes') == 1
    assert page.count('<td class="field-shown"><img src="/static/admin/img/icon-no') == 2


def test_the_api_lists_only_confident_statements_like_the_site(client, article):
    listed = client.get("/api/statements/").json()
    assert [(s["cue"], s["content"]) for s in listed["results"]] == [("said", "the repairs were ahead of schedule")]
    detail = client.get(f"/api/articles/{article.pk}/").json()
    assert [s["cue"] for s in detail["statements"]] == ["said"]
