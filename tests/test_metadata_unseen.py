"""Bylines and tags of the kinds found on pages no rule was tuned on (aeb pages after
the first 40): a role written with its hyphenated tail, a media group after the
writer's name, a publishing-system account, a taxonomy's label before each term, a
grid of other stories' cards each linking its own tags. Every page is invented here."""

from __future__ import annotations

import pytest

from archive.ingest.html import parse_html

from .test_extract_html import ld, page


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # "Editor-at-large" is a role like "Editor": the person is the author, not the role.
        ("Analysis by Dana Whitcombe, ENB Editor-at-large", ["Dana Whitcombe"]),
        ("Lee Marsh, Editor-in-chief", ["Lee Marsh"]),
        # A media group and a web address name the publication, not a second writer ...
        ("Amy Ortolani, Harbour Advance Media for Harbour.com", ["Amy Ortolani"]),
        ("Troy Ruiz, Lakeside.com", ["Troy Ruiz"]),
        # ... but alone they are the byline.
        ("Harbour Advance Media", ["Harbour Advance Media"]),
    ],
)
def test_roles_and_publications_after_a_name_are_not_authors(byline, authors):
    head = f'<meta name="author" content="{byline}">'
    assert parse_html(page(head), "https://news.example.net/story").authors == authors


@pytest.mark.parametrize("account", ["jdadmin", "Jdadmin", "SiteAdmin"])
def test_a_publishing_system_account_is_not_an_author(account):
    author = {"@type": "Person", "name": account}
    person = ld({"@type": "BlogPosting", "headline": "Autumn programme", "author": author})
    assert parse_html(page(person)).authors == []


def test_a_taxonomy_label_before_a_term_and_quotation_marks_around_it_are_dropped():
    tags = ("Category: Moon", "moon landers", "topic: White House", "section: Article", "moon", "“Night Sky”")
    head = "".join(f'<meta property="article:tag" content="{t}">' for t in tags)
    parsed = parse_html(page(head))
    # "moon" repeats "Moon"; "section: Article" is a placement word once its label goes.
    assert parsed.tags == ["Moon", "moon landers", "White House", "Night Sky"]
    assert parsed.keywords == list(tags)  # the raw values stay in the capture


def _card(title: str, tag: str) -> str:
    return f"<article class='card'><h3>{title}</h3><a rel='tag' href='/channel/{tag.lower()}'>{tag}</a></article>"


def test_the_tag_links_of_other_stories_cards_are_not_this_storys_tags():
    story = (
        "<h1>Council expands the tram line to the harbour</h1>"
        "<p>The council voted on Tuesday to extend the tram line by four kilometres.</p>"
        "<p>Work starts in spring and should take two years, the council said.</p>"
        "<a rel='tag' href='/tag/trams'>Trams</a>"
    )
    cards = "".join(_card(f"Story {n}", tag) for n, tag in enumerate(["Crime", "Fame"]))
    cards = f"<section class='more'>{cards}</section>"
    parsed = parse_html(page(article=story, after=cards))
    assert parsed.tags == ["Trams"]


def test_tag_links_on_a_page_of_one_story_are_its_tags():
    story = "<h1>Ferries return</h1><p>The ferries are back after the storm, the operator said today.</p>"
    story += "<a rel='tag' href='/tag/ferries'>Ferries</a><a rel='tag' href='/tag/storms'>Storms</a>"
    assert parse_html(page(article=story)).tags == ["Ferries", "Storms"]


@pytest.mark.parametrize(
    ("head", "url", "source"),
    [
        # Saved without its address: the title's part that spells the site's handle names it.
        ('<meta name="twitter:site" content="@harbourlight">', "", "Harbour Light"),
        # With its address: the part that spells the domain, as the site writes it ...
        ("", "https://www.harbourlight.com/2019/05/trams", "Harbour Light"),
        # ... not a section's own handle and title ("Harbour Light West" on harbourlight.com).
        ('<meta name="twitter:site" content="@harbourlightwest">', "https://harbourlight.com/w/1", "harbourlight.com"),
    ],
)
def test_the_titles_site_part_names_the_source_when_it_spells_the_handle_or_domain(head, url, source):
    title = "Trams return to the harbour - Harbour Light" + (" West" if "west" in head else "")
    raw = page(head).replace(b"<title>Page</title>", f"<title>{title}</title>".encode())
    assert parse_html(raw, url).source_name == source
