"""Atom feeds: newest, per tag and tag intersection, source, entity, search."""

import html
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from archive.models import Entity, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed, [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def articles():
    def day(n):
        return datetime(2024, 1, n, tzinfo=UTC)

    return {
        "old": make_article("Old news", tags=("Economy",), published=day(1), source="Alpha", domain="alpha.test"),
        "both": make_article(
            "Both tags", tags=("Economy", "Europe"), published=day(2), source="Beta", domain="beta.test"
        ),
        "europe": make_article(
            "Europe only", tags=("Europe",), published=day(3), source="Beta", domain="beta.test", authors=("Ann Lee",)
        ),
        "undated": make_article("Undated story", captured=day(4), source="Alpha", domain="alpha.test"),
    }


def test_newest_articles(client, articles):
    feed, titles = entries(client, "/feeds/articles/")
    assert feed.findtext(f"{ATOM}title") == "Newsroom Archive: newest articles"
    assert titles == ["Europe only", "Both tags", "Old news", "Undated story"]


def test_entry_fields(client, articles):
    feed, _ = entries(client, "/feeds/articles/")
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Both tags")
    url = f"http://testserver{articles['both'].get_absolute_url()}"
    assert entry.find(f"{ATOM}link").get("href") == url
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.findtext(f"{ATOM}published") == "2024-01-02T00:00:00+00:00"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Jane Roe"
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == ["Economy", "Europe"]
    assert "Beta · By Jane Roe" in entry.findtext(f"{ATOM}summary")


def test_tag_and_tag_intersection(client, articles):
    assert entries(client, "/feeds/tags/economy/")[1] == ["Both tags", "Old news"]
    feed, titles = entries(client, "/feeds/tags/europe+economy/")
    assert titles == ["Both tags"]
    assert feed.findtext(f"{ATOM}title") == "Newsroom Archive: tagged Economy + Europe"
    assert client.get("/feeds/tags/economy+nosuchtag/").status_code == 404


def test_source(client, articles):
    assert entries(client, "/feeds/sources/alpha/")[1] == ["Old news", "Undated story"]
    assert client.get("/feeds/sources/gamma/").status_code == 404


def test_entity_authored_or_mentioned(client, articles):
    ann = Entity.objects.get(name="Ann Lee")
    Mention.objects.create(article=articles["old"], entity=ann, start=0, end=3, text="Ann", label="PERSON")
    feed, titles = entries(client, f"/feeds/entities/{ann.slug}/")
    assert titles == ["Europe only", "Old news"]
    assert feed.findtext(f"{ATOM}title") == "Newsroom Archive: Ann Lee"
    assert client.get("/feeds/entities/nobody/").status_code == 404


def test_search(client, articles):
    feed, titles = entries(client, "/feeds/search/?q=europe")
    assert titles == ["Europe only"]
    assert feed.findtext(f"{ATOM}title") == "Newsroom Archive: search for “europe”"
    assert client.get("/feeds/search/").status_code == 404


def test_entry_text_is_escaped(client):
    make_article("<script>alert(1)</script> & more", ("Body <b>bold</b> & co.",))
    response = client.get("/feeds/articles/")
    assert b"<script>" not in response.content
    feed = ET.fromstring(response.content)  # well-formed XML
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}title") == "<script>alert(1)</script> & more"
    # The summary is HTML (type="html"): markup in the article is text inside it, escaped once more.
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert "Body &lt;b&gt;bold&lt;/b&gt; &amp; co." in entry.findtext(f"{ATOM}summary")


# --- self links, undated entries, autodiscovery ------------------------------------------------------


