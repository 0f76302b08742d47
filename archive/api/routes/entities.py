"""/api/entities/: people, organizations, places and groups; their articles and statements."""

from datetime import date
from typing import Annotated

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from archive.api import schemas, serialize
from archive.api.pagination import DEFAULT_PAGE_SIZE, paginate
from archive.filters import StatementFilters, clean
from archive.models import Article, Entity, Role

from .common import PageNumber, PageSize, responses, slug_or_404

router = Router(tags=["entities"])


def _entity(slug: str) -> Entity:
    # A merged entity's slug still answers, with the entity it was merged into.
    return get_object_or_404(Entity, slug=slug_or_404(slug)).final()


@router.get("/entities/", response=responses(schemas.EntityPage), summary="List entities by name")
def list_entities(
    request,
    kind: Annotated[Entity.Kind | None, Query(description="person, organization, place or group.")] = None,
    q: Annotated[str, Query(description="Words in the name or an alias.")] = "",
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    entities = Entity.objects.canonical()
    if kind:
        entities = entities.filter(kind=kind)
    for word in clean(q).split():
        entities = entities.filter(Q(name__icontains=word) | Q(aliases__name__icontains=word))
    return paginate(request, entities.distinct().order_by("name", "pk"), page, page_size, serialize.entity)


@router.get("/entities/{slug}/", response=responses(schemas.EntityDetail, not_found=True), summary="One entity")
def get_entity(request, slug: str):
    entity = _entity(slug)
    roles = Role.objects.filter(Q(person=entity) | Q(organization=entity)).select_related("person", "organization")
    return {
        **serialize.entity(request, entity),
        "aliases": sorted(entity.aliases.values_list("name", flat=True)),
        "roles": [
            {
                "person": serialize.entity_ref(r.person),
                "organization": serialize.entity_ref(r.organization),
                "description": r.description,
                "article_id": r.article_id,
            }
            for r in roles.order_by("article_id", "pk")
        ],
        "article_count": Article.objects.by_or_about(entity).count(),
        "statement_count": entity.statements.count(),
    }


@router.get(
    "/entities/{slug}/articles/",
    response=responses(schemas.ArticlePage, not_found=True),
    summary="Articles the entity wrote or is named in",
)
def list_entity_articles(request, slug: str, page: PageNumber = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    articles = Article.objects.by_or_about(_entity(slug)).with_listing().newest()
    return paginate(request, articles, page, page_size, serialize.article_summary)


@router.get(
    "/entities/{slug}/statements/",
    response=responses(schemas.StatementPage, not_found=True),
    summary="What the entity said (as speaker)",
)
def entity_statements(
    request,
    slug: str,
    after: date | None = None,
    before: date | None = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    entity = _entity(slug)
    qs = StatementFilters(speaker=entity, after=after, before=before).statements()
    return paginate(request, qs, page, page_size, serialize.statement)
