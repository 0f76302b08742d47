"""One meaning per filter name: the pages, their JSON twins, the feeds and the API read the same filters
(archive.filters) and tell the same things about a statement (archive.serialize)."""

import json
import re
from datetime import date
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import QueryDict

from archive.admin import merge_entities
from archive.filters import StatementFilters, find_entity, statement_filters
from archive.forms import (
    ArticleViewForm,
    CitationForm,
    EntityIndexForm,
    SearchForm,
    StatementFilterForm,
    SuggestForm,
    TagPickForm,
    UnnamedSourcesForm,
)
from archive.keys.names import normalize_name
from archive.models import Article, Entity, EntityAlias, Mention, Role, Statement
from tests.factories import day, make_article, make_statement

pytestmark = pytest.mark.django_db


def say(article, position, speaker, content, **fields):
    return make_statement(article, position, speaker, content, cue_shift=position, **fields)


@pytest.fixture
def archive():
    a1 = make_article("Budget passes", tags=("Economy", "Europe"), published=day(1), authors=("Ann Lee",))
    a2 = make_article("Trade talks stall", tags=("Economy",), published=day(2))
    # Names Olaf Berg in its text, but the analysis found no mention there.
    a3 = make_article("Harbour news", ("Olaf Berg opened the harbour.",), published=day(3))
    # Same day as a2: ties fall back on the newest article first, then the article's order.
    a4 = make_article("Port strike", ("Dockers walked out.",), published=day(2))
    person = Entity.objects.resolve("Olaf Berg", Entity.Kind.PERSON)
    ministry = Entity.objects.resolve("Finance Ministry", Entity.Kind.ORGANIZATION)
    reuters = Entity.objects.resolve("Reuters", Entity.Kind.ORGANIZATION)
    EntityAlias.objects.create(entity=ministry, name="FinMin", key=normalize_name("FinMin"))
    Role.objects.create(person=person, organization=ministry, description="finance minister", article=a1)
    for article in (a1, a2):
        Mention.objects.create(article=article, entity=person, start=0, end=4, text="Olaf", label="PERSON")
    Mention.objects.create(article=a1, entity=ministry, start=5, end=9, text="Finance Ministry", label="ORG")
    say(a1, 0, person, "The budget is balanced.")
    say(a2, 0, person, "Talks will resume.", kind="indirect", via=reuters)
    say(a2, 1, ministry, "No comment on trade.")
    say(a4, 0, ministry, "The port stays open.", via=reuters)
    # A curator merges a duplicate of the minister into him: its statement and slug follow.
    twin = Entity.objects.create(name="O. Berg", slug="o-berg", kind="person", key="o berg")
    say(a4, 1, twin, "Strikes hurt trade.")
    merge_entities(person, [twin])
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "person": person, "ministry": ministry, "reuters": reuters}


def api_contents(client, **params):
    response = client.get("/api/statements/", params)
    assert response.status_code == 200
    return [s["content"] for s in response.json()["results"]]


def page_contents(client, **params):
    response = client.get("/statements.json", params)
    assert response.status_code == 200
    return [s["content"] for s in response.json()["results"]]


