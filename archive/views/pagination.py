"""One way to paginate every list: bad page numbers fall back, never 500."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def page_query(request, page_number: int) -> str:
    """The current query string with another page number (keeps filters)."""
    params = request.GET.copy()
    params["page"] = page_number
    return params.urlencode()
