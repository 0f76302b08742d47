"""`manage.py watch`: what curators watch (admin: Watches) is captured again once due,
once (cron) or --forever, here or on the task queue; new and changed articles reported."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive.models import Article, Watch
from tests.capture_server import article
from tests.queue_support import Shared, needs_broker
from tests.test_capture import STORY, STORY_FIXED

pytestmark = pytest.mark.django_db
ALLOW = {"allow_private": ["127.0.0.1/32"], "delay": 0, "no_analyze": True}


def watch(*args, **options):
    """Run the command; (exit status, stdout lines, stderr lines)."""
    out, err = StringIO(), StringIO()
    status = 0
    try:
        call_command("watch", *args, stdout=out, stderr=err, **{**ALLOW, **options})
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue().splitlines(), err.getvalue().splitlines()


def rewind(w: Watch, by: timedelta) -> None:
    Watch.objects.filter(pk=w.pk).update(last_run=w.last_run - by if w.last_run else None)


def test_due_watches_are_the_active_ones_never_run_or_run_an_interval_ago():
    now = timezone.now()
    never = Watch.objects.create(url="https://example.org/a")
    recent = Watch.objects.create(url="https://example.org/b", last_run=now - timedelta(minutes=59))
    old = Watch.objects.create(url="https://example.org/c", last_run=now - timedelta(minutes=61))
    exact = Watch.objects.create(
        url="https://example.org/d", interval=timedelta(minutes=5), last_run=now - timedelta(minutes=5)
    )
    Watch.objects.create(url="https://example.org/e", active=False)
    Watch.objects.create(url="https://example.org/f", claimed=now - timedelta(minutes=14))  # a run has it
    lapsed = Watch.objects.create(url="https://example.org/g", claimed=now - timedelta(minutes=16))  # a run died
    assert list(Watch.objects.due(now)) == [never, lapsed, old, exact]
    assert recent.next_run() == recent.last_run + timedelta(hours=1)


def test_a_watched_page_is_captured_then_left_until_due_then_reported_changed(site):
    site.page("/story", STORY)
    w = Watch.objects.create(url=site.url("/story"))
    assert watch() == (
        0,
        [
            f"new: {site.url('/story')}",
            f"watch {w.pk} (page {site.url('/story')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
        ],
        [],
    )
    w.refresh_from_db()
    assert (w.last_new, w.last_changed, w.last_failed) == (1, 0, 0)
    assert w.last_result == "1 new, 0 changed, 0 unchanged, 0 refused or failed"
    assert watch() == (0, ["No watch is due."], [])

    rewind(w, timedelta(hours=1))
    assert watch()[1] == [
        f"watch {w.pk} (page {site.url('/story')}): 0 new, 0 changed, 1 unchanged, 0 refused or failed"
    ]
    site.page("/story", STORY_FIXED)
    rewind(Watch.objects.get(), timedelta(hours=1))
    assert watch()[1] == [
        f"changed: {site.url('/story')}",
        f"watch {w.pk} (page {site.url('/story')}): 0 new, 1 changed, 0 unchanged, 0 refused or failed",
    ]
    assert Article.objects.get().captures.count() == 2


def test_a_watched_feed_captures_its_entries(site):
    site.page("/s/1", article("Storm hits coast", "The storm hit the coast at dawn and cut power.", "Crews worked."))
    site.routes["/rss"] = (
        200,
        "application/rss+xml",
        b"<rss version='2.0'><channel><item><link>/s/1</link></item></channel></rss>",
    )
    w = Watch.objects.create(kind=Watch.Kind.FEED, url=site.url("/rss"))
    assert watch()[1] == [
        f"new: {site.url('/s/1')}",
        f"watch {w.pk} (feed {site.url('/rss')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
    ]


def test_a_refused_url_is_kept_on_the_watch_and_sets_the_exit_status(site):
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /\n")
    site.page("/mine", STORY)
    refused = Watch.objects.create(url=site.url("/mine"))
    line = (
        f"refused: {site.url('/mine')}: robots.txt of 127.0.0.1 disallows it (use --ignore-robots for your own sites)"
    )
    assert watch() == (
        1,
        [f"watch {refused.pk} (page {site.url('/mine')}): 0 new, 0 changed, 0 unchanged, 1 refused or failed"],
        [line],
    )
    refused.refresh_from_db()
    assert (refused.last_failed, refused.last_result) == (
        1,
        f"0 new, 0 changed, 0 unchanged, 1 refused or failed\n{line}",
    )

    # The curator marks it as their own site: robots.txt is not read for it.
    Watch.objects.filter(pk=refused.pk).update(ignore_robots=True, last_run=None)
    assert watch()[:2] == (
        0,
        [
            f"new: {site.url('/mine')}",
            f"watch {refused.pk} (page {site.url('/mine')}): 1 new, 0 changed, 0 unchanged, 0 refused or failed",
        ],
    )


def test_forever_runs_round_after_round(site):
    site.page("/story", STORY)
    w = Watch.objects.create(url=site.url("/story"), interval=timedelta(0))
    status, out, _ = watch(forever=True, rounds=3, sleep=0.05)
    summary = f"watch {w.pk} (page {site.url('/story')}): "
    assert (status, out) == (
        0,
        [f"new: {site.url('/story')}", summary + "1 new, 0 changed, 0 unchanged, 0 refused or failed"]
        + [summary + "0 new, 0 changed, 1 unchanged, 0 refused or failed"] * 2,
    )
    assert site.hits("/story") == 3


@pytest.mark.parametrize(
    "option, error",
    [
        # NaN passed the old check, ran a round and then ended the command with a traceback from time.sleep.
        ({"sleep": float("nan")}, "--sleep must be seconds, 0 or more, not nan"),
        ({"sleep": float("inf")}, "--sleep must be seconds, 0 or more, not inf"),
        ({"sleep": -1.0}, "--sleep must be seconds, 0 or more, not -1.0"),
        ({"rounds": -1}, "--rounds must be a whole number, 0 or more, not -1"),
        # Without --forever there is one round: --rounds was silently ignored.
        (
            {"forever": False, "rounds": 3},
            "--rounds 3 counts the rounds of --forever: add --forever, or leave --rounds out",
        ),
        (
            {"forever": False, "sleep": 5.0},
            "--sleep 5 is the wait between the rounds of --forever: add --forever, or leave --sleep out",
        ),
        ({"deadline": 0.0}, "--deadline (CAPTURE_DEADLINE) must be seconds above 0, not 0.0"),
    ],
)
def test_a_bad_option_is_a_command_error_before_any_round(site, option, error):
    from django.core.management import CommandError

    site.page("/story", STORY)
    Watch.objects.create(url=site.url("/story"))
    with pytest.raises(CommandError) as raised:
        watch(**{"forever": True, "rounds": 2, **option})
    assert str(raised.value) == error
    assert site.log == []


def test_forever_goes_on_after_a_round_the_database_failed(site, monkeypatch):
    from django.db import OperationalError

    from archive.models.watch import WatchQuerySet

    site.page("/story", STORY)
    w = Watch.objects.create(url=site.url("/story"), interval=timedelta(0))
    due = WatchQuerySet.due
    calls = []

    def failing_once(self, now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return due(self, now)

    monkeypatch.setattr(WatchQuerySet, "due", failing_once)
    status, out, err = watch(forever=True, rounds=3, sleep=0)
    summary = f"watch {w.pk} (page {site.url('/story')}): "
    assert (status, err) == (
        0,
        [
            "round 1: the database failed (OperationalError: server closed the connection unexpectedly); trying again"
            " next round"
        ],
    )
    assert out == [
        f"new: {site.url('/story')}",
        summary + "1 new, 0 changed, 0 unchanged, 0 refused or failed",
        summary + "0 new, 0 changed, 1 unchanged, 0 refused or failed",
    ]


def test_enqueue_without_a_queue_captures_here_and_says_so(site, settings):
    settings.QUEUE_URL = ""
    site.page("/story", STORY)
    Watch.objects.create(url=site.url("/story"))
    status, out, err = watch(enqueue=True)
    assert (status, out[0], err) == (
        0,
        f"new: {site.url('/story')}",
        ["No queue is configured (QUEUE_URL is not set): capturing in this process."],
    )


def test_watches_are_listed_in_the_admin(client, django_user_model):
    Watch.objects.create(kind=Watch.Kind.SITEMAP, url="https://example.org/sitemap.xml", name="Example sitemap")
    client.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "pw"))
    page = client.get("/admin/archive/watch/")
    assert page.status_code == 200
    assert "https://example.org/sitemap.xml" in page.text and "Example sitemap" in page.text
    assert client.get("/admin/archive/watch/add/").status_code == 200


def test_the_admin_keeps_a_watch_interval_between_a_minute_and_ten_years(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("curator", "c@example.org", "pw"))
    refused = "Between one minute and 3650 days (about ten years); to stop capturing it, untick Active."

    def add(interval):
        url = f"https://example.org/{interval.replace(' ', '-')}"
        form = {"kind": "page", "url": url, "interval": interval, "active": "on"}
        page = client.post("/admin/archive/watch/add/", form)
        return page.status_code, refused in page.text

    # Zero or negative: captured again every round; 99999999 days: last_run + interval overflowed the due query.
    for interval in ("0", "-1 00:00:00", "00:00:59", "3650 00:00:01", "99999999 00:00:00"):
        assert add(interval) == (200, True)
    assert not Watch.objects.exists()
    assert (add("00:01:00"), add("3650 00:00:00")) == ((302, False), (302, False))
    assert sorted(Watch.objects.values_list("interval", flat=True)) == [timedelta(minutes=1), timedelta(days=3650)]
    # The longest interval, run once, leaves the due query working for the others.
    Watch.objects.update(last_run=timezone.now())
    assert list(Watch.objects.due(timezone.now() + timedelta(minutes=1))) == [
        Watch.objects.get(interval=timedelta(minutes=1))
    ]


def test_intervals_stored_before_they_were_checked_are_brought_within_bounds():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("archive.migrations.0019_watch_interval_bounds")
    for n, interval in enumerate((timedelta(0), timedelta(days=-1), timedelta(days=99999999), timedelta(hours=2))):
        Watch.objects.create(url=f"https://example.org/{n}", interval=interval)
    migration.bring_intervals_within_bounds(apps, None)
    assert list(Watch.objects.values_list("interval", flat=True)) == [
        timedelta(minutes=1),
        timedelta(minutes=1),
        timedelta(days=3650),
        timedelta(hours=2),
    ]


@needs_broker
@pytest.mark.django_db(transaction=True)
def test_enqueue_puts_the_due_watches_on_the_queue_and_a_worker_captures_them(tmp_path, site):
    shared = Shared(tmp_path)
    try:
        site.page("/story", STORY)
        create = f"from archive.models import Watch; Watch.objects.create(url={site.url('/story')!r})"
        shared.manage("shell", "-v0", "-c", create)
        args = ("watch", "--enqueue", "--allow-private", "127.0.0.1/32", "--delay", "0", "--no-analyze")
        first = shared.manage(*args)
        assert first.stdout.splitlines()[-1].startswith("Queued 1 watch for capture on ")
        # Queued already: a second cron run sends nothing more.
        assert shared.manage(*args).stdout.splitlines()[-1].startswith("Queued 0 watches for capture on ")
        shared.start_workers(1)
        shared.drain()
        rows = shared.rows("SELECT kind, state, items FROM archive_queuetask")
        assert rows == [("capture", "done", 1)]
        assert shared.rows("SELECT last_new, last_failed FROM archive_watch") == [(1, 0)]
        assert shared.rows("SELECT url FROM archive_article") == [(site.url("/story"),)]
    finally:
        shared.close()
