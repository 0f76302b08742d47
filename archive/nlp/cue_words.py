"""The words that make attribution cues: verbs of saying, thinking and
intending, verbs whose object or prepositional phrase is what was said or
judged, and the parse relations the cues read. ``cues`` decides, from the
parse, whether a word of these lists is a cue in its sentence."""

from __future__ import annotations

from . import cue_shapes

# Verbs of saying and reporting: a clausal complement or quote makes them a cue.
SPEECH = frozenset(
    """say tell add write ask note report announce state claim warn deny explain argue insist suggest acknowledge
    admit declare respond reply answer confirm reveal recall conclude predict promise pledge vow urge assert allege
    stress emphasize emphasise comment remark observe tweet post complain concede contend maintain repeat reiterate
    mention estimate indicate describe accuse testify joke quip boast brag caution advise propose recommend demand
    question wonder counter retort shout chant inform assure confess disclose email text charge lament scoff
    insinuate speculate hint muse signal declare affirm proclaim point cite read quote preach plead yell scream
    whisper recount continue acknowledge theorize theorise contend predict guess calculate figure rule""".split()
)
# Verbs of thinking, feeling and intending: PolNeAR attributes these too.
COGNITION = frozenset(
    """think believe feel know hope fear worry expect doubt suspect assume understand realize realise consider
    wish prefer agree disagree learn recognize recognise imagine bet reckon sense trust insist hear""".split()
)
# Verbs whose "to ..." complement is what the source wants or intends.
INTENTION = frozenset(
    """want plan hope expect intend refuse decline promise vow pledge threaten agree aim vow wish
    urge ask prefer tell advise instruct encourage remind exhort implore beg""".split()
)
# Evidence verbs whose subject is a poll or study: "polls show that ...".
EVIDENCE = frozenset("show find indicate suggest reveal".split())
# Verbs whose object is what is said: "announced his candidacy", "denied
# the report", "called him a liar".
OBJECT_VERBS = frozenset(
    """call ask accuse announce describe discuss express cite urge email mention post propose denounce deny
    acknowledge tweet note declare question dispute recommend demand predict reveal confirm report retweet promise
    pledge vow voice warn echo tout encourage liken compare highlight downplay invoke reference stress emphasize
    emphasise underscore reiterate link""".split()
)
# Verbs whose object is what is judged or backed: "criticized the plan". Their object
# is as often the person judged ("lauded the coach"), which says nothing said,
# so a bare name or pronoun is no content (see ``_object_content``).
JUDGE_VERBS = frozenset(
    """criticize criticise endorse oppose blast blame praise mock condemn dismiss slam attack defend reject welcome
    applaud rebuke chide scold lambaste ridicule advocate assail decry knock hail laud fault chastise berate excoriate
    bash deride disparage belittle insult scorn commend congratulate support back embrace thank credit""".split()
)
# Verbs whose prepositional phrase is the content: "warned of attacks", "called for a ban".
PREP_VERBS = {
    "warn": ("of", "about", "against"),
    "speak": ("about", "of"),
    "talk": ("about",),
    "complain": ("about", "of"),
    "call": ("for",),
    "ask": ("about", "for"),
    "refer": ("to",),
    "apologize": ("for",),
    "apologise": ("for",),
    "push": ("for",),
    "tweet": ("about",),
    "write": ("about", "of"),
    "comment": ("on",),
    "testify": ("about", "on"),
    "argue": ("for", "against"),
    "insist": ("on",),
    "boast": ("about", "of"),
    "brag": ("about",),
    "joke": ("about",),
    "caution": ("against", "about"),
    "vote": ("for", "against"),
    "advocate": ("for",),
    "lean": ("toward", "towards"),
    "rule": ("against",),
}
# Verbs whose gerund complement is what was said: "denied taking", "proposed raising".
GERUND_VERBS = frozenset("admit deny propose suggest recommend mention cite acknowledge advocate".split())
# Verbs that judge their object only with "as": "views Trump as a threat".
AS_VERBS = frozenset("see view regard portray characterize characterise cast paint label brand frame deem".split())
# "Kasich appears to have the state to himself": the writer's attribution of
# a state; PolNeAR counts it, with no source.
APPEARANCE = frozenset("seem appear".split())
# The lemmatizer's slips that would hide a cue.
LEMMA_FIXES = {"hop": "hope", "retweete": "retweet"}
# Complements after the object that belong to what was said: "called him a
# liar", "accused her of lying", "urged voters to turn out".
OBJECT_TAIL_DEPS = ("oprd", "xcomp", "ccomp", "acomp")
OBJECT_TAIL_PREPS = ("of", "for", "as", "to", "over")
NAMED = ("PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART")
SECOND_PERSON = frozenset("you".split())
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CLAUSES = ("ccomp",)
ALL_CUES = (
    SPEECH
    | COGNITION
    | INTENTION
    | EVIDENCE
    | OBJECT_VERBS
    | JUDGE_VERBS
    | APPEARANCE
    | AS_VERBS
    | frozenset(PREP_VERBS)
    | cue_shapes.LEMMAS
)
