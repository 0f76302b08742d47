"""``{{ article|published_as:"j F Y" }}``: the publication date in the page's own UTC offset.

Django's ``date`` filter would first move an aware datetime to the site's zone (UTC), which puts
a New York evening on the next day; this formats it in the offset the page gave (UTC when unknown).
"""

from django import template
from django.utils import dateformat

from archive.local_time import local_published

register = template.Library()


@register.filter
def published_as(article, format_string: str) -> str:
    value = local_published(article)
    return dateformat.format(value, format_string) if value else ""
