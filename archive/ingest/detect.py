"""Telling formats apart by content, not by file name."""

from __future__ import annotations

import gzip
import json
import re
import zlib

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|article|head)\b", re.I)
# Content types servers send HTML under when they do not say what it is: the payload is sniffed
# (looks_html) by the WARC reader, and so by a capture.
SNIFFED_TYPES = ("", "text/plain", "application/octet-stream", "unknown/unknown")


def looks_html(start: bytes) -> bool:
    """True when a payload served without an HTML type starts like an HTML page."""
    head = start[:1024].lstrip().lower()
    return any(marker in head for marker in (b"<!doctype html", b"<html", b"<head", b"<body"))


def detect_format(head: bytes) -> str:
    """One of "warc", "jsonl", "html", "text" for a file starting with ``head``
    (its first few KB)."""
    if head[:2] == b"\x1f\x8b":
        try:
            inner = gzip.GzipFile(fileobj=_Prefix(head)).read(16)
        except (OSError, EOFError, zlib.error):  # damaged gzip data raises zlib.error, not OSError
            inner = b""
        return "warc" if inner.startswith(b"WARC/") else "gzip"
    body = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"WARC/"):
        return "warc"
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            # A long first line may be cut off in ``head``: a JSON object
            # start is still the best reading.
            if b'"' in first[:50]:
                return "jsonl"
    if _HTML_START.match(body) or _HTML_ANYWHERE.search(body[:4096]):
        return "html"
    return "text"


class _Prefix:
    """A file object over a byte prefix; reading past it ends the stream."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        chunk = self.data[self.pos :] if n < 0 else self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk
