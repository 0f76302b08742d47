"""One identity per real entity across the archive, and clean entity lists.

Small synthetic articles go through ``import_articles`` (with analysis), as a
user's archive would; each test pins one example from issue 13's "Why".
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.keys.names import initials_key, normalize_name, tail_key
from archive.models import Entity, EntityAlias
from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def named(name):
    return Entity.objects.filter(mentions__text=name).distinct()


def listed_names():
    return set(Entity.objects.listed().values_list("name", flat=True))


def test_acronym_and_long_form_in_two_articles_are_one_entity(tmp_path):
    import_texts(
        tmp_path,
        "Peace talks to resume\n\nThe United Nations said on Monday that peace talks would resume in Geneva next week.",
        "Aid convoy reaches besieged city\n\nA U.N. convoy reached the city on Tuesday, U.N. officials said.",
    )
    un = Entity.objects.get(name="United Nations")
    assert list(named("U.N.")) == [un]
    assert un.kind == Entity.Kind.ORGANIZATION
    assert un.mentions.values("article").distinct().count() == 2


def test_short_form_first_then_long_form_joins_it(tmp_path):
    import_texts(
        tmp_path,
        "Players sign deal\n\nThe NHL and its players signed a new labour deal on Friday.",
        "Season opens\n\nThe National Hockey League opened its season on Saturday in Toronto.",
    )
    nhl = Entity.objects.get(mentions__text="NHL")
    assert list(named("National Hockey League")) == [nhl]
    assert "national hockey league" in set(nhl.aliases.values_list("key", flat=True))


def test_an_acronym_one_article_took_for_a_person_is_still_the_organization():
    """One article's "U.N." spoken of as "he" is resolved as a person: it is
    still the United Nations, not a new person named "U.N."."""
    un = Entity.objects.resolve("United Nations", Entity.Kind.ORGANIZATION)
    assert Entity.objects.resolve("U.N.", Entity.Kind.PERSON) == un
    assert Entity.objects.resolve("UN", Entity.Kind.PERSON) == un
    assert Entity.objects.count() == 1


def test_a_long_form_joins_its_acronym_filed_as_a_person():
    short = Entity.objects.resolve("U.N.", Entity.Kind.PERSON)
    assert Entity.objects.resolve("United Nations", Entity.Kind.ORGANIZATION) == short
    # A person whose name is not written as an acronym keeps their own entity.
    al = Entity.objects.resolve("Ap", Entity.Kind.PERSON)
    assert Entity.objects.resolve("Associated Press", Entity.Kind.ORGANIZATION) != al


def test_ap_is_the_associated_press(tmp_path):
    import_texts(
        tmp_path,
        "Strike ends at newspaper\n\nThe Associated Press reported that the strike had ended after two weeks.",
        "Storm hits coast\n\nThe storm killed three people, AP reported on Sunday.",
    )
    assert list(named("AP")) == list(named("Associated Press")) == [Entity.objects.get(name="Associated Press")]


def test_trump_is_one_entity_whatever_kind_one_mention_was_given(tmp_path):
    import_texts(
        tmp_path,
        "Donald Trump visits factory\n\nDonald Trump visited a car factory in Ohio on Monday.",
        "Rally planned\n\nTrump will hold a rally in Florida on Saturday, his campaign said.",
        "Campaign spending\n\nSpending by Trump rose sharply in June, filings showed, as he toured Florida.",
    )
    trump = Entity.objects.get(name="Donald Trump")
    assert list(named("Trump")) == [trump]
    assert trump.kind == Entity.Kind.PERSON
    assert Entity.objects.filter(key="trump").count() == 0


def test_a_company_named_like_a_person_is_not_filed_under_them(tmp_path):
    import_texts(
        tmp_path,
        "Singer tours\n\nFiona Apple will tour Europe in May.",
        "Results\n\nApple reported higher profits on Tuesday, and Apple shares rose.",
    )
    assert Entity.objects.get(name="Fiona Apple").mentions.get().text == "Fiona Apple"


def test_house_is_not_swallowed_by_white_house(tmp_path):
    import_texts(
        tmp_path,
        "Vote in Congress\n\nThe White House said the bill would be vetoed. The House voted 230-190 to pass it "
        "on Thursday, and the White House repeated its threat.",
    )
    white_house, house = Entity.objects.get(name="White House"), Entity.objects.get(name="House")
    assert white_house != house
    assert not white_house.aliases.filter(key="house").exists()
    assert house.mentions.count() == 1 and white_house.mentions.count() == 2


def test_surname_alone_in_a_later_article_is_the_full_name(tmp_path):
    import_texts(
        tmp_path,
        "Talks on Bosnia\n\nU.N. Secretary-General Boutros Boutros-Ghali met the foreign ministers in Paris on Monday.",
        "Envoy named\n\nBoutros-Ghali named a new envoy for the region on Friday, his spokesman said.",
    )
    assert list(named("Boutros-Ghali")) == [Entity.objects.get(name="Boutros Boutros-Ghali")]


def test_surname_first_then_full_name_become_one_person(tmp_path):
    import_texts(
        tmp_path,
        "Envoy named\n\nBoutros-Ghali named a new envoy for the region on Friday, his spokesman said.",
        "Talks on Bosnia\n\nU.N. Secretary-General Boutros Boutros-Ghali met the foreign ministers in Paris on Monday.",
    )
    person = Entity.objects.get(name="Boutros Boutros-Ghali")
    assert set(person.mentions.values_list("text", flat=True)) == {"Boutros-Ghali", "Boutros Boutros-Ghali"}
    assert Entity.objects.filter(kind=Entity.Kind.PERSON).count() == 1


def test_two_people_sharing_a_surname_in_one_article_stay_apart(tmp_path):
    import_texts(
        tmp_path,
        "History exhibition\n\nA new exhibition in Rome looks at the life of Benito Mussolini. "
        "Mussolini ruled Italy for two decades.",
        "Rome election\n\nAlessandra Mussolini, granddaughter of the dictator Benito Mussolini, said on Monday "
        "she would stand for mayor. Mussolini told reporters she expected to win.",
    )
    alessandra, benito = Entity.objects.get(name="Alessandra Mussolini"), Entity.objects.get(name="Benito Mussolini")
    election = alessandra.mentions.get(text="Mussolini").article
    assert election.title == "Rome election"
    assert not benito.mentions.filter(text="Mussolini", article=election).exists()


def test_a_curators_split_still_wins_over_the_archive_wide_identity(tmp_path):
    import_texts(tmp_path, "Talks\n\nThe United Nations said on Monday that talks would resume.")
    other = Entity.objects.create(
        name="Uranium Network", kind=Entity.Kind.ORGANIZATION, key="uranium network", slug="un2"
    )
    EntityAlias.objects.create(entity=other, name="UN", key="un", curated=True)
    import_texts(tmp_path, "Shipment\n\nThe UN reported a new shipment on Tuesday.")
    assert list(named("UN")) == [other]


def test_scorecard_row_is_no_person(tmp_path):
    import_texts(
        tmp_path,
        "Cricket scores\n\nPakistan first innings\nSaeed Anwar c Astle b Cairns 12\nYounis st Germon b Harris 4\n"
        "Inzamam-ul-Haq not out 50",
    )
    names = set(Entity.objects.values_list("name", flat=True))
    assert not any(" st " in n or " b " in n or " c " in n for n in names)
    assert not listed_names() & {"Younis", "Germon", "Harris"}


def test_tech_terms_are_not_organizations(tmp_path):
    import_texts(
        tmp_path,
        "Laptop review\n\nThe new laptop has two USB ports, a fast GPU and 16 GB of RAM. Games run at 60 FPS on "
        "the GPU, and the RAM is enough for most users.",
    )
    assert not listed_names() & {"USB", "GPU", "RAM", "FPS"}
    # Unsure entities keep their mentions: search can still find them.
    assert named("GPU").get().mentions.count() == 2


def test_platform_named_as_the_medium_is_not_listed(tmp_path):
    import_texts(
        tmp_path,
        "Reaction online\n\nThe minister said on Twitter that the report was wrong. Critics replied on Twitter "
        "within minutes.",
        "Company results\n\nTwitter reported higher revenue on Thursday, and Twitter shares rose 5 percent.",
    )
    twitter = Entity.objects.get(name="Twitter")
    assert twitter.mentions.count() == 4
    assert twitter.mentions.filter(confident=True).values("article__title").distinct().get() == {
        "article__title": "Company results"
    }
    # The model calls the company's "Twitter" a person, and no text introduces it as one (a title, "he" or
    # "she"): acting on one page while another names it too lists no person (tests/test_identity_archive.py).
    assert "Twitter" not in listed_names()


def test_medium_only_platform_stays_unlisted(tmp_path):
    import_texts(
        tmp_path,
        "Reaction online\n\nThe minister said on Twitter that the report was wrong. Critics replied on Twitter "
        "within minutes.",
    )
    assert "Twitter" not in listed_names()
    assert named("Twitter").get().mentions.count() == 2


def test_fragments_are_not_entities(tmp_path):
    import_texts(
        tmp_path,
        "Prison museum\n\nVisitors to Hanoi’s Hoa Lo prison can see the cells. Sections G, H and K are closed.",
    )
    names = set(Entity.objects.values_list("name", flat=True))
    assert not any(n.startswith(("’", "'")) or "," in n for n in names)
    assert not listed_names() & {"G", "H", "K", "G, H"}


def test_analyze_text_says_which_mentions_are_confident(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Laptop review\n\nThe laptop has a fast GPU. Alexander Bortnikov said so.\n", encoding="utf-8")
    out = StringIO()
    call_command("analyze_text", str(path), stdout=out)
    found = {e["text"]: e["confident"] for e in json.loads(out.getvalue())["entities"]}
    assert found == {"GPU": False, "Alexander Bortnikov": True}


def test_name_keys():
    assert normalize_name("U.N.") == normalize_name("UN") == "un"
    assert initials_key("The Associated Press") == "ap"
    assert initials_key("National Hockey League") == "nhl"
    assert initials_key("Party of Democratic Action") == "pda"
    assert initials_key("NATO") == initials_key("Mr Smith went") == ""
    assert tail_key("Boutros Boutros-Ghali") == normalize_name("Boutros-Ghali") == "boutros ghali"
    assert tail_key("Bortnikov") == ""


def test_a_lone_word_the_text_does_not_speak_of_as_a_person_keeps_apart_from_a_full_name(tmp_path):
    """The musical "Hamilton" of one page is not the surfer Bethany Hamilton of
    another: the page never speaks of it as a person; a page that does ("she
    said") joins her."""
    import_texts(
        tmp_path,
        "Surfer wins again\n\nBethany Hamilton won the surfing contest in Hawaii on Sunday.",
        "Musical on tour\n\nThe show Hamilton opens in London next month. Tickets for Hamilton sold out in an hour.",
        "Surfer to retire\n\nHamilton said on Monday that she would retire after the season.",
    )
    bethany = Entity.objects.get(name="Bethany Hamilton")
    assert {m.article.title for m in bethany.mentions.all()} == {"Surfer wins again", "Surfer to retire"}
    assert not Entity.objects.filter(pk=bethany.pk, mentions__article__title="Musical on tour").exists()


def test_a_pronoun_of_another_person_in_the_sentence_does_not_make_a_lone_word_a_person(tmp_path):
    import_texts(
        tmp_path,
        "Surfer wins again\n\nBethany Hamilton won the surfing contest in Hawaii on Sunday.",
        "Feud over a musical\n\nDonald Trump fixated on Hamilton for days, and his aides could not stop him.",
    )
    bethany = Entity.objects.get(name="Bethany Hamilton")
    assert {m.article.title for m in bethany.mentions.all()} == {"Surfer wins again"}


def test_a_name_a_place_shares_with_a_person_is_not_given_to_the_place_off_sport_pages(tmp_path):
    """The sport-page tie-break decides between a place and a team only: an
    unclaimed "JORDAN" in a line in capitals, when the archive knows a place
    and a person by that word, is neither."""
    place = Entity.objects.resolve("Jordan", Entity.Kind.PLACE)
    man = Entity.objects.create(name="Jordan", kind=Entity.Kind.PERSON, key="jordan", slug="jordan-person")
    import_texts(tmp_path, "AID TALKS\n\nTALKS WITH JORDAN RESUME\n\nOfficials met on Monday to discuss the budget.")
    assert not place.mentions.exists()
    assert not man.mentions.exists()


def test_a_place_joins_an_organization_of_its_name_unless_that_is_a_team():
    """ "Kremlin" as a place and as an organization is one entity (its kind
    settled by its mentions); "France" the team stays apart from France."""
    kremlin = Entity.objects.resolve("Kremlin", Entity.Kind.ORGANIZATION)
    assert Entity.objects.resolve("Kremlin", Entity.Kind.PLACE) == kremlin
    team = Entity.objects.resolve("France", Entity.Kind.ORGANIZATION, team=True)
    country = Entity.objects.resolve("France", Entity.Kind.PLACE)
    assert country != team
    assert (country.kind, team.kind) == (Entity.Kind.PLACE, Entity.Kind.ORGANIZATION)
