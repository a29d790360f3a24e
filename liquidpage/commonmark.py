"""``markdown: CommonMark``: the jekyll-commonmark 1.4.0 converter on markdown-it-py.

jekyll-commonmark parses with the commonmarker gem (0.23, cmark-gfm) and renders with a Ruby
renderer: its own ``Jekyll::Converters::Markdown::CommonMark::HtmlRenderer`` (fenced and indented
code through Rouge) on top of ``CommonMarker::HtmlRenderer`` (lib/commonmarker/renderer/
html_renderer.rb, lib/commonmarker/renderer.rb). This module parses with markdown-it-py (the only
module importing ``markdown_it``) and renders its syntax tree the way those Ruby renderers do:
``block`` = cr, body, cr; tight-list paragraphs without ``<p>``; raw HTML replaced by
``<!-- raw HTML omitted -->`` unless the UNSAFE option is given; image alt text in the
renderer's "plain" mode.

Config (jekyll-commonmark.rb ``CommonMark#initialize``): ``commonmark: {options: [...],
extensions: [...]}``; options are upcased, unknown options/extensions are warned about and
dropped. Extensions: table, strikethrough, tagfilter, tasklist, autolink (a port of cmark-gfm
extensions/autolink.c as a core rule over the inline text runs).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from liquidpage.highlight import escape as rouge_escape
from liquidpage.highlight import highlight

log = logging.getLogger("liquidpage")

# commonmarker lib/commonmarker/config.rb Config::OPTS
PARSE_OPTIONS = ("DEFAULT", "SOURCEPOS", "UNSAFE", "VALIDATE_UTF8", "SMART", "LIBERAL_HTML_TAG",
                 "FOOTNOTES", "STRIKETHROUGH_DOUBLE_TILDE")
RENDER_OPTIONS = ("DEFAULT", "SOURCEPOS", "HARDBREAKS", "UNSAFE", "NOBREAKS", "VALIDATE_UTF8", "SMART",
                  "GITHUB_PRE_LANG", "LIBERAL_HTML_TAG", "FOOTNOTES", "STRIKETHROUGH_DOUBLE_TILDE",
                  "TABLE_PREFER_STYLE_ATTRIBUTES", "FULL_INFO_STRING")
# CommonMarker.extensions (cmark-gfm's registered syntax extensions)
EXTENSIONS = ("autolink", "strikethrough", "table", "tagfilter", "tasklist")

_TAGFILTER = re.compile(r"<(title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?=\s|>|/>)",
                        re.IGNORECASE)
_TASK = re.compile(r"\[([ xX])\](?=[ \t]|$)")


def _escape_html(text: str) -> str:
    """cmark houdini_escape_html (secure = false): & < > \" only."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _escape_href(url: str) -> str:
    """cmark houdini_escape_href on a URL markdown-it already percent-encoded (mdurl.encode)."""
    return url.replace("&", "&amp;").replace("'", "&#x27;")


def _validate(items: list[str], bucket: tuple[str, ...], kind: str) -> list[str]:
    """jekyll-commonmark.rb CommonMark#validate: warn about and drop what the gem does not know."""
    kept = []
    for item in items:
        if item in bucket:
            kept.append(item)
            continue
        log.warning("%20s %s", "CommonMark:", f"{item} is not a valid {kind}")
        log.info("%20s %s", f"Valid {kind}s:", ", ".join(bucket))
    return kept


