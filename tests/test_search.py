"""Search: the query language, ranking, snippets, facets, hostile input, the
index kept current by triggers. Backend-agnostic: the suite runs on SQLite
and again on PostgreSQL (``make test``)."""

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

from archive.models import Article, Entity, EntityAlias, Mention
from archive.search.query import parse, serialize
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def day(y, m=1, d=1):
    return datetime(y, m, d, tzinfo=UTC)


def page(client, q="", **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    """Result titles in order, marks removed."""
    found = re.findall(r'<h3 class="article-item-title"><a href="[^"]+">(.*?)</a></h3>', html)
    return [unescape(re.sub(r"</?mark>", "", t)) for t in found]


def found(q, **kw):
    return [a.title for a in Article.objects.search(q, **kw)[:50]]


@pytest.fixture
def corpus():
    make_article(
        "Border security talks resume",
        ("Officials met at the frontier crossing.",),
        tags=("Afghanistan", "Security"),
        published=day(2021, 3, 1),
        source="Kabul Post",
        domain="kabulpost.example",
        authors=("Ann Lee",),
    )
    make_article(
        "Trade across the border",
        ("Merchants attacked prices; the security official said little.",),
        tags=("Afghanistan", "Economy"),
        published=day(2022, 5, 1),
        authors=("Bo Chan",),
    )
    make_article(
        "Kandahar market reopens",
        ("Shops reopened after an attack on the official security post.",),
        tags=("Economy",),
        published=day(2020, 7, 1),
        authors=("Ann Lee",),
    )
    make_article("Kabul weather", ("A cold winter is forecast.",), tags=("Weather",), published=day(2019, 1, 1))


def test_all_words_must_match(corpus):
    assert set(found("border security")) == {"Border security talks resume", "Trade across the border"}
    assert found("border kandahar") == []


def test_words_are_stemmed(corpus):
    # "attacks" finds "attacked" and "attack".
    assert set(found("attacks")) == {"Trade across the border", "Kandahar market reopens"}


def test_exact_phrase(corpus):
    assert found('"security official"') == ["Trade across the border"]
    # Without quotes the words may be anywhere, in any form ("Officials").
    assert set(found("security official")) == {
        "Trade across the border",
        "Kandahar market reopens",
        "Border security talks resume",
    }


def test_or(corpus):
    assert set(found("kandahar OR kabul")) == {"Kandahar market reopens", "Kabul weather"}
    assert found("kandahar or kabul") == []  # lower-case "or" is a common word, so both words must match


def test_excluded_word_and_phrase(corpus):
    assert found("border -trade") == ["Border security talks resume"]
    assert found('security -"security official"', sort="newest") == [
        "Border security talks resume",
        "Kandahar market reopens",
    ]
    assert found("-border", sort="newest") == ["Kandahar market reopens", "Kabul weather"]


def test_filters(corpus):
    assert found("tag:economy", sort="newest") == ["Trade across the border", "Kandahar market reopens"]
    assert found("tag:Afghanistan tag:Economy") == ["Trade across the border"]
    assert found("source:kabul-post") == ["Border security talks resume"]
    assert found('source:"Kabul Post"') == ["Border security talks resume"]
    assert found('author:"Ann Lee"', sort="oldest") == ["Kandahar market reopens", "Border security talks resume"]
    assert found("after:2021-03-01", sort="oldest") == ["Border security talks resume", "Trade across the border"]
    assert found("before:2021-03-01", sort="oldest") == ["Kabul weather", "Kandahar market reopens"]
    assert found("security -tag:afghanistan") == ["Kandahar market reopens"]
    assert found("tag:nonexistent") == []


def test_sorting_newest_and_oldest(corpus):
    assert found("", sort="newest") == [
        "Trade across the border",
        "Border security talks resume",
        "Kandahar market reopens",
        "Kabul weather",
    ]
    assert found("", sort="oldest")[0] == "Kabul weather"
    assert found("security", sort="oldest") == [
        "Kandahar market reopens",
        "Border security talks resume",
        "Trade across the border",
    ]


@pytest.fixture
def fsb():
    article = make_article(
        "Spy chief warns", ("Alexander Bortnikov, director of the FSB, spoke.",), published=day(2023)
    )
    other = make_article("Unrelated", ("Nothing here about spies.",), published=day(2023, 2))
    person = Entity.objects.create(
        name="Alexander Bortnikov",
        slug="alexander-bortnikov",
        kind="person",
        key="alexander bortnikov",
        description="Director of the FSB",
    )
    EntityAlias.objects.create(entity=person, name="Bortnikov", key="bortnikov")
    org = Entity.objects.create(
        name="Federal Security Service", slug="fsb", kind="organization", key="federal security service"
    )
    EntityAlias.objects.create(entity=org, name="FSB", key="fsb")
    offset = article.body_offset
    Mention.objects.create(
        article=article, entity=person, start=offset, end=offset + 19, text="Alexander Bortnikov", label="PERSON"
    )
    Mention.objects.create(article=article, entity=org, start=offset + 44, end=offset + 47, text="FSB", label="ORG")
    return article, other, person, org


def test_person_and_org_filters_use_any_name(fsb):
    assert found('person:"Alexander Bortnikov"') == ["Spy chief warns"]
    assert found("person:bortnikov") == ["Spy chief warns"]
    assert found("org:FSB") == ["Spy chief warns"]
    assert found('org:"Federal Security Service"') == ["Spy chief warns"]
    assert found("-org:fsb") == ["Unrelated"]
    assert found("person:nobody") == []


def test_entity_card_for_a_named_entity(client, fsb):
    _, _, person, org = fsb
    html = page(client, "Bortnikov")
    assert f'<h2><a href="{person.get_absolute_url()}">Alexander Bortnikov</a></h2>' in html
    assert "Director of the FSB" in html
    html = page(client, "FSB")
    assert f'<h2><a href="{org.get_absolute_url()}">Federal Security Service</a></h2>' in html
    assert 'class="entity-card"' not in page(client, "spoke")


def test_title_matches_rank_above_body_matches():
    make_article("Budget news", ("The zanzibar delegation arrived late in the evening.",), published=day(2024))
    make_article("Zanzibar delegation", ("Officials arrived late in the evening for talks.",), published=day(2020))
    make_article("Other news", ("A zanzibar mention, deep in the text of a long report.",), published=day(2022))
    assert found("zanzibar")[0] == "Zanzibar delegation"
    assert found("zanzibar", sort="newest") == ["Budget news", "Other news", "Zanzibar delegation"]


def test_snippets_mark_words_and_escape_content(client):
    make_article(
        "Plain title", ('Fish & chips <script>alert(1)</script> cost < 5 "here" in Zanzibar \ue000open\ue001.',)
    )
    html = page(client, "zanzibar")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>Zanzibar</mark>" in snippet
    assert "Fish &amp; chips" in snippet and "cost &lt; 5 &quot;here&quot;" in snippet
    # PostgreSQL's excerpt drops tag-like text, SQLite's keeps it escaped; never as markup.
    assert "<script>" not in html and "alert(1)" in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1  # content's private-use characters mark nothing
    assert titles(html) == ["Plain title"]


def test_a_match_deep_in_a_long_article_is_in_its_excerpt(client):
    """The excerpt is cut from a window around the first match on both
    backends: a word 30,000 characters in (past the 20,000 PostgreSQL once
    gave ts_headline) is still shown, and marked."""
    filler = " ".join(f"plain{n % 97} words here." for n in range(1_500))  # about 30,000 characters
    make_article("Long report", (filler, "At last the quokka census came in."))
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page(client, "quokka"), re.S).group(1)
    assert "<mark>quokka</mark> census" in snippet


