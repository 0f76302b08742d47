"""The change view between captures (issue 19): two versions of one page imported under one URL, as
real imports make them, compared word by word on /articles/<id>/changes/, summarised, and fed as Atom."""

import io
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.models import Article, Capture

pytestmark = pytest.mark.django_db

URL = "https://news.example/2024/03/bridge"
ATOM = "{http://www.w3.org/2005/Atom}"

FIRST = """Mayor promises reckless bridge by spring

By Jane Roe

The mayor said on Monday that the bridge would open in spring, whatever the cost.

Critics called the plan reckless & <costly>.

The council will vote on Friday.

TAGGED: Transport, City Hall
"""

# The headline softened, the critics' paragraph removed, a correction added, a second author, the tags changed.
SECOND = """Mayor promises new bridge by spring

By Jane Roe and Omar Haddad

The mayor said on Monday that the bridge would open in spring, whatever the cost.

The council will vote on Friday.

Correction: An earlier version of this article misstated the day of the vote.

TAGGED: Transport, Budget
"""

# Another story, captured once.
OTHER = FIRST.replace("Mayor promises", "Governor doubts")


def capture(tmp_path, text, when, url=URL, html=False):
    """Import ``text`` as a WARC record of ``url`` captured at ``when``, through import_articles: a text page
    as a resource record, an HTML page as the response a crawler records."""
    path = tmp_path / f"capture-{when.replace(':', '')}.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        if html:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            kind, extra = "response", {"http_headers": headers}
        else:
            kind, extra = "resource", {"warc_content_type": "text/plain; charset=utf-8"}
        payload = io.BytesIO(text.encode())
        writer.write_record(
            writer.create_warc_record(url, kind, payload=payload, warc_headers_dict={"WARC-Date": when}, **extra)
        )
    out = StringIO()
    call_command("import_articles", str(path), no_analyze=True, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def changed(tmp_path):
    assert capture(tmp_path, FIRST, "2024-03-01T09:00:00Z") == "1 imported, 0 unchanged, 0 updated, 0 failed\n"
    assert capture(tmp_path, SECOND, "2024-03-03T12:30:00Z") == "0 imported, 0 unchanged, 1 updated, 0 failed\n"
    return Article.objects.get()


def section(page: str, heading_id: str) -> str:
    """The HTML between a section's heading and the end of that section."""
    found = re.search(rf'<h2 id="{heading_id}">[^<]*</h2>\s*(.*?)\s*</section>', page, re.S)
    assert found, heading_id
    return found.group(1)


def test_the_diff_marks_the_words_taken_out_and_put_in_escaped(client, changed):
    page = client.get(f"/articles/{changed.pk}/changes/").content.decode()
    assert section(page, "diff-headline") == (
        '<p class="diff diff-title">Mayor promises <del>reckless</del><ins>new</ins> bridge by spring</p>'
    )
    assert section(page, "diff-byline") == ('<p class="diff diff-byline">By Jane Roe<ins> and Omar Haddad</ins></p>')
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        '  <p class="diff-same">The mayor said on Monday that the bridge would open in spring, whatever the cost.</p>\n'
        '  <p class="diff-removed" id="change-1"><del>Critics called the plan reckless &amp; &lt;costly&gt;.</del>'
        "</p>\n"
        '  <p class="diff-same">The council will vote on Friday.</p>\n'
        '  <p class="diff-added" id="change-2"><ins>Correction: An earlier version of this article misstated the'
        " day of the vote.</ins></p>\n"
        "  </div>"
    )
    assert section(page, "diff-tags") == (
        '<ul class="diff diff-tags"><li><ins>Budget</ins></li><li><del>City Hall</del></li><li>Transport</li></ul>'
    )


