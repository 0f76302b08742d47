"""The entity layer's rules, each on a text of its own, and the shared sample.

Most tests fix the model's entities by hand (the rest of the pipeline runs as
usual), so they test our rules and not what the small model happens to tag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.keys.names import normalize_name
from archive.nlp import analyzer, entities, model

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "000_f3c4184bfe560a5e.txt"


@pytest.fixture(scope="module")
def nlp():
    return model.load()


def doc_with(nlp, text: str, ents: list[tuple[str, str]] | list[tuple[str, str, int]]):
    """``text`` through every pipe but the NER, with the given (words, label[,
    occurrence]) as the model's entities."""
    doc = nlp.make_doc(text)
    for name, pipe in nlp.pipeline:
        if name != "ner":
            doc = pipe(doc)
    spans = []
    for ent in ents:
        words, label, nth = (*ent, 0) if len(ent) == 2 else ent
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None, words
        spans.append(span)
    doc.ents = spans
    return doc


def by_name(clusters):
    return {c.name: c for c in clusters}


def check_offsets(doc, mentions):
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text


def test_acronym_makes_long_and_short_form_one_organization(nlp):
    text = "Fighters of the Islamic State of Iraq and Syria (ISIS) grew. ISIS fighters left Syria. ISIS said so."
    doc = doc_with(
        nlp, text, [("the Islamic State of Iraq", "ORG"), ("Syria", "GPE"), ("ISIS", "ORG"), ("Syria", "GPE", 1)]
    )
    mentions, clusters, _ = entities.extract(doc)
    check_offsets(doc, mentions)
    isis = by_name(clusters)["ISIS"]
    assert isis.label == "ORG"
    assert isis.aliases == {"Islamic State of Iraq and Syria"}
    # The model's pieces of the long form are gone; "Syria" alone still counts.
    assert [m.text for m in by_name(clusters)["Syria"].mentions] == ["Syria"]
    assert "Islamic State of Iraq" not in by_name(clusters)
    # The second and third "ISIS" were not tagged by hand: found by name.
    assert [m.text for m in isis.mentions] == ["Islamic State of Iraq and Syria", "ISIS", "ISIS", "ISIS"]


def test_plural_acronym_and_canonical_name_is_the_form_used_most(nlp):
    text = (
        "Fighters gathered near the Central Asian Republics (CARs) border. "
        "The Central Asian Republics are worried. The Central Asian Republics said so."
    )
    doc = doc_with(nlp, text, [("Central Asian", "NORP")])
    _, clusters, _ = entities.extract(doc)
    cars = by_name(clusters)["Central Asian Republics"]
    assert cars.aliases == {"CARs"}
    assert len(cars.mentions) == 4


def test_acronym_of_a_term_is_no_entity(nlp):
    doc = doc_with(nlp, "Its Chief Executive Officer (CEO) resigned. The CEO left.", [])
    assert entities.extract(doc)[:2] == ([], [])


def test_surname_is_the_full_name_even_when_labelled_otherwise(nlp):
    text = "Alexander Bortnikov spoke on Monday. Bortnikov said the threat grew, Bortnikov added."
    doc = doc_with(nlp, text, [("Alexander Bortnikov", "PERSON"), ("Bortnikov", "ORG", 1)])
    mentions, clusters, _ = entities.extract(doc)
    person = by_name(clusters)["Alexander Bortnikov"]
    assert person.label == "PERSON"
    assert person.aliases == {"Bortnikov"}
    assert len(person.mentions) == 3
    assert all(m.label == "PERSON" and m.entity == "Alexander Bortnikov" for m in mentions)


