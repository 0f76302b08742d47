"""One way to paginate every list: bad page numbers fall back, never 500."""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator

# Pages shown on either side of the current one in the numbered links.
WINDOW = 2


class CountedPaginator(Paginator):
    """A paginator told how to count its items, for a list whose own count() would aggregate what the
    count does not need (the People index's article counts)."""

    def __init__(self, object_list, per_page, counter):
        super().__init__(object_list, per_page)
        self.counter = counter

    @cached_property
    def count(self):
        return self.counter()


def paginate(request, queryset, per_page: int | None = None, counter=None):
    """A page of ``queryset``; ``counter()``, when given, is the exact number of its items, cheaper to ask."""
    per_page = per_page or settings.PAGE_SIZE
    paginator = Paginator(queryset, per_page) if counter is None else CountedPaginator(queryset, per_page, counter)
    return paginator.get_page(request.GET.get("page"))


def page_query(request, page_number: int) -> str:
    """The current query string with another page number (keeps filters)."""
    params = request.GET.copy()
    params["page"] = page_number
    return params.urlencode()


def page_window(number: int, last: int, window: int = WINDOW) -> list[int | None]:
    """Page numbers to link: the first, the last, and ``window`` either side of
    ``number``; ``None`` marks a gap. A gap of a single page shows that page instead."""
    shown = {1, last, *range(max(1, number - window), min(last, number + window) + 1)}
    numbers: list[int | None] = []
    previous = 0
    for n in sorted(shown):
        if n - previous == 2:
            numbers.append(n - 1)
        elif n - previous > 2:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


def other_parameters(request) -> list[tuple[str, str]]:
    """Every GET parameter but ``page``, for the page-jump form to carry along."""
    return [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