def test_the_summary_says_what_changed_and_how_long_between(client, changed):
    old, new = changed.captures.order_by("captured")
    page = client.get(f"/articles/{changed.pk}/changes/").content.decode()
    assert (
        '<p class="change-summary"><strong>Summary:</strong> headline changed; 1 paragraph removed; correction added;'
        " byline changed; tag added: Budget; tag removed: City Hall.</p>"
    ) in page
    assert (
        f'<dd>the capture of <a href="/articles/{changed.pk}/captures/{old.pk}/" rel="memento">'
        '<time datetime="2024-03-01T09:00:00+00:00">1 Mar 2024, 09:00 UTC</time></a></dd>'
    ) in page
    assert (
        f'<dd>the capture of <a href="/articles/{changed.pk}/captures/{new.pk}/" rel="memento">'
        '<time datetime="2024-03-03T12:30:00+00:00">3 Mar 2024, 12:30 UTC</time></a>, 2\xa0days, 3\xa0hours later</dd>'
    ) in page
    assert '<p class="change-count">This article changed visibly once in 2 captures.</p>' in page
    # The Memento links are the captures' own pages, which answer as mementos of their time.
    memento = client.get(f"/articles/{changed.pk}/captures/{old.pk}/")
    assert memento["Memento-Datetime"] == "Fri, 01 Mar 2024 09:00:00 GMT"


def test_an_edited_paragraph_is_compared_word_by_word_and_an_unrelated_one_is_removed_and_added(tmp_path, client):
    capture(
        tmp_path,
        "Storm closes port\n\nThe port closed at noon as winds rose.\n\nShips waited offshore.\n",
        "2024-05-01T00:00:00Z",
    )
    later = (
        "Storm closes port\n\nThe port closed at dawn as winds rose to 90 km/h.\n\nSchools will open late on Tuesday.\n"
    )
    capture(tmp_path, later, "2024-05-01T06:00:00Z")
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        '  <p class="diff-edited" id="change-1">The port closed at <del>noon</del><ins>dawn</ins> as winds rose'
        "<ins> to 90 km/h</ins>.</p>\n"
        '  <p class="diff-removed" id="change-2"><del>Ships waited offshore.</del></p>\n'
        '  <p class="diff-added" id="change-3"><ins>Schools will open late on Tuesday.</ins></p>\n'
        "  </div>"
    )
    assert "<strong>Summary:</strong> 1 paragraph removed; 1 paragraph added; 1 paragraph edited.</p>" in page
    assert '<h2 id="diff-byline">' not in page  # neither side has a byline
    assert '<h2 id="diff-tags">' not in page
    assert (
        section(page, "diff-headline")
        == '<p class="diff diff-title">Storm closes port <span class="unchanged">(unchanged)</span></p>'
    )


def test_new_bytes_with_the_same_fields_are_no_visible_change(tmp_path, client, changed):
    # The same story again with page furniture the importer does not keep as text: new bytes, same fields.
    capture(tmp_path, SECOND + "\nShare this article\n", "2024-03-04T08:00:00Z")
    assert changed.captures.count() == 3
    _, second, third = changed.captures.order_by("captured")
    page = client.get(f"/articles/{changed.pk}/changes/?from={second.pk}&to={third.pk}").content.decode()
    assert "<strong>Summary:</strong> no visible change.</p>" in page
    assert '<h2 id="diff-body">' not in page
    assert '<p class="change-count">This article changed visibly once in 3 captures.</p>' in page
    article_page = client.get(changed.get_absolute_url()).content.decode()
    assert (
        '<p class="meta changed">Changed once since first captured on <time datetime="2024-03-01T09:00:00+00:00">'
        f'1 March 2024</time>; <a href="/articles/{changed.pk}/changes/">see the changes</a>.</p>'
    ) in article_page
    entries = feed_entries(client, f"/feeds/changes/articles/{changed.pk}/")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Mayor promises new bridge by spring: headline changed; 1 paragraph removed; correction added;"
        " byline changed; tag added: Budget; tag removed: City Hall"
    ]