def test_surname_goes_to_the_nearest_full_name_before_it(nlp):
    text = "Hillary Clinton spoke first. Clinton smiled. Then Bill Clinton spoke. Clinton laughed."
    doc = doc_with(
        nlp,
        text,
        [("Hillary Clinton", "PERSON"), ("Clinton", "PERSON", 1), ("Bill Clinton", "PERSON"), ("Clinton", "PERSON", 3)],
    )
    _, clusters, _ = entities.extract(doc)
    names = by_name(clusters)
    assert [m.start for m in names["Hillary Clinton"].mentions] == [0, text.index("Clinton smiled")]
    assert [m.start for m in names["Bill Clinton"].mentions] == [text.index("Bill"), text.index("Clinton laughed")]


def test_surname_goes_to_the_person_named_most_so_far(nlp):
    text = "Hillary Clinton spoke. Hillary Clinton smiled. Her daughter Chelsea Clinton waved. Clinton left."
    ents = [("Hillary Clinton", "PERSON"), ("Hillary Clinton", "PERSON", 1), ("Chelsea Clinton", "PERSON")]
    doc = doc_with(nlp, text, [*ents, ("Clinton", "PERSON", 3)])
    _, clusters, _ = entities.extract(doc)
    assert len(by_name(clusters)["Hillary Clinton"].mentions) == 3
    assert len(by_name(clusters)["Chelsea Clinton"].mentions) == 1


def test_last_word_of_an_organization_name_is_that_organization(nlp):
    text = "The New York Post reported it first. The Post has learned more."
    doc = doc_with(nlp, text, [("New York Post", "ORG"), ("Post", "ORG", 1)])
    _, clusters, _ = entities.extract(doc)
    assert [(c.name, c.aliases) for c in clusters] == [("New York Post", {"Post"})]


def test_a_clipped_first_word_is_the_name_the_text_names_most(nlp):
    """ "the Fed" clips both "Federal Reserve" and "Federal Open Market Committee": it is the one named most,
    even where the long form comes back after it."""
    text = (
        "The Federal Reserve met. The Federal Open Market Committee voted. The Fed held rates. "
        "The Federal Reserve said more."
    )
    ents = [("Federal Reserve", "ORG"), ("Federal Open Market Committee", "ORG"), ("Fed", "ORG", 2)]
    doc = doc_with(nlp, text, [*ents, ("Federal Reserve", "ORG", 1)])
    _, clusters, _ = entities.extract(doc)
    assert by_name(clusters)["Federal Reserve"].aliases == {"Fed"}
    assert not by_name(clusters)["Federal Open Market Committee"].aliases


def test_the_end_of_a_name_after_a_place_is_that_organization(nlp):
    """ "White Sox" after "the Chicago White Sox" (the rest is a place the text names) is the club; after a
    person's name ("the Carter White House") it is another body."""
    text = "Chicago is a city. The Chicago White Sox won. The White Sox lost. The Carter White House spoke."
    ents = [("Chicago", "GPE"), ("Chicago White Sox", "ORG"), ("White Sox", "ORG", 1), ("Carter", "PERSON", 0)]
    doc = doc_with(nlp, text, ents)
    _, clusters, _ = entities.extract(doc)
    assert by_name(clusters)["Chicago White Sox"].aliases == {"White Sox"}

    text = "Jimmy Carter spoke. The Carter White House spoke. The White House said more."
    ents = [("Jimmy Carter", "PERSON"), ("Carter White House", "ORG"), ("White House", "ORG", 1)]
    doc = doc_with(nlp, text, ents)
    _, clusters, _ = entities.extract(doc)
    assert "White House" in by_name(clusters)


def test_possessive_and_article_are_stripped(nlp):
    text = "Russia’s FSB made arrests. The FSB is busy in Russia. Officials of the FSB agreed."
    doc = doc_with(nlp, text, [("Russia’s FSB", "ORG"), ("The FSB", "ORG"), ("Russia", "GPE", 1), ("the FSB", "ORG")])
    mentions, clusters, _ = entities.extract(doc)
    check_offsets(doc, mentions)
    names = by_name(clusters)
    assert [m.text for m in names["FSB"].mentions] == ["FSB", "FSB", "FSB"]
    assert names["Russia"].label == "GPE"
    assert [m.text for m in names["Russia"].mentions] == ["Russia", "Russia"]


