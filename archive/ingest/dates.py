"""Turn the date strings pages declare into aware UTC datetimes.

Pages write dates in many ways (ISO 8601 with or without zone, RFC 2822 (read by
dateutil: the standard library's parser drops AM/PM and US zone names),
"December 9, 2016 9:13 AM EST", compact "20161209"). A stated zone is kept and
converted to UTC; a date without one is taken as UTC, which is what most
publishing systems emit and keeps the day right for the common case, except
on pages in a language whose readers all share one time zone (Japanese,
Korean, Chinese): there a printed "2016年12月9日" means that day in that zone.
A page that declares no language is known by its script (kana, hangul, Chinese
characters).

``parse_local_date`` keeps the offset the page gave (a US evening stays on its
own day: "2019-11-19T22:43-05:00"), and ``offset_minutes`` reads it back; a date
the page gave no zone for (nor its language) and a Unix timestamp carry no local
offset (None), only an instant.
"""

from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from dateutil import parser as dateutil_parser
from dateutil.tz import gettz
from lxml.html import HtmlElement

from .scan import PageScan

# Abbreviations dateutil cannot resolve on its own; US zones dominate news pages.
_TZINFOS = {
    name: gettz(zone)
    for name, zone in {
        "EST": "America/New_York",
        "EDT": "America/New_York",
        "ET": "America/New_York",
        "CST": "America/Chicago",
        "CDT": "America/Chicago",
        "CT": "America/Chicago",
        "MST": "America/Denver",
        "MDT": "America/Denver",
        "PST": "America/Los_Angeles",
        "PDT": "America/Los_Angeles",
        "PT": "America/Los_Angeles",
        "BST": "Europe/London",
        "CET": "Europe/Paris",
        "CEST": "Europe/Paris",
        "JST": "Asia/Tokyo",
        "IST": "Asia/Kolkata",
        "UTC": "UTC",
        "GMT": "UTC",
        "Z": "UTC",
    }.items()
}
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# Years a news page could plausibly carry; rejects "0001-01-01" placeholders and typos.
_MIN_YEAR, _MAX_YEAR = 1990, 2100
# Words that say the date is not the publication date ("Updated 3 hours ago").
_NOISE = re.compile(r"^(?:published|posted|updated|last updated|modified|on|date)\s*:?\s*", re.I)


# East Asian dates: "2019年4月4日 12時30分" -> "2019-4-4 12:30".
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:[^\d]{0,6}(\d{1,2})\s*[時:]\s*(\d{1,2})?)?")
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])/")


# Languages whose readers live in a single time zone (one zone, or several
# with the same offset all year): a zone-less date on such a page is local.
_LANGUAGE_ZONES = {"ja": "Asia/Tokyo", "ko": "Asia/Seoul", "zh": "Asia/Shanghai"}
# A zone-less date on a page of no known zone is read as UTC, but UTC is not the
# page's offset: this zone marks it (told apart by identity, see offset_minutes).
UNZONED = timezone(timedelta(0), "UTC, zone not given")
_naive_zone: ContextVar[tzinfo] = ContextVar("naive_zone", default=UNZONED)


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MIN_SCRIPT_CHARS = 10


def script_language(text: str) -> str:
    """The language a page's own script gives away when it declares none: kana are only
    written in Japanese and hangul only in Korean; Chinese characters without either are Chinese."""
    if len(_KANA.findall(text)) >= _MIN_SCRIPT_CHARS:
        return "ja"
    if len(_HANGUL.findall(text)) >= _MIN_SCRIPT_CHARS:
        return "ko"
    return "zh" if len(_HAN.findall(text)) >= 2 * _MIN_SCRIPT_CHARS else ""


@contextmanager
def local_dates(language: str):
    """Within this block, zone-less dates are read in the page language's zone."""
    # (gettz("") would be the server's own zone: only a language of one zone names one.)
    name = _LANGUAGE_ZONES.get(language.split("-")[0].lower()) if language else None
    zone = gettz(name) if name else None
    token = _naive_zone.set(zone or UNZONED)
    try:
        yield
    finally:
        _naive_zone.reset(token)


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken in the current page's zone (UTC by default)."""
    return _aware(value).astimezone(UTC)


def _aware(value: datetime) -> datetime:
    """The datetime in the offset it was given; naive values in the current page's zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=_naive_zone.get())
    return value


def offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset a ``parse_local_date`` answer was given in, in minutes; None when
    the page gave none (a zone-less date on a page of no known zone, a Unix timestamp)."""
    if value is None or value.tzinfo is UNZONED or value.utcoffset() is None:
        return None
    return int(value.utcoffset().total_seconds() // 60)


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not (_MIN_YEAR <= value.year <= _MAX_YEAR):
        return None
    return _aware(value)


def parse_date(text: str | int | float | None) -> datetime | None:
    """Parse one declared date as an aware UTC datetime; None when it is not a date."""
    value = parse_local_date(text)
    return value.astimezone(UTC) if value else None


def parse_local_date(text: str | int | float | None) -> datetime | None:
    """Parse one declared date in the offset the page gave (see ``offset_minutes``)."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        text = str(int(text))
    text = _NOISE.sub("", str(text).strip()).strip()
    cjk = _CJK.search(text)
    if cjk:
        year, month, day, hour, minute = cjk.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}" + (f" {int(hour):02d}:{int(minute or 0):02d}" if hour else "")
    if not text or len(text) > 80:
        return None
    if _EPOCH.match(text):
        seconds = int(text[:10])
        return _plausible(datetime.fromtimestamp(seconds, UNZONED))
    compact = _COMPACT.match(text)
    if compact:
        parts = [int(p) for p in compact.groups() if p]
        try:
            return _plausible(datetime(*parts))
        except ValueError:
            return None
    try:
        return _plausible(datetime.fromisoformat(text.replace("Z", "+00:00").replace(" +", "+")))
    except ValueError:
        pass
    if not re.search(r"\d", text):
        return None
    try:
        with warnings.catch_warnings():
            # An unknown zone name ("AMT") leaves the time naive, read as UTC like any other.
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            return _plausible(dateutil_parser.parse(text, tzinfos=_TZINFOS, fuzzy=True))
    except (ValueError, OverflowError, TypeError):
        return None


def url_month(url: str) -> tuple[int, int] | None:
    """The year and month in a URL path such as /2016/12/132377/story."""
    match = _URL_MONTH.search(url or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def url_date(url: str) -> datetime | None:
    """The day in a URL path such as /2016/12/09/story (no time: midnight UTC)."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        day = _plausible(datetime(*(int(g) for g in match.groups())))
        return day.astimezone(UTC) if day else None
    except ValueError:
        return None


_MAX_PRINTED_CHARS = 80


def printed_date(scan: PageScan, headline: HtmlElement | None = None) -> datetime | None:
    """A date printed in a date-classed element, preferring the first after the headline
    (in the offset it was printed in, as ``parse_local_date``)."""
    for element in scan.after(scan.dated, headline):
        if element.tag in ("body", "html"):
            continue
        date = parse_printed(element)
        if date:
            return date
    return None


def parse_printed(element: HtmlElement) -> datetime | None:
    """The date an element prints as its text, when it is short and names a year
    (as ``parse_local_date``)."""
    text = re.sub(r"\s+", " ", " ".join(element.itertext())).strip()
    if not text or len(text) > _MAX_PRINTED_CHARS or not _HAS_YEAR.search(text):
        return None
    return parse_local_date(text)
