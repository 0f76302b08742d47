"""The Atom feed of the page being shown, for base.html's autodiscovery link.

Which pages have a feed follows from the URL that was matched: a tag (or tag
intersection), a source, an entity, a search with a query. The feed's title names
the object when the page's context has it.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


def page_feed(request, context) -> tuple[str, str] | None:
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "archive":
        return None
    name, kwargs = match.url_name, match.kwargs
    if name == "tag":
        tags = context.get("tags") or []
        slugs = "+".join(t.slug for t in tags) or kwargs["slugs"].lower()
        names = " + ".join(t.name for t in tags) or slugs
        return reverse("interop:feed-tag", args=[slugs]), f"Newsroom Archive: tagged {names}"
    if name == "source":
        source = context.get("source")
        label = source.name if source is not None else kwargs["slug"]
        return reverse("interop:feed-source", args=[kwargs["slug"]]), f"Newsroom Archive: {label}"
    if name == "entity":
        entity = context.get("entity")
        label = entity.name if entity is not None else kwargs["slug"]
        slug = entity.slug if entity is not None else kwargs["slug"]
        return reverse("interop:feed-entity", args=[slug]), f"Newsroom Archive: {label}"
    if name == "search":
        query = request.GET.get("q", "").strip()
        if query:
            url = reverse("interop:feed-search") + "?" + urlencode({"q": query[:1000]})
            return url, f"Newsroom Archive: search for “{query[:200]}”"
    return None


def page_change_feed(request, context) -> tuple[str, str] | None:
    """The Atom feed of changes for a tag, a source, an article's change page, or an article that changed."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "archive":
        return None
    name, kwargs = match.url_name, match.kwargs
    if name == "tag":
        tags = context.get("tags") or []
        slugs = "+".join(t.slug for t in tags) or kwargs["slugs"].lower()
        names = " + ".join(t.name for t in tags) or slugs
        return reverse("interop:feed-tag-changes", args=[slugs]), f"Newsroom Archive: changes tagged {names}"
    if name == "source":
        source = context.get("source")
        label = source.name if source is not None else kwargs["slug"]
        return reverse("interop:feed-source-changes", args=[kwargs["slug"]]), f"Newsroom Archive: changes at {label}"
    article = context.get("article")
    if article is not None and (name == "article-changes" or (name == "article" and context.get("changes"))):
        title = f"Newsroom Archive: changes to “{article.title}”"
        return reverse("interop:feed-article-changes", args=[article.pk]), title
    return None


@register.inclusion_tag("archive/includes/change_feed_link.html", takes_context=True)
def change_feed_link(context, visible=False):
    request = context.get("request")
    found = page_change_feed(request, context) if request is not None else None
    url, title = found or ("", "")
    return {"feed_url": url, "feed_title": title, "visible": visible}


@register.inclusion_tag("archive/includes/feed_link.html", takes_context=True)
def feed_link(context, visible=False):
    request = context.get("request")
    found = page_feed(request, context) if request is not None else None
    url, title = found or ("", "")
    return {"feed_url": url, "feed_title": title, "visible": visible}
