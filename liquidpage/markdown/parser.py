"""A port of kramdown 2.4's kramdown parser and kramdown-parser-gfm 1.1's GFM parser.

Follows kramdown/parser/kramdown.rb and kramdown/parser/kramdown/*.rb, the HTML parsing mixin of
kramdown/parser/html.rb, kramdown-parser-gfm/lib/kramdown/parser/gfm.rb and Jekyll's
SmartyPants parser (jekyll/converters/smartypants.rb). Method names are kramdown's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..errors import ConversionError
from . import rx
from .element import MAX_NESTING, Element, nesting_error
from .entities import entity
from .options import parse_option
from .rx import WS, R
from .scanner import (  # noqa: F401 - re-exported: parts of the parser and tests use them here
    RE_PLAIN_LINE,
    Scanner,
    StopBlockParsing,
    _needs_slice,
    ruby_downcase,
    ruby_split_lines,
)

RE_TAB_LEAD = re.compile(r"^(\t+)")
RE_LEADING_SPACES = re.compile(r"^ *")
RE_SPACES_TAB = re.compile(r"^ *\t", re.M)
RE_SPACES_TABS = re.compile(r"^( *)(\t+)")
RE_LEADING_WS = re.compile(r"^[ \t\n\v\f\r]*")
RE_CODEBLOCK_LAZY = re.compile(r"\n( {0,3}[^ \t\n\r\f\v])")
RE_ATX_TRAIL_GFM = re.compile(r"[\t ]#+\Z")
RE_ATX_TRAIL = re.compile(r"(?<!\\)#+\Z")
RE_LINKDEF_TITLE = re.compile(r"[ \t]+[\"']")
RE_WS_RUN = re.compile(r"[ \t\n\v\f\r]+")
RE_NL_RUN = re.compile(r"\n+")
RE_TASK_UNCHECKED = re.compile(r"\A[ \t\n\v\f\r]*\[ \][ \t\n\v\f\r]+")
RE_TASK_CHECKED = re.compile(r"\A[ \t\n\v\f\r]*\[x\][ \t\n\v\f\r]+", re.I)
RE_TABLE_CODE_SPLIT = re.compile(r"(<code.*?>.*?</code>)")
RE_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
RE_BACKTICKS = re.compile(r"`+")
RE_LEADING_PIPE = re.compile(r"^[ \t\n\v\f\r]*\|", re.M)
RE_BLOCK_MATH_BS = R(r"^ {0,3}\\")
RE_NONWORD_OR_BOL = R(r"\W|^")
# a line that is no table line (no pipe) and no setext header's text (the next line starts
# with neither - nor =): at a character whose parsers are only those two and paragraph (which
# matches any such line), it is a paragraph's
RE_BACKSLASH_EOL = re.compile(r"\\[ \t\v\f\r\0]*\n")  # a "\\" String#rstrip(WS) may leave at an end
RE_ASCII_NON_ID = re.compile(r"[^a-z0-9_\- \t]")  # ASCII text: what _is_gfm_id_char drops

BOX_UNCHECKED = '<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />'
BOX_CHECKED = ('<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" '
               'checked="checked" />')
HTML_MARKDOWN_ATTR_MAP = {"0": "raw", "1": "default", "span": "span", "block": "block"}
TYPOGRAPHIC_SYMS_SUBST = {
    "---": "mdash", "--": "ndash", "...": "hellip", "\\<<": "&lt;&lt;", "\\>>": "&gt;&gt;",
    "<< ": "laquo_space", " >>": "raquo_space", "<<": "laquo", ">>": "raquo",
}
# Kramdown::Options.definitions (kramdown 2.4), and the two kramdown-parser-gfm adds: the names
# {::options /} accepts, the others are warned about
KRAMDOWN_OPTION_NAMES = frozenset(
    "auto_id_prefix auto_id_stripping auto_ids entity_output footnote_backlink footnote_backlink_inline "
    "footnote_nr footnote_prefix forbidden_inline_options header_offset html_to_native latex_headers "
    "line_width link_defs list_indent math_engine math_engine_opts parse_block_html parse_span_html "
    "remove_block_html_tags remove_line_breaks_for_cjk remove_span_html_tags smart_quotes "
    "syntax_highlighter syntax_highlighter_opts template toc_levels transliterated_header_ids "
    "typographic_symbols".split())
GFM_OPTION_NAMES = frozenset(("gfm_quirks", "hard_wrap"))
REFS = ":refs"  # the IAL key kramdown stores as the Symbol :refs


# First characters a parser's start regexp can match at (None: any). Used only to skip parsers
# that cannot match, so the order of kramdown's parser list is kept.
_SP = " \t\n\v\f\r"
FIRST_CHARS: dict[str, str | None] = {
    "blank_line": _SP, "codeblock": " \t", "codeblock_fenced": "~", "codeblock_fenced_gfm": " `~",
    "blockquote": " >", "atx_header": "#", "atx_header_gfm": "#", "atx_header_gfm_quirk": "#",
    "horizontal_rule": " *-_", "list": " *+-0123456789", "definition_list": " :",
    "block_html": " <", "setext_header": None, "block_math": " $\\", "table": None,
    "footnote_definition": " [", "link_definition": " [", "abbrev_definition": " *",
    "block_extensions": " {", "eob_marker": "^", "paragraph": None, "content": None,
    "emphasis": "*_", "codespan": "`", "autolink": "<", "span_html": "<", "footnote_marker": "[",
    "link": "![", "smart_quotes": None, "inline_math": "$", "span_extensions": "{",
    "html_entity": "&", "typographic_syms": "-.\\ <>", "line_break": " \\",
    "escaped_chars": "\\", "escaped_chars_gfm": "\\", "strikethrough_gfm": "~",
}


_FAST_CACHE: dict[Any, re.Pattern[str]] = {}
_FIND_CACHE: dict[Any, Callable[[str, int], int]] = {}


def _finder(pattern: re.Pattern[str]) -> Callable[[str, int], int]:
    """``find(string, pos)`` for a plain search pattern (with a stop regexp)."""
    search = pattern.search

    def find(string: str, pos: int) -> int:
        m = search(string, pos)
        return -1 if m is None else m.start()

    return find


_EMPHASIS_STOPS = frozenset(re.escape(d) for d in ("*", "**", "_", "__"))


def stop_starts(stop_re: re.Pattern[str], names: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
    """``stop_re``'s starts as ``rx.FAST_FIRST`` entries, when ``fast_find(names, entries)``
    finds exactly where ``/(?=stop|span_start)/`` would; None for another stop regexp."""
    if stop_re.pattern in _EMPHASIS_STOPS and "emphasis" in names:
        return ()  # a closing * or _ is an emphasis start too
    if stop_re is rx.LINK_BRACKET_STOP_RE:
        return (("]", ""), ("[", ""), ("!", r"\["))
    if stop_re.pattern.startswith("</") and ("span_html" in names or "autolink" in names):
        return ()  # a closing tag's < is a span_html start too
    return None


def fast_find(names: tuple[str, ...], extra: tuple[tuple[str, str], ...] = ()) -> Callable[[str, int], int]:
    """``find(string, pos)``: where ``scan_until(/(?=span_start)/)`` stops, or -1 (rx.FAST_START).

    Searches with ``rx.fast_start_re`` and, when it stops after a space, steps back to a start
    that begins with the space (`` <<``, `` >>``, ``  \n``); a newline found only for
    ``  \n`` whose spaces lie before ``pos`` is skipped.
    """
    found = _FIND_CACHE.get((names, extra))
    if found is not None:
        return found
    search = rx.fast_start_re(names, extra).search
    match = R("|".join(rx.FAST_START[n] for n in names)).match
    spaced = "typographic_syms" in names or "line_break" in names

    def find(string: str, pos: int) -> int:
        start = pos
        while True:
            m = search(string, start)
            if m is None:
                return -1
            q = m.start()
            # a start with a leading space is found at its "<", ">" or newline
            if spaced and q > pos and string[q - 1] == " " and string[q] in "<>\n":
                if q - 2 >= pos and match(string, q - 2) is not None:
                    return q - 2
                if match(string, q - 1) is not None:
                    return q - 1
            if string[q] != "\n":
                return q
            start = q + 1

    _FIND_CACHE[(names, extra)] = find
    return find
_DISPATCH_CACHE: dict[tuple[type, tuple[str, ...]], "Dispatch"] = {}
_CONFIG_CACHE: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # KramdownParser.configure_parser


class Dispatch:
    """kramdown's ordered parser list, pre-filtered by the character at the scan position."""

    __slots__ = ("entries", "by_char", "plain", "paragraph", "blank_first")

    def __init__(self, entries: list[tuple[str, re.Pattern[str], Callable[[], Any]]]) -> None:
        self.entries = entries
        self.by_char: dict[str, list[tuple[re.Pattern[str], Callable[[], Any]]]] = {}
        # the characters whose parsers are only setext_header, table and paragraph
        self.plain: set[str] = set()
        self.paragraph = next((method for name, _, method in entries if name == "paragraph"), None)
        self.blank_first = bool(entries) and entries[0][0] == "blank_line"

    def for_char(self, c: str) -> list[tuple[re.Pattern[str], Callable[[], Any]]]:
        found = self.by_char.get(c)
        if found is None:
            names = [name for name, _, _ in self.entries
                     if FIRST_CHARS.get(name) is None or c == "" or c in FIRST_CHARS[name]]  # type: ignore[operator]
            found = self.by_char[c] = [(pattern, method) for name, pattern, method in self.entries
                                       if name in names]
            if names == ["setext_header", "table", "paragraph"]:
                self.plain.add(c)
        return found


