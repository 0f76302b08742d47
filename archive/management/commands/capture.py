"""python manage.py capture URL... [--from-file FILE] [--feed URL] [--sitemap URL]:
fetch pages from the web into the archive (archive/ingest/capture.py), within
the limits the README describes; one line per URL, a summary, exit status 1
when any URL was refused or failed.
"""

import re
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.capture import FAILED, REFUSED, Capturer, capture_all
from archive.ingest.limits import Limits
from archive.ingest.store import Outcome

# The options a queued capture carries to the worker (archive/ingest/limits.py Limits.from_options).
LIMIT_NAMES = ("ignore_robots", "allow_private", "delay", "connect_timeout", "read_timeout", "deadline", "max_bytes")
_COMMENT = re.compile(r"(?:^|\s)#")
ORDER = [o.value for o in Outcome if o is not Outcome.FAILED] + [REFUSED, FAILED]


def add_limit_arguments(parser) -> None:
    """The options `capture` and `watch` share: the limits of every fetch."""
    parser.add_argument("--ignore-robots", action="store_true", help="Do not read robots.txt (your own sites only).")
    parser.add_argument(
        "--allow-private",
        action="append",
        default=[],
        metavar="NETWORK",
        help="Allow this private address or network (e.g. 127.0.0.1/32, 10.0.0.0/8); repeatable.",
    )
    parser.add_argument("--delay", type=float, help="Minimum seconds between requests to one host (CAPTURE_DELAY).")
    parser.add_argument("--connect-timeout", type=float, help="Seconds to connect (CAPTURE_CONNECT_TIMEOUT).")
    parser.add_argument("--read-timeout", type=float, help="Seconds without data (CAPTURE_READ_TIMEOUT).")
    parser.add_argument("--deadline", type=float, help="Seconds for one URL, redirects included (CAPTURE_DEADLINE).")
    parser.add_argument("--max-bytes", type=int, help="Size limit of one response (CAPTURE_MAX_BYTES).")


def limits_from(options) -> Limits:
    try:
        return Limits.from_options(options)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def urls_listed_in(name: str) -> dict[str, str]:
    """The URLs of a --from-file list, each with where it is listed ("FILE:LINE", shown on its line when
    it is refused or failed): one a line; blank lines, and # at the start of a line or after a space,
    start nothing or a comment (a URL holds no space, while its fragment starts with #). A byte order
    mark, as Windows editors write one, is not part of the first URL."""
    try:
        with open(name, encoding="utf-8-sig") as lines:
            listed = [(_COMMENT.split(line, maxsplit=1)[0].strip(), n) for n, line in enumerate(lines, start=1)]
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"--from-file {name}: cannot read it ({exc})") from None
    origins: dict[str, str] = {}
    for url, n in listed:
        if url:
            origins.setdefault(url, f"{name}:{n}")
    return origins


def summary(counts: Counter) -> str:
    return ", ".join(f"{counts[name]} {name}" for name in ORDER)


def analyze(ids, stderr, verbosity, unchanged=()) -> None:
    """Analyse the articles captured new or changed, and those of unchanged pages that an interrupted run
    stored but did not analyse: their bytes read as unchanged from then on, so no later run would."""
    from archive.management.progress import progress_for
    from archive.nlp.store import analyze_articles, with_pending

    ids = with_pending(ids, unchanged)
    if ids:
        analyze_articles(ids, progress=progress_for(stderr, label="analyse", unit="articles", enabled=verbosity > 0))


class Command(BaseCommand):
    help = "Capture web pages (URLs, a file of URLs, feeds, sitemaps) into the archive, within the fetch limits."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", metavar="URL")
        parser.add_argument("--from-file", action="append", default=[], metavar="FILE", help="URLs, one a line.")
        parser.add_argument("--feed", action="append", default=[], metavar="URL", help="An RSS or Atom feed.")
        parser.add_argument("--sitemap", action="append", default=[], metavar="URL", help="A sitemap or index.")
        parser.add_argument("--warc", metavar="FILE", help="Also append every exchange to this WARC file (gzip).")
        parser.add_argument("--no-analyze", action="store_true", help="Skip entity and attribution analysis.")
        add_limit_arguments(parser)

    def handle(self, *args, urls=(), from_file=(), feed=(), sitemap=(), warc=None, verbosity=1, **options):
        origins = dict.fromkeys(urls, "")  # a URL named on the command line is not from a file
        for name in from_file:
            for url, origin in urls_listed_in(name).items():
                origins.setdefault(url, origin)
        urls = list(origins)
        if not (urls or feed or sitemap):
            raise CommandError("Name what to capture: URL..., --from-file FILE, --feed URL or --sitemap URL.")
        limits = limits_from(options)
        try:
            out = open(warc, "ab") if warc else None  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"--warc {warc}: cannot write to it ({exc})") from None
        capturer = Capturer(limits, warc_out=out)
        counts: Counter = Counter()

        def on_result(result):
            counts[result.status] += 1
            if not result.ok:
                self.stderr.write(result.line())
            elif verbosity > 0:
                self.stdout.write(result.line())

        try:
            results = capture_all(capturer, urls, feed, sitemap, on_result=on_result, origins=origins)
        finally:
            capturer.close()
            if out is not None:
                out.close()
        if not options["no_analyze"]:
            changed = Outcome.IMPORTED.value, Outcome.UPDATED.value
            analyze(
                [r.article_id for r in results if r.status in changed],
                self.stderr,
                verbosity,
                unchanged=[r.article_id for r in results if r.status == Outcome.UNCHANGED.value and r.article_id],
            )
        if verbosity > 0:
            self.stdout.write(summary(counts))
        if counts[REFUSED] or counts[FAILED]:
            sys.exit(1)
