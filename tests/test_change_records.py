"""The change view over captures as they come from elsewhere (issue 19 review): kept fields of the wrong
shape, refused at a JSON Lines import and read as "not compared" when already stored, and a capture that
kept no fields between two that did, compared across."""

import base64
import hashlib
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Capture
from tests.test_changes import FIRST, OTHER, SECOND, capture, feed_entries

pytestmark = pytest.mark.django_db

MISSHAPEN = [
    ("authors", [{"name": "Jane Roe"}], "a list of strings"),
    ("title", 5, "a string"),
    ("byline", ["By Jane Roe"], "a string"),
    ("body", "Two words", "a list of strings"),
    ("tags", "ab", "a list of strings"),
    ("body", ["One paragraph.", 2], "a list of strings"),
]


def exported(tmp_path) -> list[dict]:
    path = tmp_path / "archive.jsonl"
    call_command("export_articles", "-o", str(path), stdout=StringIO(), stderr=StringIO())
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(("key", "value", "shape"), MISSHAPEN)
def test_a_json_lines_capture_with_misshapen_fields_is_refused_and_the_other_records_imported(
    tmp_path, key, value, shape
):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    capture(tmp_path, SECOND, "2024-03-03T12:30:00Z")
    capture(tmp_path, OTHER, "2024-01-01T00:00:00Z", url="https://news.example/other")
    records = sorted(exported(tmp_path), key=lambda r: r["url"])
    assert [r["url"] for r in records] == ["https://news.example/2024/03/bridge", "https://news.example/other"]
    records[0]["captures"][1]["fields"][key] = value
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    Article.objects.all().delete()
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(path), no_analyze=True, stdout=out, stderr=err)
    assert err.getvalue() == f"error: {path}: line 1: capture 2: 'fields' '{key}' must be {shape}\n"
    assert out.getvalue() == "1 imported, 0 unchanged, 0 updated, 1 failed\n"
    assert list(Article.objects.values_list("url", flat=True)) == ["https://news.example/other"]


@pytest.mark.parametrize(("key", "value", "shape"), MISSHAPEN)
def test_stored_misshapen_fields_are_not_compared_and_break_no_page_nor_feed(tmp_path, client, key, value, shape):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    capture(tmp_path, SECOND, "2024-03-03T12:30:00Z")
    article = Article.objects.get()
    first, second = article.captures.order_by("captured")
    Capture.objects.filter(pk=second.pk).update(fields={**second.fields, key: value})
    page = client.get(f"/articles/{article.pk}/changes/")
    assert page.status_code == 200
    assert (
        "<strong>Summary:</strong> not compared: the archive kept no extracted text for one of these captures.</p>"
    ) in page.content.decode()
    article_page = client.get(article.get_absolute_url())
    assert article_page.status_code == 200
    assert "since first captured" not in article_page.content.decode()
    assert client.get(f"/api/articles/{article.pk}/").json()["changes"] == []
    for url in (
        f"/feeds/changes/articles/{article.pk}/",
        f"/feeds/changes/sources/{article.source.slug}/",
        "/feeds/changes/tags/transport/",
    ):
        assert feed_entries(client, url) == [], url


def summary(page: str) -> str:
    found = re.search(r'<p class="change-summary"><strong>Summary:</strong> (.*?)\.</p>', page)
    assert found
    return found.group(1)


@pytest.fixture
def gap(tmp_path):
    """Three captures, the middle one without kept fields (as from an old JSON Lines export): the headline
    and a day changed between the first and the last."""
    capture(tmp_path, "Mayor plans bridge\n\nThe vote is on Friday.\n", "2024-01-01T00:00:00Z")
    capture(tmp_path, "Mayor plans bridge\n\nThe vote is on Friday.\n\nShare\n", "2024-01-02T00:00:00Z")
    capture(tmp_path, "Mayor drops bridge\n\nThe vote is on Thursday.\n", "2024-01-03T00:00:00Z")
    article = Article.objects.get()
    first, middle, last = article.captures.order_by("captured")
    Capture.objects.filter(pk=middle.pk).update(fields={})
    return article, first, middle, last


def test_a_capture_without_fields_between_two_with_them_is_passed_over_everywhere(client, gap):
    article, first, middle, last = gap
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert summary(page) == "headline changed; 1 paragraph edited"
    assert '<p class="change-count">This article changed visibly once in 3 captures.</p>' in page
    assert "Changed once since first captured on" in client.get(article.get_absolute_url()).content.decode()
    entries = feed_entries(client, f"/feeds/changes/articles/{article.pk}/")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == [
        "Mayor drops bridge: headline changed; 1 paragraph edited"
    ]
    changes = client.get(f"/api/articles/{article.pk}/").json()["changes"]
    assert [(c["from_capture"], c["to_capture"], c["summary"]) for c in changes] == [
        (first.pk, last.pk, "headline changed; 1 paragraph edited")
    ]
    # Picked by hand, the capture without fields is still said to be not compared.
    page = client.get(f"/articles/{article.pk}/changes/?from={first.pk}&to={middle.pk}").content.decode()
    assert summary(page).startswith("not compared")


