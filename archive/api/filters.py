"""Filtering articles and statements the way the search page and who-said-what lists do.

Plain QuerySet logic, kept out of the route functions so the feeds, pages and
API can agree on what each filter means.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from archive.models import Article, Entity, Role, Statement


def clean(text: str | None) -> str:
    """A user-supplied string the database can always take: PostgreSQL refuses NUL characters."""
    return (text or "").replace("\x00", "").strip()[:1000]


def _entity_articles(slug: str, kind: str | None = None) -> QuerySet:
    """Articles an entity wrote or is named in (following curator merges)."""
    entities = Entity.objects.filter(slug=slug)
    if kind:
        entities = entities.filter(kind=kind)
    entity = entities.first()
    if entity is None:
        return Article.objects.none()
    return entity_articles(entity.final())


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
) -> QuerySet:
    """Articles matching every given filter. ``tags`` is an intersection;
    ``source`` a source slug or domain; ``author``, ``person`` and ``org`` are
    entity slugs (author: wrote it; person/organization: wrote it or is named);
    ``before``/``after`` bound the publication date, inclusive."""
    q = clean(q)
    if q:
        qs = qs.search(q)
    slugs = [clean(t).lower() for t in tags if clean(t)]
    if slugs:
        qs = qs.tagged_all(slugs)
    source = clean(source)
    if source:
        qs = qs.filter(Q(source__slug=source) | Q(source__domain=source.lower()))
    author = clean(author)
    if author:
        entity = Entity.objects.filter(slug=author).first()
        final = entity.final() if entity else None
        qs = qs.filter(authorships__entity=final) if final else qs.none()
    for slug, kind in ((clean(person), Entity.Kind.PERSON), (clean(org), Entity.Kind.ORGANIZATION)):
        if slug:
            qs = qs.filter(pk__in=_entity_articles(slug, kind).values("pk"))
    if after:
        qs = qs.filter(published__date__gte=after)
    if before:
        qs = qs.filter(published__date__lte=before)
    return qs


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
    """Who said what: ``speaker`` is an entity slug; ``organization`` matches
    statements by the organization itself or by a person the archive knows
    holds a role there; ``outlet`` is the entity the statement was reported
    through ("according to Reuters"); ``tag`` the article's tags
    (intersection); ``after``/``before`` the article's publication date; ``q``
    words in what was said."""
    speaker = clean(speaker)
    if speaker:
        qs = qs.filter(speaker__slug=speaker)
    organization = clean(organization)
    if organization:
        members = Role.objects.filter(organization__slug=organization).values("person")
        qs = qs.filter(Q(speaker__slug=organization) | Q(speaker__in=members))
    outlet = clean(outlet)
    if outlet:
        qs = qs.filter(via__slug=outlet)
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