def test_title_words_are_marked(client):
    make_article("Zanzibar & friends", ("Body text.",))
    html = page(client, "zanzibar")
    assert "<mark>Zanzibar</mark> &amp; friends" in html


def facet_values(html, heading):
    section = re.search(rf'<h3 id="facet-[a-z]+">{heading}</h3>(.*?)</section>', html, re.S)
    if not section:
        return {}
    return {
        unescape(label): (int(count), unescape(href))
        for href, label, count in re.findall(
            r'<a href="([^"]+)" rel="nofollow">([^<]+)</a> <span class="count">(\d+)</span>', section.group(1)
        )
    }


def test_facet_counts_for_the_result_set(client, corpus):
    html = page(client, "security")
    tags = facet_values(html, "Tags")
    assert {k: v[0] for k, v in tags.items()} == {"Afghanistan": 2, "Economy": 2, "Security": 1}
    assert {k: v[0] for k, v in facet_values(html, "Years").items()} == {"2022": 1, "2021": 1, "2020": 1}
    assert {k: v[0] for k, v in facet_values(html, "Authors").items()} == {"Ann Lee": 2, "Bo Chan": 1}
    assert {k: v[0] for k, v in facet_values(html, "Sources").items()} == {"Test Times": 2, "Kabul Post": 1}


def test_facets_narrow_by_intersection(client, corpus):
    html = page(client, "security")
    url = facet_values(html, "Tags")["Afghanistan"][1]
    query = parse_qs(urlsplit(url).query)["q"][0]
    assert query == "security tag:Afghanistan"
    html = page(client, query)
    assert set(titles(html)) == {"Border security talks resume", "Trade across the border"}
    url = facet_values(html, "Tags")["Economy"][1]
    query = parse_qs(urlsplit(url).query)["q"][0]
    html = page(client, query)
    assert titles(html) == ["Trade across the border"]
    assert "Afghanistan" not in facet_values(html, "Tags")  # selected values show as filters instead
    assert 'aria-label="Remove filter tag: Afghanistan"' in html


