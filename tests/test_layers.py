"""The import graph: imports run downhill and never in a circle (issue 16).

The contracts live in pyproject.toml ([tool.importlinter]); these tests run them with import-linter's own command,
and prove on this code base that a contract of the wrong shape is reported, so a pass means something.
"""

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str, pythonpath: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=PROJECT,
        env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_project_keeps_its_import_contracts():
    run = lint_imports()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Imports run downhill KEPT" in run.stdout
    assert "No import cycles KEPT" in run.stdout
    assert "Contracts: 2 kept, 0 broken." in run.stdout


def test_a_cycle_is_reported(tmp_path):
    # The archive has no cycle left to show, so a two-module package with one proves the checker sees them.
    package = tmp_path / "circular"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from circular import b\n")
    (package / "b.py").write_text("from circular import a\n")
    config = tmp_path / "cycle.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "circular"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "No import cycles"\ntype = "acyclic_siblings"\nancestors = ["circular"]\n'
    )
    run = lint_imports("--config", str(config), pythonpath=tmp_path)
    assert run.returncode == 1
    assert "No import cycles BROKEN" in run.stdout


def test_an_uphill_import_is_reported(tmp_path):
    # The same checker with the layers upside down: search imports the models, so it must be refused.
    config = tmp_path / "upside-down.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "archive"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "Models above search"\ntype = "layers"\ncontainers = ["archive"]\nlayers = ["models", "search"]\n'
    )
    run = lint_imports("--config", str(config))
    assert run.returncode == 1
    assert "Models above search BROKEN" in run.stdout
    assert "archive.search is not allowed to import archive.models" in run.stdout
