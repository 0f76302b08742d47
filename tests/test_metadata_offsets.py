"""The page's own UTC offset beside the publication instant (issue 15): kept as the page
gave it, or found from the page's other statements of that instant (the same instant in
another zone, a <time> printing its datetime as a local wall clock, the modification time)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.html import parse_html
from archive.models import Article, Capture

from .test_extract_html import ld, page
from .test_metadata import exported, run_import

NY_EVENING = page(head=ld({"@type": "NewsArticle", "datePublished": "2019-11-19T22:43:00-05:00"}))
NO_ZONE = page(head=ld({"@type": "NewsArticle", "datePublished": "2019-11-19T22:43:00"}))


def test_the_offset_the_page_printed_is_kept_beside_the_instant():
    parsed = parse_html(NY_EVENING, "https://news.example.com/evening")
    assert (parsed.published, parsed.published_offset) == (datetime(2019, 11, 20, 3, 43, tzinfo=UTC), -300)
    assert parsed.published.tzinfo is UTC
    parsed = parse_html(NO_ZONE, "https://news.example.com/evening")
    assert (parsed.published, parsed.published_offset) == (datetime(2019, 11, 19, 22, 43, tzinfo=UTC), None)
    said_utc = page(head=ld({"@type": "NewsArticle", "datePublished": "2019-11-20T03:43:00Z"}))
    assert parse_html(said_utc, "https://news.example.com/evening").published_offset == 0
    tokyo = page(before="<p class='posted'>掲載日 2019/02/22</p>", html_attrs='lang="ja"')
    parsed = parse_html(tokyo, "https://blog.example.com/archives/tree.html")
    assert (parsed.published, parsed.published_offset) == (datetime(2019, 2, 21, 15, 0, tzinfo=UTC), 540)


@pytest.mark.django_db
def test_an_evening_in_new_york_is_shown_exported_and_served_on_its_own_day(client, tmp_path):
    (tmp_path / "evening.html").write_bytes(NY_EVENING)
    run_import(tmp_path / "evening.html", url="https://news.example.com/evening")
    article = Article.objects.get()
    assert (article.published, article.published_offset) == (datetime(2019, 11, 20, 3, 43, tzinfo=UTC), -300)
    html = client.get(article.get_absolute_url()).content.decode()
    expected = '<time datetime="2019-11-19T22:43:00-05:00">19 November 2019, 22:43 UTC-05:00</time>'
    assert f"Published: {expected}" in html
    assert (
        """<time datetime="2019-11-19T22:43:00-05:00">19 Nov 2019, 22:43 UTC-05:00</time> (the page's own time)."""
        " From the page&#x27;s JSON-LD" in html
    )
    assert '<meta name="citation_publication_date" content="2019/11/19">' in html
    call_command("export_articles", "-o", str(tmp_path / "out.jsonl"), stdout=StringIO())
    assert json.loads((tmp_path / "out.jsonl").read_text())["published"] == "2019-11-19T22:43:00-05:00"
    api = client.get(f"/api/articles/{article.pk}/").json()
    assert api["published"] == "2019-11-19T22:43:00-05:00"
    assert client.get("/api/articles/").json()["results"][0]["published"] == "2019-11-19T22:43:00-05:00"
    # The search still filters by the instant: 03:43 UTC on the 20th.
    assert client.get("/api/articles/", {"since": "2019-11-20"}).json()["count"] == 1


