import itertools

from django import template

from archive.views.pagination import page_query as build_page_query

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number):
    return build_page_query(context["request"], number)


@register.filter
def http_url(url):
    """The URL if it is an http(s) link, else "" so hostile schemes
    (javascript:, data:) never become links."""
    from urllib.parse import urlsplit

    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.simple_tag
def bar_chart(rows, width=600, height=160):
    """Geometry for a simple server-rendered SVG bar chart of (label, value) rows."""
    rows = list(rows)
    top = max((v for _, v in rows), default=0) or 1
    plot_h = height - 24
    slot = width / max(len(rows), 1)
    every = max(1, len(rows) // 12)  # keep axis labels legible
    bars = []
    for i, (label, value) in enumerate(rows):
        h = round(plot_h * value / top, 1)
        bars.append(
            {
                "x": round(i * slot + slot * 0.1, 1),
                "w": round(slot * 0.8, 1),
                "y": round(plot_h - h, 1),
                "h": h,
                "cx": round(i * slot + slot / 2, 1),
                "label": label,
                "value": value,
                "show_label": i % every == 0,
            }
        )
    peak = max(rows, key=lambda r: r[1]) if rows else None
    summary = f"{len(rows)} values from {rows[0][0]} to {rows[-1][0]}, highest {peak[1]} in {peak[0]}" if rows else ""
    return {
        "id": next(_chart_ids),
        "width": width,
        "height": height,
        "label_y": height - 6,
        "bars": bars,
        "summary": summary,
    }


# Unique ids so several charts on one page keep their titles apart.
_chart_ids = itertools.count(1)