@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {},
            [
                "The port stays open.",
                "Strikes hurt trade.",
                "Talks will resume.",
                "No comment on trade.",
                "The budget is balanced.",
            ],
        ),
        ({"speaker": "olaf-berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),
        ({"speaker": "Olaf Berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),
        ({"speaker": "olaf berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),
        ({"speaker": "Berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),  # surname
        ({"speaker": "O. Berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),  # merged
        ({"speaker": "o-berg"}, ["Strikes hurt trade.", "Talks will resume.", "The budget is balanced."]),  # its slug
        ({"speaker": "FinMin"}, ["The port stays open.", "No comment on trade."]),  # an alias
        ({"speaker": "Finance Ministri"}, ["The port stays open.", "No comment on trade."]),  # a typo
        # The ministry itself, and its minister (a known role).
        (
            {"organization": "finance-ministry"},
            [
                "The port stays open.",
                "Strikes hurt trade.",
                "Talks will resume.",
                "No comment on trade.",
                "The budget is balanced.",
            ],
        ),
        ({"outlet": "Reuters"}, ["The port stays open.", "Talks will resume."]),
        ({"tag": "europe"}, ["The budget is balanced."]),
        ({"tag": "Economy"}, ["Talks will resume.", "No comment on trade.", "The budget is balanced."]),
        ({"tag": ["economy", "europe"]}, ["The budget is balanced."]),  # every tag
        ({"kind": "indirect"}, ["Talks will resume."]),
        ({"before": "2024-01-01"}, ["The budget is balanced."]),
        ({"after": "2024-01-02", "speaker": "finance-ministry"}, ["The port stays open.", "No comment on trade."]),
        ({"q": "trade comment"}, ["No comment on trade."]),
        ({"q": "TRADE"}, ["Strikes hurt trade.", "No comment on trade."]),
    ],
)
def test_statement_filters_mean_the_same_on_the_page_its_json_and_the_api(client, archive, params, expected):
    assert api_contents(client, **params) == expected
    assert page_contents(client, **params) == expected
    page = client.get("/statements/", params).content.decode()
    # The HTML list shows the same statements in the same order.
    assert [
        unescape(c) for c in re.findall(r'<blockquote class="statement-content">(.*?)</blockquote>', page)
    ] == expected


def test_entity_statements_route_is_the_speaker_filter(client, archive):
    said = client.get("/api/entities/o-berg/statements/").json()["results"]
    assert [s["content"] for s in said] == api_contents(client, speaker="olaf-berg")
    said = client.get("/api/entities/olaf-berg/statements/", {"after": "2024-01-02"}).json()["results"]
    assert [s["content"] for s in said] == ["Strikes hurt trade.", "Talks will resume."]


def test_unknown_names_the_api_answers_nothing_the_page_says_so(client, archive):
    assert api_contents(client, speaker="nobody at all") == []
    assert api_contents(client, outlet="nobody at all") == []
    data = client.get("/statements.json", {"speaker": "nobody at all", "kind": "shouted"}).json()
    assert data["messages"] == [
        "No person or organization “nobody at all” in the archive; the speaker filter is ignored.",
        "Unknown kind “shouted”; showing every kind.",
    ]
    assert data["count"] == 5
    assert data["filters"] == {}


def test_the_page_names_the_filters_in_force(client, archive):
    data = client.get(
        "/statements.json", {"speaker": "Finance Ministri", "tag": ["economy", "europe"], "after": "2024-01-01"}
    ).json()
    assert data["filters"] == {"speaker": "Finance Ministry", "tag": "economy + europe", "after": "2024-01-01"}
    assert data["messages"] == [
        "No person or organization named “Finance Ministri”; showing Finance Ministry, the closest name."
    ]
    assert data["count"] == 0


@pytest.mark.parametrize("value", ["yesterday", "2024-02-30", "2024-1-5", "\x00"])
def test_a_bad_date_is_a_message(client, archive, value):
    response = client.get("/statements.json", {"before": value})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 5
    if value != "\x00":  # a NUL is removed, leaving no value
        assert data["messages"] == [f"“{value}” is not a date (YYYY-MM-DD); the before filter is ignored."]


def test_one_statement_one_set_of_facts_in_both_json_shapes(client, archive):
    api = client.get("/api/statements/", {"outlet": "reuters", "kind": "indirect"}).json()["results"]
    twin = client.get("/statements.json", {"outlet": "reuters", "kind": "indirect"}).json()["results"]
    s = Statement.objects.get(content="Talks will resume.")
    a2 = archive["a2"]
    assert api == [
        {
            "id": s.pk,
            "article": {
                "id": a2.pk,
                "title": "Trade talks stall",
                "archive_url": f"http://testserver{a2.get_absolute_url()}",
                "published": "2024-01-02T12:00:00Z",
            },
            "position": 0,
            "kind": "indirect",
            "speaker": {"slug": "olaf-berg", "name": "Olaf Berg", "kind": "person"},
            "speaker_name": "Olaf Berg",
            "speaker_kind": "person",
            "source_text": "",
            "cue": "said",
            "content": "Talks will resume.",
            "via": {"slug": "reuters", "name": "Reuters", "kind": "organization"},
            "recipient": "",
            "archive_url": f"http://testserver{a2.get_absolute_url()}#s0",
        }
    ]
    assert twin == [
        {
            "kind": "indirect",
            "speaker": {"name": "Olaf Berg", "kind": "person", "url": "http://testserver/entities/olaf-berg/"},
            "source_text": "",
            "cue": "said",
            "content": "Talks will resume.",
            "via": "Reuters",
            "article": {
                "title": "Trade talks stall",
                "url": f"http://testserver{a2.get_absolute_url()}#s0",
                "published": "2024-01-02T12:00:00+00:00",
                "source": "Test Times",
            },
        }
    ]


def test_statement_filters_layer(archive):
    person, ministry = archive["person"], archive["ministry"]
    assert list(StatementFilters(speaker=person).statements().values_list("content", flat=True)) == [
        "Strikes hurt trade.",
        "Talks will resume.",
        "The budget is balanced.",
    ]
    assert StatementFilters(organization=ministry, kind="direct", before=date(2024, 1, 1)).apply().count() == 1
    assert statement_filters(speaker="nobody at all") is None
    assert statement_filters(speaker="FinMin").speaker == ministry
    assert find_entity("o-berg") == (person, "slug")
    assert find_entity("  \x00 ") == (None, "")


# --- articles ------------------------------------------------------------------------------------


def ids(articles):
    return sorted(a.pk for a in articles)


def test_articles_by_about_and_by_or_about(archive):
    a1, a2, a3 = archive["a1"], archive["a2"], archive["a3"]
    person = archive["person"]
    ann = Entity.objects.get(name="Ann Lee")
    assert ids(Article.objects.about(person)) == sorted([a1.pk, a2.pk])
    assert ids(Article.objects.by(person)) == []
    assert ids(Article.objects.by(ann)) == [a1.pk]
    assert ids(Article.objects.about(ann)) == []
    assert ids(Article.objects.by_or_about(ann)) == [a1.pk]
    assert ids(Article.objects.by_or_about(person)) == sorted([a1.pk, a2.pk])
    assert a3.pk not in ids(Article.objects.by_or_about(person))  # named in the text only: not a mention


def search_page_ids(client, q):
    html = client.get("/search/", {"q": q}).content.decode()
    return sorted(int(n) for n in re.findall(r'<h3 class="article-item-title"><a href="/articles/(\d+)/', html))


def api_ids(client, **params):
    return sorted(r["id"] for r in client.get("/api/articles/", params).json()["results"])


@pytest.mark.parametrize(
    "param, value, query",
    [
        ("person", "Olaf Berg", 'person:"Olaf Berg"'),
        ("person", "olaf-berg", "person:olaf-berg"),
        ("person", "Berg", "person:Berg"),
        ("person", "O. Berg", 'person:"O. Berg"'),  # the merged duplicate's name
        ("org", "finance-ministry", "org:finance-ministry"),
        ("org", "FinMin", "org:FinMin"),
        ("person", "Ann Lee", 'person:"Ann Lee"'),  # who wrote it is author=, not person=
    ],
)
def test_api_person_and_org_are_the_search_languages(client, archive, param, value, query):
    assert api_ids(client, **{param: value}) == search_page_ids(client, query)


def test_api_person_means_about_and_author_means_wrote(client, archive):
    a1, a2, a3 = archive["a1"], archive["a2"], archive["a3"]
    # Mentioned, or named in the text where the analysis missed the mention, as person: in the search.
    assert api_ids(client, person="Olaf Berg") == sorted([a1.pk, a2.pk, a3.pk])
    assert api_ids(client, author="Ann Lee") == [a1.pk]
    assert api_ids(client, author="olaf-berg") == []
    assert api_ids(client, person="Ann Lee") == []
    # The entity routes and page list what it wrote or is mentioned in (Article.objects.by_or_about).
    data = client.get("/api/entities/ann-lee/articles/").json()
    assert [r["id"] for r in data["results"]] == [a1.pk]
    assert client.get("/api/entities/olaf-berg/").json()["article_count"] == 2


def test_api_documents_one_meaning(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/articles/", "/api/search/"):
        described = {p["name"]: p.get("description", "") for p in schema["paths"][path]["get"]["parameters"]}
        assert "exactly as person: in the search" in described["person"]
        assert "exactly as org: in the search" in described["org"]
        assert "use author= for that" in described["person"]
        assert "who wrote the article" in described["author"]


def test_entity_feed_lists_what_the_entity_wrote_or_is_mentioned_in(client, archive):
    feed = client.get("/feeds/entities/olaf-berg/").content.decode()
    assert feed.count("<entry>") == 2
    assert "Budget passes" in feed and "Trade talks stall" in feed and "Harbour news" not in feed


# --- forms -----------------------------------------------------------------------------------------


def test_statement_filter_form_reads_every_parameter(archive):
    form = StatementFilterForm(
        {"speaker": " olaf-berg ", "tag": "Europe", "kind": " direct ", "after": "2024-01-01", "q": "  budget  "}
    )
    assert form.messages == []
    assert form.applied == {
        "speaker": "Olaf Berg",
        "tag": "europe",
        "kind": "Direct quote",
        "after": "2024-01-01",
        "q": "budget",
    }
    assert [s.content for s in form.filters().statements()] == ["The budget is balanced."]


def test_entity_index_form():
    assert EntityIndexForm({}).value("sort") == "articles"
    assert EntityIndexForm({"sort": "name", "q": " merk\x00 "}).value("q") == "merk"
    bad = EntityIndexForm({"sort": "shoe size"})
    assert bad.value("sort", "articles") == "articles"
    assert bad.messages == ["Unknown order “shoe size”; sorted by number of articles."]


def test_people_page_says_an_unknown_order_is_ignored(client, archive):
    response = client.get("/people/", {"sort": "shoe size"})
    assert response.status_code == 200
    assert "Unknown order “shoe size”; sorted by number of articles." in response.content.decode()


def test_search_form():
    form = SearchForm({"q": " trade ", "sort": "oldest", "page": "3"})
    assert (form.value("q"), form.value("sort"), form.value("page")) == (" trade ", "oldest", 3)
    assert SearchForm({"q": "harb\x00our"}).value("q") == "harbour"
    form = SearchForm({"sort": "random", "page": "x"})
    assert (form.value("q", ""), form.value("sort"), form.value("page", 1)) == ("", None, 1)
    assert form.messages == ["Unknown order “random”; showing the default order."]


def test_search_page_says_an_unknown_order_is_ignored(client, archive):
    response = client.get("/search/", {"q": "trade", "sort": "random", "page": "x"})
    assert response.status_code == 200
    assert "Unknown order “random”; showing the default order." in response.content.decode()


def test_unnamed_sources_form():
    assert UnnamedSourcesForm({"description": "  a US official\x00 "}).value("description") == "a US official"
    assert UnnamedSourcesForm({}).value("description") == ""


@pytest.mark.parametrize(
    ("form", "data", "expected"),
    [
        (SuggestForm, {"q": "  Bortni\x00kov  "}, {"q": "Bortnikov"}),
        (SuggestForm, {"q": "x" * 150}, {"q": "x" * 100}),
        (
            TagPickForm,
            QueryDict("tag=Climate+Change&tag=&tag=a/b&tag=climate-change"),
            {"tag": ["ab", "climate-change"]},
        ),
        (TagPickForm, QueryDict(""), {"tag": []}),
        (ArticleViewForm, {"mentions": "1"}, {"mentions": True}),
        (ArticleViewForm, {"mentions": "yes"}, {"mentions": False}),
        (CitationForm, {"capture": "12"}, {"capture": 12}),
        (CitationForm, {"capture": "0"}, {}),
        (CitationForm, {"capture": "twelve"}, {}),
    ],
)
def test_the_small_page_forms_read_their_parameters(form, data, expected):
    bound = form(data)
    assert {name: bound.value(name) for name in expected} == expected
    if not expected:
        assert bound.value("capture") is None


@pytest.mark.parametrize("value", ["Wire Daily", "wire daily", "wire-daily", "WIRE.test", "wire.test"])
def test_a_source_means_the_same_to_the_api_and_the_export(client, value, tmp_path):
    wired = make_article("On the wire", source="Wire Daily", domain="wire.test", url="https://wire.test/a")
    make_article("Elsewhere", source="Other Paper", domain="other.test", url="https://other.test/b")
    api = [a["id"] for a in client.get("/api/articles/", {"source": value}).json()["results"]]
    out = StringIO()
    call_command("export_articles", source=value, stdout=out, stderr=StringIO())
    exported = [line for line in out.getvalue().splitlines() if line]
    assert api == [wired.pk]
    assert [json.loads(line)["title"] for line in exported] == ["On the wire"]


@pytest.mark.parametrize("value", ["Middle East", "middle east", "middle-east", "MIDDLE EAST"])
def test_a_tag_means_the_same_to_the_api_the_pages_and_the_export(client, value):
    tagged = make_article("Ceasefire holds", tags=("Middle East", "Diplomacy"), published=day(1))
    make_article("Harvest in", tags=("Farming", "Diplomacy"), published=day(2))
    api = [a["id"] for a in client.get("/api/articles/", {"tag": [value, "Diplomacy"]}).json()["results"]]
    say(tagged, 0, Entity.objects.resolve("Ada Ray", Entity.Kind.PERSON), "The line holds.")
    statements = client.get("/api/statements/", {"tag": value}).json()["results"]
    out = StringIO()
    call_command("export_articles", tag=[value], stdout=out, stderr=StringIO())
    exported = [json.loads(line)["title"] for line in out.getvalue().splitlines() if line]
    assert api == [tagged.pk]
    assert [s["content"] for s in statements] == ["The line holds."]
    assert exported == ["Ceasefire holds"]
    page = client.get("/statements/", {"tag": value}).content.decode()
    assert "The line holds." in page


def test_a_tag_name_that_no_tag_has_matches_nothing(client):
    make_article("Ceasefire holds", tags=("Middle East",), published=day(1))
    assert client.get("/api/articles/", {"tag": "Far East"}).json()["results"] == []