def test_possessive_owner_named_nowhere_else_is_dropped(nlp):
    doc = doc_with(nlp, "Acme’s Widget Division said nothing.", [("Acme’s Widget Division", "ORG")])
    _, clusters, _ = entities.extract(doc)
    assert [c.name for c in clusters] == ["Widget Division"]


def test_direction_of_a_place_is_the_place(nlp):
    text = "Fighters massed in North of Afghanistan last week."
    doc = doc_with(nlp, text, [("North of Afghanistan", "GPE")])
    mentions, clusters, _ = entities.extract(doc)
    assert [(c.name, c.label) for c in clusters] == [("Afghanistan", "GPE")]
    assert mentions[0].start == text.index("Afghanistan")


def test_pieces_of_a_longer_name_are_that_entity(nlp):
    text = "The Islamic State of Iraq and Syria (ISIS) is active. A local Islamic State affiliate grew."
    doc = doc_with(nlp, text, [("ISIS", "ORG"), ("Islamic", "NORP", 1), ("State", "ORG", 1)])
    _, clusters, _ = entities.extract(doc)
    names = by_name(clusters)
    assert "State" not in names and "Islamic" not in names
    assert "Islamic State" in names["ISIS"].aliases


def test_role_before_the_name_is_the_description(nlp):
    text = "The director of Russia’s FSB Alexander Bortnikov made the remarks. The FSB agreed."
    doc = doc_with(nlp, text, [("Russia", "GPE"), ("Alexander Bortnikov", "PERSON"), ("FSB", "ORG", 1)])
    _, clusters, _ = entities.extract(doc)
    person = by_name(clusters)["Alexander Bortnikov"]
    assert person.description == "director of Russia’s FSB"
    assert person.organizations == ["FSB"]


def test_role_in_apposition_after_the_name(nlp):
    text = "Jane Miller, the chief economist of Acme Bank, said rates would rise."
    doc = doc_with(nlp, text, [("Jane Miller", "PERSON"), ("Acme Bank", "ORG")])
    _, clusters, _ = entities.extract(doc)
    person = by_name(clusters)["Jane Miller"]
    assert person.description == "chief economist of Acme Bank"
    assert person.organizations == ["Acme Bank"]


def test_object_of_a_preposition_has_no_role_and_roles_stop_at_another_role(nlp):
    text = "It was the choice of Paul Manafort. He is a close friend of Israeli Prime Minister Benjamin Netanyahu."
    doc = doc_with(nlp, text, [("Paul Manafort", "PERSON"), ("Israeli", "NORP"), ("Benjamin Netanyahu", "PERSON")])
    _, clusters, _ = entities.extract(doc)
    assert by_name(clusters)["Paul Manafort"].description == ""
    assert by_name(clusters)["Benjamin Netanyahu"].description == "Israeli Prime Minister"


def test_a_list_of_names_is_no_role(nlp):
    text = "Jane Miller, John Smith and Acme Bank signed."
    doc = doc_with(nlp, text, [("Jane Miller", "PERSON"), ("John Smith", "PERSON"), ("Acme Bank", "ORG")])
    _, clusters, _ = entities.extract(doc)
    assert all(c.description == "" for c in clusters)


def test_acronym_with_generic_descriptor_goes_by_the_acronym(nlp):
    text = "He spoke to the RT Television network on Friday."
    doc = doc_with(nlp, text, [("RT Television", "ORG")])
    _, clusters, _ = entities.extract(doc)
    assert [(c.name, c.aliases) for c in clusters] == [("RT", {"RT Television"})]


def test_names_do_not_run_over_lines_figures_or_dashes(nlp):
    text = "Durham 114\nLithuania - Danius Gleveckas\nInterfax news agency reported."
    doc = doc_with(
        nlp,
        text,
        [("Durham 114", "ORG"), ("Lithuania - Danius Gleveckas", "ORG"), ("Interfax news agency", "ORG")],
    )
    mentions, _, _ = entities.extract(doc)
    check_offsets(doc, mentions)
    assert [m.text for m in mentions] == ["Durham", "Lithuania", "Danius Gleveckas", "Interfax"]


