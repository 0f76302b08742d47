"""Deep pages of a long list without sorting whole rows.

``Paginator`` slices a queryset with LIMIT/OFFSET; for a deep page the
database then walks OFFSET full rows (bodies included) in the list's order.
``IdsFirst`` wraps a queryset so a slice first asks for the primary keys
alone, in the same order (an index walk: ``archive_article_newest_idx``
covers the newest-first order), then fetches just those rows.
"""

from __future__ import annotations


class IdsFirst:
    def __init__(self, queryset):
        self.queryset = queryset

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            return self[item : item + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[item])
        if not ids:
            return []
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]
