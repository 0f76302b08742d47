"""Machine-facing URLs: Memento, JSON API, feeds, sitemap, robots.txt, OpenSearch, citations."""

from django.urls import path

from archive.api import api_urls

from . import change_feeds, citations, feeds, memento, sitemaps, wellknown

app_name = "interop"

urlpatterns = [
    # Memento (RFC 7089): the original URL follows, with or without its scheme.
    path("timegate/<path:url>", memento.timegate, name="timegate"),
    path("timemap/link/<path:url>", memento.timemap_link, name="timemap-link"),
    path("timemap/json/<path:url>", memento.timemap_json, name="timemap-json"),
    path("api/", api_urls()),
    path("feeds/articles/", feeds.ArticleFeed(), name="feed-articles"),
    path("feeds/tags/<str:slugs>/", feeds.TagFeed(), name="feed-tag"),
    path("feeds/sources/<slug:slug>/", feeds.SourceFeed(), name="feed-source"),
    path("feeds/entities/<str:slug>/", feeds.EntityFeed(), name="feed-entity"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path("feeds/changes/articles/<int:pk>/", change_feeds.ArticleChangeFeed(), name="feed-article-changes"),
    path("feeds/changes/sources/<slug:slug>/", change_feeds.SourceChangeFeed(), name="feed-source-changes"),
    path("feeds/changes/tags/<str:slugs>/", change_feeds.TagChangeFeed(), name="feed-tag-changes"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", wellknown.robots_txt, name="robots"),
    path("favicon.ico", wellknown.favicon, name="favicon"),
    path("opensearch.xml", wellknown.opensearch, name="opensearch"),
    path("articles/<int:pk>/cite.<str:ext>", citations.cite, name="cite"),
]
