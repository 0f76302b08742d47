"""Captures: identical bytes change nothing; new bytes for a URL add a capture."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db


def import_page(path, url):
    out = StringIO()
    call_command("import_articles", str(path), url=url, no_analyze=True, stdout=out)
    return out.getvalue()


def test_changed_page_becomes_a_new_capture_of_the_same_article(tmp_path, client):
    url = "https://news.example/story"
    first = tmp_path / "v1.txt"
    first.write_text("Original headline\n\nFirst version of the text.\n")
    assert import_page(first, url) == "1 imported, 0 unchanged, 0 updated, 0 failed\n"
    second = tmp_path / "v2.txt"
    second.write_text("Corrected headline\n\nSecond version of the text.\n")
    assert import_page(second, "http://www.news.example/story/") == "0 imported, 0 unchanged, 1 updated, 0 failed\n"
    assert import_page(second, url) == "0 imported, 1 unchanged, 0 updated, 0 failed\n"

    article = Article.objects.get()
    assert article.title == "Corrected headline"
    assert article.paragraphs == ["Second version of the text."]
    old, new = article.captures.order_by("captured")
    assert bytes(old.raw) == first.read_bytes()
    assert bytes(new.raw) == second.read_bytes()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Second version of the text." in page
    assert f'href="{old.get_absolute_url()}"' in page

    page = client.get(old.get_absolute_url()).content.decode()
    assert "<h1>Original headline</h1>" in page
    assert "<p>First version of the text.</p>" in page
    assert "You are reading an older capture of this article" in page


def test_older_capture_arriving_late_does_not_replace_the_newer_fields(tmp_path):
    from archive.ingest.page import ParsedPage
    from archive.ingest.store import Outcome, store_page

    def page(title, when):
        return ParsedPage(
            raw=title.encode(),
            format="html",
            title=title,
            body=["Body " + title],
            url="https://x.example/a",
            captured=when,
        )

    assert store_page(page("New", datetime(2024, 5, 1, tzinfo=UTC))).outcome is Outcome.IMPORTED
    assert store_page(page("Old", datetime(2023, 5, 1, tzinfo=UTC))).outcome is Outcome.UPDATED
    article = Article.objects.get()
    assert article.title == "New"
    assert article.captures.count() == 2
