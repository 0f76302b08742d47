"""Which texts the analysis can be sure of: those in the language its spaCy model reads. On text in
another language the model's names and cues are guesses ("Import von Früchten" as a person, the
Portuguese pronoun "Eu" as an organization), so ``store.py`` keeps their mentions for search but none
is confident, and takes no roles or statements from them."""

from __future__ import annotations

import re

from . import model

# The commonest words of English and of the other languages of news pages (German, French, Spanish,
# Portuguese, Italian, Dutch), none of them also an English word: a page that calls itself English but is
# written in another language has many more of the second than of the first. A results table has few of
# either, and is read as the English it is.
_ENGLISH_WORDS = frozenset(
    "the of and to is that for it on with as was at by he she his her be are this from or have has "
    "not but they their you we said were which who will would been its".split()
)
_OTHER_WORDS = frozenset(
    "der und das ist nicht mit von zu den für auf ein eine sich dem des auch wird sind oder wurde "
    "le les et est une du pour qui dans sur pas avec sont aux cette "
    "el los las y del por con una para es lo como más pero sus "
    "que não com os uma das dos na em ao pelo pela são "
    "il di che della non sono per gli nel "
    "het een van en op zijn niet voor ook worden".split()
)


def reads_english(language: str, text: str) -> bool:
    """Whether the model (an English one) can be sure of what it reads in a page of ``language`` (its
    ``<html lang>``, "" when the page gave none): on a German or Portuguese page it takes nouns for people
    ("Therapien", "Milliarde Euro") and the pronoun "Eu" for an organization. What the page is written in
    wins over what it calls itself: an English story on a site whose pages all say "de" is read, a German
    one whose page says "en" is not."""
    words = re.findall(r"[^\W\d_]+", text[:20000].casefold())
    english = sum(w in _ENGLISH_WORDS for w in words)
    other = sum(w in _OTHER_WORDS for w in words)
    if language and not language.casefold().startswith("en"):
        return english >= 20 and english > 2 * other and english >= 0.15 * len(words)
    return other < 20 or other <= 2 * english


def model_language() -> str:
    """The language the pipeline reads: spaCy's packages are named after it ("en_core_web_sm")."""
    return model.model_name().split("_", 1)[0].lower()


def reads(language: str, text: str) -> bool:
    """Whether the model reads an article in ``language`` (the one its page declares, "" when none) whose
    body is ``text``. An English model goes by the page's own words, whatever it declares
    (``reads_english``); another model by the declared language, a page declaring none being read."""
    own = model_language()
    if own == "en":
        return reads_english(language, text)
    return not language or language.split("-", 1)[0].lower() == own
