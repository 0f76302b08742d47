"""Clean People and Organizations indexes, read as a user reads them.

Each test imports short synthetic articles through ``import_articles`` (with
the real model's analysis) and reads the rendered /people/ and
/organizations/ pages: one example of issue 13's "Why" per test. A real
person or organization in the same text must still be listed, so each test
also fails if the index shows nothing at all.
"""

from html import escape

import pytest

from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def listed(html, name):
    return f">{escape(name)}</a>" in html


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


# (the article's text, a person and an organization it names, products that must be in neither index)
PRODUCTS_ON_A_REVIEW_PAGE = {
    "model numbers and measures": (
        "Ski review\n\nWe skied the Salomon QST 118 and the Nordica Enforcer 104 all winter.\n\n"
        "Weights: Salomon QST 118, 192 cm: 2133 grams. Moment Wildcat, 190 cm: 2130 grams. "
        "Nordica Enforcer 104, 186 cm: 2050 grams.\n\nDimensions: 150-117-142 mm. Length: 184 cm, 190 cm.\n\n"
        "Jonathan Ellsworth, who tested the skis, said the Moment Wildcat was the most playful. "
        "A spokesman for Rossignol said a new model comes next year.",
        "Jonathan Ellsworth",
        "Rossignol",
        ("Salomon QST", "Nordica Enforcer", "Moment Wildcat"),
    ),
    "a name listed beside a model": (
        "Ski review\n\nCompared to the K2 Mindbender 108, Atomic Bent Chetler, and Moment Wildcat, the new ski "
        "is softer.\n\nWeights: 2133 grams, 2130 grams, 2050 grams.\n\nDimensions: 150-117-142 mm. "
        "Length: 184 cm, 190 cm.\n\nJonathan Ellsworth, who tested the skis, said it was the most playful. "
        "A spokesman for Rossignol said a new model comes next year.",
        "Jonathan Ellsworth",
        "Rossignol",
        ("K2 Mindbender", "Atomic Bent Chetler", "Moment Wildcat"),
    ),
}


@pytest.mark.parametrize("case", PRODUCTS_ON_A_REVIEW_PAGE)
def test_products_on_a_review_page_are_in_neither_index(client, tmp_path, case):
    text, person, organization, products = PRODUCTS_ON_A_REVIEW_PAGE[case]
    import_texts(tmp_path, text)
    people, orgs = page(client, "/people/"), page(client, "/organizations/")
    assert listed(people, person)
    assert listed(orgs, organization)
    for name in products:
        assert not listed(people, name)
        assert not listed(orgs, name)


def test_a_name_with_a_model_number_on_a_news_page_is_still_listed(client, tmp_path):
    # Without a page of specifications a figure after a name proves nothing.
    import_texts(tmp_path, "Match report\n\nCaptain Steve Waugh 64 not out, and Australia won, Cricket Australia said.")
    assert listed(page(client, "/people/"), "Steve Waugh")


