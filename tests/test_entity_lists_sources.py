"""Organizations a text shows by where it gets things (the shop a thing is sold at, the station of a
dateline), devices that are no firm, a department's full name, and the API's article entities.

Each test imports short synthetic articles through ``import_articles`` (with the real model's analysis) and
reads the rendered indexes, an entity page or the API, as a user does.
"""

import pytest

from archive.models import Article
from tests.factories import import_texts
from tests.test_entity_lists import assert_index, listed, page

pytestmark = pytest.mark.django_db


def test_shops_a_gift_guide_sells_at_are_organizations(client, tmp_path):
    import_texts(
        tmp_path,
        "Gift guide\n\nThis linen dress is $45 at Modcloth, and the boots are $80 at Kohl's.\n\n"
        "Buy it: $30, Etsy\n\nThe jeans are sold at Nordstrom. Ana Ruiz, a stylist, said the look works all year.",
    )
    assert_index(client, "/organizations/", ["Modcloth", "Kohl", "Etsy", "Nordstrom"], ["Ana Ruiz"])
    assert_index(client, "/people/", ["Ana Ruiz"], ["Kohl", "Modcloth"])


def test_a_place_one_arrives_at_is_no_shop_nor_a_person_paying_one(client, tmp_path):
    # "at" names a shop only beside a price or a word of selling; money "from" a person is no sale.
    import_texts(
        tmp_path,
        "Trip\n\nWe landed at Heathrow at noon and paid $20 for a taxi. Anna Berg, a spokeswoman for "
        "Barclays, met us there. The campaign received $500 from John Smith on Monday.",
    )
    assert_index(client, "/organizations/", ["Barclays"], ["Heathrow", "John Smith"])
    assert_index(client, "/people/", ["Anna Berg", "John Smith"])


def test_the_station_of_a_dateline_is_an_organization(client, tmp_path):
    import_texts(
        tmp_path,
        "Fire downtown\n\nST. LOUIS (KTVI) – A fire broke out in a warehouse on Monday, Fire Chief Dennis "
        "Jenkerson said. Nobody was hurt.",
        "Markets\n\nLONDON (Reuters) - Oil prices were flat on Tuesday as traders waited for new figures.",
    )
    assert_index(client, "/organizations/", ["KTVI", "Reuters"], ["ST. LOUIS", "LOUIS"])
    assert_index(client, "/people/", ["Dennis Jenkerson"], ["LOUIS", "KTVI"])


def test_a_device_owning_its_parts_is_no_organization(client, tmp_path):
    import_texts(
        tmp_path,
        "Pencil rumors\n\nA magnet would let the pencil attach to an iPad's body when not in use. Rumors suggest "
        "the iPad Pro lineup will change, and the rumored iPad will use a larger display, Tim Cook said.",
    )
    assert_index(client, "/people/", ["Tim Cook"])
    assert_index(client, "/organizations/", [], ["iPad"])


def test_a_department_goes_by_its_full_name_when_no_text_was_sure_of_the_short_one(client, tmp_path):
    import_texts(
        tmp_path,
        "Teacher pay\n\nThe governor said he was waiting for a teacher pay commission he appointed in February.\n\n"
        "Education advocacy groups estimated this year that a 9% funding increase was needed to boost average "
        "teacher pay. Superintendent Jennifer McCormick has cited a study showing Indiana as the state with the "
        "lowest teacher salary increases.",
        "Debt relief\n\nMore than 8 million Americans applied for debt relief since the Education Department "
        "began accepting applications, according to the Education Department.",
    )
    organizations = page(client, "/organizations/")
    assert listed(organizations, "Education Department")
    assert not listed(organizations, "Education")


def test_the_api_lists_the_entities_the_article_page_shows(client, tmp_path):
    import_texts(
        tmp_path,
        "Laptop review\n\nThe new MacBook Pro has a brighter screen. I used my MacBook Pro for a week, "
        "and Tim Cook said the battery lasts all day.",
    )
    article = Article.objects.get()
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert [(e["name"], e["kind"], e["mentions"]) for e in data["entities"]] == [("Tim Cook", "person", 1)]
    html = page(client, article.get_absolute_url())
    assert listed(html, "Tim Cook") and not listed(html, "MacBook Pro")


def test_an_outlet_people_write_for_is_an_organization(client, tmp_path):
    import_texts(
        tmp_path,
        "Album reviews\n\nA critic for Pitchfork called the album bold. Dana Moss writes for Billboard, "
        "and she said the record would chart.",
    )
    assert_index(client, "/organizations/", ["Pitchfork", "Billboard"])
    assert_index(client, "/people/", ["Dana Moss"], ["Billboard"])


