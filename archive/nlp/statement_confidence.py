"""How sure attribution is of a statement: a number in [0, 1] from general
evidence, never from a site or a phrase.

The evidence multiplies:
- the speaker: a named person or organization, an unnamed source whose words
  name a person's role or an organization ("a US official", "Pentagon
  spokesmen"), an unnamed phrase that may be a thing ("the spot"), or none;
- the cue: a verb of saying, "according to" and a transcript line are surer
  than a verb of thinking, which is surer than a verb whose object is what
  was said or judged, or a noun ("Trump's promise to ...");
- the content's shape: a clause or a quotation says something, a bare noun
  phrase much less, one or two words (a name, a scare quote) nothing;
- the line: a headline, a caption or a heading repeats or labels the story,
  and a quote paragraph repeating words of the body is a pull quote.

Public pages show statements at or above ``CONFIDENT``; the rest are kept
for curators.
"""

from __future__ import annotations

import re

from .cue_words import SPEECH as SPEECH_LEMMAS
from .types import ExtractedStatement, StatementKind

CONFIDENT = 0.5
WORD = re.compile(r"\w+")
QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]?")
# Nouns naming people by what they do or are, or bodies of people: heads an
# unnamed source can have. A general lexicon of English, not of one corpus.
PEOPLE_NOUNS = frozenset(
    """official officer spokesman spokeswoman spokesperson representative source aide adviser advisor analyst
    expert economist researcher scientist scholar professor teacher student doctor physician nurse lawyer attorney
    judge prosecutor investigator detective police policeman witness resident neighbor neighbour citizen voter
    worker employee executive director manager chief head leader chairman chairwoman president minister secretary
    senator lawmaker legislator congressman congresswoman governor mayor diplomat ambassador general commander
    soldier colonel captain coach player athlete fan owner founder author writer reporter journalist editor critic
    columnist blogger commentator activist advocate organizer campaigner candidate nominee member staff staffer
    person people man woman men women child children parent mother father family friend relative victim survivor
    customer consumer user buyer seller investor trader banker broker insider insiders observer participant
    protester demonstrator strategist pollster consultant developer engineer designer operator
    administration government ministry department agency company firm group organization organisation union party
    campaign committee council court board team office military army navy regulator spokespeople
    management authorities authority researchers""".split()
)
# Writings that speak for someone: "the statement said", "a study found".
DOCUMENT_NOUNS = frozenset("study survey poll report statement letter filing ruling document analysis review".split())
# What people propose, decide or say, that a verb of judging can take as its object: "praised
# the plan", "criticized the decision" state a view of it; "decrying diversity" judges a state
# of things and gives no words.
PROPOSAL_NOUNS = frozenset(
    """plan proposal bill law legislation policy deal agreement decision move measure idea budget program programme
    scheme strategy approach initiative reform order ban tax tariff rule regulation treaty offer bid request demand
    remark remarks comment comments claim claims statement speech argument message tweet post video ad campaign
    stance position view views response handling vote verdict appointment nomination choice""".split()
)
# A noun ending naming a person by trade or belief ("economist", "historian").
PEOPLE_SUFFIXES = ("ist", "ian", "ee")
NAMED = ("PERSON", "ORG", "NORP")  # "Swift's rep", "a US official": a role tied to a name
CUE_WEIGHTS = {
    "speech": 1.0,
    "according_to": 1.0,
    "line": 0.9,
    "mind": 0.85,
    "object": 0.75,
    "judge": 0.7,
    "noun": 0.55,
    "stance": 0.55,
    "appearance": 0.2,
    "act": 0.45,  # "unveiled a plan", "decided to run": put forward or decided, no words given
}
# Verbs whose object is as often the one addressed as the words sent.
ADDRESSING = frozenset("email text message".split())
# Conjunctions opening a clause that supposes rather than asserts.
CONDITIONAL = frozenset("if unless whether suppose supposing".split())
# Adverbs dating a thought to a first impression: "at first she thought".
IMPRESSION = frozenset("first initially originally".split())
# Words of a line saying it is a picture's caption or credit.
CAPTION = re.compile(r"\b(?:photo(?:graph)?s?|image|pictured|caption|getty|credit|illustration)\b", re.IGNORECASE)


