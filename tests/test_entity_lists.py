"""Clean People and Organizations indexes, read as a user reads them.

Each test imports short synthetic articles through ``import_articles`` (with
the real model's analysis) and reads the rendered /people/ and
/organizations/ pages: one example of issue 13's "Why" per test. A real
person or organization in the same text must still be listed, so each test
also fails if the index shows nothing at all.
"""

import pytest

from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def listed(html, name):
    return f">{name}</a>" in html


def test_a_feature_of_a_platform_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Help pages\n\nUsers can ask a question on Twitter Answers and get a reply within a day. "
        "Maria Lopez, a spokeswoman, said the service had grown.",
    )
    people = page(client, "/people/")
    assert listed(people, "Maria Lopez")
    assert not listed(people, "Twitter Answers")
    assert not listed(people, "Twitter")


def test_a_laptop_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Laptop review\n\nThe new MacBook Pro has a brighter screen. I used my MacBook Pro for a week, "
        "and Tim Cook said the battery lasts all day.",
    )
    people = page(client, "/people/")
    assert listed(people, "Tim Cook")
    assert not listed(people, "MacBook Pro")
    assert not listed(page(client, "/organizations/"), "MacBook Pro")


def test_a_games_console_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Game review\n\nI played the game on my Nintendo Switch for ten hours. A Nintendo Switch costs less "
        "than a new phone, Shuntaro Furukawa said.",
    )
    people = page(client, "/people/")
    assert listed(people, "Shuntaro Furukawa")
    assert not listed(people, "Nintendo Switch")


def test_a_song_title_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Concert\n\nThe band closed the night with Blue Moon, and the crowd sang along. Ella Brooks, the "
        "singer, thanked the city.",
    )
    people = page(client, "/people/")
    assert listed(people, "Ella Brooks")
    assert not listed(people, "Blue Moon")


def test_a_company_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Launch\n\nSpaceX launched a rocket from Florida on Tuesday. Gwynne Shotwell said SpaceX would try "
        "again next month.",
    )
    assert listed(page(client, "/people/"), "Gwynne Shotwell")
    assert not listed(page(client, "/people/"), "SpaceX")


def test_a_scooter_brand_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Scooters\n\nRiders can rent a Bird for a dollar, and a Bird scooter can go 15 miles an hour. "
        "Mayor Karen Bass said the city would add more parking.",
    )
    people = page(client, "/people/")
    assert listed(people, "Karen Bass")
    assert not listed(people, "Bird")


def test_a_drug_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Drug arrests\n\nMeth use rose again in the county. Police seized meth and cash in two raids, "
        "Sheriff John Doyle said.",
    )
    people = page(client, "/people/")
    assert listed(people, "John Doyle")
    assert not listed(people, "Meth")


def test_a_currency_is_no_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Markets\n\nThe Euro fell against the dollar on Monday. Christine Lagarde said the bank would "
        "watch the Euro closely.",
    )
    people = page(client, "/people/")
    assert listed(people, "Christine Lagarde")
    assert not listed(people, "Euro")


def test_tech_terms_are_not_in_the_organizations_index(client, tmp_path):
    import_texts(
        tmp_path,
        "Laptop review\n\nThe new laptop has two USB ports, a fast GPU and 16 GB of RAM. Games run at 60 FPS "
        "on the GPU, and the RAM is enough for most users, Microsoft said.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "Microsoft")
    for term in ("USB", "GPU", "RAM", "FPS"):
        assert not listed(orgs, term)


def test_letter_fragments_are_not_in_the_organizations_index(client, tmp_path):
    import_texts(
        tmp_path,
        "Prison museum\n\nSections G, H and K of the prison are closed, the United Nations said. "
        "Visitors can see blocks G, H and J.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "United Nations")
    for fragment in ("G, H", "G", "H"):
        assert not listed(orgs, fragment)
