"""The analysis stage: spaCy, then our entity layer, then attribution.

``ANALYZER_VERSION`` is stored on each analysed article; bump it whenever a
change here would change the output, so ``manage.py analyze`` redoes them.

With several processes each worker runs spaCy *and* our layers and sends
back only the plain-data ``TextAnalysis``: shipping spaCy Docs back to the
parent (what ``nlp.pipe(n_process=...)`` does) costs more than our layers do,
and would leave the layers running on one core.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from . import entities, model, statements
from .types import TextAnalysis

logger = logging.getLogger(__name__)

# 4: acronyms filed as a person join their organization; brand-shaped words are no person (issue 13).
# 5: products on pages of specifications and headings of common nouns are unsure; teams and firms the
#    model calls people are organizations; "Name Surname:" lines name people; datelines are no
#    results rows (issue 13).
# 7: organizations are listed only where the text shows them as one (a kind in the name, owning, acting,
#    "at"/"for", "companies like"), never examples of things or events; kind words, firm words, product models
#    and brands qualifying a noun are no people; "Town, ST" is a place; lines of one "Name Surname:" layout
#    name people; initials are given names ("D. Lehmann", then "Lehmann", goes by the surname); a place's
#    "Police" or "University" after it is an organization (issue 13).
# 8: a side in sport named by its place is an organization apart from the place ("France beat Mexico"), and
#    "Seattle" beside "Seattle Mariners" is the club (sides.py, issue 13).
# 9: a page is about sport only with a word only sport uses or a result's score; copulas, a place's own
#    officials, "left for" and datelines of any agency are no sides; an outlet is no club (review 1-4).
# 10: organization and person evidence without words fitted to the dev pages: body words end a name only
#    before "of", club endings and result or price verbs count only on sports or markets pages, "at X"
#    needs someone working there, state codes must be real, "partner" needs "his"/"her" (review 5, 9-11).
# 11: a club is one entity with its side whichever page came first; an organization name's end after a place
#    or abbreviation ("White Sox", "Security Council") and a clipped first word ("Fed", the name it clips
#    that the text names most) join the longer name (issue 13).
# 12: one-word "people" heading a score on a sports page's results line, or taking a plural verb or "their",
#     are teams; athletes the model missed on results lines are people; an acronym in brackets is no country
#     (issue 13).
# 13: a club named in full on one page and by its place in another's table is one entity (store.py).
# 14: acronyms defined before their long form in brackets, or from another language's word order (acronyms.py).
# 15: a one-word organization that begins exactly one longer organization name of the text is it (name_links.py).
# 16: a lone word the model missed that begins one organization's name in the text is it ("Real") (store.py).
# 17: a department in full ("Treasury Department") is the organization of its short name ("Treasury") (store.py).
# 18: a body's name and its singular in one text ("All Blacks", "an All Black forward") are one entity.
# 19: "CEO at X" (a place's name too) and owning "its" things make firms; "Obama White House" is the White
#     House; a hall "of" something is no place; an acronym of a name in the text that is no organization is
#     none; a pronoun in a sentence naming a person makes no person of another name there; a word the model
#     left out that is "told" things or has staff, and a "person" before "magazine", are organizations
#     (issue 13).
# 20: statements carry a confidence; acts, negated objects, judged people and act nouns are no statements;
#     he/she agree in gender and stop at a nearer named subject (issue 14).
# 21: a hyphenated one-word name ("Boutros-Ghali", three tokens) is read as one word when the text may speak
#     of it as a person (personhood.as_person), as an unhyphenated one is (merge of issue 13 and 14 work).
# 22: a sports side named after a town, county or state that heads a score or stands in a result or fixture
#     is labelled an organization (a club); a country's side keeps its place label; a lone word tagged a
#     common noun heads a table row that counts in whole numbers beside a row the model or two words name
#     (issue 13); a name right after a noun of its kind ("Belgian club Standard Liege") is an organization.
# 23: a negated cue verb ("did not say", "never recommends") and a verb of thought in a conditional or relative
#     clause or a first impression are no confident statements (issue 14).
# 24: text in a language the model does not read (the article's declared language) gives no confident
#     mention and no role or statement: listed nowhere, still searchable (issue 13, 14).
# 25: a name tagged a place but once a firm, acting as one and never "in", is an organization; on a sports page a
#     place or left-out word before a role in a team ("Idaho defensive coordinator", "the Grizzlies’ coach") is the
#     team, and a name before "champ" a side; the outlet's own name, owning or told things, is it; a firm word
#     inside a name ("Orion Labs Onyx") ends the firm; a "Name Surname:" line going on as the confirmed ones do
#     names a person, and so does a name signing a sentence after a dash; the one firm a sentence then calls
#     "the company" is one (issue 13).
# 26: whole-archive identity: a page written in another language (its common words, whatever it declares)
#     is sure of no name; lone-word persons need a title, kin or he/she somewhere, or one sure article; a
#     surname shared by several people is the dominant one; "Trump administration" is the person; an acronym
#     joins only a long form some text was sure of, and one filed apart is absorbed later (issue 13).
# 27: a clause closed by its cue after a comma is the content ("..., she said"); of two subjects the nearer speaks;
#     no time adjunct as content, a quote opened in the content runs to its end, an outlet relaying a named
#     speaker is no speaker; supposed or momentary thoughts and judged states of things are not confident;
#     a person's gender is what most he/she after their name say (referents.py), and he/she goes to a person
#     of that gender named just before; "let's say", "without saying", a wished or "whether" clause and a heading
#     in capitals give no statement; a cue closing its sentence reports all the clauses before it; a subjectless
#     clause hung on the cue across another clause is no content; a thing (not a person) that "tells", the one
#     emailed and a thought asked about ("Asked if he believed") are unsure.
# 28: the sports-side rules stop at the sentence's root (a Token compared by position, not identity).
# 29: shops, dateline agencies, names roles or titles introduce, outlets written for; no devices, contests, state codes.
# 30: more shapes of saying (cue_shapes.py), split transcript turns, pronoun and echo speakers (issue 14).
ANALYZER_VERSION = 30

_worker_nlp = None  # the pipeline of a worker process


def analyze_doc(doc) -> TextAnalysis:
    mentions, clusters, unclaimed = entities.extract(doc)
    found = statements.extract(doc, clusters)
    return TextAnalysis(entities=mentions, clusters=clusters, statements=found, unclaimed=unclaimed)


def analyze_texts(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[TextAnalysis]:
    """Analyses in the order of ``texts``; ``n_process`` -1 means one per core."""
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process <= 1:
        nlp = model.load()
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield analyze_doc(doc)
        return
    yield from _analyze_in_workers(texts, batch_size, n_process)


def analyze_text(text: str) -> TextAnalysis:
    return next(analyze_texts([text]))


def analyze_texts_apart(texts: list[str], batch_size: int = 32, n_process: int = 1) -> Iterator[TextAnalysis | None]:
    """As ``analyze_texts``, but a text whose analysis raises gives None (and a logged traceback) while the texts
    after it are still analysed: one page the rules cannot read must not stop the analysis of a whole import.
    The batch runs at full speed; only after a failure are the texts left analysed one at a time."""
    done = 0
    try:
        for analysis in analyze_texts(texts, batch_size=batch_size, n_process=n_process):
            yield analysis
            done += 1
        return
    except Exception:
        pass  # which text failed is known only when they are analysed one at a time, below
    for text in texts[done:]:
        try:
            analysis = analyze_text(text)
        except Exception:
            logger.exception("analysis failed on a text of %d characters", len(text))
            analysis = None
        yield analysis


def _analyze_in_workers(texts: Iterable[str], batch_size: int, n_process: int) -> Iterator[TextAnalysis]:
    name = model.model_name()  # resolved here: a spawned worker has no Django settings
    # Loaded here once, forked workers inherit it instead of each loading it
    # again for every call (callers analyse in chunks).
    model.load(name)
    batches = _batches(texts, batch_size)
    with multiprocessing.get_context().Pool(n_process, initializer=_init_worker, initargs=(name,)) as pool:
        # At most two batches per worker in flight, so a long iterable (every
        # article in the database) is never read into memory at once.
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_analyze_batch, (batch,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(texts)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def _init_worker(name: str) -> None:
    global _worker_nlp
    _worker_nlp = model.load(name)


def _analyze_batch(batch: list[str]) -> list[TextAnalysis]:
    return [analyze_doc(doc) for doc in _worker_nlp.pipe(batch, batch_size=len(batch))]
