"""liquidpage.highlight: Rouge 3.30's lexer lookup, escaping and the HTMLTable gutter."""

from __future__ import annotations

import pytest

from liquidpage.highlight import (escape, highlight, known_language, linenos_table, lookup_fancy,
                                  rouge_tag)
from liquidpage._highlight.rouge_lexers import REGISTRY, ROUGE_VERSION
from liquidpage._highlight.rubyre import translate


@pytest.mark.parametrize(("lang", "tag"), [
    ("python", "python"), ("py", "python"), ("c++", "cpp"), ("text", "plaintext"),
    ("yml", "yaml"), ("shell-session", "console"), ("bash", "shell"), ("js", "javascript"),
    ("Dockerfile", "docker"),          # Rouge's registry is case-sensitive (Lexer.find)
    ("ruby?opt=1&x", "ruby"),          # find_fancy's CGI-style options
    ("guess", "plaintext"),            # Rouge guesses from the code (not ported)
    ("Python", None), ("nosuchlang", None), ("?x=1", None), ("", None),
])
def test_rouge_lookup(lang: str, tag: str | None) -> None:
    assert rouge_tag(lang) == tag
    assert known_language(lang) is (tag is not None)


def test_unknown_language_is_none() -> None:
    assert highlight("<b>", "nosuchlang") is None


def test_registry_is_rouge_3_30() -> None:
    assert ROUGE_VERSION == "3.30.0"
    assert len(set(REGISTRY.values())) == 217


def test_escape_leaves_quotes() -> None:
    assert escape("""<a href="x">'&'</a>""") == """&lt;a href="x"&gt;'&amp;'&lt;/a&gt;"""


def test_plaintext_is_escaped_without_spans() -> None:
    assert highlight("a < b & c\n", "plaintext") == "a &lt; b &amp; c\n"
    assert highlight("", "text") == ""


@pytest.mark.parametrize(("code", "gutter", "body"), [
    ("", "1\n", "\n"),                 # Rouge counts one line and adds the newline
    ("a\nb", "1\n2\n", "a\nb\n"),
    ("a\nb\n", "1\n2\n", "a\nb\n"),
])
def test_linenos_table_lines(code: str, gutter: str, body: str) -> None:
    assert linenos_table(code, "text") == (
        '<table class="rouge-table"><tbody><tr><td class="gutter gl">'
        f'<pre class="lineno">{gutter}</pre></td><td class="code"><pre>{body}</pre>'
        "</td></tr></tbody></table>")


@pytest.mark.parametrize(("ruby", "text", "matched"), [
    (r"\w+", "aé", "a"),                 # Onigmo's \w is ASCII
    (r"[^\S\n]+", " \u00a0", " "),       # ... also inside a class
    (r"[[:alpha:]]+", "éa1", "éa"),      # POSIX classes are Unicode
    (r"\h+", "fFg", "fF"),
    (r"(?m:a.b)", "a\nb", "a\nb"),       # Ruby's m flag is Python's DOTALL
])
def test_ruby_regex_translation(ruby: str, text: str, matched: str) -> None:
    m = translate(ruby, 0).regex.match(text)
    assert m is not None and m.group(0) == matched


@pytest.mark.parametrize(("ruby", "text", "pos", "matched"), [
    (r"(?<!\.)x", ".x", 1, "x"),    # lookbehind sees nothing before the scan position
    (r"(?<=\.)x", ".x", 1, None),
    (r"\bx", "ax", 1, "x"),          # \b at the scan position: a string start
    (r"a|^x", "ax", 1, "x"),         # so does ^
])
def test_scan_position_acts_as_string_start(ruby: str, text: str, pos: int, matched: str | None) -> None:
    """Ruby's StringScanner matches each rule against the rest of the string only."""
    rx = translate(ruby, 0)
    m = rx.regex.match(text[pos:]) if rx.needs_slice else rx.regex.match(text, pos)
    assert (m and m.group(0)) == matched


def test_fancy_options() -> None:
    assert lookup_fancy("console?lang=ruby&x&a=1&a=2&s=a+b%21") == (
        "console", {"lang": "ruby", "x": True, "a": ["1", "2"], "s": "a b!"})
