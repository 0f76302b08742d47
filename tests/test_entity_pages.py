"""Entities stored from analysis: identity across articles, merges, pages."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.admin import merge_entities, split_alias
from archive.models import Article, Entity, EntityAlias, Mention
from archive.nlp.analyzer import ANALYZER_VERSION
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(sample_path):
    call_command("import_articles", str(sample_path), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get()


def entity(name, kind=None):
    qs = Entity.objects.filter(name=name)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.get()


def test_sample_entities_are_stored_with_aliases_and_roles(sample):
    assert sample.analyzed_version == ANALYZER_VERSION
    bortnikov = entity("Alexander Bortnikov", Entity.Kind.PERSON)
    assert [a.name for a in bortnikov.aliases.all()] == ["Bortnikov"]
    assert bortnikov.description == "director of Russia’s FSB"
    assert [(r.organization.name, r.description) for r in bortnikov.roles.all()] == [
        ("FSB", "director of Russia’s FSB")
    ]
    isis = entity("ISIS", Entity.Kind.ORGANIZATION)
    assert "Islamic State of Iraq and Syria" in [a.name for a in isis.aliases.all()]
    for name in ("FSB", "RT", "AFP"):
        assert entity(name).kind == Entity.Kind.ORGANIZATION
    for name in ("Afghanistan", "Russia", "Syria", "Iraq"):
        assert entity(name).kind == Entity.Kind.PLACE
    names = set(Entity.objects.values_list("name", flat=True))
    assert not names & {"State", "North of Afghanistan", "the Islamic State of Iraq"}
    # Every mention's text is exactly the text at its offsets.
    text = sample.text
    assert all(text[m.start : m.end] == m.text for m in sample.mentions.all())


def test_analyze_text_prints_the_contract_and_writes_nothing(sample_path):
    out = StringIO()
    call_command("analyze_text", str(sample_path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["path"] == str(sample_path)
    text = sample_path.read_bytes().decode("utf-8")
    bortnikov = [e for e in result["entities"] if e["entity"] == "Alexander Bortnikov"]
    assert {e["text"] for e in bortnikov} == {"Alexander Bortnikov", "Bortnikov"}
    for e in result["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["label"] in {"PERSON", "ORG", "GPE", "LOC", "NORP"}
    assert Article.objects.count() == 0 and Entity.objects.count() == 0


def test_same_name_in_another_article_is_the_same_entity(sample):
    other = make_article("Bortnikov speaks again", ("Bortnikov met officials in Moscow on Tuesday.",))
    call_command("analyze", stdout=StringIO(), stderr=StringIO())
    bortnikov = entity("Alexander Bortnikov")
    assert Mention.objects.filter(article=other, entity=bortnikov).count() == 2
    assert not Entity.objects.filter(name="Bortnikov").exists()


def test_merge_survives_reanalysis(sample):
    make_article("Russia's security service", ("The Federal Security Service said it had arrested two men.",))
    call_command("analyze", stdout=StringIO(), stderr=StringIO())
    fsb, long_name = entity("FSB"), entity("Federal Security Service")
    merge_entities(fsb, [long_name])
    call_command("analyze", all=True, stdout=StringIO(), stderr=StringIO())
    assert (
        Mention.objects.filter(text="Federal Security Service").values_list("entity", flat=True).distinct().get()
        == fsb.pk
    )
    assert "Federal Security Service" in [a.name for a in fsb.aliases.all()]
    # The merged entity's page sends readers to the one it was merged into.
    from django.test import Client

    response = Client().get(long_name.get_absolute_url())
    assert response.status_code == 301 and response["Location"] == fsb.get_absolute_url()


def test_split_alias_survives_reanalysis(sample):
    bortnikov = entity("Alexander Bortnikov")
    alias = EntityAlias.objects.get(entity=bortnikov, name="Bortnikov")
    new = split_alias(alias)
    assert set(Mention.objects.filter(entity=new).values_list("text", flat=True)) == {"Bortnikov"}
    call_command("analyze", all=True, stdout=StringIO(), stderr=StringIO())
    assert set(Mention.objects.filter(entity=new).values_list("text", flat=True)) == {"Bortnikov"}
    assert set(Mention.objects.filter(entity=bortnikov).values_list("text", flat=True)) == {"Alexander Bortnikov"}


def test_analyze_is_resumable_and_all_redoes(sample):
    out = StringIO()
    call_command("analyze", stdout=out, stderr=StringIO())
    assert out.getvalue() == f"Nothing to analyse: every article is at analyzer version {ANALYZER_VERSION}.\n"
    make_article("New", ("Angela Merkel spoke in Berlin.",))
    out = StringIO()
    call_command("analyze", stdout=out, stderr=StringIO())
    assert out.getvalue() == f"Analysed 1 article (analyzer version {ANALYZER_VERSION}).\n"
    before = sorted(Mention.objects.values_list("article", "start", "end", "entity"))
    out = StringIO()
    call_command("analyze", all=True, stdout=out, stderr=StringIO())
    assert out.getvalue() == f"Analysed 2 articles (analyzer version {ANALYZER_VERSION}).\n"
    assert sorted(Mention.objects.values_list("article", "start", "end", "entity")) == before


def test_entity_page(client, sample):
    bortnikov = entity("Alexander Bortnikov")
    page = client.get(bortnikov.get_absolute_url()).content.decode()
    assert "<h1>Alexander Bortnikov</h1>" in page
    assert '<span class="description">director of Russia’s FSB</span>' in page
    assert '<p class="aliases">Also named: Bortnikov</p>' in page
    assert "Mentioned 4 times in 1 article." in page
    assert '<p class="first-mention">The director of Russia’s FSB Alexander Bortnikov made the remarks' in page
    assert '<a href="/entities/fsb/">FSB</a>' in page
    assert '<h2 id="statements-heading">Statements</h2>' in page


def test_organization_page_lists_statements_reported_through_it(client, sample):
    page = client.get(entity("AFP").get_absolute_url()).content.decode()
    assert '<h2 id="reported-heading">Reported through AFP</h2>' in page
    assert "We know some have already made their way back here" in page


def test_people_index_sorts_and_filters(client, sample):
    make_article("Two people", ("Angela Merkel met Alexander Bortnikov in Berlin.",))
    call_command("analyze", stdout=StringIO(), stderr=StringIO())
    page = client.get("/people/").content.decode()
    assert page.index(">Alexander Bortnikov</a>") < page.index(">Angela Merkel</a>")
    filtered = client.get("/people/?q=merk").content.decode()
    assert ">Angela Merkel</a>" in filtered and ">Alexander Bortnikov</a>" not in filtered
    orgs = client.get("/organizations/?sort=name").content.decode()
    assert orgs.index(">AFP</a>") < orgs.index(">FSB</a>") < orgs.index(">RT</a>")


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_for",
    [
        lambda: entity("FSB").get_absolute_url(),
        lambda: "/organizations/",
        lambda: "/people/",
        lambda: "/statements/",
        lambda: "/statements/unnamed/",
    ],
)
def test_entity_and_statement_pages_have_constant_query_counts(client, sample, url_for):
    few = queries(client, url_for())
    for n in range(5):
        make_article(f"More {n}", (f"The FSB director Alexander Bortnikov warned of attacks, Reuters said. Case {n}.",))
    call_command("analyze", stdout=StringIO(), stderr=StringIO())
    assert queries(client, url_for()) == few


def test_an_entity_is_found_at_the_address_its_name_gives_when_an_earlier_name_gave_its_own(client):
    """A lone "Harlow" first, then "Jane Harlow": the entity keeps the address "/entities/harlow/" its first
    name gave (links to it must not break), and "/entities/jane-harlow/" leads there too."""
    person = Entity.objects.create(name="Jane Harlow", kind=Entity.Kind.PERSON, key="jane harlow", slug="harlow")
    EntityAlias.objects.create(entity=person, name="Harlow", key="harlow")
    response = client.get("/entities/jane-harlow/")
    assert (response.status_code, response["Location"]) == (302, "/entities/harlow/")
    assert client.get("/entities/harlow/").status_code == 200
    # A name two entities go by, or none, is not found.
    other = Entity.objects.create(name="Tom Harlow", kind=Entity.Kind.PERSON, key="tom harlow", slug="tom-harlow")
    EntityAlias.objects.create(entity=other, name="Harlow", key="harlow")
    assert client.get("/entities/harlow-x/").status_code == 404
    assert client.get("/entities/tom-harlow/").status_code == 200
    Entity.objects.create(name="J. Harlow", kind=Entity.Kind.PERSON, key="j harlow", slug="jh", merged_into=person)
    assert client.get("/entities/j-harlow/")["Location"] == "/entities/harlow/"