def test_the_change_page_defaults_to_the_first_and_newest_captures_with_fields(tmp_path, client, gap):
    article, first, middle, last = gap
    Capture.objects.filter(pk=first.pk).update(fields={})
    capture(tmp_path, "Mayor drops bridge\n\nThe vote is on Saturday.\n", "2024-01-04T00:00:00Z")
    newest = article.captures.order_by("captured").last()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert f'<option value="{last.pk}" selected>' in page.split('id="changes-to"')[0]
    assert f'<option value="{newest.pk}" selected>' in page.split('id="changes-to"')[1]
    assert summary(page) == "1 paragraph edited"
    assert '<p class="change-count">This article changed visibly once in 4 captures.</p>' in page


def story_record(n: int, captures: list[tuple[str, str, list[str]]]) -> dict:
    """A JSON Lines record of story ``n`` with ``captures``: (when, title, paragraphs) each, the bytes of
    each capture its text and its position (so captures alike in text are still new bytes)."""
    title, body = captures[-1][1], captures[-1][2]
    return {
        "identifier": f"news.example/story-{n}",
        "url": f"https://news.example/story-{n}",
        "title": title,
        "source": {"name": "Harbour News", "domain": "news.example", "home_url": ""},
        "body": body,
        "captured": captures[-1][0],
        "captures": [
            {
                "captured": when,
                "format": "text",
                "url": f"https://news.example/story-{n}",
                "fields": {"title": title, "body": body},
                "raw": base64.b64encode(f"{title}\n\n{chr(10).join(body)}\n\n{k}\n".encode()).decode(),
            }
            for k, (when, title, body) in enumerate(captures)
        ],
    }


def test_a_sources_feed_finds_a_change_behind_many_newer_captures_that_changed_nothing(tmp_path, client):
    # A watched site: one story's headline changed, then 120 stories were captured again with new bytes
    # (page furniture) and nothing a reader sees changed. The feed still has the change.
    records = [
        story_record(
            0,
            [
                ("2024-01-01T00:00:00+00:00", "Mayor plans bridge", ["The vote is on Friday."]),
                ("2024-01-02T00:00:00+00:00", "Mayor drops bridge", ["The vote is on Friday."]),
            ],
        )
    ]
    for n in range(1, 121):
        text = (f"Story {n}", [f"Paragraph of story {n}."])
        records.append(story_record(n, [("2024-02-01T00:00:00+00:00", *text), ("2024-02-02T00:00:00+00:00", *text)]))
    path = tmp_path / "watched.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = StringIO()
    call_command("import_articles", str(path), no_analyze=True, stdout=out, stderr=StringIO())
    assert out.getvalue() == "121 imported, 0 unchanged, 0 updated, 0 failed\n"
    article = Article.objects.get(identifier="news.example/story-0")
    first, second = article.captures.order_by("captured")
    entries = feed_entries(client, f"/feeds/changes/sources/{article.source.slug}/")
    assert [e.find("{http://www.w3.org/2005/Atom}link").get("href") for e in entries] == [
        f"http://testserver/articles/{article.pk}/changes/?from={first.pk}&to={second.pk}"
    ]
    assert list(Capture.objects.filter(changed_visibly=True).values_list("pk", flat=True)) == [second.pk]


def test_a_json_lines_capture_record_that_is_no_object_is_refused(tmp_path):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    records = exported(tmp_path)
    records[0]["captures"][0]["fields"]["capture"] = "from another tool"
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    Article.objects.all().delete()
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(path), no_analyze=True, stdout=StringIO(), stderr=err)
    assert err.getvalue() == f"error: {path}: line 1: capture 1: 'fields' 'capture' must be an object\n"
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "record",
    ["from another tool", {"warc_sha256": "not hex", "warc_size": "big"}, {"warc_sha256": ["a"]}],
)
def test_a_stored_capture_record_of_another_shape_breaks_no_page(tmp_path, client, record):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    article = Article.objects.get()
    kept = article.captures.get()
    # Stored before the import checked it (or by another tool): with an exchange, so the download reads it.
    Capture.objects.filter(pk=kept.pk).update(fields={**kept.fields, "capture": record}, exchange=b"WARC/1.1")
    assert client.get(article.get_absolute_url()).status_code == 200
    download = client.get(f"/api/captures/{kept.pk}/warc")
    assert (download.status_code, download.content, download.has_header("Repr-Digest")) == (200, b"WARC/1.1", False)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verify", stdout=out, stderr=out)
    assert (
        f"capture {kept.pk} of article {article.pk}: WARC exchange kept without a recorded checksum "
        f"(its bytes give {hashlib.sha256(b'WARC/1.1').hexdigest()})"
    ) in out.getvalue()