def test_initials_before_a_surname_make_a_person(nlp):
    text = "Somerset batting: G. Kersey 63, J. R. Russell 56."
    doc = doc_with(nlp, text, [("Somerset", "ORG")])
    mentions, _, _ = entities.extract(doc)
    assert [(m.text, m.label) for m in mentions if m.label == "PERSON"] == [
        ("G. Kersey", "PERSON"),
        ("J. R. Russell", "PERSON"),
    ]


def test_capitals_headline_takes_names_from_the_text(nlp):
    text = "LEICESTERSHIRE TAKE OVER AT TOP\nLeicestershire beat Somerset by an innings."
    doc = doc_with(nlp, text, [("TOP", "ORG"), ("Leicestershire", "ORG", 0), ("Somerset", "ORG")])
    mentions, _, _ = entities.extract(doc)
    assert [m.text for m in mentions] == ["LEICESTERSHIRE", "Leicestershire", "Somerset"]
    assert mentions[0].entity == "Leicestershire"


def test_row_of_a_results_table_is_headed_by_an_organization(nlp):
    text = "Results on Saturday:\nBury 4 Bristol City 0\nHull 4 2 2 0 4 2 8\nSales 12.50 13.00\nA. Dale 69 and 20"
    doc = doc_with(nlp, text, [])
    mentions, _, _ = entities.extract(doc)
    assert [(m.text, m.label) for m in mentions] == [
        ("Bury", "ORG"),
        ("Bristol City", "ORG"),
        ("Hull", "ORG"),
        ("A. Dale", "PERSON"),
    ]


def test_prose_with_figures_is_no_table(nlp):
    doc = doc_with(nlp, "Shares in Acme rose 4 percent to 12.50 on Monday.", [])
    assert entities.extract(doc)[:2] == ([], [])


def test_the_town_of_x_is_a_place(nlp):
    text = "Troops took the town of Tavildara. Tavildara was quiet. Tavildara is calm."
    doc = doc_with(nlp, text, [("Tavildara", "GPE"), ("Tavildara", "PERSON", 1), ("Tavildara", "PERSON", 2)])
    _, clusters, _ = entities.extract(doc)
    assert [(c.name, c.label) for c in clusters] == [("Tavildara", "GPE")]


def test_known_surname_makes_given_name_and_surname_a_person(nlp):
    text = "Sampras won again. Later Pete Sampras thanked the crowd, and Wasim Akram watched. Akram left."
    doc = doc_with(nlp, text, [("Sampras", "PERSON"), ("Wasim Akram", "ORG"), ("Akram", "PERSON", 1)])
    mentions, clusters, _ = entities.extract(doc)
    assert ("Pete Sampras", "PERSON") in [(m.text, m.label) for m in mentions]
    assert by_name(clusters)["Wasim Akram"].label == "PERSON"
    assert by_name(clusters)["Wasim Akram"].aliases == {"Akram"}


def test_normalize_name():
    assert normalize_name("the FSB") == normalize_name("FSB’s") == normalize_name("Fsb") == "fsb"
    assert normalize_name("Zürich") == normalize_name("Zurich")
    assert normalize_name("U.S.-led") == "us led"
    assert normalize_name("The  Islamic   State") == "islamic state"


def test_workers_give_the_same_analysis_in_the_same_order():
    texts = [f"Angela Merkel met Emmanuel Macron in Paris on day {n}. Merkel said the EU must act." for n in range(5)]
    one = [a.to_json() for a in analyzer.analyze_texts(texts, batch_size=2)]
    two = [a.to_json() for a in analyzer.analyze_texts(texts, batch_size=2, n_process=2)]
    assert one == two


@pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample {SAMPLE.name} not found in samples/")
def test_shared_sample():
    text = SAMPLE.read_text(encoding="utf-8")
    analysis = analyzer.analyze_text(text)
    check_offsets_text = [m for m in analysis.entities if text[m.start : m.end] != m.text]
    assert check_offsets_text == []
    names = by_name(analysis.clusters)
    person = names["Alexander Bortnikov"]
    assert person.label == "PERSON" and "Bortnikov" in person.aliases
    assert person.description == "director of Russia’s FSB"
    assert person.organizations == ["FSB"]
    assert names["ISIS"].label == "ORG" and "Islamic State of Iraq and Syria" in names["ISIS"].aliases
    for org in ("FSB", "RT", "AFP"):
        assert names[org].label == "ORG"
    for place in ("Afghanistan", "Russia", "Syria", "Iraq"):
        assert names[place].label in ("GPE", "LOC")
    for fragment in ("State", "North of Afghanistan", "Islamic State of Iraq", "the FSB", "Russia’s FSB"):
        assert fragment not in names
    assert all(not m.text.startswith(("the ", "The ")) for m in analysis.entities)
    # "Russia’s FSB": the FSB there is a mention too.
    owned = text.index("Russia’s FSB") + len("Russia’s ")
    assert any(m.start == owned and m.entity == "FSB" for m in analysis.entities)


def test_name_with_a_bracketed_country_in_a_results_line_is_a_person(nlp):
    text = "2. Claudia Mues ( Germany ) 18.80\nMagna Steel ( Canada ) said it would grow .\n"
    doc = doc_with(nlp, text, [("Claudia Mues", "ORG"), ("Germany", "GPE"), ("Magna Steel", "ORG"), ("Canada", "GPE")])
    _, clusters, _ = entities.extract(doc)
    found = by_name(clusters)
    assert found["Claudia Mues"].label == "PERSON"
    # In prose (no figure on the line) the firm stays a firm.
    assert found["Magna Steel"].label == "ORG"


def test_athletes_the_model_missed_on_a_results_line_are_people(nlp):
    text = (
        "Squash results :\n2 - Rodney Eyles ( Australia ) beat Derek Ryan ( Ireland ) 15-6 15-9 .\n"
        "New Zealand - 15 - Christian Cullen , 14 - Jeff Wilson , 13 - Walter Little , 12 - Frank Bunce .\n"
        "The rebels of the Popular Revolutionary Army ( EPR ) killed 13 .\n"
    )
    ents = [("Derek Ryan", "PERSON"), ("Australia", "GPE"), ("Ireland", "GPE"), ("New Zealand", "GPE")]
    ents += [("Walter Little", "PERSON"), ("Frank Bunce", "PERSON"), ("Popular Revolutionary Army", "ORG")]
    mentions, _, _ = entities.extract(doc_with(nlp, text, ents))
    found = {m.text: m.label for m in mentions}
    for person in ("Rodney Eyles", "Derek Ryan", "Christian Cullen", "Jeff Wilson", "Walter Little"):
        assert found[person] == "PERSON", person
    # An acronym in brackets is no athlete's country.
    assert found["Popular Revolutionary Army"] == "ORG"


