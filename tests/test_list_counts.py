"""The People and Organizations indexes list exactly what the straightforward definition does (listed,
of the kind, with at least one article, by name or alias; the same article counts and order), but rank
each kind once per state of the archive (archive/rankings.py), so a page is its rows by key, with
no aggregate over every mention (issue 20: 1.3 s on PostgreSQL at 100,000 articles). The tag index
counts its tags once per state the same way.

The sitemap's index counts its sections without grouping either: tags by an EXISTS probe, not by
grouping every tagging; the real articles' count and newest capture from an index of only those
(migration 0009), not by reading every article row with its body.
"""

import re

import pytest
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Entity, EntityAlias, Mention, tag_counts
from archive.views.sitemaps import ArticleSitemap, TagSitemap
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _entity(name: str, kind: str = "person", **fields) -> Entity:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return Entity.objects.create(name=name, slug=slug, kind=kind, key=name.lower(), **fields)


def _mention(article, entity, confident=True):
    Mention.objects.create(
        article=article, entity=entity, start=0, end=len(entity.name), text=entity.name, label="X", confident=confident
    )


@pytest.fixture
def named():
    """Articles naming people and organizations in the ways the index tells apart."""
    a1, a2, a3 = (make_article(f"Story {n}", authors=("Jane Roe",)) for n in (1, 2, 3))  # Jane Roe: author only
    ana = _entity("Ana Petrova")
    for article in (a1, a1, a2, a3):  # twice in one article: three articles, not four
        _mention(article, ana)
    bob = _entity("Robert Stone")
    EntityAlias.objects.create(entity=bob, name="Bobby Stone", key="bobby stone")
    EntityAlias.objects.create(entity=bob, name="Bob Stone", key="bob stone")  # two aliases matching "stone"
    _mention(a1, bob)
    _mention(a2, bob)
    carl = _entity("Carl Ober")
    _mention(a3, carl)
    _mention(a3, _entity("Unsure Widget"), confident=False)  # named, never with confidence: not listed
    gone = _entity("Ana P.")
    gone.merged_into = ana
    gone.save()
    _mention(a2, gone)  # merged into Ana: not listed on its own
    harbour = _entity("Harbour Board", kind="organization")
    _mention(a1, harbour)
    _mention(a2, harbour)
    return a1


def straightforward_index(kind: str, text: str = ""):
    """The index as first written: a HAVING over each entity's distinct articles, a join on the aliases."""
    entities = (
        Entity.objects.listed()
        .filter(kind=kind)
        .annotate(n_articles=Count("mentions__article", distinct=True))
        .filter(n_articles__gt=0)
    )
    if text:
        entities = entities.filter(Q(name__icontains=text) | Q(aliases__name__icontains=text)).distinct()
    return entities


def _rows(html: str) -> list[tuple[str, int]]:
    return [
        (name, int(n))
        for name, n in re.findall(r'<td><a href="[^"]+">([^<]+)</a></td><td>[^<]*</td><td class="num">(\d+)</td>', html)
    ]


@pytest.mark.parametrize(
    ("url", "kind", "text", "expected"),
    [
        ("/people/", "person", "", [("Ana Petrova", 3), ("Robert Stone", 2), ("Carl Ober", 1)]),
        ("/people/?sort=name", "person", "", [("Ana Petrova", 3), ("Carl Ober", 1), ("Robert Stone", 2)]),
        ("/people/?q=stone", "person", "stone", [("Robert Stone", 2)]),  # by name and by two aliases: once
        ("/people/?q=bobby", "person", "bobby", [("Robert Stone", 2)]),  # by an alias only
        ("/people/?q=CARL", "person", "CARL", [("Carl Ober", 1)]),  # any case
        ("/people/?q=roe", "person", "roe", []),  # an author named in no article's text
        ("/people/?q=widget", "person", "widget", []),
        ("/organizations/", "organization", "", [("Harbour Board", 2)]),
    ],
)
def test_the_indexes_list_and_count_what_the_straightforward_query_does(client, named, url, kind, text, expected):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    assert _rows(html) == expected
    title = "people" if kind == "person" else "organizations"
    assert f'<p class="count-line">{len(expected)} {title}.</p>' in html
    assert straightforward_index(kind, text).count() == len(expected)
    assert sorted(e.name for e in straightforward_index(kind, text)) == sorted(name for name, _ in expected)
    # The page's rows come by key, with no aggregate of their own; the one aggregate (the ranking) is kept.
    assert not any("GROUP BY" in q["sql"] for q in queries.captured_queries[-1:])


