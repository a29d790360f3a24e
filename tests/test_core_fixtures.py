"""The core-* fixture sites (front matter, YAML, _data, layouts, include) build byte-identical to Jekyll."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from liquidpage import Site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NAMES = sorted(p.parent.name for p in FIXTURES.glob("core-*/site"))


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def first_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    for rel in sorted(expected):
        if rel in actual and actual[rel] != expected[rel]:
            diff = difflib.unified_diff(
                expected[rel].decode("utf-8", "replace").splitlines(keepends=True),
                actual[rel].decode("utf-8", "replace").splitlines(keepends=True),
                f"jekyll/{rel}", f"liquidpage/{rel}")
            return "".join(diff)
    return ""


@pytest.mark.parametrize("name", NAMES)
def test_fixture_builds_like_jekyll(name: str, tmp_path: Path) -> None:
    out = Site.load(FIXTURES / name / "site").build(tmp_path / "_site")
    expected, actual = files(FIXTURES / name / "expected"), files(out)
    assert sorted(actual) == sorted(expected)
    differing = [rel for rel in expected if actual[rel] != expected[rel]]
    assert not differing, f"{differing}\n{first_difference(expected, actual)}"


@pytest.mark.parametrize("name", NAMES)
def test_render_equals_build(name: str, tmp_path: Path) -> None:
    """`render` gives exactly the bytes `build` writes for each page."""
    site = Site.load(FIXTURES / name / "site")
    out = site.build(tmp_path / "_site")
    fresh = Site.load(FIXTURES / name / "site")
    for page in fresh.pages:
        assert fresh.render(page.relative_path).encode() == (out / page.destination).read_bytes()
