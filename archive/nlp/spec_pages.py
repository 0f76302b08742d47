"""Pages of specifications: a review or a shop page gives measures again and
again (figures in cm, grams, GB, mAh...), and there a name followed by a model
number ("QST 118") or by a measure or a price on its line ("K2 Catamaran,
184 cm") is a product, as are the names listed beside one. ``mark_products``
leaves their spans in ``doc.user_data["products"]`` for
``confidence.confident``.
"""

from __future__ import annotations

import re

from . import sellers

# Units of the figures a product's specifications give; a page that gives
# many of them reviews or sells things.
SPEC_UNITS = {
    "cm", "mm", "kg", "g", "grams", "gram", "lbs", "lb", "oz", "gb", "tb", "mb", "mah", "ghz", "mhz", "hz",
    "inch", "inches", "watts", "mp", "megapixels", "nits",
}  # fmt: skip
_GLUED_SPEC = re.compile(r"^\d+(?:[.,]\d+)?(" + "|".join(sorted(SPEC_UNITS, key=len, reverse=True)) + r")$", re.I)
SPEC_PAGE_FIGURES = 5  # measures on a page that make it a page of specifications


def _is_measure(doc, i: int) -> bool:
    """Token ``i`` starts a measure: "184 cm", "8GB", "$160"."""
    token = doc[i]
    if _GLUED_SPEC.match(token.text):
        return not token.text.endswith("G")  # "4G", "5G": a network's generation, not grams
    if token.text == "$":
        return i + 1 < len(doc) and doc[i + 1].like_num
    return token.like_num and i + 1 < len(doc) and doc[i + 1].lower_ in SPEC_UNITS


def spec_page(doc) -> bool:
    """Whether the text gives measures again and again (prices do not count:
    news give prices too)."""
    cached = doc.user_data.get("spec_page")
    if cached is None:
        count = sum(1 for t in doc if t.text != "$" and _is_measure(doc, t.i))
        cached = doc.user_data["spec_page"] = count >= SPEC_PAGE_FIGURES
    return cached


_LIST_GLUE = {",", "/", "and", "or", "&"}


def mark_products(doc, cands) -> None:
    """On a page of specifications, the spans of candidates that are products:
    those with a model number or a measure, and the names listed beside one
    ("Atomic Bent Chetler 120, K2 Catamaran, Blizzard Spur"). Read by
    ``confident`` from ``doc.user_data``."""
    products: set[tuple[int, int]] = set()
    if spec_page(doc):
        ordered = sorted(cands, key=lambda c: c.start)
        # The shop on a price's line ("$45 at ASOS") sells the product there; it is none.
        ordered = [c for c in ordered if not sellers.is_seller(doc, c.start, c.end)]
        products = {(c.start, c.end) for c in ordered if _product_spec(doc, c.start, c.end)}
        texts = {doc[s:e].text for s, e in products}
        products |= {(c.start, c.end) for c in ordered if doc[c.start : c.end].text in texts}
        changed = True
        while changed:
            changed = False
            for a, b in zip(ordered, ordered[1:], strict=False):
                if not _listed_together(doc, a, b):
                    continue
                for x, y in ((a, b), (b, a)):
                    if (x.start, x.end) in products and (y.start, y.end) not in products:
                        products.add((y.start, y.end))
                        changed = True
    doc.user_data["products"] = products


def _listed_together(doc, a, b) -> bool:
    """ "A, B", "A 118, B", "A / B", "A, and B": names next to each other in a list."""
    between = doc[a.end : b.start]
    return (
        0 < len(between) <= 3
        and any(t.lower_ in _LIST_GLUE for t in between)
        and all(t.lower_ in _LIST_GLUE or any(ch.isdigit() for ch in t.text) for t in between)
        and "\n" not in doc[a.start : b.end].text
    )


def _product_spec(doc, start: int, end: int) -> bool:
    """A model number right after the name, or a measure or price later on
    its line within a few words."""
    if end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        following = doc[end]
        if any(ch.isdigit() for ch in following.text) and not _is_year(following.text):
            return True
    i = end
    while i < len(doc) and i < end + 8 and "\n" not in doc[i - 1].text_with_ws:
        if doc[i].is_sent_start:
            break
        if _is_measure(doc, i):
            return True
        i += 1
    return False


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")
