"""Issue 13 in a whole archive: what one page cannot settle, the evidence of every page does. A one-word
"person" no page introduces as one, a page the English model cannot read, a surname several people share,
an acronym with several long forms in the archive."""

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Entity, Mention
from tests.factories import import_texts

pytestmark = pytest.mark.django_db


def listed_names():
    return set(Entity.objects.listed().values_list("name", flat=True))


def entities_of(text):
    return {m.entity.final().name for m in Mention.objects.filter(text=text).select_related("entity")}


def import_page(tmp_path, name, lang, title, paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = tmp_path / f"{name}.html"
    page.write_text(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="https://news.example/{name}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    call_command("import_articles", str(page), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get(url=f"https://news.example/{name}")


RENAMED_ACCOUNT = (
    "Party renames press account\n\nThe Conservative Party changed the name of its press office Twitter account "
    'to "factcheck" during a televised debate on Tuesday. Foreign Secretary Dominic Raab defended the change, '
    'saying the Twitter account was clearly linked to the party. Twitter pledged to take "decisive corrective '
    'action" against the party if it tried to mislead people again.'
)
MOCKED_CAMPAIGN = (
    "Anti-drug campaign mocked\n\nThe tagline drew a mix of criticism and ridicule across Twitter on Monday, but "
    "Governor Kristi Noem cited the backlash as proof that the campaign was working. Some Twitter users argued "
    'that the posters mocked the state. "Twitter can make a joke of it," Noem said.'
)


def test_a_one_word_person_no_page_introduces_as_one_is_not_listed(tmp_path):
    """The model calls "Twitter" a person, and it acts in a sentence ("Twitter pledged"), but no page gives
    it a title, a full name or a "he" or "she": it stays searchable, out of the People index."""
    import_texts(tmp_path, RENAMED_ACCOUNT, MOCKED_CAMPAIGN)
    twitter = Entity.objects.get(name="Twitter")
    assert twitter.mentions.count() == 6
    assert twitter.mentions.filter(introduced=True).count() == 0
    assert "Twitter" not in listed_names()
    assert {"Dominic Raab", "Kristi Noem", "Conservative Party"} <= listed_names()


def test_a_one_word_person_acting_in_the_one_article_that_names_it_is_listed(tmp_path):
    """ "Kristen hands me an envelope": no title and no "she", but no other page names the word otherwise;
    the one article that names it is sure of it, and it is listed, as Twitter on one page would be."""
    import_texts(tmp_path, RENAMED_ACCOUNT)
    assert "Twitter" in listed_names()
    assert Entity.objects.get(name="Twitter").kind == Entity.Kind.PERSON
    import_texts(tmp_path, MOCKED_CAMPAIGN)
    assert "Twitter" not in listed_names()


def test_a_page_not_in_english_lists_nobody_but_keeps_its_mentions(tmp_path):
    """The English model's reading of a German page is no evidence (it takes nouns for people): its names
    stay searchable, and list nobody."""
    german = import_page(
        tmp_path,
        "de",
        "de",
        "Regierung investiert in Gesundheitskarte",
        [
            "Angela Merkel sagte am Montag in Berlin, die Regierung werde mehr als eine Milliarde Euro in das "
            "Projekt investieren. Therapien und Allergien sollen auf der Karte stehen."
        ],
    )
    assert german.language == "de"
    assert german.mentions.filter(text="Angela Merkel").count() == 1
    assert german.mentions.filter(confident=True).count() == 0
    assert "Angela Merkel" not in listed_names()
    import_page(
        tmp_path,
        "en",
        "en",
        "Government invests in health card",
        ["Angela Merkel said on Monday in Berlin that the government would invest a billion euros in the project."],
    )
    assert "Angela Merkel" in listed_names()


GERMAN_REPORT = (
    "Die Regierung hat am Montag in Berlin einen Plan vorgelegt, der die Kliniken entlasten soll. Der Plan "
    "sieht vor, dass die Länder mehr Geld für die Pflege bekommen, und die Kassen sollen auf neue Beiträge "
    "verzichten. Angela Merkel sagte, das sei nicht genug, aber es sei ein Anfang für die Menschen, die auf "
    "eine Behandlung warten. Die Opposition kritisierte den Plan und sprach von einer Lösung, die zu spät "
    "komme und mit der sich nichts ändern werde. Auch die Ärzte sind nicht zufrieden mit dem Entwurf."
)


def test_what_a_page_is_written_in_wins_over_what_it_calls_itself(tmp_path):
    """A German report on a page that says lang="en" is still German to the English model, and an English
    story on a site whose every page says "de" is still English."""
    german = import_page(tmp_path, "mislabelled", "en", "Plan für die Kliniken", [GERMAN_REPORT])
    assert german.mentions.filter(text="Angela Merkel").count() == 1
    assert german.mentions.filter(confident=True).count() == 0
    english = import_page(
        tmp_path,
        "story",
        "de",
        "Clinics get relief",
        [
            "Angela Merkel said on Monday that the plan was not enough, but that it was a start for the people "
            "who have been waiting for treatment. The opposition said the plan would come too late, and that it "
            "would change nothing for the doctors, who were not happy with it either. They said they would be "
            "at the ministry again this week, as they have been for months."
        ],
    )
    assert english.mentions.filter(text="Angela Merkel", confident=True).count() == 1
    assert "Angela Merkel" in listed_names()


def test_a_surname_is_the_person_the_archive_names_far_more_often(tmp_path):
    """A lone "Trump" on a first page became Barron Trump when his full name came, and Donald Trump came
    after: "President Trump" on a later page is Donald Trump, whom six articles name, not Barron, whom two
    name. Two people of the surname named about as often stay apart (tests/test_entity_identity.py)."""
    import_texts(
        tmp_path,
        "Man arrested\n\nA man was arrested on Sunday. He told police he supported Trump.",
        "Barron Trump starts school\n\nBarron Trump started school on Monday in Maryland, his mother said.",
        *(
            f"Trump visits {city}\n\nPresident Donald Trump visited {city} on Monday. Trump said he would return."
            for city in ("Ohio", "Texas", "Iowa", "Maine", "Utah", "Idaho")
        ),
        "Rally planned\n\nPresident Trump will hold a rally in Florida on Friday, he told reporters.",
    )
    assert set(Entity.objects.filter(kind=Entity.Kind.PERSON, tail="trump").values_list("name", flat=True)) == {
        "Barron Trump",
        "Donald Trump",
    }
    rally = Article.objects.get(title="Rally planned")
    assert {m.entity.name for m in rally.mentions.filter(text="Trump")} == {"Donald Trump"}


def test_a_known_persons_surname_before_a_common_noun_is_that_person(tmp_path):
    """ "The Trump administration": the model may call the word an organization; the archive knows it as
    Donald Trump's surname, used as a modifier, and files it under him, not under a new "Trump"."""
    import_texts(
        tmp_path,
        "Trump visits Ohio\n\nPresident Donald Trump visited Ohio on Monday. Trump said he would return.",
        "Rules eased\n\nThe Trump administration eased the rules on Tuesday, officials of the Trump "
        "administration said.",
    )
    eased = Article.objects.get(title="Rules eased")
    assert {m.entity.name for m in eased.mentions.filter(text="Trump")} == {"Donald Trump"}
    assert not Entity.objects.filter(name="Trump").exists()
    assert not Entity.objects.filter(kind=Entity.Kind.ORGANIZATION, key="trump").exists()


def test_an_acronym_joins_the_long_form_texts_were_sure_of(tmp_path):
    """ "AP" spells "Associated Press", but also the "Acme Partners" of a German page the model cannot read:
    the acronym is the long form some text was sure of."""
    import_texts(tmp_path, "Storm hits coast\n\nThe Associated Press reported on Monday that a storm hit the coast.")
    import_page(
        tmp_path,
        "kliniken",
        "de",
        "Kliniken berichten",
        ["Die Firma Acme Partners sagte, sie wolle neue Kliniken bauen. Acme Partners investiert viel."],
    )
    assert Entity.objects.get(name="Acme Partners").initials == "ap"
    import_texts(tmp_path, "Talks resume\n\nWASHINGTON (AP) — Talks resumed on Tuesday, officials told reporters.")
    assert entities_of("AP") == {"Associated Press"}


def test_a_name_the_text_is_unsure_of_joins_no_acronym_by_its_initials():
    """ "AirPods Pro" on a shopping page spells "AP" too: a name the text is not sure of is not the AP."""
    ap = Entity.objects.resolve("AP", Entity.Kind.ORGANIZATION)
    assert Entity.objects.resolve("AirPods Pro", Entity.Kind.ORGANIZATION, sure=False) != ap
    assert Entity.objects.resolve("Associated Press", Entity.Kind.ORGANIZATION) == ap


def test_an_acronym_filed_apart_joins_its_long_form_once_the_archive_is_sure_of_it(tmp_path):
    """The archive's first "Associated Press" was on a German page, sure of nothing, so a wire report's
    "AP" stood apart; once a text is sure of the Associated Press as an organization, the two are one,
    the AP's mentions and its old page with it."""
    import_page(
        tmp_path,
        "bericht",
        "de",
        "Sturm an der Küste",
        ["Ein Sturm traf die Küste, meldete Associated Press am Montag. Acme Partners investiert viel."],
    )
    import_texts(tmp_path, "Talks resume\n\nWASHINGTON (AP) — Talks resumed on Tuesday, officials told reporters.")
    ap = Entity.objects.get(name="AP")
    import_texts(tmp_path, "Storm hits coast\n\nThe Associated Press reported on Monday that a storm hit the coast.")
    press = Entity.objects.get(key="associated press")
    assert entities_of("AP") == {"Associated Press"}
    assert Mention.objects.filter(text="AP").get().entity == press
    ap.refresh_from_db()
    assert ap.merged_into == press
    assert "ap" in set(press.aliases.values_list("key", flat=True))
    assert "AP" not in listed_names()


def test_a_long_form_filed_under_an_acronym_does_not_hand_that_acronym_to_another_long_form(tmp_path):
    """A German page's "CT" (a scan) stood apart, sure of nothing; the "Chicago Tribune" of a later page
    was filed under it by its letters. The archive's "Coastal Trust" also spells CT, but the newspaper's page
    is no evidence that the CT is that firm."""
    import_texts(tmp_path, "Bonds sold\n\nThe Coastal Trust said on Monday that it had sold bonds worth $2 million.")
    import_page(
        tmp_path,
        "bildgebung",
        "de",
        "Bildgebung",
        ["Hersteller von Systemen für bildgebende Verfahren wie Röntgen, MRT, CT haben den Standard umgesetzt."],
    )
    import_texts(
        tmp_path, "Newspaper sold\n\nThe firm bid $16.50 per share for the owner of the Chicago Tribune, it said."
    )
    assert entities_of("CT") == entities_of("Chicago Tribune")
    assert entities_of("Coastal Trust") == {"Coastal Trust"}
    assert entities_of("Coastal Trust").isdisjoint(entities_of("CT"))
