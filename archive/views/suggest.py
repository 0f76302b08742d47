"""People and organizations whose name (or another name they go by) starts
like what is typed in the search box, then those whose name is close to it
(a typo: "Bortnikof" finds Alexander Bortnikov): the data behind
static/archive/enhance.js. The plain search form works without it."""

from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from archive.forms import SuggestForm
from archive.keys.names import normalize_name
from archive.models import Entity
from archive.search.entities import similar

LIMIT = 8
KINDS = (Entity.Kind.PERSON, Entity.Kind.ORGANIZATION)


@cache_control(max_age=300, public=True)
def suggest(request):
    typed = SuggestForm(request.GET).value("q", "")
    key = normalize_name(typed)
    if len(key) < 2:
        return JsonResponse({"q": typed, "results": []})
    entities = Entity.objects.canonical().filter(kind__in=KINDS)
    # Names starting with the text come first, then a later word of the name
    # ("bortnikov" finds "Alexander Bortnikov"), then other names they go by.
    starts = Q(key__startswith=key)
    word = Q(key__contains=f" {key}")
    alias = Q(aliases__key__startswith=key) | Q(aliases__key__contains=f" {key}")
    found, seen = [], set()
    for condition in (starts, word, alias):
        for entity in entities.filter(condition).exclude(pk__in=seen).distinct().order_by("name")[: LIMIT - len(found)]:
            seen.add(entity.pk)
            found.append(entity)
        if len(found) >= LIMIT:
            break
    if not found:
        found = similar(typed, KINDS, limit=LIMIT)
    return JsonResponse(
        {
            "q": typed,
            "results": [
                {"name": e.name, "kind": e.kind, "kind_label": e.get_kind_display(), "url": e.get_absolute_url()}
                for e in found
            ],
        }
    )
