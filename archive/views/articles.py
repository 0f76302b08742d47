from django.shortcuts import get_object_or_404, redirect, render

from archive.models import Article, Capture

from .pagination import paginate


def article_list(request):
    page = paginate(request, Article.objects.with_listing().newest())
    return render(request, "archive/article_list.html", {"page": page})


def article_detail(request, pk, slug=None):
    article = get_object_or_404(
        Article.objects.select_related("source").prefetch_related("tags", "authorships__entity"), pk=pk
    )
    if slug != (article.slug or "-"):
        return redirect(article, permanent=True)
    captures = list(article.captures.defer("raw").order_by("-captured", "-pk"))
    return render(
        request,
        "archive/article_detail.html",
        {"article": article, "captures": captures, "capture": captures[0] if captures else None},
    )


def capture_detail(request, pk, capture_pk):
    """An older copy of an article: the fields as extracted from those bytes."""
    capture = get_object_or_404(
        Capture.objects.defer("raw").select_related("article__source"), pk=capture_pk, article_id=pk
    )
    article = capture.article
    captures = list(article.captures.defer("raw").order_by("-captured", "-pk"))
    fields = capture.fields or {}
    return render(
        request,
        "archive/capture_detail.html",
        {
            "article": article,
            "capture": capture,
            "captures": captures,
            "fields": fields,
            "paragraphs": fields.get("body") or [],
            "is_newest": captures and captures[0].pk == capture.pk,
        },
    )
