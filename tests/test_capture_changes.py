"""Capture to change view, end to end through the public surface (issue 19): the local web site serves a story,
`capture` takes it, the site edits the story (headline softened, a paragraph removed, a correction added),
`capture` takes it again, and the change view, the article page and the capture page say exactly what changed
and what the archive kept of each exchange."""

import hashlib
import re
import zlib
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article, Capture
from tests.capture_server import Site, article

pytestmark = pytest.mark.django_db

SAID = "The mayor said on Monday that the bridge would open in spring, whatever the cost."
CRITICS = "Critics called the plan reckless and costly, and said the council had not seen the figures."
VOTE = "The council will vote on the plan on Friday evening."
CORRECTION = "Correction: An earlier version of this article misstated the day of the vote."
FIRST = article("Mayor promises reckless bridge by spring", SAID, CRITICS, VOTE)
SECOND = article("Mayor promises new bridge by spring", SAID, VOTE, CORRECTION)


def capture(url: str) -> list[str]:
    out = StringIO()
    call_command("capture", url, allow_private=["127.0.0.1/32"], delay=0, no_analyze=True, stdout=out)
    return out.getvalue().splitlines()


def gzip_members(data: bytes) -> list[bytes]:
    """Each gzip member's content: one WARC record each."""
    members = []
    while data:
        decoder = zlib.decompressobj(wbits=31)
        members.append(decoder.decompress(data))
        data = decoder.unused_data
    return members


def section(page: str, heading_id: str) -> str:
    found = re.search(rf'<h2 id="{heading_id}">[^<]*</h2>\s*(.*?)\s*</section>', page, re.S)
    assert found, heading_id
    return found.group(1)


@pytest.fixture
def story():
    """The story captured, captured again unchanged, edited on the site and captured once more."""
    with Site() as site:
        url = site.url("/news/bridge")
        site.page("/news/bridge", FIRST)
        assert capture(url) == [f"imported: {url}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"]
        assert capture(url) == [f"unchanged: {url}", "0 imported, 1 unchanged, 0 updated, 0 refused, 0 failed"]
        site.page("/news/bridge", SECOND)
        assert capture(url) == [f"updated: {url}", "0 imported, 0 unchanged, 1 updated, 0 refused, 0 failed"]
        # The edited page again: nothing new either.
        assert capture(url) == [f"unchanged: {url}", "0 imported, 1 unchanged, 0 updated, 0 refused, 0 failed"]
        yield url


def test_two_captures_of_one_article_and_the_change_view_shows_exactly_what_changed(client, story):
    article_ = Article.objects.get()
    old, new = article_.captures.order_by("captured")
    assert [bytes(c.raw) for c in (old, new)] == [FIRST.encode(), SECOND.encode()]
    page = client.get(f"/articles/{article_.pk}/changes/").content.decode()
    assert section(page, "diff-headline") == (
        '<p class="diff diff-title">Mayor promises <del>reckless</del><ins>new</ins> bridge by spring</p>'
    )
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        f'  <p class="diff-same">{SAID}</p>\n'
        f'  <p class="diff-removed" id="change-1"><del>{CRITICS}</del></p>\n'
        f'  <p class="diff-same">{VOTE}</p>\n'
        f'  <p class="diff-added" id="change-2"><ins>{CORRECTION}</ins></p>\n'
        "  </div>"
    )
    assert page.count("<ins>") == 2 and page.count("<del>") == 2
    assert '<h2 id="diff-byline">' not in page and '<h2 id="diff-tags">' not in page  # neither side has any
    assert (
        '<p class="change-summary"><strong>Summary:</strong> headline changed; 1 paragraph removed;'
        " correction added.</p>"
    ) in page
    assert '<p class="change-count">This article changed visibly once in 2 captures.</p>' in page
    for side in (old, new):
        assert f'<a href="/articles/{article_.pk}/captures/{side.pk}/" rel="memento">' in page
    article_page = client.get(article_.get_absolute_url()).content.decode()
    assert (
        f'<p class="meta changed">Changed once since first captured on <time datetime="{old.captured.isoformat()}">'
        f'{old.captured:%-d %B %Y}</time>; <a href="/articles/{article_.pk}/changes/">see the changes</a>.</p>'
    ) in article_page


def test_each_capture_keeps_its_exchange_and_its_page_offers_it_as_warc(client, story):
    for capture_, served in zip(Capture.objects.order_by("captured"), (FIRST, SECOND), strict=True):
        exchange = bytes(Capture.objects.defer(None).get(pk=capture_.pk).exchange)
        fetch = capture_.fields["capture"]
        assert (fetch["warc_sha256"], fetch["warc_size"]) == (hashlib.sha256(exchange).hexdigest(), len(exchange))
        records = list(ArchiveIterator(BytesIO(exchange)))  # gzip per record, as written
        assert [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in records] == [
            ("response", story),
            ("request", story),
        ]
        response, request = records
        assert response.rec_headers.get_header("WARC-Record-ID") == fetch["warc_record_id"]
        assert request.rec_headers.get_header("WARC-Concurrent-To") == fetch["warc_record_id"]
        members = gzip_members(exchange)
        assert [m.split(b"\r\n", 1)[0] for m in members] == [b"WARC/1.1", b"WARC/1.1"]
        assert b"\r\nWARC-Type: response\r\n" in members[0] and b"\r\nWARC-Type: request\r\n" in members[1]
        assert b"\r\n\r\nHTTP/1.1 200 OK\r\n" in members[0] and members[0].endswith(served.encode() + b"\r\n\r\n")
        assert b"\r\n\r\nGET /news/bridge HTTP/1.1\r\n" in members[1]

        page = client.get(capture_.get_absolute_url()).content.decode()
        assert (
            f'<dd class="warc-exchange">The request and response as fetched, {len(exchange)} bytes, SHA-256 '
            f'<code class="checksum">{fetch["warc_sha256"]}</code>: '
            f'<a href="/api/captures/{capture_.pk}/warc" download>download (WARC)</a></dd>'
        ) in page
        download = client.get(f"/api/captures/{capture_.pk}/warc")
        assert (download.status_code, download["Content-Type"], download.content) == (200, "application/warc", exchange)
        assert download["Content-Disposition"] == (
            f'attachment; filename="capture-{capture_.pk}-{capture_.sha256[:12]}.warc.gz"'
        )


def test_an_imported_capture_has_no_exchange_to_offer(client, tmp_path):
    path = tmp_path / "story.html"
    path.write_text(FIRST)
    call_command("import_articles", str(path), no_analyze=True, stdout=StringIO())
    capture_ = Capture.objects.get()
    assert bytes(Capture.objects.defer(None).get().exchange) == b""
    assert 'class="warc-exchange"' not in client.get(capture_.get_absolute_url()).content.decode()
    assert client.get(f"/api/captures/{capture_.pk}/warc").status_code == 404


def test_the_capture_admin_shows_the_exchange_kept(client, django_user_model, story):
    client.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "pw"))
    captured = Capture.objects.order_by("captured").first()
    fetch = captured.fields["capture"]
    page = client.get(f"/admin/archive/capture/{captured.pk}/change/").content.decode()
    assert (
        f'<div class="readonly">{fetch["warc_size"]} bytes, SHA-256 <code>{fetch["warc_sha256"]}</code> '
        f'(<a href="/api/captures/{captured.pk}/warc">download as WARC</a>)</div>'
    ) in page
    assert 'name="exchange"' not in page and 'name="raw"' not in page  # nothing to edit
