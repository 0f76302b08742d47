"""Page-number pagination for every API list; the caller's ordering must end in a unique key."""

from __future__ import annotations

from django.db.models import QuerySet

from archive.paging import IdsFirst

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Past this, page numbers stop making sense and offsets get expensive.
MAX_PAGE = 10_000


def paginate(request, qs: QuerySet, page: int, page_size: int, serialize) -> dict:
    """One page as {count, page, page_size, next, previous, results}; a page
    past the end is empty rather than an error, so clients can stop on ``next: null``."""
    count = qs.count()
    start = (page - 1) * page_size
    rows = IdsFirst(qs) if isinstance(qs, QuerySet) else qs  # deep pages walk an index, not whole rows
    items = list(rows[start : start + page_size]) if start < count else []

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        params["page_size"] = page_size
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": link(page + 1) if start + page_size < count else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [serialize(request, item) for item in items],
    }
