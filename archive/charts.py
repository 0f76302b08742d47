"""Bar-chart geometry for server-rendered SVG, with the text that stands in for it.

Domain-free: it knows labels and numbers, not articles. The template
``archive/includes/timeline.html`` draws a ``BarChart``; everything that needs
arithmetic happens here because templates cannot do it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import slugify

# The SVG's own coordinate system; it scales to the column width with CSS.
WIDTH = 640
HEIGHT = 200
MARGIN_LEFT = 44  # room for the y-axis numbers
MARGIN_RIGHT = 8
MARGIN_TOP = 12
MARGIN_BOTTOM = 26  # room for the x-axis labels
# More x labels than this collide on a wide screen; half of them on a phone.
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Point:
    """One bar's data: ``label`` names it in full (table, tooltip, description);
    ``axis_label`` is the shorter text under the axis; ``url`` links its table row.
    An ``axis_label`` of None leaves the chart to pick which bars get a label;
    "" on some points means the caller picked (e.g. only each January)."""

    label: str
    value: int | float
    axis_label: str | None = None
    url: str = ""


@dataclass(frozen=True)
class Bar:
    point: Point
    x: float
    y: float
    width: float
    height: float
    label_x: float = 0.0  # centre of the bar, where its axis label goes
    show_label: bool = False
    label_anchor: str = "middle"  # "start"/"end" at the ends, so a label is never cut off
    minor_label: bool = False  # hidden on narrow screens, where labels would collide


@dataclass(frozen=True)
class Tick:
    value: int | float
    y: float


@dataclass
class BarChart:
    title: str
    value_name: str  # what a value counts, plural ("articles")
    label_name: str  # what a label names ("Month")
    points: list[Point]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    description: str = ""
    note: str = ""  # said under the chart and in the description (e.g. what is left out)
    id: str = "chart"
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT
    plot_right: int = WIDTH - MARGIN_RIGHT
    plot_top: int = MARGIN_TOP
    plot_bottom: int = HEIGHT - MARGIN_BOTTOM

    @property
    def total(self):
        return sum(p.value for p in self.points)

    @property
    def is_empty(self) -> bool:
        return not any(p.value for p in self.points)

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 17

    @property
    def tick_label_x(self) -> float:
        return self.plot_left - 6


def nice_ticks(maximum: float, target: int = 4) -> list[int | float]:
    """Round axis values from 0 to at least ``maximum``: steps of 1, 2 or 5
    times a power of ten, so a reader can take values off the axis."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if float(step).is_integer():
        step = int(step)
    elif maximum >= 1:  # counts: never a fractional step above 1
        step = max(1, math.ceil(step))
    top = math.ceil(maximum / step) * step
    count = round(top / step)
    return [_tidy(i * step) for i in range(count + 1)]


def _tidy(value: float) -> int | float:
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def _point(item) -> Point:
    if isinstance(item, Point):
        return item
    label, value, *rest = item
    return Point(str(label), value, *rest)


def bar_chart(
    items: Iterable,
    *,
    title: str,
    value_name: str = "items",
    label_name: str = "Label",
    note: str = "",
    chart_id: str = "",
) -> BarChart:
    """Lay out bars for ``items``: ``Point``s or ``(label, value[, axis_label[, url]])`` tuples, in order."""
    points = [_point(i) for i in items]
    chart = BarChart(
        title=title,
        value_name=value_name,
        label_name=label_name,
        points=points,
        note=note,
        id=chart_id or f"chart-{slugify(title) or 'data'}",
    )
    chart.description = describe(points, value_name=value_name, note=note)
    if not points:
        return chart
    plot_width = chart.plot_right - chart.plot_left
    plot_height = chart.plot_bottom - chart.plot_top
    top = nice_ticks(max(p.value for p in points))
    scale = plot_height / top[-1]
    chart.ticks = [Tick(v, round(chart.plot_bottom - v * scale, 1)) for v in top]
    slot = plot_width / len(points)
    # A gap between bars keeps them apart when few; very thin bars need all the room.
    gap = slot * 0.2 if slot >= 4 else 0
    step = math.ceil(len(points) / MAX_X_LABELS)
    chosen = any(p.axis_label == "" for p in points)  # the caller chose which bars to label
    for i, point in enumerate(points):
        height = point.value * scale
        x = chart.plot_left + i * slot + gap / 2
        centre = chart.plot_left + (i + 0.5) * slot
        half_label = len(point.axis_label or point.label) * 3.4  # about half a label's width at 11px
        anchor = "start" if centre - half_label < 0 else "end" if centre + half_label > chart.width else "middle"
        if anchor == "start":
            centre = max(centre - slot / 2, 0)
        elif anchor == "end":
            centre = min(centre + slot / 2, chart.width)
        chart.bars.append(
            Bar(
                point=point,
                x=round(x, 1),
                y=round(chart.plot_bottom - height, 1),
                width=round(max(slot - gap, 0.5), 1),
                height=round(height, 1),
                label_x=round(centre, 1),
                show_label=bool(point.axis_label) if chosen else i % step == 0,
                label_anchor=anchor,
                minor_label=not chosen and (i // step) % 2 == 1,
            )
        )
    return chart


def describe(points: list[Point], *, value_name: str, note: str = "") -> str:
    """A sentence that says what the chart shows, for people who cannot see it."""
    if not points or not any(p.value for p in points):
        text = f"No {value_name} to show."
    else:
        total = sum(p.value for p in points)
        peak = max(points, key=lambda p: p.value)
        span = points[0].label if len(points) == 1 else f"from {points[0].label} to {points[-1].label}"
        text = (
            f"{_number(total)} {value_name} {span}; the most, {_number(peak.value)}, in {peak.label}."
            if len(points) > 1
            else f"{_number(total)} {value_name} in {span}."
        )
    return f"{text} {note}".strip()


def _number(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
