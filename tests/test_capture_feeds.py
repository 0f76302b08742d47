"""`manage.py capture --feed` and `--sitemap`: the pages an RSS or Atom feed or a sitemap
lists, from a local web site (tests/capture_server.py); never the internet."""

import gzip

import pytest

from tests.capture_server import article
from tests.test_capture import capture

pytestmark = pytest.mark.django_db


def test_an_rss_feed_and_an_atom_feed_give_their_entries(site):
    site.page(
        "/s/1", article("Storm hits coast", "The storm hit the coast at dawn and cut power.", "Crews worked all day.")
    )
    site.page(
        "/s/2", article("Roads reopen", "The roads reopened by noon after the storm.", "Traffic returned slowly.")
    )
    rss = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        "<item><title>1</title><link>/s/1</link></item>"
        f"<item><title>2</title><guid>{site.url('/s/2')}</guid></item>"
        "</channel></rss>"
    )
    atom = (
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>T</title>"
        f"<entry><link rel='alternate' href='{site.url('/s/2')}'/></entry></feed>"
    )
    site.routes["/rss.xml"] = (200, "application/rss+xml", rss.encode())
    site.routes["/atom.xml"] = (200, "application/atom+xml", atom.encode())
    status, out, err = capture(feed=[site.url("/rss.xml"), site.url("/atom.xml")])
    assert (status, out, err) == (
        0,
        [
            f"imported: {site.url('/s/1')}",
            f"imported: {site.url('/s/2')}",
            "2 imported, 0 unchanged, 0 updated, 0 refused, 0 failed",
        ],
        [],
    )


def test_feed_links_are_relative_to_where_the_feed_was_served_after_redirects_and_to_xml_base(site):
    story = ("The council approved the budget on Monday.", "It passed 7 to 2.")
    for path in ("/blog/feed/first", "/blog/feed/second", "/blog/notes/third"):
        site.page(path, article(f"Story {path.rsplit('/', 1)[1]}", *story))
    for path in ("/blog/first", "/blog/second", "/first", "/third"):
        site.page(path, article("The wrong page", *story))
    rss = (
        "<rss version='2.0'><channel><title>T</title><item><link>first</link></item>"
        "<item><link>second#comments</link></item><item><link>second</link></item></channel></rss>"
    )
    atom = (
        "<feed xmlns='http://www.w3.org/2005/Atom' xml:base='../../notes/'><title>T</title>"
        "<entry><link href='third'/></entry></feed>"
    )
    # Served at /blog/feed/ once the trailing slash is added: WordPress redirects /feed so.
    site.routes["/blog/feed/"] = (200, "application/rss+xml", rss.encode())
    site.redirect("/blog/feed", "/blog/feed/", 301)
    site.routes["/blog/feed/atom/"] = (200, "application/atom+xml", atom.encode())
    site.redirect("/blog/atom", "/blog/feed/atom/", 301)
    assert capture(feed=[site.url("/blog/feed"), site.url("/blog/atom")]) == (
        0,
        [
            f"imported: {site.url('/blog/feed/first')}",
            f"imported: {site.url('/blog/feed/second')}",
            f"imported: {site.url('/blog/notes/third')}",
            "3 imported, 0 unchanged, 0 updated, 0 refused, 0 failed",
        ],
        [],
    )
    assert site.hits("/blog/feed/second") == 1  # a #fragment is the same page, fetched once


def test_sitemap_locations_are_relative_to_where_the_sitemap_was_served(site):
    site.page("/news/p/1", article("Market opens", "The new market opened on Friday in the square.", "Stalls sold."))
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    site.routes["/news/sitemap.xml"] = (
        200,
        "application/xml",
        f"<urlset xmlns='{ns}'><url><loc>p/1</loc></url></urlset>".encode(),
    )
    site.redirect("/sitemap.xml", "/news/sitemap.xml", 301)
    assert capture(sitemap=[site.url("/sitemap.xml")])[:2] == (
        0,
        [f"imported: {site.url('/news/p/1')}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"],
    )


def test_a_sitemap_index_with_a_gzip_sitemap_gives_its_pages(site):
    site.page(
        "/p/1", article("Market opens", "The new market opened on Friday in the square.", "Stalls sold out early.")
    )
    site.page(
        "/p/2", article("Bridge closes", "The old bridge closed for repairs this week.", "Detours are signposted.")
    )
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    locs = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in ("/p/1", "/p/2"))
    urlset = f"<urlset xmlns='{ns}'>{locs}</urlset>"
    index = f"<sitemapindex xmlns='{ns}'><sitemap><loc>{site.url('/sm-1.xml.gz')}</loc></sitemap></sitemapindex>"
    site.routes["/sitemap.xml"] = (200, "application/xml", index.encode())
    site.routes["/sm-1.xml.gz"] = (200, "application/gzip", gzip.compress(urlset.encode()))
    status, out, err = capture(sitemap=[site.url("/sitemap.xml")])
    assert (status, out[:2], err) == (0, [f"imported: {site.url('/p/1')}", f"imported: {site.url('/p/2')}"], [])


