"""Whether a text gives positive evidence that a name is an organization.

The small model tags as ORG almost any capitalised name it does not know:
software, gadgets, features, headings, invented places. Refusing the wrong
ones one by one (``confidence.py``) cannot keep up, so a name the model calls
an organization fills the indexes only when the text shows it as one, by
general signs of how news write about organizations:

- its name says what kind of body it is ("Southwest Airlines", "OTRS Group",
  "Carnegie Mellon University", "Rock and Roll Hall of Fame"), or it is
  written as an acronym ("NFL", "NBC News");
- it owns something ("Amazon's Alexa", "Hyundai's luxury brand");
- people work, study or speak "at" it ("a researcher at Kaiser"), or for
  it ("a spokesman for Rossignol");
- it is the subject of a verb of speech or of what firms do ("American
  Airlines announced", "Rolling Stone ranked"), or is spoken to ("told
  Rolling Stone", "talks to HelloGiggles");
- it qualifies a noun of its members or of its kind ("NASA scientists",
  "Spin magazine", "the BackStoppers organization"), or names the post of a
  person after it ("Verizon CEO Lowell McAdam");
- it does things by a passive ("approved by the Senate"), people write for it
  ("a critic for Pitchfork"), the text buys things there ("$45 at ASOS",
  sellers.py) or gives it as a dateline's agency ("ST. LOUIS (KTVI) –",
  datelines.py);
- the text lists it as one of a kind of organization ("companies like Nest
  and Haiku", "startups such as Zipline") or describes it as one ("Genesis
  (Hyundai's luxury brand)", "BackStoppers, a charity").

A name without any of these (a list item "MySQL, SQLite", a heading "User
Federation", "in Markdown") keeps its mentions for search but is not listed.
"""

from __future__ import annotations

from . import cues, datelines, outlets, sellers
from .acronyms import is_acronym
from .team_roles import ROLE_QUALIFIERS, TEAM_ROLES

# Nouns that say a name is of an organization when they end it, or head it before "of".
ORG_NOUNS = {
    "academy", "administration", "agency", "airline", "airlines", "airways", "alliance", "army", "assembly",
    "association", "authority", "band", "bank", "board", "brigade", "bureau", "cabinet", "center", "centre",
    "church", "clinic", "club", "co", "coalition", "college", "commission", "committee", "company", "congress",
    "corp", "corporation", "council", "court", "department", "division", "federation", "firm", "force",
    "forces", "foundation", "front", "fund", "gazette", "group", "guard", "hall", "herald", "holdings",
    "hospital", "house", "inc", "industries", "institute", "institution", "journal", "lab", "laboratories",
    "labs", "league", "llc", "ltd", "magazine", "media", "ministry", "motors", "movement", "museum", "navy",
    "network", "news", "office", "organisation", "organization", "parliament", "partners", "party", "plc",
    "police", "post", "press", "railways", "records", "regiment", "school", "senate", "service", "services",
    "society", "state", "studio", "studios", "systems", "team", "technologies", "times", "tribune", "trust",
    "union", "university", "exchange", "nations", "pharmaceuticals", "bros",
}  # fmt: skip
# Words that head a body's name before "of" ("House of Commons", "City of London") but end as many places,
# streets and buildings ("Kansas City", "Orange County", "Charing Cross", "Carnegie Hall") as bodies.
PLACE_ENDINGS = {"city", "county", "state", "house", "hall", "post", "cross"}
ORG_NOUNS |= PLACE_ENDINGS
# Last words of clubs' names ("Queens Park Rangers", "Leeds United", a college's "Iowa State"), which are
# places' and things' names too off a sports page ("United", "State" end many a firm's or a place's name).
CLUB_ENDINGS = {"fc", "rangers", "united", "athletic", "rovers", "wanderers", "albion", "state"}

