"""The converter's public interface: smartify (§5.7.8), config handling, caching, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from liquidpage.errors import ConversionError
from liquidpage.markdown import MarkdownConverter, smartify

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_smartify_matches_jekyll_filter() -> None:
    # fixtures/md-smartify: `{% for s in site.data.inputs %}{{ s | smartify }}\n=====\n{% endfor %}`
    site = FIXTURES / "md-smartify"
    inputs = yaml.safe_load((site / "site" / "_data" / "inputs.yml").read_text(encoding="utf-8"))
    expected = (site / "expected" / "index.html").read_text(encoding="utf-8")
    got = "".join(f"{smartify(s)}\n=====\n" for s in inputs) + "\n"  # the newline after endfor
    assert got == expected


def test_smartify_uses_the_site_options() -> None:
    conv = MarkdownConverter({"smart_quotes": "apos,apos,quot,quot"})
    # entity_output as_char prints " and ' as characters (checked against Jekyll's SmartyPants)
    assert conv.smartify('"x" it\'s') == '"x" it\'s'
    assert MarkdownConverter({"smart_quotes": [171, 187, 8249, 8250]}).smartify("'a' \"b\"") == "«a» ‹b›"


def test_convert_restarts_counters_and_caches() -> None:
    conv = MarkdownConverter()
    text = "# Same\n# Same\n"
    first = conv.convert(text)
    assert first == '<h1 id="same">Same</h1>\n<h1 id="same-1">Same</h1>\n'
    assert conv.convert(text) == first == conv.convert_uncached(text)


def test_unknown_input_format_is_a_conversion_error() -> None:
    with pytest.raises(ConversionError):
        MarkdownConverter({"input": "nosuchparser"})


def test_kramdown_input_option_selects_the_plain_parser() -> None:
    # The kramdown parser needs a blank line before an ATX header and has no ~~strike~~.
    conv = MarkdownConverter({"input": "kramdown"})
    assert conv.convert("Para\n# not a header\n~~x~~") == "<p>Para\n# not a header\n~~x~~</p>\n"


def test_toc_placeholder_never_leaks() -> None:
    out = MarkdownConverter().convert("* TOC\n{:toc}\n\ntext\n")
    assert out == "\n<p>text</p>\n"


def test_deep_nesting_converts() -> None:
    # 500 nested raw HTML blocks need ~1500 Python frames; kramdown (and we) handle it.
    out = MarkdownConverter().convert("<div>" * 500 + "\n")
    assert out == "<div>" * 500 + "\n" + "</div>" * 500 + "\n"
