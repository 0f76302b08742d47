"""Searching by person or organization: what person:/org: find, how a name
that is no entity is read, "did you mean", the same meaning in the API,
feeds and who-said-what lists, and entity pages whose counts add up."""

import json
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Entity, EntityAlias, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def mention(article, entity, text):
    """A mention at the first place ``text`` occurs in the article's text."""
    start = article.text.index(text)
    label = {"person": "PERSON", "organization": "ORG", "place": "GPE"}[entity.kind]
    return Mention.objects.create(
        article=article, entity=entity, start=start, end=start + len(text), text=text, label=label
    )


def person(name, *aliases, kind=Entity.Kind.PERSON):
    entity = Entity.objects.resolve(name, kind)
    for alias in aliases:
        EntityAlias.objects.create(entity=entity, name=alias, key=re.sub(r"\W+", " ", alias).strip().lower())
    return entity


def found(client, q, **params):
    """Titles on the results page, in order, and the page's text."""
    page = client.get("/search/", {"q": q, **params}).content.decode()
    titles = re.findall(r'<h3 class="article-item-title"><a href="[^"]+">(.*?)</a>', page)
    return [re.sub(r"</?mark>", "", t) for t in titles], page


def day(n):
    return datetime(2024, 3, n, tzinfo=UTC)


