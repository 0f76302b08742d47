"""Rows of results tables: "Bury 4 Bristol City 0", "Hull 4 2 2 0 4 2 8".

News wires print scores and standings as lines of names and figures. With
no sentence around them the model tags few of those names, yet the name that
heads a run of figures is a competitor: a club, team or firm (a person's row
names them with a given name or initials, which the model does tag). So a run
of capitalised words that nothing else has claimed, followed by a figure, on
a line made of little but names and figures, is taken as an organization.
"""

from __future__ import annotations

import re

from .mentions import Cand

# Lower-case words a results line may hold besides names and figures.
_CONNECTORS = {"v", "vs", "vs.", "at", "and"}
MIN_FIGURES = 2
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def is_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def organizations_in_rows(doc, cands: list[Cand]) -> list[Cand]:
    """The candidates plus one ORG per unclaimed row heading in table lines."""
    # Month names heading a row ("July 96 June 96") are dates, not clubs.
    owner = [False] * len(doc)
    for span in [*cands, *(e for e in doc.ents if e.label_ in ("DATE", "TIME"))]:
        for i in range(span.start, span.end):
            owner[i] = True
    dates = [False] * len(doc)
    for span in doc.ents:
        if span.label_ in ("DATE", "TIME"):
            for i in range(span.start, span.end):
                dates[i] = True
    for match in _ISO_DATE.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            dates[i] = True
    named_rows = {c.start for c in cands if c.label in ("ORG", "GPE", "LOC")}
    added: list[Cand] = []
    block: list[tuple[list[Cand], list[Cand], bool]] = []  # the run of table lines so far
    for start, end in _lines(doc):
        _persons_with_country(doc, cands, start, end)
        added.extend(_untagged_persons(doc, cands, start, end, owner))
        if _is_table_line(doc, start, end, dates):
            block.append((*_headings(doc, start, end, owner), start in named_rows))
        else:
            added.extend(_block_headings(block))
            block = []
    added.extend(_block_headings(block))
    if not added:
        return cands
    return sorted(cands + added, key=lambda c: c.start)


def _persons_with_country(doc, cands: list[Cand], start: int, end: int) -> None:
    """ "2. Claudia Mues ( Germany ) 18.80": in a results line, a name of two
    or more name-shaped words followed by a bracketed one- to three-word name
    (the competitor's country) is an athlete, whatever the model said. A
    line with no figure is prose, where "( Canada )" may follow a firm."""
    if not any(is_figure(t.text) for t in doc[start:end]):
        return
    for cand in cands:
        if cand.label != "ORG" or not start <= cand.start < end or cand.end - cand.start < 2:
            continue
        if not all(_name_shaped(t.text) for t in doc[cand.start : cand.end]):
            continue
        if _bracketed_name_at(doc, cand.end, end):
            cand.label = "PERSON"
            cand.origin = "results"


def _untagged_persons(doc, cands: list[Cand], start: int, end: int, owner: list[bool]) -> list[Cand]:
    """Names of two to four name-shaped words the model missed on a results line, where the line shows
    them as athletes: followed by a bracketed country as in ``_persons_with_country`` ("2 - Rodney Eyles (
    Australia ) beat ..."), or in the slot of a line-up that holds people elsewhere on the line ("14 -
    Jeff Wilson , 13 - Walter Little", numbered as two of the model's people there are)."""
    if not any(is_figure(t.text) for t in doc[start:end]):
        return []
    numbered = sum(
        1 for c in cands if c.label == "PERSON" and start <= c.start < end and _numbered(doc, c.start, start)
    )
    found = []
    i = start
    while i < end:
        j = i
        while j < end and not owner[j] and _name_shaped(doc[j].text) and "\n" not in doc[j].whitespace_:
            j += 1
        if j < end and not owner[j] and _name_shaped(doc[j].text) and j - i < 4:
            j += 1  # the last word of the line
        run = j - i
        if 2 <= run <= 4 and (i == start or not _name_shaped(doc[i - 1].text)) and not owner[i - 1 if i else i]:
            if _bracketed_name_at(doc, j, end) or (
                numbered >= 2 and _numbered(doc, i, start) and (j >= end or doc[j].text in (",", ";", "("))
            ):
                found.append(Cand(i, j, "PERSON", origin="results"))
                for k in range(i, j):
                    owner[k] = True
        i = max(j, i + 1)
    return found


