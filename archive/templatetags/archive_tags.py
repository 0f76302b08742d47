from django import template

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
