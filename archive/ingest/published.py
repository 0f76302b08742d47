"""The publication date, weighed from every piece of evidence the page gives.

Evidence, from the most to the least trusted: the publisher's structured data
(JSON-LD ``datePublished``, then ``article:published_time`` and the other
published-date meta tags), a ``<time>`` marked as the publication date, a date
printed under a "published" label, a Unix timestamp in a ``data-*`` attribute
inside the page's own permalink (a script-rendered time), htmldate's answer (its own search of the
page, the library the archive builds on), the day in the URL, and the first
date printed in a date-classed element.

When sources disagree the most specific trustworthy one wins: the day in the
URL (``/2019/11/20/``) is rarely wrong, so evidence a day or more away from it
loses to evidence that agrees with it; otherwise the most trusted source is
taken, and a date without a time of day gives way to a more precise one for the
same day. The answer names its source (``DateSource``), which the archive
shows and exports, and the UTC offset the winning evidence was given in (the
page's own, so the archive can show the publisher's calendar day). A page whose
structured data gives the time in UTC ("…T02:59:46Z") and prints the same time
as its local wall clock without a zone ("2019-11-19T20:59:46", "5:50 PM") gives
its offset away by the difference (-06:00).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml.html import HtmlElement

from .dates import offset_minutes, parse_local_date, parse_printed, printed_date, url_date, url_month
from .scan import PageScan


class DateSource:
    """Where a publication date came from: the values of archive.models.DateSource
    (parsers stay free of the ORM)."""

    JSONLD = "json-ld"
    META = "meta"
    TIME = "time"
    LABEL = "label"
    HTMLDATE = "htmldate"
    URL = "url"
    PRINTED = "printed"


# Labels that introduce the publication date in the page text, in the languages the
# archive sees most ("Published:", "Posted on", "Veröffentlicht", "Publié le",
# "公開日", "掲載日", "登録日" (registered), "投稿日", "配信日", "작성일", "发布时间").
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?:published|posted|first published|date published|publication date|veröffentlicht|publié|publicado"
    r"|pubblicato|gepubliceerd|公開日|掲載日|登録日|投稿日|配信日|公開|作成日|작성일|등록일|发布时间|发布日期|發佈)"
    r"\s*(?:on|am|le|el|il|:|：)?\s*",
    re.I,
)
_MAX_LABEL_CHARS = 40
_DATE_CELL_CHARS = 60
_NEAR = timedelta(days=1, hours=12)
_MAX_OFFSET = timedelta(hours=14)
_OFFSET_STEP = timedelta(minutes=15)
_ISSUE_AHEAD = timedelta(days=62)
_SAME_SEASON = timedelta(days=31)


def _labelled_date(tree: HtmlElement) -> datetime | None:
    """A date printed right after a "published" label: in the same short element
    ("Posted on 4 June 2019") or in the next cell or sibling ("登録日 | 2019/02/22")."""
    for element in tree.iter("td", "th", "dt", "span", "p", "div", "li", "strong", "b", "label"):
        text = (element.text or "").strip()
        if not text or len(text) > _MAX_LABEL_CHARS or not _PUBLISHED_LABEL.match(text):
            continue
        rest = _PUBLISHED_LABEL.sub("", " ".join(element.itertext()), count=1).strip()
        following = element.getnext()
        for value in (rest, "" if following is None else " ".join(following.itertext()).strip()):
            if value and len(value) <= _DATE_CELL_CHARS and re.search(r"\d{4}", value):
                date = parse_local_date(value)
                if date:
                    return date
    return None


# Attributes in which pages print a timestamp as Unix seconds (or milliseconds) for a script
# to render ("<span data-time="1466522845">"): tweets, forum posts, many CMS templates.
_EPOCH_ATTRIBUTES = ("data-time", "data-timestamp", "data-utime", "data-ts", "data-utcdatetime", "data-epoch")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def _own_path(url: str) -> tuple[str, str]:
    """A URL as host (without www.) and path, lower case, for telling a permalink from other links."""
    parts = urlsplit(url)
    return (parts.hostname or "").removeprefix("www."), parts.path.rstrip("/").lower()


def _permalink_epoch(scan: PageScan, urls: list[str]) -> str | None:
    """A Unix timestamp printed inside a link to the page itself (its permalink: the
    page's own entry, where a feed or a thread also holds others' links and times)."""
    base = next((u for u in urls if u), "")
    own = {_own_path(u) for u in urls if u}
    own = {(host, path) for host, path in own if path}
    tails = {path.rsplit("/", 1)[-1] for _, path in own}
    if not tails:
        return None
    for href, link in scan.links:
        tail = href.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
        if tail not in tails:
            continue
        host, path = _own_path(urljoin(base, href))
        if not any(path == p and (not host or not h or host == h) for h, p in own):
            continue
        for element in link.iter():
            for name in _EPOCH_ATTRIBUTES:
                value = element.get(name)
                if value and _EPOCH.match(value.strip()):
                    return value.strip()
    return None


def _has_time(value: str) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}|T\d{2}", value or "") or _EPOCH.match(value or ""))


class _Evidence:
    def __init__(self):
        self.items: list[tuple[str, datetime, bool]] = []  # (source, UTC date, has a time of day)
        self.offsets: dict[tuple[str, datetime], int | None] = {}  # the offset each was given in

    def add(self, source: str, value) -> None:
        text = value if isinstance(value, str) else str(value or "")
        date = parse_local_date(value) if value not in (None, "") else None
        if date and not any(s == source for s, _, _ in self.items):
            self.append(source, date, _has_time(text))

    def append(self, source: str, local: datetime, precise: bool) -> None:
        """Weighed in UTC; the offset is kept beside it."""
        date = local.astimezone(UTC)
        self.items.append((source, date, precise))
        self.offsets.setdefault((source, date), offset_minutes(local))


def _near(a: datetime, b: datetime) -> bool:
    return abs(a - b) <= _NEAR


def _fits_url(date: datetime, url_day: datetime | None, month: tuple[int, int] | None) -> bool:
    """Whether a date agrees with the URL. A URL is minted when the story is first
    filed, so a published date more than a day after the URL's day is an update or
    a republication; a date before it is kept (magazines file stories under the
    coming issue's date). A URL with only a year and month bounds the date to it."""
    if url_day is not None:
        return url_day - _ISSUE_AHEAD <= date <= url_day + _NEAR
    if month is not None:
        first = datetime(month[0], month[1], 1, tzinfo=UTC)
        after = datetime(month[0] + month[1] // 12, month[1] % 12 + 1, 1, tzinfo=UTC)
        return first - _NEAR <= date <= after + _NEAR
    return True


def weigh(
    evidence: list[tuple[str, datetime, bool]], url_day: datetime | None, month: tuple[int, int] | None = None
) -> tuple[datetime | None, str]:
    """The winning date and its source (see the module docstring)."""
    evidence = [item for item in evidence if _fits_url(item[1], url_day, month)]
    if not evidence:
        return (url_day, DateSource.URL) if url_day is not None else (None, "")
    source, date, precise = evidence[0]
    if not precise:
        # A day without a time of day gives way to a precise answer for that day
        # (the day read in the page's zone, so compared as the 24 hours from its start).
        for other_source, other, other_precise in evidence[1:]:
            if other_precise and date <= other < date + timedelta(days=1):
                return other, other_source
    return date, source


def published_date(
    scan: PageScan,
    tree: HtmlElement,
    structured: list[tuple[str, object]],
    urls: list[str],
    headline: HtmlElement | None,
    modified: list[str] = (),
) -> tuple[datetime | None, str, int | None]:
    """The publication date (UTC), where it came from, and the UTC offset in minutes the
    page gave it in (None when unknown). ``structured`` lists the page's declared
    published dates as (DateSource, value), most trusted first; ``modified`` its declared
    modification dates, read only for the page's offset."""
    evidence = _Evidence()
    for source, value in structured:
        evidence.add(source, value)
    for value in scan.marked_times:
        evidence.add(DateSource.TIME, value)
    labelled = _labelled_date(tree)
    if labelled:
        utc = labelled.astimezone(UTC)  # a time of day, as in UTC
        evidence.append(DateSource.LABEL, labelled, bool(utc.hour or utc.minute))
    # A script-rendered time of the page's own entry: a machine timestamp, so precise.
    epoch = _permalink_epoch(scan, urls)
    if epoch:
        evidence.add(DateSource.TIME, epoch)
    url_days = [d for d in (url_date(u) for u in urls if u) if d]
    url = next((u for u in urls if u), None)
    library = _htmldate(tree, url, extensive=False)
    if not (url_days and library == url_days[0].date().isoformat()):  # that answer is the URL's
        evidence.add(DateSource.HTMLDATE, library)
    for value in scan.times:
        evidence.add(DateSource.TIME, value)
    printed = printed_date(scan, headline)
    if printed:
        utc = printed.astimezone(UTC)
        evidence.append(DateSource.PRINTED, printed, bool(utc.hour or utc.minute))
    if not evidence.items:
        # htmldate's search of the whole text is the last resort: it also reads dates
        # that are not the article's (a copyright line, a sidebar).
        evidence.add(DateSource.HTMLDATE, _htmldate(tree, url, extensive=True))
    months = [m for m in (url_month(u) for u in urls if u) if m]
    date, source = weigh(evidence.items, url_days[0] if url_days else None, months[0] if months else None)
    offset = evidence.offsets.get((source, date))
    if offset == 0 and date is not None:
        offset = _page_offset(evidence, date, scan, modified)
    return date, source, offset


def _page_offset(evidence: _Evidence, instant: datetime, scan: PageScan, modified: list[str]) -> int:
    """The page's own offset for ``instant``, which it gave in UTC: the offset of the same
    instant given again in another one (a ``<time>``, another published field), else of
    the same minute printed as a zone-less local wall clock (a ``<time>``'s own text
    "November 18, 2019 11:03 PM" under datetime="…T07:03:25+00:00"), else of the page's
    modification time when it is given in one (an offset holds for a season: only one
    within a few weeks counts). 0 (UTC, as the page said) when none tells."""
    zoned, wall_clocks = [], []  # (local datetime); zone-less (UTC-read datetime)
    for source, date, precise in evidence.items:
        offset = evidence.offsets.get((source, date))
        if offset:
            zoned.append(date.astimezone(timezone(timedelta(minutes=offset))))
        elif offset is None and precise:
            wall_clocks.append(date)
    for element in scan.time_elements:
        local = parse_local_date(element.get("datetime"))
        if local is None or local != instant:
            continue  # another time of the page: a comment's, a related story's
        if offset_minutes(local):
            zoned.append(local)
        printed = parse_printed(element)
        if printed and offset_minutes(printed) is None and _has_time(" ".join(element.itertext())):
            wall_clocks.append(printed.astimezone(UTC))
    for local in zoned:
        if local == instant:
            return offset_minutes(local)
    wall = _wall_clock_offset(wall_clocks, instant)
    if wall:
        return wall
    later = [d for d in (parse_local_date(v) for v in modified if v) if d and offset_minutes(d)]
    later = [d for d in later if abs(d - instant) <= _SAME_SEASON]
    return offset_minutes(min(later, key=lambda d: abs(d - instant))) if later else 0


def _wall_clock_offset(wall_clocks: list[datetime], instant: datetime) -> int:
    """The offset at which ``instant`` (given in UTC) was printed again as a zone-less
    local time (read as UTC): the same minute (and second, when printed) a whole number
    of quarter hours away, at most 14 hours. 0 when none was."""
    for date in wall_clocks:
        same = instant if date.second or date.microsecond else instant.replace(second=0, microsecond=0)
        delta = date - same
        if delta and abs(delta) <= _MAX_OFFSET and not delta % _OFFSET_STEP:
            return int(delta.total_seconds() // 60)
    return 0


def _htmldate(tree: HtmlElement, url: str | None, extensive: bool) -> str | None:
    try:
        return find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # noqa: BLE001 - a failure in the library is a missing answer, never a failed import
        return None
