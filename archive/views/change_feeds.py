"""Atom feeds of changes: one entry per capture that changed something a reader sees, with its summary;
per article, per source and per tag (or tag intersection)."""

import ipaddress
import re
from datetime import UTC

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape

from archive.changes import recent_changes
from archive.models import Article, Source

from .feeds import FEED_SIZE, CleanAtom1Feed, TagFeed

# A DNS name (RFC 1035 labels): what a tag URI's authority must be, besides an email address (RFC 4151).
_DNS_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def tag_authority() -> str:
    """The DNS name the archive's change ids are tags of: FEED_ID_AUTHORITY, else the first DNS name the
    site answers to (ALLOWED_HOSTS), else "localhost"; never an IP address, and the same whatever host a
    feed was read at (archive.example or www.archive.example), so a change keeps its id."""
    candidates = [settings.FEED_ID_AUTHORITY] + [h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS]
    return next((h for h in candidates if _DNS_NAME.fullmatch(h) and not _is_ip(h)), "localhost")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def change_id(authority: str, change) -> str:
    """A change's Atom id: a tag URI (RFC 4151) on the article and both captures, the same in every feed
    that lists the change, whatever address (scheme, port, query order) the feed was read at."""
    day = change.new.captured.astimezone(UTC).date().isoformat()
    return f"tag:{authority},{day}:changes/articles/{change.new.article_id}/captures/{change.old.pk}-{change.new.pk}"


class ArticleChangeFeed(Feed):
    feed_type = CleanAtom1Feed

    def get_object(self, request, pk):
        return get_object_or_404(Article, pk=pk)

    def title(self, article):
        return f"Newsroom Archive: changes to “{article.title}”"

    def subtitle(self, article):
        return "Each capture of this article that changed its headline, byline, text or tags."

    def link(self, article):
        return reverse("archive:article-changes", args=[article.pk])

    def feed_url(self, article):
        return reverse("interop:feed-article-changes", args=[article.pk])

    def articles(self, article):
        return Article.objects.filter(pk=article.pk)

    def items(self, obj):
        return recent_changes(self.articles(obj), FEED_SIZE)

    def item_title(self, change):
        return f"{change.after.title or change.new.article.title}: {change.summary}"

    def item_description(self, change):
        # The summary is rendered as HTML (type="html"): the text is escaped for it, as tag names may hold "<".
        old, new = (date_format(c.captured, "j F Y, H:i e") for c in (change.old, change.new))
        summary = change.summary[:1].upper() + change.summary[1:]
        return escape(f"{summary}. Captured {new}, {change.elapsed_text} after the capture of {old}.")

    def item_link(self, change):
        return change.get_absolute_url()

    def item_guid(self, change):
        return change_id(tag_authority(), change)

    def item_pubdate(self, change):
        return change.new.captured

    def item_updateddate(self, change):
        return change.new.captured

    def item_author_name(self, change):
        return change.new.article.source.name

    def item_categories(self, change):
        return sorted(change.after.tags, key=str.casefold)


class SourceChangeFeed(ArticleChangeFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"Newsroom Archive: changes at {source.name}"

    def subtitle(self, source):
        return f"Articles from {source.name} whose headline, byline, text or tags changed between captures."

    def link(self, source):
        return source.get_absolute_url()

    def feed_url(self, source):
        return reverse("interop:feed-source-changes", args=[source.slug])

    def articles(self, source):
        return source.articles.all()


class TagChangeFeed(ArticleChangeFeed):
    get_object = TagFeed.get_object

    def title(self, tags):
        return "Newsroom Archive: changes tagged " + " + ".join(t.name for t in tags)

    def subtitle(self, tags):
        names = " and ".join(t.name for t in tags)
        return f"Articles tagged {names} whose headline, byline, text or tags changed between captures."

    def link(self, tags):
        return reverse("archive:tag", args=["+".join(t.slug for t in tags)])

    def feed_url(self, tags):
        return reverse("interop:feed-tag-changes", args=["+".join(t.slug for t in tags)])

    def articles(self, tags):
        return Article.objects.tagged_all([t.slug for t in tags])