# (text, the model's entities, {name: label} the layer must give, names that must be no cluster)
TEAMS_AND_FIRMS_CALLED_PEOPLE = {
    "a role between the team and a player": (
        "Surrey captain Chris Lewis made 80. Surrey closed on 429.",
        [("Surrey", "PERSON"), ("Chris Lewis", "PERSON"), ("Surrey", "PERSON", 1)],
        {"Surrey": "ORG", "Chris Lewis": "PERSON"},
        (),
    ),
    "a result between two names": (
        "Leicestershire beat Somerset by an innings. Leicestershire are top.",
        [("Leicestershire", "PERSON"), ("Somerset", "GPE"), ("Leicestershire", "PERSON", 1)],
        {"Leicestershire": "ORG"},
        (),
    ),
    "a name listed beside a team": (
        "Essex, Derbyshire and Surrey all won. Surrey captain Chris Lewis was pleased. Derbyshire rested.",
        [("Derbyshire", "PERSON"), ("Surrey", "PERSON"), ("Surrey", "PERSON", 1), ("Chris Lewis", "PERSON")]
        + [("Derbyshire", "PERSON", 1)],
        {"Surrey": "ORG", "Derbyshire": "ORG", "Chris Lewis": "PERSON"},
        (),
    ),
    "the first word of a firm's name": (
        "Magna International Inc agreed to buy the seat maker. Magna was up 1/8 on Friday.",
        [("Magna International Inc", "ORG"), ("Magna", "PERSON", 1)],
        {"Magna International Inc": "ORG"},
        ("Magna",),
    ),
    "a score after the name in a results line of a sports page, not a bowler's analysis": (
        "Cricket results of the match :\nKent 108-3 .\nKent had a good day .\n"
        "Bowling : Gough 8-0-39-3 , Mullally 6-0-30-1 .",
        [("Kent", "PERSON"), ("Kent", "PERSON", 1), ("Gough", "PERSON"), ("Mullally", "PERSON")],
        {"Kent": "ORG", "Gough": "PERSON", "Mullally": "PERSON"},
        (),
    ),
    "no score on a page that is not about sport": (
        "Results :\nKent 108-3 .\nKent had a good day .",
        [("Kent", "PERSON"), ("Kent", "PERSON", 1)],
        {"Kent": "PERSON"},
        (),
    ),
    "a verb in the plural": (
        "Despite the defeat , Rotor are well placed . Rotor lost on Saturday .",
        [("Rotor", "PERSON"), ("Rotor", "PERSON", 1)],
        {"Rotor": "ORG"},
        (),
    ),
    "a verb in the plural after two names is no sign": (
        "Smith and Jones are well placed . Smith lost on Saturday .",
        [("Smith", "PERSON"), ("Jones", "PERSON"), ("Smith", "PERSON", 1)],
        {"Smith": "PERSON", "Jones": "PERSON"},
        (),
    ),
    "their on a sports page": (
        "Cricket : in the match Kent made up for lost time in their innings . Kent won .",
        [("Kent", "PERSON"), ("Kent", "PERSON", 1)],
        {"Kent": "ORG"},
        (),
    ),
    "a person's surname stays a person": (
        "Chris Lewis made 80. Lewis captain Tom Moody? No: Lewis beat Moody in the duel.",
        [("Chris Lewis", "PERSON"), ("Lewis", "PERSON", 1), ("Lewis", "PERSON", 2), ("Moody", "PERSON", 1)],
        {"Chris Lewis": "PERSON"},
        ("Lewis",),
    ),
}


@pytest.mark.parametrize("case", TEAMS_AND_FIRMS_CALLED_PEOPLE)
def test_teams_and_firms_the_model_calls_people(nlp, case):
    text, ents, labels, absent = TEAMS_AND_FIRMS_CALLED_PEOPLE[case]
    mentions, clusters, _ = entities.extract(doc_with(nlp, text, ents))
    names = by_name(clusters)
    assert {name: names[name].label for name in labels} == labels
    for name in absent:
        assert name not in names
    for name, label in labels.items():
        assert all(m.label == label for m in names[name].mentions)


@pytest.mark.parametrize(
    ("text", "dates", "expected"),
    [
        # A dateline: the figures of a date make no results row.
        ("SOCCER - IRISH CUP .\nDUBLIN 1996-08-30\nRovers won .", [], []),
        ("TENNIS .\nNEW YORK 30 8 1996\nShe won .", [("30 8 1996", "DATE")], []),
        # A standings row still is one.
        ("STANDINGS .\nNEW YORK 74 59 .556 -\nThey lead .", [], [("NEW YORK", "ORG")]),
    ],
)
def test_a_dateline_is_no_row_of_a_results_table(nlp, text, dates, expected):
    mentions, _, _ = entities.extract(doc_with(nlp, text, dates))
    assert [(m.text, m.label) for m in mentions] == expected


