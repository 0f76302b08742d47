"""export_articles --format warc: warcio reads it, filters apply, and import gives back the same captures."""

import gzip
import hashlib
import io
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article, Capture
from tests.capture_server import Site
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def page(title, words="Plenty of words in one long paragraph about the matter at hand. "):
    """A small HTML page the importer reads back as an article."""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{words * 12}</p><p>{words * 8}</p></article></body></html>"
    ).encode()


def when(month, micro=0):
    return datetime(2024, month, 1, 8, 30, 15, micro, tzinfo=UTC)


@pytest.fixture
def html_archive():
    make_article(
        "Harbour reopens",
        url="https://www.example.org/harbour/",
        raw=page("Harbour reopens"),
        tags=("Ports",),
        published=when(1),
        captured=when(1, 250000),
    )
    # A second capture of the same URL, with other bytes.
    make_article(
        "Harbour reopens",
        url="https://www.example.org/harbour/",
        raw=page("Harbour reopens", "Updated. " * 9),
        tags=("Ports",),
        published=when(1),
        captured=when(2),
    )
    make_article(
        "Élection à Paris",
        url="https://news.test/paris",
        raw=page("Élection à Paris"),
        source="News",
        domain="news.test",
        tags=("Politics",),
        published=when(3),
        captured=when(3),
    )
    return Article.objects.all()


def export(tmp_path, name="out.warc", **options):
    path = tmp_path / name
    err = StringIO()
    call_command("export_articles", output=str(path), format="warc", stderr=err, **options)
    return path, err.getvalue()


def records(path):
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            yield record.rec_type, record.rec_headers, record.content_stream().read(), record


def test_warcio_reads_every_capture(tmp_path, html_archive):
    path, err = export(tmp_path)
    assert err.strip() == "exported 3 captures"
    read = list(records(path))
    assert read[0][0] == "warcinfo"
    assert b"software: Newsroom Archive export_articles" in read[0][2]
    captures = Capture.objects.order_by("article_id", "captured", "pk")
    assert [(r[0], r[1].get_header("WARC-Target-URI"), r[1].get_header("WARC-Date")) for r in read[1:]] == [
        ("response", "https://www.example.org/harbour/", "2024-01-01T08:30:15.250000Z"),
        ("response", "https://www.example.org/harbour/", "2024-02-01T08:30:15Z"),
        ("response", "https://news.test/paris", "2024-03-01T08:30:15Z"),
    ]
    for (_, _headers, payload, record), capture in zip(read[1:], captures, strict=True):
        assert payload == bytes(capture.raw)
        assert hashlib.sha256(payload).hexdigest() == capture.sha256
        assert record.http_headers.get_statuscode() == "200"
        assert record.http_headers.get_header("Content-Type") == "text/html"
        assert record.digest_checker.passed is not False  # warcio checked the block and payload digests


def test_gzip_output_per_record(tmp_path, html_archive):
    path, _ = export(tmp_path, "out.warc.gz")
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    gzip.decompress(path.read_bytes())  # a valid (multi-member) gzip stream
    assert [r[0] for r in records(path)] == ["warcinfo", "response", "response", "response"]


@pytest.mark.parametrize(
    "options, uris",
    [
        ({"tag": ["politics"]}, ["https://news.test/paris"]),
        ({"source": "news.test"}, ["https://news.test/paris"]),
        ({"since": "2024-02-01"}, ["https://news.test/paris"]),
        ({"until": "2024-01-31"}, ["https://www.example.org/harbour/"] * 2),
    ],
)
def test_filters_select_articles(tmp_path, html_archive, options, uris):
    path, _ = export(tmp_path, **options)
    assert [h.get_header("WARC-Target-URI") for t, h, _, _ in records(path) if t != "warcinfo"] == uris


def snapshot():
    return sorted(
        (a.identifier, c.sha256, bytes(c.raw), c.captured)
        for a in Article.objects.prefetch_related("captures")
        for c in a.captures.all()
    )


