"""The entities a search names, for the cards above its results, and the
"did you mean" suggestions when it names no one or matches nothing."""

from __future__ import annotations

import copy
from functools import cached_property

from django.db.models import Q

from archive.keys.names import normalize_name
from archive.models import Entity, EntityAlias

from . import entities as entity_search
from .facets import search_url
from .query import quote_value


class EntityCards:
    def __init__(self, query, plan, ranked, sort_param: str | None):
        self.query = query
        self.plan = plan
        self.ranked = ranked  # asked for its total only when the query matched nothing else
        self.sort_param = sort_param

    @cached_property
    def entities(self) -> list:
        """Entities the query names (by name or alias), for cards above the
        results: those its person:/org: filters stand for, and those named by
        the whole of its words or by one of its phrases -- never by a single
        word of a longer name ("Islamic State" is not "Islamic" and "State")."""
        found = [obj for name in ("person", "org") for _, obj in self.plan.selected.get(name, []) if obj]
        keys = self._name_keys()
        if keys:
            aliased = EntityAlias.objects.filter(key__in=keys).values("entity_id")
            named = (
                Entity.objects.canonical()
                .filter(Q(key__in=keys) | Q(pk__in=aliased))  # two index lookups, not a join
                .exclude(kind=Entity.Kind.PLACE)
                .order_by("name")[:3]
            )
            found += [e for e in named if e.pk not in {f.pk for f in found}]
        if not found and self.query.has_text and not self.ranked.total:
            found = self._similar()
        return found[:3]

    def _name_keys(self) -> list[str]:
        """The whole query's words, and each phrase, normalised."""
        words = [w for t in self.query.terms for w in t.words]
        keys = {normalize_name(t.text) for t in self.query.terms if t.is_phrase}
        keys.add(normalize_name(" ".join(words)))
        keys.discard("")
        return sorted(keys)

    def _similar(self) -> list:
        words = " ".join(w for t in self.query.terms for w in t.words)
        return entity_search.similar(words, [Entity.Kind.PERSON, Entity.Kind.ORGANIZATION], limit=3)

    @cached_property
    def suggestions(self) -> list[tuple[str, str]]:
        """ "Did you mean": (name, search URL) for names close to what was
        typed, when a person:/org: value named no one, or the words match nothing."""
        out = []
        for field_name, typed, name in self.plan.suggestions:
            q = copy.deepcopy(self.query)
            q.filters[field_name] = [name if v == typed else v for v in q.filters[field_name]]
            out.append((name, search_url(q, self.sort_param)))
        if not out and self.query.has_text and not self.ranked.total and not self.query.filters:
            for entity in self._similar():
                out.append((entity.name, search_url(quote_value(entity.name), self.sort_param)))
        return out
