"""Who said what: every statement in the archive, filterable; also as JSON."""

from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import render

from archive.models import Statement
from archive.statement_filters import filter_statements

from .pagination import paginate


def statement_list(request):
    result = filter_statements(request.GET)
    page = paginate(request, result.statements.with_listing().newest())
    return render(
        request,
        "archive/statement_list.html",
        {
            "page": page,
            "applied": result.applied,
            "filter_messages": result.messages,
            "kinds": Statement.Kind.choices,
            "params": request.GET,
        },
    )


def statement_json(request):
    result = filter_statements(request.GET)
    page = paginate(request, result.statements.with_listing().newest(), per_page=50)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "filters": result.applied,
            "messages": result.messages,
            "results": [statement_data(request, s) for s in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def statement_data(request, s: Statement) -> dict:
    article = s.article
    return {
        "kind": s.kind,
        "speaker": {
            "name": s.speaker_name or None,
            "kind": s.speaker_kind or None,
            "url": request.build_absolute_uri(s.speaker.get_absolute_url()) if s.speaker else None,
        },
        "source_text": s.source_text,
        "cue": s.cue,
        "content": s.content,
        "via": s.via.name if s.via else None,
        "article": {
            "title": article.title,
            "url": request.build_absolute_uri(s.get_absolute_url()),
            "published": article.published.isoformat() if article.published else None,
            "source": article.source.name,
        },
    }


def unnamed_sources(request):
    """Unnamed sources grouped by how the text describes them ("a US official")."""
    groups = (
        Statement.objects.unnamed()
        .values("speaker_name")
        .annotate(n=Count("pk"), articles=Count("article", distinct=True), latest=Max("article__published"))
        .order_by("-n", "speaker_name")
    )
    page = paginate(request, groups, per_page=50)
    description = request.GET.get("description", "").strip()
    selected = None
    if description:
        selected = paginate(
            request, Statement.objects.unnamed().filter(speaker_name=description).with_listing().newest()
        )
    return render(
        request,
        "archive/unnamed_sources.html",
        {"page": page, "description": description, "selected": selected},
    )
