"""golden-liquid conformance, judged by Jekyll 4.3.1 (Ruby Liquid 5.4 with Jekyll's tags, filters
and ``error_mode: warn``).

Every case of /work/shared/data/golden-liquid/golden_liquid.json runs through a
``JekyllEnvironment``. The oracle is ``fixtures/liquid-golden/jekyll.json``, produced by running
the same cases through real Jekyll (``fixtures/liquid-golden/oracle.rb``): where Jekyll agrees with
golden-liquid, that is golden's result; where it deliberately differs (Liquid 5.4 is older than
the suite, Jekyll replaces ``where``/``sort``/``include``, warn mode renders on after a syntax
error), the case checks Jekyll's behaviour instead, and ``JEKYLL_DIFFERS`` says why.
Cases where liquidpage still differs from Jekyll are strict xfails (``KNOWN_DIFFERENCES``,
also listed in docs/parity.md, Liquid section).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from liquid.exceptions import LiquidError, LiquidSyntaxError

from liquid_standin import golden_render

GOLDEN = Path("/work/shared/data/golden-liquid/golden_liquid.json")
ORACLE = Path(__file__).resolve().parent.parent / "fixtures" / "liquid-golden" / "jekyll.json"

LAX_PARSER = "Ruby Liquid's lax parser salvages this markup after the warning; python-liquid drops it (L14)"
TABLEROW_BREAK = "a `break` inside `tablerow` stays pending in Liquid 5.4 and also stops the enclosing `for`"

FIRST_ERROR = ("Jekyll aborts too, with a syntax error, but names another one: Ruby Liquid tokenizes and parses "
               "in one pass and reports the first error in document order; liquidpage checks Ruby's "
               "tokenizer rules (`{{` to the first `}`, `raw`) before parsing")
KNOWN_DIFFERENCES: dict[str, str] = {
    "output, nested bracketed variable resolving to a string": LAX_PARSER,
    "tags, tablerow, break from a tablerow loop inside a for loop": TABLEROW_BREAK,
    "tags, comment, commented tags are not parsed": FIRST_ERROR,
    "tags, comment, incomplete tags are not parsed": FIRST_ERROR,
    "tags, doc, doc text is not parsed": FIRST_ERROR,
    "tags, doc, docs containing unclosed output are ok": FIRST_ERROR,
    "tags, liquid, can't close nested blocks": "Jekyll aborts too, with a syntax error worded "
                                               "`'endif' is not a valid delimiter for liquid tags. use %}`; "
                                               "liquidpage says `Unknown tag 'endif'`",
}


def _cases() -> list[Any]:
    cases = json.loads(GOLDEN.read_text())["tests"]
    oracle = json.loads(ORACLE.read_text())
    params = []
    for case in cases:
        marks = []
        if case["name"] in KNOWN_DIFFERENCES:
            marks.append(pytest.mark.xfail(reason=KNOWN_DIFFERENCES[case["name"]], strict=True))
        params.append(pytest.param(case, oracle[case["name"]], id=case["name"], marks=marks))
    return params


def jekyll_differs(case: dict[str, Any], jekyll: dict[str, Any]) -> bool:
    """True when Jekyll's behaviour is not golden-liquid's for this case."""
    if case.get("invalid"):
        return "error" not in jekyll
    if "result" in case:
        return jekyll.get("output") != case["result"]
    return jekyll.get("output") not in case.get("results", [])


_RUBY_ERROR = re.compile(r"\A(?P<cls>[\w:]+): (?:Liquid (?:syntax )?error \(line \d+\): )?")
# Paths in Jekyll's messages are the oracle's temporary site; the stand-in has none.
_INCLUDE_DIRS = re.compile(r'in any of \[[^\]]*\]')


def jekyll_error(text: str) -> tuple[str, str]:
    """(kind, first message line) of an error Jekyll printed: kind is ``syntax`` for
    ``Liquid::SyntaxError``, ``liquid`` for Liquid's other errors (render time), ``ruby`` for
    plain Ruby exceptions (Jekyll's tags and filters: ``ArgumentError``, ``IOError``, …)."""
    match = _RUBY_ERROR.match(text)
    assert match, text
    cls = match.group("cls")
    kind = "syntax" if cls == "Liquid::SyntaxError" else "liquid" if cls.startswith("Liquid::") else "ruby"
    return kind, text[match.end():].split("\n")[0]


def our_kind(exc: Exception) -> str:
    if isinstance(exc, LiquidSyntaxError):
        return "syntax"
    if isinstance(exc, LiquidError):
        return "liquid"
    return "liquidpage"  # IncludeError and friends: Jekyll's own (Ruby) errors


@pytest.mark.parametrize(("case", "jekyll"), _cases())
def test_golden_liquid(case: dict[str, Any], jekyll: dict[str, Any]) -> None:
    result = golden_render(case)
    if "error" in jekyll:
        assert result.error is not None, f"Jekyll aborts ({jekyll['error']}); liquidpage rendered {result.output!r}"
        kind, message = jekyll_error(jekyll["error"])
        ours = our_kind(result.error)
        # A Liquid error is a Liquid error of the same kind; Jekyll's Ruby errors may be either.
        assert ours == kind or kind == "ruby", f"Jekyll: {jekyll['error']!r}; liquidpage: {result.error!r}"
        assert _INCLUDE_DIRS.sub("", message) in _INCLUDE_DIRS.sub("", str(result.error)), \
            f"Jekyll: {jekyll['error']!r}; liquidpage: {result.error!r}"
    else:
        assert result.error is None, f"liquidpage failed: {result.error}"
        assert result.output == jekyll["output"]
        # Jekyll's Liquid warnings (syntax errors in warn mode): as many, from the same markup.
        assert len(result.warnings) == len(jekyll["warnings"]), (result.warnings, jekyll["warnings"])


def test_oracle_covers_every_case() -> None:
    cases = json.loads(GOLDEN.read_text())["tests"]
    oracle = json.loads(ORACLE.read_text())
    assert {c["name"] for c in cases} == set(oracle)
    # Record how often Jekyll itself departs from golden-liquid (documented in docs/parity.md).
    differs = sum(jekyll_differs(c, oracle[c["name"]]) for c in cases)
    assert differs < len(cases)
