"""The import layers of docs/architecture.md hold, and an upward import breaks `make lint`.

The check runs `lint-imports` (the same command as scripts/lint.sh) on a throw-away copy of
the package, so the tree itself is never edited.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """greenplan's Python sources and the contracts (pyproject.toml) in a temporary directory."""
    where = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        ROOT / "greenplan", where / "greenplan",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "templates", "data", "static"),
    )
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    return where


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=where, capture_output=True, text=True, timeout=300,
    )


def _append(module: Path, line: str) -> None:
    module.write_text(module.read_text() + f"\n{line}\n")


def test_the_tree_keeps_its_layers(copy):
    result = _lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(copy):
    # orgs (a low floor) reaching up into analytics: the dependency the layers exist to forbid.
    _append(copy / "greenplan" / "orgs" / "services.py", "from greenplan.analytics import dashboard  # noqa")
    try:
        result = _lint_imports(copy)
    finally:
        shutil.copy(ROOT / "greenplan" / "orgs" / "services.py", copy / "greenplan" / "orgs" / "services.py")
    assert result.returncode != 0
    assert "greenplan.orgs is not allowed to import greenplan.analytics" in result.stdout
    assert "greenplan.orgs.services -> greenplan.analytics.dashboard" in result.stdout


def test_a_sibling_on_the_top_floor_may_not_import_the_other(copy):
    # api and front share the top floor and stay independent of each other.
    _append(copy / "greenplan" / "front" / "views.py", "from greenplan.api import errors  # noqa")
    try:
        result = _lint_imports(copy)
    finally:
        shutil.copy(ROOT / "greenplan" / "front" / "views.py", copy / "greenplan" / "front" / "views.py")
    assert result.returncode != 0
    assert "greenplan.front is not allowed to import greenplan.api" in result.stdout
