"""The Liquid corpus (fixtures/liquid-corpus*): one small page per behaviour, compared byte for
byte with what Jekyll 4.3.1 wrote (``expected/`` from ``python fixtures/regen.py``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from liquidpage import Site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CORPORA = ("liquid-corpus", "liquid-corpus-tz")

# case path -> why liquidpage differs (each also in docs/parity.md, Liquid section).
KNOWN_DIFFERENCES: dict[str, str] = {}


@lru_cache(maxsize=None)
def site(name: str) -> Site:
    return Site.load(FIXTURES / name / "site")


def _cases() -> list[object]:
    params = []
    for name in CORPORA:
        for path in sorted((FIXTURES / name / "site" / "cases").glob("*.html")):
            rel = f"cases/{path.name}"
            key = f"{name}/{rel}"
            marks = [pytest.mark.xfail(reason=KNOWN_DIFFERENCES[key], strict=True)] if key in KNOWN_DIFFERENCES else []
            params.append(pytest.param(name, rel, id=key, marks=marks))
    return params


@pytest.mark.parametrize(("name", "rel"), _cases())
def test_liquid_corpus_case(name: str, rel: str) -> None:
    expected = (FIXTURES / name / "expected" / rel).read_text(encoding="utf-8")
    assert site(name).render(rel) == expected
