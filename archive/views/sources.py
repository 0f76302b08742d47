from django.shortcuts import get_object_or_404, render

from archive.models import Source
from archive.timeline import timeline_chart

from .pagination import paginate


def source_list(request):
    sources = Source.objects.with_article_counts().order_by("name", "pk")
    # An archive of the web holds thousands of sites: a page at a time, like the tags.
    return render(request, "archive/source_list.html", {"page": paginate(request, sources, per_page=300)})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    page = paginate(request, source.articles.with_listing().newest())
    return render(
        request,
        "archive/source_detail.html",
        {
            "source": source,
            "page": page,
            "timeline": timeline_chart(source.articles.all(), title=f"Articles from {source.name}"),
        },
    )