def test_the_article_page_counts_the_changes_and_says_nothing_without_any(tmp_path, client, changed):
    third = SECOND.replace("on Friday", "on Thursday")
    capture(tmp_path, third, "2024-03-05T10:00:00Z")
    page = client.get(changed.get_absolute_url()).content.decode()
    assert "Changed 2 times since first captured on" in page
    capture(tmp_path, OTHER, "2024-01-01T00:00:00Z", url="https://news.example/other")
    other = Article.objects.get(url="https://news.example/other")
    assert "since first captured" not in client.get(other.get_absolute_url()).content.decode()


def test_an_article_with_one_capture_says_there_is_nothing_to_compare(tmp_path, client):
    capture(tmp_path, FIRST, "2024-03-01T09:00:00Z")
    article = Article.objects.get()
    response = client.get(f"/articles/{article.pk}/changes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<p class="notice">This article has one capture, so there is nothing to compare yet. '
        f'<a href="{article.get_absolute_url()}">Read the article</a>.</p>'
    ) in page
    assert "<form" not in page.split("<main", 1)[1]
    assert "Summary:" not in page


def test_the_picker_is_a_plain_get_form_defaulting_to_the_first_and_newest(tmp_path, client, changed):
    capture(tmp_path, SECOND.replace("on Friday", "on Thursday"), "2024-03-05T10:00:00Z")
    first, second, third = changed.captures.order_by("captured")
    page = client.get(f"/articles/{changed.pk}/changes/").content.decode()
    assert f'<form class="capture-picker" method="get" action="/articles/{changed.pk}/changes/">' in page
    assert f'<option value="{first.pk}" selected>1 Mar 2024, 09:00 UTC ({first.sha256[:12]})</option>' in page
    assert f'<option value="{third.pk}" selected>5 Mar 2024, 10:00 UTC ({third.sha256[:12]})</option>' in page
    assert page.count(" selected>") == 2
    assert '<label for="changes-from">From</label>' in page and '<label for="changes-to">to</label>' in page

    page = client.get(f"/articles/{changed.pk}/changes/?from={second.pk}&to={third.pk}").content.decode()
    assert "<strong>Summary:</strong> 1 paragraph edited.</p>" in page
    assert (
        '<p class="diff-edited" id="change-1">The council will vote on <del>Friday</del><ins>Thursday</ins>.</p>'
        in page
    )
    # Newer on the left: the same words the other way round, and the time said as "earlier".
    page = client.get(f"/articles/{changed.pk}/changes/?from={third.pk}&to={second.pk}").content.decode()
    assert (
        '<p class="diff-edited" id="change-1">The council will vote on <del>Thursday</del><ins>Friday</ins>.</p>'
        in page
    )
    assert "1\xa0day, 21\xa0hours earlier</dd>" in page
    # One side named: the other keeps its default.
    page = client.get(f"/articles/{changed.pk}/changes/?from={second.pk}").content.decode()
    assert f'<option value="{second.pk}" selected>' in page and f'<option value="{third.pk}" selected>' in page


@pytest.mark.parametrize(
    ("query", "status", "problem"),
    [
        ("?from=abc", 400, "from: Enter a whole number."),
        ("?to=0", 400, "to: Ensure this value is greater than or equal to 1."),
        ("?from=99999999999999999999", 400, "from: Ensure this value is less than or equal to 9007199254740992."),
        ("?from={first}&to={first}", 400, "Choose two different captures to compare."),
        ("?from=987654", 404, "from: capture 987654 is not a capture of this article."),
        ("?to={elsewhere}", 404, "to: capture {elsewhere} is not a capture of this article."),
    ],
)
def test_bad_capture_ids_get_a_clear_page_never_a_server_error(tmp_path, client, changed, query, status, problem):
    capture(tmp_path, OTHER, "2024-01-01T00:00:00Z", url="https://news.example/other")
    ids = {
        "first": changed.captures.order_by("captured").first().pk,
        "elsewhere": Capture.objects.exclude(article=changed).get().pk,
    }
    response = client.get(f"/articles/{changed.pk}/changes/" + query.format(**ids))
    assert response.status_code == status
    page = response.content.decode()
    assert f'<p class="notice error" role="alert">{problem.format(**ids)}</p>' in page
    assert "Summary:" not in page
    assert '<form class="capture-picker"' in page  # the reader can pick again


