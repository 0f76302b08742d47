"""What a text shows of the people it names, for speakers to resolve to them:
the full name a partial one stands for, and the gender he/she agrees with.

A person's gender is shown by the pronouns that follow the name where it is
the subject and the only person named: "Ford had outlined the book; he
struggled", "Matthesen found him. She wrote ...". One such pronoun may be
someone else's; the text shows a gender when it says so at least twice and
three times as often as the other one. Quoted words are left out (a speaker's
"he" is most often someone else). Nothing is read from names themselves.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

MALE = frozenset("he his himself".split())
FEMALE = frozenset("she her hers herself".split())
PRONOUN_DEPS = ("nsubj", "nsubjpass", "poss")


def genders(doc, sents, person_mentions, name_of, quoted) -> dict[str, str]:
    """{person name: "m" | "f"}; ``person_mentions`` are PERSON mentions in
    reading order, ``name_of`` maps one to its full name, ``quoted`` says
    whether a character offset is inside quoted words."""
    starts = [s.start_char for s in sents]
    named: dict[int, set[str]] = defaultdict(set)
    subjects: dict[int, dict[str, int]] = defaultdict(dict)  # sentence -> name -> first token as subject
    for m in person_mentions:
        k = bisect.bisect_right(starts, m.start) - 1
        name = name_of(m)
        named[k].add(name)
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and not quoted(m.start):
            subjects[k].setdefault(name, span.end)
    votes: dict[str, Counter] = defaultdict(Counter)
    for k, found in subjects.items():
        if len(named[k]) != 1:
            continue
        [(name, after)] = found.items()
        tokens = [t for t in sents[k] if t.i >= after]
        if k + 1 < len(sents) and not named.get(k + 1):
            tokens += list(sents[k + 1])
        for t in tokens:
            if t.dep_ in PRONOUN_DEPS and not quoted(t.idx):
                if t.lower_ in MALE:
                    votes[name]["m"] += 1
                elif t.lower_ in FEMALE:
                    votes[name]["f"] += 1
    out = {}
    for name, v in votes.items():
        for gender, other in (("m", "f"), ("f", "m")):
            if v[gender] >= 2 and v[gender] >= 3 * v[other]:
                out[name] = gender
    return out


def full_names(mentions) -> dict[str, str]:
    """Map partial person names to the longer name used before them: a name
    whose words end (or begin) another person's name the text is sure of is
    that person."""
    out: dict[str, str] = {}
    seen_full: list[list[str]] = []
    for m in mentions:
        if m.label != "PERSON":
            continue
        words = _name_words(m.entity)
        if m.entity in out:
            continue
        matches = {
            " ".join(full)
            for full in seen_full
            if len(full) > len(words) and (full[-len(words) :] == words or full[: len(words)] == words)
        }
        if len(matches) == 1:
            out[m.entity] = matches.pop()
        elif len(words) > 1 and m.confident:
            # An unsure name ("Donald Trump Advises", a headline in title case) is no full name to stand for.
            seen_full.append(words)
    return {k: v for k, v in out.items() if v != k}


def _name_words(name: str) -> list[str]:
    name = name.removesuffix("’s").removesuffix("'s")
    return name.split()
