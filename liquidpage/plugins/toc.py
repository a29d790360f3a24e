"""jekyll-toc 0.18.0: the ``toc``, ``toc_only`` and ``inject_anchors`` filters and ``{% toc %}``.

A port of the gem's ``lib/jekyll-toc.rb`` (``TocTag``, ``TableOfContentsFilter``) and
``lib/table_of_contents/{configuration,helper,parser}.rb`` (``Configuration``, ``Helper``,
``Parser``). The HTML is parsed and written back as Nokogiri does (``_html.py``), so the
``toc``/``inject_anchors`` output carries Nokogiri's re-serialization of the whole input.

- The filters act only when the page's ``toc`` is ``true`` (``toc_enabled?``); otherwise
  ``toc``/``inject_anchors`` return the input and ``toc_only`` returns ``""``.
- ``{% toc %}`` renders the list for the page's ``content`` (the payload's ``page.content``)
  when the page's ``toc`` is truthy.
- The ``toc:`` configuration is merged over the defaults (``Configuration``); a value that is
  not a mapping gives the defaults.
- Headings: ``h<min_level>``..``h<max_level>`` in document order, less those inside an element
  of class ``no_toc_section_class`` (a string or a list) and those of class ``no_toc``. The id
  is the heading's own ``id`` (used as is, and never numbered: the gem counts duplicates by the
  attribute *object*) or, when it has none, the text lowercased, stripped of everything but
  word characters, ``-`` and spaces, spaces made dashes, CGI-escaped, then ``-1``, ``-2``...
  for repeats (``Parser#parse_content``, ``Helper#generate_toc_id``).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus

from liquid.ast import Node as LiquidNode
from liquid.exceptions import LiquidError
from liquid.filter import with_context
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION

from liquidpage.filters import site_of
from liquidpage.plugins._html import Node, Text, inner_html, parse_fragment
from liquidpage.ruby import to_s

if TYPE_CHECKING:  # pragma: no cover
    from typing import TextIO

    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry

DEFAULT_CONFIG: dict[str, Any] = {
    "min_level": 1,
    "max_level": 6,
    "ordered_list": False,
    "no_toc_section_class": "no_toc_section",
    "list_id": "toc",
    "list_class": "section-nav",
    "sublist_class": "",
    "item_class": "toc-entry",
    "item_prefix": "toc-",
}


class TocError(LiquidError):
    """What makes the gem raise (a heading with no content: NoMethodError on nil)."""


def configuration(options: Any) -> dict[str, Any]:
    """``Configuration#initialize``: ``DEFAULT_CONFIG.merge(options)``, defaults on a TypeError."""
    config = dict(DEFAULT_CONFIG)
    if isinstance(options, Mapping):
        config.update(options)
    return config


def _word(ch: str) -> bool:
    """Onigmo's ``\\p{Word}``: letters, marks, decimal numbers, connector punctuation, joiners."""
    cat = unicodedata.category(ch)
    return cat[0] in "LM" or cat in ("Nd", "Pc") or ch in "\u200c\u200d"


def generate_toc_id(text: str) -> str:
    """``Helper#generate_toc_id``."""
    kept = "".join(ch for ch in text.lower() if ch in "- " or _word(ch))
    return quote_plus(kept.replace(" ", "-"), safe="~")


def _classes(node: Node) -> list[str]:
    return (node.get("class") or "").split()


def _levels(config: Mapping[str, Any]) -> list[str]:
    return [f"h{level}" for level in range(int(config["min_level"]), int(config["max_level"]) + 1)]


