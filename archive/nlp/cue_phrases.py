"""Cues that are not verbs: a noun held by its source ("Trump's promise to
be neutral", "Clinton's call for a ban") and the colon of a transcript line
or headline ("TAPPER: ...", "Roger Stone: Don't trust the machines").

Both are taken only when the source is in the phrase itself: a bare "the
decision to ..." names no one, and a colon after any short phrase would
take datelines and section labels ("UPDATE:") for speakers.
"""

from __future__ import annotations

import re

from .doctext import doc_text

# Nouns of saying held by their speaker. "attack", "threat", "decision" and
# "view" are left out: "Russia's attack on the port" is an act, not words.
NOUN_CUES = frozenset(
    """promise call claim criticism statement demand request suggestion endorsement pledge vow
    proposal warning assertion argument belief hope desire refusal insistence opposition praise
    accusation allegation question announcement prediction assessment
    admission denial concern complaint""".split()
)
# The complement that carries the content: "promise to ...", "claim that ...",
# "criticism of ...", "call for ...".
CONTENT_DEPS = ("acl", "ccomp", "relcl")
CONTENT_PREPS = ("of", "for", "to", "on", "against", "about", "over")
MAX_SPEAKER_TOKENS = 6
# "X is confident that ...", "X was critical of ...": a stance stated as a state.
STANCE_ADJECTIVES = frozenset(
    """glad happy confident sure certain convinced worried concerned afraid optimistic pessimistic hopeful skeptical
    sceptical aware proud critical eager determined willing opposed supportive unsure uncertain doubtful adamant
    fearful furious angry upset disappointed frustrated pleased thrilled satisfied dissatisfied""".split()
)
STANCE_PREPS = ("of", "about", "that", "with", "over", "for")
# A line opening with a name in capitals and a colon, after an optional quote mark.
TRANSCRIPT_LINE = re.compile(r"^[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):", re.MULTILINE)
_TRANSCRIPT_KEY = ("archive.nlp", "transcript")


def noun_frame(noun, sent, frame_cls):
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
        return None
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None or holder.pos_ == "PRON" and holder.lower_ in ("its", "their"):
        return None  # "its plan", "their support": too often things, not people
    content = None
    for child in noun.children:
        if child.i < noun.i or not sent.start <= child.i < sent.end:
            continue
        if child.dep_ in CONTENT_DEPS and child.dep_ != "relcl":
            content = child
            break
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                content = obj
                break
    if content is None:
        return None
    start, end = _span_chars(content.left_edge, content.right_edge, sent)
    return frame_cls(noun.idx, noun.idx + len(noun), start, end, source=holder, cue_class="noun")


def adjective_frame(adj, sent, frame_cls):
    if adj.dep_ != "acomp" or adj.lemma_.lower() not in STANCE_ADJECTIVES:
        return None
    verb = adj.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and sent.start <= c.i < sent.end), None)
    if subj is None or subj.lower_ in ("it", "there", "you"):
        return None  # "it is certain that": the writer's own hedge, no source
    content = None
    for child in adj.children:
        if child.i < adj.i:
            continue
        if child.dep_ in ("ccomp", "xcomp"):
            content = child
        elif child.dep_ == "prep" and child.lower_ in STANCE_PREPS:
            content = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
        if content is not None:
            break
    if content is None:
        return None
    start, end = _span_chars(content.left_edge, content.right_edge, sent)
    cue_start = min(verb.idx, adj.idx) if verb.i == adj.i - 1 else adj.idx
    return frame_cls(cue_start, adj.idx + len(adj), start, end, source=subj, cue_class="stance")


def colon_frame(sent, frame_cls, person_surnames: set[str]):
    """A line opening with a speaker's name and a colon."""
    doc = sent.doc
    colon = next((t for t in sent[: MAX_SPEAKER_TOKENS + 1] if t.text == ":"), None)
    if colon is None or colon.i == sent.start or colon.i + 1 >= len(doc):
        return None
    if colon.i + 1 >= sent.end and "\n" in colon.text_with_ws + doc[colon.i + 1].text:
        return None  # a label closing its line ("UPDATE:"); one the parser cut off its turn goes on
    if sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws:
        return None  # not the start of a line
    name = doc[sent.start : colon.i]
    words = [t for t in name if not t.is_punct]
    if not words or not all(t.pos_ == "PROPN" or t.is_upper for t in words):
        return None
    is_person = any(t.ent_type_ == "PERSON" for t in words)
    is_known = " ".join(t.text for t in words).lower() in person_surnames
    if not (is_person or is_known or (all(t.is_upper for t in words) and _transcript(doc, person_surnames))):
        return None
    # A transcript turn runs to the end of its line, across sentences.
    line_end = doc_text(doc).find("\n", colon.idx)
    line_end = len(doc_text(doc)) if line_end < 0 else line_end
    start = doc[colon.i + 1].idx
    end = line_end
    while start < end and doc_text(doc)[start] in ' \t,;:—–-“"':
        start += 1
    while end > start and doc_text(doc)[end - 1] in ' \t.”"\u00a0':
        end -= 1
    said = doc.char_span(start, end, alignment_mode="expand")
    if said is None or len(said) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in said):
        return None  # "Carson: A miracle.": a list of labels, not a turn of speech
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl") or (t.dep_ == "ROOT" and t.tag_ == "VB") for t in said):
        return None  # "Jo Doe: Possession of ..., held in jail": a record's fields, no one speaking
    if any(t.lower_ == w.lower_ for t in said for w in words if w.pos_ == "PROPN"):
        return None  # "Jo Doe: You can follow Jo at ...": a line about the person, not their turn
    return frame_cls(colon.idx, colon.idx + 1, start, end, source=name.root, cue_class="line")


def _transcript(doc, person_surnames) -> bool:
    """The text is laid out as a transcript: some line opens with a known
    person's name in capitals and a colon ("PENCE: ..."), so other lines in
    that layout ("WALLACE: ...") are turns of speech too."""
    cached = doc.user_data.get(_TRANSCRIPT_KEY)
    if cached is None:
        labels = (m.group(1).lower() for m in TRANSCRIPT_LINE.finditer(doc_text(doc)))
        cached = doc.user_data[_TRANSCRIPT_KEY] = any(label in person_surnames for label in labels)
    return cached


def forget(doc) -> None:
    """Drop what ``_transcript`` remembered on the doc."""
    doc.user_data.pop(_TRANSCRIPT_KEY, None)


def _span_chars(first, last, sent) -> tuple[int, int]:
    text = doc_text(sent.doc)
    a = max(first.idx, sent.start_char)
    b = min(last.idx + len(last), sent.end_char)
    while a < b and text[a] in ' \t,;:—–-“"':
        a += 1
    while b > a and text[b - 1] in ' \t,;:—–-.”"':
        b -= 1
    return a, b