# Verbs of what organizations do, besides speech, whose subject the text treats as one.
ACTION_VERBS = {
    "acquire", "announce", "ban", "buy", "cancel", "charge", "confirm", "deny", "employ", "file", "fine", "fire",
    "hire", "invest", "launch", "order", "own", "partner", "plan", "publish", "raise", "rank", "recall", "release",
    "report", "sell", "sign", "sue", "suggest", "suspend", "warn", "talk", "speak", "write",
    "agree", "approve", "reject", "vote", "decide", "forecast", "issue", "offer",
    "unveil", "introduce", "develop", "manufacture", "produce", "design", "build", "sponsor", "fund", "donate",
}  # fmt: skip
# Verbs of results and prices, whose subject is a side or a listed firm on a sports or markets page only:
# elsewhere anything rises, falls, opens, leads or faces ("The Dow rose", "the storm hit", "Paris faces").
RESULT_VERBS = {
    "beat", "defeat", "win", "lose", "draw", "host", "face", "lead", "score", "trail", "edge", "rout", "clinch",
    "top", "hold", "expect", "close", "open", "rise", "fall", "trade", "post", "earn", "gain", "lift", "cut",
}  # fmt: skip
# Words of a markets page: several distinct ones, not one "shares" in a story about a film.
MARKET_WORDS = frozenset(
    "shares stock stocks index investors traders earnings dividend bonds yields trading nasdaq profit revenue".split()
)
MIN_MARKET_WORDS = 3

# "Members can read", "the rally continued": speech verbs whose subject is as often anything else.
VERBS = (cues.SPEECH | outlets.REMARK_VERBS | ACTION_VERBS) - {"read", "continue", "figure", "point", "state"}
PAGE_VERBS = VERBS | RESULT_VERBS
POSSESSIVES = {"'s", "’s", "'", "’"}

# Nouns for the people of an organization: "NASA scientists", "Google engineers".
MEMBER_NOUNS = {
    "employee", "engineer", "executive", "official", "officer", "researcher", "scientist", "spokesman",
    "spokesperson", "spokeswoman", "staff", "staffer", "worker", "representative", "lawyer", "chief", "founder",
}  # fmt: skip
# Nouns of people who work or study "at" a body: "a researcher at Kaiser", "a professor at Rice".
WORKER_NOUNS = MEMBER_NOUNS | {
    "professor", "student", "analyst", "economist", "editor", "director", "manager", "president", "head",
    "scholar", "fellow", "lecturer", "doctor", "physician", "nurse", "teacher", "coach", "partner", "associate",
    "developer", "designer", "programmer", "reporter", "journalist", "expert", "consultant", "adviser",
    "work", "study", "teach", "intern",  # "she worked at Kaiser", "studied at Rice"
    "ceo", "cto", "cfo", "coo", "chairman", "chairwoman", "cofounder", "co-founder", "vp",  # a byline's "CEO at X"
}  # fmt: skip
# People who write or work for an outlet or a firm, and the verbs of it: "a critic for Pitchfork".
WRITERS = {
    "writer", "critic", "columnist", "contributor", "editor", "reporter", "correspondent", "journalist",
    "write", "work", "freelance", "blog",
}  # fmt: skip
# Plural nouns of kinds of organization that introduce examples: "companies like Nest".
KIND_NOUNS = {
    "company", "firm", "startup", "brand", "maker", "manufacturer", "organization", "organisation", "retailer",
    "publication", "outlet", "bank", "airline", "carrier", "agency", "charity", "nonprofit", "vendor", "provider",
    "network", "broadcaster", "publisher", "label", "university", "institution", "group", "team", "club", "service",
}  # fmt: skip
LIST_WORDS = {",", "and", "or", "&"}
_NAME_PREPOSITIONS = {"of", "for", "on", "in"}
# Nouns that say what an organization is when the text describes a name by one.
DESCRIBING_NOUNS = KIND_NOUNS - {"group", "team", "label", "network"} | {"brand", "company", "nonprofit"}
# Plural nouns of kinds of people whose examples are people: "artists like Prince".
PERSON_KINDS = {
    "people", "person", "artist", "musician", "singer", "player", "athlete", "star", "celebrity", "actor",
    "actress", "writer", "author", "politician", "leader", "figure", "official", "executive", "founder",
    "member", "friend", "colleague", "legend", "icon", "hero", "rapper", "band", "comedian", "director",
    "scientist", "expert", "thinker", "investor", "entrepreneur", "candidate", "senator", "president",
}  # fmt: skip
# Last words of the names of events, which people attend "at" as they work at an organization.
# (Sport's trophies and contests too: a club plays "in the Las Vegas Bowl", wins "the Davis Cup", "the US Open".)
EVENT_NOUNS = {
    "conference", "summit", "festival", "awards", "expo", "convention", "ceremony", "championship",
    "championships", "cup", "bowl", "tournament", "marathon", "olympics", "playoffs", "prix", "open",
}  # fmt: skip


