"""Words python-liquid's expression lexer reserves, in every position where Ruby Liquid 5.4 reads
a name or a value (fixtures/liquid-reserved-words: one page per word x position).

The oracle is ``fixtures/liquid-reserved-words/jekyll.json`` (``oracle.rb``: each page through
Jekyll 4.3.1's renderer: its output or error, and its Liquid warnings); the pages Jekyll builds are
also the fixture's site, whose ``expected/`` comes from ``fixtures/regen.py``.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from liquid.exceptions import LiquidError

from liquidpage import LiquidpageError, Site

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "liquid-reserved-words"
ORACLE = json.loads((FIXTURE / "jekyll.json").read_text())

# case -> why liquidpage differs (each also in docs/parity.md, Liquid section).
KNOWN_DIFFERENCES: dict[str, str] = {}


@lru_cache(maxsize=1)
def site() -> Site:
    return Site.load(FIXTURE / "site")


def _cases() -> list[object]:
    return [pytest.param(name, id=name, marks=[pytest.mark.xfail(reason=KNOWN_DIFFERENCES[name], strict=True)]
                         if name in KNOWN_DIFFERENCES else [])
            for name in sorted(ORACLE)]


def render_case(name: str, caplog: pytest.LogCaptureFixture) -> tuple[str | None, str | None, list[str]]:
    """(output, error, warnings) of one case page rendered by liquidpage."""
    path = FIXTURE / "site" / "cases" / f"{name}.html"
    s = site()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        try:
            if path.exists():
                out = s.render(f"cases/{name}.html")
            else:  # a case Jekyll aborts on is not in the site: render its body with its front matter
                front, body = (FIXTURE / "fatal" / f"{name}.html").read_text().split("---\n")[1:]
                out = s.env.from_string(body).render(page=yaml.safe_load(front))
            err = None
        except LiquidpageError as exc:
            out, err = None, exc.format()
        except LiquidError as exc:
            out, err = None, str(exc)
    return out, err, [r.getMessage() for r in caplog.records if "Liquid" in r.getMessage()]


@pytest.mark.parametrize("name", _cases())
def test_reserved_word_case(name: str, caplog: pytest.LogCaptureFixture) -> None:
    jekyll = ORACLE[name]
    path = FIXTURE / "site" / "cases" / f"{name}.html"
    out, err, warnings = render_case(name, caplog)
    if "error" in jekyll:
        assert not path.exists()
        assert err is not None, f"Jekyll aborts ({jekyll['error']}); liquidpage rendered {out!r}"
        return
    assert err is None, err
    assert out == jekyll["output"]
    assert out == (FIXTURE / "expected" / "cases" / f"{name}.html").read_text()
    assert len(warnings) == len(jekyll["warnings"]), (warnings, jekyll["warnings"])
