"""Turning a text file's bytes into text, refusing to guess."""

from __future__ import annotations

import codecs
import re

from .page import PageError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# An Emacs/Python-style declaration on one of the first two lines:
# "-*- coding: latin-1 -*-" or "encoding=cp1252".
_DECLARED = re.compile(rb"(?:en)?coding[:=]\s*([-\w.]+)")


def decode_text(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise PageError(f"not valid {encoding} despite its byte-order mark (byte {exc.start})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_lines = b"\n".join(raw.splitlines()[:2])
        declared = _DECLARED.search(first_lines)
        if declared:
            name = declared.group(1).decode("ascii", "replace")
            try:
                return raw.decode(name)
            except LookupError:
                raise PageError(f"declares unknown encoding {name!r}") from None
            except UnicodeDecodeError:
                raise PageError(f"not valid {name} as it declares") from None
        raise PageError(f"not UTF-8 (invalid byte at offset {exc.start}) and no declared encoding") from None
