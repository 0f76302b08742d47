"""robots.txt in `manage.py capture`, as RFC 9309 reads it, against the local web site: its rules
for the archive's agent, once per site for the run; a missing or forbidden one allows all, an
unreadable one refuses the host saying so; only its first 500 KiB count."""

import time

import pytest

from archive.models import Article
from tests.capture_server import article
from tests.test_capture import STORY, capture

pytestmark = pytest.mark.django_db
SUMMARY_REFUSED = "0 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"
STORY_LATE = article("Late story", "The late story tells of the ferry that ran after midnight.", "Few rode it.")
ROBOTS = "robots.txt of 127.0.0.1 disallows it (use --ignore-robots for your own sites)"


def test_robots_txt_is_obeyed_and_read_once_per_host(site):
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    site.page("/private/memo", STORY)
    site.page("/public/story", STORY)
    status, out, err = capture(site.url("/private/memo"), site.url("/public/story"))
    assert status == 1
    assert err == [f"refused: {site.url('/private/memo')}: {ROBOTS}"]
    assert out == [f"imported: {site.url('/public/story')}", "1 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"]
    assert (site.hits("/robots.txt"), site.hits("/private/memo")) == (1, 0)


def test_robots_txt_rules_for_the_archives_own_agent_apply_to_it(site):
    site.routes["/robots.txt"] = (
        200,
        "text/plain",
        b"User-agent: NewsroomArchive\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
    )
    site.page("/story", STORY)
    assert capture(site.url("/story")) == (1, [SUMMARY_REFUSED], [f"refused: {site.url('/story')}: {ROBOTS}"])


def test_ignore_robots_captures_a_curators_own_disallowed_page(site):
    site.routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /\n")
    site.page("/private/memo", STORY)
    assert capture(site.url("/private/memo"), ignore_robots=True)[0] == 0
    assert (site.hits("/robots.txt"), Article.objects.count()) == (0, 1)


def test_robots_txt_that_fails_with_a_server_error_forbids_the_host_once_for_the_run(site):
    site.routes["/robots.txt"] = (503, "text/plain", b"down")
    site.page("/story", STORY)
    site.page("/other", STORY)
    why = (
        f"robots.txt of 127.0.0.1 could not be read (HTTP 503 Service Unavailable from {site.url('/robots.txt')}),"
        " so nothing is captured from the host (use --ignore-robots for your own sites)"
    )
    assert capture(site.url("/story"), site.url("/other")) == (
        1,
        ["0 imported, 0 unchanged, 0 updated, 2 refused, 0 failed"],
        [f"refused: {site.url('/story')}: {why}", f"refused: {site.url('/other')}: {why}"],
    )
    assert [path for _, path, _ in site.log] == ["/robots.txt"]


def test_robots_txt_that_does_not_answer_forbids_the_host_and_says_so(site):
    def stalled(handler):
        time.sleep(1)

    site.routes["/robots.txt"] = stalled
    site.page("/story", STORY)
    assert capture(site.url("/story"), read_timeout=0.2) == (
        1,
        [SUMMARY_REFUSED],
        [
            f"refused: {site.url('/story')}: robots.txt of 127.0.0.1 could not be read (127.0.0.1:{site.port} sent"
            " nothing for 0.2 s (read timeout)), so nothing is captured from the host"
            " (use --ignore-robots for your own sites)"
        ],
    )


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_robots_txt_missing_or_forbidden_allows_all(site, status):
    site.routes["/robots.txt"] = (status, "text/plain", b"User-agent: *\nDisallow: /\n")
    site.page("/story", STORY)
    assert capture(site.url("/story")) == (
        0,
        [f"imported: {site.url('/story')}", "1 imported, 0 unchanged, 0 updated, 0 refused, 0 failed"],
        [],
    )


def test_only_the_first_500_kib_of_robots_txt_are_parsed(site):
    padding = b"".join(b"# %06d a comment that pads the file out\n" % n for n in range(14_000))  # 574 KiB
    rules = b"User-agent: *\nDisallow: /private/\n" + padding[: 520 * 1024] + b"Disallow: /late/\n" + padding[:60_000]
    assert len(rules) > 570 * 1024
    site.routes["/robots.txt"] = (200, "text/plain", rules)
    for path in ("/private/memo", "/late/story"):
        site.page(path, STORY if path == "/private/memo" else STORY_LATE)
    status, out, err = capture(site.url("/private/memo"), site.url("/late/story"))
    assert (status, err) == (1, [f"refused: {site.url('/private/memo')}: {ROBOTS}"])
    assert out == [f"imported: {site.url('/late/story')}", "1 imported, 0 unchanged, 0 updated, 1 refused, 0 failed"]