def reimport(path):
    Article.objects.all().delete()
    assert Article.objects.count() == 0
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), no_analyze=True, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_round_trip_html_captures(tmp_path, html_archive):
    before = snapshot()
    path, _ = export(tmp_path)
    out, err = reimport(path)
    assert err == ""
    assert out.strip() == "2 imported, 0 unchanged, 1 updated, 0 failed, 1 non-article WARC records skipped"
    assert snapshot() == before
    assert all(c.verify() for c in Capture.objects.all())
    # A second import of the same file changes nothing.
    call_command("import_articles", str(path), no_analyze=True, stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before


def test_round_trip_text_capture_without_url(tmp_path, sample_path):
    call_command("import_articles", str(sample_path), no_analyze=True, stdout=StringIO())
    article = Article.objects.get()
    assert article.identifier.startswith("sha256:") and article.url == ""
    before = snapshot()
    path, _ = export(tmp_path)
    [(kind, headers, payload, _)] = [r for r in records(path) if r[0] != "warcinfo"]
    assert kind == "resource"
    assert headers.get_header("Content-Type") == "text/plain"
    assert headers.get_header("WARC-Target-URI") == f"urn:{article.identifier}"
    assert payload == sample_path.read_bytes()
    reimport(path)
    assert snapshot() == before
    assert Capture.objects.get().format == Capture.Format.TEXT


def test_round_trip_keeps_html_captures_html(tmp_path, html_archive):
    path, _ = export(tmp_path)
    assert {r[1].get_header("Archive-Capture-Format") for r in records(path) if r[0] != "warcinfo"} == {"html"}
    reimport(path)
    assert set(Capture.objects.values_list("format", flat=True)) == {"html"}


def test_a_urlless_html_capture_is_a_resource_record_and_comes_back(tmp_path):
    make_article("No address", url="", raw=page("No address"))
    article = Article.objects.get()
    before = snapshot()
    path, _ = export(tmp_path)
    [(kind, headers, payload, _)] = [r for r in records(path) if r[0] != "warcinfo"]
    assert (kind, headers.get_header("Content-Type")) == ("resource", "text/html")
    assert headers.get_header("WARC-Target-URI") == f"urn:{article.identifier}"
    out, err = reimport(path)
    assert err == ""
    assert out.strip() == "1 imported, 0 unchanged, 0 updated, 0 failed, 1 non-article WARC records skipped"
    assert snapshot() == before
    assert Capture.objects.get().format == Capture.Format.HTML


def test_an_older_export_with_urn_response_records_imports_back(tmp_path):
    """Exports before resource records wrote a URL-less page as a response
    with HTTP headers behind a urn: target, which warcio does not parse."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    raw = page("Kept without URL")
    path = tmp_path / "old.warc"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        urn = f"urn:sha256:{hashlib.sha256(raw).hexdigest()}"
        writer.write_record(
            writer.create_warc_record(urn, "response", payload=BytesIO(raw), length=len(raw), http_headers=http)
        )
    out, err = reimport(path)
    assert (out.strip(), err) == ("1 imported, 0 unchanged, 0 updated, 0 failed", "")
    capture = Capture.objects.get()
    assert (bytes(capture.raw), capture.url, capture.article.identifier) == (raw, "", f"sha256:{capture.sha256}")


def capture_from(site, path, body: bytes, content_type="text/html; charset=utf-8", via=None):
    """Capture ``path`` from the local web site (through ``via``, a redirect to it, when given)."""
    site.routes[path] = (200, content_type, body)
    url = site.url(path)
    if via:
        site.redirect(via, url, 301)
    asked = site.url(via or path)
    call_command("capture", asked, allow_private=["127.0.0.1/32"], delay=0, no_analyze=True, stdout=StringIO())
    return Capture.objects.defer(None).get(url=url)


def first_line(record):
    """The HTTP status line or request line of a record (None without HTTP headers)."""
    return record.http_headers.to_str().splitlines()[0] if record.http_headers else None


def exchanged(capture):
    """The records of a capture's kept exchange: (type, URI, HTTP status or request line)."""
    return [
        (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), first_line(r))
        for r in ArchiveIterator(io.BytesIO(bytes(capture.exchange)))
    ]


@pytest.mark.parametrize("name", ["out.warc.gz", "out.warc"])
def test_a_web_capture_is_exported_as_its_exchange_verbatim_and_imports_back_as_the_same_capture(tmp_path, name):
    with Site() as site:
        html = capture_from(site, "/news/bridge", page("Bridge opens"), via="/b")
        text = capture_from(site, "/notes.txt", b"Harbour reopens\n\nThe harbour reopened on Tuesday.\n", "text/plain")
    path, err = export(tmp_path, name)
    assert err == "exported 2 captures\n"
    data = path.read_bytes()
    # The exchanges' records are in the file byte for byte: as kept (gzip per record), or the same records plainly.
    for capture in (html, text):
        kept = bytes(capture.exchange)
        assert (kept if name.endswith(".gz") else gzip.decompress(kept)) in data
    found = [(kind, headers.get_header("WARC-Target-URI"), first_line(rec)) for kind, headers, _, rec in records(path)]
    assert found == [
        ("warcinfo", None, None),
        ("response", site.url("/b"), "HTTP/1.1 301 Moved Permanently"),
        ("request", site.url("/b"), "GET /b HTTP/1.1"),
        ("response", site.url("/news/bridge"), "HTTP/1.1 200 OK"),
        ("request", site.url("/news/bridge"), "GET /news/bridge HTTP/1.1"),
        ("response", site.url("/notes.txt"), "HTTP/1.1 200 OK"),
        ("request", site.url("/notes.txt"), "GET /notes.txt HTTP/1.1"),
        # The reader takes HTML responses only: a text page's capture follows its exchange as a resource record.
        ("resource", site.url("/notes.txt"), None),
    ]
    assert exchanged(html) == found[1:5] and exchanged(text) == found[5:7]
    served = next(
        rec
        for kind, _, _, rec in records(path)
        if kind == "response" and "bridge" in rec.rec_headers.get_header("WARC-Target-URI")
    )
    assert served.http_headers.get_header("Content-Type") == "text/html; charset=utf-8"
    assert served.http_headers.get_header("Server").startswith("BaseHTTP/")

    before = [(c.sha256, c.captured, c.url, c.format) for c in Capture.objects.order_by("pk")]
    out = StringIO()
    call_command("import_articles", str(path), no_analyze=True, stdout=out, stderr=StringIO())
    # Skipped: the warcinfo, three requests, the redirect and the text page's response (its resource is read).
    assert out.getvalue().splitlines()[-1] == (
        "0 imported, 2 unchanged, 0 updated, 0 failed, 6 non-article WARC records skipped"
    )
    Article.objects.all().delete()
    call_command("import_articles", str(path), no_analyze=True, stdout=StringIO(), stderr=StringIO())
    assert [(c.sha256, c.captured, c.url, c.format) for c in Capture.objects.order_by("pk")] == before
