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


def assert_index(client, url, shown=(), hidden=()):
    """The index page at ``url`` lists every name in ``shown`` and none in ``hidden``."""
    html = page(client, url)
    missing = [name for name in shown if not listed(html, name)]
    wrong = [name for name in hidden if listed(html, name)]
    assert (missing, wrong) == ([], [])


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
    assert_index(client, "/people/", [person], not_people)


@pytest.mark.parametrize(("case", "name"), [("a laptop", "MacBook Pro"), ("a song title", "Blue Moon")])
def test_a_product_or_a_song_is_no_organization_either(client, tmp_path, case, name):
    import_texts(tmp_path, NOT_PEOPLE[case][0])
    organizations = page(client, "/organizations/")
    assert not listed(organizations, name)


def test_tech_terms_are_not_in_the_organizations_index(client, tmp_path):
    import_texts(
        tmp_path,
        "Laptop review\n\nThe new laptop has two USB ports, a fast GPU and 16 GB of RAM. Games run at 60 FPS "
        "on the GPU, and the RAM is enough for most users, Microsoft said.",
    )
    assert_index(client, "/organizations/", ["Microsoft"], ["USB", "GPU", "RAM", "FPS"])


def test_letter_fragments_are_not_in_the_organizations_index(client, tmp_path):
    import_texts(
        tmp_path,
        "Prison museum\n\nSections G, H and K of the prison are closed, the United Nations said. "
        "Visitors can see blocks G, H and J.",
    )
    assert_index(client, "/organizations/", ["United Nations"], ["G, H", "G", "H"])


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
        "Release notes\n\nGuides & Recipes\n\nPlugins and Extensions can now be installed from one menu, "
        "Gitlab said. Our guides and recipes page lists the plugins and extensions we keep.\n\n"
        "Mary Stone, who runs the team, said the release went well.",
    )
    assert_index(client, "/organizations/", ["Gitlab"], ["Guides & Recipes", "Plugins and Extensions"])


def test_a_line_labelled_with_a_full_name_lists_the_person_and_not_the_platform(client, tmp_path):
    import_texts(
        tmp_path,
        "Columnists\n\nThe columns move to a new site next month.\n\n"
        "Omar Castillo: You may still write to Omar at @OmarCastillo on Mastodon. "
        "His old columns stay at @Castillo2019.\n\n"
        "Helen Marsh: You may still write to Helen at @HelenMarsh on Mastodon. "
        "Her old columns stay at @Marsh2019.\n\n"
        "Susan Rice, the editor, said the team was proud.",
    )
    assert_index(client, "/people/", ["Omar Castillo", "Helen Marsh", "Susan Rice"], ["Omar", "Helen", "Mastodon"])


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
    hidden = ["iOSSupport", "Library", "PrivateFrameworks", "Wireguard VPN", "MS SQL", "GNU", "Linux"]
    assert_index(client, "/organizations/", ["Microsoft"], hidden)


