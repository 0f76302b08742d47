"""Marked snippets built safely: the backend wraps matches in sentinel
strings, the text is HTML-escaped, and only then do sentinels become <mark>
elements, so article content can never inject markup.

Sentinels are two private-use characters chosen at random per search, so an
article cannot contain them on purpose; unbalanced ones are dropped, so the
markup is always well formed.
"""

from __future__ import annotations

import re
import secrets

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def sentinels() -> tuple[str, str]:
    start = "".join(chr(0xE000 + secrets.randbelow(0x1900)) for _ in range(2))
    stop = start
    while stop == start:
        stop = "".join(chr(0xE000 + secrets.randbelow(0x1900)) for _ in range(2))
    return start, stop


def marked(text: str, marks: tuple[str, str]) -> SafeString:
    """Escape ``text``, then turn START...STOP pairs into <mark>...</mark>."""
    start, stop = marks
    out, open_ = [], False
    for part in re.split(f"({re.escape(start)}|{re.escape(stop)})", escape(text or "")):
        if part == start:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == stop:
            if open_:
                out.append("</mark>")
                open_ = False
        else:
            out.append(part)
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out).replace("<mark></mark>", ""))  # noqa: S308 - built from escaped text above
