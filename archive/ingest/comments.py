"""Whether a page takes comments, and how many it says it has.

Open: a comment form or comment section the page renders or loads (WordPress
#respond/.comment-form/#comments, a Disqus thread, JSON-LD commentCount or
discussionUrl). Closed: the page says so. Unknown (None) otherwise: most pages
simply do not tell.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_CLOSED = re.compile(
    r"\b(?:comments?\s+(?:are|is)\s+(?:now\s+)?closed|comments?\s+(?:have\s+been|are)\s+(?:closed|disabled|turned off)"
    r"|commenting\s+(?:is\s+)?(?:now\s+)?(?:closed|disabled)|comments\s+closed)\b",
    re.I,
)
_OPEN_XPATH = (
    '//*[@id="respond" or @id="commentform" or @id="disqus_thread" or @id="comments" or @id="comment-form"]'
    ' | //form[contains(@class, "comment-form") or contains(@action, "wp-comments-post")]'
    ' | //*[contains(concat(" ", normalize-space(@class), " "), " comment-respond ")]'
    ' | //*[contains(concat(" ", normalize-space(@class), " "), " comment-form ")]'
    ' | //script[contains(@src, "disqus.com")]'
)
# Disqus is often loaded by an inline script that writes the embed URL.
_DISQUS_INLINE = re.compile(r"disqus\.com/embed\.js|disqus_shortname|disqus_config", re.I)
_COUNT = re.compile(r"^\s*(\d[\d,.\s]*)\s+(?:comments?|responses?|replies|reactions)\b", re.I)
_COUNT_AFTER = re.compile(r"^\s*(?:comments?|responses?)\s*[(:]\s*(\d[\d,.]*)\s*\)?\s*$", re.I)
_NO_COMMENTS = re.compile(r"^\s*(?:no|zero)\s+(?:comments?|responses?)\b", re.I)
_HEADINGS = "//h1 | //h2 | //h3 | //h4 | //*[@id='comments-title' or contains(@class, 'comments-title')]"


def _as_count(text) -> int | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if text >= 0 else None
    digits = re.sub(r"[^\d]", "", str(text or ""))
    return int(digits) if digits else None


def heading_count(tree: HtmlElement) -> int | None:
    """ "12 Comments" / "Comments (12)" / "No comments" in a comments heading."""
    for heading in tree.xpath(_HEADINGS):
        text = re.sub(r"\s+", " ", heading.text_content()).strip()
        if len(text) > 80:
            continue
        for pattern in (_COUNT, _COUNT_AFTER):
            match = pattern.match(text)
            if match:
                return _as_count(match.group(1))
        if _NO_COMMENTS.match(text):
            return 0
    return None


def _says_closed(tree: HtmlElement) -> bool:
    for text in tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"):
        if "losed" in text or "isabled" in text or "turned off" in text:
            if _CLOSED.search(text):
                return True
    return False


def _has_comment_section(tree: HtmlElement) -> bool:
    if tree.xpath(_OPEN_XPATH):
        return True
    for script in tree.xpath("//script[not(@src)]"):
        if script.text and "disqus" in script.text.lower() and _DISQUS_INLINE.search(script.text):
            return True
    return False


def comment_state(tree: HtmlElement, jsonld_count=None, jsonld_discussion=None) -> tuple[bool | None, int | None]:
    """(comments_open, comment_count) for one page."""
    count = _as_count(jsonld_count) if jsonld_count is not None else None
    if count is None:
        count = heading_count(tree)
    # A closing notice wins over markup: closed WordPress posts keep #comments.
    if _says_closed(tree):
        return False, count
    if _has_comment_section(tree) or jsonld_count is not None or jsonld_discussion:
        return True, count
    return None, count