@pytest.fixture
def sample(sample_path):
    call_command("import_articles", str(sample_path), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get()


# --- person: and org: --------------------------------------------------------


def test_person_search_adds_articles_naming_them_where_the_analysis_missed_it(client):
    jordan = person("Michael Jordan", "Jordan")
    a = make_article("Bulls win", ("Michael Jordan scored 40 points.",), published=day(1))
    mention(a, jordan, "Michael Jordan")
    make_article("Bulls lose", ("Jordan scored 30 points but Chicago lost.",), published=day(2))  # no mention
    c = make_article("Liverpool draw", ("Jordan Henderson scored late.",), published=day(3))
    mention(c, person("Jordan Henderson"), "Jordan Henderson")  # the name is someone else's here
    make_article("Desert trip", ("We drove across the desert.",), published=day(4))
    titles, page = found(client, 'person:"Jordan"')
    assert titles == ["Bulls lose", "Bulls win"]
    # The plain phrase search also finds the other man's article.
    assert found(client, '"Jordan"', sort="newest")[0] == ["Liverpool draw", "Bulls lose", "Bulls win"]
    assert titles == found(client, "person:jordan")[0] == found(client, 'person:"Michael Jordan"')[0]


def test_a_later_part_of_a_full_name_finds_the_person(client):
    """ "Boutros-Ghali" is the end of "Boutros Boutros-Ghali": no alias needed."""
    ghali = person("Boutros Boutros-Ghali")
    a = make_article("UN chief speaks", ("Boutros Boutros-Ghali addressed the assembly.",), published=day(1))
    mention(a, ghali, "Boutros Boutros-Ghali")
    make_article("Envoy named", ("Boutros-Ghali named a new envoy on Monday.",), published=day(2))
    titles, page = found(client, 'person:"Boutros-Ghali"')
    assert titles == ["Envoy named", "UN chief speaks"]
    assert "“Boutros-Ghali” was read as the surname of Boutros Boutros-Ghali." in page
    assert '<h2><a href="/entities/boutros-boutros-ghali/">Boutros Boutros-Ghali</a></h2>' in page


def test_an_alias_finds_the_entity_and_its_articles(client):
    un = person("United Nations", "U.N.", kind=Entity.Kind.ORGANIZATION)
    a = make_article("Assembly meets", ("The United Nations met in New York.",), published=day(1))
    mention(a, un, "United Nations")
    make_article("Aid convoy", ("A U.N. convoy reached the town.",), published=day(2))
    assert found(client, 'org:"U.N."')[0] == ["Aid convoy", "Assembly meets"]
    assert found(client, "org:UN")[0] == ["Aid convoy", "Assembly meets"]
    assert found(client, 'person:"U.N."')[0] == ["Aid convoy"]  # no person: the words, with a message


def test_an_organization_the_analysis_took_for_a_place_is_found_by_its_name(client):
    """Teams named by their country: the analysis files "Australia" as a place."""
    australia = person("Australia", kind=Entity.Kind.PLACE)
    a = make_article("Cricket: Australia win", ("Australia beat Sri Lanka by five wickets.",), published=day(1))
    mention(a, australia, "Australia")
    make_article("Tennis", ("Nobody from Australia played.",), published=day(2))
    make_article("Golf", ("Rain stopped play.",), published=day(3))
    titles, page = found(client, 'org:"Australia"')
    assert titles == ["Tennis", "Cricket: Australia win"]
    assert "No organization named “Australia” is in the archive; showing articles containing “Australia”." in page
    assert "No articles match." not in page


def test_a_name_in_no_article_and_no_entity_says_so(client):
    make_article("Golf", ("Rain stopped play.",))
    titles, page = found(client, 'person:"Zebulon Quartermaine"')
    assert titles == []
    assert "No person named “Zebulon Quartermaine”, and no article contains those words." in page


def test_a_mistyped_name_finds_the_closest_person(client):
    bortnikov = person("Alexander Bortnikov", "Bortnikov")
    a = make_article("FSB warns", ("Alexander Bortnikov warned of attacks.",), published=day(1))
    mention(a, bortnikov, "Alexander Bortnikov")
    titles, page = found(client, 'person:"Bortnikof"')
    assert titles == ["FSB warns"]
    assert "No person named “Bortnikof”; showing Alexander Bortnikov, the closest name." in page


def test_negated_person_leaves_out_their_articles(client):
    bortnikov = person("Alexander Bortnikov")
    a = make_article("FSB warns", ("Alexander Bortnikov warned of attacks.",), published=day(1))
    mention(a, bortnikov, "Alexander Bortnikov")
    make_article("Other attacks", ("Officials warned of attacks.",), published=day(2))
    assert found(client, 'attacks -person:"Alexander Bortnikov"')[0] == ["Other attacks"]


# --- what the search page shows for names -------------------------------------


def test_entity_cards_match_the_whole_query_not_single_words(client):
    isis = person("ISIS", "Islamic State", kind=Entity.Kind.ORGANIZATION)
    person("Islamic", kind=Entity.Kind.ORGANIZATION)
    person("State", kind=Entity.Kind.ORGANIZATION)
    a = make_article("Islamic State fighters", ("Islamic State fighters regrouped.",))
    mention(a, isis, "Islamic State")
    _, page = found(client, "Islamic State")
    cards = re.findall(r'<aside class="entity-card" aria-label="([^"]+)">', page)
    assert cards == ["ISIS"]


def test_islamic_state_in_an_analysed_article_shows_no_cards_for_its_words(client, sample):
    titles, page = found(client, "Islamic State")
    assert titles == ["ISIS amasses 5,000 fighters on Afghan border with CARs: Russian official"]
    cards = re.findall(r'<aside class="entity-card" aria-label="([^"]+)">', page)
    assert cards == ["ISIS"]
    names = [r["name"] for r in client.get("/suggest/", {"q": "Islamic State"}).json()["results"]]
    assert names == ["ISIS"]


def test_a_typo_gets_did_you_mean_and_a_card(client, sample):
    titles, page = found(client, "Bortnikof")
    assert titles == []
    assert (
        '<p class="did-you-mean">Did you mean <a href="?q=%22Alexander+Bortnikov%22">Alexander Bortnikov</a>?</p>'
        in page
    )
    cards = re.findall(r'<aside class="entity-card" aria-label="([^"]+)">', page)
    assert cards == ["Alexander Bortnikov"]


def test_autocomplete_forgives_a_typo(client, sample):
    data = client.get("/suggest/", {"q": "Bortnikof"}).json()
    assert [r["name"] for r in data["results"]] == ["Alexander Bortnikov"]
    assert data["results"][0]["url"] == "/entities/alexander-bortnikov/"


# --- the same meaning everywhere ------------------------------------------------


def test_api_person_and_org_mean_what_search_means(client):
    jordan = person("Michael Jordan", "Jordan")
    a = make_article("Bulls win", ("Michael Jordan scored 40 points.",), published=day(1))
    mention(a, jordan, "Michael Jordan")
    make_article("Bulls lose", ("Jordan scored 30 points.",), published=day(2))
    make_article("Golf", ("Rain stopped play.",), published=day(3))
    expected = ["Bulls lose", "Bulls win"]
    for value in ("Jordan", "michael-jordan", "Michael Jordan"):
        data = client.get("/api/articles/", {"person": value}).json()
        assert [r["title"] for r in data["results"]] == expected, value
        assert data["count"] == 2
    assert found(client, 'person:"Jordan"')[0] == expected
    # No such organization: the name in the text, but not where it is part of
    # someone else's longer name ("Michael Jordan").
    assert [r["title"] for r in client.get("/api/articles/", {"org": "Jordan"}).json()["results"]] == ["Bulls lose"]
    assert client.get("/api/articles/", {"person": "Nobody Atall"}).json()["count"] == 0


def test_api_statements_speaker_takes_a_name_as_the_statements_page_does(client, sample):
    page = client.get("/statements.json", {"speaker": "Bortnikov"}).json()
    api = client.get("/api/statements/", {"speaker": "Bortnikov"}).json()
    assert page["count"] == api["count"] == 6
    assert [s["content"] for s in api["results"]] == [s["content"] for s in page["results"]]
    by_slug = client.get("/api/statements/", {"speaker": "alexander-bortnikov"}).json()
    assert [s["content"] for s in by_slug["results"]] == [s["content"] for s in api["results"]]
    assert client.get("/api/statements/", {"speaker": "Nobody Atall"}).json()["count"] == 0


@pytest.mark.parametrize("value", ["Bortnikov", "bortnikov", "Alexander Bortnikov", "alexander-bortnikov"])
def test_a_name_alias_or_slug_means_one_person_everywhere(client, sample, value):
    """The alias, the name and the slug give the same answer on the search,
    the who-said-what page and its JSON twin, the API and the feed."""
    title = "ISIS amasses 5,000 fighters on Afghan border with CARs: Russian official"
    assert found(client, f'person:"{value}"')[0] == [title]
    assert [r["title"] for r in client.get("/api/articles/", {"person": value}).json()["results"]] == [title]
    page = client.get("/statements.json", {"speaker": value}).json()
    api = client.get("/api/statements/", {"speaker": value}).json()
    html = client.get("/statements/", {"speaker": value}).content.decode()
    assert page["count"] == api["count"] == html.count("<blockquote") == 6
    assert [s["content"] for s in api["results"]] == [s["content"] for s in page["results"]]
    assert "filter is ignored" not in html
    feed = client.get(f"/feeds/entities/{value}/")
    assert feed.status_code == 200
    assert len(re.findall(rb"<entry>", feed.content)) == 1


def test_a_mistyped_speaker_is_read_as_the_closest_name_everywhere(client, sample):
    """What search's person:"Bortnikof" does, the filters do too: the closest name."""
    assert found(client, 'person:"Bortnikof"')[0] == found(client, 'person:"Bortnikov"')[0]
    contents = [s["content"] for s in client.get("/api/statements/", {"speaker": "Bortnikov"}).json()["results"]]
    assert len(contents) == 6
    api = client.get("/api/statements/", {"speaker": "Bortnikof"}).json()
    assert [s["content"] for s in api["results"]] == contents
    assert [
        s["content"] for s in client.get("/statements.json", {"speaker": "Bortnikof"}).json()["results"]
    ] == contents
    html = client.get("/statements/", {"speaker": "Bortnikof"}).content.decode()
    assert html.count("<blockquote") == 6
    assert "No person or organization named “Bortnikof”; showing Alexander Bortnikov, the closest name." in html
    assert client.get("/feeds/entities/Bortnikof/").content == client.get("/feeds/entities/Bortnikov/").content


def test_entity_feed_takes_a_name(client, sample):
    by_slug = client.get("/feeds/entities/alexander-bortnikov/")
    by_name = client.get("/feeds/entities/Bortnikov/")
    assert by_slug.status_code == by_name.status_code == 200
    entries = [re.findall(rb"<entry>.*?</entry>", r.content, re.S) for r in (by_slug, by_name)]
    assert entries[0] == entries[1] and len(entries[0]) == 1
    assert client.get("/feeds/entities/Nobody/").status_code == 404


# --- entity pages ---------------------------------------------------------------


def test_entity_page_counts_articles_not_mentions_and_lists_undated_ones(client, sample):
    page = client.get("/entities/alexander-bortnikov/").content.decode()
    assert "Mentioned 4 times in 1 article." in page
    assert "Its one article has no date; it is listed below." in page
    assert "undated articles not shown" not in page
    assert "1 article by or about Alexander Bortnikov, newest first, undated ones last." in page
    assert page.count('<li class="article-item">') == 1
    assert "ISIS amasses 5,000 fighters on Afghan border" in page


def test_entity_page_chart_counts_the_listed_articles(client):
    bortnikov = person("Alexander Bortnikov")
    for n, published in enumerate((day(1), day(2), None)):
        a = make_article(f"Story {n}", ("Alexander Bortnikov spoke. Alexander Bortnikov left.",), published=published)
        mention(a, bortnikov, "Alexander Bortnikov")
        second = a.text.rindex("Alexander Bortnikov")
        Mention.objects.create(
            article=a, entity=bortnikov, start=second, end=second + 19, text="Alexander Bortnikov", label="PERSON"
        )
    page = client.get("/entities/alexander-bortnikov/").content.decode()
    assert "Mentioned 6 times in 3 articles." in page
    assert "1 undated article is not in the chart; listed below, after the dated ones." in page
    assert '<tfoot><tr><th scope="row">Total</th><td class="num">2</td></tr></tfoot>' in page
    titles = re.findall(r'<h3 class="article-item-title"><a href="[^"]+">([^<]+)', page)
    assert titles == ["Story 1", "Story 0", "Story 2"]
    data = json.loads(client.get("/api/entities/alexander-bortnikov/").content)
    assert data["article_count"] == 3


@pytest.fixture
def jordan_articles():
    jordan = person("Michael Jordan", "Jordan")
    a = make_article("Bulls win", ("Michael Jordan scored 40 points.",), published=day(1), tags=("Sport",))
    mention(a, jordan, "Michael Jordan")
    make_article("Bulls lose", ("Jordan scored 30 points.",), published=day(2), tags=("Sport",))
    c = make_article("Liverpool draw", ("Jordan Henderson scored late.",), published=day(3), tags=("Sport",))
    mention(c, person("Jordan Henderson"), "Jordan Henderson")
    make_article("Budget", ("The minister scored a point.",), published=day(4), tags=("Sport",))


@pytest.mark.parametrize(
    "q, sort, expected",
    [
        ('person:"Jordan"', None, ["Bulls lose", "Bulls win"]),
        ('person:"Jordan"', "oldest", ["Bulls win", "Bulls lose"]),
        ('scored person:"Jordan"', "newest", ["Bulls lose", "Bulls win"]),
        ('points person:"Jordan" tag:Sport', "newest", ["Bulls lose", "Bulls win"]),
        ('person:"Jordan" before:2024-03-02', None, ["Bulls win"]),
        ('scored -person:"Michael Jordan"', "newest", ["Budget", "Liverpool draw", "Bulls lose"]),
    ],
)
@pytest.mark.parametrize("many", [False, True])
def test_entity_filters_combine_with_words_filters_and_dates(
    client, jordan_articles, monkeypatch, q, sort, expected, many
):
    """Both ways the SQLite backend answers: collecting few matches, or walking
    the date order when there are many (forced here)."""
    if many:
        monkeypatch.setattr("archive.search.sqlite.ESTIMATE_CAP", 0)
    params = {"sort": sort} if sort else {}
    assert found(client, q, **params)[0] == expected


def test_ranked_words_with_an_entity_filter_count_text_matches(client, jordan_articles):
    titles, page = found(client, 'scored person:"Jordan"')
    assert sorted(titles) == ["Bulls lose", "Bulls win"]
    assert "2 articles" in page


# --- a side named by its place -------------------------------------------------

SOCCER_REPORT = (
    "SOCCER - FRANCE BEAT MEXICO IN FRIENDLY\n\n"
    "PARIS 1996-08-31\n\n"
    "France beat Mexico 2-0 in a friendly soccer international on Saturday.\n\n"
    "Both goals came early in the second half after France had surprised the visitors, coach Aime Jacquet said."
)
LEAGUE_REPORT = (
    "Hosts win World Cup qualifier\n\n"
    "France 's unbeaten run went on as the hosts beat Sweden 1-0 in a World Cup qualifier.\n\n"
    "Teams :\n\n"
    "France - Bernard Lama , Lilian Thuram , Marcel Desailly"
)
POLITICS = (
    "Ministers meet in Paris\n\n"
    "France said on Monday it would send more aid to the region.\n\n"
    "The government of France has held talks with its neighbours, officials in Paris said."
)


def test_a_team_named_by_its_country_is_found_apart_from_the_country(client, tmp_path):
    """ "France beat Mexico": on a sports page the place is a side, an
    organization of its own; org:"France" gives the team's reports, not
    every article naming the country (issue 13, aida-dev's place-named teams)."""
    from tests.factories import import_texts

    import_texts(tmp_path, SOCCER_REPORT, POLITICS, LEAGUE_REPORT)
    team = Entity.objects.get(kind=Entity.Kind.ORGANIZATION, key="france")
    country = Entity.objects.get(kind=Entity.Kind.PLACE, key="france")
    assert team != country
    ids = dict(Article.objects.values_list("title", "pk"))
    reports = [ids["Hosts win World Cup qualifier"], ids["SOCCER - FRANCE BEAT MEXICO IN FRIENDLY"]]
    api = client.get("/api/articles/", {"org": "France"}).json()
    assert sorted(r["id"] for r in api["results"]) == sorted(reports)
    titles, _ = found(client, 'org:"France"', sort="newest")
    assert sorted(titles) == ["Hosts win World Cup qualifier", "SOCCER - FRANCE BEAT MEXICO IN FRIENDLY"]
    # The phrase still finds all three.
    assert len(found(client, '"France"')[0]) == 3
    assert set(country.mentions.values_list("article_id", flat=True)) == {ids["Ministers meet in Paris"]}


def test_a_side_named_by_its_place_is_the_club_of_that_place(client, tmp_path):
    """ "Seattle" beside "Seattle Mariners" on one sports page is the club,
    and so is a later page's "Seattle beat Texas": org:"Seattle Mariners"
    finds both pages, and the city's own page is not among them."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Mariners win at home\n\nThe Seattle Mariners beat the Boston Red Sox 5-2 in baseball's American League "
        "on Friday.\n\nJay Buhner hit his 38th homer of the season for Seattle.",
        "Rangers lose again\n\nSeattle beat Texas 4-3 in the American League on Saturday, the league said.\n\n"
        "Texas had led the division all season.",
        "Port reopens\n\nThe port of Seattle reopened on Monday after the storm, officials in Seattle said.",
    )
    club = Entity.objects.get(name="Seattle Mariners")
    assert "seattle" in set(club.aliases.values_list("key", flat=True))
    titles, _ = found(client, 'org:"Seattle Mariners"')
    assert sorted(titles) == ["Mariners win at home", "Rangers lose again"]
    assert sorted(found(client, 'org:"Seattle"')[0]) == ["Mariners win at home", "Rangers lose again"]


def test_a_standings_table_names_the_team_not_the_city(client, tmp_path):
    """A line in capitals ("CHICAGO 71 64 .526") on a page of standings is
    the side, which a report names by its city; a city hall story's "Chicago"
    stays the place."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "White Sox edge Red Sox\n\nChicago beat Boston 5-3 in baseball's American League on Friday, and the "
        "coach said the season was not over.",
        "City budget\n\nChicago officials said on Monday that the city budget would grow next year.",
        "BASEBALL - MAJOR LEAGUE STANDINGS\n\nAMERICAN LEAGUE\n\nW L PCT GB\n\nCHICAGO 71 64 .526 10\n\n"
        "BOSTON 69 65 .515 12",
    )
    titles, _ = found(client, 'org:"Chicago"')
    assert sorted(titles) == ["BASEBALL - MAJOR LEAGUE STANDINGS", "White Sox edge Red Sox"]
    assert sorted(found(client, 'org:"Boston"')[0]) == sorted(titles)


