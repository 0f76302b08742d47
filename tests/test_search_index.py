"""The search index follows the archive: imports, updates, deletes, tag and
entity changes, rebuilds and bulk loads, on both backends; on SQLite the
text index also carries each article's filter values (``search_facets``)."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest.page import ParsedPage
from archive.ingest.store import store_page
from archive.models import Article, Entity, Mention
from tests.factories import make_article
from tests.test_search import corpus, day, found  # noqa: F401 (the corpus fixture)

pytestmark = pytest.mark.django_db

SQLITE = connection.vendor == "sqlite"  # the filter tokens live in SQLite's FTS5 index only


def fts_is_consistent() -> bool:
    """FTS5's own check of the index against the article rows."""
    if not SQLITE:
        return True
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO archive_article_fts(archive_article_fts) VALUES ('integrity-check')")
    return True


def facets_of(article) -> str:
    article.refresh_from_db()
    return article.search_facets


def test_index_follows_import_update_and_delete(client):
    article = make_article(
        "Original headline", ("About quinoa farming.",), url="https://example.org/a", tags=("Farming",)
    )
    assert found("quinoa") == ["Original headline"]
    page_ = ParsedPage(
        raw=b"new bytes",
        format="html",
        title="Rewritten headline",
        body=["About sorghum now."],
        url="https://example.org/a",
        source_name="Test Times",
        authors=["Bo Chan"],
        tags=["Grain"],
        captured=day(2025),
        published=day(2024, 6, 1),
    )
    store_page(page_)
    assert found("quinoa") == []
    assert found("sorghum") == ["Rewritten headline"]
    assert found("tag:grain") == ["Rewritten headline"] and found("tag:farming") == []
    assert found("sorghum tag:grain") == ["Rewritten headline"] and found("sorghum tag:farming") == []
    assert found('sorghum author:"Bo Chan" after:2024-06-01 before:2024-06-02') == ["Rewritten headline"]
    assert fts_is_consistent()
    Article.objects.get(pk=article.pk).delete()
    assert found("sorghum") == [] and found("") == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM archive_search_posting")
        assert cursor.fetchone()[0] == 0


@pytest.mark.usefixtures("corpus")
def test_rebuild_search_index():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM archive_search_posting")
    assert found("tag:economy") == []
    call_command("rebuild_search_index", stdout=StringIO())
    assert set(found("tag:economy")) == {"Trade across the border", "Kandahar market reopens"}
    assert set(found("attacks")) == {"Trade across the border", "Kandahar market reopens"}


def test_generate_corpus_is_searchable():
    out = StringIO()
    call_command("generate_corpus", articles=30, seed=5, workers=0, stdout=out)
    assert "30 synthetic articles" in out.getvalue()
    assert Article.objects.filter(is_synthetic=True).count() == 30
    article = Article.objects.order_by("pk").first()
    assert article.captures.get().verify()
    person = article.mentions.filter(entity__kind="person").first().entity
    assert article.title in found(f'person:"{person.name}"')
    org = article.mentions.filter(entity__kind="organization").first().entity
    assert article.title in found(f'org:"{org.name}"')
    word = article.title.split()[1]
    assert article.title in found(word)


def test_generate_corpus_writes_the_index_rows_a_rebuild_would():
    from archive.search.index import rebuild

    call_command("generate_corpus", articles=40, seed=3, workers=0, stdout=StringIO())
    postings = "SELECT article_id, kind, value_id, published FROM archive_search_posting ORDER BY 1, 2, 3"
    with connection.cursor() as cursor:
        cursor.execute(postings)
        written = cursor.fetchall()
        rebuild(connection)
        cursor.execute(postings)
        assert cursor.fetchall() == written
    assert len(written) > 40 * 6
    # The index triggers are back: an article stored afterwards is found.
    make_article("Quokka census", ("Counted on Rottnest.",), tags=["Wildlife"])
    assert found("quokka tag:wildlife") == ["Quokka census"]


@pytest.mark.skipif(SQLITE, reason="PostgreSQL only: SQLite has no visibility map to set")
@pytest.mark.django_db(transaction=True)
def test_generate_corpus_vacuums_on_postgresql_so_plans_see_a_settled_table():
    call_command("generate_corpus", articles=20, seed=4, workers=0, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL "
            "AND relname IN ('archive_article', 'archive_search_posting') ORDER BY relname"
        )
        assert [row[0] for row in cursor.fetchall()] == ["archive_article", "archive_search_posting"]


def test_triggers_come_back_after_a_table_is_remade():
    from archive.search.schema import reinstall_after_migrate

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite drops triggers when Django remakes a table")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER archive_search_article_ai")
    reinstall_after_migrate(using=connection.alias)
    make_article("Back again", ("Triggers restored.",))
    assert found("restored") == ["Back again"]


