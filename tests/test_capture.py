"""`manage.py capture`: pages, files of URLs, feeds and sitemaps from a local web site
(tests/capture_server.py), stored through the WARC import path; never the internet."""

import gzip
import hashlib
import socket
import time
from io import StringIO

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article, Capture
from tests.capture_server import Site, article

pytestmark = pytest.mark.django_db

STORY = article("Council approves budget", "The council approved the budget on Monday.", "It passed 7 to 2.")
STORY_FIXED = article(
    "Council approves budget", "The council approved the budget on Monday.", "Correction: it passed 6 to 3."
)


def capture(*urls, allow=("127.0.0.1/32",), **options):
    """Run the command; (exit status, stdout lines, stderr lines)."""
    out, err = StringIO(), StringIO()
    options.setdefault("delay", 0)
    options.setdefault("no_analyze", True)
    status = 0
    try:
        call_command("capture", *urls, allow_private=list(allow), stdout=out, stderr=err, **options)
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue().splitlines(), err.getvalue().splitlines()


def test_a_page_is_captured_once_and_a_changed_page_adds_a_capture(site):
    site.page("/news/budget", STORY)
    url = site.url("/news/budget")
    assert capture(url) == (0, [f"imported: {url}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"], [])
    article_ = Article.objects.get()
    assert (article_.url, article_.title) == (url, "Council approves budget")
    first = article_.captures.get()
    assert (bytes(first.raw), first.format, first.url) == (STORY.encode(), "warc", url)
    assert first.fields["capture"]["final_url"] == url
    assert first.fields["capture"]["redirects"] == []
    assert first.fields["capture"]["status"] == 200

    # The same bytes again: a new WARC (new date, new record ids) but no new capture.
    assert capture(url) == (0, [f"unchanged: {url}", "0 imported, 1 unchanged, 0 updated, 0 refused, 0 failed"], [])
    assert Capture.objects.count() == 1

    site.page("/news/budget", STORY_FIXED)
    assert capture(url)[:2] == (0, [f"updated: {url}", "0 imported, 0 unchanged, 1 updated, 0 refused, 0 failed"])
    article_.refresh_from_db()
    assert [bytes(c.raw) for c in article_.captures.order_by("captured")] == [STORY.encode(), STORY_FIXED.encode()]
    assert "Correction: it passed 6 to 3." in article_.body
    assert Article.objects.count() == 1


def test_a_page_that_changes_back_says_so_rather_than_unchanged(site):
    site.page("/news/budget", STORY)
    url = site.url("/news/budget")
    capture(url)
    site.page("/news/budget", STORY_FIXED)
    capture(url)
    first, newest = Capture.objects.order_by("captured", "pk")
    site.page("/news/budget", STORY)
    status, out, _ = capture(url)
    assert (status, out) == (
        0,
        [
            f"unchanged: {url}: the page is back to its capture of {first.captured:%Y-%m-%d %H:%M} UTC after the "
            f"newest, of {newest.captured:%Y-%m-%d %H:%M} UTC; one capture is kept per set of bytes, so the return "
            "is not recorded",
            "0 imported, 1 unchanged, 0 updated, 0 refused, 0 failed",
        ],
    )
    assert Capture.objects.count() == 2


def test_a_page_moved_to_a_new_slug_is_captured_again_into_the_same_article(site):
    site.page("/news/budget-vote", STORY)
    old = site.url("/news/budget-vote")
    assert capture(old)[1][0] == f"imported: {old}"
    # The headline changed, the slug with it: the old URL now redirects.
    site.page("/news/budget-passes", STORY_FIXED)
    site.redirect("/news/budget-vote", "/news/budget-passes", 301)
    new = site.url("/news/budget-passes")
    assert capture(old)[:2] == (
        0,
        [f"updated: {old} -> {new}", "0 imported, 0 unchanged, 1 updated, 0 refused, 0 failed"],
    )
    article_ = Article.objects.get()
    assert [c.url for c in article_.captures.order_by("captured")] == [old, new]
    assert article_.url == new