def test_a_person_followed_by_another_name_is_no_person(client, tmp_path):
    """ "Carter White House" names the president's offices, not a person: the text names President Carter, and
    "White House" alone is an organization."""
    import_texts(
        tmp_path,
        "Papers released\n\nThe archive opened its files on Monday, and President Carter welcomed historians. "
        "Memos from the Carter White House show how energy policy was made. The White House said more would "
        "follow.",
    )
    people = page(client, "/people/")
    assert listed(people, "Carter")
    assert not listed(people, "Carter White House")


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
    "software and formats in a list": (
        "Reporting tool\n\nThe exporter reads from MariaDB, CockroachDB, Teradata and DuckDB, and keeps its "
        "notes in AsciiDoc. Developers at Canonical built it over the winter.",
        ("Canonical",),
        ("MariaDB", "CockroachDB", "DuckDB", "AsciiDoc"),
    ),
    "headings beside an emoji": (
        "Monthly digest\n\nEvents & Meetups 📅\n\nA meetup on compilers is planned for March.\n\n"
        "Books & Reviews 📚\n\nTwo new books on networking, reviewed by an editor at HarperCollins.",
        ("HarperCollins",),
        ("Events & Meetups", "Books & Reviews", "Books & Reviews 📚"),
    ),
    "a jet's model and a state code": (
        "Grounded\n\nRegulators kept the Airbus A220 Plus on the ground while Qantas Airways inspected its fleet. "
        "Our connection ran through Boise, ID, where the fog was thick. Alaska Airlines said it would add seats.",
        ("Qantas Airways", "Alaska Airlines"),
        ("Airbus A220 Plus", "ID"),
    ),
    "features given as examples": (
        "Password manager\n\nVaultly ships with features such as Secure Sharing, Breach Watch and Travel Mode. "
        "An analyst at Gartner called it easy to adopt.",
        ("Gartner",),
        ("Secure Sharing", "Breach Watch", "Vaultly"),
    ),
    "an event people speak at": (
        "Notes from the road\n\nLast spring she gave a keynote at the Pacific Data Summit in Portland. An "
        "economist at Barclays said the audience asked hard questions.",
        ("Barclays",),
        ("Pacific Data Summit",),
    ),
    "examples the model left out and a described brand": (
        "Connected kitchens\n\nRetailers such as Wayfair, Crate, and hOmelabs now stock the fridges. Lexus "
        "(Toyota's upscale marque) and Acura, a brand of Honda, sell a dashboard app.",
        ("Wayfair", "Toyota", "Acura"),
        (),
    ),
    "a place's body after the place": (
        "Court ruling\n\nA judge ordered the Travis County Sheriff's deputies to release the records. Lawyers for "
        "the Travis County Sheriff said they would appeal.",
        ("Travis County Sheriff",),
        ("Travis County",),
    ),
    "a photo credit and a nurse's letters": (
        "Wildfire\n\nCrews held the line near the ridge overnight. (Photo: Dana Whitfield, AP)\n\nPriya "
        "Natarajan, RN, said the clinic had treated twelve firefighters. The Forest Service sent two planes.",
        ("Forest Service",),
        ("Dana Whitfield", "Priya Natarajan"),
    ),
    "places ending in words of bodies": (
        "Commuter chaos\n\nTrains into Kings Cross ran an hour late, and storms closed roads in Kansas City and "
        "Orange County. A spokeswoman for Network Rail apologised.",
        ("Network Rail",),
        ("Kings Cross", "Kansas City", "Orange County"),
    ),
    "prices and places off a markets page": (
        "Spring break\n\nWe landed at Gatwick after midnight. Brightwater Falls opened to hikers on Monday, and "
        "Redfern Gardens closed for repairs. A researcher at Oxfam said the town was busy.",
        ("Oxfam",),
        ("Gatwick", "Brightwater Falls", "Redfern Gardens"),
    ),
}


@pytest.mark.parametrize("case", NOT_ORGANIZATIONS)
def test_only_names_the_text_shows_as_organizations_are_listed(client, tmp_path, case):
    text, organizations, not_organizations = NOT_ORGANIZATIONS[case]
    import_texts(tmp_path, text)
    assert_index(client, "/organizations/", organizations, not_organizations)


