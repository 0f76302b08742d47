"""/sitemap.xml (an index split past the per-file limit), robots.txt and the OpenSearch description."""

import xml.etree.ElementTree as ET

import pytest

from archive.views import sitemaps
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locs(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [e.text for e in ET.fromstring(response.content).iter(f"{SM}loc")]


def test_index_lists_each_section(client):
    make_article("One", tags=("Economy",))
    assert locs(client, "/sitemap.xml") == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-sources.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-entities.xml",
    ]


def test_sections_list_the_archive(client):
    article = make_article("One", tags=("Economy",), domain="news.test", source="News")
    response = client.get("/sitemap-articles.xml")
    root = ET.fromstring(response.content)
    [url] = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{article.get_absolute_url()}"
    assert url.findtext(f"{SM}lastmod") == "2024-01-01"
    assert locs(client, "/sitemap-tags.xml") == ["http://testserver/tags/economy/"]
    assert locs(client, "/sitemap-sources.xml") == ["http://testserver/sources/news/"]
    assert locs(client, "/sitemap-entities.xml") == ["http://testserver/entities/jane-roe/"]
    assert locs(client, "/sitemap-pages.xml") == [
        "http://testserver/",
        "http://testserver/articles/",
        "http://testserver/tags/",
        "http://testserver/sources/",
    ]
    assert client.get("/sitemap-nosuch.xml").status_code == 404


def test_synthetic_articles_are_left_out(client):
    article = make_article("Generated")
    article.is_synthetic = True
    article.save()
    assert locs(client, "/sitemap-articles.xml") == []


def test_index_splits_a_section_past_the_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    made = [make_article(f"Story {n}") for n in range(5)]
    index = locs(client, "/sitemap.xml")
    assert [u for u in index if "articles" in u] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    pages = [locs(client, f"/sitemap-articles.xml?p={p}") for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == [f"http://testserver{a.get_absolute_url()}" for a in made]


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    assert root.findtext(f"{ns}ShortName") == "Newsroom Archive"
    templates = {u.get("type"): u.get("template") for u in root.findall(f"{ns}Url")}
    assert templates == {
        "text/html": "http://testserver/search/?q={searchTerms}",
        "application/atom+xml": "http://testserver/feeds/search/?q={searchTerms}",
        "application/opensearchdescription+xml": "http://testserver/opensearch.xml",
    }
