"""Whether one text gives real evidence that a name is a person or an organization.

An unsure entity keeps its mentions (search finds it) but does not fill the
People and Organizations indexes (``Entity.objects.listed()``). Each rule is a
general sign from the text itself, never a list of particular names:

- the shape of the name: a fragment ("’s Hoa Lo", "G, H"), single letters, a
  person's name with a lower-case word inside that is no name particle, or
  with a word that ends in a capital after small letters ("SpaceX");
- how the text uses it: only as the medium ("on Twitter", "via Facebook"; a
  one-word person once is enough: nobody is followed "on" a person),
  only with a product's determiners ("a MacBook Pro", "my Nintendo Switch"),
  only in quotation marks (a show or film title), only in the headline, only
  as a modifier or after a figure (an acronym in "8GB RAM", "USB ports");
- a person named by one word only, never introduced by a full name, a title
  ("Mr.", "Dr.") or as the subject of a verb;
- the model itself calling the same words a product or a work elsewhere;
- the same word written in lower case elsewhere in the text ("meth");
- written inside a path or glued to a slash ("System/Library", "GNU/Linux");
- a short, general list of technical terms and units that are never names
  of organizations (USB, GPU, RAM, FPS...), alone or ending a name
  ("Wireguard VPN");
- on a page of specifications (a review: figures in cm, grams, GB, mAh...
  again and again), a name followed by a model number ("QST 118") or by a
  measure or a price on its line ("K2 Catamaran, 184 cm") is a product
  (spec_pages.py marks them).

Whether the text speaks of a one-word name as a person is read in personhood.py.
"""

from __future__ import annotations

import re
from collections import defaultdict

from archive.keys.names import normalize_name

from . import introductions
from .cues import SPEECH
from .organizations import MEMBER_NOUNS, ORG_NOUNS, _acts, acts, kind_in_name, named_again_by_kind, owns_its
from .sellers import is_seller

# Technical terms, units and job titles written as acronyms: never an
# organization or a person, whatever a small model guesses.
GENERIC_ACRONYMS = {
    "ai", "api", "atm", "bios", "cd", "ceo", "cfo", "coo", "cpu", "cto", "css", "dpi", "dvd", "dns", "eta",
    "faq", "fps", "gb", "ghz", "gps", "gpu", "hd", "hdd", "hdmi", "hdr", "html", "http", "https", "id", "ios",
    "iot", "ip", "ips", "isp", "kb", "lcd", "led", "lte", "mb", "mhz", "nfc", "nvme", "oled", "os", "pc", "pcie",
    "pdf", "pin", "ppi", "ram", "rgb", "rom", "sd", "sdk", "sim", "soc", "ssd", "tb", "tv", "ui", "uhd", "url",
    "usb", "ux", "vpn", "wifi", "wi fi", "4k", "5g", "4g", "3g", "lp", "ep", "mp3", "tbd", "php", "pgp", "bgp",
    "sql", "xml", "json", "ssh", "ssl", "tls", "vm", "cli", "gui", "sms", "qr", "nft", "jpeg", "png",
}  # fmt: skip

# Words that may stand lower-case inside a person's name.
NAME_PARTICLES = {
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el", "le", "la", "du",
    "dos", "das", "y", "e", "ter", "ten", "zu", "af", "bint", "abu", "st.",
}  # fmt: skip

# Prepositions before a platform named as the medium: "said on Twitter".
MEDIUM_PREPOSITIONS = {"on", "via"}
# Determiners that make a product of a name: "a MacBook", "my Switch".
PRODUCT_DETERMINERS = {"a", "an", "my", "your", "his", "her", "our", "their", "this", "these", "those", "its"}
# Titles that introduce a person named by the surname only.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "prof", "professor", "dame", "rev", "gen", "col",
    "president", "senator", "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "chancellor",
    "minister", "secretary", "pope", "king", "queen", "sheriff", "detective", "sgt", "lt", "capt", "captain",
    "adm", "admiral", "cardinal", "bishop", "rabbi", "coach", "prince", "princess", "duke", "duchess",
}  # fmt: skip
_QUOTES = set("\"“”‘’'«»")
_FRAGMENT = re.compile(r"^[^\w]|[,;:/|()\[\]{}<>=+*#@]")


