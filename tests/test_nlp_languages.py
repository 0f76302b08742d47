"""Text in a language the model does not read: the English pipeline's guesses on a German page
("Import von Früchten" as a person) are kept as mentions, so search still has them, but none is
confident, so no list or entity panel shows them, and no statement is taken from it. The language
is the one the page declares; a page that declares none is read."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Entity, Statement

pytestmark = pytest.mark.django_db

BODY = (
    "<h1>Harbour talks resume</h1><p>Mariana Oyelaran said on Monday that the harbour talks would resume "
    "in March. The Harbour Workers Union rejected the offer on Tuesday.</p>"
)


def _import(tmp_path, name: str, lang: str) -> None:
    attrs = f' lang="{lang}"' if lang else ""
    path = tmp_path / name
    path.write_text(
        f"<!DOCTYPE html><html{attrs}><head><title>Talks</title></head><body><article>{BODY}</article></body></html>"
    )
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("lang", ["en", "en-GB", ""])
def test_a_page_in_the_models_language_or_of_no_declared_language_is_read(tmp_path, lang):
    _import(tmp_path, "talks.html", lang)
    assert "Mariana Oyelaran" in set(Entity.objects.listed().values_list("name", flat=True))
    assert list(Statement.objects.confident().values_list("speaker_name", flat=True)) == ["Mariana Oyelaran"]


@pytest.mark.parametrize("lang", ["de", "pt-BR"])
def test_a_page_in_another_language_keeps_its_mentions_but_lists_nothing(tmp_path, lang):
    _import(tmp_path, "talks.html", lang)
    person = Entity.objects.get(name="Mariana Oyelaran")
    assert person.mentions.count() == 1 and not person.mentions.filter(confident=True).exists()
    assert not Entity.objects.listed().exists()
    assert not Statement.objects.exists()
    assert not person.aliases.exists() and person.description == ""


def test_a_page_declaring_no_language_but_written_in_kana_is_not_read(tmp_path):
    path = tmp_path / "talks.html"
    body = "<h1>港湾協議が再開</h1>"
    body += "<p>会長 Mariana Oyelaran は、月曜日に Tokyo で Harbour Workers Union が会談したと述べた。</p>"
    path.write_text(f"<!DOCTYPE html><html><head><title>協議</title></head><body><article>{body}</article></body>")
    call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())
    assert Article.objects.get().language == "ja"
    assert Entity.objects.filter(mentions__isnull=False).exists()  # the model's guesses are kept
    assert not Entity.objects.listed().exists()
    assert not Statement.objects.exists()
