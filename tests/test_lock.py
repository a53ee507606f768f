"""The locks (requirements.lock for production, requirements-test.lock for CI and `make test`)
pin every dependency of pyproject.toml within its range, with hashes, and are what the Dockerfile,
the Makefile and scripts/test.sh install from (`make lock` writes them again)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)")


def _pins(lock: Path) -> dict[str, tuple[str, int]]:
    """{name: (version, number of hashes)}"""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ()), ("requirements-test.lock", ("test",))])
def test_every_dependency_is_pinned_within_its_range_with_hashes(lock, extras):
    pins = _pins(ROOT / lock)
    wanted = [Requirement(r) for r in _project()["dependencies"]]
    wanted += [Requirement(r) for extra in extras for r in _project()["optional-dependencies"][extra]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {lock}: run `make lock`"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{name}=={version} outside {requirement}"
    assert all(hashes > 0 for _, hashes in pins.values()), "a pin without a hash"
    assert not re.search(r"^--(extra-)?index-url|^--find-links", (ROOT / lock).read_text(), re.MULTILINE)


def test_the_installs_use_the_locks_with_hashes():
    assert "pip install --require-hashes --no-deps -r requirements.lock" in (ROOT / "Dockerfile").read_text()
    for path in ("Makefile", "scripts/test.sh"):
        assert "--require-hashes --no-deps -r requirements-test.lock" in (ROOT / path).read_text(), path


def test_production_pins_are_the_test_pins():
    """CI tests exactly the versions production runs."""
    production, tested = _pins(ROOT / "requirements.lock"), _pins(ROOT / "requirements-test.lock")
    assert {name: version for name, (version, _) in production.items()} == {
        name: tested[name][0] for name in production
    }