def test_tracking_parameters_do_not_make_a_new_article_and_the_warc_keeps_them(site, tmp_path):
    site.page("/news/budget", STORY)
    first = site.url("/news/budget?utm_source=newsletter&utm_medium=email&page=2")
    assert capture(first)[1][0] == f"imported: {first}"
    site.page("/news/budget", STORY_FIXED)
    second = site.url("/news/budget?page=2&fbclid=IwAR0abc&gclid=xyz&UTM_CAMPAIGN=spring")
    warc = tmp_path / "second.warc.gz"
    assert capture(second, warc=str(warc))[1][0] == f"updated: {second}"
    assert Article.objects.count() == 1
    assert [c.url for c in Capture.objects.order_by("captured")] == [first, second]
    with warc.open("rb") as stream:
        targets = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)]
    assert targets == [second, second]
    # Another page (page=3) is another article.
    site.page(
        "/news/budget", article("Budget, part three", "The third part tells what the budget buys.", "Roads first.")
    )
    third = site.url("/news/budget?page=3&utm_source=x")
    assert capture(third) == (0, [f"imported: {third}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"], [])
    assert Article.objects.count() == 2


def test_redirects_are_followed_and_the_chain_kept_in_the_capture_and_the_warc(site, tmp_path):
    site.page("/final", STORY)
    site.redirect("/old", "/middle", 301)
    site.redirect("/middle", site.url("/final"), 302)
    warc = tmp_path / "out.warc.gz"
    status, out, err = capture(site.url("/old"), warc=str(warc))
    assert (status, out[0], err) == (0, f"imported: {site.url('/old')} -> {site.url('/final')}", [])
    capture_ = Capture.objects.get()
    assert capture_.url == site.url("/final")
    assert capture_.fields["capture"]["requested"] == site.url("/old")
    assert capture_.fields["capture"]["redirects"] == [
        {"url": site.url("/old"), "status": 301, "location": "/middle"},
        {"url": site.url("/middle"), "status": 302, "location": site.url("/final")},
    ]
    with warc.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.to_str().splitlines()[0])
            for r in ArchiveIterator(stream)
        ]
    assert records == [
        ("response", site.url("/old"), "HTTP/1.1 301 Moved Permanently"),
        ("request", site.url("/old"), "GET /old HTTP/1.1"),
        ("response", site.url("/middle"), "HTTP/1.1 302 Found"),
        ("request", site.url("/middle"), "GET /middle HTTP/1.1"),
        ("response", site.url("/final"), "HTTP/1.1 200 OK"),
        ("request", site.url("/final"), "GET /final HTTP/1.1"),
    ]
    # The capture keeps the same exchange, byte for byte, as --warc wrote.
    assert bytes(Capture.objects.defer(None).get().exchange) == warc.read_bytes()


def test_the_same_bytes_at_a_url_never_captured_name_the_article_holding_them(site):
    site.page("/news/budget", STORY)
    site.page("/mirror/budget", STORY)
    site.redirect("/old/budget", "/news/budget")
    first, mirror = site.url("/news/budget"), site.url("/mirror/budget")
    assert capture(first) == (0, [f"imported: {first}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"], [])
    assert capture(mirror, site.url("/old/budget"), first) == (
        0,
        [
            f"unchanged: {mirror}: the same bytes are already archived as {first}",
            f"unchanged: {site.url('/old/budget')} -> {first}",  # the article's own URL, by a redirect
            f"unchanged: {first}",
            "0 imported, 3 unchanged, 0 updated, 0 refused, 0 failed",
        ],
        [],
    )
    assert list(Article.objects.values_list("url", flat=True)) == [first]


def test_a_file_of_urls_is_captured_line_by_line(site, tmp_path):
    site.page(
        "/a", article("First story", "The first story tells of a long night at the harbour.", "Boats came back late.")
    )
    site.page(
        "/b", article("Second story", "The second story tells of the school that opened.", "Pupils arrived early.")
    )
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# my reading list\n{site.url('/a')}\n\n{site.url('/b')}\n{site.url('/a')}\n")
    status, out, err = capture(from_file=[str(listing)])
    assert (status, out, err) == (
        0,
        [
            f"imported: {site.url('/a')}",
            f"imported: {site.url('/b')}",
            "2 imported, 0 unchanged, 0 updated, 0 refused, 0 failed",
        ],
        [],
    )
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First story", "Second story"]


