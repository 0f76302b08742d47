"""One run of a curator's watch (archive/models/watch.py): capture its page,
or every page its feed or sitemap lists, and keep what the run found on the
watch. ``manage.py watch`` and the queue's capture task both run watches here."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from django.db import DatabaseError
from django.utils import timezone

from archive.models import Watch

from .capture import FAILED, REFUSED, Capturer, Result, capture_all
from .store import Outcome

SHOWN_PROBLEMS = 20


@dataclass
class WatchRun:
    watch: Watch
    results: list[Result] = field(default_factory=list)
    recorded: bool = False  # False: the watch was deleted while it ran

    def count(self, *statuses: str) -> int:
        return sum(1 for r in self.results if r.status in statuses)

    @property
    def new(self) -> int:
        return self.count(Outcome.IMPORTED.value)

    @property
    def changed(self) -> int:
        return self.count(Outcome.UPDATED.value)

    @property
    def failed(self) -> int:
        return self.count(REFUSED, FAILED)

    @property
    def stored_ids(self) -> list[int]:
        """Articles new or changed: what the analysis must read."""
        kept = (Outcome.IMPORTED.value, Outcome.UPDATED.value)
        return [r.article_id for r in self.results if r.status in kept and r.article_id]

    @property
    def unchanged_ids(self) -> list[int]:
        """Articles of pages unchanged: analysed only if an interrupted run left them pending."""
        return [r.article_id for r in self.results if r.status == Outcome.UNCHANGED.value and r.article_id]

    def summary(self) -> str:
        unchanged = self.count(Outcome.UNCHANGED.value)
        return f"{self.new} new, {self.changed} changed, {unchanged} unchanged, {self.failed} refused or failed"

    def as_dict(self) -> dict:
        return {
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.count(Outcome.UNCHANGED.value),
            "failed": self.failed,
            "problems": [r.line() for r in self.results if not r.ok][:SHOWN_PROBLEMS],
        }


def run_watch(watch: Watch, capturer: Capturer, on_result=None) -> WatchRun | None:
    """Capture what ``watch`` names and record the run on it; None when the watch is not
    due any more (another run claimed it). The capturer's limits apply; robots.txt is not
    read for a watch the curator marked as their own site."""
    started = timezone.now()
    if not Watch.objects.claim(watch.pk, started):
        return None
    limits = capturer.fetcher.limits
    obey = limits.obey_robots
    limits.obey_robots = obey and not watch.ignore_robots
    # Still at work before each fetch (a sitemap's children too): an overlapping run leaves it alone.
    capturer.before_fetch = lambda: watch.renew_claim(timezone.now())
    try:
        kind = {Watch.Kind.PAGE: "urls", Watch.Kind.FEED: "feeds", Watch.Kind.SITEMAP: "sitemaps"}[watch.kind]
        run = WatchRun(watch, capture_all(capturer, on_result=on_result, **{kind: [watch.url]}))
    except BaseException:
        with suppress(DatabaseError):  # the database may be what failed: the claim then lapses
            watch.release()
        raise
    finally:
        limits.obey_robots = obey
        capturer.before_fetch = None
    problems = [r.line() for r in run.results if not r.ok]
    text = "\n".join([run.summary(), *problems[:SHOWN_PROBLEMS]])
    if len(problems) > SHOWN_PROBLEMS:
        text += f"\n... and {len(problems) - SHOWN_PROBLEMS} more"
    try:
        run.recorded = watch.record_run(started, run.new, run.changed, run.failed, text)
    except BaseException:
        with suppress(DatabaseError):  # as above: a run not recorded must not hold the watch until the claim lapses
            watch.release()
        raise
    return run
