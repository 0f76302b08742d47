"""`manage.py capture` of a page served without a Content-Type or as application/octet-stream:
its bytes decide, sniffed as the WARC importer sniffs them: HTML and text are captured, other
bytes refused saying what they look like."""

import gzip
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Capture
from tests.test_capture import STORY, capture

pytestmark = pytest.mark.django_db
NOTES = "Harbour reopens\n\nThe harbour reopened on Tuesday after the storm.\n"
REFUSED = "0 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"


@pytest.mark.parametrize("content_type", ["", "application/octet-stream"])
def test_html_and_text_served_without_a_page_type_are_captured(site, content_type):
    site.routes["/story"] = (200, content_type, STORY.encode())
    site.routes["/notes"] = (200, content_type, NOTES.encode())
    assert capture(site.url("/story"), site.url("/notes")) == (
        0,
        [
            f"imported: {site.url('/story')}",
            f"imported: {site.url('/notes')}",
            "2 imported, 0 unchanged, 0 updated, 0 refused, 0 failed",
        ],
        [],
    )
    kept = [(c.article.title, c.format, bytes(c.raw)) for c in Capture.objects.order_by("pk")]
    assert kept == [("Council approves budget", "warc", STORY.encode()), ("Harbour reopens", "text", NOTES.encode())]
    assert Capture.objects.order_by("pk")[1].fields["capture"]["content_type"] == content_type


def test_a_text_page_served_as_octet_stream_exports_and_imports_back_unchanged(site, tmp_path):
    site.routes["/notes"] = (200, "application/octet-stream", NOTES.encode())
    capture(site.url("/notes"))
    checked = StringIO()
    call_command("verify", stdout=checked)
    assert checked.getvalue().splitlines()[-1].endswith(": 0 problems")
    call_command("export_articles", output=str(tmp_path / "a.warc.gz"), format="warc", stderr=StringIO())
    out = StringIO()
    call_command("import_articles", str(tmp_path / "a.warc.gz"), no_analyze=True, stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 imported, 1 unchanged")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "content_type, body, why",
    [
        (
            "application/octet-stream",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "content type application/octet-stream, and the bytes are neither HTML nor text"
            " (not UTF-8 (invalid byte at offset 0) and no declared encoding)",
        ),
        (
            "",
            b"Title\n\nA line\x00with a NUL byte\n",
            "no content type, and the bytes are neither HTML nor text (binary data, not a text page)",
        ),
        (
            "",
            gzip.compress(b"a tarball, say"),
            "no content type, and the bytes look like gzip-compressed data, not a page (HTML, XHTML or plain text)",
        ),
        (
            "application/octet-stream",
            b'{"id": 1, "title": "An API answer"}',
            "content type application/octet-stream, and the bytes look like JSON,"
            " not a page (HTML, XHTML or plain text)",
        ),
        (
            "",
            b"<title>A fragment</title><p>No page around it.</p>",
            "no content type, and the bytes look like a fragment of HTML (no <html>, <head> or <body> at the start),"
            " not a page (HTML, XHTML or plain text)",
        ),
    ],
)
def test_other_bytes_served_without_a_page_type_are_refused_saying_what_they_look_like(site, content_type, body, why):
    site.routes["/file"] = (200, content_type, body)
    assert capture(site.url("/file")) == (1, [REFUSED], [f"refused: {site.url('/file')}: {why}"])
    assert Capture.objects.count() == 0


def test_a_declared_type_that_is_no_page_is_still_refused_before_the_body_is_read(site):
    site.routes["/doc.pdf"] = (200, "application/pdf", b"%PDF-1.7\n")
    assert capture(site.url("/doc.pdf")) == (
        1,
        [REFUSED],
        [f"refused: {site.url('/doc.pdf')}: content type application/pdf is not a page (HTML, XHTML or plain text)"],
    )
