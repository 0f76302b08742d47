"""Model objects as the plain dicts the API schemas describe; URLs made absolute for the request."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse

from archive import serialize as shared
from archive.changes import visible_changes
from archive.local_time import local_published
from archive.models import Article, Capture, Entity, Statement
from archive.serialize import entity_ref

__all__ = ["article_detail", "article_summary", "capture", "entity", "entity_ref", "statement"]


def article_summary(request, article: Article) -> dict:
    """Expects ``with_listing()`` prefetches."""
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "archive_url": request.build_absolute_uri(article.get_absolute_url()),
        "source": {"slug": article.source.slug, "name": article.source.name},
        "byline": article.byline,
        "authors": [entity_ref(a.entity) for a in article.authorships.all()],
        "published": local_published(article),
        "captured": article.captured,
        "language": article.language,
        "summary": article.summary,
        "tags": [{"slug": t.slug, "name": t.name} for t in article.tags_by_name],
    }


def capture(request, c: Capture) -> dict:
    return {
        "id": c.pk,
        "captured": c.captured,
        "format": c.format,
        "url": c.url,
        "sha256": c.sha256,
        "size": c.size,
        "memento_url": request.build_absolute_uri(c.get_absolute_url()),
        "raw_url": request.build_absolute_uri(reverse("interop:api:capture_raw", args=[c.pk])),
    }


def statement(request, s: Statement) -> dict:
    """The API's shape of ``archive.serialize.statement``. Expects ``Statement.objects.with_listing()``."""
    data = shared.statement(request, s)
    article = data["article"]
    return {
        "id": data["id"],
        "article": {k: article[k] for k in ("id", "title", "archive_url", "published")},
        **{k: data[k] for k in ("position", "kind", "speaker", "speaker_name", "speaker_kind", "source_text", "cue")},
        **{k: data[k] for k in ("content", "via", "recipient", "archive_url")},
    }


def article_detail(request, article: Article) -> dict:
    data = article_summary(request, article)
    # The article page's panel, not every entity mentioned: a product or fragment the analysis was unsure of
    # everywhere is no person or organization in the API either.
    counts = Counter(m.entity for m in article.shown_mentions())
    entities = sorted(counts.items(), key=lambda item: (-item[1], item[0].name, item[0].pk))
    statements = Statement.objects.confident().with_listing().filter(article=article).order_by("position")
    captures = list(article.captures.defer("raw").order_by("captured", "pk"))
    data.update(
        modified=article.modified,
        body=article.paragraphs,
        word_count=article.word_count,
        read_time=article.read_time,
        comments=article.comments,
        comment_count=article.comment_count,
        captures=[capture(request, c) for c in captures],
        changes=[change(request, c) for c in visible_changes(captures)],
        entities=[{**entity_ref(e), "mentions": n} for e, n in entities],
        statements=[statement(request, s) for s in statements],
    )
    return data


def change(request, c) -> dict:
    """One capture that changed what a reader sees, against the capture before it."""
    return {
        "from_capture": c.old.pk,
        "to_capture": c.new.pk,
        "captured": c.new.captured,
        "summary": c.summary,
        "archive_url": request.build_absolute_uri(c.get_absolute_url()),
    }


def entity(request, e: Entity) -> dict:
    return {
        **entity_ref(e),
        "description": e.description,
        "archive_url": request.build_absolute_uri(e.get_absolute_url()),
    }
