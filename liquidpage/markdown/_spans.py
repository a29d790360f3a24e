"""Span parsers of kramdown (kramdown/parser/kramdown/{emphasis,codespan,link,autolink,...}.rb).

These functions are methods of ``KramdownParser`` (bound in its class body).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from . import rx
from .element import Element
from .entities import entity
from .rx import WS, R
from .scanner import ruby_downcase

if TYPE_CHECKING:
    from .parser import KramdownParser

_ESC_CACHE: dict[str, re.Pattern[str]] = {}
_WS = " \t\n\v\f\r"
_MAILTO = re.compile(r"^mailto:")
_WS_RUN = re.compile(r"[ \t\n\v\f\r]+")
TYPOGRAPHIC_SYMS_SUBST = {
    "---": "mdash", "--": "ndash", "...": "hellip", "\\<<": "&lt;&lt;", "\\>>": "&gt;&gt;",
    "<< ": "laquo_space", " >>": "raquo_space", "<<": "laquo", ">>": "raquo",
}


def _esc(pattern: str) -> re.Pattern[str]:
    found = _ESC_CACHE.get(pattern)
    if found is None:
        found = _ESC_CACHE[pattern] = R(pattern)
    return found


_EMPH_RES: dict[str, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}


def _emphasis_res(delim: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The stop regexp, the ``delim*2(?!delim)`` and ``delim[[:alnum:]]`` checks for a delimiter."""
    found = _EMPH_RES.get(delim)
    if found is None:
        e = re.escape(delim)
        found = _EMPH_RES[delim] = (R(e), R(re.escape(delim * 2) + "(?!" + e + ")"),
                                    R(e + r"(?u:[^\W_])"))
    return found


def _alpha_before(string: str, pos: int) -> bool:
    """``string[0, pos] =~ /[[:alpha:]]-?[[:alpha:]]*\\z/`` (without copying the prefix)."""
    if pos >= 1 and string[pos - 1].isalpha():
        return True
    return pos >= 2 and string[pos - 1] == "-" and string[pos - 2].isalpha()


def _in_element(self: KramdownParser, type: str) -> bool:
    """``@stack.any? { |el, _| el && el.type == type }``."""
    for e in self.stack:
        if e[0] is not None and e[0].type == type:
            return True
    return False


def parse_emphasis(self: KramdownParser) -> None:
    """Kramdown#parse_emphasis."""
    src = self.src
    string = src.string
    saved = src.pos
    # @src.scan(EMPHASIS_START) (no anchor: a plain match) and @src.check(/\s/), inlined
    m = rx.EMPHASIS_START.match(string, saved)
    result = m.group() if m is not None else ""
    src.pos = after = saved + len(result)
    element = "strong" if len(result) == 2 else "em"
    typ = result[0]
    if ((typ == "_" and _alpha_before(string, saved)) or (after < src.n and string[after] in _WS)
            or self.tree.type == element or _in_element(self, element)):
        self.add_text(result)
        return
    found, el, stop_re = _emphasis_sub_parse(self, src, result, element, typ)
    if not found and element == "strong" and self.tree.type != "em":
        src.pos = saved + 1
        found, el, stop_re = _emphasis_sub_parse(self, src, typ, "em", typ)
    if found:
        src.pos += len(stop_re.match(string, src.pos).group())  # type: ignore[union-attr]  # @src.scan(stop_re)
        self.tree.children.append(el)
    else:
        src.pos = saved + len(result)
        self.add_text(result)


def _emphasis_sub_parse(self: KramdownParser, src: Any, delim: str, elem: str,
                        typ: str) -> tuple[bool, Element, re.Pattern[str]]:
    """parse_emphasis's sub_parse lambda."""
    el = Element(elem)
    stop_re, double, alnum = _emphasis_res(delim)
    string = src.string
    double_match = double.match if elem == "em" else None
    alnum_match = alnum.match if typ == "_" else None

    def block() -> bool:
        pos = src.pos
        return ((pos == 0 or string[pos - 1] not in _WS)
                and (double_match is None or double_match(string, pos) is None)
                and (alnum_match is None or alnum_match(string, pos) is None)
                and bool(el.children))

    return self.parse_spans(el, stop_re, block=block), el, stop_re


def parse_codespan(self: KramdownParser) -> None:
    """Kramdown#parse_codespan."""
    src = self.src
    string = src.string
    start = src.pos
    m = rx.CODESPAN_DELIMITER.match(string, start)  # @src.scan(CODESPAN_DELIMITER): no anchor, no slice
    result = m.group() if m is not None else ""
    saved = m.end() if m is not None else start
    simple = len(result) == 1
    src.pos = saved
    if simple and (start == 0 or string[start - 1] in _WS) and saved < src.n and string[saved] in _WS:
        self.add_text(result)
        return
    close = string.find(result, saved)  # @src.scan_until(/#{result}/): a plain string
    if close < 0:
        self.add_text(result)
        return
    src.pos = close + len(result)
    text = string[saved:close]
    if not simple:
        if text[:1] == " ":
            text = text[1:]
        if text[-1:] == " ":
            text = text[:-1]
    self.tree.children.append(Element("codespan", text, None, {"codespan_delimiter": result}))


