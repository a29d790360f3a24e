"""Build every ``fixtures/theme-*`` fixture (a site on a gem theme, built by Jekyll with the
Debian gem) with liquidpage and compare it with Jekyll's golden tree.

Sass source maps name a theme's files relative to the site's folder (``../../../usr/share/…``),
so the output depends on where the site sits: like ``fixtures/regen.py``, the test builds a copy
in a fresh folder of the system's temporary directory. ``fixtures/<name>/xfail`` holds the reason
of a strict xfail (with its docs/parity.md line).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names

from liquidpage import Site
from liquidpage.themes import ThemeError, find_theme

NAMES = fixture_names("theme-")


def _param(name: str) -> object:
    reason_file = FIXTURES / name / "xfail"
    if reason_file.exists():
        return pytest.param(name, marks=pytest.mark.xfail(reason=reason_file.read_text().strip(), strict=True))
    return name


@pytest.mark.parametrize("name", [_param(n) for n in NAMES])
def test_theme_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        find_theme("minima", {})
    except ThemeError:
        pytest.skip("the minima gem is not installed (apt-get install jekyll-theme-minima)")
    monkeypatch.setenv("TZ", "UTC")  # regen.py runs Jekyll with TZ=UTC
    with tempfile.TemporaryDirectory(prefix=f"lp-{name}-") as tmp:
        source = Path(tmp) / "site"
        shutil.copytree(FIXTURES / name / "site", source, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
        out = Site.load(source).build(tmp_path / "_site")
        assert_same_tree(FIXTURES / name / "expected", out)
