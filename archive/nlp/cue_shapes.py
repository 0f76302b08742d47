"""Verb cues in shapes the main frame (``cues._verb_frame``) does not read:
the words said as the subject of a passive ("was first reported by the
Post"), a call on someone to act ("called on Trump to apologize"), an
attack in words ("has gone after Trump as a “leech”"), what a
study or poll found ("the study found 31 cases", "44 percent would back Trump"), an instruction with its
"to ..." hung loose ("tells supporters at a rally to vote"), and acts of
putting forward a plan or a message ("laid out a plan", "decided to run").

Each returns ``(source token, (first, end) content tokens, cue end char,
cue class)`` or None (a None source: the verb's own subject); ``cues``
builds the frame. The acts of putting forward and
of deciding are unsure by their class: PolNeAR counts them as attributions,
but on real pages "decided to close the plant" reports an act, not words.
"""

from __future__ import annotations

# Writings and counts whose findings are reported: "the study found ...", "polls show ...".
FINDING_NOUNS = frozenset(
    """study survey poll report analysis review research data census audit investigation inquiry probe paper
    experiment trial estimate polling figure statistic average tally count""".split()
)
# What a share of those polled do: "44 percent would back Trump".
SHARE_VERBS = frozenset("back support prefer choose favor favour endorse oppose approve disapprove trust".split())
SHARE_NOUNS = frozenset("percent % majority plurality minority share third half quarter fifth".split())
FINDING_VERBS = frozenset("find show reveal indicate suggest document".split())
# Verbs whose passive subject is what was said or judged, its agent the one who did.
PASSIVE_VERBS = frozenset(
    """report echo endorse support back criticize criticise praise condemn reject dismiss announce describe deny
    confirm question dispute propose recommend demand predict reveal cite write tweet post mention""".split()
)
# Verbs whose object is told to do something: "tells supporters to vote".
DIRECTIVE_VERBS = frozenset("tell urge ask advise instruct encourage remind implore beg".split())
# Who is told: "pressing the boundaries to get attention" tells no one anything.
ADDRESSEES = frozenset(
    """supporter voter member people official leader colleague follower fan reader listener viewer audience crowd
    citizen lawmaker worker employee staff student parent resident player customer investor user public
    american republican democrat conservative liberal""".split()
)
# Putting a plan, a message or a case forward: its object is what was put forward. On PolNeAR's tune half
# "make", "send", "offer", "present" and "unveil" put forward things as often as words, and are left out.
PUT_FORWARD = frozenset("outline detail promote publish issue deliver release tout raise unleash".split())
# Decisions and aims, with their "to ...": intentions PolNeAR counts, often acts elsewhere ("tried to" is
# mostly an act, left out).
DECIDING = frozenset("decide seek".split())
# Objects of "put forward" that are messages, plans or points made, not things: "issued a statement",
# "raised questions", "unleashed a flurry of tweets", but not "released a phone".
MESSAGE_NOUNS = frozenset(
    """plan proposal policy message statement proof evidence argument vision agenda platform defense defence
    explanation apology assessment warning view critique detail reason account response strategy idea report
    analysis forecast outlook guidance assurance condolence praise criticism rebuttal letter memo email note notice
    tweet post remark comment reference claim point question concern doubt objection complaint appeal plea pitch
    promise pledge accusation allegation threat demand request ultimatum announcement prediction""".split()
)
# "a flurry of tweets", "a series of attacks": the message is what the run is of.
RUN_NOUNS = frozenset("series flurry barrage stream string torrent volley raft spate set list".split())
SAYING_NOUNS = MESSAGE_NOUNS | frozenset("attack insult tweet criticism".split())


def passive(verb, lemma: str, sent):
    """'The issue was first reported by the Post', 'a view echoed by everyone I
    interviewed': the agent said it; the subject (or the noun the participle
    hangs on) is what was said."""
    if lemma not in PASSIVE_VERBS or verb.tag_ != "VBN":
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if by is None or not sent.start <= by.i < sent.end:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and sent.start <= c.i < verb.i), None)
    if subject is not None:
        first, last = subject.left_edge.i, subject.right_edge.i
    elif verb.dep_ == "acl" and verb.head.i < verb.i and verb.head.pos_ == "NOUN" and sent.start <= verb.head.i:
        first, last = verb.head.left_edge.i, verb.i - 1
    else:
        return None
    head = subject if subject is not None else verb.head
    if head.pos_ in ("PRON", "PROPN") or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return None  # "Trump was endorsed by Cruz": the one judged or named, not anything said
    return by, (first, last + 1), verb.idx + len(verb), "object"


def called_on(verb, lemma: str, sent):
    """'called on Trump to stop attacking her': whom she called on and what to do."""
    if lemma != "call":
        return None
    on = next((c for c in verb.children if c.dep_ in ("prt", "prep") and c.lower_ == "on" and c.i == verb.i + 1), None)
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.i > verb.i), None)
    if on is None or act is None or not any(g.dep_ == "aux" and g.lower_ == "to" for g in act.children):
        return None
    if act.right_edge.i >= sent.end:
        return None
    return None, (on.i + 1, act.right_edge.i + 1), on.idx + len(on), "speech"


