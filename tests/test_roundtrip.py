"""Export then import into an empty database reproduces the archive exactly."""

import base64
import hashlib
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
                    a.published_offset,
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


def test_published_is_exported_in_the_pages_offset_and_imported_back_with_it(tmp_path):
    evening = datetime(2019, 11, 20, 3, 43, tzinfo=UTC)  # 22:43 on 19 November in New York
    make_article("New York evening", url="https://example.org/ny", published=evening, published_offset=-300)
    make_article("Said UTC", url="https://example.org/utc", published=evening, published_offset=0)
    make_article("No zone given", url="https://example.org/none", published=evening)
    before = snapshot()
    dump = tmp_path / "a.jsonl"
    export(dump)
    published = {r["url"]: r["published"] for r in map(json.loads, dump.read_text().splitlines())}
    assert published == {
        "https://example.org/ny": "2019-11-19T22:43:00-05:00",
        "https://example.org/utc": "2019-11-20T03:43:00Z",
        "https://example.org/none": "2019-11-20T03:43:00+00:00",
    }
    Article.objects.all().delete()
    call_command("import_articles", str(dump), no_analyze=True, stdout=StringIO())
    assert snapshot() == before
    offsets = dict(Article.objects.values_list("url", "published_offset"))
    assert offsets == {"https://example.org/ny": -300, "https://example.org/utc": 0, "https://example.org/none": None}
    assert set(Article.objects.values_list("published", flat=True)) == {evening}
    again = tmp_path / "again.jsonl"
    export(again)
    assert again.read_bytes() == dump.read_bytes()


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


# --- every article, capture, URL, format and source, through JSONL and WARC --------------------------


def _html(title, words):
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{words * 12}</p><p>{words * 6}</p></article></body></html>"
    ).encode()


def _warc_with_one_response(path, url, raw):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(raw),
            length=len(raw),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2021-06-01T10:00:00.123456Z"},
        )
        writer.write_record(record)


def _import(*args, **options):
    call_command("import_articles", *map(str, args), no_analyze=True, stdout=StringIO(), stderr=StringIO(), **options)


@pytest.fixture
def mixed_archive(tmp_path, sample_path):
    """URL-less text pages (sharing one unknown source), a text page and HTML
    pages with URLs, a URL-less HTML page, a page captured three times, and
    a capture taken from a WARC file."""
    folder = tmp_path / "in"
    folder.mkdir()
    _import(sample_path)
    for n in range(2):
        (folder / f"plain{n}.txt").write_text(f"Plain story {n}\n\nA paragraph of plain text number {n}.\n")
    _import(folder / "plain0.txt")
    _import(folder / "plain1.txt")
    (folder / "urlless.html").write_bytes(_html("A page that came without its address", "No URL here. "))
    _import(folder / "urlless.html")
    (folder / "known.txt").write_text("A text page with an address\n\nIts only paragraph.\n")
    _import(folder / "known.txt", url="https://text.example/known")
    for n, words in enumerate(("First version. ", "Second version. ", "Third version. ")):
        (folder / f"v{n}.html").write_bytes(_html("Harbour reopens", words))
        _import(folder / f"v{n}.html", url="https://www.harbour.example/story/")
    _warc_with_one_response(folder / "crawl.warc", "https://crawl.example/a", _html("From a crawl", "Crawled. "))
    _import(folder / "crawl.warc")
    return Article.objects.all()


def full_snapshot(warc=False):
    articles = []
    for a in Article.objects.order_by("identifier").prefetch_related("tags", "authorships__entity", "captures"):
        captures = []
        for c in a.captures.order_by("captured", "sha256"):
            fields = dict(c.fields)
            if warc:
                fields.pop("captured", None)  # a WARC record states its date, a file import did not
            captures.append((c.sha256, bytes(c.raw), c.captured, c.format, c.url, fields))
        articles.append(
            (
                a.identifier,
                a.url,
                a.title,
                a.slug,
                (a.source.name, a.source.slug, a.source.domain, a.source.home_url),
                a.published,
                a.captured,
                a.body,
                sorted(t.name for t in a.tags.all()),
                [(x.entity.name, x.entity.kind) for x in a.authorships.all()],
                captures,
            )
        )
    return articles


def _empty_archive():
    Article.objects.all().delete()
    Entity.objects.all().delete()
    Source.objects.all().delete()


@pytest.mark.parametrize("fmt", ["jsonl", "warc"])
def test_every_export_round_trips_every_article_capture_url_format_and_source(tmp_path, mixed_archive, fmt):
    assert mixed_archive.count() == 7
    assert Capture.objects.count() == 9
    assert sorted(Capture.objects.values_list("format", flat=True)) == ["html"] * 4 + ["text"] * 4 + ["warc"]
    unknown = Source.objects.filter(name="Unknown source")
    assert list(unknown.values_list("slug", flat=True)) == ["unknown-source"]
    assert Article.objects.filter(source__in=unknown).count() == 3
    before, sources = full_snapshot(warc=fmt == "warc"), Source.objects.count()
    dump = tmp_path / f"archive.{fmt}"
    err = StringIO()
    call_command("export_articles", output=str(dump), format=fmt, stderr=err)
    _empty_archive()
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(dump), no_analyze=True, stdout=out, stderr=err)
    assert err.getvalue() == ""
    skipped = ", 1 non-article WARC records skipped" if fmt == "warc" else ""  # the warcinfo record
    imported = "7 imported, 0 unchanged, 2 updated" if fmt == "warc" else "7 imported, 0 unchanged, 0 updated"
    assert out.getvalue() == f"{imported}, 0 failed{skipped}\n"
    assert full_snapshot(warc=fmt == "warc") == before
    assert Source.objects.count() == sources