def self_link(feed):
    return next(link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")


def test_each_feed_links_to_itself_with_its_query(client, articles):
    ann = Entity.objects.get(name="Ann Lee")
    for url, expected in [
        ("/feeds/articles/", "/feeds/articles/"),
        ("/feeds/tags/europe+economy/", "/feeds/tags/economy+europe/"),
        ("/feeds/sources/alpha/", "/feeds/sources/alpha/"),
        (f"/feeds/entities/{ann.slug}/", f"/feeds/entities/{ann.slug}/"),
        ("/feeds/search/?q=europe+tag%3Aeconomy", "/feeds/search/?q=europe+tag%3Aeconomy"),
    ]:
        assert self_link(entries(client, url)[0]) == f"http://testserver{expected}", url


def test_an_undated_article_has_no_published_date_and_says_it_is_undated(client, articles):
    feed, _ = entries(client, "/feeds/articles/")
    by_title = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    undated = by_title["Undated story"]
    assert undated.find(f"{ATOM}published") is None  # not its capture time
    assert undated.findtext(f"{ATOM}updated") == "2024-01-04T00:00:00+00:00"
    assert "Undated: the date of publication is not known; the archive captured it on 4 January 2024." in (
        undated.findtext(f"{ATOM}summary")
    )
    dated = by_title["Old news"]
    assert dated.findtext(f"{ATOM}published") == "2024-01-01T00:00:00+00:00"
    assert "Undated" not in dated.findtext(f"{ATOM}summary")


SITE_FEED = (
    '<link rel="alternate" type="application/atom+xml" title="Newsroom Archive: newest articles" '
    'href="/feeds/articles/">'
)


def test_pages_with_a_feed_advertise_it(client, articles):
    ann = Entity.objects.get(name="Ann Lee")
    pages = {
        "/tags/economy/": ("/feeds/tags/economy/", "Newsroom Archive: tagged Economy"),
        # Asked for in any order, a tag intersection has one feed, as it names itself.
        "/tags/europe+economy/": ("/feeds/tags/economy+europe/", "Newsroom Archive: tagged Economy + Europe"),
        "/sources/alpha/": ("/feeds/sources/alpha/", "Newsroom Archive: Alpha"),
        f"/entities/{ann.slug}/": (f"/feeds/entities/{ann.slug}/", "Newsroom Archive: Ann Lee"),
        "/search/?q=europe+%22a%26b%22": (
            "/feeds/search/?q=europe+%22a%26b%22",
            "Newsroom Archive: search for “europe &quot;a&amp;b&quot;”",
        ),
    }
    for page_url, (feed_url, title) in pages.items():
        page = client.get(page_url).content.decode()
        href = feed_url.replace("&", "&amp;")
        assert f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">' in page, page_url
        assert f'<a href="{href}" type="application/atom+xml">Atom feed of this page</a>' in page, page_url
        assert SITE_FEED in page
        assert client.get(feed_url).status_code == 200, feed_url


def test_pages_without_a_feed_of_their_own_advertise_only_the_sites(client, articles):
    for url in ("/", "/articles/", "/search/", "/tags/", "/sources/", "/people/"):
        page = client.get(url).content.decode()
        assert page.count('type="application/atom+xml"') == 1, url
        assert SITE_FEED in page


def test_an_entry_is_published_in_the_pages_own_offset(client):
    make_article("Evening vote", published=datetime(2019, 11, 20, 3, 43, tzinfo=UTC), published_offset=-300)
    feed = ET.fromstring(client.get("/feeds/articles/").content)
    [entry] = feed.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == "2019-11-19T22:43:00-05:00"


def test_a_page_advertises_each_feed_by_the_feeds_own_address_and_title(client, articles):
    # One way to name a feed: the page's autodiscovery link says what the feed says of itself, even for a
    # search too long to quote whole in a short title.
    query = "europe " + " ".join(f"word{n}" for n in range(60))
    for page_url in ("/tags/europe+economy/", "/sources/alpha/", "/search/?" + urlencode({"q": query})):
        page = client.get(page_url).content.decode()
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', page)
        title, href = links[1]  # after the site's own feed
        feed = ET.fromstring(client.get(html.unescape(href)).content)
        assert html.unescape(title) == feed.findtext(f"{ATOM}title"), page_url
        assert [link.get("href") for link in feed.iter(f"{ATOM}link") if link.get("rel") == "self"] == [
            "http://testserver" + html.unescape(href)
        ], page_url
