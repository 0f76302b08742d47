"""Full-text search over articles (see backends)."""

from django.db.models import Q


def search_articles(qs, query: str):
    """Placeholder: every word must occur in the title or body."""
    for word in query.split():
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs
