"""Storing what a parser read: one Article per story, one Capture per copy.

Each page is stored in its own transaction, so a failure leaves nothing
half-written. Identical bytes for the same article change nothing; new
bytes add a capture, and the article takes the fields of its newest capture.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from archive.cache_version import bump as archive_changed
from archive.changes import mark_visible_changes
from archive.keys.urls import domain_of
from archive.models import Article, ArticleAuthor, Capture, CommentState, Entity, Source

from .page import PageError, ParsedPage


class Outcome(StrEnum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    UPDATED = "updated"
    FAILED = "failed"


@dataclass
class Stored:
    outcome: Outcome
    article: Article | None


def refused_values_as_page_errors(store):
    """Values the database refuses (a NUL character, a field too long for its
    column on PostgreSQL) become a clear PageError; the transaction is rolled
    back, so nothing is kept."""

    @functools.wraps(store)
    def wrapper(*args, **kwargs):
        try:
            try:
                return store(*args, **kwargs)
            except IntegrityError:
                # Another import stored the same article (or source, or tag) between our
                # look and our write (PostgreSQL runs both at once): look again, once.
                return store(*args, **kwargs)
        except (DatabaseError, ValueError) as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise PageError(f"a value could not be stored ({detail})") from None

    return wrapper


@refused_values_as_page_errors
def store_page(page: ParsedPage, fetched_from: Sequence[str] = ()) -> Stored:
    """``fetched_from``: for a capture, the URL asked for and the redirect hops to the page's
    URL; an article filed under any of them (tracking parameters aside) is this page's."""
    if not page.title.strip():
        raise PageError("no title found")
    if not page.body:
        raise PageError("no article text found")
    sha = page.sha256
    url = page.url or page.canonical_url
    identifiers = [Article.identifier_for(url, sha)]
    if fetched_from and page.url:
        identifiers = Article.identifiers_for_fetch(page.url, fetched_from)
    identifier = identifiers[0]
    with transaction.atomic():
        known = _known_bytes(sha)
        if known is not None:
            return _seen_again(known, page)
        archive_changed()  # once this commits, every server's cached pages miss (archive/cache_version.py)
        article = _filed_under(identifiers)
        captured = page.captured or timezone.now()
        outcome = Outcome.UPDATED
        if article is None:
            article = Article(identifier=identifier)
            outcome = Outcome.IMPORTED
        if outcome is Outcome.IMPORTED or captured >= article.captured:
            _apply_fields(article, page, captured)
        Capture.objects.create(
            article=article,
            captured=captured,
            format=page.format,
            url=url,
            raw=page.raw,
            sha256=sha,
            size=len(page.raw),
            fields=page.fields(),
        )
        if outcome is Outcome.UPDATED:  # a new article's one capture changed nothing
            mark_visible_changes(article)
    return Stored(outcome, article)


def _filed_under(identifiers: list[str]) -> Article | None:
    """The article filed under the first of ``identifiers`` that has one, locked for the update."""
    found = {a.identifier: a for a in Article.objects.select_for_update().filter(identifier__in=identifiers)}
    return next((found[key] for key in identifiers if key in found), None)


def _known_bytes(sha: str) -> Capture | None:
    """The capture already holding these exact bytes, whichever article, format or
    route (file, WARC record, JSON Lines) brought them: the same bytes are one capture."""
    return Capture.objects.select_related("article").filter(sha256=sha).order_by("pk").first()


def _fill_offset(article: Article, page: ParsedPage) -> None:
    """An article stored before the page's UTC offset was kept gets it from the same bytes
    read again (the same date from the same source); nothing else changes."""
    if article.published_offset is None and page.published_offset is not None:
        if (article.published, article.date_source) == (page.published, page.date_source):
            article.published_offset = page.published_offset
            Article.objects.filter(pk=article.pk).update(published_offset=page.published_offset)
            archive_changed()


