"""Build the lab-site fixtures with liquidpage and compare with real Jekyll's goldens."""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import pytest

from liquidpage import Site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_SHA256 = "47935e4954d003d1d3b7602eed557e3708c6c1ec6c27e13599feb11c35596f04"

# fixture name -> source-relative path of the seed page publications1.md
SEED_PAGES = {
    "lab-site": "publications1.md",
    "lab-site-alt": "_pages/publications1.md",
}


def _files(root: Path) -> list[str]:
    """Sorted posix paths of every file under ``root``."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    """A unified diff (at most 80 lines) of two outputs, decoded leniently."""
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"expected/{name}", tofile=f"liquidpage/{name}",
    )
    return "".join(list(lines)[:80])


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_build_matches_jekyll(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES / name
    dest = tmp_path / "_site"
    Site.load(fixture / "site").build(dest)
    expected_dir = fixture / "expected"
    assert _files(dest) == _files(expected_dir)
    differing = [
        rel for rel in _files(expected_dir)
        if (expected_dir / rel).read_bytes() != (dest / rel).read_bytes()
    ]
    if differing:
        first = differing[0]
        diff = _diff((expected_dir / first).read_bytes(), (dest / first).read_bytes(), first)
        pytest.fail(f"{len(differing)} file(s) differ: {differing}\nfirst: {first}\n{diff}")


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_render_seed_page(name: str) -> None:
    fixture = FIXTURES / name
    site = Site.load(fixture / "site")
    expected = (fixture / "expected" / "publications1" / "index.html").read_bytes()
    actual = site.render(SEED_PAGES[name])
    assert actual == expected.decode("utf-8"), _diff(
        expected, actual.encode("utf-8"), "publications1/index.html")


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_seed_page_is_unchanged(name: str) -> None:
    seed = FIXTURES / name / "site" / SEED_PAGES[name]
    # sha256 of /work/shared/seed/publications1.md: the fixtures hold it byte for byte.
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == SEED_SHA256
