from django.shortcuts import render

from archive.models import Article
from archive.search.engine import COUNT_CAP, ESTIMATE_CAP, FACET_SAMPLE, RECENT

from .pagination import paginate


def search(request):
    """Results (or the whole archive, newest first) with facets; any input is
    answered with a page, problems with the query as messages on it."""
    query = request.GET.get("q", "")
    results = Article.objects.search(query, sort=request.GET.get("sort"))
    page = paginate(request, results)
    return render(
        request,
        "archive/search.html",
        {
            "query": query.strip()[:200],
            "results": results,
            "page": page,
            "count_cap": COUNT_CAP,
            "facet_sample": FACET_SAMPLE,
        },
    )


def search_help(request):
    limits = {"count_cap": COUNT_CAP, "facet_sample": FACET_SAMPLE, "estimate_cap": ESTIMATE_CAP, "recent": RECENT}
    return render(request, "archive/search_help.html", limits)
