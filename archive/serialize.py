"""Model objects as plain dicts, shared by the pages' JSON twins and the API.

One function reads a statement (``statement``); each public JSON shape is a
thin renaming of it (``archive.api.serialize.statement`` for /api/,
``archive.views.statements.statement_data`` for /statements.json), so both
always say the same thing about a statement.
"""

from __future__ import annotations

from archive.local_time import local_published
from archive.models import Entity, Statement


def entity_ref(entity: Entity | None) -> dict | None:
    if entity is None:
        return None
    return {"slug": entity.slug, "name": entity.name, "kind": entity.kind}


def statement(request, s: Statement) -> dict:
    """Everything the JSON shapes tell of a statement, URLs made absolute for
    the request. Expects ``Statement.objects.with_listing()``."""
    article = s.article
    article_url = article.get_absolute_url()
    return {
        "id": s.pk,
        "position": s.position,
        "kind": s.kind,
        "speaker": entity_ref(s.speaker),
        "speaker_url": request.build_absolute_uri(s.speaker.get_absolute_url()) if s.speaker else None,
        "speaker_name": s.speaker_name,
        "speaker_kind": s.speaker_kind,
        "source_text": s.source_text,
        "cue": s.cue,
        "content": s.content,
        "via": entity_ref(s.via),
        "recipient": s.recipient,
        "archive_url": request.build_absolute_uri(f"{article_url}#{s.anchor}"),
        "article": {
            "id": s.article_id,
            "title": article.title,
            "archive_url": request.build_absolute_uri(article_url),
            "published": local_published(article),
            "source": article.source.name,
        },
    }
