from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from taggit.models import Tag

from archive import budget
from archive.forms import TagPickForm
from archive.models import Article, tag_counts
from archive.paging import IdsFirst
from archive.summaries import ProcessCopy, archive_state, cached
from archive.timeline import timeline_chart

from .pagination import paginate

TAG_INDEX_BUDGET = 10.0  # seconds of database work the index's counts may take, once per state
MAX_TAGS = 8  # an intersection of more tags is never a real question, and each costs a join


def tag_index(request):
    slugs = TagPickForm(request.GET).value("tag", [])
    if slugs:
        return redirect(tag_url(slugs))
    # Large archives hold tens of thousands of tags: a page at a time.
    return render(request, "archive/tag_index.html", {"page": paginate(request, CountedTags(), per_page=300)})


TAG_INDEX_SECONDS = 300  # the longest the index's counts are kept for one state, here and in the cache
_kept = ProcessCopy(TAG_INDEX_SECONDS)


def _index_rows() -> list[tuple[int, int]]:
    stamp = archive_state()[0]
    rows = _kept.get(stamp)
    if rows is None:
        rows = _kept.keep(stamp, cached("tag-index", stamp, _tag_index_rows, TAG_INDEX_SECONDS))
    return rows


def _tag_index_rows() -> list[tuple[int, int]]:
    # Work every page of the index shares, once per state of the archive: on its own sub-budget.
    with budget.extended(TAG_INDEX_BUDGET):
        return list(tag_counts().order_by("name", "pk").values_list("pk", "n"))


class CountedTags:
    """The tag index to page: every carried tag's key and count in name order, aggregated once per state
    of the archive (1-2 s at 100,000 articles, over the budget of the deep page that counted and sorted
    them each time), each page's rows then read by key."""

    def __init__(self):
        self.rows = _index_rows()

    def count(self) -> int:
        return len(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, item: slice):
        wanted = dict(self.rows[item])
        tags = Tag.objects.in_bulk(list(wanted)) if wanted else {}
        page = [tags[pk] for pk in wanted if pk in tags]  # one deleted since: left out
        for tag in page:
            tag.n = wanted[tag.pk]
        return page


def tag_url(slugs) -> str:
    return reverse("archive:tag", args=["+".join(slugs)]) if slugs else reverse("archive:tag-index")


def tag_detail(request, slugs):
    """Articles carrying every named tag: /tags/isis+afghanistan/."""
    wanted = list(dict.fromkeys(s for s in slugs.lower().split("+") if s))
    if not wanted:
        raise Http404("No tag named.")
    if len(wanted) > MAX_TAGS:
        raise Http404(f"At most {MAX_TAGS} tags at once.")
    tags = {t.slug: t for t in Tag.objects.filter(slug__in=wanted)}
    missing = [s for s in wanted if s not in tags]
    if missing:
        raise Http404(f"No tag {missing[0]!r}.")
    articles = Article.objects.tagged_all(wanted)
    page = paginate(request, IdsFirst(articles.with_listing().newest()))

    # Tags that co-occur with the current set narrow it further. This and the
    # chart aggregate every tagged article: once per state of the archive.
    def aggregates():
        narrower = tag_counts(articles).exclude(slug__in=wanted).order_by("-n", "name")[:30]
        return list(narrower), timeline_chart(articles, title="Articles with these tags")

    narrower, timeline = cached("tag:" + "+".join(wanted), archive_state()[0], aggregates)
    selected = [tags[s] for s in wanted]
    return render(
        request,
        "archive/tag_detail.html",
        {
            "tags": selected,
            "page": page,
            "timeline": timeline,
            "narrower": [(t, tag_url(sorted([*wanted, t.slug]))) for t in narrower],
            "broader": [(t, tag_url([s for s in wanted if s != t.slug])) for t in selected] if len(wanted) > 1 else [],
        },
    )
