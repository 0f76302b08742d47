"""/api/tags/ and /api/sources/: what the archive's articles are filed under."""

from typing import Annotated

from django.db.models import Q
from ninja import Query, Router

from archive.api import schemas
from archive.api.pagination import DEFAULT_PAGE_SIZE, paginate
from archive.filters import clean
from archive.models import Source, tag_counts

from .common import PageNumber, PageSize, responses

router = Router(tags=["tags and sources"])


def _tag(request, tag) -> dict:
    return {"slug": tag.slug, "name": tag.name, "article_count": tag.n}


def _source(request, source) -> dict:
    return {
        "slug": source.slug,
        "name": source.name,
        "domain": source.domain,
        "home_url": source.home_url,
        "archive_url": request.build_absolute_uri(source.get_absolute_url()),
        "article_count": source.n,
    }


@router.get("/tags/", response=responses(schemas.TagPage), summary="Tags in use, by name")
def list_tags(
    request,
    q: Annotated[str, Query(description="Part of the tag's name.")] = "",
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    tags = tag_counts()
    if clean(q):
        tags = tags.filter(name__icontains=clean(q))
    return paginate(request, tags.order_by("name", "pk"), page, page_size, _tag)


@router.get("/sources/", response=responses(schemas.SourcePage), summary="Sources, by name")
def list_sources(
    request,
    q: Annotated[str, Query(description="Part of the source's name or domain.")] = "",
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    sources = Source.objects.with_article_counts()
    if clean(q):
        sources = sources.filter(Q(name__icontains=clean(q)) | Q(domain__icontains=clean(q)))
    return paginate(request, sources.order_by("name", "pk"), page, page_size, _source)
