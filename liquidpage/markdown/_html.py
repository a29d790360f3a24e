"""HTML handling of the kramdown parser (kramdown/parser/kramdown/html.rb, kramdown/parser/html.rb).

These functions are methods of ``KramdownParser`` (bound in its class body).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import rx
from .element import MAX_NESTING, Element, nesting_error
from .rx import R
from .scanner import StopBlockParsing

if TYPE_CHECKING:
    from .parser import KramdownParser

Handler = Callable[[Element, bool, bool], None]
HTML_MARKDOWN_ATTR_MAP = {"0": "raw", "1": "default", "span": "span", "block": "block"}
_CLOSE_LOOKAHEAD: dict[str, re.Pattern[str]] = {}
_SPAN_STOP: dict[str, re.Pattern[str]] = {}
_NL_RUN = re.compile(r"\n+")


def _close_lookahead(name: str) -> re.Pattern[str]:
    r"""kramdown's ``/(?=<\/#{name}\s*>)/mi`` without the look-ahead: ``_scan_until_start``
    stops where it starts, and the search skips ahead to each < in C."""
    found = _CLOSE_LOOKAHEAD.get(name)
    if found is None:
        found = _CLOSE_LOOKAHEAD[name] = R(r"</" + re.escape(name) + r"\s*>", re.S | re.I)
    return found


def _scan_until_start(src: Any, pattern: re.Pattern[str]) -> str | None:
    """``src.scan_until(/(?=pattern)/)``: the text up to where ``pattern`` (no anchor, no
    look-behind: a plain search) next matches, the scanner left there."""
    pos = src.pos
    m = pattern.search(src.string, pos)
    if m is None:
        return None
    src.pos = m.start()
    return src.string[pos:src.pos]


_ATTR_CACHE: dict[tuple[str, bool], tuple[tuple[str, str], ...]] = {}


def parse_html_attributes(self: KramdownParser, s: str, in_html_tag: bool = True,
                          line: int | None = None) -> dict[str, Any]:
    """Html::Parser#parse_html_attributes (a fresh hash each time; the pairs found in a text are
    cached, as attribute texts repeat). ``line``: given when warnings are on."""
    if line is not None:
        seen = set()
        for m in rx.HTML_ATTRIBUTE_RE.finditer(s):
            attr = m.group(1).lower() if in_html_tag else m.group(1)
            if attr in seen:
                self.warning(f"Duplicate HTML attribute '{attr}' on line {line} - overwriting previous one")
            seen.add(attr)
    key = (s, in_html_tag)
    found = _ATTR_CACHE.get(key)
    if found is None:
        attrs: dict[str, Any] = {}
        for m in rx.HTML_ATTRIBUTE_RE.finditer(s):
            attr, val, _sep, quoted = m.groups()
            if in_html_tag:
                attr = attr.lower()
            attrs[attr] = val if val is not None else (quoted if quoted is not None else "")
        if len(_ATTR_CACHE) >= 4096:
            _ATTR_CACHE.clear()
        found = _ATTR_CACHE[key] = tuple(attrs.items())
    return dict(found)


def handle_html_start_tag(self: KramdownParser, block: Handler, line: int | None = None) -> None:
    """Html::Parser#handle_html_start_tag (the tag was just matched by HTML_TAG_RE)."""
    m = self.src.m
    assert m is not None
    name = m.group(1)
    if name.lower() in rx.HTML_ELEMENT:
        name = name.lower()
    attrs = self.parse_html_attributes(m.group(2), name in rx.HTML_ELEMENT, line)
    _start_tag(self, name, attrs, m.group(4) is not None, block, line)


def _start_tag(self: KramdownParser, name: str, attrs: dict[str, Any], closed: bool, block: Handler,
               line: int | None = None) -> None:
    """handle_html_start_tag from the parsed name (downcased if an HTML element) and attributes."""
    el = Element("html_element", name, attrs, {"category": "block"})
    if line is not None:
        el.options["location"] = line
    self.tree.children.append(el)
    if not closed and name in rx.HTML_ELEMENTS_WITHOUT_BODY:
        closed = True
    if name in ("script", "style"):
        self.handle_raw_html_tag(name)
        block(el, False, False)
    else:
        block(el, closed, True)


