from django import template

from archive.links import link
from archive.views.pagination import page_query as build_page_query

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number):
    return build_page_query(context["request"], number)


@register.filter
def http_url(url):
    """The URL if it is an http(s) link, else "" so hostile schemes
    (javascript:, data:) never become links."""
    from urllib.parse import urlsplit

    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.simple_tag(takes_context=True)
def citation_text(context, article, capture):
    """The article's readable citation, naming this archived copy."""
    from archive.citations import citation_for, to_text

    if capture is None:
        return ""
    url = context["request"].build_absolute_uri(capture.get_absolute_url())
    return to_text(citation_for(article, capture, url))


@register.filter
def tag_url(tag):
    """The tag's page (``{% url 'archive:tag' tag.slug %}``, resolved once per page type)."""
    return link("archive:tag", tag.slug)
