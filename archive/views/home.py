from django.db.models import Count
from django.shortcuts import render
from taggit.models import Tag

from archive.models import Article, Source
from archive.timeline import timeline_chart


def home(request):
    articles = Article.objects.with_listing().newest()[:20]
    tags = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).filter(n__gt=0).order_by("-n", "name")[:30]
    sources = Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n", "name")[:20]
    return render(
        request,
        "archive/home.html",
        {
            "articles": articles,
            "tags": tags,
            "sources": sources,
            "total": Article.objects.count(),
            "timeline": timeline_chart(Article.objects.all(), title="Articles in the archive"),
        },
    )
