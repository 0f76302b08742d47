"""Turning a text file's bytes into text, refusing to guess."""

from __future__ import annotations

import codecs
import re

from .page import PageError


class NotText(PageError):
    """Bytes that are no text in the encoding they announce, or in UTF-8."""


# Byte-order marks and the encoding each announces; UTF-32 LE before UTF-16
# LE, whose mark begins it. Text and HTML pages both read them.
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# An Emacs/Python-style declaration making up one of the first two lines
# (PEP 263): "# -*- coding: latin-1 -*-", "-*- coding: latin-1 -*-",
# "coding=cp1252". Only a whole line of that shape: a headline that happens
# to contain "encoding:" is content.
_DECLARATION = re.compile(
    rb"^[ \t]*(?:#|//|;+|<!--|/\*)?[ \t]*(?:-\*-)?[ \t]*(?:[\w-]+[ \t]*:[ \t]*[\w.-]+[ \t]*;[ \t]*)*"
    rb"(?:en)?coding[ \t]*[:=][ \t]*([-\w.]+)[ \t]*;?[ \t]*(?:-\*-)?[ \t]*(?:-->|\*/)?[ \t]*$",
    re.IGNORECASE,
)


def declaration(raw: bytes) -> tuple[int, str] | None:
    """(index of the line, encoding name) of a declaration on line 1 or 2."""
    for index, line in enumerate(raw.splitlines()[:2]):
        found = _DECLARATION.match(line)
        if found:
            return index, found.group(1).decode("ascii")
    return None


def decode_text(raw: bytes) -> str:
    """The text of a page, without its encoding declaration line (which says
    how to read the page and is not part of it)."""
    if any(raw.startswith(bom) for bom, _ in BOMS):
        # The byte-order mark decides; a declaration line is still not content.
        text = _decode(raw)
        lines = text.splitlines(keepends=True)
        declared = declaration(b"".join(line.encode("utf-8", "replace") for line in lines[:2]))
        if declared is not None:
            del lines[declared[0]]
        return "".join(lines)
    declared = declaration(raw)
    if declared is None:
        return _decode(raw)
    index, name = declared
    lines = raw.splitlines(keepends=True)
    del lines[index]
    try:
        return b"".join(lines).decode(name)
    except LookupError:  # no such codec, or one that is not a text encoding ("base64")
        raise PageError(f"declares unknown encoding {name!r}") from None
    except UnicodeDecodeError as exc:
        raise NotText(f"not valid {name} as it declares (byte {exc.start})") from None


def _decode(raw: bytes) -> str:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotText(f"not valid {encoding} despite its byte-order mark (byte {exc.start})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"not UTF-8 (invalid byte at offset {exc.start}) and no declared encoding") from None
