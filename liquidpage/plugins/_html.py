"""An HTML fragment tree that re-serializes as Nokogiri 1.13 on libxml2 2.9.14 does.

jekyll-toc and html-pipeline (jekyll-mentions) parse HTML with
``Nokogiri::HTML::DocumentFragment.parse`` (libxml2's HTML 4 parser) and write it back with
``to_html``/``inner_html`` (libxml2's ``htmlNodeDumpFormatOutput`` with ``XML_SAVE_FORMAT``).
That round trip changes bytes: ``<br />`` becomes ``<br>``, entities become characters,
attributes get double quotes (single ones when the value holds ``"`` and no ``'``), boolean
attributes lose their value, ``href``/``src``/``action`` (and ``name`` on ``a``) are
URI-escaped, unknown entities and bare ``&`` become ``&amp;``, unclosed elements are closed, and
newlines are added inside and after block elements (the ``format`` rules below).

This module reproduces those effects for the HTML Jekyll sites produce; it is our own tokenizer
(Python's ``html.parser``) and tree builder, not libxml2, so markup that libxml2 repairs in its
own way (misnested tags, HTML 5 implied structure) can differ (docs/parity.md).
"""

from __future__ import annotations

import html.entities
import re
from html.parser import HTMLParser

# libxml2 2.9.14 html40ElementTable flags, as measured through Nokogiri (fixtures/README).
EMPTY = frozenset("area base basefont br col frame hr img input isindex link meta param".split())
# Elements written without an end tag when they have no children (saveEndTag).
SAVE_END = frozenset(["li"])
INLINE = frozenset(
    "a abbr acronym applet b basefont bdo big br button cite code del dfn em font i iframe img "
    "input ins kbd label map object q s samp script select small span strike strong sub sup "
    "textarea tt u var".split())
# Known (HTML 4) elements; the format newlines apply only to these (libxml2's `info != NULL`).
KNOWN = INLINE | EMPTY | SAVE_END | frozenset(
    "address blockquote body caption center colgroup dd dir div dl dt fieldset form frameset "
    "h1 h2 h3 h4 h5 h6 head html legend menu noframes noscript ol optgroup option p pre style "
    "table tbody td tfoot th thead title tr ul".split())
RAW_TEXT = frozenset(["script", "style"])
BOOLEAN_ATTRS = frozenset(
    "checked compact declare defer disabled ismap multiple nohref noresize noshade nowrap "
    "readonly selected".split())
# Start tags that close an open <p> (libxml2 htmlStartClose, the block elements).
CLOSES_P = frozenset(
    "address blockquote center dir div dl fieldset form h1 h2 h3 h4 h5 h6 hr menu ol p pre "
    "table ul li dd dt noscript noframes".split())
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                      b"-_.!~*'()" b"@/:=?;#%&,+<>")
_HTML4_ENTITIES = html.entities.name2codepoint


class Node:
    __slots__ = ("name", "attrs", "children", "parent")

    def __init__(self, name: str, attrs: list[tuple[str, str | None]] | None = None) -> None:
        self.name = name
        self.attrs = attrs or []
        self.children: list[Node | Text | Comment] = []
        self.parent: Node | None = None

    def append(self, child: Node | Text | Comment) -> None:
        child.parent = self
        self.children.append(child)

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value if value is not None else ""
        return None

    @property
    def text(self) -> str:
        return "".join(c.value if isinstance(c, Text) else c.text if isinstance(c, Node) else ""
                       for c in self.children)

    def iter(self):  # document order, descendants only
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()


class Text:
    __slots__ = ("value", "parent")

    def __init__(self, value: str) -> None:
        self.value = value
        self.parent: Node | None = None


class Comment:
    __slots__ = ("value", "parent")

    def __init__(self, value: str) -> None:
        self.value = value
        self.parent: Node | None = None