@pytest.mark.django_db
def test_a_page_giving_no_zone_is_shown_in_utc_as_before(client, tmp_path):
    (tmp_path / "plain.html").write_bytes(NO_ZONE)
    run_import(tmp_path / "plain.html", url="https://news.example.com/plain")
    article = Article.objects.get()
    assert (article.published, article.published_offset) == (datetime(2019, 11, 19, 22, 43, tzinfo=UTC), None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Published: <time datetime="2019-11-19T22:43:00+00:00">19 November 2019, 22:43 UTC</time>' in html
    assert "(the page gave no time zone: UTC). From the page&#x27;s JSON-LD" in html
    call_command("export_articles", "-o", str(tmp_path / "out.jsonl"), stdout=StringIO())
    assert json.loads((tmp_path / "out.jsonl").read_text())["published"] == "2019-11-19T22:43:00+00:00"
    assert client.get(f"/api/articles/{article.pk}/").json()["published"] == "2019-11-19T22:43:00Z"


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        ('<time datetime="2019-11-19T20:59:46">Tuesday</time>', -360),  # same second, 6 h earlier: Chicago
        ("<p class='date'>Nov. 19, 2019 5:59 PM</p>", -540),  # the same minute, printed without seconds
        ('<time datetime="2019-11-19T21:17:46">Tuesday</time>', 0),  # not a quarter-hour step: UTC, as said
        # The same instant given again in a zone: the page's own offset.
        ('<time datetime="2019-11-19T20:59:46-06:00">Tuesday</time>', -360),
        ('<time datetime="2019-11-19T21:17:46-06:00">Tuesday</time>', 0),  # another instant: no evidence
    ],
)
def test_a_utc_date_printed_again_as_a_zone_less_local_time_gives_the_offset(local, offset):
    head = ld({"@type": "NewsArticle", "datePublished": "2019-11-20T02:59:46Z"})
    parsed = parse_html(page(head=head, before=local), "https://news.example.com/vote")
    assert (parsed.published, parsed.date_source) == (datetime(2019, 11, 20, 2, 59, 46, tzinfo=UTC), "json-ld")
    assert parsed.published_offset == offset


@pytest.mark.django_db
def test_reimporting_the_same_bytes_fills_the_offset_of_an_article_stored_without_it(tmp_path):
    (tmp_path / "evening.html").write_bytes(NY_EVENING)
    run_import(tmp_path / "evening.html", url="https://news.example.com/evening")
    Article.objects.update(published_offset=None)  # as stored before offsets were kept
    assert run_import(tmp_path / "evening.html", url="https://news.example.com/evening").startswith(
        "0 imported, 1 unchanged"
    )
    article = Article.objects.get()
    assert (article.published, article.published_offset) == (datetime(2019, 11, 20, 3, 43, tzinfo=UTC), -300)
    assert Capture.objects.count() == 1


@pytest.mark.django_db
def test_a_time_printing_its_utc_datetime_as_a_local_wall_clock_gives_the_day_shown(client, tmp_path):
    # An evening in California stated in UTC (the next day) and printed as the local clock.
    head = ld({"@type": "NewsArticle", "datePublished": "2019-11-19T07:03:25+00:00"})
    before = (
        '<h1>Council expands tram line</h1><time datetime="2019-11-19T07:03:25+00:00">November 18, 2019 11:03 PM</time>'
    )
    (tmp_path / "late.html").write_bytes(page(head=head, before=before))
    run_import(tmp_path / "late.html", url="https://news.example.com/late")
    article = Article.objects.get()
    assert (article.published, article.published_offset) == (datetime(2019, 11, 19, 7, 3, 25, tzinfo=UTC), -480)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Published: <time datetime="2019-11-18T23:03:25-08:00">18 November 2019, 23:03 UTC-08:00</time>' in html
    call_command("export_articles", "-o", str(tmp_path / "out.jsonl"), stdout=StringIO())
    assert json.loads((tmp_path / "out.jsonl").read_text())["published"] == "2019-11-18T23:03:25-08:00"


def test_a_comments_local_clock_says_nothing_of_the_articles_offset():
    # A comment's <time> prints its own moment; 07:06 is not the article's 11:21 seen from a zone.
    head = ld({"@type": "NewsArticle", "datePublished": "2019-11-19T11:21:08+00:00"})
    after = '<div class="comments"><time datetime="2019-11-19T07:06:44-05:00">November 19, 2019 at 7:06 am</time></div>'
    parsed = parse_html(page(head=head, after=after), "https://news.example.com/match")
    assert (parsed.published, parsed.published_offset) == (datetime(2019, 11, 19, 11, 21, 8, tzinfo=UTC), 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("updated", "published"),
    [
        # Updated ten minutes later, in New York's offset: the page's zone, so its evening day.
        ("2019-11-18T22:15:39-05:00", "2019-11-18T22:05:46-05:00"),
        # Updated months later: the offset of another season tells nothing of this instant's.
        ("2020-06-02T10:00:00-04:00", "2019-11-19T03:05:46Z"),
    ],
)
def test_the_pages_update_time_in_its_own_offset_gives_the_offset_of_a_utc_date(tmp_path, updated, published):
    head = ld({"@type": "NewsArticle", "datePublished": "Tue Nov 19 2019 03:05:46 GMT+0000"})
    head += f'<meta property="og:updated_time" content="{updated}">'
    record = exported(tmp_path, page(head=head), "https://news.example.com/duvet")
    assert (record["published"], record["date_source"]) == (published, "json-ld")
