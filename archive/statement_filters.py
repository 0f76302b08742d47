"""The who-said-what filters, shared by the HTML page and its JSON twin.

Each filter comes from the query string; unknown or malformed values give a
message, never an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.dateparse import parse_date

from archive.models import Statement
from archive.search.entities import entity_filter_match


@dataclass
class StatementFilter:
    statements: object
    applied: dict = field(default_factory=dict)  # name -> display value
    messages: list[str] = field(default_factory=list)


def filter_statements(params) -> StatementFilter:
    qs = Statement.objects.all()
    result = StatementFilter(qs)

    def entity(param):
        slug = params.get(param, "").strip()
        if not slug:
            return None
        # The same lookup as the API's filters and the search's person:/org:.
        found, how = entity_filter_match(slug)
        if found is None:
            result.messages.append(f"No person or organization “{slug}” in the archive; the {param} filter is ignored.")
            return None
        if how == "typo":
            result.messages.append(f"No person or organization named “{slug}”; showing {found.name}, the closest name.")
        result.applied[param] = found.name
        return found

    if speaker := entity("speaker"):
        qs = qs.filter(speaker=speaker)
    if organization := entity("organization"):
        qs = qs.by_organization(organization)
    if outlet := entity("outlet"):
        qs = qs.filter(via=outlet)
    if tag := params.get("tag", "").strip().lower():
        qs = qs.filter(article__tags__slug=tag)
        result.applied["tag"] = tag
    if kind := params.get("kind", "").strip():
        if kind in Statement.Kind.values:
            qs = qs.filter(kind=kind)
            result.applied["kind"] = Statement.Kind(kind).label
        else:
            result.messages.append(f"Unknown kind “{kind}”; showing every kind.")
    for name, lookup in (("after", "article__published__date__gte"), ("before", "article__published__date__lte")):
        if value := params.get(name, "").strip():
            day = parse_date(value) if len(value) == 10 else None
            if day is None:
                result.messages.append(f"“{value}” is not a date (YYYY-MM-DD); the {name} filter is ignored.")
            else:
                qs = qs.filter(**{lookup: day})
                result.applied[name] = value
    if text := params.get("q", "").strip()[:500]:
        qs = qs.matching(text)
        result.applied["q"] = text
    result.statements = qs
    return result
