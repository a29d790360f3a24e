"""kramdown's HTML converter (kramdown/converter/html.rb, converter/base.rb, utils/html.rb).

Syntax highlighting follows kramdown/converter/syntax_highlighter/rouge.rb with Jekyll's options,
delegating the token markup to ``liquidpage.highlight``; math follows math_engine/mathjax.rb.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from ..errors import ConversionError
from .element import MAX_NESTING, Element, nesting_error
from .entities import Entity, entity
from .rx import HTML_ELEMENTS_WITHOUT_BODY

_MAX_INDENT = 2 * MAX_NESTING

ESCAPE_MAP = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}
_REFERENCE = r"&(?:[a-zA-Z0-9_:][-a-zA-Z0-9_.:]*;|#[0-9]+;|#x[0-9a-fA-F]+;)"
ESCAPE_RE = {
    "all": re.compile(r"[<>&]"),
    "text": re.compile(_REFERENCE + r"|[<>&]"),
    "attribute": re.compile(_REFERENCE + r"|[<>&\"]"),
}
NBSP = entity("nbsp")
TYPOGRAPHIC_SYMS = {
    "mdash": [entity("mdash")], "ndash": [entity("ndash")], "hellip": [entity("hellip")],
    "laquo_space": [entity("laquo"), entity("nbsp")], "raquo_space": [entity("nbsp"), entity("raquo")],
    "laquo": [entity("laquo")], "raquo": [entity("raquo")],
}
SMART_QUOTE_INDICES = {"lsquo": 0, "rsquo": 1, "ldquo": 2, "rdquo": 3}
FOOTNOTE_BACKLINK_FMT = '%s<a href="#fnref:%s" class="reversefootnote" role="doc-backlink">%s</a>'
RE_LANGUAGE = re.compile(r"\blanguage-(\S+)")
RE_LANG_AT_START = re.compile(r"language-\S+")
RE_NO_TOC = re.compile(r"\bno_toc\b")
RE_BASIC_ID_LEAD = re.compile(r"^[^a-zA-Z]+", re.M)
RE_BASIC_ID_DROP = re.compile(r"[^a-zA-Z0-9 -]")
RE_AUTO_IDS_REF = re.compile(r"\Aauto_ids(?:-([\w-]+))?")
RE_CJK_BREAK = re.compile(r"([\u4e00-\u9fff\u3400-\u4dbf\u3040-\u309f\u30a0-\u30ff]+)\n"
                          r"([\u4e00-\u9fff\u3400-\u4dbf\u3040-\u309f\u30a0-\u30ff]+)")
PLAINTEXT_NAMES = frozenset(("plaintext", "text", "plain"))


def _escape_match(m: re.Match[str]) -> str:
    found = m.group()
    return ESCAPE_MAP.get(found, found)


_TEXT_SUB = ESCAPE_RE["text"].sub
_ATTRIBUTE_SUB = ESCAPE_RE["attribute"].sub


def escape_html(s: str, type: str = "all") -> str:
    """Kramdown::Utils::Html#escape_html.

    Without an ``&`` there is no entity reference to keep, so ``str.replace`` does what the
    regexp would; ``all`` escapes ``&`` first so that no ``&`` it adds is escaped again.
    """
    if "&" in s:
        if type == "all":
            s = s.replace("&", "&amp;")
        else:
            return ESCAPE_RE[type].sub(_escape_match, s)
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if type == "attribute" and '"' in s:
        s = s.replace('"', "&quot;")
    return s


def _chomp(s: str) -> str:
    if s.endswith("\r\n"):
        return s[:-2]
    if s.endswith("\n") or s.endswith("\r"):
        return s[:-1]
    return s


def _to_s(v: Any) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


def html_attributes(attr: dict[str, Any]) -> str:
    """Kramdown::Utils::Html#html_attributes (callers skip the call for an empty hash)."""
    if not attr:
        return ""
    out = ""
    for k in attr:  # cheaper than items() in CPython
        v = attr[k]
        if v is None:
            continue
        if type(v) is not str:
            v = _to_s(v)
        if k == "id" and v.strip() == "":
            continue
        if "&" in v:
            v = _ATTRIBUTE_SUB(_escape_match, v)
        elif "<" in v or ">" in v or '"' in v:
            v = v.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        out += f' {k}="{v}"'
    return out


