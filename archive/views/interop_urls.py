"""Machine-facing URLs: Memento, JSON API, feeds, sitemap, citations (filled in by the interoperability work)."""

urlpatterns = []
