"""JSON Lines: the archive's own interchange format, one article per line.

``archive.export.jsonl.article_record`` is what ``export_articles`` writes; ``store_record``
reads it back, so export then import into an empty database reproduces the
archive exactly: the same captures (bytes and checksums) and field values.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from archive.changes import mark_visible_changes
from archive.local_time import offset_of
from archive.models import Article, ArticleAuthor, Capture, Entity, Source

from .page import PageError
from .store import Outcome, Stored, refused_values_as_page_errors, set_tags


def parse_line(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise PageError(f"unreadable JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise PageError("not a JSON object")
    for key in ("identifier", "title", "source", "body", "captures", "captured"):
        if key not in record:
            raise PageError(f"missing field {key!r}")
    if not isinstance(record["captures"], list) or not record["captures"]:
        raise PageError("an article needs at least one capture")
    if not isinstance(record["body"], list) or not all(isinstance(p, str) for p in record["body"]):
        raise PageError("'body' must be a list of paragraphs")
    _check_types(record)
    return record


# What each field must be when present (None: may be null). Checked up front so a
# damaged record gets one clear message instead of failing half-way through storing.
_STR, _INT, _BOOL = (str,), (int,), (bool,)
_FIELD_TYPES = {
    "identifier": _STR,
    "url": _STR,
    "title": _STR,
    "slug": _STR,
    "source": (dict, str),
    "byline": _STR,
    "published": (str, type(None)),
    "date_source": _STR,
    "modified": (str, type(None)),
    "captured": _STR,
    "language": _STR,
    "read_time": (int, type(None)),
    "read_time_stated": _BOOL,
    "word_count": _INT,
    "summary": _STR,
    "tags": (list,),
    "authors": (list,),
    "comments": _STR,
    "comment_count": (int, type(None)),
    "is_synthetic": _BOOL,
}
_CAPTURE_TYPES = {
    "captured": _STR,
    "format": _STR,
    "url": _STR,
    "sha256": (str, type(None)),
    "size": (int, type(None)),
    "fields": (dict, type(None)),
    "raw": _STR,
    "exchange": _STR,
}


def _wrong_type(value, types) -> bool:
    # JSON true/false are Python bools, which are also ints: an int field refuses them.
    return not isinstance(value, types) or (isinstance(value, bool) and bool not in types)


def _check_types(record: dict) -> None:
    for key, types in _FIELD_TYPES.items():
        if key in record and _wrong_type(record[key], types):
            raise PageError(f"{key!r} has the wrong type ({type(record[key]).__name__})")
    if not record["identifier"].strip() or not record["title"].strip():
        raise PageError("'identifier' and 'title' must not be empty")
    if isinstance(record["source"], dict) and not all(isinstance(v, str) for v in record["source"].values()):
        raise PageError("'source' values must be strings")
    if not all(isinstance(t, str) for t in record.get("tags", [])):
        raise PageError("'tags' must be a list of strings")
    for author in record.get("authors", []):
        if not isinstance(author, dict) or not isinstance(author.get("name"), str) or not author["name"].strip():
            raise PageError("each of 'authors' must be an object with a 'name'")
        if author.get("kind", Entity.Kind.PERSON) not in Entity.Kind.values:
            raise PageError(f"unknown author kind {author.get('kind')!r}")
    for n, capture in enumerate(record["captures"], 1):
        if not isinstance(capture, dict):
            raise PageError(f"capture {n}: not a JSON object")
        for key, types in _CAPTURE_TYPES.items():
            if key in capture and _wrong_type(capture[key], types):
                raise PageError(f"capture {n}: {key!r} has the wrong type ({type(capture[key]).__name__})")
        misshapen = Capture.misshapen_field(capture.get("fields") or {})
        if misshapen:
            shape = "a string" if misshapen in Capture.TEXT_FIELDS else "a list of strings"
            raise PageError(f"capture {n}: 'fields' {misshapen!r} must be {shape}")
        fetch_record = (capture.get("fields") or {}).get("capture")
        if fetch_record is not None and not isinstance(fetch_record, dict):  # the web capture's record, or none
            raise PageError(f"capture {n}: 'fields' 'capture' must be an object")


def _datetime(value, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, like month 13
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise PageError(f"{name!r} is not an ISO-8601 date-time with a time zone: {value!r}")
    return parsed


def _captures(record: dict) -> list[dict]:
    captures = []
    for n, item in enumerate(record["captures"], 1):
        try:
            raw = base64.b64decode(item["raw"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise PageError(f"capture {n}: 'raw' is not base64") from None
        sha = hashlib.sha256(raw).hexdigest()
        if item.get("sha256") not in (None, sha):
            raise PageError(f"capture {n}: checksum mismatch (stored {item['sha256']}, bytes give {sha})")
        if item.get("format") not in Capture.Format.values:
            raise PageError(f"capture {n}: unknown format {item.get('format')!r}")
        fields = item.get("fields") or {}
        captures.append(
            {
                "captured": _datetime(item.get("captured"), "captured") or _missing(n),
                "format": item["format"],
                "url": item.get("url", ""),
                "raw": raw,
                "sha256": sha,
                "size": len(raw),
                "fields": fields,
                "exchange": _exchange(item, fields, n),
            }
        )
    return captures


def _exchange(item: dict, fields: dict, n: int) -> bytes:
    """A capture's WARC exchange (empty when it has none), checked against the SHA-256 its fields record."""
    if "exchange" not in item:
        return b""
    try:
        exchange = base64.b64decode(item["exchange"], validate=True)
    except binascii.Error:
        raise PageError(f"capture {n}: 'exchange' is not base64") from None
    fetch_record = fields.get("capture")
    recorded = fetch_record.get("warc_sha256") if isinstance(fetch_record, dict) else None
    digest = hashlib.sha256(exchange).hexdigest()
    if exchange and recorded != digest:
        raise PageError(f"capture {n}: exchange checksum mismatch (recorded {recorded}, bytes give {digest})")
    return exchange