def test_headings_of_common_nouns_are_not_organizations(client, tmp_path):
    import_texts(
        tmp_path,
        "Software news\n\nTools & Projects\n\nApplications and Services can now be deployed in one step, "
        "Gitlab said. Our tools and projects page lists the applications and services we use.\n\n"
        "Mary Stone, who runs the team, said the release went well.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "Gitlab")
    for heading in ("Tools & Projects", "Applications and Services"):
        assert not listed(orgs, heading)


def test_a_line_labelled_with_a_full_name_lists_the_person_and_not_the_platform(client, tmp_path):
    import_texts(
        tmp_path,
        "Where to follow us\n\nThe staff will keep posting after the move.\n\n"
        "Josh Earnest: You can continue to follow Josh at @JoshEarnest on Twitter. "
        "Archived content will be available at @PressSec44.\n\n"
        "Brian Deese: You can continue to follow Brian at @BrianCDeese on Twitter. "
        "Archived content will be available at @Deese44.\n\n"
        "Susan Rice, the adviser, said the team was proud.",
    )
    people = page(client, "/people/")
    for person in ("Josh Earnest", "Brian Deese", "Susan Rice"):
        assert listed(people, person)
    for name in ("Josh", "Brian", "Twitter"):
        assert not listed(people, name)


@pytest.mark.parametrize("title", ["President", "Senator", "Mayor"])
def test_a_surname_after_a_title_is_a_listed_person(client, tmp_path, title):
    import_texts(
        tmp_path,
        f"My talk\n\nLast week I spoke after {title} Obama at a conference in Pittsburgh about the future "
        "of work. The crowd was large.",
    )
    assert listed(page(client, "/people/"), "Obama")


def test_paths_and_software_kinds_are_not_organizations(client, tmp_path):
    import_texts(
        tmp_path,
        "Notes\n\nCopy the files from /System/iOSSupport/System/Library/PrivateFrameworks and check them. "
        "I set up Wireguard VPN on the laptop and moved my data off MS SQL. Most people choose FreeBSD over "
        "GNU/Linux. A spokeswoman for Microsoft said the tools would improve.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "Microsoft")
    for name in ("iOSSupport", "Library", "PrivateFrameworks", "Wireguard VPN", "MS SQL", "GNU", "Linux"):
        assert not listed(orgs, name)


def test_a_person_followed_by_another_name_is_no_person(client, tmp_path):
    """ "Obama White House" names the president's offices, not a person: the text names President Obama, and
    "White House" alone is an organization."""
    import_texts(
        tmp_path,
        "Staying in touch\n\nPresident Obama spoke on Monday. Over the past eight years, the President, the First "
        "Lady, and the Obama White House have used social media and technology to engage with people. The White "
        "House said it would keep the archive.",
    )
    people = page(client, "/people/")
    assert listed(people, "Obama")
    assert not listed(people, "Obama White House")


def test_a_person_named_only_in_a_line_in_title_case_is_not_listed(client, tmp_path):
    """A headline or menu in title case makes names of any capitalised words ("Wasatch Range"); a name only
    there is not listed, a name the body also gives is."""
    import_texts(
        tmp_path,
        "Review\n\nHow Powder Hound Crested Butte Picked The Best Skis Of The Year\n\n"
        "Jonathan Ellsworth tested the skis in Utah last winter and liked them.",
    )
    people = page(client, "/people/")
    assert listed(people, "Jonathan Ellsworth")
    assert "Crested Butte" not in people


def test_a_speaker_is_not_named_after_a_headline_fragment(client, tmp_path):
    """A headline in title case makes "Donald Trump Advises" of a name; the body's Donald Trump, who speaks, is
    still Donald Trump, not the fragment the headline gave first."""
    import_texts(
        tmp_path,
        "Donald Trump Advises Boeing To Rebrand Max 737, Tweeting “But What The Hell Do I Know?”\n\n"
        "President Donald Trump shared his branding expertise with Boeing on Monday. “I would rebrand the plane,” "
        "Trump said.",
    )
    people = page(client, "/people/")
    assert listed(people, "Donald Trump")
    assert "Donald Trump Advises" not in people


# (the article's text, organizations it shows as such, names the model calls organizations that must not be listed)
NOT_ORGANIZATIONS = {
    "software, formats and features in a list": (
        "Database tools\n\nThe new editor supports connecting to RedShift, MySQL, PostgreSQL, IBM DB2, Impala, "
        "MS SQL, Oracle and SQLite. You can write notes in Markdown and keep them in Explorer. The editor was "
        "written by engineers at Mozilla.",
        ("Mozilla",),
        ("RedShift", "IBM DB2", "MS SQL", "SQLite", "Markdown", "Explorer"),
    ),
    "headings beside an emoji": (
        "Weekly links\n\nTools & Projects 🛠\n\nThis tool turns a folder of notes into a website.\n\n"
        "Guides & Tutorials 🎓\n\nA guide to setting up a mail server, written by engineers at Mozilla.",
        ("Mozilla",),
        ("Tools & Projects", "Guides & Tutorials", "Guides & Tutorials 🎓"),
    ),
    "a plane's model and a state code": (
        "Air travel\n\nAirlines grounded the Boeing 737 Max after a second Ethiopian Airlines crash. American "
        "Airlines announced it would cancel flights. We flew on to Crested Butte, CO; the snow was deep.",
        ("Ethiopian Airlines", "American Airlines"),
        ("Boeing 737 Max", "Max", "CO"),
    ),
    "features given as examples": (
        "Identity server\n\nKeycloak offers advanced features such as User Federation, Identity Brokering and "
        "Social Login. A researcher at Kaiser said it was easy to set up.",
        ("Kaiser",),
        ("User Federation", "Identity Brokering", "Keycloak"),
    ),
    "an event people speak at": (
        "Work and technology\n\nI spoke at the White House Frontiers Conference last year about work. A "
        "researcher at Kaiser said the talk went well.",
        ("Kaiser",),
        ("White House Frontiers Conference",),
    ),
    "examples the model left out and a described brand": (
        "Smart homes\n\nSo far, companies including Belkin, Honeywell, and iHome have made compatible devices. "
        "BMW and Genesis (Hyundai's luxury brand) vehicles will follow.",
        ("Belkin", "Honeywell", "iHome", "Genesis", "Hyundai"),
        (),
    ),
    "a place's body after the place": (
        "Officer mourned\n\nThe widow of slain Saint Louis County Police Officer Blake Snyder is using Facebook "
        "to help her deal with the loss of her husband.",
        ("Saint Louis County Police",),
        ("Saint Louis County",),
    ),
    "names the text shows as organizations": (
        "Smart homes\n\nCompanies like Nest and Haiku have been able to add voice support to their devices. "
        "BMW and Genesis will add it to cars next year. NASA scientists tested it in space.",
        ("Haiku", "BMW", "NASA"),
        (),
    ),
}


@pytest.mark.parametrize("case", NOT_ORGANIZATIONS)
def test_only_names_the_text_shows_as_organizations_are_listed(client, tmp_path, case):
    text, organizations, not_organizations = NOT_ORGANIZATIONS[case]
    import_texts(tmp_path, text)
    orgs = page(client, "/organizations/")
    for name in organizations:
        assert listed(orgs, name)
    for name in not_organizations:
        assert not listed(orgs, name)


# (the article's text, people it names, names the model calls people that must not be listed)
PLACES_AND_PRODUCTS = {
    "a place before a state code": (
        "Ski test\n\nWeight: Crested Butte, CO; 190 cm. Crested Butte had snow, and Eric Pollard said the skis "
        "were fast.",
        ("Eric Pollard",),
        ("Crested Butte", "CO"),
    ),
    "a brand only ever qualifying a noun": (
        "Smart lighting\n\nThe company came out with a HomeKit-enabled Hue bridge for its lights. The Philips "
        "Hue bridge already existed, and Maria Lopez said the update was free.",
        ("Maria Lopez",),
        ("Philips Hue",),
    ),
    "a product's model": (
        "Phone news this week\n\nSamsung said it would sell the Galaxy Pro in May. Reviewers liked Galaxy Pro, "
        "and Alan Smith said it was the best phone he had used.",
        ("Alan Smith",),
        ("Galaxy Pro",),
    ),
}


@pytest.mark.parametrize("case", PLACES_AND_PRODUCTS)
def test_places_and_products_are_no_people(client, tmp_path, case):
    text, people_named, not_people = PLACES_AND_PRODUCTS[case]
    import_texts(tmp_path, text)
    people = page(client, "/people/")
    for person in people_named:
        assert listed(people, person)
    for name in not_people:
        assert not listed(people, name)


def test_many_names_ending_in_one_word_are_kinds_of_place_not_people(client, tmp_path):
    """A word that ends five different names ("... Realm") is a kind of thing, not a family's name."""
    import_texts(
        tmp_path,
        "The story\n\nYun Che had lived on the devil legacy of Burning Moon Realm, and Snow Song Realm sent envoys. "
        "Chi Wuyao left Glazed Light Realm. Rank Star Realm was already silent when Moon God Realm and Plundered "
        "Soul Realm answered. Xia Qingyue said she would wait.",
    )
    people = page(client, "/people/")
    for person in ("Yun Che", "Chi Wuyao", "Xia Qingyue"):
        assert listed(people, person)
    for name in ("Burning Moon Realm", "Snow Song Realm", "Light Realm", "Star Realm", "God Realm", "Soul Realm"):
        assert not listed(people, name)


def test_lines_of_one_layout_name_people_whatever_the_model_read_on_one(client, tmp_path):
    """ "Name Surname: ... follow Name at": where the model read two such lines as people, the third, whose
    "Cecilia" it took for a place, names a person too."""
    import_texts(
        tmp_path,
        "Where to follow us\n\nThe staff will keep posting after the move.\n\n"
        "Denis McDonough: You can continue to follow Denis at @DenisMcDonough on Twitter.\n\n"
        "Cecilia Muñoz: You can continue to follow Cecilia at @cecmunoz on Twitter.\n\n"
        "Charlie Anderson: You can continue to follow Charlie at @EconCharlie on Twitter.",
    )
    people = page(client, "/people/")
    for person in ("Denis McDonough", "Cecilia Muñoz", "Charlie Anderson"):
        assert listed(people, person)
    for name in ("Cecilia", "Muñoz", "Twitter"):
        assert not listed(people, name)


def test_a_given_name_after_a_noun_of_kin_is_a_listed_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Family\n\nAlthough Elizabeth Snyder still endures immense pain, their son Malachi has helped her push "
        "through the heartache. She wrote that she was thankful for Blake Snyder and Malachi.",
    )
    people = page(client, "/people/")
    for person in ("Elizabeth Snyder", "Blake Snyder", "Malachi"):
        assert listed(people, person)