@pytest.mark.usefixtures("corpus")
def test_words_never_match_filter_tokens():
    article = Article.objects.get(title="Kabul weather")
    tag = article.tags.get()
    token = f"t{tag.pk}"
    assert found(token) == []
    assert found("winter tag:weather") == ["Kabul weather"]
    assert found(f'"{token}" OR winter') == ["Kabul weather"]


@pytest.mark.usefixtures("corpus")
def test_words_with_filters_and_exclusions():
    assert found("security tag:afghanistan", sort="oldest") == [
        "Border security talks resume",
        "Trade across the border",
    ]
    assert found("security tag:afghanistan tag:economy") == ["Trade across the border"]
    assert found("security -tag:economy") == ["Border security talks resume"]
    assert found('security -author:"Ann Lee"') == ["Trade across the border"]
    assert found("security source:kabul-post -border") == []
    assert found("security tag:weather") == []


@pytest.mark.usefixtures("corpus")
def test_words_with_whole_and_partial_years():
    assert found("security after:2021-01-01 before:2022-01-01") == ["Border security talks resume"]
    assert found("security after:2021-03-02", sort="oldest") == ["Trade across the border"]
    assert found("security after:2021-03-01", sort="oldest") == [
        "Border security talks resume",
        "Trade across the border",
    ]
    assert found("security before:2021-03-01") == ["Kandahar market reopens"]
    assert found("security after:2020-06-30 before:2020-07-02") == ["Kandahar market reopens"]
    assert found("security after:2023-01-01") == []
    assert found("security before:1990-01-01") == []
    assert found("security after:1800-01-01 before:2100-01-01", sort="oldest") == [
        "Kandahar market reopens",
        "Border security talks resume",
        "Trade across the border",
    ]


def test_words_with_a_date_but_no_dated_articles():
    make_article("Undated piece", ("Quokka counts.",), published=None)
    assert found("quokka") == ["Undated piece"]
    assert found("quokka after:2020-01-01") == []


def test_filter_tokens_follow_tags_authors_entities_and_dates():
    article = make_article(
        "Quokka census", ("Counted on Rottnest.",), tags=("Wildlife",), authors=("Ann Lee",), published=day(2024, 5)
    )
    wildlife = article.tags.get()
    author = article.authors.get()
    expected = {f"t{wildlife.pk}", f"s{article.source_id}", f"a{author.pk}", "y2024"}
    assert set(facets_of(article).split()) == (expected if SQLITE else set())
    article.tags.add("Islands")
    islands = article.tags.get(name="Islands")
    assert found("quokka tag:islands") == ["Quokka census"]
    article.tags.remove(wildlife)
    assert found("quokka tag:wildlife") == [] and found("quokka tag:islands") == ["Quokka census"]
    person = Entity.objects.create(name="Jan Smit", slug="jan-smit", kind="person", key="jan smit")
    mention = Mention.objects.create(article=article, entity=person, start=0, end=6, text="Quokka", label="PERSON")
    assert found('quokka person:"Jan Smit"') == ["Quokka census"]
    mention.delete()
    assert found('quokka person:"Jan Smit"') == []
    Article.objects.filter(pk=article.pk).update(published=datetime(2019, 2, 3, tzinfo=UTC))
    assert found("quokka after:2019-01-01 before:2020-01-01") == ["Quokka census"]
    assert found("quokka after:2024-01-01") == []
    if SQLITE:
        assert set(facets_of(article).split()) == {f"t{islands.pk}", f"s{article.source_id}", f"a{author.pk}", "y2019"}
    assert fts_is_consistent()
    article.delete()
    assert found("quokka") == [] and fts_is_consistent()


def test_saving_a_stale_article_keeps_its_filter_tokens():
    article = make_article("Quokka census", ("Counted on Rottnest.",), published=day(2024, 5))
    stale = Article.objects.get(pk=article.pk)
    article.tags.add("Wildlife")
    stale.title = "Quokka census, revised"
    stale.save()
    assert found("quokka tag:wildlife") == ["Quokka census, revised"]
    assert fts_is_consistent()


def test_one_table_of_posting_rules_gives_every_posting_writer():
    from archive.search import index, postings, schema

    assert schema.KIND_LETTERS == "tsapoy"  # stored in existing indexes: a letter never changes
    assert schema.token(schema.PERSON, 12) == "p12" and schema.token(schema.YEAR, 2019) == "y2019"
    assert set(schema.KIND_NAMES.values()) == {"tags", "sources", "authors", "people", "organizations", "years"}
    sqlite_triggers = {s.split()[5] for s in schema.SQLITE if s.startswith("CREATE TRIGGER")}
    for short in ("tag", "author", "mention"):  # installed databases have these names
        assert {f"archive_search_{short}_ai", f"archive_search_{short}_ad"} <= sqlite_triggers
    for vendor in ("sqlite", "postgresql"):
        inserts = index.posting_sql(vendor)[1:]
        assert len(inserts) == len(postings.ARTICLE_RULES) + len(postings.SOURCES)
        for rule in postings.RULES:
            assert any(rule.table in sql for sql in inserts)
