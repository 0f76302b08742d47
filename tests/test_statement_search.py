"""/statements/ searched by what was said (``q``), and every statement's link to its place in the article."""

import re

import pytest

from archive.models import Entity, Statement

from .factories import day, make_article

pytestmark = pytest.mark.django_db

HEADLINE = "Mayor says the harbour stays open"
BODY = (
    "The harbours will charge new fees from May, the mayor said at the quay.",
    "“We asked the port board twice,” said Ines Varga, who chairs the party of dock workers.",
    "“Nobody listened to us. The fees are art, not arithmetic.",
    "They come from nowhere,” she added.",
)


def place(article, position, speaker, cue, content, cue_after=""):
    """A statement whose cue and content are found in the article's text (the cue after ``cue_after``)."""
    text = article.text
    content_start = text.index(content)
    cue_start = text.index(cue, text.index(cue_after) if cue_after else 0)
    return Statement.objects.create(
        article=article,
        position=position,
        kind=Statement.Kind.DIRECT,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        speaker=speaker,
        speaker_kind=speaker.kind,
        speaker_name=speaker.name,
        content=content,
        content_start=content_start,
        content_end=content_start + len(content),
    )


@pytest.fixture
def archive():
    article = make_article(HEADLINE, body=BODY, published=day(3))
    other = make_article("Ferry timetable", body=("The ferry leaves at noon, the captain said.",), published=day(1))
    mayor = Entity.objects.resolve("Tomas Brandt", Entity.Kind.PERSON)
    varga = Entity.objects.resolve("Ines Varga", Entity.Kind.PERSON)
    captain = Entity.objects.resolve("Anton Kell", Entity.Kind.PERSON)
    statements = {
        "headline": place(article, 0, mayor, "says", "the harbour stays open"),
        "fees": place(article, 1, mayor, "said", "The harbours will charge new fees from May", cue_after="mayor"),
        "asked": place(article, 2, varga, "said", "We asked the port board twice", cue_after="twice"),
        # A quote over two paragraphs, and a sentence of it the analysis also kept on its own.
        "listened": place(
            article,
            3,
            varga,
            "added",
            "Nobody listened to us. The fees are art, not arithmetic.\n\nThey come from nowhere",
        ),
        "art": place(article, 4, varga, "added", "The fees are art, not arithmetic."),
        "ferry": place(other, 0, captain, "said", "The ferry leaves at noon"),
    }
    return {"article": article, "other": other, "varga": varga, **statements}


def listed(client, query: str) -> tuple[str, list[str]]:
    """The count line and the contents /statements/?<query> lists, in order."""
    page = client.get(f"/statements/?{query}").content.decode()
    count = re.search(r'<p class="count-line">([^<]*)<', page).group(1)
    contents = re.findall(r'<blockquote class="statement-content">(.*?)</blockquote>', page, re.S)
    return count.strip(), contents


def notices(page: str) -> list[str]:
    return re.findall(r'<p class="notice">(.*?)</p>', page)


def test_words_are_matched_as_words_with_their_endings(client, archive):
    # "harbour" finds "harbours" and "harbour"; "art" is a word here, not the start of "party".
    assert listed(client, "q=harbour") == (
        "2 statements (q: harbour).",
        ["the harbour stays open", "The harbours will charge new fees from May"],
    )
    assert listed(client, "q=art") == (
        "2 statements (q: art).",
        [
            "Nobody listened to us. The fees are art, not arithmetic.\n\nThey come from nowhere",
            "The fees are art, not arithmetic.",
        ],
    )
    assert listed(client, "q=part") == ("0 statements (q: part).", [])
    # Every word must occur, in any case.
    assert listed(client, "q=FEES+may")[1] == ["The harbours will charge new fees from May"]


def test_the_search_language_phrases_or_and_exclusions(client, archive):
    assert listed(client, "q=%22fees+are+art%22")[1] == [
        "Nobody listened to us. The fees are art, not arithmetic.\n\nThey come from nowhere",
        "The fees are art, not arithmetic.",
    ]
    assert listed(client, "q=%22art+fees%22") == ("0 statements (q: &quot;art fees&quot;).", [])
    assert listed(client, "q=ferry+OR+board")[1] == ["We asked the port board twice", "The ferry leaves at noon"]
    assert listed(client, "q=fees+-nobody")[1] == [
        "The harbours will charge new fees from May",
        "The fees are art, not arithmetic.",
    ]