def test_a_club_is_one_entity_whichever_page_came_first(client, tmp_path):
    """A table's "SEATTLE" filed before any report, then a report that names the "Seattle Mariners" (and
    "the Mariners") beside the side "Seattle": one club, so org:"Seattle Mariners" finds the table too."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "BASEBALL - MAJOR LEAGUE STANDINGS\n\nAMERICAN LEAGUE\n\nW L PCT GB\n\nSEATTLE 70 63 .526 5\n\n"
        "TEXAS 75 58 .564 -",
    )
    import_texts(
        tmp_path,
        "Orioles win in Seattle\n\nTexas beat Seattle 4-3 in baseball's American League on Thursday. On Friday "
        "a grand slam lifted the Baltimore Orioles past the Seattle Mariners, 5-2, and the Mariners lost a "
        "fourth game in the season.",
    )
    titles, _ = found(client, 'org:"Seattle Mariners"')
    assert sorted(titles) == ["BASEBALL - MAJOR LEAGUE STANDINGS", "Orioles win in Seattle"]
    assert Entity.objects.filter(key="seattle mariners").count() == 0
    club = Entity.objects.get(key="seattle")
    assert {"seattle mariners", "mariners"} <= set(club.aliases.values_list("key", flat=True))


def kinds(key):
    return sorted(Entity.objects.filter(key=key).values_list("kind", flat=True))


def test_everyday_words_of_sport_do_not_make_a_political_page_about_sport(client, tmp_path):
    """ "season" and "penalty" are everyday words: a state that votes stays a place."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Rally in Ohio\n\nThe election season is here. Supporters of the death penalty rallied. Ohio voted for Trump.",
    )
    assert kinds("ohio") == ["place"]