# Typographic symbols and smart quotes as HTML: a function of the symbol and the options only,
# shared by all conversions (the converters keep their own smaller caches in front).
_SYMBOL_HTML: dict[tuple[Any, ...], str] = {}


def _copy_node(el: Element) -> Element:
    """A copy of ``el`` whose own lists and hashes can change without touching ``el``."""
    new = Element(el.type, el.value, dict(el.attr), dict(el.options))
    new.children = list(el.children)
    return new


def _rouge_table_options(opts: dict[str, Any]) -> dict[str, Any] | None:
    """Rouge::Formatters::HTMLTable's options from syntax_highlighter_opts, or None without
    ``line_numbers`` (Formatters::HTMLLegacy#initialize, formatters/html_table.rb)."""
    if opts.get("line_numbers") in (None, False):
        return None
    table: dict[str, Any] = {}
    for key in ("start_line", "line_format", "table_class", "gutter_class", "code_class"):
        if key in opts:
            value = opts[key]
            table[key] = int(value) if key == "start_line" else "" if value is None else _to_s(value)
    return table


def _rouge_css_class(value: Any) -> str:
    """``opts[:css_class] ||= 'highlight'`` (only nil and false are replaced), as interpolated."""
    return "highlight" if value is None or value is False else _to_s(value)


def _random_token() -> str:
    """A placeholder as unlikely as kramdown's 129 random base-36 characters."""
    return os.urandom(32).hex()


