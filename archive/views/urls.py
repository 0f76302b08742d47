from django.urls import path

from . import articles, changes, entities, home, search, sources, statements, suggest, tags

app_name = "archive"

urlpatterns = [
    path("", home.home, name="home"),
    path("articles/", articles.article_list, name="article-list"),
    path("articles/<int:pk>/", articles.article_detail, name="article-short"),
    # Before the slug's pattern, which "changes" would match too.
    path("articles/<int:pk>/changes/", changes.article_changes, name="article-changes"),
    path("articles/<int:pk>/<str:slug>/", articles.article_detail, name="article"),
    path("articles/<int:pk>/captures/<int:capture_pk>/", articles.capture_detail, name="capture"),
    path("search/", search.search, name="search"),
    path("search/help/", search.search_help, name="search-help"),
    path("tags/", tags.tag_index, name="tag-index"),
    path("tags/<str:slugs>/", tags.tag_detail, name="tag"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/<slug:slug>/", sources.source_detail, name="source"),
    path("entities/<str:slug>/", entities.entity_detail, name="entity"),
    path("people/", entities.people, name="people"),
    path("suggest/", suggest.suggest, name="suggest"),
    path("organizations/", entities.organizations, name="organizations"),
    path("statements/", statements.statement_list, name="statements"),
    path("statements.json", statements.statement_json, name="statements-json"),
    path("statements/unnamed/", statements.unnamed_sources, name="unnamed-sources"),
]
