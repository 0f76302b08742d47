"""/sitemap.xml: an index of per-section sitemaps, each split into pages of at most 50,000 URLs."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from archive.models import Article, Entity, Source

# The sitemaps protocol's limit per file; past it the index lists ?p=2, ?p=3, ...
URLS_PER_FILE = 50_000


class ArticleSitemap(Sitemap):
    limit = URLS_PER_FILE
    changefreq = "never"  # an archived copy does not change; a new capture updates lastmod

    def items(self):
        # Generated benchmark articles are not content worth indexing. Ordered by pk: pages stay stable.
        return Article.objects.filter(is_synthetic=False).only("pk", "slug", "captured").order_by("pk")

    def lastmod(self, article):
        return article.captured

    def get_latest_lastmod(self):
        # For the index: one indexed MAX, not every article's lastmod in Python.
        return self.items().aggregate(latest=Max("captured"))["latest"]


class SourceSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        # EXISTS per source (an index probe) rather than grouping every article: the
        # index counts these items, and the count ignores the newest-capture subquery.
        articles = Article.objects.filter(source=OuterRef("pk"))
        newest = articles.order_by("-captured").values("captured")[:1]
        return Source.objects.filter(Exists(articles)).annotate(latest=Subquery(newest)).order_by("pk")

    def lastmod(self, source):
        return source.latest

    def get_latest_lastmod(self):
        # The newest capture of any article is the newest of its source's.
        return Article.objects.aggregate(latest=Max("captured"))["latest"]


class TagSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        # The tags some article carries, as tag_counts() has them, but by an EXISTS probe per tag: the index
        # counts these items, and grouping every tagging (450,000 at 100,000 articles) to count tags costs.
        return Tag.objects.filter(Exists(TaggedItem.objects.filter(tag=OuterRef("pk")))).order_by("pk")

    def location(self, tag):
        return reverse("archive:tag", args=[tag.slug])


class EntitySitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        return Entity.objects.canonical().order_by("pk")


class PageSitemap(Sitemap):
    def items(self):
        return ["archive:home", "archive:article-list", "archive:tag-index", "archive:source-list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sources": SourceSitemap,
    "tags": TagSitemap,
    "entities": EntitySitemap,
}


def index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="interop:sitemap-section")


def section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