def _numbered(doc, i: int, line_start: int) -> bool:
    """ "14 - Jeff Wilson": a figure and a dash before the name."""
    return i - 2 >= line_start and doc[i - 1].text == "-" and is_figure(doc[i - 2].text)


def _name_shaped(text: str) -> bool:
    # "Claus", "O'Neill", "Anne-Gaelle": a capital then a lower-case letter.
    return text[:1].isupper() and text[1:2].islower() and all(ch.isalpha() or ch in "'-’" for ch in text)


def _bracketed_name_at(doc, i: int, end: int) -> bool:
    if i >= end or doc[i].text != "(":
        return False
    j = i + 1
    while j < end and j - i <= 3 and doc[j].text != ")":
        if not doc[j].text[:1].isupper():
            return False
        j += 1
    if j - i == 2 and doc[i + 1].text.isupper() and len(doc[i + 1].text) >= 3 and doc[i + 1].text.isalpha():
        return False  # "Moro National Liberation Front ( MNLF )": an acronym, no country
    return j < end and doc[j].text == ")" and j > i + 1


def _lines(doc):
    start = 0
    for token in doc:
        if "\n" in token.text_with_ws:
            yield start, token.i + 1
            start = token.i + 1
    if start < len(doc):
        yield start, len(doc)


def _is_table_line(doc, start: int, end: int, dates: list[bool]) -> bool:
    """Names and figures only; the figures of a date do not count ("DUBLIN
    1996-08-30" is a dateline: its name is a place)."""
    figures = words = 0
    for token in doc[start:end]:
        text = token.text
        if is_figure(text):
            figures += not dates[token.i]
        elif token.is_alpha:
            if not text[:1].isupper() and token.lower_ not in _CONNECTORS:
                return False  # prose: a table row has no lower-case words
            words += 1
    return figures >= MIN_FIGURES and words >= 1


def _block_headings(block: list[tuple[list[Cand], list[Cand], bool]]) -> list[Cand]:
    """The headings of a run of consecutive table lines. A lone word the
    tagger takes for a common noun ("Sales 12.50") heads a row of a company's
    accounts, not a competitor, unless a line of the run names one by more than
    a word's shape: a row the model tagged a name, or a heading of two words
    ("Hull 4 2 2 0 4 2 8" above "Cambridge United 4 1 2 1 3 4 5"). A proper
    noun alone is no such proof: the tagger calls "Turnover" one. And the row
    must count in whole numbers, as a competition's do ("Sales 12.50" never)."""
    named = any(tagged or any(c.end - c.start > 1 for c in sure) for sure, _, tagged in block)
    return [c for sure, weak, _ in block for c in (sure + weak if named else sure)]


def _headings(doc, start: int, end: int, owner: list[bool]) -> tuple[list[Cand], list[Cand]]:
    """A line's row headings: those a name's shape shows, and lone words the tagger takes for common nouns."""
    sure, weak = [], []
    # A competition's row counts in whole numbers (goals, points, runs); accounts have decimals and thousands.
    counts = all(re.fullmatch(r"\d{1,3}", t.text) for t in doc[start:end] if is_figure(t.text))
    i = start
    while i < end:
        j = i
        while j < end and not owner[j] and doc[j].is_alpha and doc[j].text[:1].isupper():
            j += 1
        if j > i and j < end and is_figure(doc[j].text) and not _initial_before(doc, i):
            if j - i > 1 or doc[i].tag_ not in ("NN", "NNS"):
                sure.append(Cand(i, j, "ORG", origin="table"))
            elif counts:
                weak.append(Cand(i, j, "ORG", origin="table"))
        i = max(j, i + 1)
    return sure, weak


def _initial_before(doc, i: int) -> bool:
    # "A. Dale 69": a person's score, the initial tells.
    return i > 0 and len(doc[i - 1].text) == 2 and doc[i - 1].text[1] == "."
