"""Statements stored from analysis and the who-said-what views."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article, Entity, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(sample_path):
    call_command("import_articles", str(sample_path), stdout=StringIO(), stderr=StringIO())
    return Article.objects.get()


def statement_starting(text):
    return Statement.objects.select_related("speaker", "via").get(content__startswith=text)


def test_sample_statements_have_their_speakers_and_outlets(sample):
    expected = {
        "Especially worrying": ("Alexander Bortnikov", Statement.Kind.DIRECT, "RT"),
        "that ‘Wilayat Khorasan’": ("Alexander Bortnikov", Statement.Kind.INDIRECT, "RT"),
        "To keep a low profile": ("Alexander Bortnikov", Statement.Kind.ACCORDING_TO, "RT"),
        "Now they are trying to regroup": ("Alexander Bortnikov", Statement.Kind.DIRECT, "RT"),
        "More than 1,500 of 5,000 jihadists": ("Alexander Bortnikov", Statement.Kind.INDIRECT, None),
    }
    for start, (speaker, kind, via) in expected.items():
        s = statement_starting(start)
        assert (s.speaker.name, s.kind, s.via.name if s.via else None) == (speaker, kind, via), start
    told = statement_starting("that ISIS terrorists are heading to Afghanistan")
    we_know = statement_starting("We know some have already made their way back here")
    added = Statement.objects.get(cue="added")
    for s in (told, we_know, added):
        assert s.speaker is None
        assert s.speaker_kind == Statement.SpeakerKind.UNNAMED
        assert s.speaker_name == told.speaker_name
        assert s.via.name == "AFP"
    assert "US official" in told.speaker_name
    assert not Statement.objects.filter(content__contains="all around the world").exists()
    assert not Statement.objects.filter(content__contains="illicit oil trade").exists()
    text = sample.text
    for s in Statement.objects.all():
        assert text[s.content_start : s.content_end] == s.content
        assert text[s.cue_start : s.cue_end] == s.cue


def test_article_page_marks_each_statement_with_an_anchor(client, sample):
    page = client.get(sample.get_absolute_url()).content.decode()
    s = statement_starting("Especially worrying")
    assert f'<mark class="statement" id="{s.anchor}" title="Alexander Bortnikov (Direct quote)">' in page
    assert f'<a href="#{s.anchor}" class="statement-anchor"' in page
    assert '<h2 id="attribution-heading">Who said what</h2>' in page
    assert 'via <a href="/entities/afp/">AFP</a>' in page
    assert "<h3>Chain of sources</h3>" in page
    told = statement_starting("that ISIS terrorists are heading to Afghanistan")
    assert (
        f'via <a href="/entities/afp/">AFP</a>: <a href="#{told.anchor}">{told.speaker_name}</a> (3 statements)</li>'
        in page
    )


def test_mentions_can_be_highlighted(client, sample):
    plain = client.get(sample.get_absolute_url()).content.decode()
    assert 'class="mention"' not in plain
    marked = client.get(sample.get_absolute_url() + "?mentions=1").content.decode()
    assert '<a class="mention" href="/entities/alexander-bortnikov/">Alexander Bortnikov</a>' in marked


def test_who_said_what_filters(client, sample):
    page = client.get("/statements/?speaker=alexander-bortnikov&kind=direct").content.decode()
    assert "2 statements (speaker: Alexander Bortnikov; kind: Direct quote)." in page
    page = client.get("/statements/?speaker=Bortnikov&kind=direct").content.decode()
    assert "2 statements (speaker: Alexander Bortnikov; kind: Direct quote)." in page
    page = client.get("/statements/?outlet=afp").content.decode()
    assert "3 statements (outlet: AFP)." in page
    page = client.get("/statements/?organization=fsb").content.decode()
    assert "statements (organization: FSB)." in page and "Especially worrying" in page
    page = client.get("/statements/?q=refugee+camps").content.decode()
    assert "1 statement (q: refugee camps)." in page


def test_bad_filters_get_messages_not_errors(client, sample):
    response = client.get("/statements/?speaker=nobody&kind=shouted&after=yesterday")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No person or organization “nobody” in the archive; the speaker filter is ignored." in page
    assert "Unknown kind “shouted”; showing every kind." in page
    assert "“yesterday” is not a date (YYYY-MM-DD); the after filter is ignored." in page


def test_statements_as_json(client, sample):
    data = json.loads(client.get("/statements.json?speaker=alexander-bortnikov").content)
    assert data["count"] == Statement.objects.filter(speaker__name="Alexander Bortnikov").count()
    first = data["results"][0]
    assert set(first) == {"kind", "speaker", "source_text", "cue", "content", "via", "article"}
    assert first["speaker"]["name"] == "Alexander Bortnikov"
    assert first["article"]["url"].startswith("http://testserver/articles/")


def test_unnamed_sources_page(client, sample):
    told = statement_starting("that ISIS terrorists are heading to Afghanistan")
    page = client.get("/statements/unnamed/").content.decode()
    assert "<h1>Unnamed sources</h1>" in page
    assert f'>{told.speaker_name}</a></td><td class="num">3</td>' in page
    from urllib.parse import quote

    detail = client.get("/statements/unnamed/?description=" + quote(told.speaker_name)).content.decode()
    assert "We know some have already made their way back here" in detail


def test_entity_kinds_of_speakers(sample):
    assert Entity.objects.get(name="RT").reported.count() >= 4


def test_the_issues_wrong_lines_are_not_on_the_who_said_what_page(client, tmp_path):
    """Issue 14's examples as a reader meets them: /statements/ and the article's panel show what a named
    speaker said, never an act ("Russia … attack"), a verb that reports nothing ("favoring"), the person
    praised ("lauded"), a negated act ("did not reveal") or a verb with an object ("share")."""
    from tests.factories import import_texts

    import_texts(
        tmp_path,
        "Border tensions\n\nRussia could attack the port within days, officials warned on Monday. "
        "The studio is clearly favoring a company it now owns. Mara Lindqvist lauded Tomas Brandt for the win. "
        "The ministry did not reveal the crash location. Several countries share the euro currency. "
        '"We will reopen the port by spring," said Mara Lindqvist, the harbour director.',
    )
    page = client.get("/statements/").content.decode()
    assert "We will reopen the port by spring" in page
    # What officials warned of is a statement; "Russia · attack" (Russia as a speaker) is not.
    cues = re.findall(r'<span class="cue">([^<]+)</span>', page)
    assert ("2 statements." in page, sorted(cues)) == (True, ["said", "warned"])
    article = Article.objects.get()
    panel = client.get(article.get_absolute_url()).content.decode()
    assert panel.count('class="statement-content"') == 2
