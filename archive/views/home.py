import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import Count
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


def archive_state() -> tuple[str, int]:
    """What changes whenever articles or taggings are added or removed, by
    any process (bulk imports send no signals): counts and highest keys,
    each an index lookup, in one query. Also the number of articles."""
    q = connection.ops.quote_name
    articles, tagged = q(Article._meta.db_table), q(TaggedItem._meta.db_table)
    pk, captured = q(Article._meta.pk.column), q(Article._meta.get_field("captured").column)
    parts = [f"COUNT(*) FROM {articles}", f"MAX({pk}) FROM {articles}", f"MAX({captured}) FROM {articles}"]
    parts += [f"COUNT(*) FROM {tagged}", f"MAX({q(TaggedItem._meta.pk.column)}) FROM {tagged}"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT {p})" for p in parts))  # noqa: S608 - names from the models
        row = cursor.fetchone()
    return ":".join(str(v) for v in (_writes[0], *row)), row[0]


def cached(name: str, stamp: str, compute):
    """``compute()``, kept under ``name`` for as long as the archive's state is ``stamp``."""
    key = "archive-state:" + hashlib.sha256(f"{name}\n{stamp}".encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SUMMARY_SECONDS)
    return value


def _summary() -> dict:
    return {
        "tags": list(
            Tag.objects.annotate(n=Count("taggit_taggeditem_items")).filter(n__gt=0).order_by("-n", "name")[:30]
        ),
        "sources": list(Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n", "name")[:20]),
        "timeline": timeline_chart(Article.objects.all(), title="Articles in the archive"),
    }


def home(request):
    articles = Article.objects.with_listing().newest()[:20]
    stamp, total = archive_state()
    return render(
        request,
        "archive/home.html",
        {"articles": articles, "total": total, **cached("home", stamp, _summary)},
    )
