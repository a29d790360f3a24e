"""The lab publications page (priority 1 of issue 4): Jekyll's Liquid output through our converter."""

from __future__ import annotations

from pathlib import Path

from liquidpage.markdown import MarkdownConverter

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "md-publications" / "expected"


def test_publications_page_is_byte_identical() -> None:
    # pubraw.txt is what Jekyll's Liquid pass makes of the page body (an .html twin of the page);
    # publications1/index.html is what Jekyll writes after kramdown (layout is `{{ content }}`).
    markdown = (FIXTURE / "pubraw.txt").read_text(encoding="utf-8")
    expected = (FIXTURE / "publications1" / "index.html").read_text(encoding="utf-8")
    assert MarkdownConverter().convert(markdown) == expected


def test_converter_accepts_partial_and_full_config() -> None:
    partial = MarkdownConverter({"auto_ids": True})
    full = MarkdownConverter({"auto_ids": True, "toc_levels": "1..6", "entity_output": "as_char",
                              "smart_quotes": "lsquo,rsquo,ldquo,rdquo", "input": "GFM",
                              "hard_wrap": False, "guess_lang": True, "footnote_nr": 1,
                              "show_warnings": False})
    text = '# Title\n\n"quoted" text\n'
    assert partial.convert(text) == full.convert(text) == MarkdownConverter(None).convert(text)