def score(
    statement: ExtractedStatement, cue_class: str, source_head, doc, text: str, headline_end: int, verb=None
) -> float:
    """``source_head`` is the spaCy token heading the source (or None),
    ``headline_end`` the offset where a leading headline line ends (0 when
    the text opens with none), ``verb`` the cue's verb token when it is one."""
    value = _speaker(statement, source_head) * CUE_WEIGHTS.get(cue_class, 0.6)
    if verb is not None:
        value *= _verb_sense(statement, verb, cue_class)
    span = doc.char_span(statement.content.start, statement.content.end, alignment_mode="expand")
    if cue_class == "judge" and span is not None and _is_people(span.root):
        value *= 0.4  # "favoring a company it owns", "lauded the coach": the one judged, nothing said
    elif (
        cue_class == "object"
        and span is not None
        and verb is not None
        and verb.lemma_.lower() in ADDRESSING
        and _is_people(span.root)
    ):
        value *= 0.4  # "emailed a friend about it": the one written to, not what was written
    elif (
        cue_class == "judge"
        and span is not None
        and statement.kind == StatementKind.INDIRECT
        and span.root.lemma_.lower() not in PROPOSAL_NOUNS | DOCUMENT_NOUNS
    ):
        value *= 0.75  # "decrying diversity in America": a state of things judged, no words given
    clause = cue_class != "judge" and span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)
    value *= _shape(statement, clause)
    value *= _line(statement, text, headline_end)
    return round(min(value, 1.0), 3)


def _verb_sense(statement: ExtractedStatement, verb, cue_class: str) -> float:
    """Whether the cue verb reports an act of saying at all."""
    if _negated(verb):
        # "never recommends", "didn't know that", "did not say": the sentence says
        # the act did not happen, so nothing was said. "denied that" is no negation.
        return 0.45
    if cue_class == "mind" and _unasserted_thought(statement, verb):
        return 0.5
    if cue_class in ("object", "judge") and _says_it_after(verb):
        return 0.5
    return 1.0


def _says_it_after(verb) -> bool:
    """ "has denied Swift's claims, saying they were false": the participle
    carries the words; the object is only what they were about."""
    return any(
        c.dep_ in ("advcl", "xcomp", "conj")
        and c.tag_ == "VBG"
        and c.i > verb.i
        and c.lemma_.lower() in SPEECH_LEMMAS
        and any(g.dep_ in ("ccomp", "parataxis") for g in c.children)
        for c in verb.children
    )


def _negated(verb) -> bool:
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("not", "never", "n't")):
            # "not only said ... but": a negation that adds rather than denies
            after = c.doc[c.i + 1].lower_ if c.i + 1 < len(c.doc) else ""
            if after != "only" and not any(g.lower_ == "only" for g in c.children):
                return True
    return False


def _unasserted_thought(statement: ExtractedStatement, verb) -> bool:
    """A verb of thinking that states no view of its holder: "if she
    believes ...", "anyone who thinks ...", "at first he thought ..." (an
    impression). A quote or a verb of saying above it marks it as said."""
    if statement.kind in (StatementKind.DIRECT, StatementKind.MIXED):
        return False
    for c in verb.children:
        if (c.dep_ in ("advmod", "npadvmod") and c.lower_ in IMPRESSION) or (
            c.dep_ == "prep" and any(g.lower_ in IMPRESSION for g in c.children)
        ):
            return True
        if (
            verb.tag_ == "VBD"
            and c.dep_ == "advcl"
            and any(g.dep_ in ("mark", "advmod") and g.lower_ == "when" for g in c.children)
        ):
            return True  # "When he looked inside, he thought he was seeing things": the thought of a moment
    tok = verb
    while tok.head.i != tok.i:
        # "if she believes", "depends on whether he believes", "Asked if he believed": supposed or asked, not held
        if tok.dep_ == "relcl" or any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in tok.children):
            return True
        if tok.head.pos_ in ("VERB", "AUX") and tok.head.lemma_.lower() in SPEECH_LEMMAS:
            return False
        tok = tok.head
    return False