def handle_raw_html_tag(self: KramdownParser, name: str) -> None:
    src = self.src
    curpos = src.pos
    if _scan_until_start(src, _close_lookahead(name)) is not None:
        self.add_text(src.string[curpos:src.pos], self.tree.children[-1], "raw")
        src.scan(rx.HTML_TAG_CLOSE_RE)
    else:
        self.add_text(src.rest(), self.tree.children[-1], "raw")
        src.terminate()
        self.warning(f"Found no end tag for '{name}' - auto-closing it")


# What parse_raw_html does at the next HTML_RAW_START, in one search: the same start (a < before
# a name, /, !-- or ?), then HTML_COMMENT_RE (group 1), HTML_INSTRUCTION_RE (group 2),
# HTML_TAG_RE (name 3, attributes 4, slash 5) or HTML_TAG_CLOSE_RE (name 7), tried in kramdown's
# order (they exclude each other by the character after the <); none: just the <.
# A start tag followed by text without < (group 6) and the close tag of the very same name is
# taken whole: there the nested parse_raw_html would add that text and stop at that close tag.
# Rewritten, same matches: (?=UNAME) needs only UNAME's first character, and HTML_TAG_RE's
# ("|').*?\3 inside its atomic attribute group is "[^"]*"|'[^']*' (nothing follows the closing
# quote there, so the lazy .*? ends at the first one).
_TAG_BODY = (r"((?>" + rx.UNAME + r"))\s*((?>\s+" + rx.UNAME
             + r"(?:\s*=\s*(?:(?u:\w)+|\"[^\"]*\"|'[^']*'))?)*)\s*(/)?>")
assert rx.HTML_TAG_S == "<" + _TAG_BODY.replace(r"\"[^\"]*\"|'[^']*'", r"(\"|').*?\3")
assert rx.UNAME.startswith(r"(?:(?u:[^\W\d][-\w.]*):)?(?u:[^\W\d]")
_RAW_NEXT = R(r"<(?=(?u:[^\W\d])|/|!--|\?)(?:(!--.*?-->)|(\?.*?\?>)|" + _TAG_BODY
              + r"(?:([^<]*)</\3\s*>)?|/(" + rx.UNAME + r")\s*>)?", re.S)


