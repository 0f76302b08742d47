from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Newsroom Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive.models.article import ArticleQuerySet
        from archive.search import search_articles
        from archive.search.schema import reinstall_after_migrate

        ArticleQuerySet.search_engine = staticmethod(search_articles)

        # SQLite drops a table's triggers when a migration remakes it; put the
        # search index's triggers back after every migrate.
        post_migrate.connect(reinstall_after_migrate, sender=self)