def test_words_combine_with_the_other_filters(client, archive):
    assert listed(client, "q=fees&speaker=ines-varga") == (
        "2 statements (speaker: Ines Varga; q: fees).",
        [
            "Nobody listened to us. The fees are art, not arithmetic.\n\nThey come from nowhere",
            "The fees are art, not arithmetic.",
        ],
    )
    assert listed(client, "q=noon&before=2024-01-02")[1] == ["The ferry leaves at noon"]
    assert listed(client, "q=noon&after=2024-01-02")[1] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=%21%21%21", "“!!!” has no words to search for; the words filter is ignored."),
        ("q=.%2A%28", "“.*(” has no words to search for; the words filter is ignored."),
        ("q=%00%00", None),
        (
            "q=the+of",
            "Very common words are not searched for: the, of. "
            "“the of” has no words to search for; the words filter is ignored.",
        ),
        (
            "q=%22",
            "A quotation mark was not closed; the rest of the query was read as a phrase. "
            '“"” has no words to search for; the words filter is ignored.',
        ),
    ],
)
def test_input_without_words_is_a_message_and_every_statement(client, archive, query, message):
    response = client.get(f"/statements/?{query}")
    page = response.content.decode()
    assert response.status_code == 200
    assert notices(page) == ([message.replace('"', "&quot;")] if message else [])
    assert "6 statements." in page


def test_filters_typed_in_the_words_box_are_named_not_used(client, archive):
    page = client.get("/statements/?q=ferry+tag%3Aeconomy+after%3A2024-01-05").content.decode()
    assert notices(page) == [
        "Filters such as “tag:”, “after:” are not read from the words box here; use the fields beside it."
    ]
    assert "1 statement (q: ferry)." in page


def test_typed_markup_is_escaped(client, archive):
    page = client.get("/statements/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert" not in page
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;" aria-describedby="f-q-help">' in page
    # One token of several words is read as a phrase, as in the article search.
    assert "0 statements (q: &quot;script alert 1 script&quot;)." in page


def test_words_on_the_json_twin_and_the_api(client, archive):
    data = client.get("/statements.json?q=harbour+-open").json()
    assert [r["content"] for r in data["results"]] == ["The harbours will charge new fees from May"]
    assert data["filters"] == {"q": "harbour -open"}
    assert client.get("/statements.json?q=%21").json()["messages"] == [
        "“!” has no words to search for; the words filter is ignored."
    ]
    api = client.get("/api/statements/", {"q": "fees", "speaker": "Brandt"}).json()
    assert [r["content"] for r in api["results"]] == ["The harbours will charge new fees from May"]
    assert client.get("/api/statements/", {"q": "\x00(*"}).json()["count"] == 6


def test_a_search_costs_no_more_queries_than_the_list(client, archive, django_assert_num_queries):
    # The words are one more WHERE on the same two queries (count, page).
    with django_assert_num_queries(2):
        assert client.get("/statements/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/statements/?q=harbour+OR+ferry+-open").status_code == 200


def test_every_statement_links_to_its_place_in_the_article(client, archive):
    page = client.get("/statements/").content.decode()
    links = re.findall(r'<a href="(/articles/[^"#]+)#(s\d+)">', page)
    assert len(links) == 6
    for path, anchor in links:
        article = client.get(path).content.decode()
        # Each anchor once: a headline statement, one inside another's stretch
        # and one over two paragraphs included.
        assert len(re.findall(f'id="{anchor}"', article)) == 1, anchor
    article = client.get(archive["article"].get_absolute_url()).content.decode()
    assert f'<h1><span class="statement-at" id="{archive["headline"].anchor}"></span>{HEADLINE}</h1>' in article
    assert f'<span class="statement-at" id="{archive["art"].anchor}"></span>' in article
    assert article.count(f'id="{archive["listened"].anchor}"') == 1


def test_words_beyond_ascii_in_any_case_narrowed_by_their_ascii_stretch(client, archive):
    """Case folds beyond ASCII on both backends, and a word with an "ä" is still narrowed by a plain LIKE
    (of "rzte", which SQLite's LIKE folds) before the per-row regular expression, not read row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article("Kliniken", body=("ÄRZTE warnten vor Überstunden, sagte sie.",), published=day(2))
    place(article, 0, archive["varga"], "sagte", "ÄRZTE warnten vor Überstunden")
    with CaptureQueriesContext(connection) as queries:
        assert listed(client, "q=ärzte")[1] == ["ÄRZTE warnten vor Überstunden"]
    assert all("%rzte%" in q["sql"].lower() for q in queries.captured_queries[-2:])  # the count and the page
    assert listed(client, "q=ÜBERSTUNDEN")[1] == ["ÄRZTE warnten vor Überstunden"]
    assert listed(client, "q=rzte")[1] == []  # the stretch narrows; the word is still matched as a word