def test_year_facet_narrows_to_the_year(client, corpus):
    url = facet_values(page(client), "Years")["2021"][1]
    query = parse_qs(urlsplit(url).query)["q"][0]
    assert query == "after:2021-01-01 before:2022-01-01"
    assert titles(page(client, query)) == ["Border security talks resume"]


def test_empty_query_lists_the_archive_newest_first_with_facets(client, corpus):
    html = page(client)
    assert titles(html) == [
        "Trade across the border",
        "Border security talks resume",
        "Kandahar market reopens",
        "Kabul weather",
    ]
    assert "4 articles" in html
    assert facet_values(html, "Tags")["Afghanistan"][0] == 2


def test_pagination():
    for n in range(25):
        make_article(f"Story {n:02}", ("Common words here.",), published=day(2020, 1, 1 + n))
    results = Article.objects.search("common")
    assert results.count() == 25
    assert [a.title for a in results[20:25]] == [a.title for a in Article.objects.search("common")[20:40]]
    assert len(results[20:40]) == 5


def test_result_page_paginates(client):
    for n in range(25):
        make_article(f"Story {n:02}", ("Common words here.",), published=day(2020, 1, 1 + n))
    first = page(client, "common", sort="newest")
    assert titles(first)[0] == "Story 24" and len(titles(first)) == 20
    assert "Page 1 of 2" in first
    assert titles(page(client, "common", sort="newest", page=2)) == [f"Story {n:02}" for n in range(4, -1, -1)]


HOSTILE = {
    '"unbalanced quote': "A quotation mark was not closed",
    "OR": "“OR” needs a word or phrase on each side",
    "border OR": "“OR” needs a word or phrase on each side",
    "NEAR(border security, 2)": None,
    "bord* ^security": None,
    "title:border": "There is no “title:” filter",
    "body:border OR": "There is no “body:” filter",
    "'; DROP TABLE archive_article; --": None,
    "1) OR 1=1 --": None,
    "\x00\x07border\x1b[0m\u202e": None,
    "x" * 10_000: "The query was cut to its first 500 characters.",
    "border " * 2000: "The query was cut",
    "after:2021-02-30": "“after:2021-02-30” is not a date",
    "before:yesterday": "“before:yesterday” is not a date",
    "tag:": "“tag:” needs a value",
    "tag:doesnotexist": "No tag “doesnotexist” is in the archive.",
    "the of and": "Very common words are not searched for: the, of, and.",
    "\ue000border\ue001": None,
    '"" - -- "': None,
    "after:2022-01-01 before:2021-01-01": "“after:” is not before “before:”",
    "AND NOT": None,
    "{near} [x] (y) :z \\": None,
}


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_input_gets_a_page_with_a_message(client, corpus, q):
    html = page(client, q)
    expected = HOSTILE[q]
    if expected:
        assert expected in unescape(html)
    assert "OperationalError" not in html and "syntax error" not in html.lower()
    for sort in ("relevance", "newest", "oldest", "nonsense"):
        page(client, q, sort=sort, page="2")


def test_sql_fragment_is_just_words(corpus):
    assert found("border'; DELETE FROM archive_article; --") == []
    assert Article.objects.count() == 4


def test_query_round_trips():
    q = parse('border -trade "security official" kabul OR kandahar tag:"Middle East" -source:x after:2020-01-02')
    assert (
        serialize(q)
        == 'border "security official" kabul OR kandahar -trade tag:"Middle East" -source:x after:2020-01-02'
    )
    assert serialize(parse(serialize(q))) == serialize(q)


def test_queryset_restricts_the_search(corpus):
    qs = Article.objects.filter(published__year=2021)
    assert [a.title for a in qs.search("border")[:10]] == ["Border security talks resume"]


def add(n, offset):
    for i in range(n):
        make_article(
            f"Story {offset + i}",
            ("Common text for every story.",),
            tags=("Common", f"T{offset + i}"),
            authors=(f"Writer {i}",),
            published=day(2020, 1, 1),
        )


@pytest.mark.parametrize(
    "url", ["/search/?q=common", "/search/?q=common+tag:common", "/search/", "/search/?q=common&sort=newest"]
)
def test_results_page_query_count_is_constant(client, count_queries, url):
    add(3, 0)
    few = count_queries(client, url)
    add(30, 100)
    assert count_queries(client, url) == few


@pytest.mark.parametrize("url", ["/search/?q=common", "/search/?q=common&sort=newest", "/search/"])
def test_a_later_results_page_runs_the_search_once(client, count_queries, url):
    # Page 2 used to run the search for page 1 (for the count) and again for its own rows.
    add(45, 0)
    first = count_queries(client, url)
    assert count_queries(client, f"{url}{'&' if '?' in url else '?'}page=2") == first
    page_two = client.get(f"{url}{'&' if '?' in url else '?'}page=2").content.decode()
    assert page_two.count('<li class="article-item">') == 20