def is_fragment(name: str, label: str) -> bool:
    """ "’s Hoa Lo", "G, H", "A B": not a name as written."""
    if not name or _FRAGMENT.search(name):
        return True
    words = name.split()
    if all(len(w.strip(".")) <= 1 for w in words):
        return True
    if label == "PERSON":
        inner = [w for w in words[1:-1] if w[:1].islower()]
        if any(w not in NAME_PARTICLES for w in inner):
            return True  # a scorecard row: "Younis st Germon b Harris"
        if any(_ends_in_capital(w) for w in words):
            return True  # "SpaceX": a brand's shape, no person's name ends in a capital after small letters
    return False


_JOINERS = {"&", "and"}


def _common_words(words: list[str], lower_words: set[str]) -> bool:
    """Words joined by "&" or "and", each of which the text also writes in
    lower case: common nouns in a heading's capitals, not a name."""
    rest = [w for w in words if w.lower() not in _JOINERS]
    return 0 < len(rest) < len(words) and all(w.casefold() in lower_words for w in rest)


def _ends_in_capital(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and letters[-1].isupper() and any(ch.islower() for ch in letters)


def is_generic(name: str) -> bool:
    return normalize_name(name) in GENERIC_ACRONYMS


def known_people(doc, cands) -> tuple[set[tuple[str, ...]], dict[tuple[str, ...], set[str]]]:
    """The people a text names for sure, as word tuples (a full name the model
    calls a person, or one word after a title: "President Obama"), and the
    labels each name of capitalised words is given where it stands alone."""
    people, labels = set(), defaultdict(set)
    for c in cands:
        words = tuple(t.text for t in doc[c.start : c.end])
        labels[words].add(c.label)
        if c.label != "PERSON":
            continue
        if c.end - c.start > 1 or (c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in TITLES):
            people.add(words)
    return people, labels


def extends_person(words: list[str], known) -> bool:
    """ "Obama White House": a person the text names, then a name the text
    gives alone to something else than a person ("the White House said")."""
    people, labels = known
    for n in range(1, len(words)):
        rest = tuple(words[n:])
        if tuple(words[:n]) in people and labels.get(rest) and "PERSON" not in labels[rest]:
            return True
    return False


def confident(
    doc, members, label: str, name: str, lower_words: set[str], other_labels: dict, people: tuple | None = None
) -> bool:
    """Whether the text is sure the cluster ``members`` (candidates of one
    entity, see clusters.build) is the person or organization ``name``;
    ``people`` are the ones it names for sure (``known_people``)."""
    if label not in ("PERSON", "ORG"):
        return True
    if is_fragment(name, label) or is_generic(name):
        return False
    if label == "PERSON" and people and extends_person(name.split(), people):
        # (a full name after a title alone, "Xi Jinping" and "President Xi", is not: "Jinping" is named nowhere else)
        return False
    if len(name.split()) > 1 and is_generic(name.split()[-1]):
        return False  # "Wireguard VPN", "MS SQL": a kind of software or device named by its maker
    words = name.split()
    if len(words) == 1 and name.casefold() in lower_words:
        return False  # "Meth" and "meth": a word, not a name
    common = [w for w in words if w[:1].isupper() and w.casefold() in lower_words]
    if label == "PERSON" and common and (len(common) == len(words) or not _spoken_of_as_person(doc, members)):
        # "Bottom Line", "Stated Dimensions": common words in capitals, not a person's name; "Chris Early" and
        # "Prince Andrew", who speak or act or have a title, are people all the same.
        return False
    if label == "ORG" and _common_words(words, lower_words):
        return False  # "Tools & Projects", "Applications and Services": a heading of common nouns
    spans = [(c.start, c.end) for c in members]
    if _called_a_thing(doc, spans, label, other_labels):
        # Unless the model calls the words a firm as often and the text has it act as one ("GitHub has
        # completed its acquisition of npm"): then "the free use of GitHub" names its service after it.
        # A side the text shows competing ("the Cougars’ offensive coordinator") is no product either.
        if not (label == "ORG" and (_firm_named_for_product(doc, spans) or any(c.origin == "team" for c in members))):
            return False
    title_end = first_line_end(doc)
    if title_end < len(doc) and all(e <= title_end for s, e in spans):
        return False  # only in the headline
    if label == "PERSON" and all(_title_case_line(doc, s, e) for s, e in spans):
        return False  # "Donald Trump Advises": a headline in title case makes names of any words
    if all(_whole_line(doc, s, e) for s, e in spans):
        return False  # a heading, menu item or button ("Guides & Tutorials", "Embed this Tweet")
    if len(words) == 1 and not _cased_by_name(name) and all(_starts_sentence(doc, s) for s, e in spans):
        # "Continuity was also important": any word is capitalised there; "Samsung said" names a speaker.
        if not (label == "ORG" and any(acts(doc, s, e) or is_seller(doc, s, e) for s, e in spans)):
            return False  # ("Buy it: $30, Etsy" names the shop after a comma the parse may take for a sentence's end)
    if all(_quoted(doc, s, e) for s, e in spans):
        return False
    if all(_in_path(doc, s, e) for s, e in spans):
        return False  # "/System/Library/PrivateFrameworks", "GNU/Linux": a path or a compound
    if all(_before(doc, s) in MEDIUM_PREPOSITIONS for s, e in spans):
        return False
    if label == "PERSON" and len(words) == 1 and any(_medium(doc, s, e) for s, e in spans):
        return False  # "follow her on Twitter": nobody is followed on a person
    if all(_product_use(doc, s, label) for s, e in spans) and not (label == "ORG" and kind_in_name(words)):
        return False
    if any(span in doc.user_data.get("products", ()) for span in spans):
        # "Salomon QST 118", "K2 Catamaran, 184 cm": a product on a review page; but a one-word firm acting or
        # owning things elsewhere ("Verizon CEO Lowell McAdam announced") is the maker beside its product.
        if not (label == "ORG" and len(words) == 1 and any(_acts(doc, s, e) for s, e in spans)):
            return False
    if label == "PERSON" and any(_before(doc, s) == "the" and not _modifies(doc, e) for s, e in spans):
        return False  # "the Moment Wildcat": people are not "the" anything
    if label == "ORG" and len(words) == 1 and all(_modifier_only(doc, s, e) for s, e in spans):
        # "USB ports" names a thing; "two Mazda models featuring the company’s system" the firm making them.
        if not any(named_again_by_kind(doc, s, e) or is_seller(doc, s, e) for s, e in spans):
            return False
    if label == "PERSON" and len(words) == 1:
        return any(_introduced(doc, s, e) for s, e in spans)
    return True


THING_LABELS = ("PRODUCT", "WORK_OF_ART", "LAW", "EVENT")
# Verbs of speech whose subject is a speaker, not "continue", "point" or "read", said of anything.
SAYING = SPEECH - {"continue", "figure", "point", "read", "state", "rule", "post", "signal", "charge", "calculate"}


def _called_a_thing(doc, spans, label: str, other_labels: dict) -> bool:
    """Whether the model calls the words of a mention a product, a work, a law or an event elsewhere in the text.
    A person named in full is one where the model calls its mentions a person at least as often: a stray
    "Swift" in a song's title leaves Taylor Swift a person, where "MacBook Pro" is read as a product more often
    than as anyone."""
    if not any(other_labels.get(doc[s:e].text) in THING_LABELS for s, e in spans):
        return False
    if label != "PERSON" or all(e - s == 1 for s, e in spans):
        return True
    texts = {doc[s:e].text for s, e in spans}
    tags = [ent.label_ for ent in doc.ents if ent.text in texts]
    return sum(tag in THING_LABELS for tag in tags) >= tags.count("PERSON")


def _spoken_of_as_person(doc, members) -> bool:
    """A title before or opening a mention of the full name, or that mention speaking ("he" or "she" nearby is
    too weak, and so is acting: a review's "Bottom Line" heads paragraphs full of them, and the brand "Line"
    makes skis)."""
    longest = max(c.end - c.start for c in members)
    for c in members:
        if c.end - c.start < longest:
            continue  # the full name itself: "What Line says" is the ski brand's, under a heading "Bottom Line"
        if c.start > 0 and doc[c.start - 1].lower_.rstrip(".") in TITLES or doc[c.start].lower_ in TITLES:
            return True
        if doc[c.start].tag_ == "MD":
            continue  # "Will Warren continue ...?": a question's verb before a surname
        token = doc[c.end - 1]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ in SAYING:
            return True
    return False


def _firm_named_for_product(doc, spans) -> bool:
    texts = {doc[s:e].text for s, e in spans}
    tags = [ent.label_ for ent in doc.ents if ent.text in texts]
    if tags.count("ORG") < sum(tag in ("PRODUCT", "WORK_OF_ART", "LAW", "EVENT") for tag in tags):
        return False
    return any(acts(doc, s, e) or owns_its(doc, e) for s, e in spans)


def first_line_end(doc) -> int:
    for token in doc:
        if "\n" in token.text_with_ws:
            return token.i + 1
    return len(doc)


def _line_edges(doc, start: int, end: int) -> tuple[int, int]:
    first = start
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
    last = end
    while last < len(doc) and "\n" not in doc[last - 1].text_with_ws:
        last += 1
    return first, last


def _whole_line(doc, start: int, end: int) -> bool:
    first, last = _line_edges(doc, start, end)
    # An emoji or other symbol beside a heading ("Tools & Projects 🛠") leaves it a heading.
    return all(not any(ch.isalnum() for ch in t.text) for t in [*doc[first:start], *doc[end:last]])


TITLE_CASE_WORDS = 6  # words of a line in title case ("Donald Trump Advises Boeing To Rebrand Max 737")


def _title_case_line(doc, start: int, end: int) -> bool:
    """A headline or menu line whose every word is capitalised: any run of
    its words looks like a name. A line in capitals is no such line (news
    wires shout their headlines, and the model reads names in them)."""
    first, last = _line_edges(doc, start, end)
    words = [t.text for t in doc[first:last] if t.is_alpha]
    if len(words) < TITLE_CASE_WORDS or all(w.isupper() for w in words):
        return False
    return all(w[:1].isupper() for w in words)


def _starts_sentence(doc, start: int) -> bool:
    return start == 0 or doc[start].is_sent_start or "\n" in doc[start - 1].text_with_ws


def _before(doc, start: int) -> str:
    return doc[start - 1].lower_ if start > 0 else ""


def _medium(doc, start: int, end: int) -> bool:
    """ "on Twitter", not "on Trump's orders"."""
    return _before(doc, start) in MEDIUM_PREPOSITIONS and not (end < len(doc) and doc[end].text in ("'s", "’s"))


def _in_path(doc, start: int, end: int) -> bool:
    before = start > 0 and doc[start - 1].text == "/" and not doc[start - 1].whitespace_
    after = end < len(doc) and doc[end].text == "/" and not doc[end - 1].whitespace_
    return before or after


def _quoted(doc, start: int, end: int) -> bool:
    return start > 0 and end < len(doc) and doc[start - 1].text in _QUOTES and doc[end].text in _QUOTES


def _product_use(doc, start: int, label: str) -> bool:
    prev = _before(doc, start)
    if prev in PRODUCT_DETERMINERS:
        return True
    # "the new MacBook Pro", "the smaller, more portable Nintendo Switch", "the same old Switch": a determiner
    # and lower-case adjectives (with their adverbs and commas).
    i = start - 1
    while i >= 0 and start - i <= _DESCRIBING_WORDS and _describes(doc[i]):
        i -= 1
    if i < start - 1 and i >= 0 and doc[start - 1].tag_ in ("JJ", "JJR", "JJS"):
        return doc[i].lower_ in PRODUCT_DETERMINERS | {"the"}
    return label == "PERSON" and prev == "the"


_DESCRIBING_WORDS = 5


def _describes(token) -> bool:
    return token.text == "," or (token.text.islower() and token.tag_ in ("JJ", "JJR", "JJS", "RB", "RBR"))


def _modifies(doc, end: int) -> bool:
    """ "the Obama administration": the name stands before the noun it modifies."""
    return end < len(doc) and doc[end].is_alpha and doc[end].text.islower()


def _modifier_only(doc, start: int, end: int) -> bool:
    """ "USB ports", "8GB RAM", "60 FPS": an acronym that modifies a common
    noun or follows a figure names a thing, not an organization."""
    if start > 0 and any(ch.isdigit() for ch in doc[start - 1].text):
        return True
    last = doc[end - 1]
    # "NASA scientists", "the BackStoppers organization": its people or its kind, not a thing.
    bodies = last.head.lemma_ in MEMBER_NOUNS | ORG_NOUNS
    return last.dep_ == "compound" and last.head.i >= end and last.head.text.islower() and not bodies


def _cased_by_name(word: str) -> bool:
    """ "BMW", "iHome": capitals no sentence start explains."""
    return any(ch.isupper() for ch in word[1:])


def _introduced(doc, start: int, end: int) -> bool:
    """A person named by one word: after a title, or acting in the sentence."""
    if start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES:
        return True
    if introductions.by_relation_or_partner(doc, start, end):
        return True
    token = doc[end - 1]
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB"
