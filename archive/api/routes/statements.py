"""/api/statements/: who said what, through whom."""

from datetime import date
from typing import Annotated

from ninja import Query, Router

from archive.api import schemas, serialize
from archive.api.pagination import DEFAULT_PAGE_SIZE, paginate
from archive.filters import statement_filters
from archive.models import Statement

from .common import PageNumber, PageSize, responses

router = Router(tags=["statements"])


@router.get("/statements/", response=responses(schemas.StatementPage), summary="Statements, newest article first")
def list_statements(
    request,
    speaker: Annotated[
        str, Query(description="Slug, name or alias of the speaking person or organization, as on /statements/.")
    ] = "",
    organization: Annotated[
        str, Query(description="Slug, name or alias of an organization: it or its known members speaking.")
    ] = "",
    outlet: Annotated[
        str, Query(description="Slug, name or alias of the entity the statement was reported through.")
    ] = "",
    tag: Annotated[list[str] | None, Query(description="Tag slug or name of the article; repeat it.")] = None,
    kind: Annotated[Statement.Kind | None, Query(description="direct, indirect, mixed or according_to.")] = None,
    after: Annotated[date | None, Query(description="Article published on or after this day.")] = None,
    before: Annotated[date | None, Query(description="Article published on or before this day.")] = None,
    q: Annotated[
        str,
        Query(
            description='Words in what was said, in the search language: every word, "a phrase", a OR b, -word '
            "(filters such as tag: are parameters here)."
        ),
    ] = "",
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    filters = statement_filters(
        speaker=speaker,
        organization=organization,
        outlet=outlet,
        tags=tag or [],
        kind=kind or "",
        after=after,
        before=before,
        q=q,
    )
    # A name that stands for no entity matches no statement. Only confident statements, as on /statements/:
    # the unsure ones are for curators (the admin), not for readers of the site or of its API.
    qs = filters.statements(Statement.objects.confident()) if filters else Statement.objects.none()
    return paginate(request, qs, page, page_size, serialize.statement)
