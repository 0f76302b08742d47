from django.shortcuts import render

from archive.models import Article, Source, tag_counts
from archive.summaries import archive_state, cached
from archive.timeline import timeline_chart


def _summary() -> dict:
    return {
        "tags": list(tag_counts().order_by("-n", "name")[:30]),
        "sources": list(Source.objects.with_article_counts().filter(n__gt=0).order_by("-n", "name")[:20]),
        "timeline": timeline_chart(Article.objects.all(), title="Articles in the archive"),
    }


def home(request):
    articles = Article.objects.with_listing().newest()[:20]
    stamp, total = archive_state()
    return render(
        request,
        "archive/home.html",
        {"articles": articles, "total": total, **cached("home", stamp, _summary)},
    )
