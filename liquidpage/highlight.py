"""Syntax highlighting with Pygments, emitting Rouge 3.30's HTML (behaviour spec §4.3, §7.5.6).

This module (with its private package ``liquidpage._highlight``) is the only place that imports
``pygments``. Output is byte-identical to Rouge for the languages measured in docs/parity.md
(## Highlighting); elsewhere it uses Rouge's class vocabulary with Pygments' token boundaries.

Public interface:

- ``highlight(code, lang) -> str | None``: the span markup Rouge's ``Formatters::HTML`` writes
  (no wrapper element), or ``None`` when Rouge 3.30 has no lexer for ``lang``.
- ``linenos_table(code, lang) -> str``: Rouge's ``Formatters::HTMLTable`` as Jekyll's
  ``{% highlight L linenos %}`` configures it.
- ``escape(code) -> str``: HTML escaping exactly as Rouge/kramdown do it.
- ``known_language(lang) -> bool``.

What callers pass as ``code`` (Rouge lexes exactly the string it gets, and a final newline can
change the last token):

- kramdown fenced/indented code blocks (§7.5.6, ``converter/syntax_highlighter/rouge.rb``): the
  block's text **with** its final newline; the result keeps that newline before ``</code>``.
- ``{% highlight %}`` (§4.3, Jekyll ``tags/highlight.rb``): the rendered body with leading and
  trailing runs of ``\\n``/``\\r`` removed; the tag then chomps one trailing newline off the
  result before ``</code>``. An unknown language falls back to Rouge's plain-text lexer there,
  i.e. ``highlight(code, lang) or escape(code)``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from liquidpage._highlight import engine
from liquidpage._highlight.languages import tokenize
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


def highlight(code: str, lang: str) -> str | None:
    """The span HTML Rouge's ``Formatters::HTML`` produces for ``code`` lexed as ``lang``, or
    None when Rouge does not know ``lang``. See the module docstring for what ``code`` must be."""
    tag, options = lookup_fancy(lang)
    if tag is None:
        return None
    return engine.format_html(tokenize(tag, code, options))


def linenos_table(code: str, lang: str) -> str:
    """Rouge ``Formatters::HTMLTable`` with Jekyll's gutter/code classes (§4.3.4,
    ``formatters/html_table.rb``); an unknown ``lang`` is lexed as plain text like Jekyll does."""
    formatted = highlight(code, lang)
    if formatted is None:
        formatted = escape(code)
    num_lines = code.count("\n")
    if not code.endswith("\n"):
        num_lines += 1
        formatted += "\n"
    gutter = "".join(f"{i}\n" for i in range(1, num_lines + 1))
    return ('<table class="rouge-table"><tbody><tr><td class="gutter gl">'
            f'<pre class="lineno">{gutter}</pre></td><td class="code"><pre>{formatted}</pre>'
            "</td></tr></tbody></table>")


__all__ = ["escape", "highlight", "known_language", "linenos_table", "lookup_fancy", "rouge_tag"]
