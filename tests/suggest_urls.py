"""The site's URLs plus the suggestion endpoint, for testing enhance.js before
(or regardless of whether) archive.views.urls lists it."""

from django.urls import include, path

from archive import urls as site
from archive.views import suggest
from archive.views import urls as archive_urls

archive_patterns = [path("suggest/", suggest.suggest, name="suggest"), *archive_urls.urlpatterns]
urlpatterns = [
    path("", include((archive_patterns, "archive"))),
    *[p for p in site.urlpatterns if getattr(p, "namespace", None) != "archive"],
]