def test_a_file_of_urls_from_a_windows_editor_with_comments_after_urls(site, tmp_path):
    site.page("/a", STORY)
    listing = tmp_path / "urls.txt"
    # A byte order mark and CRLF (as Notepad saves), a comment after a URL, an indented one, a line that is no URL.
    lines = [site.url("/a") + "  # the budget story", "   # later:", "budget story", ""]
    listing.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    assert capture(from_file=[str(listing)]) == (
        1,
        [f"imported: {site.url('/a')}", "1 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"],
        [f"refused: {listing}:3: budget story: only http and https URLs are captured, not a relative URL"],
    )
    assert [path for _, path, _ in site.log] == ["/robots.txt", "/a"]


def test_a_url_from_a_file_that_is_refused_or_fails_names_the_file_and_line(site, tmp_path):
    site.page("/a", STORY)
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(f"# reading list\n{site.url('/a')}\n\nftp://example.org/a\n")
    second.write_text(f"{site.url('/a')}\n{site.url('/gone')}  # was here\n{site.url('/given')}\n")
    # A URL named on the command line too is not shown as from the file.
    assert capture(site.url("/given"), from_file=[str(first), str(second)]) == (
        1,
        [f"imported: {site.url('/a')}", "1 imported, 0 unchanged, 0 updated, 1 refused, 2 failed"],
        [
            f"failed: {site.url('/given')}: HTTP 404 Not Found from {site.url('/given')}",
            f"refused: {first}:4: ftp://example.org/a: only http and https URLs are captured, not ftp",
            f"failed: {second}:2: {site.url('/gone')}: HTTP 404 Not Found from {site.url('/gone')}",
        ],
    )


def test_urls_differing_only_by_a_fragment_are_one_page_captured_once(site):
    site.page("/a", STORY)
    assert capture(site.url("/a#top"), site.url("/a"), site.url("/a#comments")) == (
        0,
        [f"imported: {site.url('/a#top')}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"],
        [],
    )
    assert site.hits("/a") == 1


def test_a_warc_file_that_cannot_be_written_is_a_command_error_before_any_request(site, tmp_path):
    from django.core.management import CommandError

    site.page("/a", STORY)
    for where in (tmp_path, tmp_path / "missing" / "out.warc.gz"):
        with pytest.raises(CommandError) as raised:
            capture(site.url("/a"), warc=str(where))
        assert str(raised.value).startswith(f"--warc {where}: cannot write to it ([Errno ")
    assert site.log == []


def test_a_plain_text_page_is_a_text_capture(site):
    text = "Harbour reopens\n\nThe harbour reopened on Tuesday after the storm.\n"
    site.routes["/notes.txt"] = (200, "text/plain; charset=utf-8", text.encode())
    assert capture(site.url("/notes.txt"))[0] == 0
    capture_ = Capture.objects.get()
    assert (capture_.format, bytes(capture_.raw), capture_.article.title) == ("text", text.encode(), "Harbour reopens")


def test_capture_export_and_reimport_round_trip_with_the_same_checksums(site, tmp_path):
    site.page("/news/budget", STORY)
    capture(site.url("/news/budget"))
    site.page("/news/budget", STORY_FIXED)
    capture(site.url("/news/budget"))

    def kept(with_fields):
        rows = Capture.objects.defer(None).order_by("captured")
        # JSON Lines carries the fields and the WARC exchange too (checked against the recorded SHA-256).
        return [
            (c.sha256, bytes(c.raw), c.captured, c.url, c.format)
            + ((c.fields, hashlib.sha256(bytes(c.exchange)).hexdigest()) if with_fields else ())
            for c in rows
        ]

    before, before_fields = kept(False), kept(True)
    assert before_fields[1][5]["capture"]["final_url"] == site.url("/news/budget")
    assert [row[6] for row in before_fields] == [row[5]["capture"]["warc_sha256"] for row in before_fields]
    for fmt, name in (("jsonl", "a.jsonl"), ("warc", "a.warc.gz")):
        call_command("export_articles", output=str(tmp_path / name), format=fmt, stderr=StringIO())
    # JSON Lines keeps everything, the capture's fetch record and exchange too; a WARC export keeps the bytes,
    # dates, URLs and formats (its reader extracts the fields again from the bytes of the exchange's response).
    for name, with_fields in (("a.jsonl", True), ("a.warc.gz", False)):
        Article.objects.all().delete()
        call_command("import_articles", str(tmp_path / name), no_analyze=True, stdout=StringIO())
        assert kept(with_fields) == (before_fields if with_fields else before)
        out = StringIO()
        call_command("verify", stdout=out)
        last = out.getvalue().splitlines()[-1]
        assert (last.startswith("verified 2 captures in "), last.endswith(": 0 problems")) == (True, True)


