"""Control characters and NULs never get past the archive's boundaries.

They have no place in a news article, a search or a URL: PostgreSQL refuses
NUL in text, XML 1.0 (the feeds) refuses most C0 controls, and browsers show
them as boxes. One rule, applied where text enters: the importer
(``archive.ingest.runner``), request parameters (``CleanRequestMiddleware``)
and, for rows stored before the rule, the feed generator.

Tab, newline and carriage return are kept; every other Unicode control
character (C0, DEL, C1) and the non-characters U+FFFE/U+FFFF are removed.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def strip_controls(text: str) -> str:
    return _CONTROLS.sub("", text) if text else text


def strip_all(value):
    """``strip_controls`` through strings, lists, tuples and dict values."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [strip_all(v) for v in value]
    if isinstance(value, tuple):
        return tuple(strip_all(v) for v in value)
    if isinstance(value, dict):
        return {k: strip_all(v) for k, v in value.items()}
    return value
