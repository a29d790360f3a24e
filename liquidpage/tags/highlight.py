"""Jekyll's ``{% highlight LANG [linenos] %}`` block (Jekyll's tags/highlight.rb HighlightBlock)."""

from __future__ import annotations

import logging
import re
from io import StringIO
from typing import TYPE_CHECKING, TextIO

from liquid.ast import BlockNode, Node
from liquid.exceptions import LiquidError
from liquid.parser import get_parser
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage import highlight as hl
from liquidpage.ruby import to_s
from liquidpage.filters import site_of

log = logging.getLogger("liquidpage")

if TYPE_CHECKING:  # pragma: no cover
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.environment import JekyllEnvironment

SYNTAX = re.compile(r'^([a-zA-Z0-9.+#_-]+)((\s+\w+(=(\w+|"([0-9]+\s)*[0-9]+"))?)*)$')
OPTIONS_REGEX = re.compile(r'(?:\w="[^"]*"|\w=\w|\w)+')
LEADING_OR_TRAILING_LINE_TERMINATORS = re.compile(r"\A[\n\r]+|[\n\r]+\Z")


class HighlightSyntaxError(LiquidError):
    """Invalid ``highlight`` markup: a fatal parse error in Jekyll, whatever ``error_mode`` is."""


def parse_options(text: str) -> dict[str, object]:
    """``HighlightBlock#parse_options``: only ``linenos`` has an effect."""
    options: dict[str, object] = {}
    for opt in OPTIONS_REGEX.findall(text):
        key, _, value = opt.partition("=")
        options[key] = value.replace('"', "").split() if '"' in value else (value or True)
    if options.get("linenos") is True:
        options["linenos"] = "inline"
    return options


class HighlightNode(Node):
    """A parsed ``highlight`` block."""

    __slots__ = ("lang", "options", "block")

    def __init__(self, token: Token, lang: str, options: dict[str, object], block: BlockNode) -> None:
        super().__init__(token)
        self.lang = lang
        self.options = options
        self.block = block
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = StringIO()
        self.block.render(context, inner)
        code = LEADING_OR_TRAILING_LINE_TERMINATORS.sub("", inner.getvalue())
        prefix = to_s(context.resolve("highlighter_prefix", default=None))
        suffix = to_s(context.resolve("highlighter_suffix", default=None))
        config = site_of(context).config
        highlighter = config.get("highlighter")
        if highlighter in ("rouge", "pygments"):
            if highlighter == "pygments":  # tags/highlight.rb render_pygments
                log.warning("Highlight Tag no longer supports rendering with Pygments. "
                            "Using the default highlighter, Rouge, instead.")
            output = hl.cached(config, "table" if self.options.get("linenos") else "spans", self.lang, code,
                               lambda: self.render_rouge(code))
        else:
            from liquidpage.filters import escape

            output = (escape(code) or "").strip(" \t\n\v\f\r\0")
        return buffer.write(prefix + self.add_code_tag(output) + suffix)

    def render_rouge(self, code: str) -> str:
        if self.options.get("linenos"):
            return hl.linenos_table(code, self.lang)
        html = hl.highlight(code, self.lang)
        return hl.escape(code) if html is None else html

    def add_code_tag(self, code: str) -> str:
        if code.endswith("\r\n"):
            code = code[:-2]
        elif code.endswith(("\n", "\r")):
            code = code[:-1]
        lang = self.lang
        return (f'<figure class="highlight"><pre><code class="language-{lang.replace("+", "-")}" '
                f'data-lang="{lang}">{code}</code></pre></figure>')


class HighlightTag(Tag):
    """``{% highlight %}`` … ``{% endhighlight %}``."""

    name = "highlight"
    end = "endhighlight"
    block = True

    def parse(self, stream: TokenStream) -> HighlightNode:
        token = stream.eat(TOKEN_TAG)
        markup = ""
        if stream.current.kind == TOKEN_EXPRESSION:
            markup = stream.current.value
            next(stream)
        match = SYNTAX.match(markup.strip())
        if not match:
            raise HighlightSyntaxError(
                "Syntax Error in tag 'highlight' while parsing the following markup:\n\n"
                f"{markup}\n\nValid syntax: highlight <lang> [linenos]\n", token=token)
        block = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return HighlightNode(token, match.group(1).lower(), parse_options(match.group(2)), block)


def register(env: JekyllEnvironment) -> None:
    env.add_tag(HighlightTag)
