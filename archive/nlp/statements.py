"""Attribution: who said what, to whom, via which outlet.

``extract(doc, clusters)`` walks spaCy's parse sentence by sentence. Cues and
their source/content tokens come from ``cues``, speakers from ``speakers``,
verbatim quotes from ``quotes``; this module decides the kind of each
statement, attaches quotes the parse left without a cue, and works out
reporting chains (the outlet a speaker's words reached us through).
"""

from __future__ import annotations

import re

from . import cue_phrases, cues, doctext, outlets, statement_confidence
from .doctext import doc_text
from .quotes import QuoteIndex, find_quotes
from .speakers import SpeakerResolver
from .types import EntityCluster, ExtractedStatement, Span, Speaker, StatementKind

SENTENCE_END = re.compile(r"[.!?]\s")
MAX_NARRATION = 150  # characters of narration between a cue and the quote that goes on
RELATIVE_WORDS = frozenset("which that who what whom".split())
COMPLEMENTIZER = re.compile(r"^(?:that|whether|if)\b[\s,]*", re.IGNORECASE)
# A sentence placing the words at another time than the report before it:
# "Last month, the FSB director warned ...", "..., Bortnikov said at the time."
TIME_SHIFT = re.compile(r"\b(?:at the time|previously|in the past|last (?:week|month|year))\b", re.IGNORECASE)


def extract(doc, clusters: list[EntityCluster]) -> list[ExtractedStatement]:
    try:
        return _extract(doc, clusters)
    finally:
        doctext.forget(doc)
        cue_phrases.forget(doc)


def _extract(doc, clusters: list[EntityCluster]) -> list[ExtractedStatement]:
    text = doc_text(doc)
    quotes = QuoteIndex(find_quotes(text), text)
    resolver = SpeakerResolver(doc, clusters, quoted=lambda offset: quotes.at(offset) is not None)
    found: list[ExtractedStatement] = []
    chains: list[tuple[ExtractedStatement, object]] = []  # (statement, sentence) for reporting chains
    taken: list[tuple[int, int]] = []
    person_names = _person_names(doc)
    headline_end = statement_confidence.headline_end(text)
    for sent in _segments(doc):
        for frame in cues.find_frames(sent, person_names):
            if any(a < frame.cue_end and frame.cue_start < b for a, b in taken):
                continue
            q = quotes.at(frame.cue_start)
            if q is not None and not (frame.cue_class == "line" and q.open_mark < sent.start_char + 2):
                # A verb inside quoted words is the speaker's, not the article's attribution; a
                # transcript line quoted whole ('"PENCE: ...') still gives its speaker's turn.
                continue
            statement = _statement(doc, frame, sent, quotes, resolver)
            if statement is None:
                continue
            statement.confidence = statement_confidence.score(
                statement, frame.cue_class, frame.source, doc, text, headline_end, frame.verb
            )
            taken.append((frame.cue_start, frame.cue_end))
            found.append(statement)
            chains.append((statement, sent))
    found = _relayed(_outermost(found))
    kept = {id(s) for s in found}
    chains = [(s, sent) for s, sent in chains if id(s) in kept]
    continued = _continuations(text, found, quotes)
    found.extend(continued)
    # In reading order; a continuation shares its cue with the statement it
    # continues, so it sorts by its own words.
    later = {id(s) for s in continued}
    found.sort(key=lambda s: s.content.start if id(s) in later else min(s.cue.start, s.content.start))
    _reporting_chains(doc, chains, resolver)
    return found


def _person_names(doc) -> frozenset[str]:
    names = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            names.add(ent.text.lower())
            names.add(ent[-1].lower_)
    return frozenset(names)