def _unescape(text: str) -> str:
    """HTML 4 entities and character references, with the semicolon (libxml2's htmlParseEntityRef)."""
    def repl(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            try:
                code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
                return chr(code)
            except (ValueError, OverflowError):
                return m.group(0)
        code = _HTML4_ENTITIES.get(ref)
        return chr(code) if code is not None else m.group(0)
    return re.sub(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);", repl, text)


class _Builder(HTMLParser):
    def __init__(self, root: Node) -> None:
        super().__init__(convert_charrefs=False)
        self.root = root
        self.stack = [root]
        self.pending: list[str] = []

    def _flush(self) -> None:
        if self.pending:
            raw = "".join(self.pending)
            self.pending = []
            top = self.stack[-1]
            value = raw if top.name in RAW_TEXT else _unescape(raw)
            last = top.children[-1] if top.children else None
            if isinstance(last, Text):
                last.value += value
            else:
                top.append(Text(value))

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    # html.parser does not say whether an entity reference had its ";": the position of the
    # "&" is where the last token ended (updatepos), reset when goahead starts over.
    def goahead(self, end: bool) -> None:  # type: ignore[override]
        self._last = 0
        super().goahead(end)

    def updatepos(self, i: int, j: int) -> int:
        self._last = j
        return super().updatepos(i, j)

    def handle_entityref(self, name: str) -> None:
        with_semicolon = self.rawdata.startswith(f"&{name};", getattr(self, "_last", 0))
        # libxml2 decodes a known HTML 4 entity only with its ";" (else "&" is text: "&amp;copy").
        if with_semicolon:
            self.pending.append(f"&{name};" if name in _HTML4_ENTITIES else f"&amp;{name};")
        else:
            self.pending.append(f"&amp;{name}")

    def handle_charref(self, name: str) -> None:
        self.pending.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.stack[-1].append(Comment(data))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag in CLOSES_P:
            self._close_p(tag)
        node = Node(tag, [(k, v if v is None else v) for k, v in attrs])
        self.stack[-1].append(node)
        if tag not in EMPTY:
            self.stack.append(node)

    def _close_p(self, tag: str) -> None:
        names = [n.name for n in self.stack]
        if tag == "li" and "li" in names:
            self._pop_to(names.index("li"), stop={"ul", "ol"})
        elif tag in ("dd", "dt"):
            for other in ("dd", "dt"):
                if other in names:
                    self._pop_to(names.index(other), stop={"dl"})
        if self.stack[-1].name == "p":
            self.stack.pop()

    def _pop_to(self, index: int, stop: set[str]) -> None:
        if any(n.name in stop for n in self.stack[index + 1:]):
            return
        del self.stack[index:]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in EMPTY and self.stack[-1].name == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].name == tag:
                del self.stack[i:]
                return

    def close(self) -> None:
        super().close()
        self._flush()


def parse_fragment(markup: str) -> Node:
    """``Nokogiri::HTML::DocumentFragment.parse``: the fragment's nodes under one root."""
    root = Node("#fragment")
    builder = _Builder(root)
    builder.feed(markup)
    builder.close()
    return root


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _uri_escape(value: str) -> str:
    out = []
    for byte in value.encode("utf-8"):
        out.append(chr(byte) if byte in _URI_SAFE else f"%{byte:02X}")
    return "".join(out)


def _quoted(value: str) -> str:
    """libxml2 xmlBufWriteQuotedString."""
    if '"' in value:
        if "'" in value:
            return '"' + value.replace('"', "&quot;") + '"'
        return "'" + value + "'"
    return '"' + value + '"'


def _attr(node: Node, name: str, value: str | None) -> str:
    """libxml2 htmlAttrDumpOutput."""
    if value is None or name in BOOLEAN_ATTRS:
        return " " + name
    escaped = _escape_text(value)
    if name in ("href", "action", "src") or (name == "name" and node.name == "a"):
        escaped = _uri_escape(escaped.lstrip(" \t\n\r"))
    return f" {name}={_quoted(escaped)}"


def _is_text(node: object) -> bool:
    return isinstance(node, Text)


def serialize(node: Node | Text | Comment, out: list[str], root: bool = True) -> None:
    """libxml2 htmlNodeDumpFormatOutput (format on), for one node and its subtree."""
    if isinstance(node, Text):
        parent = node.parent
        out.append(node.value if parent is not None and parent.name in RAW_TEXT else _escape_text(node.value))
        return
    if isinstance(node, Comment):
        out.append(f"<!--{node.value}-->")
        return
    known = node.name in KNOWN
    block = known and node.name not in INLINE
    out.append("<" + node.name + "".join(_attr(node, k, v) for k, v in node.attrs))
    if node.name in EMPTY:
        out.append(">")
    elif not node.children:
        out.append(">" if node.name in SAVE_END else f"></{node.name}>")
    else:
        out.append(">")
        kids = node.children
        if block and not _is_text(kids[0]) and len(kids) > 1 and node.name[0] != "p":
            out.append("\n")
        for child in kids:
            serialize(child, out, root=False)
        if block and not _is_text(kids[-1]) and len(kids) > 1 and node.name[0] != "p":
            out.append("\n")
        out.append(f"</{node.name}>")
    if not root and block and node.parent is not None:
        siblings = node.parent.children
        index = _index(siblings, node)
        if index + 1 < len(siblings) and not _is_text(siblings[index + 1]) \
                and node.parent.name[0] != "p":
            out.append("\n")


def _index(items: list, item: object) -> int:
    for i, candidate in enumerate(items):
        if candidate is item:
            return i
    return -1


def inner_html(root: Node) -> str:
    """``DocumentFragment#to_html``/``#inner_html``: each top-level node serialized on its own."""
    out: list[str] = []
    for child in root.children:
        serialize(child, out, root=True)
    return "".join(out)


def to_html(node: Node | Text | Comment) -> str:
    out: list[str] = []
    serialize(node, out, root=True)
    return "".join(out)