def went_after(verb, lemma: str, sent):
    """'Reid has gone after Trump as a “human leech”': an attack in words, the
    one attacked and what he was called. Without the "as" it is a chase."""
    if lemma != "go":
        return None
    after = next((c for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ == "after"), None)
    if after is None:  # "go" without "after" (most of them): no attack to read
        return None
    target = next((c for c in after.children if c.dep_ == "pobj"), None)
    called = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > after.i), None)
    if target is None or called is None or called.right_edge.i >= sent.end:
        return None
    return None, (target.left_edge.i, called.right_edge.i + 1), after.idx + len(after), "judge"


def poll_share(verb, lemma: str, subject, sent):
    """'46 percent would choose Clinton', 'a majority back the plan': a poll's
    finding told as what a share of those asked prefer; the share speaks."""
    if lemma not in SHARE_VERBS or subject is None:
        return None
    if not (subject.lemma_.lower() in SHARE_NOUNS or subject.like_num):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < sent.end), None)
    if obj is None or obj.right_edge.i >= sent.end:
        return None
    return subject, (obj.left_edge.i, obj.right_edge.i + 1), verb.idx + len(verb), "mind"


def finding(verb, lemma: str, subject, sent):
    """'A 2014 study found 31 incidents', 'Polls show a close contest': a
    writing's finding given as a noun phrase (a that-clause is read as any
    verb's clause)."""
    if lemma not in FINDING_VERBS or subject is None:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < sent.end), None)
    if obj is None or any(c.dep_ == "neg" for c in verb.children):
        return None
    if subject.lemma_.lower() not in FINDING_NOUNS:
        # "a federal judge found that action unconstitutional": a finding of someone's, object and verdict
        verdict = next((c for c in verb.children if c.dep_ in ("oprd", "acomp") and c.i > obj.i), None)
        if lemma != "find" or verdict is None or verdict.right_edge.i >= sent.end:
            return None
        return subject, (obj.left_edge.i, verdict.right_edge.i + 1), verb.idx + len(verb), "mind"
    tails = [c.right_edge.i for c in verb.children if c.i > obj.i and c.dep_ in ("oprd", "ccomp")]
    end = max([obj.right_edge.i, *tails])
    return subject, (obj.left_edge.i, min(end + 1, sent.end)), verb.idx + len(verb), "speech"


def directive(verb, lemma: str, subject, sent):
    """'Trump tells his supporters at a rally to “go to your place and vote”':
    the parser hung the "to ..." on the verb as an adverbial clause."""
    if lemma not in DIRECTIVE_VERBS or subject is None:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    act = next((c for c in verb.children if c.dep_ == "advcl" and obj is not None and c.i > obj.i), None)
    if act is None or act.tag_ != "VB" or not any(g.dep_ == "aux" and g.lower_ == "to" for g in act.children):
        return None
    if act.right_edge.i >= sent.end or not _addressee(obj):
        return None
    first = min(t.i for t in act.subtree)
    return subject, (first, act.right_edge.i + 1), verb.idx + len(verb), "mind"


def put_forward(verb, lemma: str, subject, sent):
    """'Clinton laid out her proposals', 'issued a statement', 'The FBI decided
    not to recommend charges': unsure cues, see the module's note."""
    if subject is None or subject.pos_ == "VERB" or subject.lower_ in ("it", "this", "there"):
        return None  # "It will raise questions about ...": an event or a fact puts nothing forward
    if lemma in DECIDING:
        act = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VB" and c.i > verb.i), None)
        if act is None or act.right_edge.i >= sent.end:
            return None
        return subject, (act.left_edge.i, act.right_edge.i + 1), verb.idx + len(verb), "act"
    laid_out = lemma == "lay" and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    if lemma not in PUT_FORWARD and not laid_out:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < sent.end), None)
    if obj is None or not _message(obj):
        return None
    cue_end = verb.idx + len(verb)
    prt = next((c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1), None)
    if prt is not None:
        cue_end = prt.idx + len(prt)
    return subject, (obj.left_edge.i, min(obj.right_edge.i + 1, sent.end)), cue_end, "act"


def _addressee(noun) -> bool:
    return (
        noun.pos_ == "PRON" or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or noun.lemma_.lower() in ADDRESSEES
    )


def _message(noun) -> bool:
    lemma = noun.lemma_.lower()
    if lemma in RUN_NOUNS:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        items = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
        return any(c.lemma_.lower() in SAYING_NOUNS for c in items)
    return lemma in MESSAGE_NOUNS


LEMMAS = FINDING_VERBS | SHARE_VERBS | PASSIVE_VERBS | DIRECTIVE_VERBS | PUT_FORWARD | DECIDING | {"call", "lay", "go"}
