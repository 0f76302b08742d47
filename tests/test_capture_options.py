"""Limits that cannot work, from `capture`'s options or the CAPTURE_* settings, are command
errors naming the option and setting, before any request (archive/ingest/limits.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.test_capture import capture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "args, error",
    [
        # A deadline of 0 or NaN failed every URL; a negative timeout, NaN or an infinite delay raised mid-fetch.
        (["--deadline", "0"], "--deadline (CAPTURE_DEADLINE) must be seconds above 0, not 0.0"),
        (["--deadline", "nan"], "--deadline (CAPTURE_DEADLINE) must be seconds above 0, not nan"),
        (["--connect-timeout", "-1"], "--connect-timeout (CAPTURE_CONNECT_TIMEOUT) must be seconds above 0, not -1.0"),
        (["--read-timeout", "inf"], "--read-timeout (CAPTURE_READ_TIMEOUT) must be seconds above 0, not inf"),
        (["--delay", "-1"], "--delay (CAPTURE_DELAY) must be seconds, 0 or more, not -1.0"),
        (["--delay", "inf"], "--delay (CAPTURE_DELAY) must be seconds, 0 or more, not inf"),
        (["--max-bytes", "0"], "--max-bytes (CAPTURE_MAX_BYTES) must be a whole number above 0, not 0"),
    ],
)
def test_a_limit_that_cannot_work_is_a_command_error_before_any_request(site, args, error):
    from django.core.management import CommandError

    site.page("/p", "<html></html>")
    with pytest.raises(CommandError) as raised:
        call_command("capture", *args, "--allow-private", "127.0.0.1/32", site.url("/p"), stdout=StringIO())
    assert str(raised.value) == error
    assert site.log == []


def test_a_setting_that_cannot_work_is_a_command_error_naming_it(settings):
    from django.core.management import CommandError

    settings.CAPTURE_MAX_SITEMAPS = 0
    with pytest.raises(CommandError) as raised:
        capture("http://127.0.0.1/")
    assert str(raised.value) == "CAPTURE_MAX_SITEMAPS must be a whole number above 0, not 0"
    settings.CAPTURE_MAX_SITEMAPS, settings.CAPTURE_ALLOW_PRIVATE = 100, ["nowhere"]
    with pytest.raises(CommandError) as raised:
        capture("http://127.0.0.1/")
    assert str(raised.value) == "CAPTURE_ALLOW_PRIVATE: not an address or network: 'nowhere'"