def _seen_again(capture: Capture, page: ParsedPage) -> Stored:
    """Bytes the archive already holds. When this import is the first to say where
    they came from (an original URL, from --url or a WARC record's target), the
    article and capture take that URL; otherwise nothing changes."""
    article = capture.article
    _fill_offset(article, page)
    if not page.url or capture.fields.get("url"):
        return Stored(Outcome.UNCHANGED, article)
    identifier = Article.identifier_for(page.url, capture.sha256)
    if identifier != article.identifier and Article.objects.filter(identifier=identifier).exists():
        return Stored(Outcome.UNCHANGED, article)  # that URL is another article's already
    archive_changed()  # bytes seen before change nothing; a URL learnt for them changes pages
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.identifier, article.url = identifier, page.url
    left = None
    if not article.source.domain and domain_of(page.url):
        # A page filed under no domain now has one: it joins that domain's Source.
        left = article.source
        article.source = Source.objects.for_page(page.source_name, domain_of(page.url), page.source_url)
    article.save(update_fields=["identifier", "url", "source"])
    if left is not None and left.pk != article.source_id and not left.articles.exists():
        left.delete()  # the domain-less stand-in (as "Unknown source") held only this article
    capture.url = page.url
    capture.fields = {**capture.fields, "url": page.url}
    capture.save(update_fields=["url", "fields"])
    return Stored(Outcome.UPDATED, article)


def _apply_fields(article: Article, page: ParsedPage, captured) -> None:
    """Make the article mirror this capture's fields."""
    url = page.url or page.canonical_url
    domain = page.source_domain or domain_of(url)
    # Pages without a URL or a site name share one "Unknown source", not one each.
    name = page.source_name or ("" if domain else "Unknown source")
    article.source = Source.objects.for_page(name, domain, page.source_url)
    article.url = url
    article.title = page.title.strip()
    article.slug = slugify(article.title, allow_unicode=True)[:100]
    article.byline = page.byline or (f"By {', '.join(page.authors)}" if page.authors else "")
    article.published = page.published
    article.date_source = page.date_source if page.published else ""
    article.published_offset = page.published_offset if page.published else None
    article.modified = page.modified
    article.captured = captured
    article.language = page.language
    body = [" ".join(p.split()) for p in page.body]
    article.body = "\n\n".join(p for p in body if p)
    article.word_count = len(article.body.split())
    article.read_time_stated = page.read_time is not None
    article.read_time = page.read_time if page.read_time is not None else Article.estimate_read_time(article.word_count)
    article.summary = page.summary or (body[0] if body else "")
    article.comments = CommentState.from_flag(page.comments_open)
    article.comment_count = page.comment_count
    article.save()
    set_tags(article, page.tags)
    set_authors(article, page.authors)


def set_tags(article: Article, names: list[str]) -> None:
    """Tags by name, matched case-insensitively to existing ones. One query
    finds the known tags (taggit's own ``set`` runs a get_or_create per name,
    which dominated import time)."""
    wanted: dict[str, str] = {}
    for name in names:
        name = name.strip()[:100]
        if name:
            wanted.setdefault(name.casefold(), name)
    # SQL's LOWER may only fold ASCII: also match the names exactly as given.
    candidates = Tag.objects.annotate(key=Lower("name")).filter(
        Q(key__in=[name.lower() for name in wanted.values()]) | Q(name__in=list(wanted.values()))
    )
    known = {t.name.casefold(): t for t in candidates}
    tags = [known.get(key) or Tag.objects.create(name=name) for key, name in wanted.items()]
    # taggit's add() runs a get_or_create per tag; the rows are new after clear().
    article.tags.clear()
    content_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(TaggedItem(content_type=content_type, object_id=article.pk, tag=t) for t in tags)


def set_authors(article: Article, names: list[str]) -> None:
    """Authors in byline order; a byline naming the site itself (as "By HOA"
    on HOA) is the organization, anyone else is a person."""
    article.authorships.all().delete()
    seen = set()
    for position, name in enumerate(names):
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        is_site = name.casefold() in {article.source.name.casefold(), article.source.domain.casefold()}
        kind = Entity.Kind.ORGANIZATION if is_site else Entity.Kind.PERSON
        entity = Entity.objects.resolve(name, kind)
        ArticleAuthor.objects.create(article=article, entity=entity, position=position)
