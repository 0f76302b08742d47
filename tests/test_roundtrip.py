"""Export then import into an empty database reproduces the archive exactly."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Capture, Entity, Source
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def snapshot():
    articles = []
    for a in Article.objects.order_by("identifier").prefetch_related("tags", "authorships__entity", "captures"):
        articles.append(
            {
                "identifier": a.identifier,
                "fields": [
                    a.url,
                    a.title,
                    a.slug,
                    a.source.name,
                    a.source.domain,
                    a.byline,
                    a.published,
                    a.modified,
                    a.captured,
                    a.language,
                    a.read_time,
                    a.read_time_stated,
                    a.word_count,
                    a.body,
                    a.summary,
                    a.comments,
                    a.comment_count,
                    a.is_synthetic,
                ],
                "authors": [(x.entity.name, x.entity.kind) for x in a.authorships.all()],
                "tags": sorted(t.name for t in a.tags.all()),
                "captures": [(c.sha256, bytes(c.raw), c.captured, c.format, c.url, c.fields) for c in a.captures.all()],
            }
        )
    return articles


def export(path):
    call_command("export_articles", output=str(path), stderr=StringIO())


def test_export_then_import_into_empty_database_is_identical(tmp_path, sample_path):
    call_command("import_articles", str(sample_path), no_analyze=True, stdout=StringIO())
    make_article(
        "Second story",
        ("Para one with “quotes”.", "Line\u2028separator inside."),
        url="https://example.org/second",
        tags=("Elections", "Europe"),
        published=datetime(2023, 5, 4, 12, 30, tzinfo=UTC),
        comments_open=False,
        authors=("Ann Lee", "Bo Chen"),
    )
    make_article(
        "Second story, revised",
        ("Para one changed.",),
        url="https://example.org/second",
        captured=datetime(2024, 2, 1, tzinfo=UTC),
        raw=b"\x00\xffbinary bytes kept exactly",
    )
    before = snapshot()
    assert Capture.objects.count() == 3
    dump = tmp_path / "archive.jsonl"
    export(dump)
    assert len(dump.read_text().split("\n")) == 3  # two articles, final newline

    Article.objects.all().delete()
    Entity.objects.all().delete()
    Source.objects.all().delete()
    out = StringIO()
    call_command("import_articles", str(dump), no_analyze=True, stdout=out)
    assert out.getvalue() == "2 imported, 0 unchanged, 0 updated, 0 failed\n"
    assert snapshot() == before

    out = StringIO()
    call_command("import_articles", str(dump), no_analyze=True, stdout=out)
    assert out.getvalue() == "0 imported, 2 unchanged, 0 updated, 0 failed\n"

    second = tmp_path / "again.jsonl"
    export(second)
    assert second.read_bytes() == dump.read_bytes()


def test_tampered_capture_is_refused(tmp_path):
    make_article("Story")
    dump = tmp_path / "a.jsonl"
    export(dump)
    record = json.loads(dump.read_text())
    record["captures"][0]["sha256"] = "0" * 64
    dump.write_text(json.dumps(record) + "\n")
    Article.objects.all().delete()
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(dump), no_analyze=True, stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(f"error: {dump}: line 1: capture 1: checksum mismatch (stored {'0' * 64}")
    assert Article.objects.count() == 0


def test_export_filters_by_tag_source_and_date(tmp_path):
    make_article(
        "Tagged", tags=("a", "b"), published=datetime(2020, 1, 1, tzinfo=UTC), source="One", domain="one.example"
    )
    make_article("Other", tags=("a",), published=datetime(2022, 1, 1, tzinfo=UTC), source="Two", domain="two.example")
    out = StringIO()
    call_command("export_articles", tag=["a", "b"], stdout=out, stderr=StringIO())
    assert [json.loads(line)["title"] for line in out.getvalue().splitlines()] == ["Tagged"]
    out = StringIO()
    call_command("export_articles", since="2021-01-01", stdout=out, stderr=StringIO())
    assert [json.loads(line)["title"] for line in out.getvalue().splitlines()] == ["Other"]
    out = StringIO()
    call_command("export_articles", source="two", stdout=out, stderr=StringIO())
    assert [json.loads(line)["title"] for line in out.getvalue().splitlines()] == ["Other"]