def parse_autolink(self: KramdownParser) -> None:
    src = self.src
    m = src.m
    assert m is not None
    src.pos = src.end()
    href = "mailto:" + m.group(1) if m.group(2) is None else m.group(1)
    el = Element("a", None, {"href": href})
    self.add_text(_MAILTO.sub("", m.group(1), count=1), el)
    self.tree.children.append(el)


def parse_footnote_marker(self: KramdownParser) -> None:
    src = self.src
    m = src.m
    assert m is not None
    line = src.line() if self.track else None
    src.pos = src.end()
    name = m.group(1)
    fn_def = self.footnotes.get(name)
    if fn_def is None:
        if line is not None:
            self.warning(f"Footnote definition for '{name}' not found on line {line}")
        self.add_text(m.group())
        return
    if "eob" in fn_def:
        eob = fn_def.pop("eob")
        self.update_attr_with_ial(eob.attr, eob.options.get("ial") or {})
        fn_def["attr"] = eob.attr
        fn_def["options"] = eob.options
    fn_def.setdefault("marker", [])
    opts = dict(fn_def["options"])
    opts["name"] = name
    fn_def["marker"].append(Element("footnote", fn_def["content"], fn_def["attr"], opts))
    self.tree.children.append(fn_def["marker"][-1])


def add_link(self: KramdownParser, el: Element, href: str, title: str | None,
             alt_text: str | None = None, ial: dict[str, Any] | None = None) -> None:
    el.options["ial"] = ial
    if ial:
        self.update_attr_with_ial(el.attr, ial)
    if el.type == "a":
        el.attr["href"] = href
    else:
        el.attr["src"] = href
        el.attr["alt"] = alt_text
        el.children.clear()
    if title is not None:
        el.attr["title"] = title
    self.tree.children.append(el)


def _in_link(self: KramdownParser) -> bool:
    if self.tree.type in ("img", "a"):
        return True
    return any(e[0] is not None and e[0].type in ("img", "a") for e in self.stack)


def parse_link(self: KramdownParser) -> None:
    """Kramdown#parse_link."""
    src = self.src
    string = src.string
    line = src.line() if self.track else None
    m = rx.LINK_START.match(string, src.pos)  # @src.scan(LINK_START): no anchor, a plain match
    result = m.group() if m is not None else ""
    cur_pos = saved = src.pos = src.pos + len(result)
    link_type = "img" if result.startswith("!") else "a"
    if link_type == "a" and _in_link(self):
        self.add_text(result)
        return
    el = Element(link_type)
    count = [1]

    def block() -> bool:
        count[0] += -1 if src[1] else 1
        return count[0] - sum(1 for c in el.children if c.type == "img") == 0

    if not self.parse_spans(el, rx.LINK_BRACKET_STOP_RE, block=block):
        src.pos = saved
        self.add_text(result)
        return
    alt_text = string[cur_pos:src.pos]
    if "\\" in alt_text:
        alt_text = rx.ESCAPED_CHARS.sub(r"\1", alt_text)
    src.scan(rx.LINK_BRACKET_STOP_RE)
    pos = src.pos
    # @src.scan(LINK_INLINE_ID_RE) (/\s*?\[.../: only at a [ or a space) or !@src.check(/\(/)
    m = rx.LINK_INLINE_ID_RE.match(string, pos) if string[pos:pos + 1] in "[ \t\n\v\f\r" else None
    if m is not None or not string.startswith("(", pos):
        if m is not None:
            src.pos = m.end()
        link_id = _normalize_link_id((m.group(1) if m is not None else None) or alt_text)
        link_def = self.link_defs.get(link_id)
        if link_def is not None:
            ial = link_def[2].options.get("ial") if link_def[2] is not None else None
            self.add_link(el, link_def[0], link_def[1], alt_text, ial)
        else:
            if line is not None and (m is None or m.group(1) is None):
                self.warning(f"No link definition for link ID '{link_id}' found on line {line}")
            src.pos = saved
            self.add_text(result)
        return
    link_url: str | None
    if string.startswith("(<", pos) and src.scan(rx.LINK_URL_ANGLE) is not None:
        link_url = src[1] or ""
        if src.scan(rx.CLOSE_PAREN) is not None:
            self.add_link(el, link_url, None, alt_text)
            return
    else:
        link_url, nr_of_brackets = _scan_link_url(src)
        if nr_of_brackets == 0:
            self.add_link(el, link_url, None, alt_text)
            return
    if src.scan(rx.LINK_INLINE_TITLE_RE) is not None:
        self.add_link(el, link_url, src[2], alt_text)
    else:
        src.pos = saved
        self.add_text(result)


