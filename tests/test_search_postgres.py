"""Search on PostgreSQL: how the statements of a ranked search are put
together -- what runs in the database rather than in Python, how far the
newest-matches walk goes, and the planner settings it runs under. The whole
file needs PostgreSQL (``DATABASE_URL=postgres://...``); on SQLite it skips."""

import re

import pytest
from django.db import connection, transaction

import archive.search.results  # noqa: F401 - before ``sparse`` patches COUNT_CAP, which ranked.py binds on import
import archive.views.search  # noqa: F401 - the same (the view shows COUNT_CAP)
from archive.models import Article, Entity, Mention
from archive.search import engine, postgres
from tests.factories import make_article

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search backend"),
    pytest.mark.django_db,
]

WINDOW = re.compile(r"OFFSET 0\) m ORDER BY id DESC LIMIT")  # one range of the newest-matches walk


class Statements:
    """The statements run inside the block, with the rows each returned and,
    for the newest-matches walk's, the planner setting they ran under and
    whether a transaction was open (SET LOCAL does nothing outside one)."""

    def __init__(self):
        self.run: list[tuple[str, int]] = []
        self.windows: list[tuple[str, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        if WINDOW.search(sql):
            with context["connection"].cursor() as cursor:
                cursor.execute("SELECT current_setting('enable_indexscan')")
                self.windows.append((cursor.fetchone()[0], context["connection"].in_atomic_block))
        result = execute(sql, params, many, context)
        if not sql.lstrip().upper().startswith(("SET ", "SAVEPOINT", "RELEASE")):
            self.run.append((sql, context["cursor"].rowcount))
        return result

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def indexscan() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan')")
        return cursor.fetchone()[0]


@pytest.fixture
def sparse(monkeypatch):
    """Two matches of "zanzibar" among the oldest ids and one article 10,000
    ids later: the newest-matches walk (more matches than RECENT and than
    COUNT_CAP, so its first window is 2 * RECENT = 2 ids wide) would take 7
    windows (2, 8, 32, ... 8,192 ids) to reach them."""
    monkeypatch.setattr(engine, "RECENT", 1)
    monkeypatch.setattr(engine, "COUNT_CAP", 1)
    make_article("Zanzibar ferry", ("The zanzibar ferry sailed.",))
    make_article("Zanzibar port", ("The zanzibar port opened.",))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('archive_article', 'id'), max(id) + 10000) FROM archive_article"
        )
    make_article("Weather", ("Rain all week.",))


def test_the_newest_matches_walk_stops_at_its_cap_and_still_finds_the_old_matches(sparse):
    with Statements() as seen:
        assert [a.title for a in Article.objects.search("zanzibar")[0:1]] == ["Zanzibar port"]
    # Without the cap: 7 windows, each reading the word's whole posting list.
    assert len(seen.windows) == postgres.MAX_WINDOWS == 4


@pytest.mark.django_db(transaction=True)
def test_the_walk_runs_without_index_scans_in_a_transaction_outside_any_callers(sparse):
    """In autocommit (no caller's transaction) each range is still planned
    with index scans off: SET LOCAL there would only warn and do nothing."""
    assert not connection.in_atomic_block
    with Statements() as seen:
        assert [a.title for a in Article.objects.search("zanzibar")[0:1]] == ["Zanzibar port"]
    assert seen.windows and all(w == ("off", True) for w in seen.windows)
    assert indexscan() == "on"


def test_the_walk_inside_a_callers_transaction_puts_the_setting_back(sparse):
    with transaction.atomic():
        with Statements() as seen:
            assert [a.title for a in Article.objects.search("zanzibar")[0:1]] == ["Zanzibar port"]
        assert indexscan() == "on"  # still inside the caller's transaction
    assert seen.windows and all(w == ("off", True) for w in seen.windows)


def test_a_filter_driven_ranking_takes_only_the_newest_ids_from_the_database(monkeypatch):
    """``quokka tag:wildlife``: the tag has fewer articles than the word, so
    its postings drive; of its 4 matches only the RECENT = 2 newest are
    ranked, and only they leave the database."""
    monkeypatch.setattr(engine, "RECENT", 2)
    for n in range(4):
        make_article(f"Quokka count {n}", ("A quokka was seen.",), tags=("Wildlife",))
    for n in range(3):
        make_article(f"Quokka other {n}", ("Another quokka.",))
    with Statements() as seen:
        results = Article.objects.search("quokka tag:wildlife")
        assert sorted(a.title for a in results[0:2]) == ["Quokka count 2", "Quokka count 3"]
    assert results.total == 4
    assert max(rows for _, rows in seen.run) == 2


