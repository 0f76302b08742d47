"""Entity layer over spaCy's NER. (Placeholder: bare model output.)"""

from __future__ import annotations

from .types import LABEL_KINDS, EntityCluster, EntityMention


def extract(doc) -> tuple[list[EntityMention], list[EntityCluster]]:
    clusters: dict[tuple[str, str], EntityCluster] = {}
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in LABEL_KINDS:
            continue
        m = EntityMention(ent.start_char, ent.end_char, ent.text, ent.label_, ent.text)
        mentions.append(m)
        cluster = clusters.setdefault((ent.text, ent.label_), EntityCluster(ent.text, ent.label_))
        cluster.mentions.append(m)
    return mentions, list(clusters.values())
