from django.shortcuts import render

from archive.models import Article

from .pagination import paginate


def search(request):
    query = request.GET.get("q", "").strip()[:1000]
    articles = Article.objects.all()
    if query:
        articles = articles.search(query)
    page = paginate(request, articles.with_listing().newest())
    return render(request, "archive/search.html", {"query": query, "page": page})
