"""Metadata that holds on unseen pages: dates and where they came from, authors,
source names, tags, and one capture per set of bytes however they arrive.

Every page is a small invented one written here; the cases are the kinds of
page the issue reported (fact checks, shouted bylines, feed keywords, a JVN-style
table of dates, the same bytes as a file and as a WARC record)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.html import parse_html
from archive.ingest.published import DateSource as ParsedDateSource
from archive.ingest.published import weigh
from archive.ingest.tags import split_list
from archive.models import DateSource

from .test_extract_html import ld, page
from .test_metadata_storing import run_import

# --- dates ----------------------------------------------------------------------------


def test_a_date_printed_after_a_registered_label_in_a_table_is_the_publication_date():
    table = (
        "<table><tr><td>公表日</td><td>2018/12/23</td></tr><tr><td>登録日</td><td>2019/02/22</td></tr>"
        "<tr><td>最終更新日</td><td>2019/02/22</td></tr></table>"
    )
    parsed = parse_html(page(after=table, html_attrs='lang="ja"'))
    # A zone-less Japanese date is that day in Tokyo.
    assert parsed.published == datetime(2019, 2, 21, 15, 0, tzinfo=UTC)
    assert parsed.date_source == "label"


def test_structured_date_wins_and_is_named():
    head = '<meta property="article:published_time" content="2019-11-20T10:43:00+02:00">'
    parsed = parse_html(page(head), "https://news.example.com/2019/11/20/story")
    assert (parsed.published, parsed.date_source) == (datetime(2019, 11, 20, 8, 43, tzinfo=UTC), "meta")


def test_a_structured_date_long_after_the_url_day_loses_to_the_url():
    # Republished pages keep their first URL; a "published" date a month later is the update.
    head = ld({"@type": "NewsArticle", "headline": "Trams", "datePublished": "2021-05-03T09:00:00Z"})
    parsed = parse_html(page(head), "https://news.example.com/2021/04/02/trams")
    assert (parsed.published, parsed.date_source) == (datetime(2021, 4, 2, tzinfo=UTC), "url")


def test_a_url_with_only_a_month_bounds_the_date():
    after = "<p class='date'>Copyright 1 January 2022</p>"
    parsed = parse_html(page(after=after), "https://news.example.com/2016/12/132377/tram-story")
    assert parsed.published is None


def test_a_day_without_a_time_gives_way_to_a_precise_answer_for_that_day():
    day = datetime(2019, 11, 18, tzinfo=UTC)
    precise = datetime(2019, 11, 18, 14, 5, tzinfo=UTC)
    evidence = [(ParsedDateSource.JSONLD, day, False), (ParsedDateSource.TIME, precise, True)]
    assert weigh(evidence, None) == (precise, "time")
    assert weigh([], None) == (None, "")


def test_date_sources_of_the_parser_are_the_model_choices():
    parsed = {v for k, v in vars(ParsedDateSource).items() if k.isupper()}
    assert parsed == set(DateSource.values)


# --- authors --------------------------------------------------------------------------


def test_a_fact_checks_claimant_is_not_its_author():
    review = {
        "@type": "ClaimReview",
        "author": {"@type": "Organization", "name": "Example Check"},
        "itemReviewed": {
            "@type": "CreativeWork",
            "author": {"@type": "Person", "name": "The Ruritanian and Freedonian defence ministries"},
        },
    }
    parsed = parse_html(page(ld(review)))
    assert parsed.authors == ["Example Check"]


def test_a_shouted_byline_is_title_cased_and_the_raw_byline_is_kept():
    before = '<h1>Council expands tram line</h1><p class="byline">By ROBERT BURNS and ANN LEE</p>'
    parsed = parse_html(page(before=before))
    assert parsed.authors == ["Robert Burns", "Ann Lee"]
    assert parsed.byline == "By ROBERT BURNS and ANN LEE"


def test_a_photo_credit_and_a_dateline_are_not_authors():
    before = (
        '<h1>Council expands tram line</h1><p class="byline">Photograph by Tim Turner</p>'
        '<span class="author">Washington,</span>'
    )
    assert parse_html(page(before=before)).authors == []


_COMMENTS = {
    "deep in a thread": (
        '<section id="comments">' + "<div>" * 7 + '<span class="author">Jane Roe</span>' + "</div>" * 7 + "</section>"
    ),
    "a Comment item": (
        '<div itemscope itemtype="https://schema.org/Comment"><span itemprop="author" itemscope'
        ' itemtype="https://schema.org/Person"><span itemprop="name">Jane Roe</span></span>'
        '<p itemprop="text">Nice</p></div>'
    ),
    "a responses block": (
        '<section id="responses"><div class="reply"><span class="author">Jane Roe</span></div></section>'
    ),
}


@pytest.mark.parametrize("thread", _COMMENTS.values(), ids=_COMMENTS.keys())
def test_a_commenter_is_not_the_articles_author(thread):
    parsed = parse_html(page(after=thread), "https://blog.example.com/p/1")
    assert (parsed.authors, parsed.byline) == ([], "")
    byline = '<p class="byline">By <a href="/author/sam-poe/">Sam Poe</a></p>'
    parsed = parse_html(page(before=byline, after=thread), "https://blog.example.com/p/1")
    assert parsed.authors == ["Sam Poe"]


# --- sources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<meta property="og:site_name" content="Hosted">', "hosted.example.org"),
        ('<meta property="og:site_name" content="Magazine">', "hosted.example.org"),
        (
            '<meta property="og:site_name" content="U.S."><meta name="twitter:site" content="@Example">',
            "Example",
        ),
        ('<meta name="twitter:site" content="/ExampleDetroit">', "hosted.example.org"),
        (
            '<meta property="og:site_name" content="https://www.example.org">'
            '<meta itemprop="publisher" content="Example Nation">',
            "Example Nation",
        ),
        (
            ld({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Example Detroit"}}),
            "Example Detroit",
        ),
        ('<meta property="og:site_name" content="Example Post | News you can use">', "Example Post"),
        ('<meta property="og:site_name" content="News you can use | Example Post">', "Example Post"),
        (
            '<meta property="og:site_name" content="Your trusted source for local news">'
            '<meta name="application-name" content="Example Ledger">',
            "Example Ledger",
        ),
        ('<meta property="og:site_name" content="Voice of the Example Valley">', "Voice of the Example Valley"),
        (
            '<meta property="og:site_name" content="Crime"><meta property="article:section" content="Crime">',
            "hosted.example.org",
        ),
    ],
)
def test_source_name_is_the_publication_never_a_section_url_or_generic_word(head, expected):
    assert parse_html(page(head), "https://hosted.example.org/story/1").source_name == expected


def test_a_headline_is_not_a_source_name():
    head = '<meta property="og:site_name" content="Council expands tram line">'
    head += '<meta property="og:title" content="Council expands tram line">'
    parsed = parse_html(page(head, before="<h1>Council expands tram line</h1>"), "https://trams.example.net/a")
    assert parsed.source_name == "trams.example.net"


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="https://www.example.net/trams">',
        '<meta property="og:url" content="https://example.net/trams">',
        ld({"@type": "NewsArticle", "headline": "Trams", "mainEntityOfPage": {"@id": "https://example.net/trams"}}),
    ],
)
def test_a_page_without_a_url_takes_its_domain_from_its_own_address(head):
    parsed = parse_html(page(head))
    assert (parsed.source_name, parsed.source_domain) == ("example.net", "example.net")


# --- tags -----------------------------------------------------------------------------


def test_keywords_with_commas_inside_are_one_tag_each():
    head = "".join(
        f'<meta property="article:tag" content="{t}">'
        for t in ("Baker, Al", "Chelsea (Manhattan, NY)", "Trump, Donald J", "Trams")
    )
    assert parse_html(page(head)).tags == ["Baker, Al", "Chelsea (Manhattan, NY)", "Trump, Donald J", "Trams"]
    assert split_list("Chelsea (Manhattan, NY), Trams") == ["Chelsea (Manhattan, NY)", "Trams"]


def test_machine_keywords_are_dropped_and_kept_raw_in_the_capture():
    keywords = ["galaxy formation", "channel_other", "type_news", "serversidehawk", "tc", "Front Page"]
    head = ld({"@type": "NewsArticle", "headline": "Trams", "keywords": keywords})
    head += '<meta property="og:site_name" content="Example Science">'
    parsed = parse_html(page(head))
    assert parsed.tags == ["galaxy formation"]
    assert parsed.keywords == keywords
    assert parsed.fields()["keywords"] == keywords


def test_a_feed_keyword_list_with_machine_entries_gives_no_tags():
    feed = (
        "Mark Esper GOVERNMENT_FIGURE PERSON, Vietnam, MC Complete - State &amp; National, A Wire,"
        " Choice Plus, Trump, Donald J"
    )
    parsed = parse_html(page(f'<meta name="news_keywords" content="{feed}">'))
    assert parsed.tags == []
    assert parsed.keywords == [feed.replace("&amp;", "&")]


def test_feed_subject_codes_phrases_and_slugs():
    keywords = ["Example Games", "EXG", "Ruritania Corp", "7974.TO", "RUR", "new products", "general news"]
    head = ld({"@type": "NewsArticle", "headline": "Trams", "keywords": keywords})
    head += "".join(
        f'<meta property="article:tag" content="{t}">'
        for t in ("Military", "Claims by the ministry are false", "rock-hall-2020", "new york state attorney general")
    )
    assert parse_html(page(head)).tags == [
        "Military",
        "rock hall 2020",
        "new york state attorney general",
        "Example Games",
        "Ruritania Corp",
    ]


def test_an_agency_feeds_keyword_labels_are_not_tags():
    labels = ("Ann Lee", "Ruritania", "AP", "MC Complete - State &amp; National", "A Wire", "Choice Plus")
    head = "".join(f'<meta property="article:tag" content="{t}">' for t in labels)
    head += '<meta property="article:tag" content="/article"><meta name="keywords" content="PG&amp;amp;E, trams">'
    assert parse_html(page(head)).tags == []
    alone = '<meta property="article:tag" content="PG&amp;amp;E"><meta property="article:tag" content="/article">'
    assert parse_html(page(alone)).tags == ["PG&E"]


def test_a_topic_link_about_a_person_is_not_a_byline():
    before = (
        '<h1>Council expands tram line</h1><div class="article-author">20 Nov 2019 08:00 GMT</div>'
        '<a href="https://news.example.com/topics/people/ann-lee.html">Ann Lee</a>'
    )
    assert parse_html(page(before=before), "https://news.example.com/a").authors == []


def test_keywords_with_a_stray_entity_come_from_a_generator():
    parsed = parse_html(page('<meta name="keywords" content="water, &amp;quot, team, scientists">'))
    assert parsed.tags == []


def test_plain_seo_keywords_are_used_when_nothing_editorial_exists():
    parsed = parse_html(page('<meta name="keywords" content="trams, city council, budget">'))
    assert parsed.tags == ["trams", "city council", "budget"]


def test_people_credited_for_pictures_and_styling_are_not_authors():
    head = '<meta name="author" content="Nora Quill,Sam Lens,Kit Vogue">'
    before = (
        '<h1>Council expands tram line</h1><div class="byline">written by <span>Nora Quill</span></div>'
        '<div class="byline other">Photographed by <span>Sam Lens</span>; Styled by <span>Kit Vogue</span></div>'
    )
    assert parse_html(page(head, before=before)).authors == ["Nora Quill"]


def test_a_publication_named_after_a_person_is_not_an_author():
    before = '<h1>Council expands tram line</h1><p class="byline">By Finn Hale. Ruritania Daily International</p>'
    parsed = parse_html(page(before=before), "https://www.ruritaniadaily.com/story")
    assert parsed.authors == ["Finn Hale"]


def test_an_organization_in_structured_data_gives_way_to_the_printed_byline():
    head = ld({"@type": "NewsArticle", "headline": "Trams", "author": {"@type": "Organization", "name": "Owner Media"}})
    head += '<meta name="smartbanner:author" content="Owner Media">'
    before = '<h1>Council expands tram line</h1><a rel="author" href="/author/example-wire/">Example Wire</a>'
    assert parse_html(page(head, before=before)).authors == ["Example Wire"]


def exported(tmp_path, raw: bytes, url: str) -> dict:
    """Import one page with its URL and read it back from the JSONL export."""
    (tmp_path / "page.html").write_bytes(raw)
    run_import(tmp_path / "page.html", url=url)
    call_command("export_articles", "-o", str(tmp_path / "out.jsonl"), stdout=StringIO())
    return json.loads((tmp_path / "out.jsonl").read_text())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "script",
    [
        "_sf_async_config.authors = 'Nora Quill, Senior Writer';",
        "window._sf_async_config = { uid: 1234, domain: 'news.example.com', authors: 'Nora Quill' };",
        '<meta itemprop="page_data" content=\'{"chartbeat": {"authors": "Nora Quill", "sections": "city"}}\'>',
    ],
)
def test_the_chartbeat_analytics_authors_name_an_author_the_page_prints_nowhere_else(tmp_path, script):
    head = script if script.startswith("<meta") else f"<script>{script}</script>"
    record = exported(tmp_path, page(head, before="<h1>Council expands tram line</h1>"), "https://news.example.com/a")
    assert record["authors"] == [{"name": "Nora Quill", "kind": "person"}]


@pytest.mark.django_db
def test_an_ensemble_joined_by_and_the_is_one_author(tmp_path):
    head = '<script>var _sf_async_config = {}; _sf_async_config.authors = "Prince and the Revolution";</script>'
    record = exported(tmp_path, page(head, before="<h1>Purple Rain</h1>"), "https://lyrics.example.com/purple-rain")
    assert [a["name"] for a in record["authors"]] == ["Prince and the Revolution"]


@pytest.mark.django_db
def test_a_script_rendered_time_of_the_pages_own_entry_is_its_date(tmp_path):
    # A thread: the post replied to and the reply carry their times as Unix seconds in links to
    # themselves; the page's own entry is the one whose link is the page's address (in another case).
    def entry(status: int, epoch: int, shown: str) -> str:
        return (
            f'<div class="entry"><a href="/Nora/status/{status}" class="permalink">'
            f'<span class="_timestamp" data-time="{epoch}">{shown}</span></a><p>Words.</p></div>'
        )

    after = entry(100, 1466477165, "Jun 20") + entry(200, 1466522845, "Jun 21") + entry(300, 1466523020, "Jun 21")
    after += "<p>Joined October 2011</p>"
    record = exported(tmp_path, page(after=after), "https://social.example.com/nora/status/200")
    assert (record["published"], record["date_source"]) == ("2016-06-21T15:27:25+00:00", "time")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("words", "published", "language"),
    [
        ("マインドマップ風のツリーを描画できるライブラリを紹介します。", "2019-02-22T00:00:00+09:00", "ja"),
        ("Council expands the tram line to the harbour.", "2019-02-22T00:00:00+00:00", ""),
    ],
)
def test_a_page_declaring_no_language_reads_its_dates_in_its_scripts_zone(tmp_path, words, published, language):
    # No lang attribute anywhere: Japanese text (kana) means a printed day is that day in Tokyo
    # (exported in its offset: 15:00 UTC the day before), and the article is in Japanese.
    before = f"<h1>{words}</h1><p>{words}</p><p class='posted'>掲載日 2019/02/22</p>"
    record = exported(tmp_path, page(before=before, html_attrs=""), "https://blog.example.com/archives/tree.html")
    assert (record["published"], record["date_source"]) == (published, "label")
    assert record["language"] == language


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # Role after the name: the writer (著) is the author, translators (監訳, 訳) are credited.
        ("Nora Quill\u3000著、山田 太郎\u3000監訳、鈴木 花子\u3000訳", ["Nora Quill"]),
        # Ideographic and full-width separators; the editorial desk goes when a person is named.
        ("文● 山田太郎／サンプル編集部", ["山田太郎"]),
        ("[山田太郎，鈴木花子]", ["山田太郎", "鈴木花子"]),
    ],
)
def test_a_japanese_credit_line_gives_only_its_writers_names(tmp_path, byline, authors):
    before = f'<h1>ツリーを描画できるライブラリ</h1><span itemprop="author">{byline}</span>'
    record = exported(tmp_path, page(before=before, html_attrs='lang="ja"'), "https://books.example.jp/b/1")
    assert [a["name"] for a in record["authors"]] == authors
    assert record["byline"] == byline.replace("\u3000", " ")


@pytest.mark.django_db
def test_a_byline_of_author_links_names_everyone_it_links_but_not_the_wire(tmp_path):
    before = (
        '<h1>Council expands tram line</h1><p class="meta">By <a href="/writer/nora-quill/">Nora Quill</a>, '
        '<a href="/writer/sam-lens-the-example-press/">Sam Lens, The Example Press</a></p>'
    )
    record = exported(tmp_path, page(before=before), "https://news.example.com/trams")
    assert [a["name"] for a in record["authors"]] == ["Nora Quill", "Sam Lens"]


@pytest.mark.django_db
@pytest.mark.parametrize(("byline", "authors"), [("PTI", ["PTI"]), ("Nora Quill, MS, RD", ["Nora Quill"])])
def test_an_agency_acronym_alone_is_the_author_and_after_a_name_a_credential(tmp_path, byline, authors):
    before = f'<h1>Council expands tram line</h1><a href="/author/x">{byline}</a>'
    record = exported(tmp_path, page(before=before), "https://news.example.in/trams")
    assert [a["name"] for a in record["authors"]] == authors
