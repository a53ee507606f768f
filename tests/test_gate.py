"""The gate (scripts/lint.sh) fails on a deliberately bad file and passes on a good one.

Each tool runs as CI runs it, with the project's own pyproject.toml, on a throw-away tree
holding one small module (so mypy checks a few lines, not the project: about a second).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

GOOD = '''"""A module the gate accepts."""

from pathlib import Path


def name_of(path: Path) -> str:
    return path.stem
'''

# One fault per tool, each alone in a file, with what the tool must say about it.
FAULTS = {
    "formatting": (["ruff", "format", "--check"], "x  =  [1,2]\n", "would be reformatted"),
    "unused import": (["ruff", "check"], "import os\n", "F401"),
    "type error": (["mypy"], "def f() -> int:\n    return 'a'\n", "[return-value]"),
    "unused type: ignore": (["mypy"], "x: int = 1  # type: ignore[assignment]\n", "[unused-ignore]"),
    "type: ignore without a code": (["mypy"], "x: int = 'a'  # type: ignore\n", "[ignore-without-code]"),
}


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module's runs: typeshed is read once."""
    return tmp_path_factory.mktemp("mypy-cache")


def tree(root: Path, source: str) -> Path:
    """The project's configuration and gate script, with one module in bot/."""
    (root / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "lint.sh", root / "scripts" / "lint.sh")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for package in ("bot", "handlers"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    (root / "bot" / "sample.py").write_text(source)
    return root


def run(command: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    if command[0] == "mypy":
        command = [*command, "--config-file", "pyproject.toml", "--cache-dir", str(cache), "bot/sample.py"]
    else:
        command = [*command, "--no-cache", "bot"]
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("fault", FAULTS)
def test_each_tool_fails_on_its_fault(fault: str, tmp_path: Path, mypy_cache: Path) -> None:
    command, source, finding = FAULTS[fault]
    root = tree(tmp_path, source)
    result = run(command, root, mypy_cache)
    assert result.returncode != 0, result.stdout + result.stderr
    assert finding in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["ruff", "format", "--check"], ["ruff", "check"], ["mypy"]])
def test_each_tool_passes_a_good_file(command: list[str], tmp_path: Path, mypy_cache: Path) -> None:
    result = run(command, tree(tmp_path, GOOD), mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("source", "passes"), [(GOOD, True), ('import os\n\nx: int = "a"\n', False)])
def test_the_script_fails_on_any_finding(source: str, passes: bool, tmp_path: Path, mypy_cache: Path) -> None:
    root = tree(tmp_path, source)
    env = {**os.environ, "BIN": str(BIN), "MYPY_CACHE_DIR": str(mypy_cache), "RUFF_NO_CACHE": "true"}
    result = subprocess.run(
        ["bash", "scripts/lint.sh"], cwd=root, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    if not passes:
        assert "The gate failed: ruff check, mypy" in result.stderr
