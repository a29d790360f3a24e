"""The kramdown-compatible Markdown converter (kramdown as Jekyll's converters/markdown/kramdown_parser.rb configures it; docs/markdown.md).

This package is a port of kramdown 2.4's parser and HTML converter plus kramdown-parser-gfm 1.1
(see docs/markdown.md): byte-identical output needs kramdown's own parsing model, which
markdown-it's CommonMark state machine cannot be bent into. It is still the only package that
would import ``markdown_it`` / ``mdit_py_plugins``.

Public interface (used by the renderer, ``markdownify`` and excerpts):

- ``MarkdownConverter(kramdown: Mapping | None = None, highlighter=None)``: build once per site
  from the merged ``kramdown`` config hash (Jekyll's defaults, Jekyll's configuration.rb Configuration::DEFAULTS / Jekyll's converters/markdown/kramdown_parser.rb KramdownParser#initialize, with the user's keys
  over them; a partial hash or None is completed with Jekyll's defaults) and the site's
  ``highlighter`` key.
- ``MarkdownConverter.convert(text: str) -> str``: one independent kramdown run (header-id
  counters restart, Jekyll's converters/markdown.rb Markdown#convert), returning exactly the HTML kramdown returns (with its trailing
  newline).
- ``MarkdownConverter.smartify(text: str) -> str``: Jekyll's ``smartify`` filter with this
  site's options (Jekyll's filters.rb Filters#smartify).
- ``smartify(text: str) -> str``: the same with Jekyll's default kramdown options.
"""

from __future__ import annotations

import gc
import logging
import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ConversionError
from .converter import HtmlConverter
from .options import _to_s, effective_options, jekyll_highlighter, parse_option
from .element import MAX_NESTING, NestingTooDeep, check_depth
from .parser import GFMParser, KramdownParser, SmartyPantsParser

__all__ = ["MarkdownConverter", "smartify"]

log = logging.getLogger("liquidpage")


_HIGHLIGHT: list[Callable[..., str | None]] = []


def _highlight(code: str, lang: str, theme: str | None = None) -> str | None:
    """``liquidpage.highlight.highlight``, imported on first use (Pygments is slow to import)."""
    if not _HIGHLIGHT:
        from ..highlight import highlight

        _HIGHLIGHT.append(highlight)
    return _HIGHLIGHT[0](code, lang, theme)


def missing_dependency(kramdown: Mapping[str, Any], highlighter: Any = None) -> str | None:
    """What KramdownParser#load_dependencies would fail to load, as an error message, or None.

    Jekyll requires ``kramdown-syntax-coderay`` for the coderay highlighter and
    ``kramdown-math-<engine>`` for any math engine but MathJax (which kramdown bundles); Debian's
    Jekyll 4.3.1 ships neither, so its first Markdown conversion fails with a "Dependency Error"
    (verified). liquidpage has no such engines either, and fails the same way.
    """
    if jekyll_highlighter(kramdown, highlighter) == "coderay":
        return ("kramdown's 'coderay' syntax highlighter is not available: Jekyll needs the "
                "kramdown-syntax-coderay gem for it and fails without it; use syntax_highlighter: rouge")
    engine = kramdown.get("math_engine")
    if engine is not None and engine is not False and engine != "mathjax":
        name = _to_s(engine)  # "kramdown-math-#{math_engine}"
        return (f"kramdown's math engine '{name}' is not available: Jekyll needs the "
                f"kramdown-math-{name} gem for it and fails without it; use math_engine: mathjax "
                "(or null for kramdown's plain $$ output)")
    return None


class MarkdownNestingError(ConversionError):
    """A text nesting deeper than kramdown can convert; ``text_line`` is the line (1-based, in
    the converted text) where it goes too deep, when found."""

    text_line: int | None = None


def _too_deep(line: int | None) -> MarkdownNestingError:
    where = f" (line {line} of the Markdown text)" if line else ""
    error = MarkdownNestingError(
        f"Markdown nests deeper than {MAX_NESTING} levels{where}: kramdown recurses once per level, and "
        "Jekyll fails on such a text (SystemStackError, from 827 to about 1980 levels depending on the construct)")
    error.text_line = line
    return error


