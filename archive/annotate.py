"""Marking statements and mentions in an article's paragraphs.

Offsets of mentions and statements are into ``Article.text`` (title, blank
line, body). Every piece of article text is escaped before any markup is
added, so the text itself can never inject HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # "statement" or "mention"
    anchor: str = ""  # id for statements
    href: str = ""  # link for mentions
    label: str = ""


def paragraph_ranges(article) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in ``article.text``."""
    ranges, pos = [], article.body_offset
    for paragraph in article.paragraphs:
        ranges.append((pos, pos + len(paragraph)))
        pos += len(paragraph) + 2
    return ranges


def render_paragraphs(article, marks: list[Mark]) -> list[SafeString]:
    text = article.text
    statements = sorted((m for m in marks if m.kind == "statement"), key=lambda m: (m.start, -m.end))
    mentions = sorted((m for m in marks if m.kind == "mention"), key=lambda m: m.start)
    out, opened = [], set()  # anchors given an id so far: one id per statement on the page
    for start, end in paragraph_ranges(article):
        out.append(_render_range(text, start, end, statements, mentions, opened))
    return out


def _render_range(text, start, end, statements, mentions, opened) -> SafeString:
    # Cut points: paragraph ends and every mark boundary inside the paragraph.
    points = {start, end}
    for m in (*statements, *mentions):
        for p in (m.start, m.end):
            if start < p < end:
                points.add(p)
    points = sorted(points)
    html = []
    for a, b in zip(points, points[1:], strict=False):
        piece = text[a:b]
        statement = next((s for s in statements if s.start <= a and b <= s.end), None)
        # A statement inside another's stretch never gets a <mark> of its own:
        # an empty target where it begins keeps every statement's link working.
        for inner in statements:
            if inner is not statement and inner.anchor not in opened and max(inner.start, start) == a < inner.end:
                opened.add(inner.anchor)
                html.append(str(format_html('<span class="statement-at" id="{}"></span>', inner.anchor)))
        mention = next((m for m in mentions if m.start <= a and b <= m.end), None)
        chunk = escape(piece)
        if mention is not None and mention.href:
            chunk = format_html('<a class="mention" href="{}">{}</a>', mention.href, piece)
        if statement is not None:
            first = statement.anchor not in opened
            opened.add(statement.anchor)
            if first:
                chunk = format_html(
                    '<mark class="statement" id="{}" title="{}">{}</mark>', statement.anchor, statement.label, chunk
                )
            else:
                chunk = format_html('<mark class="statement">{}</mark>', chunk)
        html.append(str(chunk))
    return mark_safe("".join(html))  # every piece above was escaped