def test_a_family_name_written_first_is_the_person_whatever_the_model_said(nlp):
    text = "China holds dissident\nPolice detained veteran dissident Wang Donghai on Friday. Wang 's arrest drew "
    text += "protests. Wang , 45 , is ill."
    ents = [("Wang Donghai", "PERSON"), ("Wang", "ORG", 1), ("Wang", "ORG", 2)]
    mentions, clusters, _ = entities.extract(doc_with(nlp, text, ents))
    assert [(c.name, c.label, c.aliases) for c in clusters] == [("Wang Donghai", "PERSON", {"Wang"})]
    assert [(m.text, m.label, m.entity) for m in mentions] == [
        ("Wang Donghai", "PERSON", "Wang Donghai"),
        ("Wang", "PERSON", "Wang Donghai"),
        ("Wang", "PERSON", "Wang Donghai"),
    ]


def test_on_a_page_of_specifications_a_firm_is_not_absorbed_by_a_product_called_a_person(nlp):
    text = (
        "Ski review\nWe skied the Moment Blister Pro, 184 cm, 2013 grams. Blister tested it at 190 cm, 2130 grams, "
        "and 2200 grams. Dimensions: 142 mm."
    )
    ents = [("Blister Pro", "PERSON"), ("Blister", "ORG", 1)]
    _, clusters, _ = entities.extract(doc_with(nlp, text, ents))
    assert by_name(clusters)["Blister"].label == "ORG"


def test_a_capitalised_given_name_the_model_left_out_joins_the_person():
    analysis = analyzer.analyze_text(
        "Coach named\n\nHouston has hired Major Applewhite as its head coach. Applewhite was the offensive "
        "coordinator, and Applewhite said he was proud."
    )
    people = [c for c in analysis.clusters if c.label == "PERSON"]
    assert [(c.name, c.aliases) for c in people] == [("Major Applewhite", {"Applewhite"})]


@pytest.mark.parametrize(
    "ents",
    [
        [("R.", "NORP"), ("Ponting", "PERSON"), ("M. McCague", "ORG")],  # the initial alone taken for a group
        [("R. Ponting", "ORG"), ("M. McCague", "ORG")],  # the whole name taken for a firm
    ],
)
def test_an_initial_and_a_surname_are_a_person_whatever_the_model_said(nlp, ents):
    text = "Australia 212 ( R. Ponting 64 , M. McCague 4-50 ) ."
    _, clusters, _ = entities.extract(doc_with(nlp, text, ents))
    people = {c.name: c.label for c in clusters if c.name != "Australia"}  # the team heading the row
    assert people == {"R. Ponting": "PERSON", "M. McCague": "PERSON"}


def test_an_initial_before_a_place_leaves_it_a_place(nlp):
    text = "Talks between N. Korea and S. Korea resumed on Monday."
    _, clusters, _ = entities.extract(doc_with(nlp, text, [("N. Korea", "GPE"), ("S. Korea", "GPE")]))
    assert {c.name: c.label for c in clusters} == {"N. Korea": "GPE", "S. Korea": "GPE"}


def test_a_surname_after_an_initialled_name_is_that_person_and_goes_by_the_surname(nlp):
    """ "D. Lehmann" then "Lehmann": one person, named by the surname so the archive can join it to the
    "Darren Lehmann" of another article as it joins a lone surname."""
    text = "Australia 250 ( D. Lehmann 64 ) .\nLehmann hit two sixes before he was out ."
    _, clusters, _ = entities.extract(doc_with(nlp, text, [("D. Lehmann", "PERSON"), ("Lehmann", "PERSON", 1)]))
    lehmann = by_name(clusters)["Lehmann"]
    assert (lehmann.label, lehmann.aliases, len(lehmann.mentions)) == ("PERSON", {"D. Lehmann"}, 2)