def test_an_unknown_article_is_404_and_only_get_and_head_are_answered(client, changed):
    assert client.get("/articles/987654/changes/").status_code == 404
    assert client.head(f"/articles/{changed.pk}/changes/").status_code == 200
    assert client.post(f"/articles/{changed.pk}/changes/").status_code == 405
    assert client.put(f"/feeds/changes/articles/{changed.pk}/").status_code == 405


def test_the_change_page_runs_a_constant_number_of_queries(tmp_path, client, changed, django_assert_num_queries):
    url = f"/articles/{changed.pk}/changes/"
    client.get(url)
    with django_assert_num_queries(2):  # the article with its source, and its captures without their bytes
        assert client.get(url).status_code == 200
    for n in range(3):
        capture(tmp_path, SECOND.replace("Friday", f"day {n}"), f"2024-03-1{n}T00:00:00Z")
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return list(ET.fromstring(response.content).iter(f"{ATOM}entry"))


def test_feeds_of_changes_per_article_source_and_tag(tmp_path, client, changed):
    capture(tmp_path, SECOND.replace("on Friday", "on Thursday"), "2024-03-05T10:00:00Z")
    capture(tmp_path, OTHER, "2024-01-01T00:00:00Z", url="https://news.example/unchanged")
    first, second, third = changed.captures.order_by("captured")
    source = changed.source.slug
    for url in (
        f"/feeds/changes/articles/{changed.pk}/",
        f"/feeds/changes/sources/{source}/",
        "/feeds/changes/tags/transport/",
    ):
        entries = feed_entries(client, url)
        assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
            f"http://testserver/articles/{changed.pk}/changes/?from={second.pk}&to={third.pk}",
            f"http://testserver/articles/{changed.pk}/changes/?from={first.pk}&to={second.pk}",
        ], url
        newest = entries[0]
        assert newest.findtext(f"{ATOM}title") == "Mayor promises new bridge by spring: 1 paragraph edited"
        assert newest.findtext(f"{ATOM}summary") == (
            "1 paragraph edited. Captured 5 March 2024, 10:00 UTC, 1\xa0day, 21\xa0hours after the capture of"
            " 3 March 2024, 12:30 UTC."
        )
        assert newest.findtext(f"{ATOM}updated") == "2024-03-05T10:00:00+00:00"
        assert [c.get("term") for c in newest.iter(f"{ATOM}category")] == ["Budget", "Transport"]
    # A tag the article no longer carries (its newest capture dropped it) does not list its changes.
    assert feed_entries(client, "/feeds/changes/tags/city-hall/") == []
    assert client.get("/feeds/changes/tags/no-such-tag/").status_code == 404
    assert client.get("/feeds/changes/sources/no-such-source/").status_code == 404
    assert client.get("/feeds/changes/articles/987654/").status_code == 404


def test_pages_advertise_their_feed_of_changes(client, changed):
    source = changed.source
    pages = {
        f"/articles/{changed.pk}/changes/": f"/feeds/changes/articles/{changed.pk}/",
        changed.get_absolute_url(): f"/feeds/changes/articles/{changed.pk}/",
        source.get_absolute_url(): f"/feeds/changes/sources/{source.slug}/",
        "/tags/transport/": "/feeds/changes/tags/transport/",
    }
    titles = {
        f"/feeds/changes/articles/{changed.pk}/": "Newsroom Archive: changes to “Mayor promises new bridge by spring”",
        f"/feeds/changes/sources/{source.slug}/": f"Newsroom Archive: changes at {source.name}",
        "/feeds/changes/tags/transport/": "Newsroom Archive: changes tagged Transport",
    }
    for page_url, feed_url in pages.items():
        page = client.get(page_url).content.decode()
        link = f'<link rel="alternate" type="application/atom+xml" title="{titles[feed_url]}" href="{feed_url}">'
        assert link in page, page_url
        assert f'<a href="{feed_url}" type="application/atom+xml">Atom feed of changes</a>' in page, page_url


