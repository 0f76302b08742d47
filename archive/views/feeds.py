"""Atom feeds of articles: newest, per tag (or tag intersection), source, entity, search."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from taggit.models import Tag

from archive.controls import strip_all
from archive.filters import find_entity
from archive.forms import SearchForm
from archive.local_time import local_published
from archive.models import Article, Source
from archive.views.tags import MAX_TAGS

FEED_SIZE = 50


class CleanAtom1Feed(Atom1Feed):
    """Atom without the control characters XML 1.0 refuses (Django raises
    UnserializableContentError on them): rows stored before the importer
    removed them still make a valid feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*strip_all(args), **strip_all(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*strip_all(args), **strip_all(kwargs))


class ArticleFeed(Feed):
    """Newest articles; subclasses narrow ``articles`` to one object."""

    feed_type = CleanAtom1Feed
    title = "Newsroom Archive: newest articles"
    subtitle = "The newest articles in the archive."
    # The entry summary is rendered HTML (type="html"); the generator escapes it for XML.
    description_template = "archive/feeds/article_description.html"

    def link(self, obj=None):
        return reverse("archive:article-list")

    def feed_url(self, obj=None):
        # The feed's rel="self": its canonical address (Django's default, request.path, drops the query).
        return reverse("interop:feed-articles")

    def articles(self, obj):
        return Article.objects.all()

    def items(self, obj=None):
        return self.articles(obj).with_listing().newest()[:FEED_SIZE]

    def item_link(self, item):
        # Also the entry's id: an article's archive URL never changes.
        return item.get_absolute_url()

    def item_author_name(self, item):
        names = [a.entity.name for a in item.authorships.all()]
        return ", ".join(names) or item.byline or item.source.name

    def item_pubdate(self, item):
        # An undated article has no <published>: its capture time is not when it was published.
        # Written in the page's own offset: the publisher's day.
        return local_published(item)

    def item_title(self, item):
        return item.title

    def item_updateddate(self, item):
        return max(d for d in (item.modified, item.published, item.captured) if d)

    def item_categories(self, item):
        return [t.name for t in item.tags_by_name]


class TagFeed(ArticleFeed):
    """/feeds/tags/a+b/: articles carrying every named tag."""

    def get_object(self, request, slugs):
        wanted = sorted({s for s in slugs.lower().split("+") if s})
        tags = list(Tag.objects.filter(slug__in=wanted)) if len(wanted) <= MAX_TAGS else []
        if not wanted or len(tags) != len(wanted):
            raise Http404("No such tag.")
        return TagFeed.in_order(tags)

    @staticmethod
    def in_order(tags) -> list[Tag]:
        """The tags as the feed names them, whatever order a page asked for them in: one feed, one address."""
        return sorted(tags, key=lambda t: (t.name, t.slug))

    def title(self, tags):
        return "Newsroom Archive: tagged " + " + ".join(t.name for t in tags)

    def subtitle(self, tags):
        return "Articles tagged " + " and ".join(t.name for t in tags) + "."

    def link(self, tags):
        return reverse("archive:tag", args=["+".join(t.slug for t in tags)])

    def feed_url(self, tags):
        return reverse("interop:feed-tag", args=["+".join(t.slug for t in tags)])

    def articles(self, tags):
        return Article.objects.tagged_all([t.slug for t in tags])


class SourceFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return f"Newsroom Archive: {source.name}"

    def subtitle(self, source):
        return f"The newest articles from {source.name}."

    def link(self, source):
        return source.get_absolute_url()

    def feed_url(self, source):
        return reverse("interop:feed-source", args=[source.slug])

    def articles(self, source):
        return source.articles.all()


class EntityFeed(ArticleFeed):
    """Articles a person or organization wrote or is named in, as on the entity page."""

    def get_object(self, request, slug):
        # A slug, or a name or alias as the other entity filters take them.
        entity, _ = find_entity(slug)
        if entity is None:
            raise Http404("No such person or organization.")
        return entity

    def title(self, entity):
        return f"Newsroom Archive: {entity.name}"

    def subtitle(self, entity):
        return f"The newest articles by or about {entity.name}."

    def link(self, entity):
        return entity.get_absolute_url()

    def feed_url(self, entity):
        return reverse("interop:feed-entity", args=[entity.slug])

    def articles(self, entity):
        return Article.objects.by_or_about(entity)


class SearchFeed(ArticleFeed):
    """/feeds/search/?q=...: the newest articles matching a search."""

    def get_object(self, request):
        query = SearchForm(request.GET).value("q", "").strip()[:1000]
        if not query:
            raise Http404("A search feed needs a query (?q=).")
        return query

    def title(self, query):
        return f"Newsroom Archive: search for “{query}”"

    def subtitle(self, query):
        return f"The newest articles matching “{query}”."

    def link(self, query):
        return reverse("archive:search") + "?" + urlencode({"q": query})

    def feed_url(self, query):
        return reverse("interop:feed-search") + "?" + urlencode({"q": query})

    def items(self, query):
        # The search's own result set, already in date order with the listing prefetched.
        return Article.objects.search(query, sort="newest")[:FEED_SIZE]
