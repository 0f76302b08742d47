"""The publication date in the page's own UTC offset.

``Article.published`` is the instant (UTC: what the search sorts and filters by);
``Article.published_offset`` is the offset, in minutes, the page gave it in. The
article page, the archive panel, citations, the feed, the API and the JSON Lines
export show the publisher's calendar day: "2019-11-19T22:43:00-05:00" is the
evening of 19 November in New York, not 20 November. An article whose page gave
no offset (``published_offset`` empty, every article imported before offsets were
kept) is shown in UTC, as before.

In ISO 8601 text a date the page gave in UTC itself is written with "Z" and a
date of unknown offset, shown in UTC, with "+00:00" (what the archive has always
written), so reading the text back gives the same instant and offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone


def in_offset(value: datetime | None, offset: int | None) -> datetime | None:
    """``value`` (aware) in the fixed offset ``offset`` minutes east of UTC; in UTC when None."""
    if value is None:
        return None
    if offset is None:
        return value.astimezone(UTC)
    return value.astimezone(timezone(timedelta(minutes=offset)))


def local_published(article) -> datetime | None:
    """The article's publication date in the page's own offset (UTC when unknown)."""
    return in_offset(article.published, article.published_offset)


def iso(value: datetime | None, offset: int | None) -> str | None:
    """ISO 8601 text in the page's offset: "Z" for a page that gave UTC, "+00:00" for an unknown offset."""
    if value is None:
        return None
    text = in_offset(value, offset).isoformat()
    return text.removesuffix("+00:00") + "Z" if offset == 0 else text


def offset_of(text: str, value: datetime) -> int | None:
    """The offset ISO 8601 ``text`` (parsed as ``value``) was written in, read as ``iso`` writes it."""
    minutes = int(value.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return 0 if text.strip().upper().endswith("Z") else None
    return minutes
