"""The command line as the README writes it: manage.py's development default, the make
wrappers, export filters by name, progress, and the archive's own error pages in development."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.management.progress import Progress
from tests.conftest import PROJECT, SAMPLE
from tests.factories import make_article

DEV_LINE = (
    "manage.py: development settings (DEBUG=1, localhost only); "
    "for production set DJANGO_ENV=production and SECRET_KEY.\n"
)


def clean_env(tmp_path, **extra):
    """The environment of a newcomer's shell: nothing of production, nothing of the tests."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "DEBUG_PAGES", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS")
        and not k.startswith("PYTEST")
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env.update(extra)
    return env


def manage(tmp_path, *args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- settings: development from a checkout, production when the environment says so ---------------


def test_manage_py_uses_development_settings_from_a_checkout_and_says_so_in_one_line(tmp_path):
    done = manage(tmp_path, "check")
    assert done.returncode == 0
    assert (done.stdout, done.stderr) == ("System check identified no issues (0 silenced).\n", DEV_LINE)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ENV": "production"}, "SECRET_KEY must be set when DEBUG is off."),
        ({"DEBUG": "0"}, "SECRET_KEY must be set when DEBUG is off."),
        ({"DJANGO_ENV": "production", "DEBUG": "1"}, "DEBUG=1 contradicts DJANGO_ENV=production"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV must be 'production' or 'development', not 'staging'."),
    ],
)
def test_production_is_chosen_by_the_environment_and_needs_a_secret_key(tmp_path, env, message):
    done = manage(tmp_path, "check", **env)
    assert done.returncode == 1
    assert message in done.stderr
    assert "development settings" not in done.stderr


def test_a_secret_key_alone_means_production(tmp_path):
    done = manage(tmp_path, "diffsettings", "--all", SECRET_KEY="a-real-secret")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "DEBUG = False" in done.stdout
    assert "DEVELOPMENT = False" in done.stdout
    assert "ALLOWED_HOSTS = []" in done.stdout


