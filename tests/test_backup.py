"""Backup and restore: the SQLite online backup is a working, identical copy;
a logical dump (dumpdata) restored into an emptied database gives back every
article, capture, tag, entity, alias, mention, statement and role unchanged."""

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from taggit.models import Tag, TaggedItem

from archive.models import Article, ArticleAuthor, Capture, Entity, EntityAlias, Mention, Role, Source, Statement
from tests.conftest import PROJECT
from tests.factories import make_article

MODELS = [Source, Article, ArticleAuthor, Capture, Tag, TaggedItem, Entity, EntityAlias, Mention, Statement, Role]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the online backup API is SQLite's")


def build_archive():
    """A little of everything the archive stores, including curator work (a merge)."""
    first = make_article(
        "Minister “resigns” over budget",
        ("The minister resigned on Monday, an aide said.", "Parliament meets again in March."),
        tags=("Politics", "Budget"),
        authors=("Jane Roe", "Omar Haddad"),
        published=datetime(2021, 3, 1, 9, 30, tzinfo=UTC),
        raw=b"\x00\xffbinary-safe bytes\r\n",
    )
    second = make_article(
        "Markets calm", ("Shares rose.",), tags=("Economy",), source="The Ledger", domain="ledger.example"
    )
    # A second capture of the first article: new bytes for a known URL.
    make_article(
        first.title,
        ("Updated text.",),
        url=first.url,
        tags=("Politics", "Budget"),
        authors=("Jane Roe", "Omar Haddad"),
        captured=datetime(2024, 2, 1, tzinfo=UTC),
    )
    minister = Entity.objects.create(name="Ana Petrova", slug="ana-petrova", kind="person", key="ana petrova")
    ministry = Entity.objects.create(name="Finance Ministry", slug="finance-ministry", kind="organization", key="fm")
    twin = Entity.objects.create(name="A. Petrova", slug="a-petrova", kind="person", key="a petrova")
    twin.merged_into = minister
    twin.save()
    EntityAlias.objects.create(entity=minister, name="Petrova", key="petrova", curated=True)
    Mention.objects.create(article=first, entity=minister, start=0, end=8, text="Minister", label="PERSON")
    Role.objects.create(person=minister, organization=ministry, description="finance minister", article=first)
    Statement.objects.create(
        article=first,
        position=0,
        kind="indirect",
        cue="said",
        cue_start=40,
        cue_end=44,
        source_text="an aide",
        speaker_kind="unnamed",
        speaker_name="an aide",
        content="The minister resigned on Monday",
        content_start=4,
        content_end=35,
        via=ministry,
    )
    Statement.objects.create(
        article=second,
        position=0,
        kind="direct",
        cue="said",
        cue_start=1,
        cue_end=5,
        speaker=minister,
        speaker_kind="person",
        speaker_name="Ana Petrova",
        content="Shares rose.",
        content_start=10,
        content_end=22,
    )


def snapshot() -> dict:
    """Every row of every model, all fields, primary keys included."""
    data = {}
    for model in MODELS:
        rows = []
        for row in model.objects.order_by("pk").values():
            rows.append({k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()})
        data[model.__name__] = rows
    return data


def search_postings() -> list:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, kind, value_id FROM archive_search_posting ORDER BY 1, 2, 3")
        return cursor.fetchall()


def empty_archive():
    for model in (Statement, Role, Mention, Capture, ArticleAuthor, TaggedItem, Article, EntityAlias, Tag, Source):
        model.objects.all().delete()
    Entity.objects.update(merged_into=None)
    Entity.objects.all().delete()
    assert all(not model.objects.exists() for model in MODELS)


@pytest.mark.django_db
def test_dump_then_load_into_emptied_database_is_identical(tmp_path):
    build_archive()
    before = snapshot()
    assert [len(before[m.__name__]) for m in MODELS] == [2, 2, 3, 3, 3, 3, 5, 1, 1, 2, 1]
    postings = search_postings()
    # XML, not JSON: Django's JSON encoder cuts date-times to milliseconds.
    dump = tmp_path / "archive.xml.gz"
    call_command(
        "dumpdata", "archive", "taggit", format="xml", natural_foreign=True, output=str(dump), stdout=StringIO()
    )
    empty_archive()
    call_command("loaddata", str(dump), stdout=StringIO())
    assert snapshot() == before
    # Mentions load before their articles; the search index still has them.
    assert search_postings() == postings and len(postings) == 9
    assert all(c.verify() for c in Capture.objects.all())


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_online_backup_is_an_identical_working_copy(tmp_path):
    build_archive()
    target = tmp_path / "copy.sqlite3"
    out = StringIO()
    call_command("backup", str(target), stdout=out)
    assert out.getvalue().startswith(f"backed up 2 articles and 3 captures to {target} (")
    assert out.getvalue().endswith(", integrity ok)\n")
    assert not list(tmp_path.glob(".*partial"))
    # Read both sides the same way: Django's connection converts declared types.
    copy = sqlite3.connect(target, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        live = connection.connection
        tables = [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]
        assert "archive_capture" in tables and "archive_statement" in tables
        for table in tables:
            query = f'SELECT * FROM "{table}"'  # some index tables have no rowid: sort here
            assert sorted(map(repr, copy.execute(query))) == sorted(map(repr, live.execute(query))), table
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()
    # A working archive on its own: the site's code opens it and every capture verifies.
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DATABASE_URL=f"sqlite:///{target}", SECRET_KEY="backup-test", DEBUG="1")
    done = subprocess.run(
        [sys.executable, "manage.py", "verify"], cwd=PROJECT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("verified 3 captures in ")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_backup_refuses_to_overwrite_without_force(tmp_path):
    make_article("Kept")
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="exists; give --force to replace it"):
        call_command("backup", str(target), stdout=StringIO())
    assert target.read_bytes() == b"an older backup"
    call_command("backup", str(target), force=True, stdout=StringIO())
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT title FROM archive_article").fetchall() == [("Kept",)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump guidance is for PostgreSQL")
@pytest.mark.django_db
def test_postgresql_backup_prints_pg_dump_command(tmp_path):
    out = StringIO()
    call_command("backup", str(tmp_path / "archive.dump"), stdout=out)
    assert out.getvalue().startswith("PostgreSQL: back up with pg_dump (add --run to run it now):\n  ")
    assert "pg_dump --format=custom --no-owner --file " in out.getvalue()
    assert "pg_restore --no-owner --dbname NEW_DATABASE " in out.getvalue()
