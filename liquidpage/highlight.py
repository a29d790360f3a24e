"""Syntax highlighting that emits Rouge 3.30's HTML byte for byte (Jekyll's tags/highlight.rb HighlightBlock, kramdown's converter/html.rb Converter::Html#convert_codeblock).

Rouge's lexers are not approximated with Pygments token remapping: ``liquidpage._highlight``
runs a port of Rouge's ``RegexLexer`` engine over Rouge's own state tables (generated from the
installed gem) plus hand ports of the Ruby blocks they contain. A lexer, or an input, that needs
a Ruby block nobody ported falls back to Pygments with Rouge's class names (same vocabulary,
different token boundaries). ``liquidpage._highlight`` is the only place that imports
``pygments``. docs/parity.md (## Highlighting) has the measurements.

Public interface:

- ``highlight(code, lang) -> str | None``: the span markup Rouge's ``Formatters::HTML`` writes
  (no wrapper element), or ``None`` when Rouge 3.30 has no lexer for ``lang``.
- ``linenos_table(code, lang) -> str``: Rouge's ``Formatters::HTMLTable`` as Jekyll's
  ``{% highlight L linenos %}`` configures it; ``html_table(formatted, code, **options)`` is that
  formatter with Rouge's own options (kramdown's ``syntax_highlighter_opts: {line_numbers: true}``).
- ``escape(code) -> str``: HTML escaping exactly as Rouge/kramdown do it (``& < >`` only).
- ``known_language(lang) -> bool``, ``rouge_tag(lang)``, ``lookup_fancy(lang)``: Rouge's
  ``Lexer.find_fancy`` lookup: case-sensitive names and aliases (``Python`` is unknown, ``py`` is
  Python), ``name?key=value&flag`` options (``console?lang=ruby``, ``php?start_inline=1``).

What callers pass (Rouge lexes exactly the string it gets; a final newline can change the last
token, e.g. a Python comment span includes it):

- kramdown code blocks (kramdown's converter/html.rb Converter::Html#convert_codeblock, kramdown ``converter/syntax_highlighter/rouge.rb``): ``lang`` as
  written after the fence, options included (kramdown passes ``console?lang=ruby`` whole), and
  the block's text **with** its final newline; the result keeps that newline before
  ``</code>``. kramdown itself escapes ``plaintext``/``text`` blocks instead of calling Rouge;
  ``highlight`` returns the same string for them. ``None`` means kramdown's plain form.
- kramdown code spans with ``{:.language-x}``: the span's text as is.
- ``{% highlight %}`` (Jekyll's tags/highlight.rb HighlightBlock): the language already lowercased by
  the tag, and the rendered body with leading and trailing runs of ``\\n``/``\\r`` removed; the
  tag then chomps one trailing newline off the result before ``</code>``. An unknown language
  gets Rouge's plain-text lexer there: ``highlight(code, lang) or escape(code)``;
  ``linenos_table`` already does that.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from liquidpage._highlight import engine
from liquidpage._highlight.languages import tokens
from liquidpage._highlight.rouge_lexers import REGISTRY

escape = engine.escape
# Rouge guesses a lexer from the code for the name "guess" (Lexer.guess: modelines and each
# lexer's `detect?`); not ported: we use PlainText, Rouge's answer when nothing is detected.
GUESS_AS = "plaintext"


def lookup_fancy(lang: str) -> tuple[str | None, dict[str, Any]]:
    """Rouge ``Lexer.lookup_fancy`` without guessing: ``(tag or None, options)``. Names are
    case-sensitive; ``name?k=v&flag`` carries CGI-style options (one value -> the value, none ->
    ``True``, several -> a list)."""
    if "?" not in lang:
        return (GUESS_AS if lang == "guess" else REGISTRY.get(lang)), {}
    name, query = lang.split("?", 1)
    values: dict[str, list[str]] = {}
    for pair in re.split(r"[&;]", query):
        key, eq, value = pair.partition("=")
        if not key and not eq:
            continue
        values.setdefault(unquote_plus(key), [])
        if eq:
            values[unquote_plus(key)].append(unquote_plus(value))
    options = {k: (True if not v else v[0] if len(v) == 1 else v) for k, v in values.items()}
    return (GUESS_AS if name == "guess" else REGISTRY.get(name)), options


def rouge_tag(lang: str) -> str | None:
    """The Rouge lexer tag for ``lang`` (``Lexer.find_fancy``), or None if Rouge does not know it."""
    return lookup_fancy(lang)[0]


def known_language(lang: str) -> bool:
    """True when Rouge 3.30 has a lexer for ``lang`` (by name or alias, case-sensitive)."""
    return rouge_tag(lang) is not None


def highlight(code: str, lang: str, theme: str | None = None) -> str | None:
    """The span HTML Rouge's ``Formatters::HTML`` produces for ``code`` lexed as ``lang``, or
    None when Rouge does not know ``lang``. See the module docstring for what ``code`` must be.

    With ``theme`` (kramdown's ``inline_theme``), ``Formatters::HTMLInline``: spans with that
    Rouge theme's ``style`` attributes; KeyError for a theme Rouge 3.30 does not have."""
    tag, options = lookup_fancy(lang)
    if tag is None:
        return None
    styles = None
    if theme is not None:
        from liquidpage._highlight.inline_themes import THEMES

        styles = THEMES[theme]  # Rouge builds the formatter once it has a lexer
    if tag == "plaintext":  # one Text token: the escaped text, no span
        return escape(code)
    if styles is None:
        return engine.format_html(tokens(tag, code, options))
    return engine.format_html_inline(tokens(tag, code, options), styles)


def html_table(formatted: str, code: str, *, start_line: int = 1, line_format: str = "%i",
               table_class: str = "rouge-table", gutter_class: str = "rouge-gutter",
               code_class: str = "rouge-code") -> str:
    """Rouge ``Formatters::HTMLTable#stream`` (``formatters/html_table.rb``) around ``formatted``,
    the inner formatter's HTML for ``code``: a gutter of line numbers and the code, one row."""
    num_lines = code.count("\n")
    if not code.endswith("\n"):
        num_lines += 1
        formatted += "\n"
    gutter = "".join((line_format % i) + "\n" for i in range(start_line, start_line + num_lines))
    return (f'<table class="{table_class}"><tbody><tr><td class="{gutter_class} gl">'
            f'<pre class="lineno">{gutter}</pre></td><td class="{code_class}"><pre>{formatted}</pre>'
            "</td></tr></tbody></table>")


def linenos_table(code: str, lang: str) -> str:
    """Rouge ``Formatters::HTMLTable`` with Jekyll's gutter/code classes (Jekyll's tags/highlight.rb HighlightBlock#add_code_tag,
    ``tags/highlight.rb`` render_rouge); an unknown ``lang`` is lexed as plain text like Jekyll does."""
    formatted = highlight(code, lang)
    if formatted is None:
        formatted = escape(code)
    return html_table(formatted, code, gutter_class="gutter", code_class="code")


def cached(config: Any, kind: str, lang: str, code: str, make: Any) -> str:
    """``make()``, the HTML of ``code`` in ``lang`` (``kind`` names the form, e.g. with line
    numbers), kept in the site's cache (liquidpage/cache.py) by code, language and form; the
    Pygments version is in the key too (the fallback for some lexers)."""
    import pygments

    from liquidpage.cache import Cache

    key = f"{kind}\0{pygments.__version__}\0{lang}\0{code}"
    value = Cache(config, "Rouge").getset(key, make)
    return value if type(value) is str else make()


__all__ = ["cached", "escape", "highlight", "html_table", "known_language", "linenos_table", "lookup_fancy", "rouge_tag"]
