"""A word diff as HTML: kept words as text, taken-out words in <del>, put-in words in <ins>; every word
escaped. Each run carries its own spaces, so the text without the <del> runs is the newer text exactly."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_TAGS = {"delete": "del", "insert": "ins"}


@register.filter
def diff_html(segments) -> str:
    parts = []
    for segment in segments:
        text, tag = escape(segment.text), _TAGS.get(segment.kind)
        parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return mark_safe("".join(parts))  # built only from escaped text and the two tags above
