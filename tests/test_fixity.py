"""Fixity: `verify` recomputes every capture's SHA-256 from the stored bytes
and reports any mismatch or article without a capture, exiting non-zero."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Capture
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
