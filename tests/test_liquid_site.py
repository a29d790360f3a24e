"""Liquid features that need a whole build (documents rendered before pages): drops through
``inspect``/``jsonify``, ``link``, ``post_url`` with Jekyll's deprecated slug fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from liquidpage import Site

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "liquid-drops"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("liquid-drops") / "_site"
    Site.load(FIXTURE / "site", disable_disk_cache=True).build(out)
    return out


@pytest.mark.parametrize("page", ["p.html", "q.html", "hl.html"])
def test_liquid_drops_page(built: Path, page: str) -> None:
    assert (built / page).read_text() == (FIXTURE / "expected" / page).read_text()
