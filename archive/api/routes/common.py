"""Parameters shared by the list routes."""

from typing import Annotated

from django.http import Http404
from ninja import Path, Query

from archive.api import schemas
from archive.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page.")]
# Bounded so a huge number is a 422, not a database integer overflow.
Id = Annotated[int, Path(ge=1, le=2**53)]
PAGE_DEFAULTS = {"page": 1, "page_size": DEFAULT_PAGE_SIZE}


def slug_or_404(slug: str) -> str:
    """A slug as the database can take it (PostgreSQL refuses NUL characters)."""
    if "\x00" in slug or len(slug) > 300:
        raise Http404("Not found.")
    return slug


def responses(ok, *, not_found: bool = False) -> dict:
    """The documented answers of a route: its 200 shape, 400 for a parameter repeated more often than
    the site takes (archive.middleware), 422 for invalid parameters, and 404 for a detail route."""
    documented = {200: ok, 400: schemas.Error, 422: schemas.InvalidParameters}
    if not_found:
        documented[404] = schemas.Error
    return documented
