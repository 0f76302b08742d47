"""Browsing pages: content, tag intersection, constant query counts, read-only."""

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article, Source
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_article(sample_path):
    call_command("import_articles", str(sample_path), no_analyze=True, stdout=StringIO())
    return Article.objects.get()


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_sample_article_page(client, sample_article):
    page = html(client, sample_article.get_absolute_url())
    assert "<h1>ISIS amasses 5,000 fighters on Afghan border with CARs: Russian official</h1>" in page
    author = sample_article.authorships.get().entity
    assert f'By <a href="{author.get_absolute_url()}" class="author">HOA</a>' in page
    assert '<span class="read-time">3 min read</span>' in page
    assert 'Published: <span class="unknown">not given</span>' in page
    assert "<p>A top Russian security official has claimed that the Islamic State" in page
    assert "Comments are closed in this archive." in page
    assert "Comments were open on the original page." in page
    assert f'<code class="checksum">{sample_article.captures.get().sha256}</code>' in page
    assert "Leave a Reply" not in page
    assert "<form" not in page.split('<main id="main"')[1]  # no comment form, only the site search in the header


def test_article_url_with_wrong_slug_redirects(client, sample_article):
    response = client.get(f"/articles/{sample_article.pk}/wrong/")
    assert response.status_code == 301
    assert response["Location"] == sample_article.get_absolute_url()


def test_author_page_lists_the_article(client, sample_article):
    author = sample_article.authorships.get().entity
    page = html(client, author.get_absolute_url())
    assert "<h1>HOA</h1>" in page
    assert f'<a href="{sample_article.get_absolute_url()}">{sample_article.title}</a>' in page


def test_home_lists_newest_articles_tags_and_sources(client):
    make_article("Older", tags=("Economy",), published=datetime(2020, 1, 1, tzinfo=UTC))
    make_article("Newer", tags=("Economy", "Europe"), published=datetime(2021, 1, 1, tzinfo=UTC))
    page = html(client, "/")
    assert page.index(">Newer</a>") < page.index(">Older</a>")
    assert '<a href="/tags/economy/">Economy</a> <span class="count">2</span>' in page
    assert '<a href="/sources/test-times/">Test Times</a> <span class="count">2</span>' in page


@pytest.fixture
def tagged():
    make_article("Both tags", tags=("ISIS", "Afghanistan"), published=datetime(2022, 1, 1, tzinfo=UTC))
    make_article("All three", tags=("ISIS", "Afghanistan", "Russia"), published=datetime(2021, 1, 1, tzinfo=UTC))
    make_article("Only ISIS", tags=("ISIS",), published=datetime(2020, 1, 1, tzinfo=UTC))


def titles(page):
    import re

    return re.findall(r'<h3 class="article-item-title"><a href="[^"]+">([^<]+)</a>', page)


def test_tag_intersection(client, tagged):
    page = html(client, "/tags/isis+afghanistan/")
    assert titles(page) == ["Both tags", "All three"]
    assert "<h1>Tagged with all of: ISIS + Afghanistan</h1>" in page
    assert '<a href="/tags/afghanistan+isis+russia/" class="add-tag">+ Russia</a>' in page
    assert '<a href="/tags/afghanistan/" class="drop-tag">− ISIS</a>' in page
    assert titles(html(client, "/tags/isis/")) == ["Both tags", "All three", "Only ISIS"]
    assert titles(html(client, "/tags/isis+afghanistan+russia/")) == ["All three"]


def test_tag_intersection_from_query_string(client, tagged):
    response = client.get("/tags/?tag=ISIS&tag=afghanistan")
    assert response.status_code == 302
    assert response["Location"] == "/tags/afghanistan+isis/"


def test_unknown_tag_is_404(client, tagged):
    page = html(client, "/tags/isis+nonexistent/", status=404)
    assert "<h1>Not found</h1>" in page


def test_tag_index_counts(client, tagged):
    page = html(client, "/tags/")
    assert '<a href="/tags/isis/">ISIS</a> <span class="count">3</span>' in page
    assert '<a href="/tags/russia/">Russia</a> <span class="count">1</span>' in page


