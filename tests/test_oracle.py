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


@pytest.mark.parametrize("name", NAMES)
def test_goldens_match_fresh_jekyll_build(name: str) -> None:
    _need_jekyll()
    _need_requirements(name)
    proc = subprocess.run([sys.executable, str(FIXTURES / "regen.py"), "--check", name],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_fixture_has_goldens() -> None:
    missing = [n for n in NAMES if not (FIXTURES / n / "expected").is_dir()]
    assert not missing, f"run `python fixtures/regen.py {' '.join(missing)}`"
