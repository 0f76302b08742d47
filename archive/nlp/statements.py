"""Attribution: who said what. (Placeholder: finds nothing yet.)"""

from __future__ import annotations

from .types import EntityCluster, ExtractedStatement


def extract(doc, clusters: list[EntityCluster]) -> list[ExtractedStatement]:
    return []