def _missing(n: int):
    raise PageError(f"capture {n}: missing 'captured'")


@refused_values_as_page_errors
def store_record(record: dict) -> Stored:
    captures = _captures(record)
    captured = _datetime(record["captured"], "captured")
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(identifier=record["identifier"]).first()
        if article is None:
            # Bytes the archive holds already (imported as a file or WARC record) are that article.
            shas = [c["sha256"] for c in captures]
            article = Article.objects.select_for_update().filter(captures__sha256__in=shas).first()
        known = set(article.captures.values_list("sha256", flat=True)) if article else set()
        new = [c for c in captures if c["sha256"] not in known]
        if article is not None and not new:
            return Stored(Outcome.UNCHANGED, article)
        outcome = Outcome.IMPORTED if article is None else Outcome.UPDATED
        if article is None:
            article = Article(identifier=record["identifier"])
        if outcome is Outcome.IMPORTED or captured >= article.captured:
            _apply_record(article, record, captured)
        Capture.objects.bulk_create(Capture(article=article, **c) for c in new)
        mark_visible_changes(article)
    return Stored(outcome, article)


def _apply_record(article: Article, record: dict, captured: datetime) -> None:
    src = record["source"] if isinstance(record["source"], dict) else {"name": str(record["source"])}
    article.source = Source.objects.for_page(src.get("name", ""), src.get("domain", ""), src.get("home_url", ""))
    article.url = record.get("url", "")
    article.title = record["title"]
    article.slug = record.get("slug", "")
    article.byline = record.get("byline", "")
    article.published = _datetime(record.get("published"), "published")
    # The offset the date is written in is the page's own ("Z": UTC; "+00:00": not known).
    article.published_offset = offset_of(record["published"], article.published) if article.published else None
    article.date_source = record.get("date_source", "")
    article.modified = _datetime(record.get("modified"), "modified")
    article.captured = captured
    article.language = record.get("language", "")
    article.body = "\n\n".join(record["body"])
    article.word_count = record.get("word_count", len(article.body.split()))
    article.read_time = record.get("read_time") or Article.estimate_read_time(article.word_count)
    article.read_time_stated = bool(record.get("read_time_stated"))
    article.summary = record.get("summary", "")
    article.comments = record.get("comments", "unknown")
    article.comment_count = record.get("comment_count")
    article.is_synthetic = bool(record.get("is_synthetic"))
    try:
        article.full_clean(exclude=["source", "slug", "url", "identifier"], validate_unique=False)
    except ValidationError as exc:
        fields = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise PageError(f"invalid field values ({fields})") from None
    article.save()
    set_tags(article, record.get("tags", []))
    article.authorships.all().delete()
    for position, author in enumerate(record.get("authors", [])):
        entity = Entity.objects.resolve(author["name"], author.get("kind", Entity.Kind.PERSON))
        ArticleAuthor.objects.create(article=article, entity=entity, position=position)
