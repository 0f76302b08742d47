"""Numbered pagination: {% load paging %} in templates/archive/includes/pagination.html."""

from django import template
from django.utils.html import format_html_join

from archive.views.pagination import other_parameters
from archive.views.pagination import page_window as build_page_window

register = template.Library()


@register.filter
def page_window(page):
    return build_page_window(page.number, page.paginator.num_pages)


@register.simple_tag(takes_context=True)
def other_parameters_as_hidden_fields(context):
    """Hidden inputs for the current GET parameters but ``page`` (escaped), so a page jump keeps the filters."""
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', other_parameters(context["request"]))