def test_wsgi_stays_production_by_default(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import archive.site.wsgi"],
        cwd=PROJECT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in done.stderr


ERROR_PAGES = """
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
response = Client(raise_request_exception=False).get("/no/such/page/")
page = response.content.decode()
print(response.status_code, "Using the URLconf" in page, "<h1>Not found</h1>" in page)
"""


@pytest.mark.parametrize(("debug_pages", "expected"), [("", "404 False True"), ("1", "404 True False")])
def test_development_shows_the_archives_own_404_unless_debug_pages_are_asked_for(tmp_path, debug_pages, expected):
    env = clean_env(tmp_path, DEBUG="1", DJANGO_SETTINGS_MODULE="archive.site.settings")
    if debug_pages:
        env["DEBUG_PAGES"] = debug_pages
    done = subprocess.run(
        [sys.executable, "-c", ERROR_PAGES], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


# --- the make wrappers -----------------------------------------------------------------------------


def make(tmp_path, *args):
    """`make TARGET ...` with this test run's Python as the venv (its packages are already installed)."""
    venv = Path(sys.prefix)
    stamp = venv / ".installed-runtime"
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}", "-o", str(stamp), *args],
        cwd=PROJECT,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


PAGE = """<!doctype html><html lang="en"><head><title>Harbour reopens after storm</title>
<meta property="og:site_name" content="The Daily Planet">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="article:tag" content="Donald Trump"><meta property="article:tag" content="Weather">
<link rel="canonical" href="https://planet.example/harbour-reopens"></head>
<body><article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a storm closed it for three days, officials said on Tuesday morning.</p>
<p>Fishing boats returned to their moorings, and the ferry service resumed its normal timetable by noon.</p>
<p>"We are relieved," said the harbour master, Tom Baker, who oversaw the repairs to the damaged pier.</p>
</article></body></html>"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_import_export_and_analyze_work_as_the_readme_writes_them(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    done = make(tmp_path, "import", f'PATHS="{SAMPLE}" "{page}"', "ARGS=--no-analyze")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "2 imported, 0 unchanged, 0 updated, 0 failed"
    assert DEV_LINE in done.stderr

    output = tmp_path / "trump.jsonl"
    done = make(tmp_path, "export", f"OUTPUT={output}", 'ARGS=--tag "Donald Trump"')
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("exported 1 articles\n")
    assert [json.loads(line)["url"] for line in output.read_text().splitlines()] == [
        "https://planet.example/harbour-reopens"
    ]

    done = make(tmp_path, "analyze", "ARGS=--workers 1")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Analysed 2 articles \(analyzer version \d+\)\.$", done.stdout, re.M), done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_serves_where_host_and_port_say(tmp_path):
    done = make(tmp_path, "-n", "run", "PORT=8001")
    assert done.stdout.splitlines()[-1].endswith("manage.py runserver 127.0.0.1:8001")
    done = make(tmp_path, "-n", "run", "HOST=0.0.0.0", "PORT=8080")
    assert done.stdout.splitlines()[-1].endswith("manage.py runserver 0.0.0.0:8080")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_import_without_paths_says_what_to_give(tmp_path):
    done = make(tmp_path, "import")
    assert done.returncode == 2
    assert 'Name what to import: make import PATHS="page.html folder/"' in done.stdout


# --- export filters by name as well as slug -----------------------------------------------------------


def exported_titles(**options):
    out = StringIO()
    call_command("export_articles", stdout=out, stderr=StringIO(), **options)
    return [json.loads(line)["title"] for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_export_finds_tags_and_sources_by_name_as_well_as_slug():
    make_article("Trump story", tags=("Donald Trump", "Elections"), source="The Daily Planet", domain="planet.test")
    make_article("Other story", tags=("Elections",), source="Other Paper", domain="other.test")
    for tag in ("Donald Trump", "donald trump", "donald-trump", "DONALD-TRUMP"):
        assert exported_titles(tag=[tag]) == ["Trump story"], tag
    assert exported_titles(tag=["Donald Trump", "Elections"]) == ["Trump story"]
    assert exported_titles(tag=["elections"]) == ["Trump story", "Other story"]
    for source in ("The Daily Planet", "the daily planet", "the-daily-planet", "planet.test"):
        assert exported_titles(source=source) == ["Trump story"], source


@pytest.mark.django_db
def test_export_with_an_unknown_tag_or_source_is_an_error_not_an_empty_file():
    make_article("Story", tags=("Elections",))
    with pytest.raises(CommandError, match=r"^--tag: no tag named 'Donald Trump' \(give its name or slug"):
        exported_titles(tag=["Donald Trump"])
    with pytest.raises(CommandError, match=r"^--source: no source named 'Nowhere Times' \(give its name, slug or"):
        exported_titles(source="Nowhere Times")


# --- progress -------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_on_a_terminal_is_a_plain_bar_with_total_rate_and_time_left():
    screen = Terminal()
    progress = Progress(screen, total=4, label="import", unit="files")
    for _ in range(4):
        progress.step("imported: a.html")
    progress.done()
    text = screen.getvalue()
    assert "import: 100%" in text
    assert "4/4 [" in text and "files/s" in text
    assert "\x1b[3" not in text and "\x1b[1m" not in text  # no colours, no bold


def test_progress_without_a_terminal_prints_one_line_every_n_items_and_nothing_for_short_runs(monkeypatch):
    monkeypatch.setattr("archive.management.progress.LINE_SECONDS", 1e9)
    log = io.StringIO()
    progress = Progress(log, total=250, label="analyse", unit="articles", every=100)
    for _ in range(250):
        progress.step()
    progress.done()
    lines = log.getvalue().splitlines()
    assert [line.split(", ")[0] for line in lines] == [
        "analyse: 100/250 articles (40%)",
        "analyse: 200/250 articles (80%)",
    ]
    assert all(re.fullmatch(r"analyse: .+, [\d.,]+ articles/s, about \d+:\d\d:\d\d left", line) for line in lines)
    assert "\r" not in log.getvalue()

    quiet = io.StringIO()
    short = Progress(quiet, total=3, label="import", unit="files")
    for _ in range(3):
        short.step()
    assert quiet.getvalue() == ""


def test_progress_without_a_terminal_also_prints_a_line_when_time_passes(monkeypatch):
    monkeypatch.setattr("archive.management.progress.LINE_SECONDS", 0.0)
    log = io.StringIO()
    progress = Progress(log, label="import", unit="files")  # no total: a WARC of unknown length
    progress.step()
    progress.note("15 pages; imported: a.warc: record at offset 1024")
    lines = log.getvalue().splitlines()
    assert [line.split(", ")[0] for line in lines] == ["import: 1 files", "import: 1 files"]
    assert lines[1].endswith(" so far, 15 pages; imported: a.warc: record at offset 1024")


@pytest.mark.django_db
def test_import_without_a_terminal_logs_progress_lines_past_n_files_and_keeps_stderr_uncoloured(tmp_path, monkeypatch):
    monkeypatch.setattr("archive.management.progress.LINE_SECONDS", 1e9)  # only the per-N lines, however slow
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(250):
        (folder / f"{n:03}.txt").write_text(f"Story number {n}\n\nA paragraph of story {n}, long enough to keep.\n")
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(folder), no_analyze=True, stdout=out, stderr=err)
    assert out.getvalue() == "250 imported, 0 unchanged, 0 updated, 0 failed\n"
    lines = err.getvalue().splitlines()
    assert [line.split(", ")[0] for line in lines] == ["import: 100/250 files (40%)", "import: 200/250 files (80%)"]
    assert lines[-1].endswith(f"200 pages; imported: {folder / '199.txt'}")


@pytest.mark.skipif("sqlite" not in os.environ.get("DATABASE_URL", "sqlite"), reason="SQLite's online backup")
@pytest.mark.django_db(transaction=True)
def test_backup_into_a_folder_that_does_not_exist_yet_as_the_readme_writes_it(tmp_path):
    make_article("Kept")
    target = tmp_path / "backups" / "archive-2026-12-01.sqlite3"
    out = StringIO()
    call_command("backup", str(target), stdout=out)
    assert out.getvalue().startswith(f"backed up 1 articles and 1 captures to {target} (")
    assert target.exists()
