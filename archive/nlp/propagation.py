"""Names the model tagged somewhere, found where it missed them: "FSB" in
"Russia’s FSB", a surname after the full name, a team or firm in a headline in
capitals."""

from __future__ import annotations

from .acronyms import is_acronym
from .mentions import UNKNOWN, Cand, covered, is_capitalised_word


def propagate(doc, cands: list[Cand], person_names: dict[tuple[str, ...], str], capitals: list[bool]) -> list[Cand]:
    """Find the names the model tagged somewhere in the text where it missed
    them elsewhere: "FSB" in "Russia’s FSB", a surname after the full name, a
    team or firm in an all-capitals headline. ``person_names`` maps extra
    token sequences (surnames of people named in full) to PERSON."""
    names: dict[tuple[str, ...], str] = {}
    for cand in cands:
        if cand.label != UNKNOWN and _propagatable(doc[cand.start : cand.end]):
            names.setdefault(cand.texts(doc), cand.label)
    for key, label in person_names.items():
        names.setdefault(key, label)
    if not names:
        return cands
    upper_names: dict[tuple[str, ...], str] = {}
    for key, label in names.items():
        if not all(is_acronym(w) or not w.isalpha() for w in key):
            upper_names.setdefault(tuple(w.upper() for w in key), label)
    # Names by their first word, longest first, so each token costs one look-up.
    by_first: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for key, label in names.items():
        by_first.setdefault(key[0], []).append((key, label, False))
    for key, label in upper_names.items():
        by_first.setdefault(key[0], []).append((key, label, True))
    for options in by_first.values():
        options.sort(key=lambda option: -len(option[0]))
    words = [t.text for t in doc]
    owner = covered(cands, len(doc))
    added: list[Cand] = []
    i = 0
    while i < len(words):
        size = 0
        if owner[i] is None and words[i] in by_first:
            for key, label, upper in by_first[words[i]]:
                end = i + len(key)
                if tuple(words[i:end]) != key or any(owner[j] is not None or "\n" in words[j] for j in range(i, end)):
                    continue
                start = i
                if label == "PERSON" and not upper and len(key) == 1:
                    start = _given_names(doc, i, owner)
                if (capitals[i] and upper) or (not upper and _free_edges(doc, start, end, owner)):
                    size = len(key)
                    added.append(Cand(start, end, label, origin="propagated"))
                    break
        i += size or 1
    return sorted(cands + added, key=lambda c: c.start)


def _propagatable(span) -> bool:
    text = span.text
    if len(text) < 2 or not text[:1].isupper():
        return False
    # A lone capitalised function word ("The", "It") is not a name to spread.
    return not (len(span) == 1 and span[0].is_stop)


def _given_names(doc, i: int, owner) -> int:
    """Where a person's name starts that ends in the known surname at i:
    "Pete Sampras" once "Sampras" is known to be a person."""
    start = i
    while start > 0 and i - start < 2:
        prev = doc[start - 1]
        if owner[start - 1] is not None or not is_capitalised_word(prev) or prev.is_stop or prev.tag_ != "NNP":
            break
        if "\n" in prev.whitespace_:
            break
        start -= 1
    return start


def _free_edges(doc, start: int, end: int, owner) -> bool:
    # A match inside a longer run of capitalised words ("State" in "Islamic
    # State Party") is part of another name; a neighbour that is itself a
    # mention, or starts a sentence, does not count.
    if start > 0:
        prev = doc[start - 1]
        if is_capitalised_word(prev) and owner[start - 1] is None and not prev.is_sent_start:
            return False
    if end < len(doc):
        nxt = doc[end]
        if is_capitalised_word(nxt) and owner[end] is None:
            return False
    return True
