"""Build every ``fixtures/plugin-*`` fixture (a site that names plugins, built by Jekyll with the
Debian gems) with liquidpage's ports and compare it with Jekyll's golden tree.

A fixture that shows a known difference has a file ``fixtures/<name>/xfail`` holding the reason
(which names its docs/parity.md line); the test is then a strict xfail.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names, load_fixture

NAMES = fixture_names("plugin-")


def _param(name: str) -> object:
    reason_file = FIXTURES / name / "xfail"
    if reason_file.exists():
        return pytest.param(name, marks=pytest.mark.xfail(reason=reason_file.read_text().strip(), strict=True))
    return name


@pytest.mark.parametrize("name", [_param(n) for n in NAMES])
def test_plugin_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # regen.py runs Jekyll with TZ=UTC
    for key in [k for k in os.environ if k.startswith("JEKYLL_")]:  # regen.py drops these
        monkeypatch.delenv(key)
    # regen.py builds a copy outside any git repository: git (and jekyll-github-metadata)
    # must not find this project's repository above the fixture either.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(FIXTURES / name))
    env_file = FIXTURES / name / "jekyll-env"  # the environment regen.py gives Jekyll
    for line in env_file.read_text().splitlines() if env_file.exists() else []:
        if "=" in line:
            monkeypatch.setenv(*line.split("=", 1))
    # ... and with --quiet, which some plugins can see (jekyll-gist prints the return value of
    # a refused Jekyll.logger.warn): build as `liquidpage build --quiet` does.
    logger = logging.getLogger("liquidpage")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        out = load_fixture(name).build(tmp_path / "_site")
    finally:
        logger.setLevel(level)
    assert_same_tree(FIXTURES / name / "expected", out)
