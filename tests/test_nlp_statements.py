"""Attribution on spaCy's parse: kinds, speaker resolution, outlets, and the
sample article. Pure: no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.nlp import analyzer
from archive.nlp.quotes import find_quotes
from archive.nlp.statement_confidence import CONFIDENT
from archive.nlp.types import StatementKind

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "000_f3c4184bfe560a5e.txt"


def statements(text):
    found = analyzer.analyze_text(text).statements
    for s in found:  # offsets are code-point offsets into the text
        assert text[s.cue.start : s.cue.end] == s.cue.text
        assert text[s.content.start : s.content.end] == s.content.text
        if s.source:
            assert text[s.source.start : s.source.end] == s.source.text
    return found


def by_content(found, beginning):
    matches = [s for s in found if s.content.text.startswith(beginning)]
    assert matches, f"no statement whose content begins {beginning!r}: {[s.content.text for s in found]}"
    return matches[0]


def by_cue(found, cue_text, after_source=None):
    matches = [s for s in found if s.cue.text == cue_text and (after_source is None or s.source.text == after_source)]
    assert matches, f"no statement with cue {cue_text!r}: {[(s.cue.text, s.source) for s in found]}"
    return matches[0]


# -- kinds --------------------------------------------------------------------


def test_direct_quote_with_cue_after_it():
    found = statements("“We will not back down,” Maria Lopez said on Tuesday.")
    s = by_content(found, "We will not back down")
    assert s.kind == StatementKind.DIRECT
    assert s.cue.text == "said"
    assert s.source.text == "Maria Lopez"
    assert s.speaker.name == "Maria Lopez" and s.speaker.kind == "person"


def test_indirect_speech():
    found = statements("Maria Lopez said that the council would vote on the budget next week.")
    s = by_cue(found, "said")
    assert s.kind == StatementKind.INDIRECT
    assert s.content.text.startswith("that the council would vote")


def test_mixed_paraphrase_with_quoted_words():
    found = statements(
        "Maria Lopez said the budget was “a betrayal of every family in this city” and must be rewritten."
    )
    assert by_cue(found, "said").kind == StatementKind.MIXED


def test_according_to():
    found = statements("The council will vote on the budget next week, according to Maria Lopez.")
    s = by_cue(found, "according to")
    assert s.kind == StatementKind.ACCORDING_TO
    assert s.source.text == "Maria Lopez"
    assert s.content.text == "The council will vote on the budget next week"


def test_quote_split_around_its_cue_keeps_both_parts():
    text = "“We will not back down,” Lopez said. “The families of this city deserve better.”"
    s = by_cue(statements(text), "said")
    assert [p.text for p in s.content_parts] == ["We will not back down", "The families of this city deserve better."]


def test_scare_quotes_in_plain_sentences_are_not_statements():
    text = "The company sells “premium” coffee to shops “all around the world.” Revenues from “illicit trade” fell."
    assert statements(text) == []


def test_single_curly_quotes_are_not_quotations():
    assert find_quotes("Russia’s ‘Wilayat Khorasan’ group") == []
    assert [(q.start, q.end) for q in find_quotes("He said ''no.''")] == [(10, 13)]


def test_attitude_verb_with_object():
    s = by_cue(statements("Maria Lopez criticized the new budget for cutting school funds."), "criticized")
    assert s.kind == StatementKind.INDIRECT
    assert s.content.text == "the new budget for cutting school funds"


def test_transcript_line_colon_is_a_cue():
    text = "Roberto Campos spoke to the committee.\n\nCAMPOS: We will keep rates where they are until prices settle."
    s = by_cue(statements(text), ":")
    assert s.content.text.startswith("We will keep rates")


def test_content_around_its_cue_is_split_in_parts():
    s = by_cue(statements("The governor vetoed the bill, which critics said was unfair to students."), "said")
    assert [p.text for p in s.content_parts] == ["which", "was unfair to students"]
    assert s.content.text == "was unfair to students"


def test_clause_closed_by_its_cue_is_the_content():
    # The parser hangs the words said on the cue as a second subject; the nearer
    # subject is the speaker and the clause before the comma is what was said.
    text = (
        "Maria Lopez runs a debt charity in Leeds.\n\nThose in debt struggle to pay their bills every month, she said."
    )
    [s] = statements(text)
    assert (s.cue.text, s.source.text, s.speaker.name) == ("said", "she", "Maria Lopez")
    assert s.content.text == "Those in debt struggle to pay their bills every month"
    assert s.kind == StatementKind.INDIRECT


def test_the_outlet_told_is_not_a_second_quote():
    found = statements("“We will not back down on the budget,” Maria Lopez told AFP on Monday.")
    s = by_cue(found, "told")
    assert s.content.text == "We will not back down on the budget"
    assert [p.text for p in s.content_parts] == []
    assert s.via == "AFP"


# -- speaker resolution -------------------------------------------------------


def test_relative_pronoun_source_resolves_to_its_noun():
    text = "The bill was opposed by Maria Lopez, who said that it would close three schools."
    s = by_cue(statements(text), "said")
    assert s.source.text == "who"
    assert s.speaker.name == "Maria Lopez"


def test_surname_resolves_to_full_name_used_earlier():
    text = "Senator Maria Lopez visited the port on Monday.\n\n“Nothing here is safe,” Lopez said."
    s = by_cue(statements(text), "said")
    assert s.source.text == "Lopez"
    assert s.speaker.name == "Maria Lopez"


def test_pronoun_resolves_to_most_recent_speaker():
    text = (
        "“Nothing here is safe,” Maria Lopez said on Monday.\n\n"
        "She warned that the port would close if the repairs were not funded."
    )
    s = by_cue(statements(text), "warned")
    assert s.source.text == "She"
    assert s.speaker.name == "Maria Lopez"


def test_pronoun_without_antecedent_stays_unresolved():
    s = by_cue(statements("He warned that the port would close."), "warned")
    assert s.source.text == "He"
    assert s.speaker is None


@pytest.mark.parametrize(
    "intro, role",
    [
        ("The head of Brazil’s central bank, Roberto Campos, spoke to lawmakers on Monday.", "the bank chief"),
        ("Central bank governor Roberto Campos spoke to lawmakers on Monday.", "the governor"),
    ],
)
def test_role_phrase_resolves_to_person_introduced_with_that_role(intro, role):
    text = f"{intro}\n\nAnother speaker, Ana Souza, left early.\n\n“Inflation is falling,” {role} noted."
    s = by_cue(statements(text), "noted")
    assert s.source.text == role
    assert s.speaker.name == "Roberto Campos"


def test_role_phrase_with_no_matching_person_is_not_guessed():
    text = "Roberto Campos spoke to lawmakers on Monday.\n\n“Inflation is falling,” the bank chief noted."
    s = by_cue(statements(text), "noted")
    assert s.speaker is None or s.speaker.kind == "unnamed"


def test_unnamed_source_is_kept_and_the_official_refers_back_to_it():
    text = (
        "A city official told reporters that the repairs would take two years.\n\n"
        "The official added that the cost had doubled."
    )
    found = statements(text)
    first, second = by_cue(found, "told"), by_cue(found, "added")
    assert first.speaker.kind == "unnamed"
    assert first.speaker.name == "A city official"
    assert second.speaker is first.speaker


def test_quote_paragraph_without_cue_continues_the_previous_speaker():
    text = (
        "“We will not back down,” Maria Lopez said.\n\n"
        "“The families of this city deserve a port that works, and they will get one.”"
    )
    s = by_content(statements(text), "The families of this city")
    assert s.kind == StatementKind.DIRECT
    assert s.speaker.name == "Maria Lopez"


def test_quote_paragraph_after_a_non_quote_statement_is_not_attributed():
    text = "Maria Lopez said the port would close.\n\n“Maybe it is time,” read a sign at the gate."
    assert not [s for s in statements(text) if s.content.text.startswith("Maybe") and s.speaker]


# -- shapes the main frame does not read (cue_shapes) ------------------------------


def rows(text):
    return [
        (s.cue.text, s.speaker.name if s.speaker else None, s.content.text, s.confidence >= CONFIDENT)
        for s in statements(text)
    ]


def test_a_transcript_turn_the_parser_cut_after_its_label_goes_on():
    text = (
        "Pence: no affair talk at the debate\n\n"
        "Gov. Mike Pence spoke to Chris Wallace on Sunday.\n\n"
        '"WALLACE: But, Governor Pence, I’ve got to ask you, because as “The Wall Street Journal” wrote, it shows '
        "people top concern about Donald Trump is, one, his temperament, and two, his language. So why would Trump "
        "even go down the road of bringing up an old affair?\n\n"
        '"PENCE: Well, look, you know, Mark Cuban has been out there saying some pretty tough stuff about my running '
        "mate."
    )
    turns = [row for row in rows(text) if row[0] == ":"]
    assert [(cue, speaker, content[:40], sure) for cue, speaker, content, sure in turns] == [
        (":", "WALLACE", "But, Governor Pence, I’ve got to ask you", True),
        (":", "Mike Pence", "Well, look, you know, Mark Cuban has bee", True),
    ]
    assert [row[0] for row in rows(text)] == [":", ":"]  # the verbs inside the turns are the speakers' own


def test_a_passive_with_its_agent_credits_the_agent():
    text = (
        "Foundation under review\n\n"
        "The foundation is under review in New York. The registration issue was first reported by The Washington "
        "Post.\n\nHis views were echoed by a number of tax experts."
    )
    assert rows(text) == [
        ("reported", "The Washington Post", "The registration issue", True),
        ("echoed", "a number of tax experts", "His views", False),
    ]


def test_a_call_on_someone_to_act_is_what_was_called_for():
    text = "Pageant row\n\nPalmieri called on Trump to stop attacking Machado and apologize."
    assert rows(text) == [("called on", "Palmieri", "Trump to stop attacking Machado and apologize", True)]


def test_a_study_or_poll_finding_a_noun_phrase_is_a_statement():
    text = (
        "Voter fraud\n\n"
        "A 2014 study by law professor Justin Levitt found 31 incidents of voter impersonation out of more than a "
        "billion ballots cast.\n\nPolls show a close contest in the state."
    )
    assert rows(text) == [
        ("found", "Justin Levitt", "31 incidents of voter impersonation out of more than a billion ballots cast", True),
        ("show", "Polls", "a close contest in the state", True),
    ]


def test_a_that_clause_hung_as_an_adverbial_is_what_was_said():
    text = (
        "The Latest: Trump urges supporters to watch polls\n\n"
        "Donald Trump’s campaign is defending his early-morning tweets shaming former Miss Universe Alicia "
        "Machado.\n\n"
        "Trump tweeted in the early morning hours that Machado was “disgusting” and “a con” and encouraged Americans "
        "to “check out” her non-existent sex tape."
    )
    last = rows(text)[-1]
    assert last[:2] == ("tweeted", "Donald Trump")
    assert last[2].startswith("Machado was “disgusting” and “a con”")
    assert not [row for row in rows(text) if row[1] and "Machado" in row[1]]


def test_names_called_and_points_stressed_are_what_was_said_but_a_scare_quote_is_not():
    text = (
        "Cruz and Trump\n\n"
        'The senator spoke in Houston on Friday. Cruz called Trump a "pathological liar" who is "utterly amoral."\n\n'
        "Donald Trump is stressing the need to bolster the nation's cybersecurity efforts.\n\n"
        'Stumpf\'s emphasis on the few workers involved in what multiple lawmakers called "fraud" angered the panel.'
    )
    assert rows(text) == [
        ("called", "Cruz", 'Trump a "pathological liar" who is "utterly amoral', True),
        ("stressing", "Donald Trump", "the need to bolster the nation's cybersecurity efforts", True),
    ]


def test_a_that_clause_under_the_one_told_a_gerund_admitted_and_a_ruling_against_are_what_was_said():
    text = (
        "Climate and courts\n\n"
        "President Barack Obama spoke in Honolulu. In Honolulu last week, he told a meeting of Pacific Island "
        "leaders that few people understood the stakes better than they did.\n\n"
        "Although Trump has admitted using the tax code, he does not defend it.\n\n"
        "A federal appeals court ruled Friday against Ohio's procedure for removing voters from state rolls."
    )
    assert rows(text) == [
        ("told", "Barack Obama", "that few people understood the stakes better than they did", True),
        ("admitted", "Trump", "using the tax code", True),
        ("ruled", "A federal appeals court", "Ohio's procedure for removing voters from state rolls", True),
    ]


def test_according_to_a_source_the_parser_read_as_a_verb_phrase():
    text = (
        "The latest on the race\n\n"
        "As a reality TV boss on “The Apprentice,” Donald Trump repeatedly demeaned women with sexist language, "
        "according to show insiders."
    )
    assert rows(text) == [
        (
            "according to",
            "insiders",
            "As a reality TV boss on “The Apprentice,” Donald Trump repeatedly demeaned women with sexist language",
            True,
        )
    ]


def test_a_link_drawn_a_thing_heard_and_a_study_documenting_are_statements():
    text = (
        "Cyber plan\n\n"
        "Senator Ada Brooks spoke in Virginia on Monday. She repeatedly linked the outages to the city's use of a "
        "private email server.\n\n"
        "Many voters have heard by now that 20 veterans commit suicide each day.\n\n"
        "A 2019 study documented faster increases in temperatures."
    )
    assert rows(text) == [
        ("linked", "Ada Brooks", "the outages to the city's use of a private email server", True),
        ("heard", "Many voters", "that 20 veterans commit suicide each day", True),
        ("documented", "A 2019 study", "faster increases in temperatures", True),
    ]


def test_a_judge_finding_a_verdict_and_an_exhortation_to_act_are_statements():
    text = (
        "Voting law\n\n"
        "The legislature repealed the law in 2013. A federal judge found the repeal unconstitutional.\n\n"
        'The senator spoke in Cleveland in July. Cruz exhorted Republicans to "vote your conscience" and left the '
        "stage."
    )
    assert rows(text) == [
        ("found", "A federal judge", "the repeal unconstitutional", True),
        ("exhorted", "Cruz", 'Republicans to "vote your conscience', True),
    ]


def test_going_after_someone_as_something_is_an_attack_in_words_but_a_chase_is_not():
    text = (
        "Senate fight\n\n"
        'Reid spoke on the Senate floor on Tuesday. In recent weeks, Reid has gone after Trump as a "human leech" '
        'and a "spoiled brat."\n\n'
        "The dog went after the ball."
    )
    assert rows(text) == [("gone after", "Reid", 'Trump as a "human leech" and a "spoiled brat', True)]


def test_going_somewhere_as_something_is_no_attack_and_analysis_goes_on():
    # "as" beside "go" without "after": the attack rule once read the missing "after" and failed the article.
    text = "Gala night\n\nShe went to the gala as a guest of the senator. Smith will go as an observer, officials said."
    assert rows(text) == [("said", "officials", "Smith will go as an observer", True)]


def test_a_share_of_those_polled_backing_someone_is_the_polls_finding():
    text = "Poll results\n\nThe poll was taken last week. Among likely voters, 46 percent would choose Clinton."
    assert rows(text) == [("choose", "46 percent", "Clinton", False)]


# -- outlets --------------------------------------------------------------------


def test_told_an_outlet_sets_via():
    s = by_cue(statements("A senior police officer told Reuters that two suspects had been arrested."), "told")
    assert s.via == "Reuters"
    assert s.speaker.kind == "unnamed"


def test_told_a_person_is_a_recipient_not_an_outlet():
    s = by_cue(statements("Maria Lopez told her husband that she would run for mayor."), "told")
    assert s.via is None
    assert s.recipient == "her husband"


def test_told_a_committee_is_not_an_outlet():
    s = by_cue(statements("Maria Lopez told the Senate Finance Committee that the fund was empty."), "told")
    assert s.via is None


# -- the sample article ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return statements(SAMPLE.read_text(encoding="utf-8"))


BORTNIKOV = "Alexander Bortnikov"


def test_sample_bortnikov_statements(sample):
    for s in (
        by_content(sample, "Especially worrying"),
        by_cue(sample, "warned", after_source="He"),
        by_content(sample, "To keep a low profile"),
        by_content(sample, "Now they are trying to regroup"),
        by_content(sample, "More than 1,500 of 5,000 jihadists"),
    ):
        assert s.speaker is not None and s.speaker.name == BORTNIKOV and s.speaker.kind == "person", s
    assert by_content(sample, "To keep a low profile").kind == StatementKind.ACCORDING_TO
    assert by_content(sample, "Now they are trying to regroup").source.text == "the FSB chief"


def test_sample_rt_relays_bortnikov(sample):
    reporting = by_content(sample, "The director of Russia’s FSB Alexander Bortnikov made the remarks")
    assert reporting.via == "RT"
    for beginning in ("Especially worrying", "To keep a low profile", "Now they are trying to regroup"):
        assert by_content(sample, beginning).via == "RT"
    # "Last month" and "at the time": another occasion, not the RT report.
    assert by_content(sample, "More than 1,500 of 5,000 jihadists").via is None


def test_sample_unnamed_us_official_via_afp(sample):
    told = by_content(sample, "that ISIS terrorists are heading to Afghanistan")
    quote = by_content(sample, "We know some have already made their way back here")
    added = by_cue(sample, "added")
    assert told.speaker.kind == "unnamed" and "US official" in told.speaker.name
    assert "anonymity" in told.speaker.name
    assert quote.speaker is told.speaker and added.speaker is told.speaker
    assert told.via == "AFP" and quote.via == "AFP"


def test_sample_scare_quotes_are_not_statements(sample):
    for fragment in ("all around the world", "illicit oil trade, human trafficking and other criminal activities"):
        assert not [s for s in sample if s.content.text.strip(" .“”") == fragment]
        assert not [s for s in sample if s.kind == StatementKind.DIRECT and fragment in s.content.text]


def test_sample_json_contract(sample):
    data = analyzer.analyze_text(SAMPLE.read_text(encoding="utf-8")).to_json()
    kinds = {s["kind"] for s in data["statements"]}
    assert {"direct", "indirect", "according_to"} <= kinds
    assert any(s["via"] == {"name": "AFP"} for s in data["statements"])
