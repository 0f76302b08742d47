"""Fixity: `verify` recomputes every capture's SHA-256 from the stored bytes
and reports any mismatch or article without a capture, exiting non-zero."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Capture
from tests.capture_server import Site
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run_verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def corrupt(capture_pk, raw: bytes):
    # Behind the ORM's back, as disk rot or a careless UPDATE would.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_capture SET raw = %s WHERE id = %s", [raw, capture_pk])


def test_intact_archive_verifies_clean():
    make_article("One")
    make_article("Two")
    status, out, err = run_verify()
    assert (status, err) == (0, "")
    assert out.startswith("verified 2 captures in ")
    assert out.endswith(": 0 problems\n")


def test_corrupted_capture_is_reported_with_non_zero_exit():
    good = make_article("Intact")
    bad = make_article("Rotten", raw=b"the bytes as received")
    capture = bad.captures.get()
    corrupt(capture.pk, b"the bytes as receivef")  # one flipped letter
    status, out, err = run_verify()
    assert status == 1
    assert capture.sha256 == hashlib.sha256(b"the bytes as received").hexdigest()
    assert err == (
        f"error: capture {capture.pk} of article {bad.pk}: checksum mismatch "
        f"(recorded {capture.sha256}, stored bytes give {hashlib.sha256(b'the bytes as receivef').hexdigest()})\n"
    )
    assert out.endswith(": 1 problem\n")
    assert good.captures.get().verify()


def test_emptied_and_resized_captures_are_reported():
    emptied = make_article("Emptied", raw=b"twelve bytes").captures.get()
    corrupt(emptied.pk, b"")
    status, _, err = run_verify()
    assert status == 1
    assert err == f"error: capture {emptied.pk} of article {emptied.article_id}: bytes missing (expected 12 bytes)\n"

    corrupt(emptied.pk, b"twelve bytes")
    Capture.objects.filter(pk=emptied.pk).update(size=13)
    status, _, err = run_verify()
    assert status == 1
    assert err == (
        f"error: capture {emptied.pk} of article {emptied.article_id}: size mismatch (recorded 13 bytes, stored 12)\n"
    )


def test_article_without_any_capture_is_reported():
    article = make_article("Orphaned", url="https://example.org/orphan")
    Capture.objects.filter(article=article).delete()
    status, _, err = run_verify()
    assert status == 1
    assert err == f"error: article {article.pk} (example.org/orphan): no capture stored\n"


def test_sample_checks_only_n_captures_and_is_repeatable():
    for n in range(10):
        make_article(f"Story {n}")
    status, out, _ = run_verify("--sample", "3", "--seed", "7")
    assert status == 0
    assert out.startswith("verified 3 of 10 captures (random sample) in ")


def test_sample_finds_corruption_when_it_draws_the_capture():
    article = make_article("Only one")
    corrupt(article.captures.get().pk, b"junk")
    status, out, _ = run_verify("--sample", "5")
    assert status == 1
    assert out.startswith("verified 1 capture in ")


def test_sample_must_be_positive():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--sample must be 1 or more"):
        call_command("verify", "--sample", "0")


def captured_page(
    site,
    path="/story",
    html="<html><body><article><h1>Budget passes</h1><p>The council passed the"
    " budget on Monday by seven votes to two.</p></article></body></html>",
):
    """A capture from the local web site (tests/capture_server.py), with its WARC exchange."""
    site.page(path, html)
    call_command("capture", site.url(path), allow_private=["127.0.0.1/32"], delay=0, no_analyze=True, stdout=StringIO())
    return Capture.objects.defer(None).get(url=site.url(path))


def set_exchange(capture_pk, exchange: bytes):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_capture SET exchange = %s WHERE id = %s", [exchange, capture_pk])


def test_a_captured_exchange_verifies_and_a_tampered_one_is_reported():
    with Site() as site:
        capture = captured_page(site)
    where = f"capture {capture.pk} of article {capture.article_id}"
    recorded = capture.fields["capture"]["warc_sha256"]
    exchange = bytes(capture.exchange)
    assert hashlib.sha256(exchange).hexdigest() == recorded
    status, out, err = run_verify()
    assert (status, err, out.startswith("verified 1 capture in "), out.endswith(": 0 problems\n")) == (
        0,
        "",
        True,
        True,
    )

    # One byte of the recorded exchange changed (the page's own bytes untouched).
    rotten = bytearray(exchange)
    rotten[len(rotten) // 2] ^= 1
    set_exchange(capture.pk, bytes(rotten))
    status, out, err = run_verify()
    assert (status, out.endswith(": 1 problem\n")) == (1, True)
    assert err == (
        f"error: {where}: WARC exchange checksum mismatch (recorded {recorded}, "
        f"stored exchange gives {hashlib.sha256(bytes(rotten)).hexdigest()})\n"
    )

    set_exchange(capture.pk, b"")
    assert run_verify()[::2] == (1, f"error: {where}: WARC exchange missing (recorded {recorded})\n")


def test_an_exchange_whose_response_is_not_the_captures_bytes_is_reported():
    # Both pages' exchanges are intact and match their recorded checksums, but the first capture's exchange (and
    # its checksum) has been swapped for the second's: its response no longer holds the capture's bytes.
    with Site() as site:
        first = captured_page(site, "/a")
        second = captured_page(
            site,
            "/b",
            "<html><body><article><h1>Bridge opens</h1><p>The bridge opened on Friday after two years"
            " of work on the river.</p></article></body></html>",
        )
    fields = {**first.fields, "capture": {**first.fields["capture"], **second.fields["capture"]}}
    Capture.objects.filter(pk=first.pk).update(fields=fields)
    set_exchange(first.pk, bytes(second.exchange))
    status, _, err = run_verify()
    assert status == 1
    assert err == (
        f"error: capture {first.pk} of article {first.article_id}: WARC exchange's response payload is not the "
        f"capture's bytes (capture {first.sha256}, payload gives {second.sha256})\n"
    )


def test_an_exchange_that_is_not_a_warc_is_reported():
    with Site() as site:
        capture = captured_page(site)
    junk = b"not a WARC at all"
    fields = {
        **capture.fields,
        "capture": {**capture.fields["capture"], "warc_sha256": hashlib.sha256(junk).hexdigest()},
    }
    Capture.objects.filter(pk=capture.pk).update(fields=fields)
    set_exchange(capture.pk, junk)
    status, _, err = run_verify()
    assert status == 1
    assert err == f"error: capture {capture.pk} of article {capture.article_id}: WARC exchange is not a WARC\n"
