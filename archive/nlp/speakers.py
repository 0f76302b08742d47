"""Who a source phrase refers to: a named entity, an earlier speaker, or an
unnamed source kept as written.

Rules, in order, for the phrase heading a statement's source:
- a pronoun (he/she, they/it) goes to the most recent speaker that fits, or
  failing that the most recent person (organisation for they/it) before it;
- a phrase containing a person or organisation name goes to that entity, a
  surname or partial name to the full name the text used earlier;
- a definite role phrase ("the FSB chief", "the official") goes to the person
  or unnamed source introduced with that role or organisation;
- anything else is an unnamed source described by the phrase as written.
Nothing is guessed: a pronoun with no fitting antecedent stays unresolved.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from . import referents
from .doctext import doc_text
from .types import EntityCluster, Span, Speaker

RELATIVE = frozenset("who that which whom".split())
HE_SHE = frozenset("he she him her".split())
GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f"}
# How far back a he/she looks for the proper name it stands for.
SUBJECT_LOOKBACK_SENTENCES = 4
THEY_IT = frozenset("they them it".split())
KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "organization"}
# Heads that name the same kind of role; "the FSB chief" is its director.
ROLE_GROUPS = [
    {"chief", "head", "director", "leader", "boss", "chairman", "chairwoman", "chair"},
    {"spokesman", "spokeswoman", "spokesperson", "representative", "spokesmen"},
    {"official", "officer"},
    {"minister", "secretary"},
    {"senator", "lawmaker", "congressman", "congresswoman", "representative"},
    {"candidate", "nominee", "contender"},
]
ROLE_OF = {word: frozenset(group) for group in ROLE_GROUPS for word in group}
MODIFIER_DEPS = ("acl", "relcl")


@dataclass
class _Known:
    """A referent the text has introduced, with the words it was introduced by."""

    position: int
    speaker: Speaker
    roles: set[str] = field(default_factory=set)
    plural: bool = False


class SpeakerResolver:
    def __init__(self, doc, clusters: list[EntityCluster], quoted=lambda offset: False):
        self.doc = doc
        # Whether a character offset lies inside quoted words: a name someone is
        # quoted saying ("“Volker confirmed ...,” she said") is not who "she" is.
        self.quoted = quoted
        self.by_name = {c.name: c for c in clusters}
        mentions = sorted((m for c in clusters for m in c.mentions), key=lambda m: m.start)
        self.mentions = [m for m in mentions if m.label in KINDS]
        self._starts = [m.start for m in self.mentions]
        self.full_names = referents.full_names(self.mentions)
        # person name -> "m"/"f", from an honorific or a he/she just after a name
        self.genders: dict[str, str] = {}
        self.persons = [self._person_entry(m) for m in self.mentions if m.label == "PERSON"]
        self._sents = list(doc.sents)  # ``token.sent`` walks the whole doc on each call: list them once
        self._sent_starts = [x.start for x in self._sents]
        people = [m for m in self.mentions if m.label == "PERSON"]
        for name, gender in referents.genders(doc, self._sents, people, self._full_name, quoted).items():
            self.genders.setdefault(name, gender)  # an honorific says it surer
        self.speakers: list[_Known] = []

    # -- public -----------------------------------------------------------
    def source_span(self, head, exclude: tuple[tuple[int, int], ...] = (), within=None) -> Span:
        """The phrase headed by ``head``, cut before anything that overlaps the
        statement's cue or content (relative clauses that hold the cue), and
        kept inside the sentence ``within``."""
        start, end = head.left_edge.i, head.right_edge.i + 1
        if within is not None:
            start, end = max(start, within.start), min(end, within.end)
        for child in head.children:
            c_start, c_end = child.left_edge.idx, child.right_edge.idx + len(child.right_edge)
            if any(c_start < b and a < c_end for a, b in exclude):
                if child.i > head.i:
                    end = min(end, child.left_edge.i)
                else:
                    start = max(start, child.right_edge.i + 1)
        while end - 1 > start and self.doc[end - 1].is_punct:
            end -= 1
        while start < end - 1 and self.doc[start].is_punct:
            start += 1  # "- Alibaba leaders have denied ...": a list's dash is no part of who spoke
        a, b = self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1])
        return Span(a, b, doc_text(self.doc)[a:b])

    def resolve(self, head, span: Span) -> Speaker | None:
        lower = head.lower_
        if lower in RELATIVE and head.head.dep_ == "relcl" and head.head.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "Smith, who said ...": the relative pronoun is the noun it hangs on.
            noun = head.head.head
            return self.resolve(noun, self.source_span(noun, exclude=((head.idx, head.idx + 1),)))
        if head.pos_ == "PRON":
            if lower in HE_SHE:
                found = self._he_she(head, span.start, GENDER[lower])
                if found is not None and found.kind == "person":
                    # The one "he wrote" stood for is now the last to speak: a quote
                    # further on that the lookback no longer reaches goes to them too.
                    self._remember(span.start, found, set(), False)
                return found
            if lower in THEY_IT:
                return self._antecedent(span.start, plural=True)
            return None
        named = self._named(head, span)
        if named is not None:
            self._remember(span.start, named, set(), False)
            return named
        if head.pos_ == "PROPN":
            return None  # a name spaCy did not tag: keep it as written, do not guess its kind
        words = _role_words(head)
        plural = head.tag_ in ("NNS", "NNPS")
        if _is_definite(head):
            names = frozenset(t.lower_ for t in head.subtree if t.pos_ == "PROPN" and t.lower_ in words)
            known = self._match_role(head.lemma_.lower(), words, span.start, names)
            if known is not None:
                _enrich(known.speaker, head, span)
                self._remember(span.start, known.speaker, words, known.plural)
                return known.speaker
        speaker = Speaker(name=span.text, kind="unnamed")
        self._remember(span.start, speaker, words | {head.lemma_.lower()}, plural)
        return speaker

    def outlet_name(self, head, span: Span) -> str | None:
        """The organisation a phrase names ("Russia’s RT Television network" → "RT")."""
        chain, stack = {head.i}, [head]
        while stack:  # "RT Television network": names compounded onto the head
            for c in stack.pop().children:
                if c.dep_ in ("compound", "flat", "appos"):
                    chain.add(c.i)
                    stack.append(c)
        for m in self.mentions:
            if m.label == "ORG" and span.start <= m.start and m.end <= span.end:
                tokens = {t.i for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []}
                if tokens & chain:
                    return _strip_media_words(m.entity)
        return None

    def by_label(self, label: str) -> Speaker:
        """The person a transcript label in capitals stands for ("LIND:" for
        Rosa Lind named before), else the label itself as a person's name."""
        words = label.strip('"“ ').title().split()
        for known in reversed(self.persons):
            if known.speaker.name.split()[-len(words) :] == words:
                return known.speaker
        return Speaker(name=" ".join(words), kind="person")

    def remember(self, position: int, speaker: Speaker) -> None:
        self._remember(position, speaker, set(), speaker.kind == "organization")

    # -- named entities ---------------------------------------------------
    def _named(self, head, span: Span) -> Speaker | None:
        mention = self._mention_for(head, span, labels=("PERSON", "ORG", "GPE"))
        if mention is None:
            return None
        kind = KINDS[mention.label]
        name = self.full_names.get(mention.entity, mention.entity) if kind == "person" else mention.entity
        return Speaker(name=name, kind=kind)

    def _mention_for(self, head, span: Span, labels):
        """The mention the phrase is about: one covering its head, or a name in
        apposition or compound with the head ("FSB director Alexander Bortnikov")."""
        i = bisect.bisect_left(self._starts, span.start)
        # Only a person stands for a role phrase around it; in "a US official"
        # or "the FSB director" the organisation is not the one speaking.
        linked = {c.i for c in head.children if c.dep_ in ("appos", "compound", "flat")}
        if head.dep_ in ("appos", "compound"):
            linked.add(head.head.i)
        best = None
        while i < len(self.mentions) and self.mentions[i].start < span.end:
            m = self.mentions[i]
            i += 1
            if m.label not in labels or m.end > span.end:
                continue
            tokens = {t.i for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []}
            if head.i in tokens:
                return m
            if m.label == "PERSON" and (tokens & linked or _titled(self.doc, tokens)):
                best = best or m
        return best

    # -- pronouns and roles ----------------------------------------------
    def _he_she(self, head, position: int, gender: str) -> Speaker | None:
        """A he/she stands for the nearest proper-noun subject of the last few
        sentences that can be a person of that gender ("Marcus, who blogs,
        retired. He wrote ..."), before anyone named sections earlier; a name
        the text shows to be a person ("who ...") though the entity layer took
        it for a place is credited as written. Failing that, the most recent
        speaker or person who agrees with the gender the text showed."""
        for distance, subject in self._recent_name_subjects(head):
            named = self._named(subject, self.source_span(subject))
            if named is not None and named.kind == "person":
                if self.genders.get(named.name, gender) != gender:
                    continue
                if distance <= 1:
                    self.genders[named.name] = gender  # a pronoun this close shows the person's gender
                return named
            if _shown_as_person(subject):
                name = " ".join(t.text for t in subject.subtree if t.dep_ in ("compound", "flat") or t.i == subject.i)
                return Speaker(name=name, kind="person")
            if named is None and not subject.ent_type_:
                return None  # a name nobody tagged: rather unresolved than someone from sections back
        return self._named_just_before(head, position, gender) or self._antecedent(
            position, plural=False, gender=gender
        )

    def _recent_name_subjects(self, head):
        """(sentences back, token) for the proper-noun subjects before
        ``head``, nearest first: its own sentence, then a few before."""
        k = bisect.bisect_right(self._sent_starts, head.i) - 1
        sent = self._sents[k]
        for distance in range(SUBJECT_LOOKBACK_SENTENCES):
            names = [
                t
                for t in sent
                if t.i < head.i
                and t.dep_ in ("nsubj", "nsubjpass")
                and t.pos_ == "PROPN"
                and t.head.pos_ in ("VERB", "AUX")
                and not self.quoted(t.idx)
            ]
            for t in reversed(names):
                yield distance, t
            if k == 0:
                return
            k -= 1
            sent = self._sents[k]

    def _named_just_before(self, head, position: int, gender: str) -> Speaker | None:
        """ "I thought of Elise Matthesen. How would she feel? ... she replied": the
        last person named in the sentence or the two before whom the text shows to
        be of the pronoun's gender, though not as a subject."""
        k = bisect.bisect_right(self._sent_starts, head.i) - 1
        since = self._sents[max(k - 2, 0)].start_char
        j = bisect.bisect_left([p.position for p in self.persons], position) - 1
        while j >= 0 and self.persons[j].position >= since:
            known = self.persons[j]
            if self.genders.get(known.speaker.name) == gender and not self.quoted(known.position):
                return known.speaker
            j -= 1
        return None

    def _antecedent(self, position: int, plural: bool, gender: str | None = None) -> Speaker | None:
        for known in reversed(self.speakers):
            if known.position >= position:
                continue
            if gender is not None and self.genders.get(known.speaker.name, gender) != gender:
                continue
            if plural and (known.speaker.kind == "organization" or known.plural):
                return known.speaker
            if not plural and not known.plural and known.speaker.kind in ("person", "unnamed"):
                return known.speaker
        if plural:
            return None  # "they" with no group speaker: too often the people talked about
        j = bisect.bisect_left([p.position for p in self.persons], position) - 1
        while j >= 0 and gender is not None and self.genders.get(self.persons[j].speaker.name, gender) != gender:
            j -= 1
        return self.persons[j].speaker if j >= 0 else None

    def _match_role(
        self, head_lemma: str, words: set[str], position: int, names: frozenset[str] = frozenset()
    ) -> _Known | None:
        """``names`` are the proper nouns of the role phrase ("Conservative" in
        "the chairman of the Conservative Party"): a candidate must have been
        introduced with all of them, or the phrase is about someone else."""
        heads = ROLE_OF.get(head_lemma, frozenset({head_lemma}))
        best, best_score = None, 0
        for known in [*self.persons, *self.speakers]:
            if known.position >= position or not names <= known.roles:
                continue
            head_hit = bool(heads & known.roles)
            org_hits = len((words - heads) & known.roles)
            # A shared name alone ("Russia's ... network" vs "Russia's FSB
            # director") is not enough: the head must be a role too.
            if not head_hit and not (org_hits and head_lemma in ROLE_OF):
                continue
            score = 2 * org_hits + head_hit
            if score > best_score or (score == best_score and best is not None and known.position > best.position):
                best, best_score = known, score
        return best

    def _remember(self, position: int, speaker: Speaker, roles: set[str], plural: bool) -> None:
        for known in self.speakers:
            if known.speaker is speaker or (known.speaker.name == speaker.name and known.speaker.kind != "unnamed"):
                known.roles |= roles
        self.speakers.append(_Known(position, speaker, roles, plural))

    def _full_name(self, mention) -> str:
        return self.full_names.get(mention.entity, mention.entity)

    def _person_entry(self, mention) -> _Known:
        name = self.full_names.get(mention.entity, mention.entity)
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and span.start > 0:
            title = self.doc[span.start - 1].lower_.rstrip(".")
            if title in HONORIFICS:
                self.genders.setdefault(name, HONORIFICS[title])
        roles = set()
        if span is not None:
            top = span.root
            # Climb out of the noun phrase the name sits in: "the director of
            # Russia's FSB Alexander Bortnikov", "Bortnikov, the FSB chief".
            for _ in range(4):
                if top.dep_ in ("compound", "appos", "flat", "nmod") and top.head.pos_ in ("NOUN", "PROPN"):
                    top = top.head
                elif top.dep_ == "pobj" and top.head.head.pos_ == "NOUN":
                    top = top.head.head
                else:
                    break
            roles = _role_words(top, skip=range(span.start, span.end))
            roles |= {c.lemma_.lower() for c in span.root.children if c.dep_ == "appos"}
        cluster = self.by_name.get(mention.entity)
        if cluster is not None:
            roles |= {w.lower().strip(".,’'s") for w in cluster.description.split()}
            roles |= {o.lower() for o in cluster.organizations}
        return _Known(mention.start, Speaker(name=name, kind="person"), roles)


