"""Two imports at once (issue 20): two import_articles processes over the same
folder both finish, every file is stored once, nothing fails with "database
is locked" (SQLite: IMMEDIATE transactions and a busy timeout) or with a
duplicate key (PostgreSQL: a lost race is looked at again)."""

import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from archive.models import Article, Source
from tests.conftest import PROJECT

FILES = 101
SUMMARY = re.compile(r"^(\d+) imported, (\d+) unchanged, (\d+) updated, (\d+) failed$")


def _env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="archive.site.settings", SECRET_KEY="concurrent-test", DATABASE_URL=database_url)
    return env


def _manage(env, *args, **popen):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, text=True, **popen)  # noqa: S603


@pytest.fixture
def folder(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(FILES):
        body = " ".join(f"Paragraph {n} word{k}." for k in range(30))
        (pages / f"{n:03}.txt").write_text(f"Story number {n}\n\n{body}\n\nTAGGED: Shared, Tag{n % 7}\n")
    return pages


def _run_two(env, folder):
    procs = [
        _manage(env, "import_articles", str(folder), "--no-analyze", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    counts = []
    for code, out, err in results:
        # Progress lines ("import: 100/101 files ...") are expected without a terminal; anything else is a problem.
        problems = [line for line in err.splitlines() if not line.startswith("import: ")]
        assert (code, problems) == (0, []), (code, err[-2000:])
        match = SUMMARY.match(out.strip())
        assert match, out
        counts.append(tuple(int(x) for x in match.groups()))
    imported = sum(c[0] for c in counts)
    unchanged = sum(c[1] for c in counts)
    assert (imported, unchanged, sum(c[2] for c in counts), sum(c[3] for c in counts)) == (FILES, FILES, 0, 0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite run: a database file two processes share")
def test_two_imports_at_once_on_sqlite(tmp_path, folder):
    env = _env(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    migrate = _manage(env, "migrate", "-v0", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert migrate.wait(timeout=300) == 0, migrate.communicate()
    _run_two(env, folder)
    check = _manage(
        env,
        "shell",
        "-v0",
        "-c",
        "from archive.models import Article, Source; print(Article.objects.count(), Source.objects.count())",
        stdout=subprocess.PIPE,
    )
    out, _ = check.communicate(timeout=120)
    assert out.split() == [str(FILES), "1"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run: its test database is shared")
def test_two_imports_at_once_on_postgresql(folder):
    s = connection.settings_dict
    env = _env(f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}")
    _run_two(env, folder)
    assert (Article.objects.count(), Source.objects.count()) == (FILES, 1)
