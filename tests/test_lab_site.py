"""Build the lab-site fixtures with liquidpage and compare with real Jekyll's goldens."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from goldens import FIXTURES, assert_same_tree

from liquidpage import Site

SEED_SHA256 = "47935e4954d003d1d3b7602eed557e3708c6c1ec6c27e13599feb11c35596f04"

# fixture name -> source-relative path of the seed page publications1.md
SEED_PAGES = {
    "lab-site": "publications1.md",
    "lab-site-alt": "_pages/publications1.md",
}


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_build_matches_jekyll(name: str, tmp_path: Path) -> None:
    fixture = FIXTURES / name
    out = Site.load(fixture / "site", disable_disk_cache=True).build(tmp_path / "_site")
    assert_same_tree(fixture / "expected", out)


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_render_seed_page(name: str) -> None:
    fixture = FIXTURES / name
    site = Site.load(fixture / "site")
    expected = (fixture / "expected" / "publications1" / "index.html").read_bytes()
    actual = site.render(SEED_PAGES[name])
    assert actual == expected.decode("utf-8")  # pytest shows the differing lines


@pytest.mark.parametrize("name", sorted(SEED_PAGES))
def test_seed_page_is_unchanged(name: str) -> None:
    seed = FIXTURES / name / "site" / SEED_PAGES[name]
    # sha256 of /work/shared/seed/publications1.md: the fixtures hold it byte for byte.
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == SEED_SHA256