def test_lists_are_paginated(client):
    for n in range(25):
        make_article(f"Story {n:02}", published=datetime(2020, 1, 1 + n, tzinfo=UTC))
    first = html(client, "/articles/")
    assert len(titles(first)) == 20
    assert titles(first)[0] == "Story 24"
    assert "Page 1 of 2" in first
    second = html(client, "/articles/?page=2")
    assert titles(second) == [f"Story {n:02}" for n in range(4, -1, -1)]
    assert titles(html(client, "/articles/?page=banana")) == titles(first)
    assert titles(html(client, "/articles/?page=99")) == titles(second)


def pagination_nav(page):
    start = page.index('<nav class="pagination" aria-label="Pages">')
    return page[start : page.index("</nav>", start) + len("</nav>")]


def links(nav):
    import re

    return [
        (href.replace("&amp;", "&"), re.sub(r"<[^>]+>", "", text).strip())
        for href, text in re.findall(r'<a (?:rel="\w+" )?href="([^"]+)">(.*?)</a>', nav)
    ]


def test_numbered_pagination_with_first_last_and_a_page_jump(client, settings):
    settings.PAGE_SIZE = 2
    for n in range(19):
        make_article(f"Story {n:02}", tags=("Common",), published=datetime(2020, 1, 1 + n, tzinfo=UTC))
    nav = pagination_nav(html(client, "/tags/common/?page=5"))
    assert '<p class="pagination-status">Page 5 of 10</p>' in nav
    assert links(nav) == [
        ("?page=1", "« First page"),
        ("?page=4", "‹ Previous page"),
        ("?page=1", "Page 1"),
        ("?page=2", "Page 2"),  # a gap of one page shows the page, not "…"
        ("?page=3", "Page 3"),
        ("?page=4", "Page 4"),
        ("?page=6", "Page 6"),
        ("?page=7", "Page 7"),
        ("?page=10", "Page 10"),
        ("?page=6", "Next page ›"),
        ("?page=10", "Last page »"),
    ]
    assert (
        '<span class="pagination-current" aria-current="page"><span class="visually-hidden">Page </span>5</span>' in nav
    )
    assert nav.count('<li class="pagination-gap" aria-hidden="true">…</li>') == 1  # 1 2 3 4 5 6 7 … 10
    # A GET form, no script needed: the number goes to the same page with the other parameters kept.
    assert '<form class="pagination-jump" method="get">' in nav
    assert '<input id="page-jump" type="number" name="page" min="1" max="10" value="5" inputmode="numeric">' in nav
    first = pagination_nav(html(client, "/tags/common/"))
    assert "First" not in first and "Previous" not in first
    assert [text for _, text in links(first)][-2:] == ["Next page ›", "Last page »"]
    last = pagination_nav(html(client, "/tags/common/?page=10"))
    assert "Next" not in last and "Last" not in last


def test_every_list_and_search_results_have_the_numbered_pagination(client, settings):
    settings.PAGE_SIZE = 1
    for n in range(3):
        make_article(f"Common story {n}", tags=(f"Tag {n}",), published=datetime(2020, 1, 1 + n, tzinfo=UTC))
    for url in ("/articles/", "/search/?q=common&sort=relevance", "/sources/test-times/"):
        nav = pagination_nav(html(client, url))
        assert links(nav)[-1][1] == "Last page »", url
    search = pagination_nav(html(client, "/search/?q=common&sort=relevance&page=2"))
    assert ("?q=common&sort=relevance&page=3", "Last page »") in links(search)
    assert '<input type="hidden" name="q" value="common"><input type="hidden" name="sort" value="relevance">' in search


def test_the_page_jump_keeps_hostile_parameters_escaped(client, settings):
    settings.PAGE_SIZE = 1
    for n in range(2):
        make_article(f"Story {n}")
    nav = pagination_nav(html(client, '/articles/?x="><script>alert(1)</script>'))
    assert '<input type="hidden" name="x" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in nav
    assert "<script>" not in nav


LIST_PAGES = [
    "/",
    "/articles/",
    "/tags/",
    "/tags/common/",
    "/tags/common+extra/",
    "/sources/",
    "/sources/test-times/",
    "/search/?q=story",
]


def add_articles(n, offset):
    for i in range(n):
        make_article(
            f"Story {offset + i}",
            tags=("Common", "Extra", f"T{offset + i}"),
            authors=(f"Writer {i}", "Desk"),
            published=datetime(2020, 1, 1, tzinfo=UTC),
        )


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_query_count_is_constant_as_rows_grow(client, count_queries, url):
    add_articles(3, 0)
    few = count_queries(client, url)
    add_articles(30, 100)
    assert count_queries(client, url) == few