class HtmlConverter:
    """Kramdown::Converter::Html."""

    def __init__(self, root: Element, options: dict[str, Any],
                 highlight: Callable[[str, str, str | None], str | None] | None = None) -> None:
        self.root = root
        self.options = options
        footnote_nr = options.get("footnote_nr")  # 0 is a valid start
        self.footnote_counter = self.footnote_start = 1 if footnote_nr is None else int(footnote_nr)
        self.footnotes: list[list[Any]] = []
        self.footnotes_by_name: dict[str, list[Any]] = {}
        self.footnote_location: str | None = None
        self.toc: list[tuple[int, str, list[Element]]] = []
        self.toc_code: tuple[str, dict[str, Any], str] | None = None
        self.indent = 2
        self.stack: list[Element] = []
        self.used_ids: dict[str, int] = {}
        sh = options.get("syntax_highlighter")
        self.highlighter_class = " highlighter-" + ("" if sh is None else str(sh))
        self.highlight = highlight
        # SyntaxHighlighter::Rouge's options per type, prepared on first use as kramdown does
        self.hl_settings: dict[str, tuple[Any, ...]] | None = None
        self.rouge = sh == "rouge" and highlight is not None
        # Converter::Base#highlight_code warns once per code element when the configured
        # highlighter is not Rouge (kramdown has no other one here): Document#warnings
        self.missing_highlighter = (None if self.rouge or sh is None or sh is False else
                                    f"The configured syntax highlighter {_to_s(sh)} is not available.")
        self.warnings: list[str] = []
        self.span_class_attrs: str | None = None  # see convert_codespan
        self.entity_output = options.get("entity_output")
        self.cjk_breaks = bool(options.get("remove_line_breaks_for_cjk"))
        self.sym_cache: dict[str, str] = {}  # typographic symbols and smart quotes, per options
        self.quote_cache: dict[str, str] = {}
        # options read for every header, looked up once
        self.auto_ids = options.get("auto_ids")
        self.header_offset = int(options.get("header_offset") or 0)
        self.toc_levels = options.get("toc_levels") or []
        self.align_attrs: dict[str, str] = {}  # see convert_td

    def convert(self, el: Element, indent: int = -2) -> str:
        return _DISPATCH[el.type](self, el, indent)

    def inner(self, el: Element, indent: int) -> str:
        """Html#inner: the converted children, concatenated.

        Text and blank children, half of all elements, are converted here without a call:
        the same result as convert_text and convert_blank.
        """
        ch = el.children
        if not ch:
            return ""
        plain_text = not self.cjk_breaks
        indent += 2
        if indent > _MAX_INDENT:  # the element is MAX_NESTING deep (indent: 2 per level)
            raise nesting_error([el, *reversed(self.stack)])
        if len(ch) == 1:  # a third of all calls: no list to join
            c = ch[0]
            t = c.type
            if t == "text":
                v = c.value
                if plain_text and "&" not in v:
                    if "<" in v:
                        v = v.replace("<", "&lt;")
                    if ">" in v:
                        v = v.replace(">", "&gt;")
                    return v
                return self.convert_text(c, indent)
            self.stack.append(el)
            v = _DISPATCH[t](self, c, indent)
            self.stack.pop()
            return v
        stack = self.stack
        stack.append(el)
        d = _DISPATCH
        out = []
        append = out.append
        for c in ch:
            t = c.type
            if t == "text":
                v = c.value
                if plain_text and "&" not in v:
                    if "<" in v:
                        v = v.replace("<", "&lt;")
                    if ">" in v:
                        v = v.replace(">", "&gt;")
                    append(v)
                else:
                    append(self.convert_text(c, indent))
            elif t == "blank":
                append("\n")
            else:
                append(d[t](self, c, indent))
        stack.pop()
        return "".join(out)

    # --- entities and quotes -------------------------------------------------------------
    def entity_to_str(self, e: Entity, original: str | None = None) -> str:
        eo = self.entity_output
        c = e.char
        if eo == "as_char" and c is not None and (c == '"' or c not in ESCAPE_MAP):
            return c
        if eo in ("as_input", "as_char") and original:
            return original
        if (eo == "symbolic" or c in ESCAPE_MAP) and e.name is not None:
            return f"&{e.name};"
        return f"&#{e.code_point};"

    def convert_blank(self, el: Element, indent: int) -> str:
        return "\n"

    def convert_text(self, el: Element, indent: int) -> str:
        escaped = el.value
        if "<" in escaped or ">" in escaped or "&" in escaped:
            escaped = _TEXT_SUB(_escape_match, escaped)
        if self.cjk_breaks:
            while True:
                new = RE_CJK_BREAK.sub(r"\1\2", escaped)
                if new == escaped:
                    break
                escaped = new
        return escaped

    def convert_p(self, el: Element, indent: int) -> str:
        if el.options.get("transparent"):
            return self.inner(el, indent)
        ch = el.children
        if len(ch) == 1 and ch[0].type == "img" and "standalone" in (
                (ch[0].options.get("ial") or {}).get(":refs") or []):
            return self.convert_standalone_image(el, indent)
        # format_as_block_html("p", ...)
        attr = el.attr
        return f"{' ' * indent}<p{html_attributes(attr) if attr else ''}>{self.inner(el, indent)}</p>\n"

    def convert_standalone_image(self, el: Element, indent: int) -> str:
        figure_attr = dict(el.attr)
        image_attr = dict(el.children[0].attr)
        if "class" in image_attr and "class" not in figure_attr:
            figure_attr["class"] = image_attr.pop("class")
        if "id" in image_attr and "id" not in figure_attr:
            figure_attr["id"] = image_attr.pop("id")
        pad = " " * (indent + self.indent)
        body = (f"{pad}<img{html_attributes(image_attr)} />\n"
                f"{pad}<figcaption>{image_attr.get('alt') or ''}</figcaption>\n")
        return self.format_as_indented_block_html("figure", figure_attr, body, indent)

    # --- code ------------------------------------------------------------------------------
    def _rouge_options(self) -> dict[str, dict[str, Any]]:
        """SyntaxHighlighter::Rouge.prepare_options."""
        opts = dict(self.options.get("syntax_highlighter_opts") or {})
        span = {str(k).lstrip(":"): v for k, v in dict(opts.pop("span", None) or {}).items()}
        block = {str(k).lstrip(":"): v for k, v in dict(opts.pop("block", None) or {}).items()}
        span_opts = {**opts, **span, "wrap": False}
        block_opts = {**opts, **block}
        return {"span": span_opts, "block": block_opts}

    def highlight_code(self, text: str, lang: str | None, type: str, call_opts: dict[str, Any]) -> str | None:
        """Converter::Base#highlight_code with the Rouge highlighter (SyntaxHighlighter::Rouge.call)."""
        if not self.rouge:
            if self.missing_highlighter is not None:
                self.warnings.append(self.missing_highlighter)
            return None
        settings = self.hl_settings
        if settings is None:
            settings = self.hl_settings = {
                kind: (opts.get("default_lang"), opts.get("guess_lang"), opts.get("disable"), opts.get("wrap"),
                       _rouge_css_class(opts.get("css_class")), _rouge_table_options(opts),
                       opts.get("formatter") == "HTML", opts.get("inline_theme"))
                for kind, opts in self._rouge_options().items()}
        default_lang, guess_lang, disable, wrap, css, table, bare, theme = settings[type]
        call_opts["default_lang"] = default_lang
        if not (lang or default_lang or guess_lang):
            return None
        name = lang or default_lang
        if disable or not name:
            return None
        name = str(name)
        if not guess_lang and name in PLAINTEXT_NAMES:
            return None  # Rouge's PlainText lexer: kramdown's plain form; no need to lex first
        # HTMLLegacy formats with HTMLInline(inline_theme) when a theme is set, else HTML
        inline = None if bare or theme is None or theme is False else _to_s(theme)
        try:
            code = self.highlight(text, name, inline)  # kramdown hands Rouge the whole `lang?opts`
        except KeyError:  # Rouge::Theme.find is nil and HTMLInline calls nil.new: Jekyll fails
            if not guess_lang and name.split("?", 1)[0] in PLAINTEXT_NAMES:
                return None  # (kramdown returns before it makes the formatter)
            raise ConversionError(f"Rouge has no theme '{inline}' (kramdown's inline_theme); "
                                  "Jekyll fails on it") from None
        if code is None:
            return None
        if not guess_lang and name.split("?", 1)[0] in PLAINTEXT_NAMES:
            return None
        if bare:  # `formatter: HTML` (SyntaxHighlighter::Rouge.formatter_class): spans only
            return code
        if table is not None:  # HTMLLegacy: HTMLTable around HTML when line_numbers is set
            from ..highlight import html_table

            code = html_table(code, text, **table)
        if type == "span" or wrap is False:
            return code
        # Rouge::Formatters::HTMLLegacy wraps with HTMLPygments: the div's class is fixed
        return f'<div class="highlight"><pre class="{css}"><code>{code}</code></pre></div>'

    @staticmethod
    def extract_code_language(attr: dict[str, Any]) -> str | None:
        cls = attr.get("class")
        if cls:
            m = RE_LANGUAGE.search(cls)
            if m:
                return m.group(1)
        return None

    def extract_code_language_bang(self, attr: dict[str, Any]) -> str | None:
        cls = attr.get("class")
        if cls:
            m = RE_LANGUAGE.search(cls)
            if m:
                # sub(/\blanguage-\S+/, "") removes the match just found
                cls = (cls[:m.start()] + cls[m.end():]).strip()
                if cls:
                    attr["class"] = cls
                else:
                    del attr["class"]
                return m.group(1)
        return None

    def add_syntax_highlighter_to_class_attr(self, attr: dict[str, Any], lang: str | None = None) -> None:
        cls = ((attr.get("class") or "") + self.highlighter_class).lstrip()
        if lang:
            # kramdown's sub(/\blanguage-\S+|(^)/) always matches at the start of the class
            m = RE_LANG_AT_START.match(cls) if cls.startswith("language-") else None
            cls = f"language-{lang}{cls[m.end():]}" if m else f"language-{lang} {cls}"
        attr["class"] = cls

    def convert_codeblock(self, el: Element, indent: int) -> str:
        attr = dict(el.attr)
        lang = self.extract_code_language_bang(attr)
        hl_opts: dict[str, Any] = {}
        code = self.highlight_code(el.value, el.options.get("lang") or lang, "block", hl_opts)
        pad = " " * indent
        if code is not None:
            self.add_syntax_highlighter_to_class_attr(attr, lang or hl_opts.get("default_lang"))
            return f"{pad}<div{html_attributes(attr)}>{code}{pad}</div>\n"
        result = _chomp(escape_html(el.value))
        code_attr = {"class": f"language-{lang}"} if lang else {}
        return (f"{pad}<pre{html_attributes(attr)}><code{html_attributes(code_attr)}>"
                f"{result}\n</code></pre>\n")

    def convert_codespan(self, el: Element, indent: int) -> str:
        attr = el.attr
        hl_opts: dict[str, Any] = {}
        if not attr:
            # No class, so no language: the highlighted span's attributes depend on the options
            # only (add_syntax_highlighter_to_class_attr on an empty hash), computed once.
            result = self.highlight_code(el.value, None, "span", hl_opts)
            if result is None:
                return f"<code>{escape_html(el.value)}</code>"
            attrs = self.span_class_attrs
            if attrs is None:
                attr = {}
                self.add_syntax_highlighter_to_class_attr(attr, hl_opts.get("default_lang"))
                attrs = self.span_class_attrs = html_attributes(attr)
            return f"<code{attrs}>{result}</code>"
        lang = self.extract_code_language(attr)
        result = self.highlight_code(el.value, lang, "span", hl_opts)
        if result is not None:
            attr = dict(attr)
            self.add_syntax_highlighter_to_class_attr(attr, lang or hl_opts.get("default_lang"))
        else:
            result = escape_html(el.value)
        # format_as_span_html("code", ...)
        return f"<code{html_attributes(attr) if attr else ''}>{result}</code>"

    # --- blocks -------------------------------------------------------------------------------
    def convert_blockquote(self, el: Element, indent: int) -> str:
        return self.format_as_indented_block_html("blockquote", el.attr, self.inner(el, indent), indent)

    def convert_header(self, el: Element, indent: int) -> str:
        attr = el.attr
        opts = el.options
        if self.auto_ids and attr.get("id") is None:
            attr = dict(attr)
            attr["id"] = self.generate_id(opts.get("raw_text") or "")
        level = opts["level"]
        hid = attr.get("id")
        if hid is not None and level in self.toc_levels:
            cls = attr.get("class")  # Html#in_toc?
            if not (cls and RE_NO_TOC.search(cls)):
                self.toc.append((level, hid, el.children))
        level += self.header_offset  # clamped to 1..6
        if level > 6:
            level = 6
        elif level < 1:
            level = 1
        # format_as_block_html("h#{level}", ...)
        return (f"{' ' * indent}<h{level}{html_attributes(attr) if attr else ''}>"
                f"{self.inner(el, indent)}</h{level}>\n")

    def generate_id(self, s: str) -> str:
        if self.options.get("transliterated_header_ids"):
            # Converter::Base#generate_id loads Utils::Unidecoder, whose `gem 'stringex'` fails
            # in Debian's Jekyll (no stringex gem): the conversion, and so the build, fails.
            raise ConversionError("kramdown's transliterated_header_ids needs the stringex gem, which "
                                  "Jekyll does not have, so Jekyll fails on this header's automatic id; "
                                  "set kramdown.transliterated_header_ids: false")
        gen_id = self.basic_generate_id(s) or "section"
        used_ids = self.used_ids
        if gen_id in used_ids:
            used_ids[gen_id] += 1
            gen_id += f"-{used_ids[gen_id]}"
        else:
            used_ids[gen_id] = 0
        return str(self.options.get("auto_id_prefix") or "") + gen_id

    @staticmethod
    def basic_generate_id(s: str) -> str:
        gen_id = RE_BASIC_ID_LEAD.sub("", s)
        gen_id = RE_BASIC_ID_DROP.sub("", gen_id)
        return gen_id.replace(" ", "-").lower()

    def convert_hr(self, el: Element, indent: int) -> str:
        return f"{' ' * indent}<hr{html_attributes(el.attr)} />\n"

    def convert_ul(self, el: Element, indent: int) -> str:
        ial = el.options.get("ial")
        if ial:
            refs = ial.get(":refs") or []
            if self.toc_code is None and "toc" in refs:
                self.toc_code = (el.type, el.attr, _random_token())
                return self.toc_code[2]
            if self.footnote_location is None and "footnotes" in refs:
                self.footnote_location = _random_token()
                return self.footnote_location
        # format_as_indented_block_html(el.type, ...)
        pad = " " * indent
        name = el.type
        attr = el.attr
        return (f"{pad}<{name}{html_attributes(attr) if attr else ''}>\n"
                f"{self.inner(el, indent)}{pad}</{name}>\n")

    convert_ol = convert_ul

    def convert_dl(self, el: Element, indent: int) -> str:
        return self.format_as_indented_block_html("dl", el.attr, self.inner(el, indent), indent)

    def convert_li(self, el: Element, indent: int) -> str:
        pad = " " * indent
        name = el.type
        attr = el.attr
        ch = el.children
        if not ch:
            res = ""
        elif ch[0].type == "p" and ch[0].options.get("transparent"):
            # A tight item's only child is a transparent paragraph, which convert_p turns into
            # its inner: that inner is called directly.
            res = self.inner(ch[0], indent + 2) if len(ch) == 1 else self.inner(el, indent)
            if res.endswith("\n"):
                res += pad
        else:
            res = f"\n{self.inner(el, indent)}{pad}"
        return f"{pad}<{name}{html_attributes(attr) if attr else ''}>{res}</{name}>\n"

    convert_dd = convert_li

    def convert_dt(self, el: Element, indent: int) -> str:
        attr = dict(el.attr)
        parent_ial = self.stack[-1].options.get("ial") if self.stack else None
        if attr.get("id") is None and parent_ial and parent_ial.get(":refs"):
            for ref in parent_ial[":refs"]:
                m = RE_AUTO_IDS_REF.match(ref)
                if m:
                    attr["id"] = f"{m.group(1) or ''}{self.basic_generate_id(el.options.get('raw_text') or '')}".lstrip()
                    break
        return self.format_as_block_html("dt", attr, self.inner(el, indent), indent)

    def _parent_is_raw(self) -> bool:
        stack = self.stack
        if not stack:
            return False
        parent = stack[-1]
        return parent.type == "html_element" and parent.options.get("content_model") == "raw"

    def convert_html_element(self, el: Element, indent: int) -> str:
        res = self.inner(el, indent)
        attr = el.attr
        attrs = html_attributes(attr) if attr else ""
        name = el.value
        if el.options.get("category") == "span":
            if not res and name in HTML_ELEMENTS_WITHOUT_BODY:
                return f"<{name}{attrs} />"
            return f"<{name}{attrs}>{res}</{name}>"
        parent_raw = self._parent_is_raw()
        pad = " " * indent
        output = "" if parent_raw else pad
        output += f"<{name}{attrs}"
        cm = el.options.get("content_model")
        if el.options.get("is_closed") and cm == "raw":
            output += " />"
        elif res and cm != "block":
            output += f">{res}</{name}>"
        elif res:
            output += f">\n{_chomp(res)}\n{pad}</{name}>"
        elif name in HTML_ELEMENTS_WITHOUT_BODY:
            output += " />"
        else:
            output += f"></{name}>"
        if not parent_raw:
            output += "\n"
        return output

    def convert_xml_comment(self, el: Element, indent: int) -> str:
        if el.options.get("category") == "block" and not self._parent_is_raw():
            return " " * indent + el.value + "\n"
        return el.value

    convert_xml_pi = convert_xml_comment

    def convert_table(self, el: Element, indent: int) -> str:
        return self.format_as_indented_block_html(el.type, el.attr, self.inner(el, indent), indent)

    convert_thead = convert_tbody = convert_tfoot = convert_tr = convert_table

    def convert_td(self, el: Element, indent: int) -> str:
        res = self.inner(el, indent) or self.entity_to_str(NBSP)
        stack = self.stack
        ctype = "th" if stack[-2].type == "thead" else "td"
        attr = el.attr
        idx = stack[-1].children.index(el)  # Element has identity equality
        alignment = stack[-3].options["alignment"][idx]
        if alignment == "default":
            attrs = html_attributes(attr) if attr else ""
        elif not attr:  # the usual aligned cell: its attributes depend on the alignment only
            attrs = self.align_attrs.get(alignment)
            if attrs is None:
                attrs = self.align_attrs[alignment] = html_attributes({"style": f"text-align: {alignment}"})
        else:
            attr = dict(attr)
            attr["style"] = (f"{attr['style']}; " if "style" in attr else "") + f"text-align: {alignment}"
            attrs = html_attributes(attr)
        # format_as_block_html(ctype, ...)
        return f"{' ' * indent}<{ctype}{attrs}>{res}</{ctype}>\n"

    def convert_comment(self, el: Element, indent: int) -> str:
        if el.options.get("category") == "block":
            return f"{' ' * indent}<!-- {el.value} -->\n"
        return f"<!-- {el.value} -->"

    def convert_br(self, el: Element, indent: int) -> str:
        return "<br />"

    def convert_a(self, el: Element, indent: int) -> str:
        attr = el.attr
        return f"<a{html_attributes(attr) if attr else ''}>{self.inner(el, indent)}</a>"

    def convert_img(self, el: Element, indent: int) -> str:
        return f"<img{html_attributes(el.attr)} />"

    def convert_footnote(self, el: Element, indent: int) -> str:
        repeat = ""
        name = str(self.options.get("footnote_prefix") or "") + el.options["name"]
        footnote = self.footnotes_by_name.get(name)
        if footnote is not None:
            number = footnote[2]
            footnote[3] += 1
            repeat = f":{footnote[3]}"
        else:
            number = self.footnote_counter
            self.footnote_counter += 1
            footnote = [name, el.value, number, 0]
            self.footnotes.append(footnote)
            self.footnotes_by_name[name] = footnote
        return (f'<sup id="fnref:{name}{repeat}" role="doc-noteref">'
                f'<a href="#fn:{name}" class="footnote" rel="footnote">{number}</a></sup>')

    def convert_raw(self, el: Element, indent: int) -> str:
        types = el.options.get("type")
        if not types or "html" in types:
            return el.value + ("\n" if el.options.get("category") == "block" else "")
        return ""

    def convert_em(self, el: Element, indent: int) -> str:
        name = el.type
        attr = el.attr
        return f"<{name}{html_attributes(attr) if attr else ''}>{self.inner(el, indent)}</{name}>"

    convert_strong = convert_em

    def convert_entity(self, el: Element, indent: int) -> str:
        return self.entity_to_str(el.value, el.options.get("original"))

    def convert_typographic_sym(self, el: Element, indent: int) -> str:
        found = self.sym_cache.get(el.value)
        if found is None:
            found = self.sym_cache[el.value] = self._typographic_sym(el.value)
        return found

    def _typographic_sym(self, value: str) -> str:
        custom = (self.options.get("typographic_symbols") or {}).get(value)
        if custom is not None:
            return escape_html(str(custom), "text")
        key = ("sym", value, self.entity_output)
        found = _SYMBOL_HTML.get(key)
        if found is None:
            found = _SYMBOL_HTML[key] = "".join(self.entity_to_str(e) for e in TYPOGRAPHIC_SYMS[value])
        return found

    def convert_smart_quote(self, el: Element, indent: int) -> str:
        found = self.quote_cache.get(el.value)
        if found is None:
            res = self.options["smart_quotes"][SMART_QUOTE_INDICES[el.value]]
            key = ("quote", el.value, res, self.entity_output)
            found = _SYMBOL_HTML.get(key)
            if found is None:
                try:
                    e = entity(res)
                except KeyError:
                    e = entity(el.value)
                found = _SYMBOL_HTML[key] = self.entity_to_str(e)
            self.quote_cache[el.value] = found
        return found

    def convert_math(self, el: Element, indent: int) -> str:
        block = el.options.get("category") == "block"
        if self.options.get("math_engine") == "mathjax":
            value = escape_html(el.value)
            result = f"\\[{value}\\]\n" if block else f"\\({value}\\)"
            if not el.attr:
                return result
            if block:
                return self.format_as_block_html("div", el.attr, result, indent)
            return self.format_as_span_html("span", el.attr, f"${el.value}$")
        attr = dict(el.attr)
        attr["class"] = f"{attr.get('class') or ''} kdmath".lstrip()
        if block:
            return self.format_as_block_html("div", attr, f"$$\n{el.value}\n$$", indent)
        return self.format_as_span_html("span", attr, f"${el.value}$")

    def convert_abbreviation(self, el: Element, indent: int) -> str:
        title = self.root.options["abbrev_defs"][el.value]
        attr = dict(self.root.options["abbrev_attr"][el.value])
        if title:
            attr["title"] = title
        return self.format_as_span_html("abbr", attr, el.value)

    def convert_root(self, el: Element, indent: int) -> str:
        result = self.inner(el, indent)
        if self.footnote_location:
            result = result.replace(self.footnote_location, self.footnote_content(), 1)
        else:
            result += self.footnote_content()
        if self.toc_code:
            toc_tree = self.generate_toc_tree(self.toc, self.toc_code[0], self.toc_code[1] or {})
            text = self.convert(toc_tree, 0) if toc_tree.children else ""
            result = result.replace(self.toc_code[2], text, 1)
        return result

    # --- formatting helpers ---------------------------------------------------------------------
    # The hot convert_* methods inline these three (a comment names the one they stand for).
    @staticmethod
    def format_as_span_html(name: str, attr: dict[str, Any], body: str) -> str:
        return f"<{name}{html_attributes(attr) if attr else ''}>{body}</{name}>"

    @staticmethod
    def format_as_block_html(name: str, attr: dict[str, Any], body: str, indent: int) -> str:
        return f"{' ' * indent}<{name}{html_attributes(attr) if attr else ''}>{body}</{name}>\n"

    @staticmethod
    def format_as_indented_block_html(name: str, attr: dict[str, Any], body: str, indent: int) -> str:
        pad = " " * indent
        return f"{pad}<{name}{html_attributes(attr) if attr else ''}>\n{body}{pad}</{name}>\n"

    # --- TOC and footnotes ------------------------------------------------------------------
    def generate_toc_tree(self, toc: list[tuple[int, str, list[Element]]], type: str,
                          attr: dict[str, Any]) -> Element:
        sections = Element(type, None, dict(attr))
        if sections.attr.get("id") is None:
            sections.attr["id"] = "markdown-toc"
        toc_id = sections.attr["id"]
        stack: list[Element] = []
        for level, hid, children in toc:
            a = Element("a", None, {"href": f"#{hid}", "id": f"{toc_id}-{hid}"})
            a.children = self.fix_for_toc_entry(children)
            para = Element("p", None, None, {"transparent": True})
            para.children.append(a)
            li = Element("li", None, None, {"level": level})
            li.children = [para, Element(type)]
            while True:
                if not stack:
                    sections.children.append(li)
                    stack.append(li)
                    break
                if stack[-1].options["level"] < level:
                    stack[-1].children[-1].children.append(li)
                    stack.append(li)
                    break
                item = stack.pop()
                if not item.children[-1].children:
                    item.children.pop()
        while stack:
            item = stack.pop()
            if not item.children[-1].children:
                item.children.pop()
        return sections

    def fix_for_toc_entry(self, elements: list[Element]) -> list[Element]:
        """Html#fix_for_toc_entry on a deep copy of the header's children: footnotes removed,
        links unwrapped (remove_footnotes then unwrap_links, in one pass).

        Instead of kramdown's full copy, an element is copied only when its children change:
        conversion never modifies an element, so the TOC may share the unchanged ones.
        """
        out: list[Element] = []
        for c in elements:
            if c.type == "footnote":
                continue
            ch = c.children
            if ch:
                fixed = self.fix_for_toc_entry(ch)
                if c.type == "a":
                    out.extend(fixed)
                    continue
                if len(fixed) != len(ch) or any(a is not b for a, b in zip(fixed, ch)):
                    c = Element(c.type, c.value, dict(c.attr), dict(c.options))
                    c.children = fixed
            elif c.type == "a":
                continue
            out.append(c)
        return out

    def footnote_content(self) -> str:
        if not self.footnotes:
            return ""  # what the loop below ends with when there is no footnote
        ol = Element("ol")
        if self.footnote_start != 1:
            ol.attr["start"] = self.footnote_start
        backlink = str(self.options.get("footnote_backlink") or "")
        backlink_text = escape_html(backlink, "text")
        i = 0
        while i < len(self.footnotes):
            name, data, _, repeat = self.footnotes[i]
            li = Element("li", None, {"id": f"fn:{name}", "role": "doc-endnote"})
            # kramdown converts a deep copy of the definition, as the backlinks are added to it;
            # here only the elements on the way to the paragraph that gets them are copied
            # (conversion itself changes no element).
            li.children = list(data.children)
            para = None
            insert_space = False
            if (li.children and li.children[-1].type == "p") or self.options.get("footnote_backlink_inline"):
                parent = li
                while parent.children and parent.children[-1].type not in ("p", "header"):
                    child = parent.children[-1] = _copy_node(parent.children[-1])
                    parent = child
                if parent.children:
                    para = parent.children[-1] = _copy_node(parent.children[-1])
                insert_space = True
            if para is None:
                para = Element("p")
                li.children.append(para)
                insert_space = False
            if backlink:
                nbsp = self.entity_to_str(NBSP)
                para.children.append(Element("raw", FOOTNOTE_BACKLINK_FMT % (
                    nbsp if insert_space else "", name, backlink_text)))
                for index in range(1, repeat + 1):
                    para.children.append(Element("raw", FOOTNOTE_BACKLINK_FMT % (
                        nbsp, f"{name}:{index}", f"{backlink_text}<sup>{index + 1}</sup>")))
            ol.children.append(Element("raw", self.convert(li, 4)))
            i += 1
        if not ol.children:
            return ""
        return self.format_as_indented_block_html(
            "div", {"class": "footnotes", "role": "doc-endnotes"}, self.convert(ol, 2), 0)


class _Dispatch(dict):  # type: ignore[type-arg]
    """Element type -> unbound ``HtmlConverter.convert_<type>``."""

    def __missing__(self, key: str) -> Callable[[HtmlConverter, Element, int], str]:
        fn = self[key] = getattr(HtmlConverter, "convert_" + key)
        return fn  # type: ignore[no-any-return]


_DISPATCH = _Dispatch()
