"""Attribution cues on spaCy's parse: the verb (or "according to") and the
tokens that are its source and its content.

A verb is a cue only when its lemma is in the lexicon *and* the parse gives
it something said: a clausal complement, a quote, or a sentence it is
parenthetical to. The lexicon alone would take "he told the story" or "the
show was called off" for speech.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cue_phrases, cue_shapes
from .cue_words import (
    ALL_CUES,
    APPEARANCE,
    AS_VERBS,
    CLAUSES,
    COGNITION,
    EVIDENCE,
    GERUND_VERBS,
    INTENTION,
    JUDGE_VERBS,
    LEMMA_FIXES,
    NAMED,
    OBJECT_TAIL_DEPS,
    OBJECT_TAIL_PREPS,
    OBJECT_VERBS,
    PREP_VERBS,
    SECOND_PERSON,
    SPEECH,
    SUBJECTS,
)
from .doctext import doc_text

NEEDS_QUOTE = (-1, -1)  # content marker: a cue whose words are in an adjacent quote
PUNCT_EDGE = " \t\n,;:—–-"


@dataclass
class Frame:
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    source: object | None = None  # spaCy Token heading the source phrase
    recipient: object | None = None  # spaCy Token heading "told X"
    according_to: bool = False
    verb: object | None = None  # the cue's verb token, when it is a verb
    # What kind of cue it is, for the statement's confidence: speech, mind,
    # object, judge, according_to, noun, stance, line, appearance.
    cue_class: str = "speech"


def find_frames(sent, person_names: frozenset[str] = frozenset()) -> list[Frame]:
    """Frames in one sentence (or line); ``person_names`` are the lowercased
    person names and surnames of the text, for transcript lines ("TAPPER:")."""
    frames = []
    line = cue_phrases.colon_frame(sent, Frame, person_names)
    if line is not None:
        return [line]
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
            frame = _according_to(tok, sent)
        elif tok.pos_ in ("VERB", "AUX") and tok.tag_ != "MD":
            frame = _verb_frame(tok, sent)
        elif tok.pos_ == "NOUN":
            frame = cue_phrases.noun_frame(tok, sent, Frame)
        elif tok.pos_ == "ADJ":
            frame = cue_phrases.adjective_frame(tok, sent, Frame)
        else:
            frame = None
        if frame is not None:
            frames.append(frame)
    return frames


def _in_capitals(tok, sent) -> bool:
    """ "EVEN OZ'S BOSS THINKS HE'S FULL OF IT — The head of ...": a heading in
    capitals run into the paragraph it heads."""
    if not (tok.text.isupper() and len(tok.text) > 1):
        return False
    words = [t.text for t in sent if t.i <= tok.i and t.is_alpha and len(t.text) > 1]
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def _according_to(tok, sent) -> Frame | None:
    to = tok.nbor()
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objects:
        # "according to show insiders": the parser read the noun before the head as a verb
        objects = [d for p in to.children if p.dep_ == "pcomp" for d in p.children if d.dep_ == "dobj"]
    if not objects:
        return None
    source = objects[0]
    phrase_start = tok.i
    phrase_end = max(source.right_edge.i, to.i) + 1
    # "The president, according to the White House, made a trip": both sides are what was reported.
    content = _rest_of_sentence(sent, phrase_start, phrase_end, both=True)
    if content is None:
        return None
    return Frame(tok.idx, to.idx + len(to), *content, source=source, according_to=True, cue_class="according_to")


def _verb_frame(verb, sent) -> Frame | None:
    lemma = verb.lemma_.lower()
    lemma = LEMMA_FIXES.get(lemma, lemma)
    if lemma not in ALL_CUES:
        return None
    if _in_capitals(verb, sent):
        return None
    if lemma in APPEARANCE:
        return _appearance(verb, sent)
    if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return None  # "pointed to" is not speech; "pointed out that" is
    if verb.dep_ in ("amod", "compound") or (verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i == verb.i + 1):
        return None  # "the so-called ...", "pledged delegates": a modifier, not an act
    shaped = cue_shapes.passive(verb, lemma, sent)
    if shaped is not None:
        return _shaped_frame(verb, shaped)
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "relcl")
        and not any(c.dep_ in ("aux", "nsubj") for c in verb.children)
    ):
        return None  # "the report released Monday"; but "who have endorsed him" is a statement
    source = _subject(verb, sent)
    if source is not None and not sent.start <= source.i < sent.end:
        source = None
    if source is not None and source.dep_ == "nsubjpass":
        # "Oz has been called a charlatan by fellow physicians": the agent speaks, never the one it is said of
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            source = agent if sent.start <= agent.i < sent.end else None
    shaped = (
        cue_shapes.called_on(verb, lemma, sent)
        or cue_shapes.went_after(verb, lemma, sent)
        or cue_shapes.finding(verb, lemma, source, sent)
        or cue_shapes.poll_share(verb, lemma, source, sent)
    )
    if shaped is not None and source is not None:
        return _shaped_frame(verb, shaped, source)
    content = None
    cue_class = "speech" if lemma in SPEECH else "mind"
    clause = next((c for c in verb.children if c.dep_ in CLAUSES and sent.start <= c.i < sent.end), None)
    if clause is not None and _stray_clause(verb, clause):
        clause = None
    if clause is None and lemma in SPEECH:
        # "said after the meeting he would not accept", "tweeted in the early hours that
        # ...": a clause with its own subject and no conjunction but "that", which the
        # parser hung on the verb as an adverbial.
        clause = next(
            (
                c
                for c in verb.children
                if c.dep_ == "advcl"
                and verb.i < c.i < sent.end
                and not any(g.dep_ in ("mark", "advmod") and g.lower_ != "that" for g in c.children if g.i < c.i)
                and any(g.dep_ == "nsubj" for g in c.children)
            ),
            None,
        )
    if clause is not None and (lemma in SPEECH or lemma in COGNITION or (lemma in EVIDENCE and source is not None)):
        content = _subtree_span(clause)
        if clause.dep_ == "advcl":  # the words said start at the clause's subject, not at "after the vote"
            subject = next(g for g in clause.children if g.dep_ == "nsubj")
            content = _trim(verb.doc, subject.left_edge.i, clause.right_edge.i + 1)
        # "A had told B, but C overruled it, the source added": both clauses before the cue are said.
        more = [c for c in verb.children if c.dep_ in CLAUSES and clause.i < c.i < verb.i]
        if clause.dep_ in CLAUSES and more:
            content = (content[0], _subtree_span(more[-1])[1])
        # "“...,” he said, “...”": the second quote hangs off the cue too.
        tail = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "dobj") and c.i != clause.i]
        # It is set off by a comma or a quote mark: "told AFP" is the one told.
        if clause.i < verb.i and tail and tail[0].i > verb.i and _set_off(tail[0]):
            content = (content[0], _subtree_span(tail[0])[1])
    if content is None and lemma in INTENTION:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if xcomp is not None:
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < xcomp.i), None)
            left = xcomp.left_edge if obj is None else min(obj.left_edge, xcomp.left_edge, key=lambda t: t.i)
            content = _trim(verb.doc, left.i, _before_aside(verb.doc, left.i, xcomp.right_edge.i + 1))
    if content is None and lemma in GERUND_VERBS:
        # "admitted using the tax code", "cited improving care as a priority": the gerund is what was said
        ing = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i), None)
        if ing is not None and ing.right_edge.i < sent.end:
            content = _trim(verb.doc, ing.left_edge.i, _object_end(verb, ing) + 1)
    if content is None and lemma in SPEECH and _is_parenthetical(verb, sent):
        # "The key, says Buser, is the network": both sides are the words said.
        content = _rest_of_sentence(sent, verb.left_edge.i, verb.right_edge.i + 1, both=True)
    if content is None and lemma in PREP_VERBS:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in PREP_VERBS[lemma]), None)
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        # "argued for decades that ...": a stretch of time is how long, not what was argued.
        if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME"):
            content = _subtree_span(pobj)
    if content is None and lemma in OBJECT_VERBS:
        content, cue_class = _object_content(verb, sent), "object"
    if content is None and lemma in JUDGE_VERBS:
        content, cue_class = _object_content(verb, sent, judged=True), "judge"
    if (
        content is None
        and lemma in AS_VERBS
        and any((c.dep_ == "prep" and c.lower_ == "as") or c.dep_ == "oprd" for c in verb.children)
    ):
        content, cue_class = _object_content(verb, sent), "judge"
    if content is None and lemma in SPEECH:
        content, cue_class = _that_clause_below(verb, sent), "speech"
    if content is None:
        shaped = cue_shapes.directive(verb, lemma, source, sent) or cue_shapes.put_forward(verb, lemma, source, sent)
        if shaped is not None:
            return _shaped_frame(verb, shaped, source)
    if content is None and lemma in SPEECH:
        # '“...,” Sexton said.' split into two sentences, or 'said: “...”':
        # the caller looks for the quote next to the cue.
        content = NEEDS_QUOTE
    if content is None:
        return None
    if source is None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj"):
        source = _subject(verb.head, sent)  # "..., saying that": the saying belongs to the main subject
    if source is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        source = _subject(verb.head.head, sent)  # "distinguished himself by saying ..."
    if source is not None and source.pos_ in ("VERB", "AUX"):
        source = None  # "Holding rates near zero has encouraged ...": an act is no one's voice
    if source is not None and source.lower_ in ("'s", "’s"):
        return None  # "Let's say you think ...": the writer's supposition, nobody's words
    if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
        return None  # "It goes without saying", "left without saying why": nothing said
    if source is None:
        if lemma == "ask" and verb.tag_ == "VBN" and verb.dep_ == "advcl":
            return Frame(verb.idx, verb.idx + len(verb), *content, verb=verb, cue_class=cue_class)  # "Asked whether"
        return None
    if _wished_or_supposed(verb):
        return None  # "I hope America says ...", "unclear whether the judges would rule that ...": not said
    if lemma not in SPEECH and source.lower_ in SECOND_PERSON:
        return None  # "do you think": an interview question, not a report
    cue_end = verb.idx + len(verb)
    prt = next((c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1), None)
    if prt is not None:
        cue_end = prt.idx + len(prt)
    recipient = next((c for c in verb.children if c.dep_ in ("dative", "dobj") and c.i > verb.i), None)
    if lemma != "tell" or (recipient is not None and content[0] <= recipient.idx < content[1]):
        recipient = None
    return Frame(verb.idx, cue_end, *content, source=source, recipient=recipient, verb=verb, cue_class=cue_class)


def _shaped_frame(verb, shaped, subject=None) -> Frame | None:
    source, (first, end), cue_end, cue_class = shaped
    source = source if source is not None else subject
    content = _trim(verb.doc, first, end)
    if source is None or content[1] <= content[0] or _wished_or_supposed(verb):
        return None
    return Frame(verb.idx, cue_end, *content, source=source, verb=verb, cue_class=cue_class)


# Verbs whose clause is only wished or supposed: what happens in it did not happen.
WISHING = frozenset("hope wish imagine suppose pray".split())


def _wished_or_supposed(verb) -> bool:
    """A cue in a clause that a wish or a "whether" puts in doubt."""
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in WISHING:
        return True
    return verb.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children)


def _stray_clause(verb, clause) -> bool:
    """ "asked for it to be taken down because it's too grim (even though ...
    this could be their reality)": a subjectless clause the parser hung on the
    cue across another clause of its own is a piece of that other clause."""
    if clause.i < verb.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return False
    return any(c.dep_ == "advcl" and verb.i < c.i < clause.left_edge.i for c in verb.children)


def _that_clause_below(verb, sent) -> tuple[int, int] | None:
    """'said in a statement that ...', 'told a meeting of leaders that ...':
    the that-clause hung on a noun of the cue's own phrase rather than on the
    cue."""
    for prep in verb.children:
        if prep.dep_ not in ("prep", "dobj") or prep.i < verb.i:
            continue
        for tok in prep.subtree:
            if tok.i < sent.end and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
                return _subtree_span(tok)
    return None


def _appearance(verb, sent) -> Frame | None:
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if xcomp is None or subj is None or subj.lower_ in ("it", "there") or not sent.start <= subj.i:
        return None
    start, end = _trim(verb.doc, subj.left_edge.i, min(xcomp.right_edge.i + 1, sent.end))
    return Frame(verb.idx, verb.idx + len(verb), start, end, cue_class="appearance")


def _object_content(verb, sent, judged: bool = False) -> tuple[int, int] | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.i < sent.end), None)
    if obj is None and verb.lemma_.lower() == "call" and not any(c.dep_ == "dobj" for c in verb.children):
        # 'Cruz called Trump a "pathological liar"': the parser took both for predicates, the first is the one
        # named ("what he called “fraud”" has its object before the verb: a scare quote)
        obj = next((c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i and c.i < sent.end), None)
        named = [c for c in verb.children if c.dep_ == "oprd" and obj is not None and c.i > obj.i]
        if not named:
            return None
    if obj is None or any(c.dep_ == "neg" for c in verb.children):
        # "did not reveal the location": no words were given. A negated
        # clause ("did not think that ...") still states a view.
        return None
    end = obj.right_edge.i
    for c in verb.children:
        if c.i > obj.i and (c.dep_ in OBJECT_TAIL_DEPS or (c.dep_ == "prep" and c.lower_ in OBJECT_TAIL_PREPS)):
            end = max(end, c.right_edge.i)
    if end == obj.i and obj.pos_ == "PRON":
        return None  # "denied it": the content is elsewhere, a bare pronoun would be noise
    if end == obj.right_edge.i and (
        obj.ent_type_ == "PERSON" or (judged and (obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ in NAMED))
    ):
        # "lauded the coach", "reported Jane Doe of the radio": the one judged or
        # named, not anything said.
        return None
    return _trim(verb.doc, obj.left_edge.i, _before_aside(verb.doc, obj.left_edge.i, min(end + 1, sent.end)))


def _object_end(verb, obj) -> int:
    """The last token of the object with the complements after it that belong
    to what was said ("... as a top priority")."""
    end = obj.right_edge.i
    for c in verb.children:
        if c.i > obj.i and (c.dep_ in OBJECT_TAIL_DEPS or (c.dep_ == "prep" and c.lower_ in OBJECT_TAIL_PREPS)):
            end = max(end, c.right_edge.i)
    return end


def _before_aside(doc, start: int, end: int) -> int:
    """Where the tokens [start, end) stop before a writer's aside: a relative
    clause set off by a comma (", which makes him an outlier", ", who has
    not been charged") is the article's comment on the object, not what the
    source said or wants. A relative clause in which the one named speaks
    ("echoing remarks from Tiff Macklem who said ...") is that person's own
    statement: the words are Macklem's, not the echoing subject's."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ in ("which", "who") and doc[i + 1].head.dep_ == "relcl":
            return i
        tok = doc[i]
        if tok.lower_ in ("who", "that") and tok.dep_ == "nsubj" and tok.head.dep_ == "relcl":
            if tok.head.lemma_.lower() in SPEECH and any(c.dep_ == "ccomp" for c in tok.head.children):
                return i
    return end


def _subject(verb, sent=None):
    """The subject of the verb, borrowed from the verb it is coordinated with
    ("He spoke and added ..."), or the noun a relative clause hangs on. Only
    one in the same line counts: the parser sometimes hangs a headline on the
    next paragraph's verb."""
    for _ in range(3):
        # Of two subjects the nearer is the verb's: in "Those in debt struggle, she said"
        # the parser hung the words said on the cue as a second subject.
        subj = min(
            (c for c in verb.children if c.dep_ in SUBJECTS and (sent is None or sent.start <= c.i < sent.end)),
            key=lambda c: abs(c.i - verb.i),
            default=None,
        )
        if subj is not None:
            return subj  # a relative "who" stays the source as written; speakers resolve it to its noun
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
            continue
        return None
    return None


def _is_parenthetical(verb, sent) -> bool:
    """ "..., Bortnikov said." parsed with the quote as the root and the
    cue hanging off it (parataxis, or a clause that comes after the content)."""
    if verb.tag_ == "VBG":
        return False  # ", adding ...", ", saying ...": a participle adds its own words, it does not frame the rest
    if verb.dep_ == "parataxis":
        return True
    return verb.dep_ in ("ccomp", "advcl") and verb.head.i < verb.i and verb.i > sent.start + 2 and _commas_before(verb)


def _set_off(tok) -> bool:
    first = tok.left_edge
    return first.text in ("“", '"', "‘") or (first.i > 0 and tok.doc[first.i - 1].text in (",", ":", "—", "–"))


def _commas_before(verb) -> bool:
    left = verb.left_edge.i - 1
    return left >= 0 and verb.doc[left].text in (",", "”", '"', "—", "–")


def _subtree_span(tok, start_tok=None) -> tuple[int, int]:
    left = tok.left_edge if start_tok is None else min(start_tok.left_edge, tok.left_edge, key=lambda t: t.i)
    return _trim(tok.doc, left.i, tok.right_edge.i + 1)


def _rest_of_sentence(sent, start: int, end: int, both: bool = False) -> tuple[int, int] | None:
    """The sentence without the tokens [start, end): the side that carries the
    words when the phrase sits at an edge, else the longer side, or with
    ``both`` the whole sentence (the caller splits it around the phrase)."""
    before = _trim(sent.doc, sent.start, start) if start > sent.start else None
    after = _trim(sent.doc, end, sent.end) if end < sent.end else None
    before = before if before and before[1] > before[0] else None
    after = after if after and after[1] - after[0] > 1 else None
    if before and after and both:
        return before[0], after[1]
    if before and after:
        return before if before[1] - before[0] >= after[1] - after[0] else after
    return before or after


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens [start, end) without edge punctuation or quote marks."""
    while end - 1 > start and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1  # "... at all, but": the conjunction joins what follows, not what was said
    if end <= start:
        return (0, 0)
    text = doc_text(doc)
    a = doc[start].idx
    b = doc[end - 1].idx + len(doc[end - 1])
    while a < b and (text[a] in PUNCT_EDGE or text[a] in "“”\"'‘’"):
        a += 1
    while b > a and (text[b - 1] in PUNCT_EDGE or text[b - 1] in "“”\"'‘’."):
        b -= 1
    return (a, b)