def shown_as_organization(doc, members, name: str, sport: bool = False) -> bool:
    """Whether the text shows the ORG cluster ``members`` (candidates of one
    entity, see clusters.build) named ``name`` to be an organization; ``sport``: the page is a sports page
    (sides.is_sport), where club endings and verbs of results say a name is a side."""
    # An acronym the text defines is what its long form is shown to be ("RPKI", "Resource Public Key
    # Infrastructure", is a technique); one it does not define is most often a body ("NFL", "KTVI").
    longs = [c for c in members if c.origin == "acronym" and c.end - c.start > 1]
    words = name.split()
    if words and words[-1].casefold() in EVENT_NOUNS:
        return False  # "the White House Frontiers Conference": people meet "at" an event too
    if examples_of_things(doc, members):
        return False  # "features such as User Federation": whatever its words, a thing
    if not longs and len(words) == 1 and is_acronym(name.strip(".")):
        # "current SWR" beside "Sir Walter Raleigh", a ski: an acronym of a name the model gives no organization
        # is what that name is.
        return not _initials_of_other_name(doc, name.strip(".").replace(".", ""))
    if any(kind_in_name([t.text for t in doc[c.start : c.end]], sport) for c in [*longs, *members]):
        return True
    results = sport or is_market(doc)
    return any(
        _acts(doc, c.start, c.end, results)
        or sellers.is_seller(doc, c.start, c.end)
        or datelines.is_agency(doc, c.start, c.end)
        or of_a_kind(doc, c.start)
        or described(doc, c.end, c.start)
        or named_again_by_kind(doc, c.start, c.end)
        for c in members
    )


# Singular nouns a text calls an organization by after naming it: "... the company’s SYNC platform".
ANAPHOR_NOUNS = {"company", "firm", "carmaker", "automaker", "retailer", "startup", "manufacturer", "maker"}


def named_again_by_kind(doc, start: int, end: int) -> bool:
    """ "three Ford models featuring the company’s SYNC platform": later in the name's sentence the text calls
    it "the company", the one name the model tagged a person or an organization before those words."""
    sentence = doc[start].sent
    for t in doc[end : sentence.end]:
        if t.lower_ in ANAPHOR_NOUNS and t.tag_ == "NN" and t.i > 0 and doc[t.i - 1].lower_ == "the":
            name = doc[start:end].text.casefold()
            others = [
                e
                for e in doc.ents
                if e.label_ in ("ORG", "PERSON") and sentence.start <= e.start < t.i and not e.start <= start < e.end
            ]
            # Its own handle beside it ("Ford @ford") is no other name.
            return all(e.text.casefold().lstrip("@") == name for e in others)
    return False


def _initials_of_other_name(doc, acronym: str) -> bool:
    """Whether the text spells ``acronym`` out as a run of capitalised words the model calls no organization."""
    n = len(acronym)
    if n < 2:
        return False
    for i in range(len(doc) - n + 1):
        run = doc[i : i + n]
        if not all(t.is_alpha and t.text[:1].isupper() and not t.is_upper for t in run):
            continue
        if "".join(t.text[0] for t in run).upper() != acronym.upper():
            continue
        if "\n" in run[:-1].text_with_ws:
            continue
        if not any(t.ent_type_ == "ORG" for t in run):
            return True
    return False


def is_market(doc) -> bool:
    """A page about prices and trading, where "rose", "closed" and "gained" are said of listed firms."""
    return len({t.lower_ for t in doc if t.is_alpha} & MARKET_WORDS) >= MIN_MARKET_WORDS


def described(doc, end: int, start: int | None = None) -> bool:
    """ "Genesis (Hyundai's luxury brand)", "BackStoppers, a charity", "Scaleway is a company", and given the
    name's ``start``, "Belgian club Standard Liege": the text says what kind of organization it is."""
    last = doc[end - 1]
    head = last.head
    if last.dep_ in ("appos", "nmod") and head.i >= end and head.lemma_.lower() in DESCRIBING_NOUNS:
        return head.text.islower()
    if any(child.dep_ == "appos" and child.lemma_.lower() in DESCRIBING_NOUNS for child in last.children):
        return True
    if start is not None and _named_kind_before(doc, start, end):
        return True
    if last.dep_ == "nsubj" and head.lemma_ == "be":
        return any(child.dep_ == "attr" and child.lemma_.lower() in DESCRIBING_NOUNS for child in head.children)
    return False


