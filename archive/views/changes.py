"""/articles/<id>/changes/: what changed between two captures of an article (first and newest unless
``?from=<capture id>&to=<capture id>`` names others)."""

from django.shortcuts import get_object_or_404, render

from archive.changes import Comparison, sides, visible_changes
from archive.forms import ChangesForm
from archive.models import Article


def article_changes(request, pk):
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    # Oldest first, with the extracted fields (what is compared) but not the bytes.
    captures = list(article.captures.defer("raw").order_by("captured", "pk"))
    context = {"article": article, "captures": captures, "comparison": None, "problems": []}
    if captures:  # what the picker shows chosen until a comparison says otherwise
        context.update(picked_from=captures[0].pk, picked_to=captures[-1].pk)
    form = ChangesForm(request.GET)
    if not form.is_valid():
        context["problems"] = form.problems
        return render(request, "archive/article_changes.html", context, status=400)
    by_pk = {c.pk: c for c in captures}
    wanted = {"from": form.cleaned_data["from_"], "to": form.cleaned_data["to"]}
    unknown = [
        f"{side}: capture {n} is not a capture of this article." for side, n in wanted.items() if n and n not in by_pk
    ]
    if unknown:
        context["problems"] = unknown
        return render(request, "archive/article_changes.html", context, status=404)
    picked = sides(captures, by_pk.get(wanted["from"]), by_pk.get(wanted["to"]))
    if picked is not None:
        old, new = picked
        context.update(comparison=Comparison(old, new), picked_from=old.pk, picked_to=new.pk)
        context["changed_count"] = len(visible_changes(captures))
    return render(request, "archive/article_changes.html", context)
