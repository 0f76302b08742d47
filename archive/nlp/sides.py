"""Places that stand for teams: "France beat Mexico 2-0", "England captain".

Sports pages name national and city sides by their place, and the model
tags those names as places. The text says otherwise where it treats the
place as a competitor. In a text about sport (see ``is_sport``), a place
name is a team when one of its mentions

- does something: the subject of a verb ("Australia won the toss",
  "Belgium kicked off their campaign"), or the object of a result
  ("Sri Lanka beat Australia");
- is played against or for: after "against", "v", "versus", "between",
  "for" or "over" ("homered for Seattle", "victory over Gloucester"), or
  after a result verb's preposition ("drew 2-2 with Brazil");
- owns or qualifies something that is not a place or person ("England 's
  unbeaten run", "the new England captain");
- heads a score or a line-up: a figure right after it ("Australia 228-9",
  "NEW YORK 74 59"; not a scorecard's "b Chandana 56", the batsman's runs),
  or a dash or colon then a figure or a name at the start of a line
  ("Belgium - 1 - Filip De Wilde", "Scotland : Andrew Goram").

A mention on a dateline ("BRUSSELS 1996-08-31", "PARIS (AP) —") is no
evidence: the parser makes it the subject of the first sentence. Nor is a
copula's subject ("Tokyo is the capital"), the place's own people or parts
("Brazil's president"), or "for"/"over" without a word of play ("left for
Spain"). The page must be about sport: a word only sport uses ("soccer",
"innings") and another sport word; everyday ones ("season", "penalty")
only back it up. An organization competes only by a result or a score,
and a news outlet never ("the Boston Globe reported").

What one mention shows holds for every mention of that name in the text
(one name, one kind per document), so "England" in "BIRMINGHAM , England"
above "England beat Pakistan" is the team's page too. A place the text only
locates things in ("the finals in France") stays a place. The team is an
organization of its own, never the place's entity (see
``EntityQuerySet.resolve``). A country's side keeps the place label in the
analysis, as a named-entity tagger's gold has it ("France beat Mexico" is
two places); a side named after a town, county or state is a club and is
labelled an organization ("Essex 372", "FLORIDA AT CINCINNATI").
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from . import outlets
from .mentions import Cand
from .organizations import EVENT_NOUNS

# Words (lemmas, lower case) that only writing about sport uses: a page about sport has one of them.
SPORT_ONLY_WORDS = frozenset(
    """soccer football cricket tennis rugby baseball basketball hockey golf goalkeeper innings inning wicket
    halftime half-time midfielder semifinal semi-final quarterfinal quarter-final qualifier pitcher umpire
    batsman bowler homer touchdown playoff""".split()
)
# Words sport uses often and other writing too ("the election season", "the death penalty", "a league of
# nations"): they only back a sport-only word up.
SPORT_WORDS = SPORT_ONLY_WORDS | frozenset(
    """league cup championship tournament coach goal striker defender captain penalty stadium squad referee
    match season medal seed lineup scorer fixture champion friendly standings""".split()
)
MIN_SPORT_WORDS = 2  # distinct ones, a sport-only one among them
# Verbs whose object is a competitor as much as their subject.
RESULT_VERBS = frozenset(
    "beat defeat thrash rout edge overcome overwhelm crush down outplay hold face meet play draw lose win".split()
)
AGAINST = frozenset({"against", "v", "v.", "vs", "vs.", "versus", "between"})
_PLACE = ("GPE", "LOC")
_SCORE = re.compile(r"(?<![\d-])\d{1,3} ?[-–] ?\d{1,3}(?![\d-])")  # "4-3" (the tokenizer cuts it in three)
_ISO_DATE = re.compile(r"\b\d{4} ?- ?\d{2} ?- ?\d{2}\b")
# What may follow a dateline's place up to its end: more names and a date ("Sept 1", "Aug. 31, 1996"),
# then an agency in brackets or a long dash.
_DATELINE_END = re.compile(
    r"^(?:\s*,?\s*[A-Z][\w.'-]*)*(?:\s*,?\s*\d{1,2}\b(?:\s*,\s*\d{4})?)?\s*(?:\([A-Za-z][\w .&-]*\)|—|--)"
)
# "for Seattle", "victory over Gloucester": who a player scores for or a side wins over, after a word of
# playing or scoring ("left for Spain", "talks over Syria" are no play).
FOR_OVER = frozenset({"for", "over"})
PLAY_WORDS = frozenset(
    """score play win beat hit homer goal victory win triumph appear start debut cap strike pitch bat bowl
    run lead""".split()
)
# What a place's name qualifies when it is the place, not a side: its people, officials and parts
# ("Brazil's president", "the Tokyo police", "Spain's capital").
NOT_OF_A_SIDE = frozenset(
    """president minister prime premier leader government official officials authority authorities people
    citizen resident voter police army military embassy ambassador parliament senate congress court
    economy capital city town border coast region province state territory king queen governor mayor
    senator chancellor spokesman spokeswoman diplomat envoy population president-elect""".split()
)


# Names a country goes by beside the ones CLDR gives (through Babel): the United Kingdom's nations field
# sides of their own, and older or shorter forms still name countries in news text.
COUNTRY_NAMES_BESIDE_CLDR = frozenset(
    {"england", "scotland", "wales", "northern ireland", "britain", "great britain", "u.s.", "us", "usa"}
    | {"holland", "czech republic", "ivory coast", "macedonia", "yugoslavia", "zaire", "turkey"}
    | {"republic of ireland"}
)


@cache
def _country_names() -> frozenset[str]:
    names = set(COUNTRY_NAMES_BESIDE_CLDR)
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha():  # countries; numeric codes are continents and regions
            name = re.sub(r"\s*\(.*\)", "", name).replace("&", "and").replace("St.", "Saint")
            names.add(name.lower())
    return frozenset(names)


def is_country(name: str) -> bool:
    """ "Mexico", "MOLDOVA", "England": the name of a country (or one of the
    United Kingdom's nations), not of a town, county or state."""
    return " ".join(name.split()).lower() in _country_names()


def is_sport(doc) -> bool:
    """A word only sport uses and another sport word, or one sport word and
    a result with its score ("Seattle beat Texas 4-3 in the American League").
    Read once per text: every organization of the page asks."""
    if "is_sport" not in doc.user_data:
        doc.user_data["is_sport"] = _reads_as_sport(doc)
    return doc.user_data["is_sport"]


def _reads_as_sport(doc) -> bool:
    seen = {t.lemma_.lower() for t in doc if t.is_alpha} | {t.lower_ for t in doc if t.is_alpha}
    seen &= SPORT_WORDS
    if seen & SPORT_ONLY_WORDS and len(seen) >= MIN_SPORT_WORDS:
        return True
    return bool(seen) and any(_scored(doc, t) for t in doc if t.lemma_.lower() in RESULT_VERBS)


def _scored(doc, verb) -> bool:
    return bool(_SCORE.search(doc[verb.i + 1 : verb.i + 8].text))


def label_place_teams(doc, cands: list[Cand]) -> None:
    """Every mention of a place or organization name the text uses as a
    competitor gets origin "side": its cluster is a team (storage files it
    under an organization), while the mention keeps the label the name has
    as a word, a place's (CoNLL tags "France" in "France beat Mexico" LOC)."""
    sides = [c for c in cands if c.label in (*_PLACE, "ORG")]
    if not sides or not is_sport(doc):
        return
    owner: dict[int, Cand] = {i: c for c in cands for i in range(c.start, c.end)}
    # The model's organizations count too: "the Brazil squad" tagged ORG is no more the country than
    # "Brazil" tagged a place. But an organization does things of every kind ("the Boston Globe
    # reported"): only a result or a score shows it competes, and an outlet never does.
    # "in the Las Vegas Bowl": a contest's name is where sides meet, none of them.
    teams = {c.texts(doc) for c in sides if _competes(doc, c, owner) and doc[c.end - 1].lower_ not in EVENT_NOUNS}
    for c in cands:
        if c.label in (*_PLACE, "ORG") and c.texts(doc) in teams and c.origin not in ("team", "table", "context"):
            c.origin = "side"  # the origin a team, table row or context gave it weighs its label
    _label_clubs(doc, cands, owner)


def _label_clubs(doc, cands: list[Cand], owner: dict[int, Cand]) -> None:
    """A side named after a town, county or state is a club, an organization
    ("Essex 372", "June 14-16 v Somerset", "Kent beat Surrey"); a country's
    side keeps its place label. Only a mention that itself heads a score or
    stands in a result or a fixture is relabelled: the same town is a place
    in "In Montreal , ..." on the same page, and a name that ends a person's
    ("MaliVai Washington") is the person's."""
    surnames = {doc[c.end - 1].text for c in cands if c.label == "PERSON" and c.end - c.start >= 2}
    # "Boston" beside "the Boston Globe": as an organization the town's name would read as the paper's short form.
    org_heads = {c.texts(doc)[:n] for c in cands if c.label == "ORG" for n in range(1, c.end - c.start)}
    for c in cands:
        if c.origin != "side" or c.label not in _PLACE or doc[c.end - 1].text in surnames:
            continue
        if c.texts(doc) in org_heads:
            continue
        if is_country(" ".join(c.texts(doc))):
            continue
        if _heads_score(doc, c, owner) or _result_beside(doc, c) or _in_fixture(doc, c):
            c.label = "ORG"


def _in_fixture(doc, c: Cand) -> bool:
    """ "v Somerset", "against Kent", "beat Kent": played against, or a result's object."""
    token = _role_token(doc, c)
    if token.dep_ == "dobj" and token.head.lemma_.lower() in RESULT_VERBS:
        return True
    return c.start > 0 and doc[c.start - 1].lower_ in AGAINST


def _competes(doc, c: Cand, owner: dict[int, Cand]) -> bool:
    if _on_dateline(doc, c):
        return False  # "BRUSSELS 1996-08-31" is parsed as the subject of the first sentence
    if c.label == "ORG":
        if outlets.is_outlet_name(" ".join(c.texts(doc))):
            return False  # "the Boston Globe reported": a newspaper, whatever it does
        return _result_beside(doc, c) or _heads_score(doc, c, owner) or _acts(doc, c, result_only=True)
    return _acts(doc, c) or _result_beside(doc, c) or _heads_score(doc, c, owner) or _qualifies(doc, c, owner)


def _result_beside(doc, c: Cand) -> bool:
    """ "Belgium beat Turkey", "beat Australia": a result verb beside the name,
    whatever the parse made of a sentence run on from the dateline."""
    near = [doc[c.end]] if c.end < len(doc) else []
    near += [doc[c.start - 1]] if c.start > 0 else []
    return any(t.lemma_.lower() in RESULT_VERBS and t.tag_ in ("VBD", "VBZ", "VBP", "VBN") for t in near)


def _role_token(doc, c: Cand):
    """The span's syntactic head, and where a list ("England and Pakistan")
    puts it, its first member."""
    token = doc[c.end - 1]
    while token.dep_ == "conj" and token.head.i != token.i:  # (spaCy makes a new Token on each access)
        token = token.head
    return token


def _acts(doc, c: Cand, result_only: bool = False) -> bool:
    """The subject of a verb that is no copula ("Australia won the toss",
    not "Tokyo is the capital"), the object of a result, or who a side plays
    against or for. ``result_only``: a subject counts only of a result."""
    token = _role_token(doc, c)
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() != "be":
        return not result_only or head.lemma_.lower() in RESULT_VERBS
    if token.dep_ == "dobj" and head.lemma_.lower() in RESULT_VERBS:
        return True
    if token.dep_ != "pobj":
        return False
    # "against England"; "drew 2-2 with Brazil", "lost to Kent"; "homered for Seattle".
    if head.lower_ in AGAINST or head.head.lemma_.lower() in RESULT_VERBS:
        return True
    return head.lower_ in FOR_OVER and _played(head.head)


def _heads_score(doc, c: Cand, owner: dict[int, Cand]) -> bool:
    if c.end >= len(doc) or "\n" in doc[c.end - 1].whitespace_:
        return False
    after = doc[c.end]
    if _figure(after.text):
        # Not a scorecard's "c Vaas b Chandana 56": there the figure is the batsman's, the name a bowler's.
        return c.start == 0 or not (doc[c.start - 1].is_alpha and doc[c.start - 1].text.islower())
    if after.text not in ("-", ":", "–") or not _opens_line(doc, c.start) or c.end + 1 >= len(doc):
        return False
    then = doc[c.end + 1]
    named = owner.get(then.i)
    # "Belgium - Marc Degryse ( 13th )": a name the model may not have tagged, capitalised.
    return _figure(then.text) or (
        then.is_alpha and then.text[:1].isupper() and (named is None or named.label == "PERSON")
    )


def _played(word) -> bool:
    """ "homered for", "victory over", "his 38th homer of the season for":
    a word of play among the words the preposition hangs from, up to their
    verb, or that verb's object ("hit his 38th homer"); "left for" is none."""
    for _ in range(6):
        lemma = word.lemma_.lower()
        if lemma in PLAY_WORDS or word.lower_ in PLAY_WORDS:
            return True
        if word.pos_ in ("VERB", "AUX") or word.head.i == word.i:  # the root: its head is itself
            return any(child.dep_ == "dobj" and child.lemma_.lower() in PLAY_WORDS for child in word.children)
        word = word.head
    return False


def _qualifies(doc, c: Cand, owner: dict[int, Cand]) -> bool:
    """ "England 's unbeaten run", "England captain": the place owns or
    names a kind of something that is no person or place of the text, nor
    the place's own people or parts ("Brazil's president")."""
    token = doc[c.end - 1]
    if token.dep_ not in ("poss", "compound") or token.head.i < c.end:
        return False
    head = token.head
    if head.i in owner or not head.is_alpha or not head.text.islower():
        return False
    return head.pos_ == "NOUN" and head.lemma_.lower() not in NOT_OF_A_SIDE and head.lower_ not in NOT_OF_A_SIDE


def _figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def _opens_line(doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].whitespace_ or "\n" in doc[i - 1].text


def _on_dateline(doc, c: Cand) -> bool:
    """A line that opens with the place the story is told from: "BIRMINGHAM ,
    England 1996-08-31", "PARIS, Sept 1 (Reuters) -", "LYON, France (AP) —",
    "MADRID — Spain beat ...". Before the name only capitalised words and
    commas; after it, on the same line, a date, an agency in brackets or a
    long dash, with nothing but names, commas and the date between."""
    start = c.start
    while start > 0 and not _opens_line(doc, start):
        start -= 1
        if c.start - start > 4 or not (doc[start].text == "," or doc[start].text[:1].isupper()):
            return False
    end = c.end
    while end < len(doc) and "\n" not in doc[end].text and end - c.end < 12:
        end += 1
    rest = doc[c.end : end].text
    if _ISO_DATE.search(rest):
        return True  # the tokenizer cuts the date into five tokens
    return bool(_DATELINE_END.match(rest))
