"""Output reuse on the fixture sites (plugins, themes, the lab site): a second build with the
cache, which reuses every render, still writes Jekyll's golden tree; after an edit to one page,
a cached build writes what a fresh build writes.

Every third plugin fixture is taken (all of them would double the plugin tests' time) plus every
theme fixture and the lab site; fixtures that are strict xfails or need a git repository are
left to their own tests.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from goldens import FIXTURES, FLAG_OVERRIDES, assert_same_tree, copy_fixture_site, fixture_names

from liquidpage import Site

NAMES = [n for n in fixture_names("plugin-")[::3] + fixture_names("theme-") + ["lab-site"]
         if not (FIXTURES / n / "xfail").exists() and not (FIXTURES / n / "git-remote").exists()]


def _load(name: str, source: Path, **extra: Any) -> Site:
    fixture = FIXTURES / name
    args_file = fixture / "jekyll-args"
    args = iter(args_file.read_text().split() if args_file.exists() else [])
    options: dict[str, Any] = {}
    config_files = None
    for arg in args:
        if arg == "--config":
            config_files = [source / f for f in next(args).split(",")]
        else:
            key, value = FLAG_OVERRIDES[arg]
            options[key] = value
    return Site.load(source, config_files=config_files, config=extra or None, **options)


def _first_markdown(source: Path) -> Path | None:
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "_site" not in path.parts:
            return path
    return None


@pytest.mark.parametrize("name", NAMES)
def test_cached_rebuilds_of_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if name.startswith("theme-"):
        from liquidpage.themes import ThemeError, find_theme

        try:
            find_theme("minima", {})
        except ThemeError:
            pytest.skip("the minima gem is not installed (apt-get install jekyll-theme-minima)")
    monkeypatch.setenv("TZ", "UTC")
    for key in [k for k in os.environ if k.startswith("JEKYLL_")]:
        monkeypatch.delenv(key)
    env_file = FIXTURES / name / "jekyll-env"
    for line in env_file.read_text().splitlines() if env_file.exists() else []:
        if "=" in line:
            monkeypatch.setenv(*line.split("=", 1))
    logger = logging.getLogger("liquidpage")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with tempfile.TemporaryDirectory(prefix=f"lp-{name}-") as tmp:
            # regen.py's depth: Sass maps name files relative to it
            source = copy_fixture_site(name, Path(tmp) / "site")
            out = tmp_path / "_site"
            _load(name, source).build(out)
            _load(name, source).build(out)  # everything reused
            assert_same_tree(FIXTURES / name / "expected", out)
            page = _first_markdown(source)
            if page is None:
                return
            with open(page, "a", encoding="utf-8") as handle:
                handle.write("\n\nEdited by the test.\n")
            _load(name, source).build(out)
            fresh = tmp_path / "fresh"
            _load(name, source, disable_disk_cache=True).build(fresh)
            assert_same_tree(fresh, out)
    finally:
        logger.setLevel(level)