def test_people_the_text_introduces_by_what_they_do_are_listed(client, tmp_path):
    import_texts(
        tmp_path,
        "Gift guide\n\nThe linen dress is $45 at Modcloth. Ana Ruiz, a stylist, said the look works all year, "
        "and the Fashion Week crowd loved it.",
    )
    assert_index(client, "/people/", ["Ana Ruiz"], ["Fashion Week"])


def test_a_contest_is_neither_a_side_nor_a_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Bowl season\n\nHouston beat Memphis 34-31 on Saturday. Houston (9-3) plays San Diego State (10-3) in the "
        "Las Vegas Bowl on Dec. 17, and coach Major Applewhite will lead the team in the bowl game.",
        "Tennis\n\nCanada beat the United States 2-1 in the Davis Cup on Monday. Davis Cup rules changed this "
        "year, and Denis Shapovalov won his singles match, coach Frank Dancevic said.",
    )
    assert_index(client, "/organizations/", ["San Diego State"], ["Las Vegas Bowl", "Davis Cup"])
    assert_index(client, "/people/", ["Denis Shapovalov", "Frank Dancevic"], ["Davis Cup", "Las Vegas Bowl"])


def test_a_state_code_after_a_town_is_a_place_even_where_the_town_is_not_tagged(client, tmp_path):
    import_texts(
        tmp_path,
        "Tour dates\n\nThe band plays 40 shows.\n\nJune 27 -- BB&T Pavilion, Camden, NJ\n\n"
        "June 29 -- PNC Bank Arts Center, Holmdel, NJ\n\nJuly 2 -- Mohegan Sun Arena, Uncasville, CT\n\n"
        "Tickets go on sale Friday, Live Nation said.",
    )
    assert_index(client, "/organizations/", ["Live Nation"], ["NJ", "CT", "New Jersey"])


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Harvest has learned that the speaker ships in May.", True),
        ("Two engineers spoke with Harvest about the speaker.", True),
        ("Subscribe to Harvest for the best speakers of the year.", False),  # names the site, not the outlet
    ],
    ids=["learned", "spoke-with", "subscribe"],
)
def test_the_outlets_own_name_reporting_on_its_page_is_a_listed_organization(client, line, shown):
    from archive.nlp.store import analyze_articles
    from tests.factories import make_article

    article = make_article(
        "Smart speakers", ("Maria Lopez tested six speakers at home.", line), source="Harvest", authors=()
    )
    analyze_articles([article.pk])
    assert_index(client, "/organizations/", *((["Harvest"], []) if shown else ([], ["Harvest"])))
    assert_index(client, "/people/", ["Maria Lopez"], ["Harvest"])


def test_a_full_name_with_a_common_word_is_a_person_where_a_title_opens_it(client, tmp_path):
    # "prince" is a word of the text too; a name it opens as a title is a person's all the same.
    import_texts(
        tmp_path,
        "Royal visit\n\nPrince Andrew visited the school on Saturday, and the visit by Prince Andrew drew a crowd. "
        "The prince left at noon.",
    )
    assert_index(client, "/people/", ["Prince Andrew"])


def test_a_body_acting_by_a_passive_or_naming_its_staff_is_an_organization(client, tmp_path):
    import_texts(
        tmp_path,
        "Impeachment hearing\n\nThe bill was later approved by the Senate, a statement said. On Thursday, former "
        "White House Russia adviser Fiona Hill testified for hours.",
    )
    assert_index(client, "/organizations/", ["Senate", "White House"])
    assert_index(client, "/people/", ["Fiona Hill"], ["White House"])


@pytest.mark.parametrize(
    ("text", "person", "thing"),
    [
        (
            "Gadgets\n\nThe smaller, more portable Nintendo Switch gives up the dock. But it is still the same old "
            "Switch that users love, Shuntaro Furukawa said.",
            "Shuntaro Furukawa",
            "Nintendo Switch",
        ),
        (
            "Bikes\n\nGet Motor Cycle Monthly delivered through your letterbox every month, editor Ray Barnes said.",
            "Ray Barnes",
            "Cycle Monthly",
        ),
    ],
    ids=["described-device", "magazine"],
)
def test_a_described_device_and_a_magazine_are_no_people(client, tmp_path, text, person, thing):
    import_texts(tmp_path, text)
    assert_index(client, "/people/", [person], [thing])
