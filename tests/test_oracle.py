"""The committed goldens still match what real Jekyll 4.3.1 makes (fixtures/regen.py --check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from goldens import missing_requirements

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NAMES = sorted(p.parent.name for p in FIXTURES.glob("*/site") if p.is_dir())


def _need_jekyll() -> None:
    if shutil.which("jekyll") is None:
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail("jekyll is not installed but LIQUIDPAGE_REQUIRE_JEKYLL=1 (apt-get install -y jekyll)")
        pytest.skip("jekyll not installed: the oracle check needs `apt-get install -y jekyll`")


def _need_requirements(name: str) -> None:
    """A fixture's `requires` file names the Debian packages whose files it reads."""
    missing = missing_requirements(name)
    if missing:
        message = f"{name} reads files of Debian packages not installed: {', '.join(missing)} (apt-get install)"
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def jekyll_checks() -> dict[str, tuple[int, str]]:
    """Every fixture's ``regen.py --check``, as many at once as there are cores (each is a Jekyll
    process of its own, so the checks do not affect one another). All of them finish before any
    test reads a result, and no thread is left behind (later tests fork)."""
    if shutil.which("jekyll") is None:
        return {}
    pending = [n for n in NAMES if not missing_requirements(n)]
    width = max(1, len(os.sched_getaffinity(0)))
    running: dict[str, subprocess.Popen[str]] = {}
    results: dict[str, tuple[int, str]] = {}
    while pending or running:
        while pending and len(running) < width:
            name = pending.pop(0)
            running[name] = subprocess.Popen(
                [sys.executable, str(FIXTURES / "regen.py"), "--check", name],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        name = next(iter(running))
        proc = running.pop(name)
        output, _ = proc.communicate(timeout=600)
        results[name] = (proc.returncode, output)
    return results


@pytest.mark.parametrize("name", NAMES)
def test_goldens_match_fresh_jekyll_build(name: str, jekyll_checks: dict[str, tuple[int, str]]) -> None:
    _need_jekyll()
    _need_requirements(name)
    code, output = jekyll_checks[name]
    assert code == 0, output


def test_every_fixture_has_goldens() -> None:
    missing = [n for n in NAMES if not (FIXTURES / n / "expected").is_dir()]
    assert not missing, f"run `python fixtures/regen.py {' '.join(missing)}`"