def test_a_sitemap_child_that_cannot_be_read_is_reported_and_the_others_captured(site):
    site.page(
        "/p/1", article("Market opens", "The new market opened on Friday in the square.", "Stalls sold out early.")
    )
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    children = "".join(f"<sitemap><loc>{site.url(p)}</loc></sitemap>" for p in ("/gone.xml", "/sm.xml"))
    site.routes["/index.xml"] = (
        200,
        "application/xml",
        f"<sitemapindex xmlns='{ns}'>{children}</sitemapindex>".encode(),
    )
    site.routes["/sm.xml"] = (
        200,
        "application/xml",
        f"<urlset xmlns='{ns}'><url><loc>/p/1</loc></url></urlset>".encode(),
    )
    assert capture(sitemap=[site.url("/index.xml")]) == (
        1,
        [f"imported: {site.url('/p/1')}", "1 imported, 0 unchanged, 0 updated, 0 refused, 1 failed"],
        [f"failed: {site.url('/gone.xml')}: sitemap: HTTP 404 Not Found from {site.url('/gone.xml')}"],
    )


def stories(site, count: int) -> list[str]:
    for n in range(count):
        site.page(f"/s/{n}", article(f"Story {n}", f"Story number {n} tells of the harbour at night.", "Then dawn."))
    return [site.url(f"/s/{n}") for n in range(count)]


def test_a_feed_is_captured_to_its_cap_and_the_rest_left_saying_so(site, settings):
    settings.CAPTURE_MAX_FEED_ITEMS = 2
    urls = stories(site, 4)
    items = "".join(f"<item><link>{url}</link></item>" for url in urls)
    site.routes["/rss"] = (200, "application/rss+xml", f"<rss version='2.0'><channel>{items}</channel></rss>".encode())
    assert capture(feed=[site.url("/rss")]) == (
        1,
        [f"imported: {urls[0]}", f"imported: {urls[1]}", "2 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"],
        [
            f"refused: {site.url('/rss')}: feed: only the first 2 pages are captured, 2 left out"
            " (CAPTURE_MAX_FEED_ITEMS)"
        ],
    )
    assert [site.hits(f"/s/{n}") for n in range(4)] == [1, 1, 0, 0]


def test_a_sitemap_index_is_followed_to_its_caps_on_sitemaps_and_pages(site, settings):
    settings.CAPTURE_MAX_SITEMAPS = 3  # the index and two of its three sitemaps
    settings.CAPTURE_MAX_SITEMAP_URLS = 3
    urls = stories(site, 6)
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    for n in range(3):
        locs = "".join(f"<url><loc>{url}</loc></url>" for url in urls[2 * n : 2 * n + 2])
        site.routes[f"/sm-{n}.xml"] = (200, "application/xml", f"<urlset xmlns='{ns}'>{locs}</urlset>".encode())
    children = "".join(f"<sitemap><loc>/sm-{n}.xml</loc></sitemap>" for n in range(3))
    index = f"<sitemapindex xmlns='{ns}'>{children}</sitemapindex>"
    site.routes["/sitemap.xml"] = (200, "application/xml", index.encode())
    where = site.url("/sitemap.xml")
    assert capture(sitemap=[where]) == (
        1,
        [*(f"imported: {url}" for url in urls[:3]), "3 imported, 0 unchanged, 0 updated, 2 refused, 0 failed"],
        [
            f"refused: {where}: sitemap: only the first 3 sitemaps are read, 1 left unread (CAPTURE_MAX_SITEMAPS)",
            f"refused: {where}: sitemap: only the first 3 pages are captured, 1 left out (CAPTURE_MAX_SITEMAP_URLS)",
        ],
    )
    assert [site.hits(f"/sm-{n}.xml") for n in range(3)] == [1, 1, 0]


def test_a_feed_with_an_external_entity_is_read_without_resolving_it(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("http://127.0.0.1:1/stolen")
    rss = (
        f"<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY x SYSTEM 'file://{secret}'>]>"
        "<rss version='2.0'><channel><item><link>&x;</link></item></channel></rss>"
    )
    site.routes["/evil.xml"] = (200, "application/rss+xml", rss.encode())
    status, out, err = capture(feed=[site.url("/evil.xml")])
    assert (status, out, err) == (0, ["0 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"], [])


def test_what_is_not_a_feed_is_reported(site):
    site.page("/page", "<html><body><p>A page, not a feed</p></body></html>")
    assert capture(feed=[site.url("/page")]) == (
        1,
        ["0 imported, 0 unchanged, 0 updated, 0 refused, 1 failed"],
        [f"failed: {site.url('/page')}: feed: not an RSS or Atom feed (the root element is <html>)"],
    )