def _smart_dashes(match: re.Match[str]) -> str:
    """cmark inlines.c handle_hyphen (SMART): a run of hyphens as em and en dashes."""
    n = len(match.group(0))
    if n % 3 == 0:
        return "\u2014" * (n // 3)
    if n % 2 == 0:
        return "\u2013" * (n // 2)
    if n % 3 == 2:
        return "\u2014" * ((n - 2) // 3) + "\u2013"
    return "\u2014" * ((n - 4) // 3) + "\u2013" * 2


_TEXTAREA = re.compile(r"<textarea(?=\s|>|$)", re.IGNORECASE)


def _cmark_029_html_blocks(md: MarkdownIt) -> None:
    """cmark-gfm 0.29 (commonmarker 0.23) follows CommonMark 0.29, where ``<textarea`` does not
    start an HTML block of type 1 (spec 0.30 added it, and markdown-it-py follows 0.31): a
    ``<textarea>`` line is then a paragraph unless the tag stands alone (type 7; kept as
    markdown-it's type 1, which ends at ``</textarea>`` instead of a blank line)."""
    from markdown_it.rules_block.html_block import HTML_SEQUENCES, html_block

    alone = HTML_SEQUENCES[-1][0]

    def rule(state: Any, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        line = state.src[pos:state.eMarks[start]]
        if _TEXTAREA.match(line) and (silent or not alone.search(line)):
            return False
        return bool(html_block(state, start, end, silent))

    alt = next(r.alt for r in md.block.ruler.__rules__ if r.name == "html_block")
    md.block.ruler.at("html_block", rule, {"alt": list(alt)})


class CommonMarkConverter:
    """Jekyll::Converters::Markdown::CommonMark with the same ``convert`` as MarkdownConverter."""

    CACHE_SIZE = 4096

    def __init__(self, config: Mapping[str, Any] | None, *, cache: Any = None) -> None:
        self._cache: dict[str, str] = {}
        self.disk_cache = cache  # a liquidpage.cache.Cache: conversions kept across builds
        section = config if isinstance(config, Mapping) else {}
        raw_opts = section.get("options")
        raw_exts = section.get("extensions")
        options = [str(o).upper() for o in raw_opts] if isinstance(raw_opts, list) else []
        extensions = [str(e) for e in raw_exts] if isinstance(raw_exts, list) else []
        valid = tuple(dict.fromkeys(PARSE_OPTIONS + RENDER_OPTIONS))
        self.options = set(_validate(options, valid, "option"))
        self.extensions = set(_validate(extensions, EXTENSIONS, "extension"))
        md = MarkdownIt("commonmark", {"html": True, "typographer": "SMART" in self.options,
                                       # cmark-gfm strikethrough: ~x~ too, unless DOUBLE_TILDE
                                       "strikethrough_single_tilde":
                                           "STRIKETHROUGH_DOUBLE_TILDE" not in self.options})
        md.validateLink = lambda url: True  # the Ruby renderer writes every URL (no safe-URL filter)
        if "table" in self.extensions:
            md.enable("table")
        if "strikethrough" in self.extensions:
            md.enable("strikethrough")
        if "SMART" in self.options:
            md.enable("smartquotes")
        _cmark_029_html_blocks(md)
        if "FOOTNOTES" in self.options:
            from mdit_py_plugins.footnote import footnote_plugin

            md.use(footnote_plugin, inline=False, move_to_end=True, always_match_refs=False)
        if "autolink" in self.extensions:
            md.core.ruler.after("inline", "gfm_autolink", _autolink_rule)
        self.md = md
        if cache is not None:
            import markdown_it
            import mdit_py_plugins
            import pygments

            from liquidpage.cache import options_key

            self._key_prefix = options_key("commonmark", markdown_it.__version__, mdit_py_plugins.__version__,
                                           pygments.__version__,
                                           sorted(self.options), sorted(self.extensions)) + "\0"

    # -- MarkdownConverter's interface -----------------------------------------------------------
    def convert(self, text: str) -> str:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            if self.disk_cache is None:
                found = self.convert_uncached(text)
            else:
                found = self.disk_cache.getset(self._key_prefix + text, lambda: self.convert_uncached(text))
            self._cache[text] = found
        return found

    def convert_uncached(self, text: str) -> str:
        tree = SyntaxTreeNode(self.md.parse(text))
        return _Renderer(self).render(tree)

    def convert_with_warnings(self, text: str) -> tuple[str, list[str]]:
        return self.convert_uncached(text), []

    def smartify(self, text: str) -> str:  # Jekyll's smartify always uses kramdown's SmartyPants
        from liquidpage.markdown import MarkdownConverter

        return MarkdownConverter({}, None).smartify(text)  # type: ignore[no-any-return]


class _Renderer:
    """CommonMarker::Renderer + HtmlRenderer + jekyll-commonmark's HtmlRenderer over markdown-it's tree."""

    def __init__(self, conv: CommonMarkConverter) -> None:
        self.opts = conv.options
        self.tagfilter_on = "tagfilter" in conv.extensions
        self.tasklist_on = "tasklist" in conv.extensions
        self.smart = "SMART" in conv.options
        self.buf: list[str] = []
        self.last = ""
        self.in_plain = False
        self.in_header = False

    def out(self, *parts: str) -> None:
        for part in parts:
            if part:
                self.buf.append(part)
                self.last = part[-1]

    def cr(self) -> None:  # Renderer#cr
        if self.buf and self.last != "\n":
            self.out("\n")

    footnote_ix = 0
    written_footnote_ix = 0

    def render(self, tree: SyntaxTreeNode) -> str:
        self.children(tree)
        if self.written_footnote_ix:  # HtmlRenderer#document
            self.out("</ol>\n</section>\n")
        return "".join(self.buf)

    def backref(self) -> bool:
        """HtmlRenderer#out_footnote_backref: once per footnote."""
        if self.written_footnote_ix == self.footnote_ix:
            return False
        self.written_footnote_ix = self.footnote_ix
        self.out(f'<a href="#fnref{self.footnote_ix}" class="footnote-backref">\u21a9</a>')
        return True

    def children(self, node: SyntaxTreeNode) -> None:
        for child in node.children:
            self.node(child)

    def tagfilter(self, html: str) -> str:
        return _TAGFILTER.sub(r"&lt;\1", html) if self.tagfilter_on else html

    def text(self, content: str) -> str:
        if self.smart:
            content = re.sub(r"-{2,}", _smart_dashes, content).replace("...", "\u2026")
        return _escape_html(content)

    def node(self, node: SyntaxTreeNode) -> None:  # noqa: C901 - one branch per node type
        t = node.type
        if self.in_plain and t not in ("text", "text_special", "softbreak"):
            self.children(node)
            return
        if t == "paragraph":
            if node.hidden:  # a tight list's paragraph (HtmlRenderer#paragraph @in_tight)
                self.children(node)
            else:
                self.cr()
                self.out("<p>")
                self.children(node)
                parent = node.parent
                if parent is not None and parent.type == "footnote" and node.next_sibling is None:
                    self.out(" ")
                    self.backref()
                self.out("</p>")
                self.cr()
        elif t == "inline":
            self.children(node)
        elif t == "footnote_ref":
            n = node.meta["id"] + 1
            self.out(f'<sup class="footnote-ref"><a href="#fn{n}" id="fnref{n}">{n}</a></sup>')
        elif t == "footnote_anchor":
            pass
        elif t == "footnote":  # HtmlRenderer#footnote_definition
            if not self.footnote_ix:
                self.out('<section class="footnotes">\n<ol>\n')
            self.footnote_ix += 1
            self.out(f'<li id="fn{self.footnote_ix}">\n')
            self.children(node)
            if self.backref():
                self.out("\n")
            self.out("</li>\n")
        elif t == "heading":
            level = node.tag[1]
            self.cr()
            self.out(f"<h{level}>")
            self.children(node)
            self.out(f"</h{level}>")
            self.cr()
        elif t in ("bullet_list", "ordered_list"):
            self.cr()
            if t == "bullet_list":
                self.out("<ul>\n")
            else:
                start = node.attrs.get("start")
                self.out("<ol>\n" if start in (None, 1) else f'<ol start="{start}">\n')
            self.children(node)
            self.out("</ul>" if t == "bullet_list" else "</ol>")
            self.cr()
        elif t == "list_item":
            self.cr()
            checked = self.task_marker(node)
            if checked is None:
                self.out("<li>")
            else:
                state = 'checked="" disabled=""' if checked else 'disabled=""'
                self.out(f'<li><input type="checkbox" {state} /> ')
            self.children(node)
            self.out("</li>")
            self.cr()
        elif t == "blockquote":
            self.cr()
            self.out("<blockquote>\n")
            self.children(node)
            self.out("</blockquote>")
            self.cr()
        elif t == "hr":
            self.cr()
            self.out("<hr />")
            self.cr()
        elif t in ("fence", "code_block"):
            self.code_block(node.content, node.info if t == "fence" else "")
        elif t == "html_block":
            self.cr()
            self.out(self.tagfilter(node.content) if "UNSAFE" in self.opts else "<!-- raw HTML omitted -->")
            self.cr()
        elif t == "html_inline":
            self.out(self.tagfilter(node.content) if "UNSAFE" in self.opts else "<!-- raw HTML omitted -->")
        elif t == "em":
            self.wrap(node, "<em>", "</em>")
        elif t == "strong":
            self.wrap(node, "<strong>", "</strong>")
        elif t == "s":
            self.wrap(node, "<del>", "</del>")
        elif t == "link":
            self.out('<a href="', _escape_href(str(node.attrs.get("href", ""))), '"')
            title = node.attrs.get("title")
            if title:
                self.out(' title="', _escape_html(str(title)), '"')
            self.out(">")
            self.children(node)
            self.out("</a>")
        elif t == "image":
            self.out('<img src="', _escape_href(str(node.attrs.get("src", ""))), '"')
            self.in_plain = True
            self.out(' alt="')
            self.children(node)
            self.out('"')
            self.in_plain = False
            title = node.attrs.get("title")
            if title:
                self.out(' title="', _escape_html(str(title)), '"')
            self.out(" />")
        elif t in ("text", "text_special"):
            self.out(self.text(node.content) if t == "text" else _escape_html(node.content))
        elif t == "code_inline":
            self.out("<code>", _escape_html(node.content), "</code>")
        elif t == "hardbreak":
            self.out("<br />\n")
        elif t == "softbreak":
            if "HARDBREAKS" in self.opts:
                self.out("<br />\n")
            elif "NOBREAKS" in self.opts:
                self.out(" ")
            else:
                self.out("\n")
        elif t == "table":
            self.out("<table>\n")
            self.children(node)
            self.out("</table>\n")
        elif t == "thead":
            self.in_header = True
            self.out("<thead>\n")
            self.children(node)
            self.out("</thead>\n")
            self.in_header = False
        elif t == "tbody":
            self.out("<tbody>\n")
            self.children(node)
            self.out("</tbody>\n")
        elif t == "tr":
            self.out("<tr>\n")
            self.children(node)
            self.out("</tr>\n")
        elif t in ("th", "td"):
            style = str(node.attrs.get("style", ""))
            align = style.split(":", 1)[1] if style.startswith("text-align:") else ""
            attr = f' align="{align}"' if align in ("left", "right", "center") else ""
            self.out(f"<{t}{attr}>")
            self.children(node)
            self.out(f"</{t}>\n")
        else:
            self.children(node)

    def wrap(self, node: SyntaxTreeNode, start: str, end: str) -> None:
        self.out(start)
        self.children(node)
        self.out(end)

    def task_marker(self, item: SyntaxTreeNode) -> bool | None:
        """cmark-gfm extensions/tasklist.c: ``[ ]``/``[x]`` opening the item's first paragraph;
        strips it from the text and says whether it was checked."""
        if not self.tasklist_on or not item.children or item.children[0].type != "paragraph":
            return None
        inline = item.children[0].children[0] if item.children[0].children else None
        if inline is None or not inline.children or inline.children[0].type != "text":
            return None
        first = inline.children[0]
        m = _TASK.match(first.content)
        if m is None:
            return None
        first.token.content = first.content[m.end():].lstrip(" \t")  # type: ignore[union-attr]
        return m.group(1) != " "

    def code_block(self, code: str, info: str) -> None:
        """jekyll-commonmark html_renderer.rb HtmlRenderer#code_block (Rouge HTMLLegacy, no wrap)."""
        words = info.split()
        lang = words[0] if words else None
        self.cr()
        self.out('<div class="')
        if lang:
            self.out("language-", lang, " ")
        self.out('highlighter-rouge"><div class="highlight"><pre class="highlight"')
        data = f' data-lang="{lang}"' if lang else ""
        if "GITHUB_PRE_LANG" in self.opts:
            self.out(data, "><code>")
        else:
            self.out("><code", data, ">")
        # Lexer.find_fancy(lang, code) || PlainText; with no language Rouge guesses from the
        # code (not ported: plain text, see docs/parity.md).
        body = highlight(code, lang) if lang else None
        self.out(body if body is not None else rouge_escape(code))
        self.out("</code></pre></div></div>")
        self.cr()


__all__ = ["CommonMarkConverter", "EXTENSIONS"]


# -- the GFM autolink extension (cmark-gfm extensions/autolink.c) ------------------------------

def _hostchar(ch: str) -> bool:
    return ch.isalnum()


def _check_domain(text: str, start: int, allow_short: bool) -> int:
    """autolink.c check_domain: the end of a domain beginning at ``start`` or 0."""
    np = under1 = under2 = 0
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i < len(text) - 2:
            i += 2
            continue
        if ch == "_":
            under2 += 1
        elif ch == ".":
            under1, under2 = under2, 0
            np += 1
        elif not _hostchar(ch) and ch != "-":
            break
        i += 1
    if under1 or under2:
        return 0
    return i if (allow_short or np) else 0


def _delim(text: str, start: int, end: int) -> int:
    """autolink.c autolink_delim: trailing punctuation, entities and unbalanced ')' drop out."""
    lt = text.find("<", start, end)
    if lt != -1:
        end = lt
    while end > start:
        ch = text[end - 1]
        if ch in "?!.,:*_~'\"":
            end -= 1
        elif ch == ";":
            m = re.search(r"&[A-Za-z0-9]+;$", text[start:end])
            if m is not None:
                end = start + m.start()
            else:
                end -= 1
        elif ch == ")":
            segment = text[start:end]
            if segment.count(")") > segment.count("("):
                end -= 1
            else:
                break
        else:
            break
    return end


def _scan_links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, href) of each autolink in a text run."""
    found: list[tuple[int, int, str]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "w" and text.startswith("www.", i) and (i == 0 or text[i - 1].isspace() or text[i - 1] in "*_~("):
            end = _check_domain(text, i, True)
            if end:
                while end < n and not text[end].isspace() and text[end] != "<":
                    end += 1
                end = _delim(text, i, end)
                if end > i:
                    found.append((i, end, "http://" + text[i:end]))
                    i = end
                    continue
        elif ch == ":" and text.startswith("://", i):
            back = i
            while back > 0 and text[back - 1].isalpha():
                back -= 1
            scheme = text[back:i]
            if scheme in ("http", "https", "ftp") and (back == 0 or not text[back - 1].isalnum()):
                end = _check_domain(text, i + 3, True) if i + 3 < n else 0
                if end:
                    while end < n and not text[end].isspace() and text[end] != "<":
                        end += 1
                    end = _delim(text, back, end)
                    found = [f for f in found if f[1] <= back]
                    found.append((back, end, text[back:end]))
                    i = end
                    continue
        elif ch == "@":
            back = i
            while back > 0 and (text[back - 1].isalnum() or text[back - 1] in ".+-_"):
                back -= 1
            if back < i and not any(f[1] > back for f in found):
                end = i + 1
                dots = 0
                while end < n:
                    c = text[end]
                    if c.isalnum():
                        pass
                    elif c == "." and end + 1 < n and text[end + 1].isalnum():
                        dots += 1
                    elif c not in "-_":
                        break
                    end += 1
                if end - i >= 2 and dots and (text[end - 1].isalpha() or text[end - 1] == "."):
                    found.append((back, end, "mailto:" + text[back:end]))
                    i = end
                    continue
        i += 1
    return found


def _autolink_rule(state: Any) -> None:
    from markdown_it.token import Token

    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        out: list[Token] = []
        in_link = 0
        for tok in block.children:
            if tok.type == "link_open":
                in_link += 1
            elif tok.type == "link_close":
                in_link -= 1
            if tok.type != "text" or in_link:
                out.append(tok)
                continue
            links = _scan_links(tok.content)
            if not links:
                out.append(tok)
                continue
            pos = 0
            for start, end, href in links:
                if start > pos:
                    t = Token("text", "", 0)
                    t.content = tok.content[pos:start]
                    out.append(t)
                opening = Token("link_open", "a", 1)
                opening.attrs = {"href": state.md.normalizeLink(href)}
                label = Token("text", "", 0)
                label.content = tok.content[start:end]
                out.append(opening)
                out.append(label)
                out.append(Token("link_close", "a", -1))
                pos = end
            if pos < len(tok.content):
                t = Token("text", "", 0)
                t.content = tok.content[pos:]
                out.append(t)
        block.children = out