def _listing(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return _rows(html), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("url", ["/people/", "/people/?page=1", "/people/?sort=count", "/organizations/"])
def test_listing_by_number_of_articles_is_three_queries_without_an_aggregate_once_ranked(
    client, named, url, django_assert_num_queries
):
    first, _ = _listing(client, url)  # ranks the kind once for this state of the archive
    with django_assert_num_queries(3) as queries:  # the archive's state, the newest keys, the page's rows
        assert client.get(url).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "GROUP BY" not in sql and "COUNT(DISTINCT" not in sql
    assert _listing(client, url)[0] == first


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/people/?q=stone", 4), ("/people/?sort=name", 4), ("/people/?q=stone&sort=name&page=1", 4)],
)
def test_a_filter_or_the_name_order_adds_only_queries_without_an_aggregate(client, named, url, queries):
    client.get(url)
    rows, sql = _listing(client, url)
    assert rows
    assert len(sql) == queries  # the matching keys (or the count and the page in name order), no ranking again
    assert not any("GROUP BY" in s or "COUNT(DISTINCT" in s for s in sql)


def test_the_ranking_follows_a_new_analysis_and_a_merge(client, named):
    assert _listing(client, "/people/")[0] == [("Ana Petrova", 3), ("Robert Stone", 2), ("Carl Ober", 1)]
    carl = Entity.objects.get(name="Carl Ober")
    for n in range(3):
        _mention(make_article(f"About Carl {n}"), carl)
    assert _listing(client, "/people/")[0] == [("Carl Ober", 4), ("Ana Petrova", 3), ("Robert Stone", 2)]
    bob = Entity.objects.get(name="Robert Stone")
    bob.merged_into = carl
    bob.save()
    assert _listing(client, "/people/")[0] == [("Carl Ober", 4), ("Ana Petrova", 3)]
    assert _listing(client, "/people/?sort=name")[0] == [("Ana Petrova", 3), ("Carl Ober", 4)]


def test_the_ranking_sees_mentions_written_without_signals(client, named):
    """Analysis writes mentions in bulk (no signals): the newest mention key changes the state."""
    assert _listing(client, "/organizations/")[0] == [("Harbour Board", 2)]
    harbour = Entity.objects.get(name="Harbour Board")
    article = make_article("A third harbour story")
    Mention.objects.bulk_create(
        [Mention(article=article, entity=harbour, start=0, end=7, text="Harbour", label="ORG", confident=True)]
    )
    assert _listing(client, "/organizations/")[0] == [("Harbour Board", 3)]


def test_the_tags_sitemap_lists_the_tags_some_article_carries(client):
    make_article("One", tags=("Economy", "Harbour"))
    make_article("Two", tags=("Harbour",))
    lonely = make_article("Three", tags=("Lonely",))
    lonely.delete()  # its tag stays, carried by nothing
    assert sorted(tag.slug for tag in tag_counts()) == ["economy", "harbour"]
    assert [tag.slug for tag in TagSitemap().items()] == [tag.slug for tag in tag_counts().order_by("pk")]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-tags.xml")
    body = response.content.decode()
    assert re.findall(r"<loc>([^<]+)</loc>", body) == [
        "http://testserver/tags/economy/",
        "http://testserver/tags/harbour/",
    ]
    assert not any("GROUP BY" in q["sql"] for q in queries.captured_queries)


def _plan(sql: str) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a few test rows: a scan would win anyway
            cursor.execute(f"EXPLAIN {sql}")
            return " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(row[-1] for row in cursor.fetchall())