def test_the_api_lists_an_articles_visible_changes(client, changed):
    first, second = changed.captures.order_by("captured")
    data = client.get(f"/api/articles/{changed.pk}/").json()
    assert data["changes"] == [
        {
            "from_capture": first.pk,
            "to_capture": second.pk,
            "captured": "2024-03-03T12:30:00Z",
            "summary": "headline changed; 1 paragraph removed; correction added; byline changed; tag added: Budget;"
            " tag removed: City Hall",
            "archive_url": f"http://testserver/articles/{changed.pk}/changes/?from={first.pk}&to={second.pk}",
        }
    ]


def test_an_article_titled_changes_keeps_its_own_address_apart_from_its_change_page(tmp_path, client):
    capture(tmp_path, "Changes\n\nThe club announced changes to its board.\n", "2024-06-01T00:00:00Z")
    article = Article.objects.get()
    assert article.slug == "changes"
    assert article.get_absolute_url() == f"/articles/{article.pk}/changes-/"
    assert "<h1>What changed: Changes</h1>" in client.get(f"/articles/{article.pk}/changes/").content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "The club announced changes to its board." in page
    assert client.get(f"/articles/{article.pk}/").url == f"/articles/{article.pk}/changes-/"


def test_a_paragraph_moved_is_counted_as_moved(tmp_path, client):
    capture(
        tmp_path,
        "Vote delayed\n\nThe vote was delayed.\n\nMembers left early.\n\nNo date was set.\n",
        "2024-07-01T00:00:00Z",
    )
    capture(
        tmp_path,
        "Vote delayed\n\nNo date was set.\n\nThe vote was delayed.\n\nMembers left early.\n",
        "2024-07-02T00:00:00Z",
    )
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert "<strong>Summary:</strong> 1 paragraph moved.</p>" in page
    assert section(page, "diff-body") == (
        '<div class="diff diff-body">\n'
        '  <p class="diff-moved" id="change-1">No date was set. <span class="unchanged">(moved)</span></p>\n'
        '  <p class="diff-same">The vote was delayed.</p>\n'
        '  <p class="diff-same">Members left early.</p>\n'
        "  </div>"
    )


def test_a_capture_imported_without_its_fields_is_not_compared(tmp_path, client, changed):
    # An export written before captures kept their extracted fields, imported into an empty archive.
    path = tmp_path / "archive.jsonl"
    call_command("export_articles", "-o", str(path), stdout=StringIO(), stderr=StringIO())
    record = json.loads(path.read_text())
    del record["captures"][0]["fields"]
    path.write_text(json.dumps(record) + "\n")
    Article.objects.all().delete()
    call_command("import_articles", str(path), no_analyze=True, stdout=StringIO(), stderr=StringIO())
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert (
        "<strong>Summary:</strong> not compared: the archive kept no extracted text for one of these captures.</p>"
    ) in page
    assert '<h2 id="diff-body">' not in page
    assert "since first captured" not in client.get(article.get_absolute_url()).content.decode()
    assert feed_entries(client, f"/feeds/changes/articles/{article.pk}/") == []