class Parser:
    """``TableOfContents::Parser``."""

    def __init__(self, markup: str, options: Any = None) -> None:
        self.doc = parse_fragment(to_s(markup))
        self.config = configuration(options if options is not None else {})
        self.entries = self._parse_content()

    def _in_no_toc_section(self, node: Node) -> bool:
        wanted = self.config["no_toc_section_class"]
        names = [to_s(c) for c in wanted] if isinstance(wanted, list) else [to_s(wanted)]
        parent = node.parent
        while parent is not None and parent.name != "#fragment":
            if any(name in _classes(parent) for name in names):
                return True
            parent = parent.parent
        return False

    def _parse_content(self) -> list[dict[str, Any]]:
        levels = _levels(self.config)
        headers: dict[str, int] = {}
        entries = []
        for node in self.doc.iter():
            if node.name not in levels or self._in_no_toc_section(node) or "no_toc" in _classes(node):
                continue
            text = node.text
            own_id = node.get("id")
            if own_id is not None:
                entry_id = own_id  # an Attr: a new hash key every time, so never numbered
            else:
                key = generate_toc_id(text)
                suffix = headers.get(key, 0)
                headers[key] = suffix + 1
                entry_id = key if suffix == 0 else f"{key}-{suffix}"
            entries.append({"id": entry_id, "text": html.escape(text, quote=True).replace("&#x27;", "&#39;"),
                            "node_name": node.name, "node": node, "h_num": int(node.name[1:])})
        return entries

    @property
    def list_tag(self) -> str:
        return "ol" if self.config["ordered_list"] else "ul"

    def build_toc(self) -> str:
        c = self.config
        return (f'<{self.list_tag} id="{to_s(c["list_id"])}" class="{to_s(c["list_class"])}">\n'
                f"{self._build_list(self.entries)}</{self.list_tag}>")

    def inject_anchors_into_html(self) -> str:
        for entry in self.entries:
            node: Node = entry["node"]
            if not node.children:
                raise TocError("undefined method `add_previous_sibling' for nil:NilClass (jekyll-toc: "
                               f"an empty <{node.name}> heading)", token=None)
            anchor = parse_fragment(f'<a class="anchor" href="#{entry["id"]}" aria-hidden="true">'
                                    '<span class="octicon octicon-link"></span></a>')
            for new in reversed(anchor.children):
                new.parent = node
                node.children.insert(0, new)
        return inner_html(self.doc)

    def toc(self) -> str:
        return self.build_toc() + self.inject_anchors_into_html()

    def _build_list(self, entries: list[dict[str, Any]]) -> str:
        """``Parser#build_toc_list``."""
        c = self.config
        out = []
        i = 0
        min_h = min((e["h_num"] for e in entries), default=None)
        sublist = to_s(c["sublist_class"])
        ul_attributes = f' class="{sublist}"' if sublist else ""
        while i < len(entries):
            entry = entries[i]
            if entry["h_num"] == min_h:
                out.append(f'<li class="{to_s(c["item_class"])} {to_s(c["item_prefix"])}{entry["node_name"]}">'
                           f'<a href="#{entry["id"]}">{entry["text"]}</a>')
                nxt = i + 1
                if nxt < len(entries) and entries[nxt]["h_num"] > min_h:
                    nest = _nest(entries[nxt:], min_h)
                    out.append(f"\n<{self.list_tag}{ul_attributes}>\n{self._build_list(nest)}</{self.list_tag}>\n")
                    i += len(nest)
                out.append("</li>\n")
            elif entry["h_num"] > min_h:
                nest = _nest(entries[i:], min_h)
                out.append(self._build_list(nest))
                i += len(nest) - 1
            i += 1
        return "".join(out)


def _nest(entries: list[dict[str, Any]], min_h: int) -> list[dict[str, Any]]:
    """``Parser#get_nest_entries``."""
    out = []
    for entry in entries:
        if entry["h_num"] == min_h:
            break
        out.append(entry)
    return out


def _page(context: RenderContext) -> Any:
    page = context.resolve("page")
    return page if isinstance(page, Mapping) else {}


def _site_config(context: RenderContext) -> Any:
    site = site_of(context)  # context.registers[:site]
    return (site.config.get("toc") if site is not None else None) or {}


def _enabled(context: RenderContext) -> bool:
    return _page(context).get("toc") is True


@with_context
def toc_only(html_: Any, *, context: RenderContext) -> str:
    if not _enabled(context):
        return ""
    return Parser(html_, _site_config(context)).build_toc()


@with_context
def inject_anchors(html_: Any, *, context: RenderContext) -> Any:
    if not _enabled(context):
        return html_
    return Parser(html_, _site_config(context)).inject_anchors_into_html()


@with_context
def toc(html_: Any, *, context: RenderContext) -> Any:
    if not _enabled(context):
        return html_
    return Parser(html_, _site_config(context)).toc()


class TocNode(LiquidNode):
    __slots__ = ()

    def __init__(self, token: Any) -> None:
        super().__init__(token)
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        page = _page(context)
        flag = page.get("toc")
        if flag is None or flag is False:
            return 0
        return buffer.write(Parser(page.get("content"), _site_config(context)).build_toc())


class TocTag(Tag):
    name = "toc"
    block = False

    def parse(self, stream: TokenStream) -> TocNode:
        token = stream.current  # the gem's tag ignores its markup
        if stream.peek.kind == TOKEN_EXPRESSION:
            stream.next()
        return TocNode(token)


def register(registry: Registry) -> None:
    registry.add_filter("toc_only", toc_only)
    registry.add_filter("inject_anchors", inject_anchors)
    registry.add_filter("toc", toc)
    registry.add_tag(TocTag)


__all__ = ["Parser", "TocTag", "configuration", "generate_toc_id", "register"]
