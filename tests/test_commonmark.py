"""``markdown: CommonMark`` (jekyll-commonmark 1.4.0 on commonmarker 0.23 / cmark-gfm): build every
``fixtures/md-commonmark-*`` site and compare it with Jekyll's output; the converter's choice
and config handling."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names, load_fixture

from liquidpage import Site
from liquidpage.commonmark import CommonMarkConverter
from liquidpage.errors import ConversionError
from liquidpage.markdown import MarkdownConverter

NAMES = fixture_names("md-commonmark-")

# Known differences from Jekyll (strict xfails; see docs/parity.md "## CommonMark").
XFAIL: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(reason=XFAIL[n], strict=True)) if n in XFAIL else n
     for n in NAMES],
)
def test_commonmark_fixture(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    out = load_fixture(name).build(tmp_path / "_site")
    assert_same_tree(FIXTURES / name / "expected", out)


def test_there_are_fixtures() -> None:
    assert len(NAMES) >= 3


def _site(tmp_path: Path, config: str) -> Site:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    (tmp_path / "index.md").write_text("---\n---\n*a*\n", encoding="utf-8")
    return Site.load(tmp_path)


def test_kramdown_stays_the_default(tmp_path: Path) -> None:
    assert isinstance(_site(tmp_path, "time: 2024-01-01\n").markdown, MarkdownConverter)


def test_commonmark_needs_the_plugin(tmp_path: Path) -> None:
    # Jekyll without jekyll-commonmark: 'Invalid Markdown processor given: CommonMark'
    with pytest.raises(ConversionError, match="Invalid Markdown processor given: CommonMark"):
        _ = _site(tmp_path, "markdown: CommonMark\n").markdown


def test_commonmark_with_the_plugin(tmp_path: Path) -> None:
    site = _site(tmp_path, "markdown: CommonMark\nplugins: [jekyll-commonmark]\n")
    assert isinstance(site.markdown, CommonMarkConverter)


def test_unknown_engine_fails(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match='"Redcarpet" is not a valid Markdown processor'):
        _ = _site(tmp_path, "markdown: Redcarpet\n").markdown


def test_invalid_options_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="liquidpage"):
        conv = CommonMarkConverter({"options": ["smart", "nope"], "extensions": ["table", "zz"]})
    assert conv.options == {"SMART"} and conv.extensions == {"table"}
    text = caplog.text
    assert "NOPE is not a valid option" in text and "zz is not a valid extension" in text


def test_raw_html_omitted_by_default() -> None:
    assert CommonMarkConverter(None).convert("<b>x</b>\n") == "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n"