# Lists fetch the page's ids first (newest-first index), then those rows: one query more than rows alone.
# The tag page: 9, and one for the archive-state stamp its cached aggregates are kept under.
EXPECTED_QUERIES = {"/articles/": 6, "/tags/common+extra/": 10, "/sources/test-times/": 7}


@pytest.mark.parametrize(("url", "expected"), EXPECTED_QUERIES.items())
def test_exact_query_counts(client, django_assert_num_queries, url, expected):
    add_articles(5, 0)
    with django_assert_num_queries(expected):
        client.get(url)


def test_entity_page_query_count_is_constant(client, count_queries):
    add_articles(2, 0)
    entity = Article.objects.first().authorships.get(position=1).entity  # "Desk" writes every article
    few = count_queries(client, entity.get_absolute_url())
    add_articles(30, 100)
    assert count_queries(client, entity.get_absolute_url()) == few


PUBLIC_URLS = ["/", "/articles/", "/tags/", "/tags/common/", "/sources/", "/search/?q=x", "/nowhere/"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_only_get_and_head_are_answered(client, method, url):
    add_articles(1, 0)
    before = (Article.objects.count(), Source.objects.count())
    response = client.generic(method.upper(), url, data="title=hacked")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert (Article.objects.count(), Source.objects.count()) == before


def test_head_is_answered(client):
    add_articles(1, 0)
    assert client.head("/").status_code == 200


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_article_text_is_escaped(client):
    article = make_article(
        "<script>alert(1)</script> headline", ("<img src=x onerror=alert(2)> body",), tags=("<b>tag</b>",)
    )
    page = html(client, article.get_absolute_url())
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in page
    assert "&lt;img src=x onerror=alert(2)&gt; body" in page
    assert "<img" not in page


def test_javascript_url_is_not_a_link(client):
    article = make_article("Sneaky", url="javascript:alert(1)")
    page = html(client, article.get_absolute_url())
    assert 'href="javascript:' not in page
    assert '<span class="original-url">javascript:alert(1)</span>' in page


def test_favicon_is_answered_at_the_root_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response.content == (Path(__file__).parent.parent / "static" / "archive" / "favicon.ico").read_bytes()
    assert '<link rel="icon" href="/static/archive/favicon.svg" type="image/svg+xml">' in html(client, "/")
    assert client.get("/static/archive/favicon.svg").status_code == 200


@pytest.mark.django_db
def test_lists_show_tags_in_name_order_and_an_article_takes_its_tag_rows_with_it(client):
    from taggit.models import TaggedItem

    kept = make_article("Kept", tags=("zebra", "Apple", "mango"))
    gone = make_article("Gone", tags=("mango", "Zulu"))
    listed = {a.title: [t.name for t in a.tags_by_name] for a in Article.objects.with_listing()}
    assert listed == {"Kept": ["Apple", "mango", "zebra"], "Gone": ["Zulu", "mango"]}
    gone.delete()
    assert sorted(TaggedItem.objects.values_list("object_id", "tag__name")) == [
        (kept.pk, "Apple"),
        (kept.pk, "mango"),
        (kept.pk, "zebra"),
    ]


def test_the_article_panel_shows_only_the_people_and_organizations_the_archive_lists(client, tmp_path):
    """Issue 13: "the MacBook review lists USB, GPU, RAM, FPS as organizations". They keep their mentions
    (search finds them) but, unsure everywhere, are not listed, and so not in the article's panel either."""
    from archive.models import Entity
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Laptop review\n\nThe new laptop has two USB ports, a fast GPU and 16 GB of RAM. Games run at 60 FPS on "
        "the GPU, and the RAM is enough for most users. Apple said on Tuesday that the laptop would ship in May.",
    )
    article = Article.objects.get()
    assert Entity.objects.filter(name__in=["USB", "GPU", "RAM", "FPS"], mentions__article=article).exists()
    html = client.get(article.get_absolute_url()).content.decode()
    panel = html[html.index("People, organizations and places") :]
    assert ">Apple</a>" in panel
    for term in ("USB", "GPU", "RAM", "FPS"):
        assert f">{term}</a>" not in panel, term
    highlighted = client.get(article.get_absolute_url() + "?mentions=1").content.decode()
    assert 'class="mention"' in highlighted and ">GPU</a>" not in highlighted
