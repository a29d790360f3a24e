"""The converter's public interface: smartify (Jekyll's filters.rb Filters#smartify), config handling, caching, errors."""

from __future__ import annotations

import logging
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


# Debian's Jekyll 4.3.1 has neither kramdown-math-<engine> (only MathJax is bundled) nor
# kramdown-syntax-coderay: its first Markdown conversion fails with "Dependency Error: Yikes! It
# looks like you don't have kramdown-math-katex ..." (checked by building such sites).
@pytest.mark.parametrize(("kramdown", "highlighter", "gem"), [
    ({"math_engine": "katex"}, None, "kramdown-math-katex"),
    ({"math_engine": "sskatex"}, None, "kramdown-math-sskatex"),
    ({"enable_coderay": True}, None, "kramdown-syntax-coderay"),
    ({"syntax_highlighter": "coderay"}, None, "kramdown-syntax-coderay"),
    ({}, "coderay", "kramdown-syntax-coderay"),
])
def test_missing_kramdown_engines_fail_as_in_jekyll(kramdown: dict, highlighter: str | None, gem: str) -> None:
    conv = MarkdownConverter(kramdown, highlighter)
    with pytest.raises(ConversionError, match=gem):
        conv.convert("text\n")
    assert conv.smartify("it's") == "it’s"  # Jekyll's SmartyPants converter loads no engine


@pytest.mark.parametrize(("kramdown", "highlighter"), [
    ({"math_engine": "mathjax"}, None), ({"math_engine": None}, None), ({"math_engine": False}, None),
    ({"enable_coderay": False}, None), ({}, "pygments"), ({}, None), ({"syntax_highlighter": "rouge"}, "coderay"),
])
def test_engines_jekyll_has_convert(kramdown: dict, highlighter: str | None) -> None:
    assert MarkdownConverter(kramdown, highlighter).convert("x\n") == "<p>x</p>\n"


