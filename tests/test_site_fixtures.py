"""Build every ``fixtures/site-*`` fixture with liquidpage and compare it with Jekyll's golden tree."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from liquidpage import Site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAMES = sorted(p.parent.name for p in FIXTURES.glob("site-*/site"))

# `jekyll build` flags used in fixtures' jekyll-args -> configuration overrides (§2.4).
FLAG_OVERRIDES = {"--drafts": ("show_drafts", True), "--future": ("future", True),
                  "--unpublished": ("unpublished", True)}

# Known differences from Jekyll (strict xfails; see docs/parity.md "## Whole-site build").
XFAIL: dict[str, str] = {}


def overrides_for(fixture: Path) -> dict[str, Any]:
    """The configuration overrides for a fixture's ``jekyll-args``."""
    args_file = fixture / "jekyll-args"
    flags = args_file.read_text().split() if args_file.exists() else []
    return dict(FLAG_OVERRIDES[flag] for flag in flags)


def files(root: Path) -> list[str]:
    """Sorted posix paths of every file under ``root``."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def compare_trees(expected: Path, actual: Path) -> None:
    """Same file list, byte-identical files; fail with a diff of the first difference."""
    assert files(actual) == files(expected)
    differing = [rel for rel in files(expected)
                 if (expected / rel).read_bytes() != (actual / rel).read_bytes()]
    if differing:
        first = differing[0]
        diff = difflib.unified_diff(
            (expected / first).read_text("utf-8", "replace").splitlines(keepends=True),
            (actual / first).read_text("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"jekyll/{first}", tofile=f"liquidpage/{first}")
        pytest.fail(f"{len(differing)} file(s) differ: {differing}\n{''.join(list(diff)[:60])}")


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(reason=XFAIL[n], strict=True)) if n in XFAIL else n
     for n in NAMES],
)
def test_site_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # regen.py runs Jekyll with TZ=UTC
    fixture = FIXTURES / name
    dest = tmp_path / "_site"
    Site.load(fixture / "site", **overrides_for(fixture)).build(dest)
    compare_trees(fixture / "expected", dest)


def test_static_files_keep_their_mtime(tmp_path: Path) -> None:
    source = FIXTURES / "site-lists" / "site"
    dest = tmp_path / "_site"
    Site.load(source).build(dest)
    for rel in ("zzz.txt", "assets/logo.txt"):
        assert int((dest / rel).stat().st_mtime) == int((source / rel).stat().st_mtime)
