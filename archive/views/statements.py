"""Who said what: every statement in the archive, filterable; also as JSON."""

from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import render

from archive import serialize
from archive.forms import StatementFilterForm, UnnamedSourcesForm
from archive.models import Statement

from .pagination import paginate


def statement_list(request):
    form = StatementFilterForm(request.GET)
    page = paginate(request, form.filters().statements(Statement.objects.confident()))
    return render(
        request,
        "archive/statement_list.html",
        {
            "page": page,
            "form": form,
            "applied": form.applied,
            "filter_messages": form.messages,
            "kinds": Statement.Kind.choices,
            "params": request.GET,
        },
    )


def statement_json(request):
    form = StatementFilterForm(request.GET)
    page = paginate(request, form.filters().statements(Statement.objects.confident()), per_page=50)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "filters": form.applied,
            "messages": form.messages,
            "results": [statement_data(request, s) for s in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def statement_data(request, s: Statement) -> dict:
    """/statements.json's shape of ``archive.serialize.statement`` (the API's is
    ``archive.api.serialize.statement``): the same facts, named for the page."""
    data = serialize.statement(request, s)
    article = data["article"]
    return {
        "kind": data["kind"],
        "speaker": {
            "name": data["speaker_name"] or None,
            "kind": data["speaker_kind"] or None,
            "url": data["speaker_url"],
        },
        **{k: data[k] for k in ("source_text", "cue", "content")},
        "via": data["via"]["name"] if data["via"] else None,
        "article": {
            "title": article["title"],
            "url": data["archive_url"],
            "published": article["published"].isoformat() if article["published"] else None,
            "source": article["source"],
        },
    }


def unnamed_sources(request):
    """Unnamed sources grouped by how the text describes them ("a US official")."""
    groups = (
        Statement.objects.confident()
        .unnamed()
        .values("speaker_name")
        .annotate(n=Count("pk"), articles=Count("article", distinct=True), latest=Max("article__published"))
        .order_by("-n", "speaker_name")
    )
    page = paginate(request, groups, per_page=50)
    description = UnnamedSourcesForm(request.GET).value("description", "")
    selected = None
    if description:
        selected = paginate(
            request,
            Statement.objects.confident().unnamed().filter(speaker_name=description).with_listing().newest(),
        )
    return render(
        request,
        "archive/unnamed_sources.html",
        {"page": page, "description": description, "selected": selected},
    )
