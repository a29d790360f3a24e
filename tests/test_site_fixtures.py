"""Build every ``fixtures/site-*`` fixture with liquidpage and compare it with Jekyll's golden tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names, load_fixture

from liquidpage import Site

NAMES = fixture_names("site-")

# Known differences from Jekyll (strict xfails; see docs/parity.md "## Whole-site build").
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(reason=XFAIL[n], strict=True)) if n in XFAIL else n
     for n in NAMES],
)
def test_site_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # regen.py runs Jekyll with TZ=UTC
    out = load_fixture(name).build(tmp_path / "_site")
    assert_same_tree(FIXTURES / name / "expected", out)


def test_static_files_keep_their_mtime(tmp_path: Path) -> None:
    source = FIXTURES / "site-lists" / "site"
    dest = tmp_path / "_site"
    Site.load(source, disable_disk_cache=True).build(dest)
    for rel in ("zzz.txt", "assets/logo.txt"):
        assert int((dest / rel).stat().st_mtime) == int((source / rel).stat().st_mtime)
