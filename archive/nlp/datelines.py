"""The outlet a dateline names: "ST. LOUIS (KTVI) —", "LONDON (Reuters) -", "PARIS, Sept 1 (AP) —".

A line that opens with the place a story is told from, then a name in brackets and a dash, gives in the
brackets the agency or station the story comes from: an organization, whatever the model made of it (it
often leaves a station's call letters out, or calls them a place). ``agency_spans`` finds those names for
``entities.extract`` and ``organizations.shown_as_organization``.
"""

from __future__ import annotations

DASHES = {"—", "–", "-", "--"}
# Tokens before the brackets: the place's words, a comma, and a date's figures ("PARIS, Sept. 1").
_PLACE_TOKENS = 6
_NAME_TOKENS = 4


def agency_spans(doc) -> list[tuple[int, int]]:
    """Token spans of the names in brackets on datelines."""
    return [agency for _, agency in _datelines(doc)]


def place_spans(doc) -> list[tuple[int, int]]:
    """Token spans of the places datelines open with ("ST. LOUIS"): no person's name, whatever the model read."""
    return [place for place, _ in _datelines(doc)]


def is_agency(doc, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in agency_spans(doc))


def _datelines(doc) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    cached = doc.user_data.get("datelines")
    if cached is None:
        cached = doc.user_data["datelines"] = [
            found for t in doc if t.text == "(" and (found := _agency_after(doc, t.i)) is not None
        ]
    return cached


def _agency_after(doc, opening: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The dateline's place and agency spans, for the bracket at ``opening``."""
    close = opening + 1
    while close < len(doc) and doc[close].text != ")" and close - opening <= _NAME_TOKENS:
        if "\n" in doc[close].text_with_ws or not _name_word(doc[close].text):
            return None
        close += 1
    if close == opening + 1 or close >= len(doc) or doc[close].text != ")":
        return None
    if close + 1 >= len(doc) or doc[close + 1].text not in DASHES or "\n" in doc[close].text_with_ws:
        return None
    if not doc[opening + 1].text[:1].isupper():
        return None
    first = opening - 1
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
        if opening - first > _PLACE_TOKENS:
            return None
    place = doc[first:opening]
    if not place or not place[0].text[:1].isupper() or "\n" in place.text:
        return None
    if not all(t.text[:1].isupper() or t.text in {",", "."} or t.like_num for t in place):
        return None
    end = opening
    while end > first and (doc[end - 1].like_num or doc[end - 1].text == ","):
        end -= 1  # the date after the place ("PARIS, Sept 1")
    return (first, end), (opening + 1, close)


def _name_word(text: str) -> bool:
    return text == "&" or (text[:1].isupper() and all(ch.isalnum() or ch in ".-'" for ch in text))
