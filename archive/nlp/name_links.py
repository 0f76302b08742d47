"""Short forms linked to the fuller name they stand for: a surname, a given
name or an initialled form to a person named in full ("Bortnikov" after
"Alexander Bortnikov", "S. Waugh" for "Steve Waugh"), a one-word organization
to the longer name it ends or clips ("the Post", "the Fed")."""

from __future__ import annotations

from collections import Counter, defaultdict

from . import acronyms, confidence, mentions, spec_pages
from .mentions import Cand


def _full_person_names(doc, cands: list[Cand]) -> list[Cand]:
    # Initials count as given names ("D. Lehmann", then "Lehmann"), the surname must be a word.
    return [
        c
        for c in cands
        if c.label == "PERSON"
        and c.end - c.start >= 2
        and all(mentions.is_capitalised_word(t) or mentions.is_initial(t) for t in doc[c.start : c.end])
        and mentions.is_capitalised_word(doc[c.end - 1])
    ]


def surnames(doc, cands: list[Cand]) -> dict[tuple[str, ...], str]:
    keys = {}
    for c in _full_person_names(doc, cands):
        last = doc[c.end - 1]
        if len(last.text) >= 2:
            keys[(last.text,)] = "PERSON"
    return keys


def link_persons(doc, cands: list[Cand]) -> set[int]:
    """A mention whose words end a full person name ("Bortnikov" after
    "Alexander Bortnikov") or begin one as a PERSON ("Alexander") is that
    person: the nearest full name before it, else the first after. Returns
    the indices of the candidates linked this way."""
    _names_of_known_surnames(doc, cands)
    # "Obama White House" is no full name for "President Obama" to stand for.
    known = confidence.known_people(doc, cands)
    full = [(f, f.texts(doc)) for f in _full_person_names(doc, cands)]
    full = [(f, name) for f, name in full if not confidence.extends_person(list(name), known)]
    if not full:
        return set()
    for f, _ in full:
        f.subject = doc[f.end - 1].dep_ in ("nsubj", "nsubjpass")
    body_start = confidence.first_line_end(doc)
    spec_page = spec_pages.spec_page(doc)
    full_ids = {id(f) for f, _ in full}
    linked = set()
    for n, c in enumerate(cands):
        if c.refers is not None or id(c) in full_ids:
            continue
        words = c.texts(doc)
        if len(words) > 1 and c.label != "PERSON":
            continue  # "White House" does not end a person's name, whatever the model tagged
        matches = [(f, name) for f, name in full if _is_tail(words, name) or _initialled(words, name)]
        if not matches and len(words) == 1 and (c.label == "PERSON" or (c.label == "ORG" and not spec_page)):
            # A given name alone: the one person the body names with it (a
            # headline in title case makes "people" of any two words); also
            # a family name written first ("Wang" after "Wang Donghai"),
            # which the model often takes for a firm (not on a page of
            # specifications, whose "people" are often products: "Blister Pro").
            firsts = {name for f, name in full if name[0] == words[0] and f.start >= body_start}
            matches = [(f, name) for f, name in full if name in firsts] if len(firsts) == 1 else []
        if not matches:
            continue
        c.refers = _likeliest(matches, c.start)
        c.label = "PERSON"
        linked.add(n)
    return linked


def _likeliest(matches: list[tuple[Cand, tuple[str, ...]]], at: int) -> tuple[str, ...]:
    """Of several people sharing a surname, the one named in full most often
    so far (the article's subject: "Clinton" after "Hillary Clinton" three
    times and "Chelsea Clinton" once); on a tie the one the text makes the
    subject of a verb ("Alessandra Mussolini, granddaughter of Benito
    Mussolini, said"), then the nearest before; with none before, the first
    after."""
    before = [(f, name) for f, name in matches if f.start < at]
    if not before:
        return matches[0][1]
    counts = Counter(name for _, name in before)
    acting = {name for f, name in before if f.subject}
    nearest = {name: f.start for f, name in before}  # last start wins
    return max(counts, key=lambda name: (counts[name], name in acting, nearest[name]))


