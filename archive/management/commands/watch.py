"""python manage.py watch [--forever] [--enqueue]: capture again what curators
watch (the admin's Watches) once each is due: once, for cron, or in a loop.
Reports the new and changed articles; exit status 1 when a URL was refused or
failed (once mode). With --forever, a round the database fails (restarted, the
connection dropped) is reported and logged, and the next round goes on with a
fresh connection.
"""

import logging
import math
import sys
import time
from contextlib import suppress

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from archive.ingest.capture import Capturer
from archive.ingest.store import Outcome
from archive.ingest.watching import run_watch
from archive.models import Watch

from .capture import LIMIT_NAMES, add_limit_arguments, analyze, limits_from

SHOWN = {Outcome.IMPORTED.value: "new", Outcome.UPDATED.value: "changed"}
logger = logging.getLogger(__name__)


def fresh_connections() -> None:
    """Drop the connections that failed or outlived CONN_MAX_AGE, as between two requests; not
    inside a transaction of the caller's (call_command in one), which closing would break."""
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        close_old_connections()


class Command(BaseCommand):
    help = "Capture the watched pages, feeds and sitemaps that are due (admin: Watches); for cron or --forever."

    def add_arguments(self, parser):
        parser.add_argument("--forever", action="store_true", help="Keep running: look for due watches every --sleep.")
        parser.add_argument("--sleep", type=float, default=None, help="Seconds between rounds with --forever (60).")
        parser.add_argument(
            "--rounds", type=int, default=None, help="With --forever: stop after this many rounds (0: never)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Send the due watches to the task queue's workers (QUEUE_URL); without a queue, capture here.",
        )
        parser.add_argument("--no-analyze", action="store_true", help="Skip entity and attribution analysis.")
        add_limit_arguments(parser)

    def handle(self, *args, forever=False, sleep=None, rounds=None, enqueue=False, verbosity=1, **options):
        if sleep is not None and not forever:
            # As --rounds: one round has nothing to wait between, and ignoring it hid the missing option.
            raise CommandError(
                f"--sleep {sleep:g} is the wait between the rounds of --forever: add --forever, or leave --sleep out"
            )
        sleep = 60.0 if sleep is None else sleep
        if not (math.isfinite(sleep) and sleep >= 0):
            raise CommandError(f"--sleep must be seconds, 0 or more, not {sleep!r}")  # NaN ended --forever
        if rounds is not None and not forever:
            # Without --forever there is one round whatever --rounds says; ignoring it hid the missing option.
            raise CommandError(
                f"--rounds {rounds} counts the rounds of --forever: add --forever, or leave --rounds out"
            )
        if rounds is not None and rounds < 0:
            raise CommandError(f"--rounds must be a whole number, 0 or more, not {rounds!r}")
        limits = limits_from(options)
        if enqueue and not settings.QUEUE_URL:
            self.stderr.write("No queue is configured (QUEUE_URL is not set): capturing in this process.")
            enqueue = False
        analyze_after = not options["no_analyze"]
        done = 0
        failed = False
        try:
            while True:
                fresh_connections()  # one the database closed while this slept is opened again
                try:
                    due = list(Watch.objects.due(timezone.now()))
                    if enqueue:
                        self._enqueue(due, options, analyze_after, verbosity)
                    else:
                        failed |= self._round(due, limits, analyze_after, verbosity)
                except DatabaseError as exc:
                    if not forever:
                        raise
                    logger.exception("watch round %d failed on the database", done + 1)
                    self.stderr.write(
                        f"round {done + 1}: the database failed ({type(exc).__name__}: {exc}); trying again next round"
                    )
                    fresh_connections()
                done += 1
                if not forever or (rounds and done >= rounds):
                    break
                time.sleep(sleep)
        except KeyboardInterrupt:
            self.stderr.write(f"interrupted after {done} round{'s' if done != 1 else ''}")
            sys.exit(130)
        if failed and not forever:
            sys.exit(1)

    def _round(self, due, limits, analyze_after, verbosity) -> bool:
        """Run the due watches here; True when any URL was refused or failed."""
        if not due:
            if verbosity > 0:
                self.stdout.write("No watch is due.")
            return False
        capturer = Capturer(limits)
        failed, stored, unchanged = False, [], []
        try:
            for watch in due:
                run = run_watch(watch, capturer, on_result=self._show(verbosity))
                if run is None:
                    if verbosity > 0:
                        self.stdout.write(
                            f"watch {watch.pk} ({watch.kind} {watch.url}): {Watch.objects.why_not_claimed(watch.pk)}"
                        )
                    continue
                stored += run.stored_ids
                unchanged += run.unchanged_ids
                failed |= run.failed > 0
                if verbosity > 0:
                    gone = "" if run.recorded else " (the watch was deleted meanwhile: nothing recorded on it)"
                    self.stdout.write(f"watch {watch.pk} ({watch.kind} {watch.url}): {run.summary()}{gone}")
        except DatabaseError:
            # What the round's earlier watches stored is committed, and its bytes read as "unchanged" on later
            # runs: analyse it before the error ends the round, or no run would.
            if analyze_after and stored:
                with suppress(DatabaseError):
                    analyze(stored, self.stderr, verbosity, unchanged)
            raise
        finally:
            capturer.close()
        if analyze_after:
            analyze(stored, self.stderr, verbosity, unchanged)
        return failed

    def _show(self, verbosity):
        def show(result):
            if not result.ok:
                self.stderr.write(result.line())
            elif verbosity > 0 and result.status in SHOWN:
                self.stdout.write(f"{SHOWN[result.status]}: {result.final_url or result.url}")

        return show

    def _enqueue(self, due, options, analyze_after, verbosity) -> None:
        from archive.queue.app import shown_url
        from archive.queue.enqueue import QueueUnreachable, check_reachable, enqueue_watches

        if not due:
            if verbosity > 0:
                self.stdout.write("No watch is due.")
            return
        sent = {name: options[name] for name in LIMIT_NAMES}
        try:
            check_reachable()
            queued, skipped = enqueue_watches(due, sent, analyze=analyze_after)
        except QueueUnreachable as exc:
            raise CommandError(f"{exc}; nothing more was queued (or run without --enqueue).") from None
        if verbosity > 0:
            self.stdout.write(
                f"Queued {len(queued)} watch{'es' if len(queued) != 1 else ''} for capture on {shown_url()}; "
                f"{len(skipped)} already queued. Progress: manage.py queue_status"
            )