def _segments(doc):
    """spaCy's sentences, cut at line breaks: headlines, bylines and
    paragraphs never share a sentence."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if "\n" in tok.text:
                if tok.i > start:
                    yield doc[start : tok.i]
                start = tok.i + 1
        if start < sent.end:
            yield doc[start : sent.end]


def _statement(doc, frame: cues.Frame, sent, quotes: QuoteIndex, resolver) -> ExtractedStatement | None:
    text = doc_text(doc)
    if (frame.content_start, frame.content_end) == cues.NEEDS_QUOTE:
        q = _adjacent_quote(doc, frame, sent, quotes)
        if q is not None:
            start, end = _trim_quote(q, text)
        else:
            start, end = _clause_before(doc, frame, sent)
    else:
        start, end = _widen_to_quote(frame.content_start, frame.content_end, quotes)
        end = _to_quote_end(start, end, quotes)
        line_start = text.rfind("\n", 0, sent.start_char) + 1
        line_end = text.find("\n", sent.end_char - 1)
        start, end = max(start, line_start), min(end, len(text) if line_end < 0 else line_end)
    if end <= start:
        return None
    start = _whole_sentence_before(text, frame, sent, start, end)
    content = Span(start, end, text[start:end])
    cue = Span(frame.cue_start, frame.cue_end, text[frame.cue_start : frame.cue_end])
    source = None
    if frame.source is not None:
        said = ((start, end),)
        own_start, own_end = _own_clause(frame)
        if start < own_start and own_end < end:  # "The key, says Lena Ortiz, is ...": the words around the source
            said = ((start, own_start), (own_end, end))
        source = resolver.source_span(frame.source, exclude=(*said, (cue.start, cue.end)), within=sent)
    via = None
    recipient = None
    if frame.according_to:
        kind = StatementKind.ACCORDING_TO
        via = outlets.outlet(resolver, frame.source, source)
        speaker = Speaker(name=via, kind="organization") if via else resolver.resolve(frame.source, source)
        if via:
            resolver.remember(source.start, speaker)
    else:
        kind = _kind(content, quotes)
        speaker = resolver.resolve(frame.source, source) if source is not None else None
        if speaker is None and frame.cue_class == "line" and source is not None:
            speaker = resolver.by_label(source.text)  # "WALLACE:" in a transcript
        if frame.recipient is not None:
            told = resolver.source_span(frame.recipient)
            via = outlets.outlet(resolver, frame.recipient, told)
            recipient = None if via else told.text
    statement = ExtractedStatement(kind, cue, content, source, speaker, via=via, recipient=recipient)
    if kind == StatementKind.DIRECT:
        statement.content_parts = _following_quotes(text, statement, quotes)
    _split_around_cue(text, statement)
    return statement


def _split_around_cue(text: str, statement: ExtractedStatement) -> None:
    """'which critics said was unfair', 'X, he said, Y': a content whose
    words surround the cue is two parts. ``content`` runs from the first
    part to the last, so a claim keeps its subject ("The key, says Buser, is
    the network"), unless the first part is a lone relative word;
    ``content_parts`` holds the words without the cue."""
    content, cue, source = statement.content, statement.cue, statement.source
    if not content.start < cue.start < content.end:
        return
    gap_start = min(cue.start, source.start) if source else cue.start
    gap_end = max(cue.end, source.end) if source else cue.end
    parts = []
    for a, b in ((content.start, gap_start), (gap_end, content.end)):
        while a < b and text[a] in " ,;:—–-\u00a0":
            a += 1
        while b > a and text[b - 1] in " ,;:—–-\u00a0":
            b -= 1
        if b > a:
            parts.append(Span(a, b, text[a:b]))
    if not parts:
        return
    if len(parts) > 1 and parts[0].text.lower() not in RELATIVE_WORDS:
        statement.content = Span(parts[0].start, parts[-1].end, text[parts[0].start : parts[-1].end])
    else:  # "which critics said was unfair": a lone relative word is no subject to keep
        statement.content = max(parts, key=lambda p: p.end - p.start)
    statement.content_parts = parts if len(parts) > 1 else []


def _following_quotes(text: str, statement: ExtractedStatement, quotes: QuoteIndex) -> list[Span]:
    """'“A,” he said. “B.” “C.”': B and C are the same speech in the same
    paragraph, split by the cue; stop at anything that is not a quote."""
    edge = max(statement.cue.end, statement.source.end if statement.source else 0, statement.content.end)
    para_end = text.find("\n", edge)
    para_end = len(text) if para_end < 0 else para_end
    parts = []
    for q in quotes.within(edge, para_end):
        gap = text[edge : q.open_mark]
        # '“A,” he said in an interview. “B.”': the rest of the cue's own sentence may
        # come between, once, if it quotes no one else.
        body = gap.rstrip()
        rest_of_sentence = (
            not parts and len(gap) <= MAX_NARRATION and body[-1:] in (".", ":") and not SENTENCE_END.search(body[:-1])
        )
        if q.open_mark < edge or (gap.strip(" ,.;:\u00a0—–-") and not rest_of_sentence):
            break
        start, end = _trim_quote(q, text)
        parts.append(Span(start, end, text[start:end]))
        edge = q.close_mark + 1
    return [statement.content, *parts] if parts else []


def _outermost(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """Drop statements reported inside another's content ("X noted Y said
    ..."): the outer statement already carries those words. A verbatim quote
    or an "according to" keeps its own attribution even there: the outer
    span was most likely cut too wide."""
    spans = sorted({(p.start, p.end) for s in found for p in (s.content_parts or [s.content])})

    def own(s):
        return {(p.start, p.end) for p in (s.content_parts or [s.content])}

    return [
        s
        for s in found
        if s.kind in (StatementKind.DIRECT, StatementKind.ACCORDING_TO)
        or not any(a <= s.cue.start and s.cue.end <= b for a, b in spans if (a, b) not in own(s))
    ]


def _relayed(found: list[ExtractedStatement]) -> list[ExtractedStatement]:
    """'“...,” the president-elect said, according to NBC News': the outlet
    relayed words whose speaker the text names inside them. The words are
    that speaker's, reached through the outlet; the outlet said nothing."""
    out = []
    for s in found:
        inner = []
        if s.kind == StatementKind.ACCORDING_TO and s.via:
            a, b = s.content.start, s.content.end
            inner = [
                t
                for t in found
                if t is not s
                and t.kind != StatementKind.ACCORDING_TO
                and t.source is not None
                and a <= t.cue.start < b
                and a <= t.source.start < b
            ]
        for t in inner:
            t.via = t.via or s.via
        if not inner:
            out.append(s)
    return out


def _own_clause(frame: cues.Frame) -> tuple[int, int]:
    """Characters of the cue and its subject."""
    start, end = frame.cue_start, frame.cue_end
    src = frame.source
    if src is not None:
        start = min(start, src.left_edge.idx)
        end = max(end, src.right_edge.idx + len(src.right_edge))
    return start, end


def _adjacent_quote(doc, frame: cues.Frame, sent, quotes: QuoteIndex):
    """The quote a content-less cue introduces or closes: one ending just
    before its clause ('“...,” Sexton said.') or starting just after it
    ('said: “...”', 'said, “...”'), in the same paragraph."""
    text = doc_text(doc)
    clause_start, clause_end = _own_clause(frame)
    for q in quotes.within(max(clause_start - 400, 0), clause_start):
        gap = text[q.close_mark : clause_start]
        if q.close_mark <= clause_start and len(gap) <= 4 and not gap.strip(" ,”\"'\u00a0—–-"):
            return q
    for q in quotes.within(clause_end, clause_end + 8):
        gap = text[clause_end : q.open_mark]
        if not gap.strip(" ,:\u00a0—–-") and "\n" not in gap:
            return q
    return None


def _whole_sentence_before(text: str, frame: cues.Frame, sent, start: int, end: int) -> int:
    """'A had told B, but C overruled it, the source added.': a cue and its
    source closing the sentence after a comma report all the words before
    them, not only the last clause the parse hung on the cue."""
    if frame.source is None or frame.according_to or start <= sent.start_char:
        return start
    clause_start, clause_end = _own_clause(frame)
    if text[clause_end : sent.end_char].strip(" .!?\u00a0") or text[end:clause_start].strip(" ,\u00a0"):
        return start
    before = text[sent.start_char : start].rstrip()
    if not re.search(r",\s*(?:but|and|yet|so)$", before, re.IGNORECASE):
        return start
    line_start = text.rfind("\n", 0, start) + 1
    return max(sent.start_char, line_start)


def _clause_before(doc, frame: cues.Frame, sent) -> tuple[int, int]:
    """'Those in debt struggle, he said.' parsed without a complement: when
    the cue is the sentence's main verb and it and its subject close the
    sentence after a comma, the words before them are the content."""
    text = doc_text(doc)
    if frame.verb is None or frame.source is None or frame.source.head.i != frame.verb.i:
        # (tokens are made afresh on each access: compare their positions, not the objects)
        return (0, 0)  # a subject borrowed from another verb says nothing about where this clause starts
    clause_start, clause_end = _own_clause(frame)
    if text[clause_end : sent.end_char].strip(" .!?\u00a0"):
        return (0, 0)
    if not text[sent.start_char : clause_start].rstrip().endswith(","):
        return (0, 0)
    start, end = sent.start_char, clause_start
    while end > start and text[end - 1] in " ,\u00a0":
        end -= 1
    return start, end


def _widen_to_quote(start: int, end: int, quotes: QuoteIndex) -> tuple[int, int]:
    """A content the parse cut short inside one quote is that whole quote."""
    q = quotes.at(start)
    if q is not None and q is quotes.at(max(end - 1, start)):
        return _trim_quote(q, quotes.text)
    return start, end


def _to_quote_end(start: int, end: int, quotes: QuoteIndex) -> int:
    """'said that she "would be incredible, but it doesn't mean I'd pick
    her."': a quote opened inside the content goes on to its closing mark,
    though the parse ended the clause at the comma."""
    q = quotes.at(max(end - 1, start))
    if q is not None and start <= q.open_mark and quotes.text[end : q.end].strip(" .,;:!?\u00a0"):
        return _trim_quote(q, quotes.text)[1]
    return end


def _trim_quote(q, text: str) -> tuple[int, int]:
    """The quoted words without edge spaces or the comma that hands over to
    the cue ('“We will not back down,” she said')."""
    start, end = q.start, q.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _kind(content: Span, quotes: QuoteIndex) -> str:
    body = COMPLEMENTIZER.sub("", content.text)
    offset = content.start + len(content.text) - len(body)
    inner = [q for q in quotes.within(content.start, content.end)]
    if not inner:
        return StatementKind.INDIRECT
    words = re.findall(r"\w+", body)
    quoted = sum(
        len(
            re.findall(
                r"\w+", content.text[max(q.start, offset) - content.start : min(q.end, content.end) - content.start]
            )
        )
        for q in inner
    )
    if words and quoted >= len(words):
        return StatementKind.DIRECT
    return StatementKind.MIXED if quoted >= 2 else StatementKind.INDIRECT


def _continuations(text: str, found: list[ExtractedStatement], quotes: QuoteIndex) -> list[ExtractedStatement]:
    """A paragraph that is only a quote, right after a paragraph whose last
    statement quoted someone (or announced the quote with a colon), goes on
    quoting that speaker."""
    out = []
    by_end = sorted(found, key=lambda s: max(s.content.end, s.cue.end))
    covered = [(min(s.cue.start, s.content.start), max(s.cue.end, s.content.end)) for s in found]
    for q in quotes.quotes:
        para_start = text.rfind("\n", 0, q.open_mark) + 1
        para_end = text.find("\n", q.close_mark)
        para_end = len(text) if para_end < 0 else para_end
        if text[para_start : q.open_mark].strip() or len(text[q.close_mark + 1 : para_end].strip()) > 1:
            continue  # the quote shares its paragraph with other words
        if any(a < q.end and q.start < b for a, b in covered):
            continue
        prev_para_end = para_start - 1
        while prev_para_end > 0 and text[prev_para_end - 1] in "\n \t\u00a0":
            prev_para_end -= 1
        prev_para_start = text.rfind("\n", 0, prev_para_end) + 1
        before = [s for s in by_end if prev_para_start <= s.cue.start < prev_para_end]
        if not before:
            continue
        last = before[-1]
        colon = text[last.cue.end : last.cue.end + 2].strip().startswith(":")
        if last.kind not in (StatementKind.DIRECT, StatementKind.MIXED) and not colon:
            continue
        start, end = _trim_quote(q, text)
        out.append(
            ExtractedStatement(
                StatementKind.DIRECT, last.cue, Span(start, end, text[start:end]), last.source, last.speaker, last.via
            )
        )
        # A quote paragraph whose words the body also carries is a pull quote set apart from it.
        pulled = statement_confidence.pull_quote(out[-1], text)
        out[-1].confidence = round(last.confidence * (0.3 if pulled else 1.0), 3)
        covered.append((q.start, q.end))
        by_end.append(out[-1])
    return out


def _reporting_chains(doc, chains: list[tuple[ExtractedStatement, object]], resolver: SpeakerResolver) -> None:
    """Carry an outlet to the statements it relayed.

    "X made the remarks ..., according to RT" and "X told AFP ..." open a
    chain: X's following statements came through that outlet, until someone
    else speaks or the text moves to another occasion ("last month", "at the
    time", a date)."""
    active: tuple[Speaker, str] | None = None
    for statement, sent in chains:
        reporter = _reported_speaker(doc, statement, sent, resolver)
        if reporter is not None:
            active = (reporter, statement.via)
            continue
        if statement.speaker is None:
            continue
        if statement.via:
            active = (statement.speaker, statement.via)
            continue
        if active is None or not _same(active[0], statement.speaker) or _time_shift(sent, statement):
            active = None
            continue
        statement.via = active[1]


def _reported_speaker(doc, statement: ExtractedStatement, sent, resolver: SpeakerResolver) -> Speaker | None:
    """For "according to <outlet>" whose content is someone making remarks,
    that someone."""
    if statement.kind != StatementKind.ACCORDING_TO or not statement.via:
        return None
    root = sent.root
    if root.lemma_.lower() not in outlets.REMARK_VERBS and not any(
        t.lemma_.lower() in outlets.REMARK_NOUNS for t in root.children if t.dep_ in ("dobj", "attr")
    ):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    speaker = resolver.resolve(subject, resolver.source_span(subject))
    return speaker if speaker is not None and speaker.kind != "unnamed" else None


def _same(a: Speaker, b: Speaker) -> bool:
    return a is b or (a.kind != "unnamed" and a.kind == b.kind and a.name == b.name)


def _time_shift(sent, statement: ExtractedStatement) -> bool:
    outside = [
        e
        for e in sent.ents
        if e.label_ in ("DATE", "TIME") and not statement.content.start <= e.start_char < statement.content.end
    ]
    return bool(outside) or bool(TIME_SHIFT.search(sent.text))
