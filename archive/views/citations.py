"""Citation downloads for an article: /articles/<pk>/cite.bib, .ris, .json."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from archive import citations
from archive.forms import CitationForm
from archive.models import Article

FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", citations.to_bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", citations.to_ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", citations.to_csl_json),
}


def cite(request, pk, ext):
    if ext not in FORMATS:
        raise Http404("No such citation format.")
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    # ?capture=<pk> cites one capture (from its page); otherwise the newest, which the article page shows.
    captures = article.captures.defer("raw", "fields").order_by("-captured", "-pk")
    wanted = CitationForm(request.GET).value("capture")
    capture = captures.filter(pk=wanted).first() if wanted else captures.first()
    if capture is None:
        raise Http404("This article has no capture to cite.")
    content_type, render = FORMATS[ext]
    # The capture's own page is the permanent address of the copy cited; the article page moves on.
    citation = citations.citation_for(article, capture, request.build_absolute_uri(capture.get_absolute_url()))
    response = HttpResponse(render(citation), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}.{ext}"'
    return response
