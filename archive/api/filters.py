"""Filtering articles and statements the way the search page and who-said-what lists do.

Plain QuerySet logic, kept out of the route functions so the feeds, pages and
API can agree on what each filter means.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from archive.models import Article, Entity, Statement
from archive.search import entities as entity_search
from archive.search.query import quote_value


def clean(text: str | None) -> str:
    """A user-supplied string the database can always take: PostgreSQL refuses NUL characters."""
    return (text or "").replace("\x00", "").strip()[:1000]


def _entity(name: str, kinds=None) -> Entity | None:
    """The entity a slug, name or alias stands for (following curator merges)."""
    return entity_search.entity_filter(name, kinds)


def entity_articles(entity: Entity) -> QuerySet:
    """Articles an entity wrote or is named in, as on its page."""
    authored = Article.objects.filter(authorships__entity=entity).values("pk")
    mentioned = Article.objects.filter(mentions__entity=entity).values("pk")
    return Article.objects.filter(Q(pk__in=authored) | Q(pk__in=mentioned))


def filter_articles(
    qs: QuerySet,
    *,
    q: str = "",
    tags: list[str] = (),
    source: str = "",
    author: str = "",
    person: str = "",
    org: str = "",
    before: date | None = None,
    after: date | None = None,
    sort: str = "newest",
):
    """Articles matching every given filter, newest first. ``tags`` is an
    intersection; ``source`` a source slug or domain; ``author`` an entity's
    slug, name or alias (who wrote it); ``person`` and ``org`` a slug, name or
    alias, meaning exactly what ``person:`` and ``org:`` mean in the search
    language (articles about them: see ``archive.search.entities``);
    ``before``/``after`` bound the publication date, inclusive. With words in
    ``q``, or a person or organization, the answer is the full-text search's
    result set within those articles (it pages by slicing and counts like a
    QuerySet), in ``sort`` order: relevance, newest or oldest."""
    qs = qs.with_listing().newest()
    slugs = [clean(t).lower() for t in tags if clean(t)]
    if slugs:
        qs = qs.tagged_all(slugs)
    source = clean(source)
    if source:
        qs = qs.filter(Q(source__slug=source) | Q(source__domain=source.lower()))
    # An unknown entity matches nothing: answer at once rather than pass an
    # empty set on (the search engine cannot take one as its scope).
    author = clean(author)
    if author:
        entity = _entity(author)
        if entity is None:
            return qs.none()
        qs = qs.filter(authorships__entity=entity)
    if after:
        qs = qs.filter(published__date__gte=after)
    if before:
        qs = qs.filter(published__date__lte=before)
    q = clean(q)
    # person= and org= are the search language's person: and org:, so both
    # mean the same thing everywhere.
    for name, value in (("person", clean(person)), ("org", clean(org))):
        if value:
            q = f"{q} {name}:{quote_value(value)}".strip()
    # Search last: its engine takes the filtered set as the scope it ranks within.
    return qs.search(q, sort=sort) if q else qs


def filter_statements(
    qs: QuerySet,
    *,
    speaker: str = "",
    organization: str = "",
    outlet: str = "",
    tag: list[str] = (),
    kind: str = "",
    after: date | None = None,
    before: date | None = None,
    q: str = "",
) -> QuerySet:
    """Who said what, as on /statements/: ``speaker`` is an entity's slug,
    name or alias; ``organization`` matches statements by the organization
    itself or by a person the archive knows holds a role there; ``outlet`` is
    the entity the statement was reported through ("according to Reuters");
    ``tag`` the article's tags (intersection); ``after``/``before`` the
    article's publication date; ``q`` words in what was said. A name that
    stands for no entity matches nothing."""
    for value, apply in (
        (clean(speaker), lambda qs, e: qs.filter(speaker=e)),
        (clean(organization), lambda qs, e: qs.by_organization(e)),
        (clean(outlet), lambda qs, e: qs.filter(via=e)),
    ):
        if value:
            entity = _entity(value)
            if entity is None:
                return qs.none()
            qs = apply(qs, entity)
    slugs = [clean(t).lower() for t in tag if clean(t)]
    if slugs:
        qs = qs.filter(article__in=Article.objects.tagged_all(slugs).values("pk"))
    kind = clean(kind)
    if kind:
        qs = qs.filter(kind=kind)
    if after:
        qs = qs.filter(article__published__date__gte=after)
    if before:
        qs = qs.filter(article__published__date__lte=before)
    for word in clean(q).split():
        qs = qs.filter(content__icontains=word)
    return qs


def statements() -> QuerySet:
    """Statements in a stable order: newest article first, then position in the article."""
    return Statement.objects.with_listing().order_by(
        F("article__published").desc(nulls_last=True), "-article__captured", "-article_id", "position", "pk"
    )
