"""Scraped text pages: a title line, a short header, paragraphs, furniture.

The shape (see samples/): title; optionally the site name, a "By NAME"
byline and an "N Min Read" line; the body paragraphs separated by blank
lines; then page furniture ("TAGGED:" followed by tag names, share and
comment prompts). Furniture is never body text: it is read as metadata.
"""

from __future__ import annotations

import re

from .decode import NotText, decode_text
from .page import PageError, ParsedPage

MAX_TITLE_CHARS = 300

_BYLINE = re.compile(r"^by\s+(?P<names>.+)$", re.IGNORECASE)
_READ_TIME = re.compile(r"^(?P<minutes>\d{1,3})\s*(?:min|mins|minute|minutes)\.?\s+read$", re.IGNORECASE)
_TAGS_HEADING = re.compile(r"^(?:tagged|tags)\s*:\s*(?P<inline>.*)$", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,|\band\b|&)\s*", re.IGNORECASE)

# Lines that belong to the page around the article, not to it. Prompts to
# comment mean the original page had a comment form.
_COMMENT_PROMPTS = (
    "leave a comment",
    "leave a reply",
    "post a comment",
    "your email address will not be published",
    "required fields are marked",
)
_COMMENTS_CLOSED = ("comments are closed", "commenting is closed", "comments closed")
_SHARE_PROMPTS = ("share this article", "share this:", "share this", "share on", "related articles", "related posts")


def _kind_of_furniture(line: str) -> str | None:
    low = line.strip().lower()
    if any(low.startswith(p) for p in _COMMENTS_CLOSED):
        return "closed"
    if any(low.startswith(p) for p in _COMMENT_PROMPTS):
        return "comments"
    if low in _SHARE_PROMPTS or any(low.startswith(p) and len(low) < 40 for p in _SHARE_PROMPTS):
        return "share"
    if _TAGS_HEADING.match(line.strip()):
        return "tags"
    return None


def split_authors(names: str) -> list[str]:
    return [n.strip(" .") for n in _AUTHOR_SPLIT.split(names) if n.strip(" .")]


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_text(raw: bytes) -> ParsedPage:
    if not raw.strip():
        raise PageError("empty file")
    text = decode_text(raw)
    # Non-breaking spaces on their own are spacing, not content.
    lines = [
        line.replace("\u00a0", " ").rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    if not any(line.strip() for line in lines):
        raise PageError("empty file")
    if "\x00" in text:
        raise NotText("binary data, not a text page")

    index = next(i for i, line in enumerate(lines) if line.strip())
    title = lines[index].strip()
    if len(title) > MAX_TITLE_CHARS:
        raise PageError(f"no title found (first line is {len(title)} characters long)")
    page = ParsedPage(raw=raw, format="text", title=title)

    rest = lines[index + 1 :]
    body_start = _read_header(rest, page)
    body_lines, furniture = _split_furniture(rest[body_start:])
    _read_furniture(furniture, page)

    blocks = _blocks(body_lines)
    if len(blocks) == 1 and len(blocks[0]) > 1:
        # No blank lines at all: one paragraph per line.
        page.body = blocks[0]
    else:
        # Hard-wrapped paragraphs: the lines of a block are one paragraph.
        page.body = [" ".join(block) for block in blocks]
    return page


def _read_header(lines: list[str], page: ParsedPage) -> int:
    """Consume the short header after the title (site, byline, read time);
    return where the body starts."""
    seen_content = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if seen_content >= 3:
            return i
        byline = _BYLINE.match(stripped)
        read_time = _READ_TIME.match(stripped)
        if byline and len(stripped) < 120 and not page.byline:
            page.byline = stripped
            page.authors = split_authors(byline.group("names"))
        elif read_time and page.read_time is None:
            page.read_time = int(read_time.group("minutes"))
        elif (
            not page.source_name
            and not page.byline
            and page.read_time is None
            and _looks_like_site_name(stripped)
            and _next_is_header(lines[i + 1 :])
        ):
            page.source_name = stripped
        else:
            return i
        seen_content += 1
    return len(lines)


def _looks_like_site_name(line: str) -> bool:
    return len(line) <= 60 and not line.endswith((".", "?", "!", "”", '"', ":"))


def _next_is_header(lines: list[str]) -> bool:
    """A site-name line is only taken as such when a byline or read time follows."""
    for line in lines:
        if line.strip():
            return bool(_BYLINE.match(line.strip()) or _READ_TIME.match(line.strip()))
    return False


def _split_furniture(lines: list[str]) -> tuple[list[str], list[str]]:
    for i, line in enumerate(lines):
        if line.strip() and _kind_of_furniture(line):
            return lines[:i], lines[i:]
    return lines, []


def _read_furniture(lines: list[str], page: ParsedPage) -> None:
    in_tags = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            in_tags = False
            continue
        kind = _kind_of_furniture(stripped)
        if kind == "tags":
            in_tags = True
            inline = _TAGS_HEADING.match(stripped).group("inline")
            page.tags.extend(t.strip() for t in inline.split(",") if t.strip())
        elif kind == "comments":
            in_tags = False
            if page.comments_open is None:
                page.comments_open = True
        elif kind == "closed":
            in_tags = False
            page.comments_open = False
        elif kind == "share":
            in_tags = False
        elif in_tags:
            page.tags.extend(t.strip() for t in stripped.split(",") if t.strip())
