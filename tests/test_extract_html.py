"""The HTML and WARC extractor: metadata signals, their precedence, cleaning,
comment state, errors, WARC streaming, and the extract_page command.

Every page here is written inline; WARCs are built with warcio in memory."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.ingest.authors import clean_author, split_authors
from archive.ingest.dates import parse_date
from archive.ingest.html import decode_html, parse_html
from archive.ingest.page import PageError
from archive.ingest.titles import clean_title
from archive.ingest.warc import WarcReader, is_warc, iter_warc

SENTENCES = [
    "The city council voted on Tuesday to expand the northern tram line by four stations before the winter.",
    "Residents of the outer districts had asked for the extension for more than a decade, citing long commutes.",
    "Engineers expect construction to begin in March, with the first trams running on the new track next year.",
    "The project will be paid for by a regional infrastructure fund and a modest increase in parking fees.",
    "Opponents on the council argued that buses could serve the same neighbourhoods at a fraction of the cost.",
    "The mayor said the vote showed the city was serious about cutting traffic and improving the air in the centre.",
]
ARTICLE = "".join(f"<p>{s} {s}</p>" for s in SENTENCES)


def page(
    head: str = "", before: str = "", after: str = "", html_attrs: str = 'lang="en"', article: str = ARTICLE
) -> bytes:
    """A complete news page: head tags, then <article> with an optional prefix/suffix."""
    return (
        f"<!DOCTYPE html><html {html_attrs}><head><meta charset='utf-8'><title>Page</title>{head}</head>"
        f"<body><nav><a href='/'>Home</a></nav><article>{before}{article}</article>{after}"
        "<footer>Contact us</footer></body></html>"
    ).encode()


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# --- body and errors ------------------------------------------------------------------


def test_body_is_split_into_the_article_paragraphs():
    parsed = parse_html(page(), "https://news.example.com/a")
    assert parsed.format == "html"
    assert parsed.body == [f"{s} {s}" for s in SENTENCES]
    assert parsed.url == "https://news.example.com/a"
    assert parsed.raw == page()
    assert parsed.language == "en"
    assert parsed.title == "Page"  # the <title>, with no better signal


@pytest.mark.parametrize(
    "raw",
    [
        b"Just a line of plain text, no markup at all.",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b'{"title": "json"}',
        b"  ",
    ],
)
def test_not_html_is_refused(raw):
    with pytest.raises(PageError) as error:
        parse_html(raw)
    assert str(error.value) in ("not an HTML document", "empty page")


def test_page_without_article_text_is_refused():
    with pytest.raises(PageError, match="^no article text found$"):
        parse_html(b"<html><head><title>Empty</title></head><body><nav><a href='/'>Home</a></nav></body></html>")


def test_declared_charset_and_bom_are_honoured():
    latin = "<html><head><meta charset='windows-1252'></head><body><p>caf\xe9 \x93quoted\x94</p></body></html>"
    assert "café “quoted”" in decode_html(latin.encode("latin-1"))
    japanese = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'></head>日本語"
    assert decode_html(japanese.encode("shift_jis")).endswith("日本語")
    assert decode_html(b"\xef\xbb\xbf<html>\xc3\xa9</html>") == "<html>é</html>"
    # Transport charset (HTTP header) comes before the <meta> one.
    both = "<html><head><meta charset='utf-8'></head>é</html>".encode()
    assert decode_html(both, "windows-1252").endswith("Ã©</html>")
    assert decode_html(both).endswith(">é</html>")
    # Nothing declared and not UTF-8: windows-1252.
    assert decode_html(b"<html>\x93x\x94</html>") == "<html>“x”</html>"


# --- metadata signals --------------------------------------------------------------------


def test_jsonld_article_gives_all_fields():
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council expands tram line",
        "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
        "datePublished": "2016-12-09T09:13:00-05:00",
        "dateModified": "2016-12-10T08:00:00+01:00",
        "keywords": "Transport, City council",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "inLanguage": "en-GB",
        "commentCount": 7,
    }
    parsed = parse_html(page(ld(data), html_attrs=""), "https://www.example.com/news/tram")
    assert parsed.title == "Council expands tram line"
    assert parsed.authors == ["Jane Doe", "John Roe"]
    assert parsed.published == datetime(2016, 12, 9, 14, 13, tzinfo=UTC)
    assert parsed.modified == datetime(2016, 12, 10, 7, 0, tzinfo=UTC)
    assert parsed.tags == ["Transport", "City council"]
    assert parsed.source_name == "Example News"
    assert parsed.source_domain == "example.com"
    assert parsed.language == "en-GB"
    assert (parsed.comments_open, parsed.comment_count) == (True, 7)


def test_jsonld_inside_graph_and_lists_and_organization_author():
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example"},
            {
                "@type": ["ReportageNewsArticle"],
                "headline": "Graph headline",
                "author": {"@type": "Organization", "name": "Example Newsroom"},
                "datePublished": "2020-05-15T07:11:00+02:00",
                "keywords": ["Trams", "Budget"],
            },
        ],
    }
    parsed = parse_html(page(ld([graph])))
    assert parsed.title == "Graph headline"
    assert parsed.authors == ["Example Newsroom"]
    assert parsed.published == datetime(2020, 5, 15, 5, 11, tzinfo=UTC)
    assert parsed.tags == ["Trams", "Budget"]


def test_opengraph_and_article_meta():
    head = (
        '<meta property="og:title" content="Trams are coming | Example Daily">'
        '<meta property="og:site_name" content="Example Daily">'
        '<meta property="article:published_time" content="2019-04-13T07:08:44Z">'
        '<meta property="article:modified_time" content="2019-04-14T10:00:00Z">'
        '<meta property="article:author" content="Ann Lee">'
        '<meta property="article:tag" content="Trams"><meta property="article:tag" content="Budget">'
        '<meta property="og:locale" content="fr_FR">'
        '<link rel="canonical" href="/news/trams">'
    )
    parsed = parse_html(page(head, html_attrs=""), "https://example.org/news/trams?utm=x")
    assert parsed.title == "Trams are coming"
    assert parsed.source_name == "Example Daily"
    assert parsed.published == datetime(2019, 4, 13, 7, 8, 44, tzinfo=UTC)
    assert parsed.modified == datetime(2019, 4, 14, 10, 0, tzinfo=UTC)
    assert parsed.authors == ["Ann Lee"]
    assert parsed.tags == ["Trams", "Budget"]
    assert parsed.language == "fr-FR"
    assert parsed.canonical_url == "https://example.org/news/trams"


def test_meta_author_citation_tags_and_time_element():
    head = (
        '<meta name="author" content="By Jane Doe and John Roe">'
        '<meta name="citation_title" content="A study of trams">'
        '<meta name="citation_publication_date" content="2018/11/02">'
    )
    parsed = parse_html(page(head))
    assert parsed.authors == ["Jane Doe", "John Roe"]
    assert parsed.title == "A study of trams"
    assert parsed.published == datetime(2018, 11, 2, tzinfo=UTC)

    citation = '<meta name="citation_author" content="Lee, Ann"><meta name="citation_author" content="Roe, John">'
    assert parse_html(page(citation)).authors == ["Ann Lee", "John Roe"]

    timed = parse_html(page(before='<time datetime="2017-06-21T19:50:00+00:00">June 21</time>'))
    assert timed.published == datetime(2017, 6, 21, 19, 50, tzinfo=UTC)


def test_parsely_and_dublin_core_meta():
    parsely = (
        '<meta name="parsely-title" content="Parsely headline">'
        '<meta name="parsely-author" content="Ann Lee">'
        '<meta name="parsely-pub-date" content="2021-07-11T21:00:00Z">'
    )
    parsed = parse_html(page(parsely))
    assert (parsed.title, parsed.authors, parsed.published) == (
        "Parsely headline",
        ["Ann Lee"],
        datetime(2021, 7, 11, 21, 0, tzinfo=UTC),
    )
    dublin = '<meta name="DC.creator" content="Roe, John"><meta name="DC.date" content="2015-08-03T17:45:00+00:00">'
    parsed = parse_html(page(dublin))
    assert (parsed.authors, parsed.published) == (["John Roe"], datetime(2015, 8, 3, 17, 45, tzinfo=UTC))


def test_printed_headline_and_byline_under_it():
    before = (
        "<h1>Council expands tram line</h1>"
        '<div class="byline">By <a href="/author/jane-doe">Jane Doe</a>, Staff Writer</div>'
    )
    related = '<aside class="related"><span class="byline">By Someone Else</span></aside>'
    parsed = parse_html(page('<meta property="og:title" content="Trams! Read this">', before, related))
    assert parsed.title == "Council expands tram line"
    assert parsed.authors == ["Jane Doe"]
    assert parsed.byline.startswith("By Jane Doe")


def test_section_heading_is_not_taken_for_the_headline():
    og = '<meta property="og:title" content="Trams reach the suburbs | Example Daily">'
    og += '<meta property="og:site_name" content="Example Daily">'
    assert parse_html(page(og, "<h1>Opinion</h1>")).title == "Trams reach the suburbs"
    # A headline-like <h1> is the printed headline even when the social title differs.
    assert parse_html(page(og, "<h1>Council votes to extend the tram line</h1>")).title == (
        "Council votes to extend the tram line"
    )
    logo = '<header><h1 class="site-logo">Example Daily</h1></header>'
    assert parse_html(page(og, after=logo)).title == "Trams reach the suburbs"


def test_byline_from_writer_class_profile_link_and_vendor_meta():
    writer = '<h1>Council expands tram line</h1><cite class="article-writer-name">By <a href="/x">Ann Lee</a></cite>'
    assert parse_html(page(before=writer)).authors == ["Ann Lee"]
    profile = '<h1>Council expands tram line</h1><div class="info"><a href="/u/TramFan">TramFan</a></div>'
    assert parse_html(page(before=profile)).authors == ["TramFan"]
    assert parse_html(page('<meta name="vendorparse:author" content="Jane Doe">')).authors == ["Jane Doe"]


def test_nested_byline_links_and_other_sites():
    nested = (
        '<h1>Council expands tram line</h1><div class="story-byline"><div class="byline-names">By ANN LEE and'
        ' JOHN ROE</div><div class="byline-title">Example Press</div></div>'
    )
    parsed = parse_html(page(before=nested))
    assert parsed.authors == ["Ann Lee", "John Roe"]  # shouted names in title case
    assert parsed.byline == "By ANN LEE and JOHN ROE Example Press"
    social = '<h1>Council expands tram line</h1><p><a href="https://video.example.org/u/TramChannel">Video</a></p>'
    assert parse_html(page(before=social), "https://news.example.com/x").authors == []
    image_then_text = (
        '<h1>Council expands tram line</h1><a href="/writers/ann-mcdonald/"><img src="a.jpg"></a>'
        '<span class="author-name"><a href="/writers/ann-mcdonald/">Ann McDonald</a></span>'
    )
    assert parse_html(page(before=image_then_text)).authors == ["Ann McDonald"]
    only_image = '<h1>Council expands tram line</h1><a href="/writers/ann-lee/"><img src="a.jpg"></a>'
    assert parse_html(page(before=only_image)).authors == ["Ann Lee"]


def test_byline_from_microdata_and_by_line_in_text():
    micro = '<span itemprop="author" itemscope><span itemprop="name">Ann Lee</span></span>'
    assert parse_html(page(before=micro)).authors == ["Ann Lee"]
    by_line = parse_html(page(article="<p>By Maria Garcia and Tom Baker</p>" + ARTICLE))
    assert by_line.authors == ["Maria Garcia", "Tom Baker"]


def test_precedence_jsonld_over_meta_over_page():
    head = ld({"@type": "Article", "author": {"name": "From Jsonld"}, "datePublished": "2020-01-02"}) + (
        '<meta name="author" content="From Meta"><meta property="article:published_time" content="2019-01-01">'
    )
    parsed = parse_html(page(head, '<div class="byline">By From Page</div><time datetime="2018-01-01">x</time>'))
    assert parsed.authors == ["From Jsonld"]
    assert parsed.published == datetime(2020, 1, 2, tzinfo=UTC)
    meta_only = parse_html(page('<meta name="author" content="From Meta">', '<div class="byline">By From Page</div>'))
    assert meta_only.authors == ["From Meta"]
    # article:author (the article's) beats name=author (often the publisher's).
    both = '<meta name="author" content="Example Media Group"><meta property="article:author" content="Ann Lee">'
    assert parse_html(page(both)).authors == ["Ann Lee"]


def test_labelled_card_data_gives_author_and_reading_time():
    head = (
        '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Lee">'
        '<meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">'
    )
    parsed = parse_html(page(head))
    assert (parsed.authors, parsed.read_time) == (["Ann Lee"], 4)


def test_publication_is_dropped_from_authors_when_people_are_named():
    head = '<meta property="og:site_name" content="Example Insider">'
    named = parse_html(page(head + '<meta name="author" content="Jane Doe, Example Insider">'))
    assert named.authors == ["Jane Doe"]
    alone = parse_html(page(head + '<meta name="author" content="Example Insider">'))
    assert alone.authors == ["Example Insider"]


def test_a_single_tag_value_holding_a_list_is_split_and_cms_ids_dropped():
    head = '<meta property="article:tag" content="trams, budget, @post-id:42, Trams">'
    assert parse_html(page(head)).tags == ["trams", "budget"]


def test_source_falls_back_to_the_domain():
    parsed = parse_html(page(), "https://www.tramnews.example.net/x")
    assert (parsed.source_name, parsed.source_domain, parsed.source_url) == (
        "tramnews.example.net",
        "tramnews.example.net",
        "https://www.tramnews.example.net/",
    )


# --- cleaning ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, sites, expected",
    [
        ("Trams are coming | Example Daily", ["Example Daily"], "Trams are coming"),
        ("Trams are coming - example.com", ["", "example"], "Trams are coming"),
        ("Trams are coming — The Example Times", ["Example Times"], "Trams are coming"),
        ("Example Daily: Trams are coming", ["Example Daily"], "Trams are coming"),
        ("Trams: the long road to the suburbs", ["Example Daily"], "Trams: the long road to the suburbs"),
        ("Budget - Trams - Example Daily", ["Example Daily"], "Budget - Trams"),
        ("路面電車が延伸へ：例新聞", ["例新聞"], "路面電車が延伸へ"),
    ],
)
def test_title_loses_site_name(title, sites, expected):
    assert clean_title(title, sites) == expected


def test_title_uses_the_matching_heading():
    assert clean_title("Trams are coming - Budget | Daily", ["Other"], ["Trams are coming - Budget"]) == (
        "Trams are coming - Budget"
    )


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe & Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        ("BY JANE DOE, STAFF WRITER", ["Jane Doe"]),
        ("Jane Doe | Senior Correspondent", ["Jane Doe"]),
        ("John Roe, Reporter", ["John Roe"]),
        ("Written by Ann Lee jane@example.com", ["Ann Lee"]),
        ("Ann Lee Updated 3:04 PM", ["Ann Lee"]),
        ("By Ann Lee December 9, 2016", ["Ann Lee"]),
        ("https://www.example.com/authors/ann-lee", []),
        ("Doe, Jane", ["Jane Doe"]),
        ("Jane Doe and jane doe", ["Jane Doe"]),
        ("Michael Larabel in Linux on 1 June 2019", ["Michael Larabel"]),
        ("Rebecca Hersher Twitter", ["Rebecca Hersher"]),
        ("ROBERT BURNS, AP National Security Writer", ["Robert Burns"]),
        # The examples, in invented names: shouted staff lines, dates, credits, initials.
        ("By EXAMPLE POST STAFF NOVEMBER 20, 2019 10:43", ["Example Post Staff"]),
        ("September 10, 2011 at 1:06 PM ET by Kara Sobel", ["Kara Sobel"]),
        ("by Joan Frost Monday, November 18, 2019", ["Joan Frost"]),
        ("Photograph by Tim Turner", []),
        ("Washington,", []),
        ("Brian Y. Lee", ["Brian Y. Lee"]),
        ("Pablo Ruiz y Ana Gil", ["Pablo Ruiz", "Ana Gil"]),
        ("BURNS, ROBERT", ["Robert Burns"]),
        ("MARY-ANNE O'NEIL and Li Wei", ["Mary-Anne O'Neil", "Li Wei"]),
        ("Jane Doe, Example Post Staff", ["Jane Doe"]),
        ("Text: Ann Lee", ["Ann Lee"]),
        ("Analysis by Ann Lee", ["Ann Lee"]),
        ("jdadmin", []),
        ("Rachael Link, MS, RD", ["Rachael Link"]),
        ("Example News Desk", ["Example News Desk"]),
    ],
)
def test_authors_are_split_and_cleaned(byline, expected):
    assert split_authors(byline) == expected


def test_clean_author_rejects_non_names():
    assert clean_author("Staff Writer") == ""
    assert clean_author("January") == ""
    assert clean_author("Posted 12 hours ago by the desk of the regional newspaper group") == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016-12-09T09:13:00-05:00", datetime(2016, 12, 9, 14, 13, tzinfo=UTC)),
        ("2016-12-09T09:13:00Z", datetime(2016, 12, 9, 9, 13, tzinfo=UTC)),
        ("2016-12-09 09:13:00 +0900", datetime(2016, 12, 9, 0, 13, tzinfo=UTC)),
        ("2016-12-09T09:13:00", datetime(2016, 12, 9, 9, 13, tzinfo=UTC)),  # naive: UTC
        ("2016-12-09", datetime(2016, 12, 9, tzinfo=UTC)),
        ("Fri, 09 Dec 2016 09:13:00 GMT", datetime(2016, 12, 9, 9, 13, tzinfo=UTC)),
        ("December 9, 2016 9:13 AM EST", datetime(2016, 12, 9, 14, 13, tzinfo=UTC)),
        ("Published: June 1, 2019 10:00 PDT", datetime(2019, 6, 1, 17, 0, tzinfo=UTC)),
        ("2019年4月21日 12時30分", datetime(2019, 4, 21, 12, 30, tzinfo=UTC)),
        ("20161209", datetime(2016, 12, 9, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("not a date", None),
    ],
)
def test_dates_are_aware_utc(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ja", datetime(2016, 12, 8, 15, 0, tzinfo=UTC)),  # midnight in Tokyo
        ("ko-KR", datetime(2016, 12, 8, 15, 0, tzinfo=UTC)),  # midnight in Seoul
        ("en", datetime(2016, 12, 9, tzinfo=UTC)),
        ("", datetime(2016, 12, 9, tzinfo=UTC)),
    ],
)
def test_zone_less_dates_are_read_in_the_zone_of_a_single_zone_language(lang, expected):
    head = '<meta property="article:published_time" content="2016-12-09">'
    parsed = parse_html(page(head=head, html_attrs=f'lang="{lang}"' if lang else ""), "https://news.example/a")
    assert parsed.published == expected
    # A stated zone always wins.
    head = '<meta property="article:published_time" content="2016-12-09T00:00:00Z">'
    parsed = parse_html(page(head=head, html_attrs=f'lang="{lang}"'), "https://news.example/a")
    assert parsed.published == datetime(2016, 12, 9, tzinfo=UTC)


# --- comments ----------------------------------------------------------------------------

WP_FORM = (
    '<div id="comments"><h3 class="comments-title">3 Comments</h3></div>'
    '<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" class="comment-form">'
    "<textarea name='comment'></textarea></form></div>"
)


@pytest.mark.parametrize(
    "after, head, expected",
    [
        (WP_FORM, "", (True, 3)),
        ('<div id="disqus_thread"></div>', "", (True, None)),
        ("", '<script src="https://example.disqus.com/embed.js" async></script>', (True, None)),
        ("<script>var disqus_config = function () {};</script>", "", (True, None)),
        ("", ld({"@type": "NewsArticle", "discussionUrl": "https://example.com/talk"}), (True, None)),
        ("", ld({"@type": "NewsArticle", "commentCount": "0"}), (True, 0)),
        ('<div id="comments"><p class="nocomments">Comments are closed.</p></div>', "", (False, None)),
        ("<section><h2>No Comments</h2><p>Commenting is disabled for this story.</p></section>", "", (False, 0)),
        ("<section><h2>More stories</h2></section>", "", (None, None)),
    ],
)
def test_comment_state(after, head, expected):
    parsed = parse_html(page(head, after=after))
    assert (parsed.comments_open, parsed.comment_count) == expected


def test_tags_from_rel_tag_links():
    after = '<div class="tags"><a rel="tag" href="/t/trams">Trams</a> <a rel="tag" href="/t/budget">Budget</a></div>'
    assert parse_html(page(after=after)).tags == ["Trams", "Budget"]


# --- WARC --------------------------------------------------------------------------------


def write_record(writer, url, payload, date, content_type="text/html; charset=utf-8", status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=headers, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)


def build_warc(gzip_records=True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    url = "https://news.example.com/tram"
    write_record(writer, url, page(ld({"@type": "NewsArticle", "headline": "First"})), "2020-01-01T10:00:00Z")
    request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET /tram HTTP/1.1\r\n\r\n"))
    writer.write_record(request)
    write_record(writer, "https://news.example.com/logo.png", b"\x89PNG....", "2020-01-01T10:00:01Z", "image/png")
    write_record(writer, url, page(ld({"@type": "NewsArticle", "headline": "Second"})), "2020-02-01T12:30:00+01:00")
    return buffer.getvalue()


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_yields_each_capture_with_its_date(compressed):
    data = build_warc(compressed)
    assert is_warc(data[:512])
    reader = WarcReader(io.BytesIO(data))
    results = list(reader)
    assert [page.title for _, page in results] == ["First", "Second"]
    assert [page.captured for _, page in results] == [
        datetime(2020, 1, 1, 10, 0, tzinfo=UTC),
        datetime(2020, 2, 1, 11, 30, tzinfo=UTC),
    ]
    assert {page.url for _, page in results} == {"https://news.example.com/tram"}
    assert {page.format for _, page in results} == {"warc"}
    offsets = [offset for offset, _ in results]
    assert offsets[0] == 0 and offsets[1] > offsets[0]
    # raw is the HTTP payload, byte for byte; the record starts at its offset.
    assert results[0][1].raw == page(ld({"@type": "NewsArticle", "headline": "First"}))
    second = gzip.decompress(data[offsets[1] :]) if compressed else data[offsets[1] :]
    assert second.startswith(b"WARC/1.0\r\nWARC-Date: 2020-02-01T12:30:00+01:00\r\nWARC-Type: response")
    assert reader.skipped == 2
    assert reader.skipped_types == {"request": 1, "response image/png": 1}


def test_warc_record_that_fails_is_reported_and_the_rest_go_on(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    write_record(writer, "https://example.com/empty", b"<html><body><nav>x</nav></body></html>", "2020-01-01T00:00:00Z")
    write_record(writer, "https://example.com/ok", page(), "2020-01-02T00:00:00Z")
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(buffer.getvalue())
    results = list(iter_warc(path))
    assert isinstance(results[0][1], PageError) and str(results[0][1]) == "no article text found"
    assert results[0][0] == 0
    assert results[1][1].url == "https://example.com/ok"


def test_warc_page_over_the_size_limit_is_an_error():
    results = list(iter_warc(io.BytesIO(build_warc()), max_bytes=100))
    assert [str(item) for _, item in results] == ["page larger than the import limit of 100 bytes"] * 2


def test_truncated_gzip_warc_ends_with_an_error():
    data = build_warc()
    results = list(iter_warc(io.BytesIO(data[: len(data) - 300])))
    assert results[0][1].title == "First"
    assert isinstance(results[-1][1], PageError)
    assert str(results[-1][1]).startswith("unreadable WARC (truncated or not a WARC file)")


def test_invalid_warc_is_an_error():
    results = list(iter_warc(io.BytesIO(b"this is not a WARC file at all\n" * 10)))
    assert len(results) == 1
    offset, error = results[0]
    assert offset == 0 and isinstance(error, PageError)
    assert str(error) == "not a WARC file (no WARC/1.x header at the start)"
    assert not is_warc(b"this is not a WARC file")
    assert not is_warc(gzip.compress(b"<html>gzip but html</html>"))


# --- extract_page ------------------------------------------------------------------------


def test_extract_page_prints_json_lines(tmp_path):
    html_path = tmp_path / "story.bin"  # content decides, not the extension
    html_path.write_bytes(
        page('<meta property="og:site_name" content="Example Daily"><meta name="author" content="Ann Lee">')
    )
    warc_path = tmp_path / "crawl.dat"
    warc_path.write_bytes(build_warc())
    out = io.StringIO()
    call_command("extract_page", str(html_path), str(warc_path), "--url", "https://example.com/s", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == 3
    first = lines[0]
    assert set(first) == {
        "path", "url", "canonical_url", "title", "authors", "published", "modified", "source", "language",
        "tags", "comments_open", "comment_count", "body", "sha256",
    }  # fmt: skip
    assert first["path"] == str(html_path)
    assert first["url"] == "https://example.com/s"
    assert first["authors"] == ["Ann Lee"]
    assert first["source"] == "Example Daily"
    assert first["published"] is None and first["comments_open"] is None
    assert first["body"] == "\n\n".join(f"{s} {s}" for s in SENTENCES)
    assert len(first["sha256"]) == 64
    assert [line["title"] for line in lines[1:]] == ["First", "Second"]
    assert lines[1]["offset"] == 0 and lines[2]["offset"] > 0
    assert lines[2]["captured"] == "2020-02-01T11:30:00+00:00"
    assert lines[2]["url"] == "https://news.example.com/tram"


def test_extract_page_reports_failures_and_exits_non_zero(tmp_path):
    good = tmp_path / "good.html"
    good.write_bytes(page())
    bad = tmp_path / "notes.html"
    bad.write_bytes(b"just some notes, not a page")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 page"):
        call_command("extract_page", str(bad), str(good), stdout=out, stderr=err)
    assert err.getvalue().strip() == f"{bad}: not an HTML page or a WARC file"
    assert len(out.getvalue().splitlines()) == 1


def test_extract_page_names_the_failing_warc_record(tmp_path):
    buffer = io.BytesIO()
    write_record(
        WARCWriter(buffer, gzip=True), "https://e.com/x", b"<html><body></body></html>", "2020-01-01T00:00:00Z"
    )
    path = tmp_path / "one.warc.gz"
    path.write_bytes(buffer.getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("extract_page", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == f"{path}: record at offset 0: no article text found"
