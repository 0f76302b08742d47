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


# (the article's text, a real person it names, names that must not be listed as people)
NOT_PEOPLE = {
    "a feature of a platform": (
        "Help pages\n\nUsers can ask a question on Twitter Answers and get a reply within a day. "
        "Maria Lopez, a spokeswoman, said the service had grown.",
        "Maria Lopez",
        ("Twitter Answers", "Twitter"),
    ),
    "a laptop": (
        "Laptop review\n\nThe new MacBook Pro has a brighter screen. I used my MacBook Pro for a week, "
        "and Tim Cook said the battery lasts all day.",
        "Tim Cook",
        ("MacBook Pro",),
    ),
    "a games console": (
        "Game review\n\nI played the game on my Nintendo Switch for ten hours. A Nintendo Switch costs less "
        "than a new phone, Shuntaro Furukawa said.",
        "Shuntaro Furukawa",
        ("Nintendo Switch",),
    ),
    "a song title": (
        "Concert\n\nThe band closed the night with Blue Moon, and the crowd sang along. Ella Brooks, the "
        "singer, thanked the city.",
        "Ella Brooks",
        ("Blue Moon",),
    ),
    "a company": (
        "Launch\n\nSpaceX launched a rocket from Florida on Tuesday. Gwynne Shotwell said SpaceX would try "
        "again next month.",
        "Gwynne Shotwell",
        ("SpaceX",),
    ),
    "a scooter brand": (
        "Scooters\n\nRiders can rent a Bird for a dollar, and a Bird scooter can go 15 miles an hour. "
        "Mayor Karen Bass said the city would add more parking.",
        "Karen Bass",
        ("Bird",),
    ),
    "a drug": (
        "Drug arrests\n\nMeth use rose again in the county. Police seized meth and cash in two raids, "
        "Sheriff John Doyle said.",
        "John Doyle",
        ("Meth",),
    ),
    "a currency": (
        "Markets\n\nThe Euro fell against the dollar on Monday. Christine Lagarde said the bank would "
        "watch the Euro closely.",
        "Christine Lagarde",
        ("Euro",),
    ),
}


@pytest.mark.parametrize("case", NOT_PEOPLE)
def test_things_are_not_in_the_people_index(client, tmp_path, case):
    text, person, not_people = NOT_PEOPLE[case]
    import_texts(tmp_path, text)
    people = page(client, "/people/")
    assert listed(people, person)
    for name in not_people:
        assert not listed(people, name)


def test_a_laptop_is_no_organization_either(client, tmp_path):
    import_texts(tmp_path, NOT_PEOPLE["a laptop"][0])
    assert not listed(page(client, "/organizations/"), "MacBook Pro")


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
