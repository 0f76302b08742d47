"""Names the text shows to be organizations by where it gets things: the shop it buys from (sellers.py) and
the agency or station of a dateline (datelines.py). Either is an organization, whatever the model guessed
(a person, a place) or where it missed the name, and the place a dateline opens with is a place; ``label``
relabels the candidates before clustering."""

from __future__ import annotations

from . import datelines, sellers
from .mentions import Cand


def label(doc, cands: list[Cand]) -> list[Cand]:
    """The candidates with each seller and dateline agency an organization: a candidate of exactly its words
    is relabelled, the pieces of it replaced by one candidate, and a name no candidate covers added. A
    candidate reaching across the name's edges is a longer name read elsewhere and is left alone."""
    for a, b in datelines.place_spans(doc):
        for c in cands:
            if a <= c.start and c.end <= b and c.label in ("PERSON", "ORG"):
                c.label, c.origin = "GPE", "context"  # "ST. LOUIS (KTVI) –": the story's place, read as a name
    spans = sorted(set(sellers.seller_spans(doc)) | set(datelines.agency_spans(doc)))
    if not spans:
        return cands
    dropped, added = set(), []
    for a, b in spans:
        inside = [c for c in cands if a <= c.start and c.end <= b]
        if any(c.start < b and c.end > a for c in cands if not (a <= c.start and c.end <= b)):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (a, b):
            inside[0].label, inside[0].origin = "ORG", "context"
            continue
        dropped.update(id(c) for c in inside)
        added.append(Cand(a, b, "ORG", origin="context"))
    if not added:
        return cands
    return sorted([c for c in cands if id(c) not in dropped] + added, key=lambda c: c.start)