def test_the_warc_holds_the_page_bytes_as_served(site, tmp_path):
    site.page("/g", STORY)
    warc = tmp_path / "w.warc.gz"
    capture(site.url("/g"), warc=str(warc))
    with warc.open("rb") as stream:
        bodies = [r.content_stream().read() for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert bodies == [STORY.encode()]
    assert bytes(Capture.objects.get().raw) == bodies[0]


def test_a_gzip_encoded_chunked_page_is_stored_decoded_and_the_warc_keeps_it_as_served(site, tmp_path):
    served = gzip.compress(STORY.encode())

    def chunked(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for start in range(0, len(served), 100):
            piece = served[start : start + 100]
            handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")

    site.routes["/zipped"] = chunked
    warc = tmp_path / "w.warc.gz"
    assert capture(site.url("/zipped"), warc=str(warc))[0] == 0
    assert bytes(Capture.objects.get().raw) == STORY.encode()
    with warc.open("rb") as stream:
        response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        assert response.http_headers.get_header("Content-Encoding") == "gzip"
        assert response.http_headers.get_header("Transfer-Encoding") is None
        assert response.raw_stream.read() == served
    # The same page served plainly is the same bytes: nothing new.
    site.page("/zipped", STORY)
    assert capture(site.url("/zipped"))[1][0] == f"unchanged: {site.url('/zipped')}"


def test_captured_articles_are_analysed_unless_told_not_to(site):
    from archive.nlp.analyzer import ANALYZER_VERSION

    site.page("/story", article("Mayor opens bridge", "Mayor Jane Holt opened the bridge on Monday.", "It cost $4m."))
    assert capture(site.url("/story"), no_analyze=False)[0] == 0
    assert Article.objects.get().analyzed_version == ANALYZER_VERSION


def test_the_test_site_stops_at_once_and_keeps_quiet_when_a_client_hangs_up(capfd):
    def hung_up(handler):
        raise ConnectionResetError("the client hung up")  # as a write to a client gone away raises

    with Site() as site:
        site.routes["/gone"] = hung_up
        with socket.create_connection(("127.0.0.1", site.port)) as client:
            client.sendall(b"GET /gone HTTP/1.1\r\nHost: x\r\n\r\n")
            # The server closes the connection only once it has handled (or reported) the error.
            assert client.recv(100) == b""
        started = time.monotonic()
    # The stdlib polls for shutdown every 0.5 s: every teardown waited for it.
    assert time.monotonic() - started < 0.4
    assert capfd.readouterr().err == ""


def test_a_capture_whose_exchange_cannot_be_kept_is_not_stored_without_it(site, monkeypatch):
    from django.db import OperationalError

    site.page("/news/budget", STORY)
    url = site.url("/news/budget")
    save = Capture.save

    def failing_on_the_exchange(self, *args, **kwargs):
        if "exchange" in (kwargs.get("update_fields") or ()):
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Capture, "save", failing_on_the_exchange)
    assert capture(url) == (
        1,
        ["0 imported, 0 unchanged, 0 updated, 0 refused, 1 failed"],
        [f"failed: {url}: unexpected error (OperationalError: database is locked)"],
    )
    # Stored apart, the page was kept without its WARC and read as "unchanged" on every later run.
    assert (Article.objects.count(), Capture.objects.count()) == (0, 0)
    monkeypatch.setattr(Capture, "save", save)
    assert capture(url)[1][0] == f"imported: {url}"
    kept = Capture.objects.defer(None).get()
    assert kept.exchange_sha256 == hashlib.sha256(bytes(kept.exchange)).hexdigest()