def test_a_place_a_sports_page_only_describes_is_no_side(client, tmp_path):
    """A copula's subject, the place's own president, and "left for" are no play."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Summit news\n\nTokyo is the capital of Japan. Brazil's president spoke on Monday. The minister left "
        "for Spain. The football season and the cup match were over.",
    )
    assert kinds("tokyo") == kinds("brazil") == kinds("spain") == ["place"]


def test_a_dateline_of_any_agency_is_no_side(client, tmp_path):
    """ "PARIS, Sept 1 (Reuters) -" and "LYON, France (AP) —" locate the story."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Soccer report\n\nPARIS, Sept 1 (Reuters) - France beat Italy 2-0 in a soccer qualifier on Saturday.",
        "Soccer report two\n\nLYON, Germany (AP) — Spain beat Wales 2-0 in a soccer qualifier on Sunday.",
    )
    assert kinds("paris") == ["place"]
    assert kinds("germany") == ["place"]
    assert kinds("france") == kinds("spain") == ["organization"]


def test_a_newspaper_named_by_a_city_is_not_the_citys_club(client, tmp_path):
    """ "the Boston Globe reported" beside "Boston beat New York": the paper
    does not compete, and a later page's "Boston" is no mention of it."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Boston wins\n\nBoston beat New York 5-3 in baseball's American League on Friday, the Boston Globe "
        "reported. The pitcher threw a complete game.",
        "Boston again\n\nBoston beat Toronto 4-1 in baseball's American League on Saturday, and the pitcher "
        "struck out ten.",
    )
    globe = Entity.objects.get(name="Boston Globe")
    assert "boston" not in set(globe.aliases.values_list("key", flat=True))
    assert found(client, 'org:"Boston Globe"')[0] == ["Boston wins"]
    assert sorted(found(client, 'org:"Boston"')[0]) == ["Boston again", "Boston wins"]


def test_a_club_in_a_sentence_with_its_manager_is_no_person(client, tmp_path):
    """ "Arsene Wenger said his Arsenal side": the pronoun is the manager's, so the club is not looked up as a
    person; org: finds it and person: does not."""
    from tests.factories import import_texts

    import_texts(tmp_path, "Derby preview\n\nArsene Wenger said his Arsenal side would attack from the start.")
    titles, _ = found(client, 'org:"Arsenal"')
    assert titles == ["Derby preview"]
    titles, page = found(client, 'person:"Arsenal"')
    assert "No person named “Arsenal” is in the archive; showing articles containing “Arsenal”." in page
