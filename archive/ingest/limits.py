"""The limits of a capture's fetches (archive/ingest/fetch.py): the CAPTURE_* settings,
with the options of `capture`, `watch` or a queued capture over them, each checked when
made, so a limit that cannot work (a deadline of 0, a NaN timeout, an infinite delay) is
an error naming its option and setting before any request rather than a failure per URL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import netguard


@dataclass
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0  # seconds for the whole fetch of one URL, redirects included
    max_bytes: int = 50 * 1024 * 1024
    delay: float = 1.0  # minimum seconds between two requests to one host
    max_redirects: int = 10
    max_feed_items: int = 1000  # pages captured from one feed
    max_sitemap_urls: int = 10000  # pages captured from one sitemap, its children included
    max_sitemaps: int = 100  # sitemaps read for one sitemap, itself and nested indexes included
    obey_robots: bool = True
    allowed: list = field(default_factory=list)  # netguard networks open despite being private
    user_agent: str = "NewsroomArchive/1.0 (capture)"
    ca_bundle: str = ""  # certificates to trust for https (PEM file); empty: certifi's, as httpx's default

    def __post_init__(self):
        """ValueError naming the option and setting of a limit that cannot work: a deadline of 0 or
        NaN failed every URL, a negative timeout or an infinite delay raised in the middle of a fetch."""
        for name, (option, setting, kind) in _CHECKED.items():
            value = getattr(self, name)
            if kind == "count":
                fine, wanted = isinstance(value, int) and value > 0, "a whole number above 0"
            elif kind == "pause":
                fine, wanted = math.isfinite(value) and value >= 0, "seconds, 0 or more"
            else:
                fine, wanted = math.isfinite(value) and value > 0, "seconds above 0"
            if not fine:
                raise ValueError(f"{f'{option} ({setting})' if option else setting} must be {wanted}, not {value!r}")

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        """The CAPTURE_* settings; an override of None keeps the setting."""
        from django.conf import settings

        try:
            allowed = netguard.networks(settings.CAPTURE_ALLOW_PRIVATE)
        except ValueError as exc:
            raise ValueError(f"CAPTURE_ALLOW_PRIVATE: {exc}") from None
        values = {
            "connect_timeout": settings.CAPTURE_CONNECT_TIMEOUT,
            "read_timeout": settings.CAPTURE_READ_TIMEOUT,
            "deadline": settings.CAPTURE_DEADLINE,
            "max_bytes": settings.CAPTURE_MAX_BYTES,
            "delay": settings.CAPTURE_DELAY,
            "allowed": allowed,
            "user_agent": settings.CAPTURE_USER_AGENT,
            "ca_bundle": settings.CAPTURE_CA_BUNDLE,
            "max_feed_items": settings.CAPTURE_MAX_FEED_ITEMS,
            "max_sitemap_urls": settings.CAPTURE_MAX_SITEMAP_URLS,
            "max_sitemaps": settings.CAPTURE_MAX_SITEMAPS,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @classmethod
    def from_options(cls, options: dict) -> Limits:
        """The settings with a command's limit options (``capture``, ``watch``, a queued capture)
        over them; ValueError names a bad --allow-private network or a limit that cannot work."""
        try:
            allowed = netguard.networks(options.get("allow_private") or [])
        except ValueError as exc:
            raise ValueError(f"--allow-private: {exc}") from None
        limits = cls.from_settings(**{name: options.get(name) for name in LIMIT_OPTIONS})
        limits.allowed = limits.allowed + allowed
        limits.obey_robots = not options.get("ignore_robots")
        return limits


# The options that may override a setting (as `capture` and `watch` name them).
LIMIT_OPTIONS = ("delay", "connect_timeout", "read_timeout", "deadline", "max_bytes")
# Each limit's option, setting and kind: seconds (above 0), a pause (seconds, 0 or more) or a count (above 0).
_CHECKED = {
    "connect_timeout": ("--connect-timeout", "CAPTURE_CONNECT_TIMEOUT", "seconds"),
    "read_timeout": ("--read-timeout", "CAPTURE_READ_TIMEOUT", "seconds"),
    "deadline": ("--deadline", "CAPTURE_DEADLINE", "seconds"),
    "delay": ("--delay", "CAPTURE_DELAY", "pause"),
    "max_bytes": ("--max-bytes", "CAPTURE_MAX_BYTES", "count"),
    "max_feed_items": ("", "CAPTURE_MAX_FEED_ITEMS", "count"),
    "max_sitemap_urls": ("", "CAPTURE_MAX_SITEMAP_URLS", "count"),
    "max_sitemaps": ("", "CAPTURE_MAX_SITEMAPS", "count"),
}
