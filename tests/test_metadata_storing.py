"""Metadata when it is stored: the same bytes are one article and one capture however they
arrive, a later import with the URL attaches it, one source per domain, and the article page names
where its date came from and caps its tags.

Every page is a small invented one written here."""

from __future__ import annotations

import io
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from warcio.warcwriter import WARCWriter

from archive.models import Article, Capture, DateSource, Source

from .test_extract_html import ld, page, write_record

# --- storing: identity, date source, tags shown ----------------------------------------


def run_import(*paths, **options):
    out = StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=StringIO(), no_analyze=True, **options)
    return out.getvalue()


def warc_with(url: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    write_record(WARCWriter(buffer, gzip=True), url, payload, "2020-01-01T10:00:00Z")
    return buffer.getvalue()


STORY = page(
    '<meta property="article:published_time" content="2020-01-01T08:00:00Z">'
    + "".join(f'<meta property="article:tag" content="Tag {n:02d}">' for n in range(20)),
    before="<h1>Council expands tram line</h1>",
)


@pytest.mark.django_db
def test_the_same_bytes_as_a_warc_record_then_a_file_are_one_article_and_one_capture(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(warc_with("https://news.example.com/tram", STORY))
    (tmp_path / "tram.html").write_bytes(STORY)
    assert run_import(tmp_path / "a.warc.gz").startswith("1 imported")
    assert run_import(tmp_path / "tram.html") == "0 imported, 1 unchanged, 0 updated, 0 failed\n"
    assert Article.objects.count() == 1
    assert Capture.objects.count() == 1
    assert Article.objects.get().url == "https://news.example.com/tram"


@pytest.mark.django_db
def test_a_later_import_with_the_url_attaches_it_to_the_article(tmp_path):
    (tmp_path / "tram.html").write_bytes(STORY)
    (tmp_path / "a.warc.gz").write_bytes(warc_with("https://news.example.com/tram", STORY))
    run_import(tmp_path / "tram.html")
    article = Article.objects.get()
    assert (article.url, article.identifier.startswith("sha256:")) == ("", True)
    assert article.source.domain == ""
    assert run_import(tmp_path / "a.warc.gz") == "0 imported, 0 unchanged, 1 updated, 0 failed\n"
    article = Article.objects.get()
    assert (article.url, article.identifier) == ("https://news.example.com/tram", "news.example.com/tram")
    assert article.source.domain == "news.example.com"
    capture = Capture.objects.get()
    assert (capture.url, capture.fields["url"]) == ("https://news.example.com/tram", "https://news.example.com/tram")
    # A third time changes nothing.
    assert run_import(tmp_path / "tram.html", url="https://other.example.com/x").startswith("0 imported, 1 unchanged")


@pytest.mark.django_db
def test_attaching_urls_leaves_no_empty_unknown_source_behind(tmp_path):
    bus = page(
        '<meta property="article:published_time" content="2020-01-02T08:00:00Z">',
        before="<h1>Night buses return</h1>",
    )
    (tmp_path / "tram.html").write_bytes(STORY)
    (tmp_path / "bus.html").write_bytes(bus)
    (tmp_path / "tram.warc.gz").write_bytes(warc_with("https://news.example.com/tram", STORY))
    (tmp_path / "bus.warc.gz").write_bytes(warc_with("https://news.example.com/bus", bus))
    run_import(tmp_path / "tram.html", tmp_path / "bus.html")
    assert list(Source.objects.values_list("name", "domain")) == [("Unknown source", "")]
    run_import(tmp_path / "tram.warc.gz")
    # The bus story is still filed under the stand-in, so it stays.
    assert sorted(Source.objects.values_list("name", "domain")) == [
        ("Unknown source", ""),
        ("news.example.com", "news.example.com"),
    ]
    assert run_import(tmp_path / "bus.warc.gz") == "0 imported, 0 unchanged, 1 updated, 0 failed\n"
    assert list(Source.objects.values_list("name", "domain")) == [("news.example.com", "news.example.com")]
    assert Source.objects.get().articles.count() == 2


@pytest.mark.django_db
def test_exported_jsonl_of_known_bytes_adds_nothing(tmp_path):
    (tmp_path / "tram.html").write_bytes(STORY)
    run_import(tmp_path / "tram.html", url="https://news.example.com/tram")
    call_command("export_articles", "-o", str(tmp_path / "out.jsonl"), stdout=StringIO())
    record = json.loads((tmp_path / "out.jsonl").read_text())
    assert record["date_source"] == "meta"
    record["identifier"] = "elsewhere.example.com/tram"  # the same bytes filed under another key
    (tmp_path / "other.jsonl").write_text(json.dumps(record) + "\n")
    assert run_import(tmp_path / "other.jsonl").startswith("0 imported, 1 unchanged")
    assert (Article.objects.count(), Capture.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_article_page_names_the_date_source_and_caps_its_tags(client, tmp_path):
    (tmp_path / "tram.html").write_bytes(STORY)
    run_import(tmp_path / "tram.html", url="https://news.example.com/tram")
    article = Article.objects.get()
    assert article.date_source == DateSource.META
    html = client.get(article.get_absolute_url()).content.decode()
    assert "From the page&#x27;s meta tags" in html
    header = html.split('<div class="article-body">')[0]
    shown, rest = header.split('<details class="more-tags">')
    assert shown.count('<li><a href="/tags/tag-') == 12
    assert "<summary>8 more tags</summary>" in rest
    assert rest.count('<li><a href="/tags/tag-') == 8


@pytest.mark.django_db
def test_one_source_per_domain_and_a_real_name_replaces_the_domain(tmp_path):
    (tmp_path / "a.html").write_bytes(page(before="<h1>Council expands tram line</h1>"))
    head = '<meta property="og:site_name" content="Example News">'
    (tmp_path / "b.html").write_bytes(page(head, before="<h1>Trams run late again this winter</h1>"))
    run_import(tmp_path / "a.html", url="https://www.news.example.com/a")
    assert Source.objects.get().name == "news.example.com"
    run_import(tmp_path / "b.html", url="https://news.example.com/b")
    assert list(Source.objects.values_list("name", "domain")) == [("Example News", "news.example.com")]


@pytest.mark.django_db
def test_lists_show_the_authors_not_the_byline_as_printed(client, tmp_path):
    """The byline as printed stays in the capture and the export; every list shows the names."""
    dated = "January 17, 2017 at 6:08 PM ET by Kori Vandermeer"
    path = tmp_path / "transition.html"
    path.write_bytes(page(before=f"<h1>Digital transition moves forward</h1><p class='byline'>{dated}</p>"))
    run_import(path, url="https://www.example.gov/blog/2017/01/17/transition")
    article = Article.objects.get()
    assert (article.byline, article.author_line) == (dated, "Kori Vandermeer")
    author = article.authorships.get().entity
    shown = f'· <a href="{author.get_absolute_url()}" class="author">Kori Vandermeer</a>'
    for url in ("/articles/", "/search/?q=transition", "/", author.get_absolute_url()):
        html = client.get(url).content.decode()
        assert shown in html, url
        assert "6:08 PM ET" not in html, url
    capture = f"/articles/{article.pk}/captures/{article.captures.get().pk}/"
    assert client.get(capture).content.decode().count(dated) == 1


@pytest.mark.django_db
def test_the_home_pages_most_used_tags_are_editorial_tags_only(client, tmp_path):
    """Issue 15: publishers' internal keywords filled the home page's "Most used tags"."""
    machine = ["Mark Esper GOVERNMENT_FIGURE PERSON", "channel_other", "serversidehawk", "A Wire", "AP"]
    for n, story in enumerate(["Trams return", "Ferries return", "Buses return"]):
        editorial = "".join(f'<meta property="article:tag" content="{t}">' for t in ("Transport", f"Harbour {n}"))
        feed = ld({"@type": "NewsArticle", "headline": story, "keywords": machine})
        (tmp_path / f"{n}.html").write_bytes(page(editorial if n < 2 else feed, before=f"<h1>{story}</h1>"))
    run_import(tmp_path)
    html = client.get("/").content.decode()
    cloud = html[html.index('<ul class="tag-cloud">') : html.index("</ul>", html.index('<ul class="tag-cloud">'))]
    assert re.findall(r'<a href="/tags/[^"]+">([^<]+)</a> <span class="count">(\d+)</span>', cloud) == [
        ("Transport", "2"),
        ("Harbour 0", "1"),
        ("Harbour 1", "1"),
    ]