def test_the_sitemap_index_counts_real_articles_from_their_own_index(client):
    make_article("Real story")
    Article.objects.filter(pk=make_article("Generated story").pk).update(is_synthetic=True)
    sitemap = ArticleSitemap()
    assert sitemap.items().count() == 1
    assert sitemap.get_latest_lastmod() == Article.objects.get(title="Real story").captured
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap.xml").status_code == 200
    assert len(queries) == 6  # a count per section, and the newest capture for two of them
    real = [q["sql"] for q in queries.captured_queries if "is_synthetic" in q["sql"]]
    assert [sql.split(" AS ")[0] for sql in real] == ['SELECT MAX("archive_article"."captured")', "SELECT COUNT(*)"]
    for sql in real:
        assert "archive_article_real_idx" in _plan(sql), sql


def _tag_rows(html: str) -> list[tuple[str, int]]:
    return [
        (name, int(n)) for name, n in re.findall(r'<a href="/tags/[^"]+">([^<]+)</a> <span class="count">(\d+)', html)
    ]


def test_the_tag_index_counts_once_per_state_and_pages_by_key(client, django_assert_num_queries):
    make_article("One", tags=("Harbour", "Ferries"))
    make_article("Two", tags=("Harbour",))
    first = client.get("/tags/").content.decode()
    assert _tag_rows(first) == [("Ferries", 1), ("Harbour", 2)]
    with django_assert_num_queries(2) as queries:  # the archive's state, the page's tags by key
        again = client.get("/tags/?page=999999").content.decode()  # the last page, as ever
    assert _tag_rows(again) == _tag_rows(first)
    assert not any("GROUP BY" in q["sql"] for q in queries.captured_queries)
    make_article("Three", tags=("Ferries", "Weather"))  # a new state: counted afresh
    assert _tag_rows(client.get("/tags/").content.decode()) == [("Ferries", 2), ("Harbour", 2), ("Weather", 1)]


def _aggregates(sql: list[str]) -> int:
    return sum("GROUP BY" in s or "COUNT(DISTINCT" in s for s in sql)


def test_with_the_cache_down_a_state_is_ranked_once_not_at_every_request(client, named):
    """Otherwise anyone could have the whole ranking (seconds of work on a sub-budget, no slot) run at will."""
    from archive import cache_version

    _listing(client, "/people/")
    cache_version.failed("a test", OSError("down"))
    try:
        assert not cache_version.reachable()
        carl = Entity.objects.get(name="Carl Ober")
        _mention(make_article("About Carl again"), carl)  # a new state, ranked with the cache down
        rows, sql = _listing(client, "/people/")
        assert (rows, _aggregates(sql)) == ([("Ana Petrova", 3), ("Carl Ober", 2), ("Robert Stone", 2)], 1)
        for url in ("/people/", "/people/?page=1", "/people/?sort=count"):
            again, sql = _listing(client, url)
            assert (again, _aggregates(sql)) == (rows, 0)
    finally:
        cache_version._state["down_until"] = 0.0


def test_while_one_thread_ranks_a_new_state_the_others_serve_the_previous_ranking_at_once(client, named):
    """No stampede, and no thread of each reader waiting the seconds a ranking takes (as during an import)."""
    from archive import rankings as ranking

    before = _listing(client, "/people/")[0]
    _mention(make_article("About Carl once more"), Entity.objects.get(name="Carl Ober"))
    with ranking._computing:  # another thread is ranking the new state
        rows, sql = _listing(client, "/people/")
    assert (rows, _aggregates(sql)) == (before, 0)
    assert _listing(client, "/people/")[0] == [("Ana Petrova", 3), ("Carl Ober", 2), ("Robert Stone", 2)]


def test_with_the_cache_down_the_tag_index_is_counted_once_per_state(client):
    from archive import cache_version

    make_article("One", tags=("Harbour", "Ferries"))
    cache_version.failed("a test", OSError("down"))
    try:
        assert _tag_rows(client.get("/tags/").content.decode()) == [("Ferries", 1), ("Harbour", 1)]
        with CaptureQueriesContext(connection) as queries:
            assert _tag_rows(client.get("/tags/?page=1").content.decode()) == [("Ferries", 1), ("Harbour", 1)]
        assert _aggregates([q["sql"] for q in queries.captured_queries]) == 0
        make_article("Two", tags=("Harbour",))  # a new state: counted afresh, cache or not
        assert _tag_rows(client.get("/tags/").content.decode()) == [("Ferries", 1), ("Harbour", 2)]
    finally:
        cache_version._state["down_until"] = 0.0
