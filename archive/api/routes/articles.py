"""/api/articles/ and /api/search/: the archive's articles, filtered as on the search page."""

from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from ninja import Query, Router
from ninja.errors import ValidationError

from archive.api import schemas, serialize
from archive.api.pagination import DEFAULT_PAGE_SIZE, paginate
from archive.filters import filter_articles
from archive.models import Article
from archive.search.limits import MAX_DEPTH

from .common import Id, PageNumber, PageSize, responses

router = Router(tags=["articles"])

# One meaning per name, as everywhere in the archive (archive.filters): author= is who wrote
# the article; person= and org= are who it is about, exactly as person: and org: in the search.
SOURCE = "Source slug, domain or name (any case), as export_articles --source takes it."
AUTHOR = "Slug, name or alias of a person or organization who wrote the article (its byline)."
ABOUT = (
    "Slug, name or alias of {} the article is about, exactly as {}: in the search: articles it is "
    "mentioned in, or whose text holds one of its unambiguous names where the analysis missed the mention. "
    "Not its byline: use author= for that."
)
PERSON = ABOUT.format("a person", "person")
ORG = ABOUT.format("an organization", "org")


def _list(request, q, tag, source, author, person, org, before, after, page, page_size, sort="newest"):
    if q and (page - 1) * page_size >= MAX_DEPTH:
        # As on the search page: results page only this deep (archive.search.limits). An
        # invalid parameter, answered in the documented shape of one.
        message = f"Only the first {MAX_DEPTH} results of a search can be paged through; narrow it."
        raise ValidationError([{"loc": ["query", "page"], "msg": message, "type": "too_deep"}])
    articles = filter_articles(
        Article.objects.all(),
        q=q,
        tags=tag,
        source=source,
        author=author,
        person=person,
        org=org,
        before=before,
        after=after,
        sort=sort,
    )
    return paginate(request, articles, page, page_size, serialize.article_summary)


@router.get("/articles/", response=responses(schemas.ArticlePage), summary="List articles, newest first")
def list_articles(
    request,
    q: str = "",
    tag: Annotated[list[str] | None, Query(description="Tag slug or name; repeat for articles with every tag.")] = None,
    source: Annotated[str, Query(description=SOURCE)] = "",
    author: Annotated[str, Query(description=AUTHOR)] = "",
    person: Annotated[str, Query(description=PERSON)] = "",
    org: Annotated[str, Query(description=ORG)] = "",
    before: Annotated[date | None, Query(description="Published on or before this day.")] = None,
    after: Annotated[date | None, Query(description="Published on or after this day.")] = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    return _list(request, q, tag or [], source, author, person, org, before, after, page, page_size)


@router.get("/search/", response=responses(schemas.ArticlePage), summary="Full-text search over articles")
def search(
    request,
    q: Annotated[str, Query(min_length=1, description="Words to find, in the search page's query language.")],
    tag: Annotated[list[str] | None, Query(description="Tag slug or name; repeat for articles with every tag.")] = None,
    source: Annotated[str, Query(description=SOURCE)] = "",
    author: Annotated[str, Query(description=AUTHOR)] = "",
    person: Annotated[str, Query(description=PERSON)] = "",
    org: Annotated[str, Query(description=ORG)] = "",
    before: date | None = None,
    after: date | None = None,
    sort: Annotated[Literal["relevance", "newest", "oldest"], Query(description="Order of the results.")] = "relevance",
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    return _list(request, q, tag or [], source, author, person, org, before, after, page, page_size, sort)


@router.get(
    "/articles/{id}/",
    response=responses(schemas.ArticleDetail, not_found=True),
    summary="One article with its captures, tags, entities and statements",
)
def get_article(request, id: Id, response: HttpResponse):
    article = get_object_or_404(Article.objects.with_listing(), pk=id)
    # The newest import into this article is when its data last changed from outside.
    imported = article.captures.order_by("-imported").values_list("imported", flat=True).first()
    if imported:
        response["Last-Modified"] = http_date(imported.timestamp())
    return serialize.article_detail(request, article)
