"""`make install` installs the lock with the pip a stock Python 3.11 ships (no upgrade first), in a clean venv,
and the importer's HTML path works there (jusText under trafilatura needs lxml_html_clean).

Slow (a few minutes, less with pip's cache warm): `pytest -m "not install"` leaves it out.
"""

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import PROJECT

pytestmark = pytest.mark.install

PYTHON = shutil.which("python3.11")
DEVELOPMENT_ONLY = ("pytest", "playwright", "locust", "hypothesis", "schemathesis", "ruff")

PAGE = b"""<!doctype html><html lang="en"><head><title>Harbour reopens after storm - The Daily Planet</title>
<meta property="og:title" content="Harbour reopens after storm">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta name="author" content="Jane Doe"></head>
<body><article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Tuesday after a storm closed it for three days, officials said on Tuesday.</p>
<p>Fishing boats returned to their moorings, and the ferry service resumed its normal timetable by noon.</p>
</article></body></html>
"""


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)


@pytest.mark.skipif(PYTHON is None, reason="python3.11 not found: the lock's test with a stock Python 3.11 skips")
def test_lock_installs_with_the_stock_pip_of_python_311_and_extract_page_works(tmp_path):
    venv = tmp_path / "venv"
    python = str(venv / "bin" / "python")
    dropped = ("PIP_REQUIRE", "VIRTUAL_ENV", "PYTHONPATH", "MAKE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    # The Makefile's own install, the one `make run` uses, not a copy of its pip command.
    installed = run(["make", "install", f"VENV={venv}", f"PYTHON={PYTHON}"], cwd=PROJECT, env=env, timeout=900)
    assert installed.returncode == 0, installed.stdout[-2000:] + installed.stderr[-3000:]
    assert "pip check" in installed.stdout  # the installed set was checked complete and consistent
    bundled = run([PYTHON, "-c", "import ensurepip; print(ensurepip.version())"]).stdout.strip()
    pip_version = run([python, "-m", "pip", "--version"]).stdout.split()[1]
    assert pip_version == bundled  # the pip the venv came with, not upgraded

    freeze = run([python, "-m", "pip", "freeze"]).stdout.lower().replace("_", "-").splitlines()
    names = {line.split("==")[0] for line in freeze}
    assert {"django", "trafilatura", "lxml", "lxml-html-clean", "spacy", "rapidfuzz", "tqdm"} <= names
    assert not names & set(DEVELOPMENT_ONLY), "a production install must not pull development packages"

    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    clean = {k: v for k, v in env.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE")}
    done = run([python, "manage.py", "extract_page", str(page)], cwd=PROJECT, env=clean, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("manage.py: development settings")
    record = json.loads(done.stdout)
    assert record["title"] == "Harbour reopens after storm"
    assert record["published"] == "2024-03-05T10:00:00+00:00"
    assert record["authors"] == ["Jane Doe"]
    assert "The harbour reopened on Tuesday" in json.dumps(record)