def web_captures():
    """Two versions of one page captured from the local web site, the first through a redirect; (checksums)."""
    from tests.capture_server import Site, article

    with Site() as site:
        options = {"allow_private": ["127.0.0.1/32"], "delay": 0, "no_analyze": True, "stdout": StringIO()}
        site.redirect("/short", "/story", 301)
        site.page("/story", article("Port reopens", "The port reopened on Monday after the storm.", "Ships queued."))
        call_command("capture", site.url("/short"), **options)
        site.page("/story", article("Port reopens", "The port reopened on Monday after the storm.", "Ships sailed."))
        call_command("capture", site.url("/story"), **options)
    return checksums()


def checksums():
    """Every capture's page checksum, its bytes' checksum, its exchange's checksum (recomputed), its recorded
    exchange checksum, its date, URL and format."""
    rows = Capture.objects.defer(None).order_by("captured")
    return [
        (
            c.sha256,
            hashlib.sha256(bytes(c.raw)).hexdigest(),
            hashlib.sha256(bytes(c.exchange)).hexdigest() if c.exchange else "",
            c.exchange_sha256,
            c.captured,
            c.url,
            c.format,
        )
        for c in rows
    ]


def test_web_captures_round_trip_through_json_lines_with_their_exchanges_and_checksums(tmp_path):
    before = web_captures()
    assert len(before) == 2 and all(row[2] == row[3] != "" for row in before)
    exchanges = [bytes(c.exchange) for c in Capture.objects.defer(None).order_by("captured")]
    dump = tmp_path / "a.jsonl"
    export(dump)
    record = json.loads(dump.read_text())
    assert [base64.b64decode(c["exchange"]) for c in record["captures"]] == exchanges
    out = StringIO()
    call_command("import_articles", str(dump), no_analyze=True, stdout=out)
    assert out.getvalue() == "0 imported, 1 unchanged, 0 updated, 0 failed\n"  # nothing new into the same archive
    _empty_archive()
    call_command("import_articles", str(dump), no_analyze=True, stdout=StringIO())
    assert checksums() == before
    assert [bytes(c.exchange) for c in Capture.objects.defer(None).order_by("captured")] == exchanges
    out = StringIO()
    call_command("verify", stdout=out)
    assert out.getvalue().startswith("verified 2 captures in ") and out.getvalue().endswith(": 0 problems\n")


def test_web_captures_round_trip_through_a_warc_export_with_the_same_page_checksums(tmp_path):
    before = web_captures()
    dump = tmp_path / "a.warc.gz"
    call_command("export_articles", output=str(dump), format="warc", stderr=StringIO())
    out = StringIO()
    call_command("import_articles", str(dump), no_analyze=True, stdout=out)
    assert out.getvalue().startswith("0 imported, 2 unchanged, 0 updated, 0 failed")
    _empty_archive()
    call_command("import_articles", str(dump), no_analyze=True, stdout=StringIO())
    # The page bytes, dates, URLs and formats come back; the exchange is the WARC file itself and an import
    # keeps none (as for any imported WARC), so no exchange checksum is recorded either.
    assert checksums() == [(*row[:2], "", "", *row[4:]) for row in before]


def test_a_tampered_exchange_in_json_lines_is_refused(tmp_path):
    web_captures()
    dump = tmp_path / "a.jsonl"
    export(dump)
    record = json.loads(dump.read_text())
    exchange = bytearray(base64.b64decode(record["captures"][1]["exchange"]))
    exchange[40] ^= 1
    record["captures"][1]["exchange"] = base64.b64encode(bytes(exchange)).decode()
    dump.write_text(json.dumps(record) + "\n")
    _empty_archive()
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("import_articles", str(dump), no_analyze=True, stdout=StringIO(), stderr=err)
    recorded = record["captures"][1]["fields"]["capture"]["warc_sha256"]
    assert err.getvalue() == (
        f"error: {dump}: line 1: capture 2: exchange checksum mismatch (recorded {recorded}, "
        f"bytes give {hashlib.sha256(bytes(exchange)).hexdigest()})\n"
    )
    assert Article.objects.count() == 0


def test_the_json_lines_export_reads_the_exchanges_in_one_query(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    web_captures()
    with CaptureQueriesContext(connection) as ctx:
        export(tmp_path / "a.jsonl")
    # The prefetch of the captures, not one query per capture for its (otherwise deferred) exchange.
    assert [q["sql"].count('"exchange"') for q in ctx.captured_queries if '"exchange"' in q["sql"]] == [1]