def parse_raw_html(self: KramdownParser, el: Element, block: Handler) -> None:
    """Html::Parser#parse_raw_html.

    With kramdown's own handler (handle_kramdown_html_tag) a start tag met here opens an element
    whose content model is :raw (its parent is a raw html_element) unless it has a markdown
    attribute, an IAL is pending or it is script/style; such a tag's handle_html_start_tag ->
    handle_kramdown_html_tag -> parse_raw_html recursion runs in this loop, the open elements on
    a local stack (kramdown's @stack is read only by span parsers, which do not run here). After
    the recursion kramdown scans no TRAILING_WHITESPACE: the parent is a raw html_element.
    """
    self.stack.append((self.tree,))
    self.tree = tree = el  # self.tree is set again only before a call out of this loop
    src = self.src
    string = src.string
    n = src.n
    search = _RAW_NEXT.search
    fast = getattr(block, "__func__", None) is handle_kramdown_html_tag
    slow = not fast or self.block_ial is not None
    html_element = rx.HTML_ELEMENT
    without_body = rx.HTML_ELEMENTS_WITHOUT_BODY
    attributes = self.parse_html_attributes
    opened: list[Element] = []
    track = self.track
    pos = src.pos
    while pos < n:
        m = search(string, pos)  # @src.scan_until(HTML_RAW_START) and the scans after it
        if m is None:
            children = tree.children  # add_text(@src.rest, @tree, :text); @src.terminate
            if children and children[-1].type == "text":
                children[-1].value += string[pos:]
            else:
                children.append(Element("text", string[pos:]))
            pos = n
            if track and tree.type == "html_element":  # (the innermost only: then eos)
                self.warning(f"Found no end tag for '{tree.value}' on line "
                             f"{tree.options.get('location')} - auto-closing it")
            break  # every open element ends here too
        q = m.start()
        children = tree.children
        if q > pos:  # add_text(result, @tree, :text)
            if children and children[-1].type == "text":
                children[-1].value += string[pos:q]
            else:
                children.append(Element("text", string[pos:q]))
        pos = m.end()
        last = m.lastindex  # the group closed last: tag 4, 5 or 6, close tag 7, comment 1, PI 2
        if last == 4 or last == 5 or last == 6:  # HTML_TAG_RE: handle_html_start_tag
            name = m.group(3)
            if name not in html_element:
                low = name.lower()
                if low in html_element:
                    name = low
            attr_s = m.group(4)
            attrs = (attributes(attr_s, name in html_element, src.line(q) if track else None)
                     if attr_s else {})
            if last == 6:  # with its text and close tag
                closed = m.group(5) is not None
                tag_end = m.start(6)
            else:
                closed = last == 5
            if slow or "markdown" in attrs or name == "script" or name == "style":
                if last == 6:
                    pos = tag_end
                src.pos = pos
                self.tree = tree
                _start_tag(self, name, attrs, closed, block, src.line(q) if track else None)
                pos = src.pos
                slow = not fast or self.block_ial is not None
                continue
            # handle_html_start_tag + handle_kramdown_html_tag in a raw parent: content model
            # :raw, the body (if any) parsed by parse_raw_html
            if not closed and name in without_body:
                closed = True
            new = Element("html_element", name, attrs,
                          {"category": "block", "content_model": "raw", "is_closed": closed})
            if track:
                new.options["location"] = src.line(q)
            children.append(new)
            if last == 6:
                if closed:
                    pos = tag_end  # the text and the close tag belong to the parent
                else:
                    text = m.group(6)  # the nested parse_raw_html: add_text, then done
                    if text:
                        new.children.append(Element("text", text))
            elif not closed:
                if len(opened) >= MAX_NESTING:  # parse_raw_html recursing in kramdown
                    raise nesting_error([new, tree, *reversed(opened)])
                opened.append(tree)
                tree = new
        elif last == 7:  # HTML_TAG_CLOSE_RE
            name = m.group(7)
            tv = tree.value
            # tv == (HTML_ELEMENT[tv] ? name.downcase : name); HTML_ELEMENT's names are lowercase
            if name == tv or (tv in html_element and name.lower() == tv):
                if not opened:
                    break
                tree = opened.pop()  # that element's parse_raw_html returns
            else:
                text = m.group()
                if children and children[-1].type == "text":
                    children[-1].value += text
                else:
                    children.append(Element("text", text))
                if track:
                    self.warning(f"Found invalidly used HTML closing tag for '{name}' on line {src.line(q)} - ignoring it")
        elif last == 1:  # HTML_COMMENT_RE
            children.append(Element("xml_comment", m.group(), None, {"category": "block"}))
            if track:
                children[-1].options["location"] = src.line(q)
        elif last == 2:  # HTML_INSTRUCTION_RE
            children.append(Element("xml_pi", m.group(), None, {"category": "block"}))
            if track:
                children[-1].options["location"] = src.line(q)
        else:  # add_text(@src.getch, @tree, :text)
            pos = q + 1
            if children and children[-1].type == "text":
                children[-1].value += "<"
            else:
                children.append(Element("text", "<"))
    src.pos = pos
    self.tree = self.stack.pop()[0]


def handle_kramdown_html_tag(self: KramdownParser, el: Element, closed: bool, handle_body: bool) -> None:
    """Kramdown#handle_kramdown_html_tag."""
    if self.block_ial is not None:
        el.options["ial"] = self.block_ial
        self.block_ial = None
    tree = self.tree
    tree_raw = tree.type == "html_element" and tree.options.get("content_model") == "raw"
    if not tree_raw:
        content_model = (rx.HTML_CONTENT_MODEL.get(el.value, "raw")
                         if self.options.get("parse_block_html") else "raw")
    else:
        content_model = "raw"
    val = HTML_MARKDOWN_ATTR_MAP.get(el.attr.pop("markdown", None))  # type: ignore[arg-type]
    if val:
        content_model = rx.HTML_CONTENT_MODEL.get(el.value, "raw") if val == "default" else val
    src = self.src
    if content_model == "block":
        src.scan(rx.TRAILING_WHITESPACE)
    el.options["content_model"] = content_model
    el.options["is_closed"] = closed
    if closed or not handle_body:
        return
    if content_model == "block":
        if not self.parse_blocks(el) and self.track:
            self.warning(f"Found no end tag for '{el.value}' (line {el.options.get('location')}) - auto-closing it")
    elif content_model == "span":
        curpos = src.pos
        if _scan_until_start(src, _close_lookahead(el.value)) is not None:
            self.add_text(src.string[curpos:src.pos], el)
            src.scan(rx.HTML_TAG_CLOSE_RE)
        else:
            self.add_text(src.rest(), el)
            src.terminate()
            if self.track:
                self.warning(f"Found no end tag for '{el.value}' (line {el.options.get('location')}) - auto-closing it")
    else:
        self.parse_raw_html(el, self.html_handler)
    tree = self.tree
    if not (tree.type == "html_element" and tree.options.get("content_model") == "raw"):
        src.scan(rx.TRAILING_WHITESPACE)


