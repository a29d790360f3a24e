"""jekyll-gist 1.5.0: ``{% gist [user/]id [file] %}``, without network access.

A port of the gem's ``lib/jekyll-gist/gist_tag.rb`` (``Jekyll::Gist::GistTag``). The gem writes
a ``<noscript>`` copy of the gist's code fetched from gist.githubusercontent.com, then the
``<script>`` tag. liquidpage never fetches, so it renders what the gem renders when that fetch
fails (no network, as on the machines that build our goldens):

- ``gist: {noscript: false}``: the ``<script>`` tag alone;
- otherwise the gem logs three warning lines and returns the value of the last
  ``Jekyll.logger.warn`` call as the noscript part, so the page gets the text ``true`` (warnings
  shown) or ``false`` (``--quiet``: the logger refuses warnings) before the ``<script>`` tag.
  liquidpage prints ``true`` when the ``liquidpage`` logger shows warnings, else ``false``.

Arguments are split as ``GistTag#determine_arguments`` does; each one that names a value in the
render context (``page.gist_id``, ``123``, ``"quoted"``) is replaced by it (``context[...]``,
Liquid's ``Expression.parse``). A markup that does not split raises the gem's ArgumentError.
``JEKYLL_GITHUB_TOKEN`` (the gem's API path) is not used.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage.lax import _value, parse_expression
from liquidpage.ruby import nil, to_s
from liquidpage.filters import site_of

if TYPE_CHECKING:  # pragma: no cover
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry

log = logging.getLogger("liquidpage")

# GistTag#determine_arguments (Ruby's \s and \S are ASCII-only, hence re.ASCII).
ARGUMENTS = re.compile(r"\A(\S+|.*(?=/).+)\s?(\S*)\Z", re.ASCII)
_RUBY_STRIP = " \t\n\v\f\r\0"


class GistError(LiquidError):
    """The gem's ArgumentError for markup it cannot split: fatal, as in Jekyll."""


def determine_arguments(markup: str) -> tuple[str, str] | None:
    matched = ARGUMENTS.match(markup)
    if matched is None:
        return None
    return matched.group(1).strip(_RUBY_STRIP), matched.group(2).strip(_RUBY_STRIP)


def script_tag(gist_id: Any, filename: Any) -> str:
    """``GistTag#gist_script_tag``."""
    url = f"https://gist.github.com/{to_s(gist_id)}.js"
    if to_s(filename):
        url += f"?file={to_s(filename)}"
    return f'<script src="{url}"> </script>'


def noscript_tag(settings: Any, gist_id: Any) -> str:
    """``GistTag#gist_noscript_tag`` when ``fetch_raw_code`` returns nil (no network)."""
    if isinstance(settings, Mapping) and settings.get("noscript", True) is False:
        return ""
    log.warning("Warning: The <noscript> tag for your gist %s could not be generated. This will "
                "affect users who do not have JavaScript enabled in their browsers.", to_s(gist_id))
    # "#{noscript_tag}": the return value of Jekyll.logger.warn (true if written, else false).
    return "true" if log.isEnabledFor(logging.WARNING) else "false"


def _lookup(context: RenderContext, name: str, token: Token) -> Any:
    """``context[name]`` if that is not nil (``context_contains_key?``), else ``name``."""
    value = nil(_value(parse_expression(name, token), context))
    return name if value is None else value


class GistNode(Node):
    __slots__ = ("markup",)

    def __init__(self, token: Token, markup: str) -> None:
        super().__init__(token)
        self.markup = markup
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        registers = context.tag_namespace.get("registers") or {}
        site = registers.get("site") or site_of(context)
        arguments = determine_arguments(self.markup.strip(_RUBY_STRIP))
        if arguments is None:
            shown = " ".join(self.markup.split())
            raise GistError(
                f"Syntax error in tag 'gist' while parsing the following markup: {shown}"
                f"{' ' if shown else ''}Valid syntax: {{% gist user/1234567 %}} {{% gist user/1234567 foo.js %}} "
                "{% gist 28949e1d5ee2273f9fd3 %} {% gist 28949e1d5ee2273f9fd3 best.md %}",
                token=self.token,
            )
        gist_id = _lookup(context, arguments[0], self.token)
        filename = _lookup(context, arguments[1], self.token)
        noscript = noscript_tag(site.config.get("gist"), gist_id)
        return buffer.write(noscript + script_tag(gist_id, filename))


class GistTag(Tag):
    name = "gist"
    block = False

    def parse(self, stream: TokenStream) -> GistNode:
        token = stream.eat(TOKEN_TAG)
        markup = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
        return GistNode(token, markup)


def register(registry: Registry) -> None:
    registry.add_tag(GistTag)


__all__ = ["GistTag", "determine_arguments", "register", "script_tag"]