def test_results_page_exact_query_count(client, django_assert_num_queries):
    add(5, 0)
    # count, page ids, articles, their tags, authorships, authors, snippets,
    # facet counts, tag, source and entity names, entity cards; SQLite counts
    # a small result set in the same pass that ranks it; PostgreSQL adds the
    # SET LOCAL that keeps the search's and the facets' statements on the indexes,
    # and (inside the test's transaction, not a request's) the two that undo it.
    with django_assert_num_queries(11 if connection.vendor == "sqlite" else 16):
        client.get("/search/?q=common")


def test_help_page(client):
    response = client.get("/search/help/")
    assert response.status_code == 200
    assert "person:" in response.content.decode()


def test_relevance_for_very_common_words_ranks_the_recent_matches(monkeypatch):
    from archive.search import engine

    make_article("Zanzibar title", ("Zanzibar body.",))  # the best match, added first
    for name in ("Second", "Third", "Fourth"):
        make_article(name, ("One zanzibar mention in a longer text.",))
    assert [a.title for a in Article.objects.search("zanzibar")[0:2]] == ["Zanzibar title", "Fourth"]
    monkeypatch.setattr(engine, "RECENT", 2)  # one name: the backends read it from engine
    # More matches than RECENT: only the RECENT newest-added are ranked.
    assert {a.title for a in Article.objects.search("zanzibar")[0:2]} == {"Third", "Fourth"}
    # The same when the matches are past the count's cap (PostgreSQL then walks
    # the newest articles instead of fetching every match by the index).
    by_date = [a.title for a in Article.objects.search("zanzibar", sort="oldest")]
    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    assert {a.title for a in Article.objects.search("zanzibar")[0:2]} == {"Third", "Fourth"}
    assert [a.title for a in Article.objects.search("zanzibar", sort="oldest")] == by_date


def test_results_page_charts_matching_articles_per_year(client):
    from datetime import UTC, datetime

    from tests.factories import make_article

    make_article("Harbour strike", ("The harbour strike went on.",), published=datetime(2019, 3, 1, tzinfo=UTC))
    make_article("Harbour reopens", ("The harbour reopened.",), published=datetime(2021, 5, 1, tzinfo=UTC))
    make_article("Other news", ("Nothing about ports.",), published=datetime(2020, 5, 1, tzinfo=UTC))
    page = client.get("/search/?q=harbour").content.decode()
    assert "Matching articles per year" in page
    table = page[page.index("<table") : page.index("</table>")]
    # 2019, 2020, 2021, then the total
    assert [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", table)] == [1, 0, 1, 2]
    assert "undated" not in page


def test_the_chart_of_matching_articles_says_how_many_undated_ones_it_cannot_show(client):
    from datetime import UTC, datetime

    from tests.factories import make_article

    make_article("Harbour strike", ("The harbour strike went on.",), published=datetime(2019, 3, 1, tzinfo=UTC))
    make_article("Harbour reopens", ("The harbour reopened.",), published=datetime(2021, 5, 1, tzinfo=UTC))
    make_article("Harbour notice", ("A harbour notice, undated.",))
    page = client.get("/search/?q=harbour").content.decode()
    assert "3 articles, relevance." in page
    assert "2 articles from 2019 to 2021; the most, 1, in 2019. 1 undated article not shown." in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL planner setting")
@pytest.mark.django_db(transaction=True)
def test_postgres_plans_a_search_on_its_indexes_and_only_the_search(client):
    """A search's statements run with sequential scans off (PostgreSQL would
    otherwise unpack every article's tsvector for a common word), in the
    search's own transaction: the connection is as before afterwards."""
    make_article("Harbour strike", ("The harbour strike went on.",))
    seen = {}

    def watch(execute, sql, params, many, context):
        if "WITH m AS MATERIALIZED (SELECT a.id" in sql and "count" not in seen:  # the count's statement
            with context["connection"].cursor() as cursor:
                cursor.execute("SELECT current_setting('enable_seqscan')")
                seen["count"] = cursor.fetchone()[0]
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert client.get("/search/?q=harbour").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        after = cursor.fetchone()
    # No JIT either: compiling a plan cost a search 0.57 s of its 0.6.
    assert (seen, after) == ({"count": "off"}, ("on", "off"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL planner setting")
def test_postgres_search_inside_a_callers_transaction_leaves_its_setting_behind():
    from django.db import transaction

    make_article("Harbour strike", ("The harbour strike went on.",))
    with transaction.atomic():
        assert [a.title for a in Article.objects.search("harbour")] == ["Harbour strike"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan')")
            assert cursor.fetchone()[0] == "on"