def parse_block_html(self: KramdownParser) -> bool:
    """Kramdown#parse_block_html."""
    src = self.src
    line = src.line() if self.track else None
    result = src.scan(rx.HTML_COMMENT_RE)
    if result is not None:
        self.tree.children.append(Element("xml_comment", result, None, {"category": "block"}))
        if line is not None:
            self.tree.children[-1].options["location"] = line
        src.scan(rx.TRAILING_WHITESPACE)
        return True
    if src.check(rx.HTML_BLOCK_TAG) is not None and src.m.group(1).lower() not in rx.HTML_SPAN_ELEMENTS:  # type: ignore[union-attr]
        src.pos = src.end()
        self.handle_html_start_tag(self.html_handler, line)
        return True
    if src.check(rx.HTML_BLOCK_TAG_CLOSE) is not None and src.m.group(1).lower() not in rx.HTML_SPAN_ELEMENTS:  # type: ignore[union-attr]
        name = src.m.group(1).lower()  # type: ignore[union-attr]
        if self.tree.type == "html_element" and self.tree.value == name:
            src.pos = src.end()
            raise StopBlockParsing("found")
    return False


def _span_stop(tag_name: str) -> re.Pattern[str]:
    found = _SPAN_STOP.get(tag_name)
    if found is None:
        flags = re.I if tag_name in rx.HTML_ELEMENT else 0
        found = _SPAN_STOP[tag_name] = R(r"</" + re.escape(tag_name) + r"\s*>", flags)
    return found


def parse_span_html(self: KramdownParser) -> None:
    """Kramdown#parse_span_html."""
    src = self.src
    line = src.line() if self.track else None
    result = src.scan(rx.HTML_COMMENT_RE)
    if result is not None:
        self.tree.children.append(Element("xml_comment", result, None, {"category": "span"}))
        return
    result = src.scan(rx.HTML_TAG_CLOSE_RE)
    if result is not None:
        if line is not None:
            self.warning(f"Found invalidly used HTML closing tag for '{src[1]}' on line {line}")
        self.add_text(result)
        return
    result = src.scan(rx.HTML_TAG_RE)
    if result is None:
        self.add_text(src.getch())
        return
    m = src.m
    assert m is not None
    tag_name = m.group(1)
    if tag_name.lower() in rx.HTML_ELEMENT:
        tag_name = tag_name.lower()
    if tag_name in rx.HTML_BLOCK_ELEMENTS:
        if line is not None:
            self.warning(f"Found block HTML tag '{tag_name}' in span-level text on line {line}")
        self.add_text(result)
        return
    attrs = self.parse_html_attributes(m.group(2), tag_name in rx.HTML_ELEMENT, line)
    for k, v in attrs.items():
        if v:
            attrs[k] = _NL_RUN.sub(" ", v)
    model = rx.HTML_CONTENT_MODEL.get(tag_name, "raw")
    if model == "raw" or self.tree.options.get("content_model") == "raw":
        do_parsing = False
    else:
        do_parsing = bool(self.options.get("parse_span_html"))
    val = HTML_MARKDOWN_ATTR_MAP.get(attrs.pop("markdown", None))  # type: ignore[arg-type]
    if val == "block" and line is not None:
        self.warning(f"Cannot use block-level parsing in span-level HTML tag (line {line}) - using default mode")
    if val == "span":
        do_parsing = True
    elif val == "default":
        do_parsing = model != "raw"
    elif val == "raw":
        do_parsing = False
    el = Element("html_element", tag_name, attrs, {
        "category": "span", "content_model": "span" if do_parsing else "raw",
        "is_closed": m.group(4) is not None})
    self.tree.children.append(el)
    if m.group(4) is None and tag_name not in rx.HTML_ELEMENTS_WITHOUT_BODY:
        stop_re = _span_stop(tag_name)
        if self.parse_spans(el, stop_re, None if do_parsing else ["span_html"]):
            src.scan(stop_re)
        else:
            if line is not None:
                self.warning(f"Found no end tag for '{el.value}' (line {line}) - auto-closing it")
            self.add_text(src.rest(), el)
            src.terminate()
