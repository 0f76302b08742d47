"""Counts of taggit's tags (a third-party model, so a function here rather
than a manager on it)."""

from django.db.models import Count
from taggit.models import Tag


def tag_counts(articles=None):
    """Tags annotated with ``n``, the number of articles carrying each: of
    ``articles`` when given (a tag page's narrower tags), else of the whole
    archive, leaving out tags no article carries."""
    if articles is None:
        return Tag.objects.annotate(n=Count("taggit_taggeditem_items")).filter(n__gt=0)
    tagged = Tag.objects.filter(taggit_taggeditem_items__object_id__in=articles.values("pk"))
    return tagged.annotate(n=Count("taggit_taggeditem_items"))
