"""Shared helpers for tests against the Jekyll-made fixtures in ``fixtures/<name>/``."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from liquidpage import Site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# `jekyll build` flags a fixture's jekyll-args may hold -> configuration overrides (Jekyll's configuration.rb Configuration::DEFAULTS).
FLAG_OVERRIDES = {"--drafts": ("show_drafts", True), "--future": ("future", True),
                  "--unpublished": ("unpublished", True), "--safe": ("safe", True)}


def fixture_names(prefix: str) -> list[str]:
    return sorted(p.parent.name for p in FIXTURES.glob(f"{prefix}*/site") if p.is_dir())


def missing_requirements(name: str) -> list[str]:
    """What a fixture reads from where Debian installs it and this machine lacks: its ``requires``
    file lists ``<Debian package> <path>`` per line (e.g. Sass frameworks used as load paths)."""
    requires = FIXTURES / name / "requires"
    if not requires.exists():
        return []
    wanted = [line.split(None, 1) for line in requires.read_text().splitlines() if line.strip()]
    return [f"{package} ({path})" for package, path in wanted if not Path(path).exists()]


def load_fixture(name: str) -> Site:
    """Load ``fixtures/<name>/site`` with the same options ``jekyll-args`` gives Jekyll."""
    fixture = FIXTURES / name
    args_file = fixture / "jekyll-args"
    args = args_file.read_text().split() if args_file.exists() else []
    options: dict[str, Any] = {"disable_disk_cache": True}  # nothing written into fixtures/ (conftest.py)
    config_files = None
    it = iter(args)
    for arg in it:
        if arg == "--config":
            config_files = [fixture / "site" / f for f in next(it).split(",")]
        elif arg in FLAG_OVERRIDES:
            key, value = FLAG_OVERRIDES[arg]
            options[key] = value
        else:
            raise ValueError(f"{name}/jekyll-args: flag {arg} is not mapped for liquidpage")
    stamp = fixture / "mtime"  # fixtures/regen.py pin_mtimes: the same file times Jekyll saw
    if stamp.exists():
        seconds = int(stamp.read_text().strip())
        for path in (fixture / "site").rglob("*"):
            if not path.is_symlink():
                os.utime(path, (seconds, seconds))
    source = fixture / "site"
    remote = fixture / "git-remote"  # fixtures/regen.py git_init: the same repository Jekyll saw
    if remote.exists():
        import shutil
        import subprocess
        import tempfile
        source = Path(tempfile.mkdtemp(prefix=f"lp-{name}-")) / "site"
        shutil.copytree(fixture / "site", source, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
        subprocess.run(["git", "init", "-q", str(source)], check=True)
        subprocess.run(["git", "-C", str(source), "remote", "add", "origin", remote.read_text().strip()], check=True)
        if config_files:
            config_files = [source / f.relative_to(fixture / "site") for f in config_files]
    return Site.load(source, config_files=config_files, **options)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def assert_same_tree(expected_root: Path, actual_root: Path) -> None:
    """Same file list and byte-identical files; the message shows a diff of the first difference."""
    expected, actual = tree(expected_root), tree(actual_root)
    assert sorted(actual) == sorted(expected)
    differing = [rel for rel in sorted(expected) if actual[rel] != expected[rel]]
    if differing:
        first = differing[0]
        diff = difflib.unified_diff(
            expected[first].decode("utf-8", "replace").splitlines(keepends=True),
            actual[first].decode("utf-8", "replace").splitlines(keepends=True),
            f"jekyll/{first}", f"liquidpage/{first}")
        raise AssertionError(f"{len(differing)} file(s) differ: {differing}\n{''.join(list(diff)[:80])}")


def copy_fixture_site(name: str, dest: Path) -> Path:
    """``fixtures/<name>/site`` copied to ``dest`` (symlinks kept, no cache a build may have left
    there), with the file times fixtures/regen.py gave Jekyll (``fixtures/<name>/mtime``)."""
    import shutil

    shutil.copytree(FIXTURES / name / "site", dest, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
    stamp = FIXTURES / name / "mtime"
    if stamp.exists():
        seconds = int(stamp.read_text().strip())
        for path in dest.rglob("*"):
            if not path.is_symlink():
                os.utime(path, (seconds, seconds))
    return dest


def jekyll_or_skip() -> str:
    """The `jekyll` command; a skip without it, a failure when LIQUIDPAGE_REQUIRE_JEKYLL=1 (CI)."""
    import shutil

    import pytest

    found = shutil.which("jekyll")
    if found is None:
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail("jekyll is not installed but LIQUIDPAGE_REQUIRE_JEKYLL=1")
        pytest.skip("jekyll is not installed")
    return found
