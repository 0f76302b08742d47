"""The shops a text buys things from: "$45 at ASOS", "available at Nordstrom", "Buy it: $30, Etsy".

A gift guide or a review names where each thing is sold, and the small model reads those names as anything
(a person, a place) or misses them. A name is a seller where the text puts it after "at" or "from" with a
price beside it ("$45 at ASOS", "at Kohl's for $25") or after a verb of buying or selling ("sold at", "shop
the look at"), after a shopping label and its colon ("Buy it: $30, Etsy"), or in a list with one of those
("at ASOS, Etsy and Zara"). ``seller_spans`` finds them for ``entities.extract`` (a seller is an
organization), ``organizations.shown_as_organization`` (listed) and ``spec_pages`` (the name on the line
of a price is the shop there, not the product).
"""

from __future__ import annotations

SELLING_PREPOSITIONS = {"at", "from"}
# Lemmas of the words whose "at" or "from" names a shop.
SELLING_WORDS = {"buy", "shop", "sell", "sold", "order", "purchase", "available", "stock", "retail"}
CURRENCY = {"$", "£", "€", "¥", "us$"}
_NAME_WORDS = 4
_LIST_GLUE = {",", "and", "or", "&"}


def seller_spans(doc) -> list[tuple[int, int]]:
    """Token spans of the names the text buys things at, in text order."""
    cached = doc.user_data.get("sellers")
    if cached is not None:
        return cached
    found: list[tuple[int, int]] = []
    for t in doc:
        if t.lower_ in SELLING_PREPOSITIONS:
            start = t.i + 1 + (t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "the")
            span = _name_at(doc, start)
            if span is None or _person_paid(doc, t, span):
                continue
            if _price_near(doc, t.i, span[1]) or _selling_head(t):
                found += _listed_from(doc, span)
        elif t.text == ":" and _shopping_label(doc, t.i):
            i = t.i + 1
            while i < len(doc) and "\n" not in doc[i - 1].text_with_ws and (_is_price(doc, i) or doc[i].text == ","):
                i += 1
            span = _name_at(doc, i)
            if span:
                found += _listed_from(doc, span)
    cached = doc.user_data["sellers"] = sorted(set(found))
    return cached


def _person_paid(doc, prep, span: tuple[int, int]) -> bool:
    """ "$500 from John Smith": money from a person the model names in full is a gift or a fee, no sale; a shop
    is "from" only where the text buys there ("ordered from")."""
    if prep.lower_ != "from" or _selling_head(prep):
        return False
    return span[1] - span[0] >= 2 and all(doc[i].ent_type_ == "PERSON" for i in range(*span))


def is_seller(doc, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in seller_spans(doc))


def _name_word(token) -> bool:
    text = token.text
    return token.is_alpha and (text[:1].isupper() or any(ch.isupper() for ch in text[1:]))


def _name_at(doc, start: int) -> tuple[int, int] | None:
    """The run of name words from ``start`` ("Net-A-Porter", "Urban Outfitters"), within its line."""
    i, words = start, 0
    while i < len(doc) and words < _NAME_WORDS:
        token = doc[i]
        if _name_word(token):
            words += 1
        elif not (token.text in {"-", "&"} and i > start and _name_word(doc[i - 1])):
            break
        if "\n" in token.text_with_ws:
            i += 1
            break
        i += 1
    while i > start and not _name_word(doc[i - 1]):
        i -= 1
    return (start, i) if words and i > start else None


def _is_price(doc, i: int) -> bool:
    if i < 0:
        return False
    token = doc[i]
    if token.text.lower() in CURRENCY or token.tag_ == "$":
        return i + 1 < len(doc) and doc[i + 1].like_num
    return token.like_num and token.ent_type_ == "MONEY"


# Words between a shop's name and the price after it: "at Kohl's for $25", "from Etsy ($30)", "at ASOS, $45".
_BEFORE_PRICE = {"for", ",", "(", "-", "–", "—", ":", "'s", "’s"}
CURRENCY_WORDS = {"dollars", "euros", "pounds", "usd", "eur", "gbp"}


def _price_near(doc, prep: int, end: int) -> bool:
    """A price right before the preposition ("$45 at", "from $700 at") or right after the name ("at Kohl's for
    $25"), on its line: not "landed at Heathrow at noon and paid $20"."""
    before = doc[prep - 1] if prep > 0 else None
    if before is not None and "\n" not in before.text_with_ws:
        if before.lower_ in CURRENCY_WORDS or (
            before.like_num and any(_is_price(doc, i) for i in (prep - 2, prep - 1))
        ):
            return True
    i = end
    while i < len(doc) and i - end < 3 and doc[i].text in _BEFORE_PRICE and "\n" not in doc[i - 1].text_with_ws:
        i += 1
    return i > end and i < len(doc) and "\n" not in doc[i - 1].text_with_ws and _is_price(doc, i)


def _selling_head(prep) -> bool:
    """ "available at", "sold at", "shop the dress at", "buy them from": the word the preposition hangs on."""
    head = prep.head
    if head.dep_ == "dobj" and head.i < prep.i:
        head = head.head  # "shop the look at": the verb of the preposition's object
    return head.lemma_.lower() in SELLING_WORDS or head.lower_ in SELLING_WORDS


def _shopping_label(doc, colon: int) -> bool:
    """ "Buy it:", "Shop now:", "Available:": a line or sentence opened by a word of buying, a few words before
    a colon."""
    first = colon
    while first > 0 and "\n" not in doc[first - 1].text_with_ws and not doc[first].is_sent_start:
        first -= 1
        if colon - first > 3:
            return False
    words = doc[first:colon]
    return bool(words) and (words[0].lemma_.lower() in SELLING_WORDS or words[0].lower_ in SELLING_WORDS)


def _listed_from(doc, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The seller's span and the names listed right after it ("at ASOS, Etsy and Zara")."""
    spans = [span]
    i = span[1]
    while i < len(doc) and "\n" not in doc[i - 1].text_with_ws:
        j = i
        while j < len(doc) and doc[j].lower_ in _LIST_GLUE and j - i < 2:
            j += 1
        if j == i or (nxt := _name_at(doc, j)) is None:
            break
        if nxt[1] < len(doc) and doc[nxt[1]].pos_ in ("VERB", "AUX"):
            break  # "at ASOS, Jane said": the list has ended
        spans.append(nxt)
        i = nxt[1]
    return spans