def _shown_as_person(tok) -> bool:
    """ "Marcus — who goes by his first name — retired": a relative "who"."""
    return any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in tok.children)


def _titled(doc, tokens: set[int]) -> bool:
    """ "Russia's FSB Alexander Bortnikov": a name carrying modifiers outside
    itself is the title-plus-name the whole phrase refers to, wherever the
    parser hung it ("the director of ...")."""
    return any(c.dep_ in ("compound", "poss") and c.i not in tokens for t in tokens for c in doc[t].children)


def _role_words(head, skip=range(0)) -> set[str]:
    """Nouns and names of a phrase, leaving out relative clauses and modifiers
    that are events of their own."""
    words = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        if tok.i not in skip and tok.pos_ in ("NOUN", "PROPN"):
            words.add(tok.lemma_.lower())
            words.add(tok.lower_)
        stack.extend(c for c in tok.children if c.dep_ not in MODIFIER_DEPS and c.dep_ != "punct")
        if len(words) > 12:
            break
    return words


def _is_definite(head) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")) or c.dep_ == "poss"
        for c in head.children
    )


def _enrich(speaker: Speaker, head, span: Span) -> None:
    """Keep what a later mention adds about an unnamed source ("the official
    speaking on the condition of anonymity") in its one shared description."""
    if speaker.kind != "unnamed":
        return
    for child in head.children:
        if child.dep_ == "acl" and child.i > head.i:
            extra = head.doc[child.i : child.right_edge.i + 1].text
            if extra and extra not in speaker.name:
                speaker.name = f"{speaker.name}, {extra}"


MEDIA_WORDS = {"television", "tv", "network", "channel", "newspaper", "agency", "radio", "magazine", "broadcaster"}


def _strip_media_words(name: str) -> str:
    words = name.removesuffix("’s").removesuffix("'s").split()
    while len(words) > 1 and words[-1].lower() in MEDIA_WORDS:
        words.pop()
    while len(words) > 1 and words[0].lower() == "the":
        words.pop(0)
    return " ".join(words)