def chomp(s: str) -> str:
    """Ruby's String#chomp."""
    if s.endswith("\r\n"):
        return s[:-2]
    if s.endswith("\n") or s.endswith("\r"):
        return s[:-1]
    return s


def normalize_link_id(link_id: str) -> str:
    """kramdown/parser/kramdown/link.rb ``normalize_link_id``."""
    return ruby_downcase(RE_WS_RUN.sub(" ", link_id))


_WORD_CACHE: dict[str, bool] = {}


def _is_gfm_id_char(c: str) -> bool:
    """Ruby's ``[\\p{Word}\\- \\t]`` (letters, marks, decimal digits, connectors, Nl)."""
    keep = _WORD_CACHE.get(c)
    if keep is None:
        cat = unicodedata.category(c)
        o = ord(c)
        keep = (cat[0] in "LM" or cat in ("Nd", "Nl", "Pc") or c in "- \t"
                # Other_Alphabetic symbols (circled and squared Latin letters) are \p{Word} in Ruby
                or 0x24B6 <= o <= 0x24E9 or 0x1F130 <= o <= 0x1F189)
        _WORD_CACHE[c] = keep
    return keep




class KramdownParser:
    """Kramdown::Parser::Kramdown: block parsing into raw_text, then span parsing (update_tree)."""

    BLOCK_PARSERS = ["blank_line", "codeblock", "codeblock_fenced", "blockquote", "atx_header",
                     "horizontal_rule", "list", "definition_list", "block_html", "setext_header",
                     "block_math", "table", "footnote_definition", "link_definition",
                     "abbrev_definition", "block_extensions", "eob_marker", "paragraph"]
    SPAN_PARSERS = ["emphasis", "codespan", "autolink", "span_html", "footnote_marker", "link",
                    "smart_quotes", "inline_math", "span_extensions", "html_entity",
                    "typographic_syms", "line_break", "escaped_chars"]

    START_RE: dict[str, re.Pattern[str]] = {
        "blank_line": rx.BLANK_LINE, "codeblock": rx.INDENT,
        "codeblock_fenced": rx.FENCED_CODEBLOCK_START, "blockquote": rx.BLOCKQUOTE_START,
        "atx_header": rx.ATX_HEADER_START, "horizontal_rule": rx.HR_START, "list": rx.LIST_START,
        "definition_list": rx.DEFINITION_LIST_START, "block_html": rx.HTML_BLOCK_START,
        "setext_header": rx.SETEXT_HEADER_START_FAST, "block_math": rx.BLOCK_MATH_START,
        "table": rx.TABLE_START_FAST, "footnote_definition": rx.FOOTNOTE_DEFINITION_START,
        "link_definition": rx.LINK_DEFINITION_START,
        "abbrev_definition": rx.ABBREV_DEFINITION_START,
        "block_extensions": rx.BLOCK_EXTENSIONS_START, "eob_marker": rx.EOB_MARKER,
        "paragraph": rx.PARAGRAPH_START,
        "emphasis": rx.EMPHASIS_START, "codespan": rx.CODESPAN_DELIMITER,
        "autolink": rx.AUTOLINK_START, "span_html": rx.HTML_SPAN_START,
        "footnote_marker": rx.FOOTNOTE_MARKER_START, "link": rx.LINK_START,
        "smart_quotes": rx.SMART_QUOTES_RE, "inline_math": rx.INLINE_MATH_START,
        "span_extensions": rx.SPAN_EXTENSIONS_START, "html_entity": rx.HTML_ENTITY_RE,
        "typographic_syms": rx.TYPOGRAPHIC_SYMS_RE, "line_break": rx.LINE_BREAK,
        "escaped_chars": rx.ESCAPED_CHARS,
    }
    METHOD: dict[str, str] = {}
    _span_re_cache: dict[tuple[str, ...], tuple[re.Pattern[str], re.Pattern[str]]] = {}
    _stop_re_cache: dict[tuple[str, str], re.Pattern[str]] = {}

    def __init__(self, source: str, options: dict[str, Any]) -> None:
        self.source = source
        self.options = dict(options)
        self.root = Element("root", None, None, {"encoding": "UTF-8", "options": {},
                                                 "abbrev_defs": {}, "abbrev_attr": {}})
        self.warnings: list[str] = []
        # show_warnings: elements get kramdown's :location option (line numbers for warnings)
        self.track = bool(self.options.get("show_warnings"))
        if self.track:
            self.root.options["location"] = 1
        self.text_type = "text"
        self.reset_env()
        self.alds: dict[str, dict[str, Any]] = {}
        self.footnotes: dict[str, dict[str, Any]] = {}
        self.link_defs: dict[str, list[Any]] = {}
        for k, v in (self.options.get("link_defs") or {}).items():
            self.link_defs[normalize_link_id(k)] = list(v)
        self.block_parsers = list(self.BLOCK_PARSERS)
        self.span_parsers = list(self.SPAN_PARSERS)
        # the headers update_tree meets outside HTML elements, in order, when a list is given
        self.headers: list[Element] | None = None

    # --- environment ------------------------------------------------------------------------
    def reset_env(self, src: Scanner | None = None, text_type: str = "raw_text") -> None:
        self.src = src  # type: ignore[assignment]
        self.tree: Element = None  # type: ignore[assignment]
        self.block_ial: dict[str, Any] | None = None
        self.stack: list[tuple[Any, ...]] = []
        self.text_type = text_type

    def save_env(self) -> tuple[Any, ...]:
        return (self.src, self.tree, self.block_ial, self.stack, self.text_type)

    def restore_env(self, env: tuple[Any, ...]) -> None:
        self.src, self.tree, self.block_ial, self.stack, self.text_type = env

    def warning(self, text: str) -> None:
        self.warnings.append(text)

    # --- driver -------------------------------------------------------------------------------
    def parse(self) -> None:
        """Kramdown#parse."""
        self.configure_parser()
        self.parse_blocks(self.root, self.adapt_source(self.source))
        self.update_tree(self.root)
        headers, self.headers = self.headers, None  # not those of footnotes (see GFMParser.parse)
        self.correct_abbreviations_attributes()
        self.replace_abbreviations(self.root)
        for data in self.footnotes.values():
            self.update_tree(data["content"])
            self.replace_abbreviations(data["content"])
        self.headers = headers
        self.root.options["footnote_count"] = sum(1 for d in self.footnotes.values() if "marker" in d)
        if self.track:
            for name, data in self.footnotes.items():
                if "marker" not in data:
                    self.warning(f"Footnote definition for '{name}' on line "
                                 f"{data['content'].options.get('location')} is unreferenced - ignoring")

    @staticmethod
    def adapt_source(source: str) -> str:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
        return chomp(source) + "\n"

    def configure_parser(self) -> None:
        # everything here depends only on the class and the parser lists: built once for them
        key = (type(self), tuple(self.block_parsers), tuple(self.span_parsers))
        found = _CONFIG_CACHE.get(key)
        if found is None:
            span_names = tuple(self.span_parsers)
            found = _CONFIG_CACHE[key] = (
                self.make_span_dispatch(self.block_parsers), self.make_span_dispatch(self.span_parsers),
                *self.span_parser_regexps(self.span_parsers), span_names, fast_find(span_names),
                rx.fast_start_re(span_names),  # finds nothing => span_find neither
                "smart_quotes" in span_names, {})
        (self.block_dispatch, self.span_dispatch, self.span_start, self.span_start_re, self.span_names,
         self.span_find, self.span_any, self.span_quotes, self.span_find_by_stop) = found

    @property
    def html_handler(self) -> Callable[..., Any]:
        """The HTML tag handler (a property: a stored bound method would make the parser, and
        so its whole tree, cyclic garbage that only the cyclic collector frees)."""
        return self.handle_kramdown_html_tag

    def make_span_dispatch(self, names: list[str]) -> Dispatch:
        """The parsers ``names`` in order, as (pattern, unbound method); cached per class."""
        key = (type(self), tuple(names))
        found = _DISPATCH_CACHE.get(key)
        if found is None:
            cls = type(self)
            found = _DISPATCH_CACHE[key] = Dispatch(
                [(n, cls.START_RE[n], getattr(cls, "parse_" + cls.METHOD.get(n, n))) for n in names])
        return found

    def span_parser_regexps(self, names: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
        key = tuple(names)
        found = self._span_re_cache.get(key)
        if found is None:
            src = "|".join(rx.SPAN_START[n] for n in names)
            found = self._span_re_cache[key] = (R(src), R("(?=" + src + ")"))
        return found

    def span_pattern_cache(self, stop_re: re.Pattern[str], span_start: re.Pattern[str]) -> re.Pattern[str]:
        key = (stop_re.pattern, span_start.pattern, stop_re.flags)
        found = self._stop_re_cache.get(key)  # type: ignore[arg-type]
        if found is None:
            stop = stop_re.pattern if not stop_re.flags & re.I else "(?i:" + stop_re.pattern + ")"
            found = self._stop_re_cache[key] = R("(?=(?:" + stop + ")|(?:" + span_start.pattern + "))",  # type: ignore[index]
                                                  stop_re.flags & re.S)
        return found

    def fast_search_re(self, names: tuple[str, ...], stop_re: re.Pattern[str] | None) -> re.Pattern[str]:
        """A search equivalent to ``scan_until(/(?=stop|span_start)/)`` (see rx.FAST_START)."""
        key = (names, None if stop_re is None else (stop_re.pattern, stop_re.flags))
        found = _FAST_CACHE.get(key)
        if found is None:
            src = "|".join(rx.FAST_START[n] for n in names)
            flags = 0
            if stop_re is not None:
                stop = stop_re.pattern if not stop_re.flags & re.I else "(?i:" + stop_re.pattern + ")"
                src = "(?:" + stop + ")|" + src
                flags = stop_re.flags & re.S
            found = _FAST_CACHE[key] = R(src, flags)
        return found

    def stop_finder(self, names: tuple[str, ...], stop_re: re.Pattern[str]) -> Callable[[str, int], int]:
        """``find(string, pos)`` for ``scan_until(/(?=stop|span_start)/)``."""
        extra = stop_starts(stop_re, names)
        if extra is None:
            return _finder(self.fast_search_re(names, stop_re))
        return fast_find(names, extra)

    def parse_blocks(self, el: Element, text: str | None = None) -> str | None:
        """Kramdown#parse_blocks."""
        if len(self.stack) >= MAX_NESTING:
            raise nesting_error([el, self.tree, *(entry[0] for entry in reversed(self.stack))])
        self.stack.append((self.tree, self.src, self.block_ial))
        self.tree, self.block_ial = el, None
        if text is not None:
            self.src = Scanner(text)
            if self.track:
                self.src.start = el.options.get("location") or 1
        status = None
        dispatch = self.block_dispatch
        by_char = dispatch.by_char
        plain = dispatch.plain
        plain_line = RE_PLAIN_LINE.match
        blank_first = dispatch.blank_first
        # self.src is the same scanner after each block parser (those that parse another text
        # restore it), so it is read once
        src = self.src
        string = src.string
        n = src.n
        try:
            while src.pos < n:
                pos = src.pos
                if pos == 0 or string[pos - 1] == "\n":
                    c = string[pos]
                    if c in plain and plain_line(string, pos) is not None:
                        # neither setext_header nor table can match, paragraph does
                        dispatch.paragraph(self)  # type: ignore[misc]
                        continue
                    if c == "\n" and blank_first:  # blank_line, the first parser, always matches
                        m = rx.BLANK_LINE.match(string, pos)
                        src.pos = m.end()  # type: ignore[union-attr]
                        children = self.tree.children  # parse_blank_line, inlined
                        if children and children[-1].type == "blank":
                            children[-1].value += m.group()  # type: ignore[union-attr]
                        else:
                            blank = Element("blank", m.group())  # type: ignore[union-attr]
                            if self.block_ial is not None:
                                blank.options["ial"] = self.block_ial
                                self.block_ial = None
                            children.append(blank)
                        continue
                    candidates = by_char.get(c)
                    if candidates is None:
                        candidates = dispatch.for_char(c)
                    for start_re, method in candidates:
                        if src.pos == pos:  # (a parser that declined may have moved on)
                            m = start_re.match(string, pos)
                            if m is None:
                                continue
                            src.m = m
                            src.off = 0
                        elif src.check(start_re) is None:
                            continue
                        if method(self):
                            break
                    else:
                        if self.track:
                            self.warning("Warning: this should not occur - no block parser handled the line")
                        self.add_text(src.scan(rx.ANY_LINE) or "")
                else:  # in the middle of a line: Scanner.check matches as Ruby would
                    candidates = by_char.get("")
                    if candidates is None:
                        candidates = dispatch.for_char("")
                    for start_re, method in candidates:
                        if src.check(start_re) is not None and method(self):
                            break
                    else:
                        if self.track:
                            self.warning("Warning: this should not occur - no block parser handled the line")
                        self.add_text(src.scan(rx.ANY_LINE) or "")
        except StopBlockParsing as stop:
            status = stop.status
        self.tree, self.src, self.block_ial = self.stack.pop()
        return status

    def update_tree(self, element: Element) -> None:
        """Kramdown#update_tree: parse raw_text with the span parsers, merge blanks, apply IALs."""
        last_blank = None
        new: list[Element] = []
        span_any = self.span_any.search
        for child in element.children:
            ctype = child.type
            if ctype == "raw_text":
                last_blank = None
                value = child.value
                if span_any(value) is None:
                    # no span parser can start: parse_spans would add the whole text as one
                    # text element; this fresh raw_text element becomes it
                    if value:
                        child.type = "text"
                        new.append(child)
                    continue
                # reset_env(src: StringScanner.new(child.value), text_type: :text), inlined
                self.src, self.tree, self.block_ial, self.stack = Scanner(value), None, None, []
                if self.track:  # (the location of the element, not of the text)
                    self.src.start = element.options.get("location") or 1
                self.text_type = "text"
                self.parse_spans(child)
                new.extend(child.children)
            elif ctype == "blank":
                if last_blank is not None:
                    last_blank.value += child.value
                else:
                    last_blank = child
                    new.append(child)
            elif ctype == "eob":
                if child.options.get("ial") is not None:
                    self.update_attr_with_ial(child.attr, child.options["ial"])
            else:
                last_blank = None
                kids = child.children
                if kids:
                    if len(kids) == 1 and kids[0].type == "raw_text":
                        # update_tree(child) inlined for the usual only child of a p, header, td
                        kid = kids[0]
                        value = kid.value
                        if span_any(value) is None:
                            if value:
                                kid.type = "text"
                            else:
                                child.children = []
                        else:
                            self.src, self.tree, self.block_ial, self.stack = Scanner(value), None, None, []
                            if self.track:
                                self.src.start = child.options.get("location") or 1
                            self.text_type = "text"  # reset_env, inlined as above
                            self.parse_spans(kid)
                            child.children = kid.children
                    elif ctype == "html_element" and self.headers is not None:
                        headers, self.headers = self.headers, None  # see GFMParser.parse
                        self.update_tree(child)
                        self.headers = headers
                    else:
                        self.update_tree(child)
                if child.options:
                    ial = child.options.get("ial")
                    if ial is not None:
                        self.update_attr_with_ial(child.attr, ial)
                if ctype == "header":
                    if self.options.get("auto_id_stripping"):
                        self.update_raw_text(child)
                    if self.headers is not None:
                        self.headers.append(child)
                elif ctype == "dt":
                    self.update_raw_text(child)
                new.append(child)
        element.children = new

    def parse_spans(self, el: Element, stop_re: re.Pattern[str] | None = None,
                    parsers: list[str] | None = None, text_type: str | None = None,
                    block: Callable[[], bool] | None = None) -> bool:
        """Kramdown#parse_spans."""
        if len(self.stack) >= MAX_NESTING:
            raise nesting_error([el, self.tree, *(entry[0] for entry in reversed(self.stack))])
        tree = self.tree
        if text_type is None:
            text_type = self.text_type
        if tree is not None:
            self.stack.append((tree, self.text_type))
        self.tree, self.text_type = el, text_type
        stop_match = None  # stop_re.match when it needs no slicing (Scanner.check, inlined)
        if parsers is None:
            dispatch = self.span_dispatch
            quotes = self.span_quotes
            if stop_re is None:
                find = self.span_find
            else:
                pinned = self.span_find_by_stop.get(id(stop_re))
                if pinned is None or pinned[0] is not stop_re:
                    pinned = self.span_find_by_stop[id(stop_re)] = (
                        stop_re, self.stop_finder(self.span_names, stop_re),
                        None if _needs_slice(stop_re) else stop_re.match)
                find, stop_match = pinned[1], pinned[2]
        else:
            dispatch = self.make_span_dispatch(parsers)
            names = tuple(parsers)
            find = fast_find(names) if stop_re is None else self.stop_finder(names, stop_re)
            quotes = "smart_quotes" in names
            if stop_re is not None and not _needs_slice(stop_re):
                stop_match = stop_re.match
        src = self.src
        string = src.string
        n = src.n
        by_char = dispatch.by_char
        stop_re_found = False
        # self.tree is el and self.text_type is text_type at each turn: span parsers that
        # change them restore them before returning
        while src.pos < n:
            pos = src.pos
            q = find(string, pos)
            if q < 0:
                if stop_re is None:  # add_text(@src.rest); @src.terminate, inlined
                    if pos < n:
                        children = el.children
                        if children and children[-1].type == text_type:
                            children[-1].value += string[pos:]
                        else:
                            children.append(Element(text_type, string[pos:]))
                    src.pos = n
                break
            if quotes and q > pos and string[q] in "\"'" and string[q - 1] != "\\":
                q -= 1
            src.pos = q
            if q > pos:  # add_text, inlined
                children = el.children
                if children and children[-1].type == text_type:
                    children[-1].value += string[pos:q]
                else:
                    children.append(Element(text_type, string[pos:q]))
            if stop_re is not None:
                if stop_match is not None:
                    m = stop_match(string, q)
                    if m is not None:
                        src.m = m
                        src.off = 0
                else:
                    m = src.check(stop_re)  # type: ignore[assignment]
                if m is not None and (block is None or block()):
                    stop_re_found = True
                    break
            c = string[q]
            candidates = by_char.get(c)
            if candidates is None:
                candidates = dispatch.for_char(c)
            for start_re, method in candidates:
                m = start_re.match(string, q)
                if m is not None:
                    src.m = m
                    src.off = 0
                    method(self)
                    break
            else:  # add_text(@src.getch), inlined
                src.pos = q + 1
                children = el.children
                if children and children[-1].type == text_type:
                    children[-1].value += c
                else:
                    children.append(Element(text_type, c))
        if self.stack:
            popped = self.stack.pop()
            self.tree, self.text_type = popped[0], popped[1] if len(popped) > 1 else None  # type: ignore[assignment]
        else:
            self.tree, self.text_type = None, None  # type: ignore[assignment]
        return bool(stop_re_found)

    def add_text(self, text: str, tree: Element | None = None, type: str | None = None) -> None:
        """Parser::Base#add_text."""
        if tree is None:
            tree = self.tree
        if type is None:
            type = self.text_type
        children = tree.children
        if children and children[-1].type == type:
            children[-1].value += text
        elif text:
            # (kramdown gives the new text a :location, which no warning reads: update_tree
            # starts the scanner of a text at its parent's line)
            children.append(Element(type, text))

    def update_attr_with_ial(self, attr: dict[str, Any], ial: dict[str, Any]) -> None:
        for ref in ial.get(REFS) or []:
            found = self.alds.get(ref)
            if found is not None:
                self.update_attr_with_ial(attr, found)
        for k, v in ial.items():
            if k == "class":
                attr["class"] = f"{attr.get('class') or ''} {v}".lstrip(WS)
            elif k != REFS:
                attr[k] = v

    def update_raw_text(self, item: Element) -> None:
        children = item.children
        if len(children) == 1 and children[0].type == "text":  # the usual case
            item.options["raw_text"] = children[0].value
            return
        parts: list[str] = []
        self._append_raw_text(item, parts)
        item.options["raw_text"] = "".join(parts)

    def _append_raw_text(self, child: Element, parts: list[str]) -> None:
        # a method, not a recursive closure: that would be a reference cycle per call
        if child.type == "text":
            parts.append(child.value)
        else:
            for c in child.children:
                self._append_raw_text(c, parts)

    def new_block_el(self, type: str, value: Any = None, attr: dict[str, Any] | None = None,
                     options: dict[str, Any] | None = None) -> Element:
        el = Element(type, value, attr, options)
        if self.block_ial is not None:
            el.options["ial"] = self.block_ial
            self.block_ial = None
        return el

    def after_block_boundary(self) -> bool:
        children = self.tree.children
        if not children:
            return True
        last = children[-1]
        return (last.type == "blank" or (last.type == "eob" and last.value is None)
                or self.block_ial is not None)

    def before_block_boundary(self) -> bool:
        return self.src.check(rx.BLOCK_BOUNDARY) is not None

    # --- simple blocks ------------------------------------------------------------------------
    def parse_blank_line(self) -> bool:
        src = self.src
        matched = src.m.group()  # type: ignore[union-attr]
        src.pos = src.end()
        children = self.tree.children
        if children and children[-1].type == "blank":
            children[-1].value += matched
        else:
            el = Element("blank", matched)  # new_block_el, inlined
            if self.block_ial is not None:
                el.options["ial"] = self.block_ial
                self.block_ial = None
            children.append(el)
        return True

    def parse_eob_marker(self) -> bool:
        self.src.pos = self.src.end()
        self.tree.children.append(self.new_block_el("eob"))
        return True

    def paragraph_end(self) -> re.Pattern[str]:
        return rx.PARAGRAPH_END

    _paragraph_run = rx.PARAGRAPH_RUN  # the lines up to paragraph_end, in one scan

    def parse_paragraph(self) -> bool:
        src = self.src
        pos = src.pos
        result = (src.scan(self._paragraph_run) or "").rstrip(WS)
        children = self.tree.children
        last = children[-1] if children else None
        if last is not None and last.type == "p":
            lip = last.children[-1] if last.children else None
            if lip is not None and lip.type == self.text_type:
                joiner = "  \n" if pos >= 3 and src.string[pos - 3:pos] == "  \n" else "\n"
                lip.value += joiner + result
            else:
                self.add_text(result, last)
        else:
            # new_block_el(:p) and add_text, inlined (result is never empty: the line has a non-space)
            p = Element("p")
            if self.block_ial is not None:
                p.options["ial"] = self.block_ial
                self.block_ial = None
            children.append(p)
            result = result.lstrip(" \t\n\v\f\r")
            if self.track:
                p.options["location"] = src.line(pos)
                if result:
                    self.add_text(result, p)
            elif result:
                p.children.append(Element(self.text_type, result))
        return True

    def parse_header_contents(self) -> tuple[str, str | None]:
        text = (self.src.m.group("contents") or "").rstrip(WS)  # type: ignore[union-attr]
        id_match = rx.HEADER_ID.search(text) if text.endswith("}") else None
        hid = None
        if id_match:
            hid = id_match.group("id")
            text = text[:-len(id_match.group())].rstrip(WS)
        return text, hid

    def add_header(self, level: int, text: str, hid: str | None) -> None:
        line = self.src.line() if self.track else None
        self.src.pos = self.src.end()
        el = Element("header", None, None, {"level": level, "raw_text": text})  # new_block_el, inlined
        if line is not None:
            el.options["location"] = line
        if self.block_ial is not None:
            el.options["ial"] = self.block_ial
            self.block_ial = None
        el.children.append(Element(self.text_type, text, None,  # add_text (text is not empty)
                                   {"location": line} if line is not None else None))
        if hid is not None:
            el.attr["id"] = hid
        self.tree.children.append(el)

    def parse_setext_header(self) -> bool:
        if not self.after_block_boundary():
            return False
        level = self.src["level"]
        text, hid = self.parse_header_contents()
        if not text:
            return False
        self.add_header(2 if level == "-" else 1, text, hid)
        return True

    def parse_atx_header(self) -> bool:
        if not self.after_block_boundary():
            return False
        return self._finish_atx_header(RE_ATX_TRAIL)

    def _finish_atx_header(self, trailing_hashes: re.Pattern[str]) -> bool:
        """The shared end of kramdown's parse_atx_header and GFM's parse_atx_header_gfm_quirk."""
        level = self.src.m.group("level") or ""  # type: ignore[union-attr]
        text, hid = self.parse_header_contents()
        if text.endswith("#"):  # both trailing-hashes regexps end with #+\Z
            new, n = trailing_hashes.subn("", text, count=1)
            if n:
                text = new.rstrip(WS)
        if not text:
            return False
        self.add_header(len(level), text, hid)
        return True

    def parse_horizontal_rule(self) -> bool:
        self.src.pos = self.src.end()
        self.tree.children.append(self.new_block_el("hr"))
        return True

    def parse_blockquote(self) -> bool:
        src = self.src
        line = src.line() if self.track else None
        result = src.scan(rx.BLOCKQUOTE_RUN) or ""  # the lines up to LAZY_END
        result = rx.BLOCKQUOTE_START.sub("", result)
        el = self.new_block_el("blockquote")
        if line is not None:
            el.options["location"] = line
        self.tree.children.append(el)
        self.parse_blocks(el, result)
        return True

    def parse_codeblock(self) -> bool:
        line = self.src.line() if self.track else None
        data = self.src.scan(rx.CODEBLOCK_MATCH) or ""
        if not data:
            # CODEBLOCK_START (an indent) matched but CODEBLOCK_MATCH takes nothing: an indent
            # followed by whitespace that is neither a space nor a tab (\v, \f, ...) and then
            # text. kramdown adds an empty code block without moving on, forever: Jekyll hangs.
            src = self.src
            line = src.string[src.pos:].split("\n", 1)[0]
            raise ConversionError(f"kramdown never finishes on the line {line!r} (Jekyll hangs on it): an "
                                  "indented line whose first character after the indent is a vertical "
                                  "tab or form feed; remove that character")
        data = RE_CODEBLOCK_LAZY.sub(r" \1", data)
        data = rx.INDENT.sub("", data)
        self.tree.children.append(self.new_block_el("codeblock", data, None,
                                                    {"location": line} if line is not None else None))
        return True

    FENCED_MATCH = rx.FENCED_CODEBLOCK_MATCH
    # What FENCED_MATCH needs after its opening line: a line starting with a fence. Without one
    # the match fails, after backtracking quadratically over a long fence (a 10,000-character
    # line of backticks took 11 s); it is failed at once.
    FENCED_CLOSE = rx.FENCED_CODEBLOCK_CLOSE

    def parse_codeblock_fenced(self) -> bool:
        src = self.src
        if self.FENCED_CLOSE.search(src.string, src.pos, src.n) is None or src.check(self.FENCED_MATCH) is None:
            return False
        m = src.m
        assert m is not None
        line = src.line() if self.track else None
        src.pos = src.end()
        el = self.new_block_el("codeblock", m.group(5), None, {"fenced": True})
        if line is not None:
            el.options["location"] = line
        lang = (m.group(3) or "").strip(WS)
        if lang:
            el.options["lang"] = lang
            el.attr["class"] = f"language-{m.group(4)}"
        self.tree.children.append(el)
        return True

    def parse_block_math(self) -> bool:
        src = self.src
        m = src.m
        assert m is not None
        if not self.after_block_boundary():
            return False
        if m.group(1):
            if m.group(3):
                src.scan(RE_BLOCK_MATH_BS)
            return False
        saved = src.pos
        src.pos = src.end()
        data = m.group(2).strip(WS)
        if self.before_block_boundary():
            self.tree.children.append(self.new_block_el("math", data, None, {"category": "block"}))
            return True
        src.pos = saved
        return False

    # --- definitions ----------------------------------------------------------------------------
    def parse_link_definition(self) -> bool:
        src = self.src
        m = src.m
        assert m is not None
        if RE_LINKDEF_TITLE.search(m.group(3) or ""):
            return False
        src.pos = src.end()
        link_id = normalize_link_id(m.group(1))
        url = m.group(2) if m.group(2) is not None else m.group(3)
        if self.track and link_id in self.link_defs:
            self.warning(f"Duplicate link ID '{link_id}' on line {src.line()} - overwriting")
        self.tree.children.append(self.new_block_el("eob", "link_def"))
        self.link_defs[link_id] = [url, m.group(5), self.tree.children[-1]]
        return True

    def parse_footnote_definition(self) -> bool:
        src = self.src
        m = src.m
        assert m is not None
        line = src.line() if self.track else None
        src.pos = src.end()
        el = Element("footnote_def")
        if line is not None:
            el.options["location"] = line
        self.parse_blocks(el, rx.INDENT.sub("", m.group(2)))
        if line is not None and m.group(1) in self.footnotes:
            self.warning(f"Duplicate footnote name '{m.group(1)}' on line {line} - overwriting")
        self.tree.children.append(self.new_block_el("eob", "footnote_def"))
        self.footnotes[m.group(1)] = {"content": el, "eob": self.tree.children[-1]}
        return True

    def parse_abbrev_definition(self) -> bool:
        src = self.src
        m = src.m
        assert m is not None
        if self.track and m.group(1) in self.root.options["abbrev_defs"]:
            self.warning(f"Duplicate abbreviation ID '{m.group(1)}' on line {src.line()} - overwriting")
        src.pos = src.end()
        abbrev_id, text = m.group(1), m.group(2).strip(WS)
        self.tree.children.append(self.new_block_el("eob", "abbrev_def"))
        self.root.options["abbrev_defs"][abbrev_id] = text
        self.root.options["abbrev_attr"][abbrev_id] = self.tree.children[-1]
        return True

    def correct_abbreviations_attributes(self) -> None:
        attrs = self.root.options["abbrev_attr"]
        for k in list(attrs):
            attrs[k] = attrs[k].attr

    def replace_abbreviations(self, el: Element, regexps: tuple[re.Pattern[str], ...] | None = None) -> None:
        defs = self.root.options["abbrev_defs"]
        if not defs:
            return
        if regexps is None:
            keys = sorted(defs, key=len, reverse=True)
            first = "|".join("(?:" + re.escape(k) + ")" for k in keys)
            regexps = (R(first), R(r"(?=(?:\W|^)(?:" + first + r")(?!\w))"))
        self._replace_abbreviations(el, regexps, regexps[0].search)

    def _replace_abbreviations(self, el: Element, regexps: tuple[re.Pattern[str], ...],
                               search: Callable[[str], Any]) -> None:
        new: list[Element] | None = None  # built only once a text is split
        children = el.children
        raw = el.options.get("content_model") == "raw"
        for i, child in enumerate(children):
            if child.type == "text" and not raw:
                if search(child.value):
                    if new is None:
                        new = children[:i]
                    new.extend(self._split_abbreviations(child.value, regexps))
                    continue
            elif child.children:
                self._replace_abbreviations(child, regexps, search)
            if new is not None:
                new.append(child)
        if new is not None:
            el.children = new

    @staticmethod
    def _split_abbreviations(text: str, regexps: tuple[re.Pattern[str], ...]) -> list[Element]:
        result = []
        s = Scanner(text)
        while True:
            temp = s.scan_until(regexps[1])
            if temp is None:
                break
            abbr = s.scan(regexps[0])
            if abbr is None:
                temp += s.scan(RE_NONWORD_OR_BOL) or ""
                abbr = s.scan(regexps[0])
            result.append(Element("text", temp))
            result.append(Element("abbreviation", abbr))
        result.append(Element("text", s.rest()))
        return result

    # --- extensions ------------------------------------------------------------------------------
    def parse_attribute_list(self, s: str, opts: dict[str, Any]) -> None:
        """kramdown/parser/kramdown/extensions.rb ``parse_attribute_list``."""
        st = s.strip(WS)
        if not st or st == ":":
            return
        found = False
        for m in rx.ALD_TYPE_ANY.finditer(s):
            found = True
            key, sep, val, ref, id_and_or_class = m.group(1, 2, 3, 4, 5)
            if ref is not None:
                opts.setdefault(REFS, []).append(ref)
            elif id_and_or_class is not None:
                for mm in rx.ALD_TYPE_ID_OR_CLASS.finditer(id_and_or_class):
                    id_attr, class_attr = mm.group(1), mm.group(2)
                    if class_attr is not None:
                        opts["class"] = f"{opts.get('class') or ''} {class_attr}".lstrip(WS)
                    else:
                        opts["id"] = id_attr
            else:
                val = re.sub(r"\\(\}|" + re.escape(sep) + ")", r"\1", val)
                opts[key] = val
        if not found:
            self.warning(f"No or invalid attributes found in IAL/ALD content: {s}")

    @staticmethod
    def update_ial_with_ial(ial: dict[str, Any], opts: dict[str, Any]) -> None:
        if REFS in opts:
            ial.setdefault(REFS, []).extend(opts[REFS])
        for k, v in opts.items():
            if k == "class":
                ial[k] = f"{ial.get(k) or ''} {v}".lstrip(WS)
            elif k != REFS:
                ial[k] = v

    def parse_block_extensions(self) -> bool:
        src = self.src
        if src.scan(rx.ALD_START) is not None:
            m = src.m
            assert m is not None
            self.parse_attribute_list(m.group(2), self.alds.setdefault(m.group(1), {}))
            self.tree.children.append(self.new_block_el("eob", "ald"))
            return True
        if src.check(rx.EXT_BLOCK_START) is not None:
            return self.parse_extension_start_tag("block")
        if src.scan(rx.IAL_BLOCK_START) is not None:
            g1 = src.m.group(1)  # type: ignore[union-attr]
            children = self.tree.children
            last = children[-1] if children else None
            if last is not None and last.type != "blank" and (
                    last.type != "eob" or last.value in ("link_def", "abbrev_def", "footnote_def")):
                if last.options.get("ial") is None:
                    last.options["ial"] = {}
                self.parse_attribute_list(g1, last.options["ial"])
                if src.check(rx.IAL_BLOCK_START) is None:
                    children.append(self.new_block_el("eob", "ial"))
            else:
                if self.block_ial is None:
                    self.block_ial = {}
                self.parse_attribute_list(g1, self.block_ial)
            return True
        return False

    def parse_extension_start_tag(self, type: str) -> bool:
        src = self.src
        m = src.m
        assert m is not None
        saved = src.pos
        line = src.line() if self.track else None
        src.pos = src.end()

        def error_block(msg: str) -> bool:
            if line is not None:
                self.warning(msg.replace("\0", str(line)))
            src.pos = saved
            if type == "span":
                self.add_text(src.getch())
            return False

        if m.group(4) is not None or m.group() == "{:/}":
            name = f"for '{m.group(4)}' " if m.group(4) is not None else ""
            return error_block(f"Invalid extension stop tag {name} found on line \0 - ignoring it")
        ext = m.group(1)
        ext_name = ext or ""
        opts: dict[str, Any] = {}
        body = None
        self.parse_attribute_list(m.group(2) or "", opts)
        if m.group(3) is None:
            stop_re = R((rx.EXT_BLOCK_STOP_STR if type == "block" else rx.EXT_STOP_STR) % ext)
            result = src.scan_until(stop_re)
            if result is None:
                return error_block(f"No stop tag for extension '{ext_name}' found on line \0 - ignoring it")
            body = stop_re.sub("", result, count=1)
            if type == "block":
                body = chomp(body)
        if not self.handle_extension(ext, opts, body, type):
            return error_block(f"Invalid extension with name '{ext_name}' specified on line \0 - ignoring it")
        return True

    def handle_extension(self, name: str, opts: dict[str, Any], body: str | None, type: str) -> bool:
        if name == "comment":
            if body is not None:
                self.tree.children.append(Element("comment", body, None, {"category": type}))
            return True
        if name == "nomarkdown":
            if body is not None:
                self.tree.children.append(Element("raw", body, None, {
                    "category": type, "type": str(opts.get("type") or "").split()}))
            return True
        if name == "options":
            from .options import KRAMDOWN_DEFAULTS
            forbidden = self.options.get("forbidden_inline_options") or ()
            unknown = []
            for k, v in opts.items():
                if k in KRAMDOWN_OPTION_NAMES or (k in GFM_OPTION_NAMES and isinstance(self, GFMParser)):
                    if k in forbidden or k == "forbidden_inline_options":
                        self.warning(f"Option {k} may not be set inline")
                        continue
                    if k not in KRAMDOWN_DEFAULTS:
                        continue  # (an option of kramdown's other converters: no effect here)
                    try:
                        val = parse_option(k, v)
                    except (ValueError, TypeError):
                        continue
                    self.options[k] = val
                    self.root.options["options"][k] = val
                else:
                    unknown.append(k)
            for k in unknown:
                self.warning(f"Unknown kramdown option '{k.lstrip(':')}'")
            if type == "block":
                self.tree.children.append(self.new_block_el("eob", "extension"))
            return True
        return False

    def parse_span_extensions(self) -> None:
        src = self.src
        if src.check(rx.EXT_SPAN_START) is not None:
            self.parse_extension_start_tag("span")
        elif src.check(rx.IAL_SPAN_START) is not None:
            children = self.tree.children
            last = children[-1] if children else None
            if last is not None and last.type != "text":
                m = src.m
                assert m is not None
                src.pos = src.end()
                attr: dict[str, Any] = {}
                self.parse_attribute_list(m.group(1), attr)
                if last.options.get("ial") is None:
                    last.options["ial"] = {}
                self.update_ial_with_ial(last.options["ial"], attr)
                self.update_attr_with_ial(last.attr, attr)
            else:
                self.warning("Found span IAL after text - ignoring it")
                self.add_text(src.getch())
        else:
            self.add_text(src.getch())

    from ._blocks import (  # noqa: E402 - split for size; these are methods
        fetch_pattern, parse_definition_list, parse_first_list_line, parse_list, parse_table,
    )
    from ._html import (  # noqa: E402
        handle_html_start_tag, handle_kramdown_html_tag, handle_raw_html_tag, parse_block_html,
        parse_html_attributes, parse_raw_html, parse_span_html,
    )
    from ._spans import (  # noqa: E402
        add_link, parse_autolink, parse_codespan, parse_emphasis, parse_escaped_chars,
        parse_footnote_marker, parse_html_entity, parse_inline_math, parse_line_break, parse_link,
        parse_smart_quotes, parse_typographic_syms,
    )


from . import _blocks  # noqa: E402 (loaded by KramdownParser's body)

_blocks._STD_PARAGRAPH = KramdownParser.parse_paragraph  # see _blocks._finish_list_items


class GFMParser(KramdownParser):
    """Kramdown::Parser::GFM (kramdown-parser-gfm 1.1.0)."""

    START_RE = dict(KramdownParser.START_RE)
    START_RE.update({"atx_header_gfm_quirk": rx.ATX_HEADER_START_GFM,
                     "atx_header_gfm": rx.ATX_HEADER_START_GFM,
                     "codeblock_fenced_gfm": rx.FENCED_CODEBLOCK_START_GFM,
                     "escaped_chars_gfm": rx.ESCAPED_CHARS_GFM,
                     "strikethrough_gfm": rx.STRIKETHROUGH_MATCH})
    METHOD = {"atx_header_gfm": "atx_header", "codeblock_fenced_gfm": "codeblock_fenced",
              "escaped_chars_gfm": "escaped_chars"}
    FENCED_MATCH = rx.FENCED_CODEBLOCK_MATCH_GFM
    FENCED_CLOSE = rx.FENCED_CODEBLOCK_CLOSE_GFM
    _PARSER_LISTS: dict[tuple[bool, bool, bool], tuple[list[str], list[str]]] = {}  # see __init__

    def __init__(self, source: str, options: dict[str, Any]) -> None:
        super().__init__(source, options)
        self.options["auto_id_stripping"] = True
        self.id_counter: dict[str, int] = {}
        quirks = self.options.get("gfm_quirks") or []
        if "paragraph_end" in quirks:
            self._paragraph_end = rx.PARAGRAPH_END_GFM
            self._paragraph_run = rx.PARAGRAPH_RUN_GFM
        else:
            self._paragraph_end = rx.PARAGRAPH_END
        key = (bool(self.options.get("hard_wrap")), "no_auto_typographic" in quirks, "paragraph_end" in quirks)
        found = self._PARSER_LISTS.get(key)
        if found is None:
            bp, sp = list(self.block_parsers), list(self.span_parsers)
            if key[0]:
                sp.remove("line_break")
            if key[1]:
                sp.remove("typographic_syms")
            bp[bp.index("codeblock_fenced")] = "codeblock_fenced_gfm"
            bp[bp.index("atx_header")] = "atx_header_gfm_quirk" if key[2] else "atx_header_gfm"
            sp[sp.index("escaped_chars")] = "escaped_chars_gfm"
            sp.append("strikethrough_gfm")
            found = self._PARSER_LISTS[key] = (bp, sp)
        self.block_parsers, self.span_parsers = list(found[0]), list(found[1])
        self.hard_line_break = "\n" if self.options.get("hard_wrap") else "\\\n"

    def paragraph_end(self) -> re.Pattern[str]:
        return self._paragraph_end

    def parse(self) -> None:
        # update_elements splits texts at hard line breaks and gives headers their ids. A text
        # can only hold "\\\n" if the source has a backslash ending a line but for blanks: texts
        # are pieces of the source, the "\n" joining a paragraph's or a list item's text to
        # more follows a line stripped of its trailing blanks, and the only span parsers that
        # add nothing (so that the texts around them merge) are extensions ({::...}). Without
        # one, the walk would only meet the headers, which update_tree collects for it (in the
        # same order: headers hold no headers; not inside HTML elements, which update_elements
        # leaves alone).
        source = self.source
        fast = self.hard_line_break == "\\\n" and ("\\" not in source or (
            "{::" not in source and RE_BACKSLASH_EOL.search(self.adapt_source(source)) is None))
        if fast:
            self.headers = []
        super().parse()
        if not fast:
            self.update_elements(self.root)
            return
        headers, self.headers = self.headers, None
        if self.options.get("auto_ids"):
            for header in headers:  # type: ignore[union-attr]
                if "id" not in header.attr:
                    header.attr["id"] = self.generate_gfm_header_id(header.options["raw_text"])

    def update_elements(self, element: Element) -> None:
        new: list[Element] | None = None  # built only once a text is split at hard line breaks
        hlb = self.hard_line_break
        children = element.children
        for i, child in enumerate(children):
            ctype = child.type
            if ctype == "text":
                if hlb in child.value:
                    if new is None:
                        new = children[:i]
                    new.extend(self.update_text_type(element, child))
                    continue
            elif ctype == "header" and self.options.get("auto_ids") and "id" not in child.attr:
                child.attr["id"] = self.generate_gfm_header_id(child.options["raw_text"])
            elif ctype != "html_element" and child.children:
                kids = child.children
                # a lone text without a hard line break (a p, a td) has nothing to update
                if len(kids) > 1 or kids[0].type != "text" or hlb in kids[0].value:
                    self.update_elements(child)
            if new is not None:
                new.append(child)
        if new is not None:
            element.children = new

    def update_text_type(self, element: Element, child: Element) -> list[Element]:
        lines = child.value.split(self.hard_line_break)
        omit_trailing_br = (lines[-1] == "" and element.category() == "block"
                            and element.children[-1] is child)
        out: list[Element] = []
        n = len(lines)
        for index, line in enumerate(lines):
            out.append(Element("text", "\n" + line if index > 0 else line))
            if index < n - 2 or (index == n - 2 and not omit_trailing_br):
                out.append(Element("br"))
        return out

    def _append_raw_text(self, child: Element, parts: list[str]) -> None:
        t = child.type
        if t in ("text", "codespan", "math"):
            parts.append(child.value)
        elif t == "entity":
            parts.append(child.value.char or "")
        elif t == "smart_quote":
            parts.append(entity(child.value).char or "")
        elif t == "typographic_sym":
            if child.value == "laquo_space":
                parts.append("«\u00a0")
            elif child.value == "raquo_space":
                parts.append("\u00a0»")
            else:
                parts.append(entity(child.value).char or "")
        else:
            for c in child.children:
                self._append_raw_text(c, parts)

    def generate_gfm_header_id(self, text: str) -> str:
        if text.isascii():
            result = RE_ASCII_NON_ID.sub("", text.lower())
        else:
            result = "".join(c for c in ruby_downcase(text) if _is_gfm_id_char(c))
        result = result.replace(" ", "-").replace("\t", "-")
        count = self.id_counter.get(result, -1) + 1
        self.id_counter[result] = count
        if count > 0:
            result += f"-{count}"
        return str(self.options.get("auto_id_prefix") or "") + result

    def parse_atx_header_gfm_quirk(self) -> bool:
        return self._finish_atx_header(RE_ATX_TRAIL_GFM)

    def parse_strikethrough_gfm(self) -> None:
        src = self.src
        m = src.m
        assert m is not None
        line = src.line() if self.track else 1
        src.pos = src.end()
        el = Element("html_element", "del", {}, {"category": "span"})
        self.tree.children.append(el)
        env = self.save_env()
        self.reset_env(src=Scanner(m.group()[2:-2]), text_type="text")
        self.src.start = line
        self.parse_spans(el)
        self.restore_env(env)

    def parse_list(self) -> bool:
        KramdownParser.parse_list(self)
        current = next(e for e in reversed(self.tree.children) if e.type in ("ul", "ol"))
        is_tasklist = False
        for li in current.children:
            if not li.children or li.children[0].type != "p":
                continue
            if not li.children[0].children:
                # an empty first paragraph (e.g. `1. \x00` after a line ending in `\  `):
                # gfm.rb calls `.value` on nil and Jekyll's conversion fails
                raise ConversionError("kramdown's GFM parser fails on a list item whose first paragraph "
                                      "is empty (Jekyll: undefined method `value' for nil:NilClass)")
            first = li.children[0].children[0]
            if "[" not in first.value:  # neither task marker can match
                if is_tasklist:
                    li.attr["class"] = "task-list-item"
                continue
            value, n1 = RE_TASK_UNCHECKED.subn(BOX_UNCHECKED, first.value)
            value, n2 = RE_TASK_CHECKED.subn(BOX_CHECKED, value)
            first.value = value
            is_tasklist = is_tasklist or bool(n1 or n2)
            if is_tasklist:
                li.attr["class"] = "task-list-item"
        if is_tasklist:
            current.attr["class"] = "task-list"
        return True


class SmartyPantsParser(KramdownParser):
    """Jekyll's Kramdown::Parser::SmartyPants (jekyll/converters/smartypants.rb)."""

    START_RE = dict(KramdownParser.START_RE)
    START_RE["content"] = re.compile("")

    def __init__(self, source: str, options: dict[str, Any]) -> None:
        super().__init__(source, options)
        self.block_parsers = ["block_html", "content"]
        self.span_parsers = ["smart_quotes", "html_entity", "typographic_syms", "span_html"]

    def parse_content(self) -> bool:
        self.add_text(self.src.scan(rx.ANY_LINE) or "")
        return True