# Nouns of a kind of body right before its name: "Belgian club Standard Liege", "the militant group X".
# Not "carrier": "the aircraft carrier Carl Vinson" is a ship.
NAMING_NOUNS = DESCRIBING_NOUNS - {"carrier"} | {"club", "team", "group"}


def _named_kind_before(doc, start: int, end: int) -> bool:
    """ "first division team Deportivo Coruna": a lower-case noun of a kind of body right before the name,
    the name in apposition to it or the noun a modifier of the name; not "the club Peter Mills founded",
    where the name is the subject of a clause of its own."""
    if start == 0:
        return False
    noun, last = doc[start - 1], doc[end - 1]
    if not noun.text.islower() or noun.lemma_.lower() not in NAMING_NOUNS or noun.tag_ != "NN":
        return False
    if any(child.dep_ in ("acl", "relcl") and child.i >= end for child in noun.children):
        return False  # "the club Peter Mills founded": the noun's own clause, whose subject the name is
    if last.dep_ in ("relcl", "acl") or last.head.dep_ in ("relcl", "acl") and last.head.i >= end:
        return False
    return (start <= noun.head.i < end and noun.dep_ == "compound") or (last.dep_ == "appos" and last.head.i == noun.i)


def examples_of_things(doc, members) -> bool:
    """ "features such as User Federation", "skis like the Elizabeth, Sir Francis Bacon": every mention is an
    example of a kind of thing, neither of people nor of organizations."""
    kinds = [_listed_kind(doc, c.start) for c in members]
    return bool(kinds) and all(k is not None and k not in KIND_NOUNS | PERSON_KINDS for k in kinds)


def kind_in_name(words: list[str], sport: bool = False) -> bool:
    """Whether a name's words say what kind of body it is; club endings count on a sports page only."""
    lowered = [w.lower().strip(".,") for w in words]
    endings = ORG_NOUNS - PLACE_ENDINGS | (CLUB_ENDINGS if sport else set())
    if len(lowered) > 1 and lowered[-1] in endings:
        return True
    # "Bank of America", "Rock and Roll Hall of Fame", "Organisation for Security and ...": the kind before
    # the first preposition.
    first = next((n for n, w in enumerate(lowered) if w in _NAME_PREPOSITIONS), None)
    return first is not None and any(w in ORG_NOUNS for w in lowered[:first])


def works_there(doc, start: int, prepositions=("at", "for", "of", "from", "with")) -> bool:
    """ "a researcher at Kaiser", "a spokesman for Rossignol", "engineers from Google": people work there, not
    "landed at Heathrow" or "at Christmas"."""
    before = start - 1
    if before >= 0 and doc[before].lower_ == "the":
        before -= 1
    if before < 1 or doc[before].lower_ not in prepositions:
        return False
    if doc[before].lower_ == "at":
        return doc[before - 1].lemma_.lower() in WORKER_NOUNS
    if doc[before].lower_ == "for" and doc[before - 1].lemma_.lower() in WRITERS:
        return True  # "a critic for Pitchfork", "she writes for Billboard"
    return doc[before - 1].lemma_ in MEMBER_NOUNS


def owns_its(doc, end: int) -> bool:
    """ "Netcup is retiring its oldest servers": the subject of a verb whose own object is "its" something."""
    last = doc[end - 1]
    if last.dep_ not in ("nsubj", "nsubjpass") or last.head.pos_ not in ("VERB", "AUX"):
        return False
    verb = last.head
    for t in verb.subtree:
        if t.lower_ != "its" or t.dep_ != "poss":
            continue
        step = t.head
        while step != verb and step.pos_ not in ("VERB", "AUX") and step.head != step:
            step = step.head
        if step == verb:
            return True
    return False


def acts(doc, start: int, end: int, results: bool = False) -> bool:
    """ "Samsung said", "American Airlines announced": the subject of a verb of speech or of what firms do;
    with ``results`` (a sports or markets page) of a verb of results or prices too ("Boeing shares rose")."""
    last = doc[end - 1]
    verbs = PAGE_VERBS if results else VERBS
    return last.dep_ in ("nsubj", "nsubjpass") and last.head.pos_ == "VERB" and last.head.lemma_ in verbs


# Determiners of one thing among many: "an iPad's body" is a device's, no firm is "an" anything.
ARTICLES_OF_THINGS = {"a", "an", "my", "your", "each", "every"}


