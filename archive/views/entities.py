from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from archive.models import Article, Entity

from .pagination import paginate


def entity_detail(request, slug):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    if entity.merged_into_id:
        return redirect(entity.final(), permanent=True)
    authored = Article.objects.filter(authorships__entity=entity)
    mentioned = Article.objects.filter(mentions__entity=entity)
    articles = Article.objects.filter(Q(pk__in=authored.values("pk")) | Q(pk__in=mentioned.values("pk")))
    page = paginate(request, articles.with_listing().newest())
    return render(
        request,
        "archive/entity_detail.html",
        {"entity": entity, "page": page, "authored_count": authored.count()},
    )
