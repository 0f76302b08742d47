"""Lines in capitals, where the model cannot see names by case, and the runs
of capitalised words no candidate covers, which storage matches against the
names the archive already knows."""

from __future__ import annotations

import re

from .mentions import Cand, covered
from .types import NameRun


def capitals_lines(doc) -> list[bool]:
    """For each token, whether its line is written in capitals (a wire
    headline, a results table), where the model cannot see names by case."""
    flags: list[bool] = []
    line: list[str] = []
    for token in doc:
        line.append(token.text)
        if "\n" in token.text_with_ws:
            flags.extend([_capitals(line)] * len(line))
            line = []
    flags.extend([_capitals(line)] * len(line))
    return flags


def _capitals(line: list[str]) -> bool:
    words = [w for w in line if w.isalpha()]
    return len(words) >= 2 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def unclaimed_runs(doc, cands: list[Cand], capitals: list[bool]) -> list[NameRun]:
    """Runs of capitalised words that no candidate covers: storage matches
    them against names the archive already knows, so "Rabobank" or a team in
    a standings line in capitals is found in an article where the model
    missed it. A lone capitalised word that starts a sentence or is a
    function word is left out (any word is capitalised there)."""
    owner = covered(cands, len(doc))
    runs: list[NameRun] = []
    i = 0
    n = len(doc)
    while i < n:
        if owner[i] is not None or not _run_word(doc[i]):
            i += 1
            continue
        j = i
        while j < n and owner[j] is None and _run_word(doc[j]) and "\n" not in doc[j].text:
            j += 1
            if "\n" in doc[j - 1].whitespace_ or j - i >= 6:
                break
        first = doc[i]
        lone_start = (
            j - i == 1
            and (first.is_sent_start or i == 0 or "\n" in doc[i - 1].text_with_ws)
            and (first.is_stop or first.tag_ != "NNP")
        )
        if not lone_start or capitals[i]:
            words = [(t.idx, t.idx + len(t.text)) for t in doc[i:j]]
            runs.append(NameRun(words[0][0], words[-1][1], words, shouted=capitals[i]))
        i = j
    return runs


def _run_word(token) -> bool:
    text = token.text
    if not text[:1].isupper():
        return False
    return token.is_alpha or bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z][\w.&'-]*", text))