def link_org_tails(doc, cands: list[Cand]) -> None:
    """ "The Post" after "The New York Post": a one-word organization that ends
    exactly one longer organization name in the text is that organization.
    So is a longer name that ends one whose extra words are a place or an
    acronym the text names ("White Sox" and "the Chicago White Sox",
    "Security Council" and "U.N. Security Council"); a person's name before
    it ("the Carter White House") makes another body. A one-word organization that begins exactly one
    longer organization name is it too ("NationsBank" and "NationsBank Corp."). A clipped first word
    ("the Fed" and "the Federal Reserve") stands for the name it clips, the
    one the text names most where it clips several."""
    longer: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for c in cands:
        if c.label == "ORG" and c.end - c.start >= 2:
            longer[doc[c.end - 1].text].add(c.texts(doc))
    places = {c.texts(doc) for c in cands if c.label in ("GPE", "LOC", "NORP")}
    heads: dict[str, Counter] = defaultdict(Counter)
    firsts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for c in cands:
        if c.label == "ORG" and c.end - c.start >= 2:
            first = doc[c.start].text
            firsts[first].add(c.texts(doc))
            for n in range(3, len(first)):
                heads[first[:n]][c.texts(doc)] += 1
    for c in cands:
        if c.label != "ORG" or c.refers is not None:
            continue
        words = c.texts(doc)
        if len(words) >= 2:
            names = {
                name
                for name in longer.get(words[-1], ())
                if len(name) > len(words) and name[-len(words) :] == words and _qualifier(name[: -len(words)], places)
            }
            if len(names) == 1:
                c.refers = names.pop()
            continue
        if acronyms.is_acronym(words[0]):
            continue
        names = longer.get(words[0], set())
        if names:
            if len(names) == 1 and not _named_again(doc, cands, next(iter(names)), c.end):
                c.refers = next(iter(names))
            continue
        if len(firsts.get(words[0], ())) == 1:
            # "NationsBank" after "NationsBank Corp.": the first word of one longer organization name is it.
            c.refers = next(iter(firsts[words[0]]))
            continue
        clipped = heads.get(words[0])
        if clipped:
            (best, n), *rest = clipped.most_common(2)
            if not rest or rest[0][1] < n:
                c.refers = best


def _qualifier(words: tuple[str, ...], places: set[tuple[str, ...]]) -> bool:
    """Whether the words before a shorter organization name only say where or whose it is: a place the text
    names, or an acronym ("U.S.", "U.N.")."""
    return words in places or all(_abbreviation(w) for w in words)


def _abbreviation(word: str) -> bool:
    alpha = [ch for ch in word if ch.isalpha()]
    return len(alpha) >= 2 and all(ch.isupper() for ch in alpha)


def _named_again(doc, cands: list[Cand], name: tuple[str, ...], after: int) -> bool:
    """Whether the long form comes back after the short one: a writer who
    keeps writing "White House" after "the House" means two bodies; "the
    Post" after "The New York Post" stands for it to the end."""
    return any(c.start >= after and c.texts(doc) == name for c in cands)


def _names_of_known_surnames(doc, cands: list[Cand]) -> None:
    """The surname rule the other way round: "Wasim Akram" tagged ORG where
    "Akram" alone is tagged PERSON is a person's full name."""
    surnames = {c.texts(doc)[0] for c in cands if c.label == "PERSON" and c.end - c.start == 1}
    for c in cands:
        words = doc[c.start : c.end]
        if (
            c.label in ("ORG", "GPE", "LOC")
            and 2 <= len(words) <= 3
            and words[-1].text in surnames
            and all(mentions.is_capitalised_word(t) and not acronyms.is_acronym(t.text) for t in words)
        ):
            c.label = "PERSON"


def _initialled(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """ "S. Waugh" for "Steve Waugh": an initial and the same surname."""
    return (
        len(words) == 2
        and len(name) >= 2
        and len(words[0]) == 2
        and words[0][1] == "."
        and words[1] == name[-1]
        and name[0][:1] == words[0][0]
        and name[0] != words[0]
    )


def _is_tail(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return len(words) < len(name) and name[-len(words) :] == words
