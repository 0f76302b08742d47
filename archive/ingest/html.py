"""Read one HTML page into a ``ParsedPage``: decode, parse once, extract.

The page is parsed a single time with lxml; trafilatura (body text) and our
metadata layer (``archive.ingest.metadata``) both work on that tree, which
keeps the importer close to trafilatura's own speed.
"""

from __future__ import annotations

import codecs
import re

import lxml.html
import trafilatura
from lxml import etree

from .decode import BOMS
from .metadata import extract_metadata
from .page import PageError, ParsedPage

# A declared charset can only sit near the top of a page (HTML spec: first 1024 bytes;
# real pages put long inline scripts first, so look a little further).
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p)[\s>/]", re.I)
# Characters libxml2 refuses in a document (control characters other than tab/newlines).
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Body extraction settings, chosen on the aeb benchmark (benchmarks/bench_extract.py):
# favor_precision drops more boilerplate than the default for the same recall.
_BODY_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}
# When precision mode keeps less than this much text, it has usually locked onto a
# notice or teaser rather than the article; the default mode then does better.
_MIN_PRECISE_CHARS = 500

# Less text than this (letters and digits, so that it holds for scripts written without
# spaces) is a menu or a notice that extraction fell back to, not an article.
_MIN_BODY_CHARS = 40

_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)


def _codec(name: str | bytes | None) -> str | None:
    """The Python codec for a declared charset, or None when unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Browsers (WHATWG encoding standard) read latin-1 and ascii labels as windows-1252.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return codec


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Decode page bytes: byte-order mark, then the declared charset (HTTP header,
    then <meta>), then UTF-8, then windows-1252 (which never fails)."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, "replace")
    candidates = [_codec(declared)]
    match = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    if match:
        candidates.append(_codec(match.group(1)))
    candidates.append("utf-8")
    for codec in candidates:
        # A page cannot really be UTF-16 when its <meta> was readable as ASCII.
        if codec and not codec.startswith("utf-16") and not codec.startswith("utf-32"):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
    return raw.decode("cp1252", "replace")


def looks_like_html(text: str) -> bool:
    """True when the start of a decoded document has HTML markup."""
    head = text[:_SNIFF_BYTES].lstrip()
    if "\x00" in head:
        return False
    return bool(_HTML_START.search(head))


def parse_tree(text: str) -> lxml.html.HtmlElement:
    """Parse decoded HTML once; raise PageError when lxml finds no document."""
    text = _INVALID_XML_CHARS.sub("", _XML_ENCODING.sub("", text, count=1))
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"not a readable HTML document ({exc})") from None
    if tree is None or not isinstance(tree, lxml.html.HtmlElement):
        raise PageError("not a readable HTML document")
    return tree


def _body_text(tree: lxml.html.HtmlElement, url: str, **options) -> str:
    document = trafilatura.bare_extraction(tree, url=url or None, with_metadata=False, **options)
    return (document.text or "") if document is not None else ""


def extract_body(tree: lxml.html.HtmlElement, url: str = "") -> list[str]:
    """The article's paragraphs, in order (trafilatura on the shared tree)."""
    text = _body_text(tree, url, **_BODY_OPTIONS)
    if len(text) < _MIN_PRECISE_CHARS:
        fuller = _body_text(tree, url, include_comments=False)
        if len(fuller) > len(text):
            text = fuller
    return [line.strip() for line in text.splitlines() if line.strip()]


def _drop_repeats(body: list[str], title: str) -> list[str]:
    """Remove the headline repeated as the first paragraph and paragraphs that are
    only a URL (printed share links, canonical notices)."""
    cleaned = [p for p in body if not re.fullmatch(r"https?://\S+", p)]
    if title and cleaned and cleaned[0].casefold() == title.casefold():
        cleaned = cleaned[1:]
    return cleaned


def parse_html(raw: bytes, url: str = "", *, encoding: str | None = None, format: str = "html") -> ParsedPage:
    """Parse one HTML page. ``encoding`` is a charset from the transport (HTTP
    Content-Type), ``format`` the Capture format to record ("html" or "warc")."""
    if not raw or not raw.strip():
        raise PageError("empty page")
    text = decode_html(raw, encoding)
    if not looks_like_html(text):
        raise PageError("not an HTML document")
    tree = parse_tree(text)
    body = extract_body(tree, url)
    if not body:
        raise PageError("no article text found")
    meta = extract_metadata(tree, url, body)
    body = _drop_repeats(body, meta.title)
    if sum(len(re.sub(r"\W", "", paragraph)) for paragraph in body) < _MIN_BODY_CHARS:
        raise PageError("no article text found")
    return ParsedPage(
        raw=raw,
        format=format,
        title=meta.title,
        body=body,
        url=url,
        canonical_url=meta.canonical_url,
        source_name=meta.source_name,
        source_domain=meta.source_domain,
        source_url=meta.source_url,
        byline=meta.byline,
        authors=meta.authors,
        published=meta.published,
        date_source=meta.date_source,
        published_offset=meta.published_offset,
        modified=meta.modified,
        language=meta.language,
        read_time=meta.read_time,
        summary=meta.summary,
        tags=meta.tags,
        keywords=meta.keywords,
        comments_open=meta.comments_open,
        comment_count=meta.comment_count,
    )
