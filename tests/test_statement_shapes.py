"""Attribution on sentence shapes seen on real pages (issue 14): adjuncts,
quotes the parse cut, outlets relaying a named speaker, thoughts of a
moment and judgements with no words. Fixtures are invented; each mirrors a
mistake judged on the real-page sample. Pure: no database."""

from __future__ import annotations

from archive.nlp import analyzer
from archive.nlp.statement_confidence import CONFIDENT
from archive.nlp.types import StatementKind


def rows(text):
    return [
        (s.cue.text, s.speaker.name if s.speaker else None, s.content.text, s.confidence >= CONFIDENT)
        for s in analyzer.analyze_text(text).statements
    ]


def test_a_stretch_of_time_after_the_cue_is_no_content():
    text = (
        "Harbour rules\n\n"
        "Although the king was born in Oslo in 1903, Norway argued for decades that it was the rightful owner of the "
        "islands, having settled them in 1120."
    )
    assert rows(text) == [("argued", "Norway", "that it was the rightful owner of the islands", True)]


def test_a_quote_opened_in_the_content_runs_to_its_closing_mark():
    text = (
        "Council news\n\n"
        "Earlier Mayor Ada Frost said that her deputy “would be a fine mayor, but it doesn’t mean I’d back him.”"
    )
    [s] = analyzer.analyze_text(text).statements
    assert s.content.text == "that her deputy “would be a fine mayor, but it doesn’t mean I’d back him."
    assert s.kind == StatementKind.MIXED


def test_an_outlet_relaying_a_named_speaker_is_no_speaker():
    text = (
        "Ferry news\n\n"
        "Mayor Ada Frost spoke at the harbour on Monday.\n\n"
        "“The ferry will run again in May,” the mayor said in a statement, according to NBC News."
    )
    found = analyzer.analyze_text(text).statements
    assert [(s.cue.text, s.kind, s.speaker.name, s.via) for s in found] == [
        ("said", StatementKind.DIRECT, "Ada Frost", "NBC")
    ]


def test_an_object_denied_is_not_shown_beside_the_words_that_deny_it():
    text = "Ferry dispute\n\nBrightline Ferries has denied the union's claims, saying they were “false and unfair.”"
    assert rows(text) == [
        ("denied", "Brightline Ferries", "the union's claims", False),
        ("saying", "Brightline Ferries", "they were “false and unfair", True),
    ]


def test_a_thought_supposed_or_of_a_moment_is_not_shown():
    text = (
        "Ferry timetable\n\n"
        "Whether the ferry returns depends on whether Tomas Lind believes it is safe.\n\n"
        "Mira Holm crossed on the last ferry. Asked if she believed the crossing was rough, she said she had seen "
        "worse.\n\n"
        "When Mira Holm opened the hatch, she thought the ferry was sinking.\n\n"
        "Mira Holm believes the ferry is too old."
    )
    assert rows(text) == [
        ("believes", "Tomas Lind", "it is safe", False),
        ("believed", "Mira Holm", "the crossing was rough", False),
        ("said", "Mira Holm", "she had seen worse", True),
        ("thought", "Mira Holm", "the ferry was sinking", False),
        ("believes", "Mira Holm", "the ferry is too old", True),
    ]


def test_a_state_of_things_judged_is_not_shown_a_plan_judged_is():
    text = (
        "Harbour plans\n\n"
        "Mayor Ada Frost condemned poverty in the harbour district.\n\n"
        "Harbour chief Tomas Lind praised the plan for a new ferry."
    )
    assert rows(text) == [
        ("condemned", "Ada Frost", "poverty in the harbour district", False),
        ("praised", "Tomas Lind", "the plan for a new ferry", True),
    ]


def test_she_goes_to_the_woman_just_named_not_the_last_speaker():
    text = (
        "The lost novels\n\n"
        "Mira Holm edited books at a small house in Bergen for twenty years. She kept every letter her authors "
        "sent, and she still reads them.\n\n"
        "Novelist Tomas Lind wrote nine books before he died. He lived in Oslo, and he rarely travelled. His books "
        "sold poorly. Critics ignored them. Readers forgot them.\n\n"
        "“Writing is slow work,” Lind told a radio station in 2001.\n\n"
        "When the rights to his books were finally settled last year, I immediately thought of Mira Holm. Lacking "
        "any say over Tomas Lind’s work, how would she feel about it?\n\n"
        "“I don’t have words, it is such good news,” she replied in an email."
    )
    assert [(cue, speaker) for cue, speaker, _content, _sure in rows(text)] == [
        ("told", "Tomas Lind"),
        ("replied", "Mira Holm"),
    ]


def test_a_man_the_text_calls_he_is_not_a_she():
    # One "she" after his name once made him a woman, and every later "he" went to someone else.
    text = (
        "The playwright\n\n"
        "Tomas Lind wrote plays for forty years. He lived in Oslo, and he rarely left it.\n\n"
        "His sister kept his papers. “He never slept,” she recalled.\n\n"
        "Although Lind had outlined his last play in verse, he struggled to finish it. On May 2, he emailed a "
        "friend about it. “It is not easy to write,” he wrote."
    )
    found = {s.cue.text: s.speaker.name if s.speaker else None for s in analyzer.analyze_text(text).statements}
    assert found["recalled"] is None
    assert found["wrote"] == "Tomas Lind"


def test_suppositions_idioms_and_wishes_are_no_statements():
    text = (
        "Harbour fees\n\n"
        "Let's say you think a berth will cost $160,000 in ten years.\n\n"
        "It goes without saying that raising fees on the largest ships is unpopular with their owners.\n\n"
        'I hope in 2027 the town says, "Thank you for a lifetime of service to the harbour."\n\n'
        "It was unclear whether the judges in the harbour case would rule that the old docks posed a threat."
    )
    assert [cue for cue, _speaker, _content, _sure in rows(text)] == ["hope"]


def test_a_heading_in_capitals_is_no_statement():
    text = (
        "Fees\n\n"
        "FELLOW DOCTORS DON’T WANT TO WORK WITH HIM — Oz may hit TV ratings gold week after week, but his fellow "
        "physicians do not respect him."
    )
    assert rows(text) == []


def test_a_cue_closing_the_sentence_reports_all_its_clauses():
    text = (
        "Fees\n\n"
        "Mayor Ada Frost had told the board that she did not want the new fee at all, but the council overruled "
        "that request, a spokesman added."
    )
    assert rows(text) == [
        (
            "added",
            "a spokesman",
            "Mayor Ada Frost had told the board that she did not want the new fee at all, but the council overruled "
            "that request",
            True,
        )
    ]


def test_the_words_before_a_closing_cue_keep_their_first_clause():
    text = (
        "Ferry news\n\n"
        "The mayor’s van was supposed to be escorted by a police detail, but the guards drove her away from the "
        "pier before officers could follow her, another source said.\n\n"
        "Frost had told police officials that she didn’t want the escort at all, but the police overruled that "
        "request, the source added."
    )
    assert [(cue, content) for cue, _speaker, content, _sure in rows(text)] == [
        (
            "said",
            "The mayor’s van was supposed to be escorted by a police detail, but the guards drove her away from the "
            "pier before officers could follow her",
        ),
        (
            "added",
            "Frost had told police officials that she didn’t want the escort at all, but the police overruled that "
            "request",
        ),
    ]


def test_a_clause_hung_on_the_cue_across_another_is_not_what_was_asked():
    text = (
        "Ferry advert\n\n"
        "Since the video was uploaded, viewers have asked for it to be taken down because it is too grim (even "
        "though it is meant to shock people into realising this could be their fate if they sail in a storm)."
    )
    assert [content for cue, _speaker, content, _sure in rows(text) if cue == "asked"] == []


def test_a_thing_that_tells_is_no_confident_speaker_though_a_person_is_in_its_clause():
    text = (
        "Strangers\n\n"
        "Because the way this person will look at you, is like they have known you for forever. And the way this "
        "person will look at you, will tell you that you are worth everything that you want in this world.\n\n"
        "A spokesman for the ferry company told reporters that the service would resume."
    )
    assert [(cue, sure) for cue, _speaker, _content, sure in rows(text)] == [("tell", False), ("told", True)]


def test_the_one_emailed_is_not_what_was_written():
    text = (
        "The playwright\n\n"
        "Tomas Lind wrote plays for forty years. He lived in Oslo, and he rarely left it.\n\n"
        "On May 2, Tomas Lind emailed a friend about his last play."
    )
    assert rows(text) == [("emailed", "Tomas Lind", "a friend about his last play", False)]
