"""Articles over time: one aggregate query, bucketed by month or by year.

Used by the home page, search results and entity pages; the picture itself is
``archive.charts`` + ``templates/archive/includes/timeline.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.functions import Substr, TruncMonth

from archive.charts import BarChart, Point, bar_chart

# Up to this many months the chart shows months; a longer span shows years,
# so a bar stays wide enough to see and to point at.
MAX_MONTHS = 60


@dataclass
class Timeline:
    unit: str  # "month" or "year"
    buckets: list[tuple[date, int]]  # start of each bucket, in order, empty ones included
    undated: int  # articles without the date, which no bucket can hold

    @property
    def total(self) -> int:
        return sum(n for _, n in self.buckets)


def count_by_month(queryset: QuerySet, field: str = "published") -> tuple[dict[date, int], int]:
    """{first day of month: count} and the number without a date, in one GROUP BY query."""
    query = queryset.query
    if query.distinct or query.combinator or query.annotations or query.is_sliced:
        # Joins, unions or annotations would change what GROUP BY counts;
        # counting the same rows by primary key keeps it one (sub)query.
        queryset = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    text_months = connections[queryset.db].vendor == "sqlite" and settings.TIME_ZONE == "UTC"
    # SQLite keeps date-times as UTC text ("2024-03-01 08:30:00"): its first seven
    # characters are the month, without TruncMonth's Python function per row (2 s at 100,000).
    bucket = Substr(field, 1, 7) if text_months else TruncMonth(field)
    rows = queryset.order_by().annotate(bucket=bucket).values_list("bucket").annotate(n=Count("pk"))
    months, undated = {}, 0
    for bucket, n in rows:
        if bucket is None:
            undated += n
        else:
            key = date(int(bucket[:4]), int(bucket[5:7]), 1) if text_months else date(bucket.year, bucket.month, 1)
            months[key] = months.get(key, 0) + n
    return months, undated


def timeline(queryset: QuerySet, field: str = "published") -> Timeline:
    """Every month (or year, for long spans) from the first dated article to the last."""
    months, undated = count_by_month(queryset, field)
    if not months:
        return Timeline("month", [], undated)
    first, last = min(months), max(months)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MAX_MONTHS:
        buckets = []
        year, month = first.year, first.month
        for _ in range(span):
            start = date(year, month, 1)
            buckets.append((start, months.get(start, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return Timeline("month", buckets, undated)
    years = {}
    for start, n in months.items():
        years[start.year] = years.get(start.year, 0) + n
    return Timeline("year", [(date(y, 1, 1), years.get(y, 0)) for y in range(first.year, last.year + 1)], undated)


def bucket_end(start: date, unit: str) -> date:
    """Last day of the bucket that begins on ``start``."""
    if unit == "year":
        return date(start.year, 12, 31)
    following = date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _axis_label(start: date, index: int, data: Timeline) -> str | None:
    """Years label themselves (the chart thins them). Over a year of months,
    each January names its year; within a year, months by name."""
    if data.unit == "year":
        return None
    if len(data.buckets) <= 12:
        return start.strftime("%b %Y") if index == 0 else start.strftime("%b")
    if start.month == 1 or (index == 0 and start.month <= 9):  # later than September: too close to January
        return str(start.year)
    return ""


def timeline_chart(
    queryset: QuerySet,
    *,
    title: str = "",
    noun: str = "articles",
    field: str = "published",
    link: Callable[[date, date], str] | None = None,
    chart_id: str = "",
) -> BarChart:
    """The chart ``archive/includes/timeline.html`` draws. ``link(first_day, last_day)``
    may give each period's table row a URL (e.g. the search filtered to that period)."""
    data = timeline(queryset, field)
    points = [
        Point(
            label=start.strftime("%B %Y") if data.unit == "month" else str(start.year),
            value=n,
            axis_label=_axis_label(start, i, data),
            url=link(start, bucket_end(start, data.unit)) if link and n else "",
        )
        for i, (start, n) in enumerate(data.buckets)
    ]
    note = (
        f"{data.undated} undated {noun if data.undated != 1 else noun.rstrip('s')} not shown." if data.undated else ""
    )
    return bar_chart(
        points,
        title=title or f"{noun.capitalize()} per {data.unit}",
        value_name=noun,
        label_name=data.unit.capitalize(),
        note=note,
        chart_id=chart_id,
    )
