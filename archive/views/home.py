import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.shortcuts import render
from taggit.models import Tag, TaggedItem

from archive.models import Article, Source
from archive.timeline import timeline_chart

# The tag cloud, the source list and the timeline each aggregate the whole
# archive (0.2-0.5 s apiece at 100,000 articles), on every home page view.
# They are computed once per state of the archive and kept this long at most:
# a change that the stamp below does not see (a renamed tag, an article moved
# to another source) shows within a minute.
SUMMARY_SECONDS = 60
_writes = [0]  # this process's saves and deletes; the cache is per process too


def _wrote(**kwargs):
    _writes[0] += 1


for _model in (Article, Source, Tag, TaggedItem):
    post_save.connect(_wrote, sender=_model, dispatch_uid=f"home-summary-save-{_model.__name__}")
    post_delete.connect(_wrote, sender=_model, dispatch_uid=f"home-summary-delete-{_model.__name__}")


def _stamp() -> tuple[str, int]:
    """What changes whenever articles or taggings are added or removed, by
    any process (bulk imports send no signals): counts and highest keys,
    each an index lookup."""
    a = Article.objects.aggregate(n=Count("pk"), last=Max("pk"), captured=Max("captured"))
    t = TaggedItem.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return f"{_writes[0]}:{a['n']}:{a['last']}:{a['captured']}:{t['n']}:{t['last']}", a["n"]


def _summary(stamp: str) -> dict:
    key = "home-summary:" + hashlib.sha256(stamp.encode()).hexdigest()
    summary = cache.get(key)
    if summary is None:
        summary = {
            "tags": list(
                Tag.objects.annotate(n=Count("taggit_taggeditem_items")).filter(n__gt=0).order_by("-n", "name")[:30]
            ),
            "sources": list(Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n", "name")[:20]),
            "timeline": timeline_chart(Article.objects.all(), title="Articles in the archive"),
        }
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary


def home(request):
    articles = Article.objects.with_listing().newest()[:20]
    stamp, total = _stamp()
    return render(
        request,
        "archive/home.html",
        {"articles": articles, "total": total, **_summary(stamp)},
    )