def test_missing_engine_fails_the_build_at_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from liquidpage.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("kramdown:\n  math_engine: katex\n", encoding="utf-8")
    (site / "index.md").write_text("---\n---\n$$a$$\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("index.md:3:1: kramdown's math engine 'katex' is not available"), err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


# Printed by Jekyll 4.3.1's converter (KramdownParser#convert, `show_warnings: true`) for each text.
@pytest.mark.parametrize(("options", "text", "expected"), [
    ({}, "* item\n\n  > quote [x]\n  > more [^n]\n\n[^u]: unused\n[a]: /1\n[a]: /2\n*[HTML]: x\n*[HTML]: y\n",
     ["Duplicate link ID 'a' on line 9 - overwriting", "Duplicate abbreviation ID 'HTML' on line 10 - overwriting",
      "No link definition for link ID 'x' found on line 3", "Footnote definition for 'n' not found on line 4",
      "Footnote definition for 'u' on line 6 is unreferenced - ignoring"]),
    ({}, "Term\n: def <p> </b>\n\n| a | b |\n\n{::comment}\nno end\n",
     ["No stop tag for extension 'comment' found on line 6 - ignoring it",
      "Found block HTML tag 'p' in span-level text on line 2",
      "Found invalidly used HTML closing tag for 'b' on line 2",
      "No stop tag for extension 'comment' found on line 6 - ignoring it"]),
    ({}, '<div markdown="1">\n*x* <span markdown="block">y</span>\n\n<em>open\n',
     ["Found no end tag for 'div' (line 1) - auto-closing it",
      "Cannot use block-level parsing in span-level HTML tag (line 2) - using default mode",
      "Found no end tag for 'em' (line 4) - auto-closing it"]),
    ({}, '<div a=1 A=2>\nx\n</div>\n\npara <span b=1 b=2>x</span>\n\n<div>\n<p c=1 c=2>y</p>\n</div>\n',
     ["Duplicate HTML attribute 'a' on line 1 - overwriting previous one",
      "Duplicate HTML attribute 'c' on line 8 - overwriting previous one",
      "Duplicate HTML attribute 'b' on line 5 - overwriting previous one"]),
    ({}, '* x\n\n  <div id="a" id="b">\n  </div>\n',
     ["Duplicate HTML attribute 'id' on line 3 - overwriting previous one"]),
    ({}, "a *b*{: .x} and text{: .y}\n", ["Found span IAL after text - ignoring it"]),
    ({}, "<script>\nvar x;\n", ["Found no end tag for 'script' - auto-closing it"]),
    ({}, '{::options auto_ids="false" bogus="1" template="x" /}\n\n# H\n',
     ["Option template may not be set inline", "Unknown kramdown option 'bogus'"]),
    ({}, "{::options .cls #i /}\n", ["Unknown kramdown option 'class'", "Unknown kramdown option 'id'"]),
    ({}, '{::options hard_wrap="true" input="x" forbidden_inline_options="x" /}\n',
     ["Option forbidden_inline_options may not be set inline", "Unknown kramdown option 'input'"]),
    ({"input": "kramdown"}, '{::options hard_wrap="true" input="x" forbidden_inline_options="x" /}\n',
     ["Option forbidden_inline_options may not be set inline", "Unknown kramdown option 'hard_wrap'",
      "Unknown kramdown option 'input'"]),
    ({}, "{: foo}\n\npara\n{:  }\n", []),
])
def test_show_warnings_cases(options: dict[str, object], text: str, expected: list[str],
                                            caplog: pytest.LogCaptureFixture) -> None:
    conv = MarkdownConverter({"show_warnings": True, **options})
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        conv.convert(text)
        conv.convert(text)  # cached, as in Jekyll: logged once
    assert [r.getMessage() for r in caplog.records] == [f"Kramdown warning: {w}" for w in expected]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        MarkdownConverter(options).convert(text)  # show_warnings off: nothing
    assert caplog.records == []


def test_show_warnings_logs_what_jekyll_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from liquidpage import Site

    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("kramdown:\n  show_warnings: true\n", encoding="utf-8")
    (site / "index.md").write_text(
        "---\n---\n# Title\n\n[x][nope] and [^nofn]\n\n$$a+b$$\n\n```ruby\nputs 1\nputs 2\n```\n\n<div>\nunclosed\n",
        encoding="utf-8")
    Site.load(site).render_all()
    # What `jekyll build` printed for this page (Debian's Jekyll 4.3.1, checked by hand):
    assert [r.getMessage() for r in caplog.records if "Kramdown" in r.getMessage()] == [
        "Kramdown warning: Found no end tag for 'div' on line 12 - auto-closing it",
        "Kramdown warning: No link definition for link ID 'nope' found on line 3",
        "Kramdown warning: Footnote definition for 'nofn' not found on line 3",
    ]


# Expected values below: Jekyll 4.3.1's KramdownParser#convert with the same kramdown options.
@pytest.mark.xfail(strict=True, reason="html_to_native is not implemented (docs/parity.md, Markdown)")
def test_html_to_native_option() -> None:
    conv = MarkdownConverter({"html_to_native": True})
    assert conv.convert("<div>\nsome *text*\nacross   lines\n</div>\n") == "<div>\nsome *text* across lines\n</div>\n"


def test_rouge_line_numbers_option() -> None:
    conv = MarkdownConverter({"syntax_highlighter_opts": {"line_numbers": True}})
    assert conv.convert("```ruby\nputs 1\nputs 2\n```\n") == (
        '<div class="language-ruby highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
        '<table class="rouge-table"><tbody><tr><td class="rouge-gutter gl"><pre class="lineno">1\n2\n</pre></td>'
        '<td class="rouge-code"><pre><span class="nb">puts</span> <span class="mi">1</span>\n'
        '<span class="nb">puts</span> <span class="mi">2</span>\n</pre></td></tr></tbody></table></code></pre></div></div>\n')


def test_transliterated_header_ids_fail_where_jekyll_fails() -> None:
    # Jekyll's kramdown loads Utils::Unidecoder for the first automatic id, and its
    # `gem 'stringex'` raises (Debian's Jekyll has no stringex): checked with KramdownParser.
    conv = MarkdownConverter({"transliterated_header_ids": True, "input": "kramdown"})
    with pytest.raises(ConversionError, match="stringex"):
        conv.convert("# Héllo\n")
    assert conv.convert("# Hello {#given}\n") == '<h1 id="given">Hello</h1>\n'
    # the GFM parser makes its ids itself: Jekyll converts these pages (same ids as without the option)
    assert MarkdownConverter({"transliterated_header_ids": True}).convert("# Héllo\n") == '<h1 id="héllo">Héllo</h1>\n'


def test_rouge_formatter_html_option() -> None:
    # `formatter: HTML` makes kramdown use Rouge::Formatters::HTML: spans, no wrapper (Jekyll's output)
    conv = MarkdownConverter({"syntax_highlighter_opts": {"formatter": "HTML", "line_numbers": True}})
    assert conv.convert("```ruby\nputs 1\n```\n") == (
        '<div class="language-ruby highlighter-rouge"><span class="nb">puts</span> <span class="mi">1</span>\n</div>\n')


def test_rouge_inline_theme_option() -> None:
    conv = MarkdownConverter({"syntax_highlighter_opts": {"inline_theme": "github"}})
    assert conv.convert("```ruby\nputs 1\n```\n") == (
        '<div class="language-ruby highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
        '<span style="color: #0086B3">puts</span> <span style="color: #009999">1</span>\n</code></pre></div></div>\n')


@pytest.mark.parametrize("text", ["para\n\n\t\x0b\\\n<!-- c -->\n", "    \x0cx\n", "- a\n\n  \t\x0bb\n"])
def test_text_kramdown_never_finishes_is_an_error(text: str) -> None:
    # Jekyll's kramdown loops forever on these (CODEBLOCK_START matches, CODEBLOCK_MATCH takes
    # nothing; checked: `KramdownParser#convert` still running after 5 s); we stop with an error.
    with pytest.raises(ConversionError, match="Jekyll hangs"):
        MarkdownConverter().convert(text)


def test_gfm_list_item_with_an_empty_paragraph_fails_as_in_jekyll() -> None:
    # gfm.rb#parse_list: `list_items[0].children[0].value` on nil -> NoMethodError in Jekyll
    with pytest.raises(ConversionError, match="nil:NilClass"):
        MarkdownConverter().convert("x\\  \n1. \x00\n")


def test_show_warnings_for_a_missing_highlighter(caplog: pytest.LogCaptureFixture) -> None:
    # printed by Jekyll's KramdownParser (site `highlighter: pygments`, show_warnings): one
    # converter warning per code element, after the parser's warnings
    conv = MarkdownConverter({"show_warnings": True}, "pygments")
    conv.convert("[x][nope]\n\n```ruby\nx\n```\n\n`y`{:.language-ruby} and `z`\n\n    ind\n")
    assert [r.getMessage() for r in caplog.records] == [
        "Kramdown warning: No link definition for link ID 'nope' found on line 1",
        *["Kramdown warning: The configured syntax highlighter pygments is not available."] * 4]


def test_unknown_rouge_inline_theme_fails_as_in_jekyll() -> None:
    # Rouge::Theme.find("nope") is nil and HTMLInline calls nil.new: Jekyll's conversion fails
    with pytest.raises(ConversionError, match="no theme 'nope'"):
        MarkdownConverter({"syntax_highlighter_opts": {"inline_theme": "nope"}}).convert("```ruby\nx\n```\n")


@pytest.mark.xfail(strict=True, reason="Rouge formatters other than HTML/HTMLLegacy are not ported (docs/parity.md, Markdown)")
def test_other_rouge_formatters() -> None:
    # printed by Jekyll's KramdownParser with syntax_highlighter_opts: {formatter: Null}
    conv = MarkdownConverter({"syntax_highlighter_opts": {"formatter": "Null"}})
    assert conv.convert("```ruby\nputs 1\n```\n") == (
        '<div class="language-ruby highlighter-rouge">Name.Builtin "puts"\nText " "\n'
        'Literal.Number.Integer "1"\nText "\\n"\n</div>\n')
