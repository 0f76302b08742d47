from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from archive.charts import describe
from archive.forms import EntityIndexForm
from archive.models import Article, Entity, IndexOrder, Mention
from archive.rankings import index_page
from archive.search.entities import finals, named
from archive.search.facets import search_url
from archive.search.query import quote_value
from archive.timeline import timeline_chart

from .pagination import paginate


def entity_index(request, kind):
    """People or organizations, sortable by name or number of articles, with a filter box."""
    form = EntityIndexForm(request.GET)
    sort, text = form.value("sort", IndexOrder.ARTICLES), form.value("q", "")
    page = paginate(request, index_page(kind, sort, text), per_page=50)
    title = "People" if kind == Entity.Kind.PERSON else "Organizations"
    return render(
        request,
        "archive/entity_index.html",
        {"page": page, "title": title, "sort": sort, "filter_text": text, "filter_messages": form.messages},
    )


def people(request):
    return entity_index(request, Entity.Kind.PERSON)


def organizations(request):
    return entity_index(request, Entity.Kind.ORGANIZATION)


def entity_detail(request, slug):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        # A name written as an address ("/entities/donald-trump/" for an entity whose address an
        # earlier name gave, "trump"): the one entity of that name, else not found.
        found = finals(named(slug.replace("-", " "))[:5])
        if len(found) != 1:
            raise Http404("No such person or organization.")
        return redirect(found[0])
    if entity.merged_into_id:
        return redirect(entity.final(), permanent=True)
    articles = Article.objects.by_or_about(entity)
    # Dated articles newest first, then the undated ones: the list holds
    # every article the counts and the chart count.
    page = paginate(request, articles.with_listing().newest())
    first_sentences = Mention.objects.first_sentences(entity, page.object_list)
    total = page.paginator.count
    # Readers see the statements attribution is sure of; the rest stay in the admin.
    said, carried = entity.statements.confident(), entity.reported.confident()
    statements = said.with_listing().newest()[:10]
    reported = carried.with_listing().newest()[:10] if entity.kind == Entity.Kind.ORGANIZATION else []
    return render(
        request,
        "archive/entity_detail.html",
        {
            "entity": entity,
            "page": page,
            "items": [(a, first_sentences.get(a.pk, "")) for a in page.object_list],
            "authored_count": Article.objects.by(entity).count(),
            "mention_count": entity.mentions.count(),
            "article_count": Article.objects.about(entity).count(),
            "timeline": articles_chart(entity, articles, total),
            "search_url": reverse("archive:search") + search_url(f"{field}:{quote_value(entity.name)}", None)
            if (field := SEARCH_FIELD.get(entity.kind))
            else "",
            "comentions": [(other, other.n) for other in Entity.objects.named_with(entity)],
            "roles": entity.roles.select_related("organization").order_by("organization__name").distinct()[:20],
            "members": entity.members.select_related("person").order_by("person__name")[:20],
            "statements": statements,
            "statement_count": said.count(),
            "reported": reported,
            "reported_count": carried.count() if reported else 0,
        },
    )


SEARCH_FIELD = {Entity.Kind.PERSON: "person", Entity.Kind.ORGANIZATION: "org"}


def articles_chart(entity, articles, total: int):
    """The listed articles per month or year: the chart counts what the list
    shows (articles, never mentions), and says where the undated ones are."""
    chart = timeline_chart(articles, title=f"Articles by or about {entity.name}")
    undated = total - chart.total
    if undated:
        if chart.is_empty:
            chart.note = (
                "Its one article has no date; it is listed below."
                if total == 1
                else f"None of its {total} articles has a date; they are listed below."
            )
        else:
            chart.note = (
                f"{undated} undated article{'s are' if undated != 1 else ' is'} not in the chart; "
                "listed below, after the dated ones."
            )
        chart.description = describe(chart.points, value_name="articles", note=chart.note)
    return chart