@pytest.fixture
def jan_smit():
    """Articles with the word "harbour": one mentions Jan Smit (an entity),
    one names him in its text with no mention, one does not name him."""
    person = Entity.objects.create(name="Jan Smit", slug="jan-smit", kind="person", key="jan smit")
    mentioned = make_article("Harbour pilot", ("Jan Smit guided the ship into the harbour.",))
    start = mentioned.text.index("Jan Smit")
    Mention.objects.create(
        article=mentioned, entity=person, start=start, end=start + 8, text="Jan Smit", label="PERSON"
    )
    make_article("Harbour strike", ("Dockers led by Jan Smit closed the harbour.",))
    make_article("Harbour tour", ("The harbour tour left at noon.",))
    return person


def test_a_person_filter_with_words_is_narrowed_within_the_searchs_own_statements(jan_smit, django_assert_num_queries):
    """The articles mentioning the person are read by the statements that
    match the words (a subquery), not fetched into Python first and sent
    back as a list: 4 statements resolve the name, 2 search (the capped
    count, the ranked matches) between 2 that turn sequential scans off and
    back on (inside the test's transaction), 4 list the articles, 1 cuts
    the snippets."""
    with django_assert_num_queries(13):
        results = Article.objects.search('harbour person:"Jan Smit"')
        assert sorted(a.title for a in results[0:20]) == ["Harbour pilot", "Harbour strike"]


def test_a_tag_intersection_runs_without_the_text_searchs_transaction_and_setting(django_assert_num_queries):
    """Filters alone test no article's vector: no SET LOCAL around them. 2
    statements resolve the tags, 3 search (the tags' capped sizes, the count,
    the newest page), 4 list the articles (no snippets without words)."""
    for n in range(3):
        make_article(f"Harbour {n}", ("Ships came in.",), tags=("Ports", "Weather") if n else ("Ports",))
    with django_assert_num_queries(9) as captured:
        results = Article.objects.search("tag:ports tag:weather", sort="newest")
        assert [a.title for a in results[0:20]] == ["Harbour 2", "Harbour 1"]
    assert not [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SET")]


def test_few_matches_are_found_once_and_ranked_by_their_ids():
    """A phrase's matches are found by unpacking every vector holding its
    words, so with no more of them than RECENT the statement that counts
    them also returns their ids, and only those are ranked: the table is
    matched against the words once, not again to rank."""
    make_article("Harbour strike ends", ("The harbour strike ended on Monday.",))
    make_article("Harbour strike goes on", ("A harbour strike, the third.",))
    make_article("Strike at the harbour", ("Dockers strike; the harbour is shut.",))
    with Statements() as seen:
        results = Article.objects.search('"harbour strike"')
        assert sorted(a.title for a in results[0:20]) == ["Harbour strike ends", "Harbour strike goes on"]
    matching = [sql for sql, _ in seen.run if "phraseto_tsquery" in sql and "ts_headline" not in sql]
    assert len(matching) == 2
    assert matching[0].startswith("WITH m AS MATERIALIZED (SELECT a.id AS id FROM archive_article a WHERE")
    assert "FROM archive_article WHERE id = ANY(%s)" in matching[1] and "ts_rank" in matching[1]
    assert results.total == 2


def test_few_matches_in_date_order_are_found_once_for_the_count_the_page_and_the_facets(client):
    make_article("Harbour strike ends", ("The harbour strike ended on Monday.",), tags=("Ports",))
    make_article("Harbour strike goes on", ("A harbour strike, the third.",), tags=("Ports",))
    make_article("Strike at the harbour", ("Dockers strike; the harbour is shut.",), tags=("Ports",))
    with Statements() as seen:
        html = client.get("/search/", {"q": '"harbour strike"', "sort": "newest"}).content.decode()
    assert re.search(r'rel="nofollow">Ports</a> <span class="count">2</span>', html)
    matching = [sql for sql, _ in seen.run if "phraseto_tsquery" in sql and "ts_headline" not in sql]
    assert len(matching) == 1 and matching[0].startswith("WITH m AS MATERIALIZED")


def test_a_person_browse_counts_along_the_newest_first_index(jan_smit):
    """Filters that test text run with sequential scans off; unordered, the
    capped count walked the index on ``published`` alone and read each row
    for its id. Ordered as the newest-first index is, it walks that index
    (which holds the ids). Other filters keep their unaided plans."""
    newest = "ORDER BY a.published DESC NULLS LAST, a.captured DESC, a.id DESC LIMIT"
    with Statements() as seen:
        results = Article.objects.search('person:"Jan Smit"')
        assert sorted(a.title for a in results[0:20]) == ["Harbour pilot", "Harbour strike"]
    counts = [sql for sql, _ in seen.run if sql.startswith("SELECT count(*) FROM (SELECT a.id FROM archive_article a")]
    assert len(counts) == 1 and newest in counts[0]
    make_article("Quay", ("Ships.",), tags=("Ports",))
    with Statements() as seen:
        assert [a.title for a in Article.objects.search("-tag:ports", sort="oldest")[0:20]][-1:] == ["Harbour tour"]
    counts = [sql for sql, _ in seen.run if sql.startswith("SELECT count(*) FROM (SELECT a.id FROM archive_article a")]
    assert len(counts) == 1 and "ORDER BY" not in counts[0]