def _is_people(tok) -> bool:
    return tok.ent_type_ in ("PERSON", "ORG", "NORP") or tok.lemma_.lower() in PEOPLE_NOUNS or tok.pos_ == "PRON"


def _speaker(statement: ExtractedStatement, head) -> float:
    speaker = statement.speaker
    if speaker is None:
        return 0.3
    if speaker.kind in ("person", "organization"):
        return 1.0
    if head is None:
        return 0.4
    # The phrase's own nouns: "the way this person will look at you" is a way, not a person.
    clauses = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "ccomp") for t in c.subtree}
    words = {t.lemma_.lower() for t in head.subtree if t.pos_ in ("NOUN", "PROPN") and t.i not in clauses}
    words |= {head.lemma_.lower()}
    lemma = head.lemma_.lower()
    if lemma in PEOPLE_NOUNS or lemma in DOCUMENT_NOUNS or head.lower_.endswith(PEOPLE_SUFFIXES):
        return 0.9
    if head.ent_type_ in ("PERSON", "ORG", "NORP") or any(t.ent_type_ in NAMED for t in head.subtree):
        return 0.8
    if head.pos_ == "PRON" and head.lower_ in ("i", "we"):
        return 0.8  # the speaker of a quoted first-person turn, named by the line around it
    return 0.9 if words & PEOPLE_NOUNS else 0.45


def _shape(statement: ExtractedStatement, clause: bool) -> float:
    parts = statement.content_parts or [statement.content]
    n_words = sum(len(WORD.findall(p.text)) for p in parts)
    if n_words <= 2:
        return 0.4  # a name, a label, a scare-quoted word
    if statement.kind in (StatementKind.DIRECT, StatementKind.MIXED):
        quoted = QUOTED.findall(statement.content.text) or [statement.content.text]
        # A turn of speech naming a title in passing ("as “The Wall Street Journal” wrote, ...")
        # is no title: the titles must be most of the words.
        titled = sum(len(WORD.findall(q)) for q in quoted) * 2 >= n_words
        if titled and all(_title_cased(q) for q in quoted):
            return 0.4  # “The Long Road Home”, calls it “Night Sight”: the name of a work or product
        return 1.0 if n_words > 3 else 0.6  # a scare quote or name in quotes is short
    return 1.0 if clause else 0.85


def _title_cased(words: str) -> bool:
    """Every word of note capitalised and no sentence ending: a title."""
    tokens = WORD.findall(words)
    if words.rstrip()[-1:] in ".!?" or len(tokens) > 12:
        return False
    major = [t for t in tokens if len(t) > 3 or t[0].isupper()]
    return bool(major) and all(t[0].isupper() or t[0].isdigit() for t in major)


def _line(statement: ExtractedStatement, text: str, headline_end: int) -> float:
    start = min(statement.cue.start, statement.content.start)
    if start < headline_end:
        return 0.3
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    if CAPTION.search(line) and len(WORD.findall(line)) < 40:
        return 0.4
    if line and line[-1] not in ".!?”\"’')" and len(WORD.findall(line)) < 15:
        return 0.4  # a heading or label: no sentence ends there
    return 1.0


def headline_end(text: str) -> int:
    """Where the opening headline ends: a first line followed by a blank
    line (how articles are stored: title, blank line, body), else 0."""
    first = text.find("\n")
    if first < 0 or not text[first:].startswith("\n\n"):
        return 0
    return first


def pull_quote(statement: ExtractedStatement, text: str) -> bool:
    """The quoted words occur again elsewhere in the text: a pull quote set
    apart from the body that already carries them."""
    words = statement.content.text.strip()
    if len(WORD.findall(words)) < 5:
        return False
    first = text.find(words)
    return first >= 0 and text.find(words, first + 1) >= 0