class MarkdownConverter:
    """Convert Markdown exactly as Jekyll 4.3's kramdown converter does (converters/markdown/kramdown_parser.rb)."""

    CACHE_SIZE = 4096

    def __init__(self, kramdown: Mapping[str, Any] | None = None, highlighter: Any = None, *,
                 cache: Any = None) -> None:
        self._cache: dict[str, str] = {}
        self.options = effective_options(kramdown, highlighter)
        # A liquidpage.cache.Cache: conversions kept across builds, by text and options (the
        # Pygments version too: the highlighter falls back to it for some languages).
        self.disk_cache = cache
        if cache is not None:
            import pygments

            from ..cache import options_key

            self._key_prefix = options_key("kramdown", pygments.__version__, self.options) + "\0"
        self.missing = missing_dependency(kramdown or {}, highlighter)
        name = str(self.options.get("input") or "kramdown")
        name = name[:1].upper() + name[1:]
        if name == "GFM":
            self.parser_class: type[KramdownParser] = GFMParser
        elif name == "Kramdown":
            self.parser_class = KramdownParser
        else:
            raise ConversionError(f"kramdown has no parser to handle the specified input format: {name}")

    def _render(self, parser: KramdownParser) -> tuple[str, list[str]]:
        # A run allocates thousands of small objects that all live until it ends: the cyclic
        # collector would only walk them (and the rest of the heap) in vain, so it waits.
        if not gc.isenabled():
            return self._render_tree(parser)
        gc.disable()
        try:
            return self._render_tree(parser)
        finally:
            gc.enable()

    def _render_tree(self, parser: KramdownParser) -> tuple[str, list[str]]:
        """The HTML and the warnings of one run (JekyllDocument#to_html: the parser's warnings,
        then the converter's)."""
        parser.parse()
        options = self.options
        inline = parser.root.options.get("options")
        if inline:
            options = dict(options)
            for k, v in inline.items():
                options[k] = parse_option(k, v)
        converter = HtmlConverter(parser.root, options, _highlight)
        html = converter.convert(parser.root)
        return html, [*parser.warnings, *converter.warnings] if converter.warnings else parser.warnings

    def _log_warnings(self, warnings: list[str], strip_prefix: bool = False) -> None:
        """``Jekyll.logger.warn "Kramdown warning:", w`` for each warning, with show_warnings."""
        if warnings and self.options.get("show_warnings"):
            for warning in warnings:
                if strip_prefix:  # smartypants.rb: warning.sub(/^Warning:\s+/, "")
                    warning = re.sub(r"^Warning:\s+", "", warning, count=1, flags=re.M)
                log.warning("Kramdown warning: %s", warning)

    def convert(self, text: str) -> str:
        """Return kramdown's HTML for ``text``.

        Like Jekyll (converters/markdown.rb ``@cache.getset(content)``), results are cached by
        text: each conversion is an independent kramdown run and its output depends only on
        the text and the options, so a repeated text (an excerpt, a ``markdownify`` argument)
        is converted once, and its warnings are logged once. With a ``cache``, conversions are
        also kept across builds (liquidpage/cache.py).
        """
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            disk = self.disk_cache
            if disk is None or self.missing is not None:
                found, warnings = self.convert_with_warnings(text)
            else:
                # A cached conversion logs its warnings again (Jekyll, whose cache keeps only
                # the HTML, logs them once: docs/parity.md).
                key = self._key_prefix + text
                entry = disk.get(key)
                if type(entry) is tuple and len(entry) == 2 and type(entry[0]) is str:
                    found, warnings = entry[0], list(entry[1])
                else:
                    found, warnings = self.convert_with_warnings(text)
                    disk.set(key, (found, tuple(warnings)))
            self._cache[text] = found
            self._log_warnings(warnings)
        return found

    def convert_uncached(self, text: str) -> str:
        """One kramdown run: a fresh parser and converter (id counters restart, Jekyll's converters/markdown.rb Markdown#convert)."""
        return self.convert_with_warnings(text)[0]

    def convert_with_warnings(self, text: str) -> tuple[str, list[str]]:
        """One kramdown run: its HTML and kramdown's warnings (``Document#warnings``)."""
        if self.missing is not None:
            raise ConversionError(self.missing)
        try:
            return self._render(self.parser_class(text, self.options))
        except RecursionError:
            pass
        except NestingTooDeep:  # (only under a raised recursion limit)
            pass
        # Deeply nested input (hundreds of nested HTML tags or lists): kramdown recurses as
        # deeply as the text nests. Under a larger Python recursion limit, a parse with line
        # tracking first finds whether (and where) the text nests deeper than kramdown itself
        # can (MAX_NESTING); if not, the text is converted as any other.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))
        try:
            error = self._nesting_error(text)
            if error is None:
                try:
                    return self._render(self.parser_class(text, self.options))
                except (RecursionError, NestingTooDeep):
                    error = _too_deep(None)
        finally:
            sys.setrecursionlimit(limit)
        raise error

    def _nesting_error(self, text: str) -> MarkdownNestingError | None:
        """The error for a text nesting deeper than MAX_NESTING, with the line where it does
        (kramdown's line tracking, what show_warnings turns on), or None."""
        parser = self.parser_class(text, {**self.options, "show_warnings": True})
        try:
            parser.parse()
            check_depth(parser.root)
        except NestingTooDeep as err:
            return _too_deep(err.line)
        except RecursionError:
            return _too_deep(None)
        return None

    def smartify(self, text: str) -> str:
        """Jekyll's SmartyPants converter (jekyll/converters/smartypants.rb): no <p>, chomped;
        its warnings are logged on every call (that converter has no cache)."""
        out, warnings = self._render(SmartyPantsParser(text, self.options))
        self._log_warnings(warnings, strip_prefix=True)
        return out[:-1] if out.endswith("\n") else out


_DEFAULT: MarkdownConverter | None = None


def smartify(text: str) -> str:
    """kramdown's SmartyPants mode with Jekyll's default options (Jekyll's filters.rb Filters#smartify)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = MarkdownConverter()
    return _DEFAULT.smartify(text)
