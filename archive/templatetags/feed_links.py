"""The Atom feeds of the page being shown, for base.html's autodiscovery links.

Which pages have a feed follows from the URL that was matched: a tag (or tag intersection), a source,
an entity, a search with a query; and for changes, a tag, a source, an article's change page or an
article that changed. The feed itself says its address and title (``feed_url``, ``title``), from the
object the page shows, so a page advertises a feed exactly as the feed names itself.
"""

from django import template
from django.http import Http404

from archive.views.change_feeds import ArticleChangeFeed, SourceChangeFeed, TagChangeFeed
from archive.views.feeds import EntityFeed, SearchFeed, SourceFeed, TagFeed

register = template.Library()

# Page (URL name) -> the feed of what it shows, and the context variable holding that.
ARTICLE_FEEDS = {"tag": (TagFeed(), "tags"), "source": (SourceFeed(), "source"), "entity": (EntityFeed(), "entity")}
CHANGE_FEEDS = {
    "tag": (TagChangeFeed(), "tags"),
    "source": (SourceChangeFeed(), "source"),
    "article-changes": (ArticleChangeFeed(), "article"),
    "article": (ArticleChangeFeed(), "article"),
}
SEARCH_FEED = SearchFeed()


def _page(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None and match.namespace == "archive" else None


def _link(feed, obj) -> tuple[str, str]:
    if isinstance(feed, TagFeed | TagChangeFeed):
        obj = TagFeed.in_order(obj)
    return feed.feed_url(obj), feed.title(obj)


def page_feed(request, context) -> tuple[str, str] | None:
    page = _page(request)
    if page == "search":
        try:
            return _link(SEARCH_FEED, SEARCH_FEED.get_object(request))
        except Http404:  # no query: the page lists nothing to follow
            return None
    feed, name = ARTICLE_FEEDS.get(page, (None, None))
    obj = context.get(name) if feed else None
    return _link(feed, obj) if obj else None


def page_change_feed(request, context) -> tuple[str, str] | None:
    page = _page(request)
    if page == "article" and not context.get("changes"):  # an article page, once the article changed
        return None
    feed, name = CHANGE_FEEDS.get(page, (None, None))
    obj = context.get(name) if feed else None
    return _link(feed, obj) if obj else None


def _found(found, visible) -> dict:
    url, title = found or ("", "")
    return {"feed_url": url, "feed_title": title, "visible": visible}


@register.inclusion_tag("archive/includes/change_feed_link.html", takes_context=True)
def change_feed_link(context, visible=False):
    request = context.get("request")
    return _found(page_change_feed(request, context) if request is not None else None, visible)


@register.inclusion_tag("archive/includes/feed_link.html", takes_context=True)
def feed_link(context, visible=False):
    request = context.get("request")
    return _found(page_feed(request, context) if request is not None else None, visible)