def _scan_link_url(src: Any) -> tuple[str, int]:
    parts = []
    nr = 0
    string = src.string
    search = rx.LINK_PAREN_STOP_RE.search  # no anchor: @src.scan_until is a plain search
    while True:
        m = search(string, src.pos)
        if m is None:
            break
        parts.append(string[src.pos:m.end()])
        src.pos = m.end()
        src.m = m
        src.off = 0
        if m.group(2):
            nr -= 1
            if nr == 0:
                break
        elif m.group(1):
            nr += 1
        else:
            break
    url = "".join(parts)
    return url[1:-1].strip(WS), nr


def _normalize_link_id(link_id: str) -> str:
    return ruby_downcase(_WS_RUN.sub(" ", link_id))


def _combine_sq_rules() -> tuple[re.Pattern[str], list[Any]]:
    """SQ_RULES as one alternation: at a given position ``re`` tries the branches in order, as
    kramdown's ``SQ_RULES.find { |reg, _| @src.scan(reg) }`` does. Branch i is an outer group;
    its own groups follow it. The match's lastindex (that outer group closes last) indexes the
    branch's substitutions, resolved ahead: (group, None) adds the group's text,
    (group, table) a smart quote, ``SQ_SUBSTS[[subst, @src[digit]]] || subst`` looked up by
    the group's text in the table (a missing text: the subst itself)."""
    parts, actions, index = [], [None], 1
    for pattern, substs in rx.SQ_RULES:
        inner = pattern.pattern if not pattern.flags & re.S else "(?s:" + pattern.pattern + ")"
        parts.append(f"({inner})")
        todo: list[tuple[int, Any]] = []
        for subst in substs:
            if isinstance(subst, int):
                todo.append((index + subst, None))
            else:
                # subst.to_s[-1, 1].to_i: the digit ending the name, else 0 (the whole match)
                idx = int(subst[-1]) if subst[-1].isdigit() else 0
                table = {q: v for (name, q), v in rx.SQ_SUBSTS.items() if name == subst}
                todo.append((index + idx if idx else 0, (subst, table)))
        actions.append(tuple(todo))
        actions.extend([None] * pattern.groups)
        index += 1 + pattern.groups
    return R("|".join(parts)), actions


SQ_COMBINED, SQ_ACTIONS = _combine_sq_rules()


def parse_smart_quotes(self: KramdownParser) -> None:
    """Kramdown#parse_smart_quotes."""
    src = self.src
    m = SQ_COMBINED.match(src.string, src.pos)
    assert m is not None
    src.m = m
    src.off = 0
    src.pos = m.end()
    children = self.tree.children
    for group, quote in SQ_ACTIONS[m.lastindex]:  # type: ignore[index]
        if quote is None:
            text = m.group(group)
            if text:  # add_text(@src[subst]), inlined
                text_type = self.text_type
                if children and children[-1].type == text_type:
                    children[-1].value += text
                else:
                    children.append(Element(text_type, text))
        else:
            subst, table = quote
            children.append(Element("smart_quote", table.get(m.group(group), subst)))


def parse_inline_math(self: KramdownParser) -> None:
    src = self.src
    m = src.m
    assert m is not None
    src.pos = src.end()
    self.tree.children.append(Element("math", m.group(1).strip(WS), None, {"category": "span"}))


def parse_html_entity(self: KramdownParser) -> None:
    src = self.src
    m = src.m
    assert m is not None
    src.pos = src.end()
    try:
        if m.group(1) is not None:
            value = entity(m.group(1))
        elif m.group(2) is not None:
            value = entity(int(m.group(2)))
        else:
            value = entity(int(m.group(3), 16))
        self.tree.children.append(Element("entity", value, None, {"original": m.group()}))
    except KeyError:
        self.tree.children.append(Element("entity", entity("amp")))
        self.add_text(m.group()[1:])


def parse_typographic_syms(self: KramdownParser) -> None:
    src = self.src
    m = src.m
    assert m is not None
    src.pos = src.off + m.end()  # src.end()
    matched = m.group()
    val = TYPOGRAPHIC_SYMS_SUBST[matched]
    children = self.tree.children
    if val[0] != "&":
        children.append(Element("typographic_sym", val))
    else:
        name = "lt" if matched == "\\<<" else "gt"
        children.append(Element("entity", entity(name)))
        children.append(Element("entity", entity(name)))


def parse_line_break(self: KramdownParser) -> None:
    self.tree.children.append(Element("br"))
    self.src.pos = self.src.end()


def parse_escaped_chars(self: KramdownParser) -> None:
    src = self.src
    src.pos = src.end()
    self.add_text(src.m.group(1))  # type: ignore[union-attr]