def test_a_political_page_with_season_and_penalty_has_no_teams(client, tmp_path):
    import_texts(
        tmp_path,
        "Campaign trail\n\nThe primary season is under way. Opponents of the death penalty marched downtown, and "
        "Nevada voted for Harris. A spokesman for the Sierra Club said turnout was high.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "Sierra Club")
    assert not listed(orgs, "Nevada")


def test_a_firm_that_rises_is_an_organization_on_a_markets_page_only(client, tmp_path):
    """ "Halvorsen Foods rose": a verb of prices says a name is a listed firm where the page is about trading."""
    import_texts(
        tmp_path,
        "Markets\n\nStocks slipped as investors weighed earnings and bond yields. Halvorsen Foods rose 4 percent "
        "after raising its dividend.",
    )
    assert listed(page(client, "/organizations/"), "Halvorsen Foods")


def test_a_name_that_rises_off_a_markets_page_is_not_listed(client, tmp_path):
    import_texts(
        tmp_path,
        "Town news\n\nThe river was high after the storm. Halvorsen Foods rose early to open the fair. A "
        "spokesman for the Red Cross said the shelters were full.",
    )
    orgs = page(client, "/organizations/")
    assert listed(orgs, "Red Cross")
    assert not listed(orgs, "Halvorsen Foods")


def test_clubs_on_a_sports_page_are_listed(client, tmp_path):
    import_texts(
        tmp_path,
        "Cup tie\n\nThe striker scored twice in the second half as Bristol Rovers won the cup tie. The goalkeeper "
        "saved a penalty, and Iowa State won its semifinal in the final minute.",
    )
    orgs = page(client, "/organizations/")
    for club in ("Bristol Rovers", "Iowa State"):
        assert listed(orgs, club)


# (the article's text, people it names, names the model calls people that must not be listed)
PLACES_AND_PRODUCTS = {
    "a place before a state code": (
        "Trail run\n\nStart: Moab, UT; 14 miles. Moab was hot, and Kara Jensen said the climb was the hardest part.",
        ("Kara Jensen",),
        ("Moab", "UT"),
    ),
    "a brand only ever qualifying a noun": (
        "Home audio\n\nThe firm sold a Wi-Fi Sonos Arc speaker for the living room. The Sonos Arc speaker "
        "sounded fuller, and Devon Price said the update was free.",
        ("Devon Price",),
        ("Sonos Arc",),
    ),
    "a product's model": (
        "Tablets\n\nLenovo will ship the Tab Ultra in June. Critics praised Tab Ultra, and Nora Hale said she "
        "had never used a faster tablet.",
        ("Nora Hale",),
        ("Tab Ultra",),
    ),
    "a firm introduced as a partner": (
        "Supply chain\n\nNokia relies on its partner Jabil for assembly. Lena Fischer toured the plant with "
        "her friend Marco on Friday.",
        ("Lena Fischer", "Marco"),
        ("Jabil",),
    ),
}


@pytest.mark.parametrize("case", PLACES_AND_PRODUCTS)
def test_places_and_products_are_no_people(client, tmp_path, case):
    text, people_named, not_people = PLACES_AND_PRODUCTS[case]
    import_texts(tmp_path, text)
    assert_index(client, "/people/", people_named, not_people)


def test_people_in_a_credit_and_with_letters_stay_people(client, tmp_path):
    """ "(Photo: Dana Whitfield, AP)", "Priya Natarajan, RN,": neither code is a state's, so neither is a place."""
    import_texts(
        tmp_path,
        "Wildfire\n\nCrews held the line near the ridge overnight. (Photo: Dana Whitfield, AP)\n\nPriya "
        "Natarajan, RN, said the clinic had treated twelve firefighters.",
    )
    people = page(client, "/people/")
    for person in ("Dana Whitfield", "Priya Natarajan"):
        assert listed(people, person)


def test_many_names_ending_in_one_word_are_kinds_of_place_not_people(client, tmp_path):
    """A word that ends five different names ("... Sect") is a kind of thing, not a family's name."""
    names = ("Frost Lotus Sect", "Azure Cloud Sect", "Black Tide Sect", "Nine Suns Sect", "Silent Peak Sect")
    import_texts(
        tmp_path,
        "Chapter nine\n\nLin Feng bowed to the elders of Frost Lotus Sect. Envoys from Azure Cloud Sect and Black "
        "Tide Sect arrived at dawn; Nine Suns Sect stayed away. Mo Xuan, who had trained with Silent Peak Sect, "
        "said nothing. Su Yao laughed.",
    )
    people = page(client, "/people/")
    for person in ("Lin Feng", "Mo Xuan", "Su Yao"):
        assert listed(people, person)
    for name in names:
        assert not listed(people, name)


def test_lines_of_one_layout_name_people_whatever_the_model_read_on_one(client, tmp_path):
    """ "Name Surname: You can reach Name ...": lines of one layout name people even where the model takes one
    line's given name for a place."""
    import_texts(
        tmp_path,
        "Our reporters\n\nThe desk is moving to a new building in May.\n\n"
        "Rosa Lindqvist: You can reach Rosa by email.\n\n"
        "Daniel Brandt: You can reach Daniel by email.\n\n"
        "Georgia Okonkwo: You can reach Georgia by email.",
    )
    people = page(client, "/people/")
    for person in ("Rosa Lindqvist", "Daniel Brandt", "Georgia Okonkwo"):
        assert listed(people, person)
    for name in ("Georgia", "Okonkwo"):
        assert not listed(people, name)


def test_a_line_of_the_layout_that_goes_on_as_the_others_do_names_a_person(client, tmp_path):
    """ "Todd Park: Archived content will be available at ..." among lines of "Name Surname: You can follow Name
    at ... Archived content will be available at ...": a person too, though the line never repeats the given
    name; a line of the shape that goes on otherwise ("Site Map: Read ...") names nobody."""
    import_texts(
        tmp_path,
        "Our staff\n\nThe desk is moving to a new building in May.\n\n"
        "Rosa Lindqvist: You can follow Rosa at @rosal. Older posts stay at @Rosa44.\n\n"
        "Daniel Brandt: You can follow Daniel at @dbrandt. Older posts stay at @Brandt44.\n\n"
        "Mark Olsen: You can follow Mark at @molsen. Older posts stay at @Olsen44.\n\n"
        "Todd Field: Older posts stay at @Field44.\n\n"
        "Site Map: Read every section of the desk's pages.",
    )
    assert_index(client, "/people/", ["Rosa Lindqvist", "Daniel Brandt", "Todd Field"], ["Site Map"])


def test_a_given_name_after_a_noun_of_kin_is_a_listed_person(client, tmp_path):
    import_texts(
        tmp_path,
        "Recovery\n\nMonths after the crash, Harriet Vance is walking again, and her daughter Maisie drives her "
        "to therapy every week.",
    )
    people = page(client, "/people/")
    for person in ("Harriet Vance", "Maisie"):
        assert listed(people, person)


def test_a_firm_someone_is_ceo_at_is_an_organization_not_a_person(client, tmp_path):
    """ "CEO at X" shows X to be a body people work at, whatever kind the model guessed (people are "in" a
    place); the pronouns of the sentence are its CEO's, and do not make a person of the firm."""
    import_texts(
        tmp_path,
        "Team notes\n\nDana Holt (she/her) is CEO at Shopify; write to her at dana@example.com with any questions.",
    )
    assert_index(client, "/organizations/", ["Shopify"])
    assert_index(client, "/people/", ["Dana Holt"], ["Shopify"])


def test_a_name_owning_its_things_is_an_organization(client, tmp_path):
    """Nobody's servers or prices are "its": a one-word name the model takes for a person is a firm there."""
    import_texts(
        tmp_path,
        "Cloud news\n\nNetcup is retiring its oldest servers this winter, and Priya Rao wrote that Netcup is "
        "raising its prices.",
    )
    assert_index(client, "/organizations/", ["Netcup"])
    assert_index(client, "/people/", ["Priya Rao"], ["Netcup"])


def test_a_person_before_an_organization_name_is_that_organization(client, tmp_path):
    """ "Carter White House officials": the president's name qualifies the White House, which the text names
    alone too; its officials show it to be an organization."""
    import_texts(
        tmp_path,
        "Papers released\n\nPresident Carter welcomed historians on Monday. Memos from the Carter White House show "
        "how energy policy was made, and Carter White House officials kept them. Copies stay in the White House.",
    )
    assert_index(client, "/organizations/", ["White House"], ["Carter White House"])
    assert "Carter White House" not in page(client, "/people/")


def test_a_body_named_before_of_is_no_place(client, tmp_path):
    """ "the Rock and Roll Hall of Fame's list": the model may call it a place, but a hall "of" something is
    an institution."""
    import_texts(
        tmp_path,
        "Music\n\nIn addition, the tune appeared on the ‘Rock and Roll Hall of Fame’s 300 Tracks Every Fan Should "
        "Know’. Lena Marsh wrote about it.",
    )
    assert_index(client, "/organizations/", ["Rock and Roll Hall of Fame"])


def test_an_acronym_of_a_product_the_text_names_is_not_an_organization(client, tmp_path):
    """ "current SWR" after "the new Sir Walter Raleigh", a ski: the acronym spells a name the model gives no
    organization, so it is that ski, not a firm."""
    import_texts(
        tmp_path,
        "Ski review\n\nCompared to the old Sir Walter Raleigh, the new ski has more taper. Next to the new Sir "
        "Walter Raleigh, current SWR, Mordant and Great Bear, the Drifter weighs little. Tomas Lind skied them in "
        "Utah for Rossignol, a spokesman for Rossignol said.",
    )
    assert_index(client, "/organizations/", ["Rossignol"], ["SWR"])


@pytest.mark.parametrize(
    "text",
    [
        "Signing day\n\nTwo coaches told HoopsHQ on Friday that the deal was done. Maria Lopez agreed.",
        "Lamps\n\nThe lamp impressed one HoopsHQ staffer, and Maria Lopez liked it too.",
    ],
)
def test_an_outlet_the_model_left_out_is_listed_where_the_text_shows_one(client, tmp_path, text):
    """One is told things, or has staff: a name the model did not tag at all is an organization there."""
    import_texts(tmp_path, text)
    assert_index(client, "/organizations/", ["HoopsHQ"])
    assert_index(client, "/people/", ["Maria Lopez"], ["HoopsHQ"])


def test_a_magazine_the_model_took_for_a_person_is_an_organization(client, tmp_path):
    """ "told Hush magazine": a person's name qualifies no magazine; the magazine is listed, not a person."""
    import_texts(tmp_path, "Music\n\nIn 1994 Lena Marsh told Hush magazine about the song.")
    assert_index(client, "/organizations/", ["Hush"])
    assert_index(client, "/people/", ["Lena Marsh"], ["Hush"])


def test_a_firm_the_model_calls_a_place_and_once_a_firm_is_an_organization(client, tmp_path):
    """ "news from Github" tagged a place twice, then "GitHub has completed its acquisition", tagged a firm and
    acting as one: every mention is the organization, listed, and none a place. The model's "product" for
    "the free use of GitHub" does not unlist it where it tags the name a firm as often."""
    import_texts(
        tmp_path,
        "Weekly notes\n\nThere is quite a bit of news from Github this week. You can host repositories at Github "
        "for free. The free use of GitHub helps everyone. GitHub has completed its acquisition of npm, said "
        "Maria Lopez.",
    )
    assert_index(client, "/organizations/", ["Github"])
    from archive.models import Entity

    assert list(Entity.objects.filter(key="github").values_list("kind", flat=True)) == ["organization"]


@pytest.mark.parametrize(
    ("middle", "firm"),
    [("Track services with Datadog.", True), ("Most people in Datadog work nights.", False)],
)
def test_a_name_tagged_a_place_acting_as_a_firm_is_one_unless_the_text_puts_it_on_a_map(client, tmp_path, middle, firm):
    """ "Datadog’s live container map", the model's firm once and its place elsewhere: an organization, unless
    the text also places people "in" it."""
    import_texts(
        tmp_path,
        f"Weekly notes\n\nThere is news from Datadog this week. {middle} Visualize performance with Datadog’s live "
        "container map, Maria Lopez wrote.",
    )
    assert_index(client, "/organizations/", *((["Datadog"], []) if firm else ([], ["Datadog"])))
    assert_index(client, "/people/", ["Maria Lopez"])


SPORT_ROLES = (
    "Coaching carousel\n\nThe football season is over, and the hiring has begun. Montana named Dale Reeves its head "
    "coach on Monday, passing over Idaho defensive coordinator Mark Tolland. Reeves had been the Grizzlies’ "
    "defensive coordinator for three seasons. Montana meets Big Sky champ Weber State in the playoff on Saturday."
)


def test_sides_holding_roles_in_a_team_are_listed_organizations_on_a_sports_page(client, tmp_path):
    """ "Idaho defensive coordinator Mark Tolland", "the Grizzlies’ defensive coordinator": a state's name, or a
    word the model left out, before a role in a team is the team; neither is a place."""
    import_texts(tmp_path, SPORT_ROLES)
    assert_index(client, "/organizations/", ["Idaho", "Grizzlies"])
    assert_index(client, "/people/", ["Dale Reeves", "Mark Tolland"], ["Grizzlies", "Idaho"])
    from archive.models import Entity

    assert set(Entity.objects.filter(key__in=["idaho", "grizzlies"]).values_list("kind", flat=True)) == {"organization"}


@pytest.mark.parametrize(
    ("source", "line", "shown"),
    [
        ("Harvest", "Two engineers told Harvest that the speaker ships in May.", True),
        ("Harvest", "More from Harvest: the best speakers of the year.", False),  # no sign of the outlet
        ("Tech Desk", "Two engineers told Harvest that the speaker ships in May.", False),  # another site's page
    ],
)
def test_the_outlets_own_name_on_its_page_is_a_listed_organization(client, source, line, shown):
    """ "a source told 247Sports", "Fortune’s technology newsletter" on the site's own page: the model may read
    the words as a place or a work, but the site's own name, told things or owning something, is the outlet."""
    from archive.models import Entity
    from archive.nlp.store import analyze_articles
    from tests.factories import make_article

    article = make_article(
        "Smart speakers", ("Maria Lopez tested six speakers at home.", line), source=source, authors=()
    )
    analyze_articles([article.pk])
    assert_index(client, "/organizations/", *((["Harvest"], []) if shown else ([], ["Harvest"])))
    assert_index(client, "/people/", ["Maria Lopez"], ["Harvest"])
    if shown:
        assert list(Entity.objects.filter(key="harvest").values_list("kind", flat=True)) == ["organization"]


@pytest.mark.parametrize(
    ("product", "firm"),
    [("Quorra Labs Pebble", "Quorra Labs"), ("Velta Technologies Spark", "Velta Technologies")],
)
def test_a_firm_word_inside_a_name_ends_the_firm_and_its_product_is_no_entity(client, tmp_path, product, firm):
    """ "Orion Labs Onyx, a $129 walkie talkie": the model reads a person, or one organization, but the words up
    to "Labs" are the firm, listed, and the product after them is neither a person nor an organization."""
    import_texts(
        tmp_path,
        f"Gadgets\n\nSending a message should be easy. {product}, a $99 pocket radio, lets you talk to a friend, "
        "Maria Lopez said.",
    )
    assert_index(client, "/organizations/", [firm], [product])
    assert_index(client, "/people/", ["Maria Lopez"], [product, firm])


@pytest.mark.parametrize(
    ("line", "person"),
    [
        ("We wanted the free tier to pay for itself, and it did. - Nat Friedman", True),
        ("The quarter closed with record sales. — Rosa Lindqvist", True),
        ("Read more below - Related Stories", False),  # no sentence ends before the dash
    ],
)
def test_a_name_signing_a_quotation_after_a_dash_is_a_person(client, tmp_path, line, person):
    """ "... the rest of the world. - Nat Friedman": a name after a dash that follows a sentence and closes the
    line signs it, a person even where the model tagged nothing."""
    import_texts(tmp_path, f"Weekly notes\n\nMaria Lopez wrote the notes this week.\n\n{line}\n\nThat was all.")
    name = line.rsplit(" ", 2)[-2] + " " + line.rsplit(" ", 1)[-1]
    assert_index(client, "/people/", *((["Maria Lopez", name], []) if person else (["Maria Lopez"], [name])))


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("two Mazda models featuring the company’s new voice system", True),
        ("two Mazda models featuring the new voice system", False),  # nothing shows a firm
        ("two Mazda models featuring Toyota’s system, which the company", False),  # another firm before it
    ],
    ids=["the-company", "nothing", "another-firm"],
)
def test_a_name_the_sentence_then_calls_the_company_is_an_organization(client, tmp_path, line, shown):
    """ "three Ford models featuring the company’s SYNC platform": the text calls the one firm it named before
    "the company" in that sentence so, and that shows an organization; a name alone in a list of products does
    not."""
    import_texts(tmp_path, f"Gadgets\n\nNext year, {line} will talk to your phone, Maria Lopez said.")
    assert_index(client, "/organizations/", *((["Mazda"], []) if shown else ([], ["Mazda"])))