def _acts(doc, start: int, end: int, results: bool = False) -> bool:
    if end < len(doc) - 1 and doc[end].text in POSSESSIVES and "\n" not in doc[end].text_with_ws:
        owned = doc[end + 1]
        if owned.is_alpha and not (start > 0 and doc[start - 1].lower_ in ARTICLES_OF_THINGS):
            return True  # "Amazon's Alexa", "Hyundai's luxury brand"
    if works_there(doc, start):
        return True
    last = doc[end - 1]
    head = last.head
    if acts(doc, start, end, results) or owns_its(doc, end):
        return True
    if last.dep_ == "dobj" and head.lemma_ == "tell":
        return True  # "told Rolling Stone"
    if last.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_ in VERBS | AGENT_VERBS:
        return True  # "removed from office by the Senate", "acquired by Verizon": the one doing it
    if _names_its_staff(doc, end):
        return True
    if last.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ in VERBS:
        return True  # "talks to HelloGiggles"
    if results and _before_side_role(doc, end):
        return True
    # "NASA scientists", "Spin magazine": the noun it qualifies, right after it.
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and nxt.text.islower() and nxt.lemma_ in MEMBER_NOUNS | ORG_NOUNS and last.head == nxt


# What bodies and firms do to things and people, by which the text names them ("passed by the Senate"; not
# "given by Darkness Everlasting").
AGENT_VERBS = {
    "remove", "pass", "block", "acquire", "buy", "operate", "run", "found", "back", "investigate", "elect",
    "appoint", "nominate", "employ", "commission", "certify", "regulate", "award",
}  # fmt: skip
# The posts of people named after their organization: "Verizon CEO Lowell McAdam", "White House Russia adviser".
STAFF_WORDS = WORKER_NOUNS - {"work", "study", "teach", "partner", "associate", "student", "expert"} | {
    "adviser", "advisor", "aide", "secretary", "commissioner", "spokesman", "spokeswoman", "chair",
}  # fmt: skip


def _names_its_staff(doc, end: int) -> bool:
    """ "Verizon CEO Lowell McAdam", "former White House Russia adviser Fiona Hill": after the name, up to two
    capitalised words of a field, then a post and the person the model names holding it."""
    i = end
    while i < len(doc) and i - end < 2 and doc[i].is_alpha and doc[i].text[:1].isupper():
        if doc[i].lower_ in STAFF_WORDS:
            break
        i += 1
    if i + 1 >= len(doc) or "\n" in doc[end - 1 : i + 1].text_with_ws:
        return False
    post = doc[i]
    return (post.lower_ in STAFF_WORDS or post.lemma_.lower() in STAFF_WORDS) and doc[i + 1].ent_type_ == "PERSON"


# Nouns of a side's or a league's winners: "Mountain West champ San Diego State".
CHAMPION_NOUNS = {"champ", "champs", "champion", "champions"}


def _before_side_role(doc, end: int) -> bool:
    """ "Alabama offensive coordinator", "Mountain West champ": on a sports page, the name right before a role in
    a team (after a qualifier or two) or its champion, whatever the parse made of a long list of names."""
    i = end
    while i < len(doc) and i - end < 2 and doc[i].lower_ in ROLE_QUALIFIERS:
        i += 1
    return i < len(doc) and doc[i].text.islower() and doc[i].lower_ in TEAM_ROLES | CHAMPION_NOUNS


def of_a_kind(doc, start: int) -> bool:
    """ "companies like Nest and Haiku", "startups such as Zipline": a list
    of names after a plural noun of a kind of organization and "like",
    "including" or "such as"."""
    return _listed_kind(doc, start) in KIND_NOUNS


def _listed_kind(doc, start: int) -> str | None:
    """The lemma of the plural noun whose examples a list of names gives, the name at ``start`` among them
    ("companies like A, B and C", "features such as A"), or None."""
    i = start - 1
    while i >= 0 and start - i <= 16 and (doc[i].text in LIST_WORDS | {"the"} or doc[i].text[:1].isupper()):
        if "\n" in doc[i].text_with_ws:
            return None
        i -= 1
    if i < 1 or doc[i].lower_ not in ("like", "including", "as"):
        return None
    if doc[i].lower_ == "as":
        i -= 1
        if i < 1 or doc[i].lower_ != "such":
            return None
    noun = doc[i - 1]
    opens = noun.i == 0 or noun.is_sent_start or "\n" in doc[noun.i - 1].text_with_ws
    plain = noun.text.islower() or (opens and noun.text[1:].islower())
    return noun.lemma_.lower() if noun.tag_ == "NNS" and plain else None
