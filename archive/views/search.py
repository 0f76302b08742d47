from django.conf import settings
from django.shortcuts import render

from archive.charts import Point, bar_chart
from archive.forms import SearchForm
from archive.models import Article
from archive.search import excluding, phrases
from archive.search.engine import COUNT_CAP, FACET_SAMPLE, RECENT
from archive.search.facets import YEARS
from archive.search.limits import MAX_DEPTH

from .pagination import paginate


class FirstResults:
    """The results as deep as a reader may page (``MAX_DEPTH``): a page past
    that is the last one, with a message, never a walk through the archive."""

    def __init__(self, results):
        self.results = results

    def count(self) -> int:
        return min(self.results.count(), MAX_DEPTH)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return self.results[item]


def _too_deep(number: int, results, per_page) -> bool:
    return number * per_page > MAX_DEPTH and results.count() > MAX_DEPTH


def search(request):
    """Results (or the whole archive, newest first) with facets; any input is
    answered with a page, problems with the query as messages on it."""
    form = SearchForm(request.GET)
    query = form.value("q", "")
    results = Article.objects.search(query, sort=form.value("sort"))
    for message in form.messages:
        results.query.note(message)
    # A page past the depth shows the last page within it: that is the run to expect (page 500 ranked
    # 10,000 matches to show page 50's 20).
    results.expect_page(min(form.value("page", 1), MAX_DEPTH // settings.PAGE_SIZE), settings.PAGE_SIZE)
    page = paginate(request, FirstResults(results))
    if _too_deep(form.value("page", 1), results, page.paginator.per_page):
        results.query.note(
            f"Only the first {MAX_DEPTH:,} results can be paged through; narrow the search to reach the others."
        )
    return render(
        request,
        "archive/search.html",
        {
            "query": query.strip()[:200],
            "results": results,
            "page": page,
            "count_cap": COUNT_CAP,
            "facet_sample": FACET_SAMPLE,
            "timeline": years_chart(results),
        },
    )


def years_chart(results):
    """Matching articles per year, from the year facet (so it follows the
    current query and filters); each year links to the search narrowed to it."""
    years = next((f for f in results.facets if f.key == "years"), None)
    if years is None or len(years.values) < 2:
        return None
    by_year = {int(v.label): v for v in years.values}
    points = [
        Point(str(y), by_year[y].count if y in by_year else 0, url=by_year[y].url if y in by_year else "")
        for y in range(min(by_year), max(by_year) + 1)
    ]
    if results.facets_sampled:
        note = f"Counted over {FACET_SAMPLE} of the matching articles."
    else:
        # The count line counts every match; the chart can hold only the dated ones.
        # (Only while every year is in the facet and the count is exact.)
        complete = not results.capped and len(years.values) < YEARS
        undated = results.total - sum(v.count for v in years.values) if complete else 0
        note = f"{undated} undated article{'s' if undated != 1 else ''} not shown." if undated > 0 else ""
    return bar_chart(points, title="Matching articles per year", value_name="articles", label_name="Year", note=note)


def search_help(request):
    limits = {
        "count_cap": COUNT_CAP,
        "facet_sample": FACET_SAMPLE,
        "recent": RECENT,
        "exclusion_scan": excluding.SCAN,
        "phrase_scan": phrases.SCAN,
    }
    return render(request, "archive/search_help.html", limits)