PORT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Port reopens after storm</title>
<meta property="og:site_name" content="Harbour News"><meta name="author" content="Ana Lima">
<meta property="article:tag" content="Shipping"><meta property="article:tag" content="Weather">
</head><body><article><h1>Port reopens after storm</h1>
<p>The port reopened on Tuesday morning after three days of gales kept every ship at anchor offshore.</p>
<p>Dock workers said the backlog of containers would take at least a week to clear completely.</p>
<p>The harbour master blamed the delay on a broken crane that had not been repaired in time.</p>
</article></body></html>"""


def test_html_pages_compare_what_the_importer_read_from_them(tmp_path, client):
    later = (
        PORT.replace("Port reopens after storm", "Port reopens slowly after storm")
        .replace('content="Ana Lima"', 'content="Ana Lima, Tom Berg"')
        .replace('content="Weather"', 'content="Storms"')
        .replace(
            "The harbour master blamed the delay on a broken crane that had not been repaired in time.",
            "Clarification: The harbour master did not blame the delay on the crane, as an earlier version said.",
        )
    )
    capture(tmp_path, PORT, "2024-04-01T08:00:00Z", url="https://harbour.example/port", html=True)
    capture(tmp_path, later, "2024-04-01T20:15:00Z", url="https://harbour.example/port", html=True)
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert (
        "<strong>Summary:</strong> headline changed; 1 paragraph removed; clarification added; byline changed;"
        " tag added: Storms; tag removed: Weather.</p>"
    ) in page
    assert section(page, "diff-headline") == (
        '<p class="diff diff-title">Port reopens<ins> slowly</ins> after storm</p>'
    )
    # The importer keeps the byline as the page's author meta gave it.
    assert section(page, "diff-byline") == '<p class="diff diff-byline">Ana Lima<ins>, Tom Berg</ins></p>'
    # Too different to be one paragraph edited: the old one removed, the note added.
    assert (
        '<p class="diff-removed" id="change-1"><del>The harbour master blamed the delay on a broken crane that had'
        " not been repaired in time.</del></p>\n"
        '  <p class="diff-added" id="change-2"><ins>Clarification: The harbour master did not blame the delay on the'
        " crane, as an earlier version said.</ins></p>"
    ) in page
    assert "12\xa0hours, 15\xa0minutes later</dd>" in page


def test_japanese_text_is_compared_character_by_character(tmp_path, client):
    capture(tmp_path, "東京で大雨\n\n東京都は月曜日に大雨警報を出した。\n", "2024-08-01T00:00:00Z")
    capture(tmp_path, "東京で大雨\n\n東京都は火曜日に大雨警報を出した。\n", "2024-08-01T03:00:00Z")
    article = Article.objects.get()
    page = client.get(f"/articles/{article.pk}/changes/").content.decode()
    assert '<p class="diff-edited" id="change-1">東京都は<del>月</del><ins>火</ins>曜日に大雨警報を出した。</p>' in page
    assert "<strong>Summary:</strong> 1 paragraph edited.</p>" in page


def test_a_feed_of_changes_runs_a_constant_number_of_queries(tmp_path, client, changed, django_assert_num_queries):
    url = f"/feeds/changes/sources/{changed.source.slug}/"
    # The source, then the articles with several captures, then their captures (without their bytes).
    with django_assert_num_queries(3):
        assert len(feed_entries(client, url)) == 1
    for n in range(3):
        capture(
            tmp_path, OTHER.replace("Friday", f"day {n}"), f"2024-02-0{n + 1}T00:00:00Z", url="https://news.example/o"
        )
    with django_assert_num_queries(3):
        assert len(feed_entries(client, url)) == 3


def test_one_side_named_as_the_others_default_is_compared_with_its_neighbour(tmp_path, client, changed):
    capture(tmp_path, SECOND.replace("on Friday", "on Thursday"), "2024-03-05T10:00:00Z")
    first, second, third = changed.captures.order_by("captured")
    page = client.get(f"/articles/{changed.pk}/changes/?to={first.pk}").content.decode()
    assert f'<option value="{second.pk}" selected>' in page.split('id="changes-to"')[0]
    assert f'<option value="{first.pk}" selected>' in page.split('id="changes-to"')[1]
    page = client.get(f"/articles/{changed.pk}/changes/?from={third.pk}").content.decode()
    assert f'<option value="{third.pk}" selected>' in page.split('id="changes-to"')[0]
    assert f'<option value="{second.pk}" selected>' in page.split('id="changes-to"')[1]
    assert "<strong>Summary:</strong> 1 paragraph edited.</p>" in page
