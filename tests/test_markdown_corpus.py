"""Byte-for-byte comparison of our kramdown port with Jekyll's output on the md-* fixtures.

Each fixture ``fixtures/md-*/site`` holds case pages (``render_with_liquid: false``, no layout),
so Jekyll's output is pure kramdown; ``expected/`` is written by ``python fixtures/regen.py``.
The converter is built from that fixture's ``_config.yml`` ``kramdown`` section.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from liquidpage.markdown import MarkdownConverter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n?^(---|\.\.\.)\s*$\n?", re.S | re.M)
MARKDOWN_EXTS = ("md", "markdown", "mkdown", "mkdn", "mkd")

# Cases we cannot (yet) match: case stem -> reason. Each one is also listed in docs/parity.md.
KNOWN_DIFFERENCES: dict[str, str] = {
    "md-corpus/cases/336-entity-invalid-number": (
        "&#99999999; is beyond U+10FFFF: Ruby writes a 6-byte pseudo-UTF-8 sequence (invalid "
        "UTF-8); a Python str cannot hold that code point"),
}


def split_body(text: str) -> str:
    """Jekyll's front matter split (Jekyll's document.rb Document#read_content, convertible.rb Convertible#read): the body starts after the closing ``---`` line."""
    m = FRONT_MATTER.match(text)
    if not m:
        return text
    body = text[m.end():]
    # Jekyll drops whitespace-only lines directly after the front matter.
    return re.sub(r"\A(?:[ \t]*\n)+", "", body)


def site_config(fixture: Path) -> dict[str, Any]:
    path = fixture / "site" / "_config.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return data or {}


def collect() -> list[Any]:
    params = []
    for fixture in sorted(FIXTURES.glob("md-*")):
        if not (fixture / "expected").is_dir() or fixture.name == "md-publications":
            continue
        config = site_config(fixture)
        if str(config.get("markdown") or "kramdown").lower() != "kramdown":
            continue  # md-commonmark-*: tests/test_commonmark.py
        exts = tuple(str(config.get("markdown_ext") or ",".join(MARKDOWN_EXTS)).split(","))
        for page in sorted((fixture / "site").rglob("*")):
            if page.suffix.lstrip(".") not in exts or "_" in page.relative_to(fixture / "site").parts[0][:1]:
                continue
            rel = page.relative_to(fixture / "site").with_suffix(".html")
            case_id = f"{fixture.name}/{rel.with_suffix('').as_posix()}"
            marks = []
            reason = KNOWN_DIFFERENCES.get(case_id)
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            params.append(pytest.param(fixture, page, fixture / "expected" / rel, id=case_id, marks=marks))
    return params


_CONVERTERS: dict[Path, MarkdownConverter] = {}


def converter_for(fixture: Path) -> MarkdownConverter:
    if fixture not in _CONVERTERS:
        config = site_config(fixture)
        _CONVERTERS[fixture] = MarkdownConverter(config.get("kramdown"), config.get("highlighter"))
    return _CONVERTERS[fixture]


@pytest.mark.parametrize(("fixture", "page", "expected"), collect())
def test_case_matches_jekyll(fixture: Path, page: Path, expected: Path) -> None:
    text = page.read_bytes().decode("utf-8")
    got = converter_for(fixture).convert(split_body(text))
    assert got == expected.read_bytes().decode("utf-8", "surrogateescape")
