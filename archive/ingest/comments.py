"""Whether a page takes comments, and how many it says it has.

Open: a comment form or comment section the page renders or loads (WordPress
#respond/.comment-form/#comments, a Disqus thread, JSON-LD commentCount or
discussionUrl). Closed: the page says so. Unknown (None) otherwise: most pages
simply do not tell. The markup itself is collected by ``scan.PageScan``.
"""

from __future__ import annotations

import re

from .scan import PageScan

_COUNT = re.compile(r"^\s*(\d[\d,.\s]*)\s+(?:comments?|responses?|replies|reactions)\b", re.I)
_COUNT_AFTER = re.compile(r"^\s*(?:comments?|responses?)\s*[(:]\s*(\d[\d,.]*)\s*\)?\s*$", re.I)
_NO_COMMENTS = re.compile(r"^\s*(?:no|zero)\s+(?:comments?|responses?)\b", re.I)
_MAX_HEADING_CHARS = 80


def as_count(value) -> int | None:
    """A non-negative comment count from a number or a text such as "1,024"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    digits = re.sub(r"[^\d]", "", str(value or ""))
    return int(digits) if digits else None


def heading_count(scan: PageScan) -> int | None:
    """ "12 Comments" / "Comments (12)" / "No comments" in a heading."""
    for heading in scan.headings:
        text = re.sub(r"\s+", " ", heading.text_content()).strip()
        if len(text) > _MAX_HEADING_CHARS:
            continue
        for pattern in (_COUNT, _COUNT_AFTER):
            match = pattern.match(text)
            if match:
                return as_count(match.group(1))
        if _NO_COMMENTS.match(text):
            return 0
    return None


def comment_state(scan: PageScan, jsonld_count=None, jsonld_discussion=None) -> tuple[bool | None, int | None]:
    """(comments_open, comment_count) for one page."""
    count = as_count(jsonld_count) if jsonld_count is not None else None
    if count is None:
        count = heading_count(scan)
    # A closing notice wins over markup: closed WordPress posts keep their #comments list.
    if scan.closed_notice:
        return False, count
    if scan.comment_markup or scan.disqus or jsonld_count is not None or jsonld_discussion:
        return True, count
    return None, count
