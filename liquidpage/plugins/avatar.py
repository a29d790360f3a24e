"""jekyll-avatar 0.8.0: ``{% avatar [@]user [size=N] [user=variable] [lazy=true] %}``.

A port of the gem's ``lib/jekyll-avatar.rb`` (``Jekyll::Avatar``, a Liquid tag):

- the markup is stripped and parsed as a Liquid template; ``size=N`` (case-insensitive, digits)
  and ``user=name.path`` are read from the *unrendered* markup when the tag is parsed
  (``Avatar#compute_size``, ``#extract_user_variable``); the markup is rendered with the page's
  context on every render, and ``lazy=true`` and the user name are read from that rendering;
- ``user=a.b.c`` looks ``a`` up in the context and ``b``, ``c`` in the values found
  (``#lookup_variable``); nil or false gives the variable's own name;
- otherwise the user is the first space-separated word, less one leading ``@`` (``#username``);
- the ``<img>`` carries class, alt, width, height, ``data-proofer-ignore``, src and srcset
  (``data-src``/``data-srcset`` and an empty src when lazy), scales 1x to 4x, nothing escaped;
- the host is ``https://avatars<N>.githubusercontent.com`` with N = CRC32 of
  ``user?v=3&s=SIZE`` modulo 4 (``#server_number``), or the ``PAGES_AVATARS_URL`` environment
  variable (GitHub Enterprise), joined with the path as an RFC 3986 reference
  (``#url_with_custom_host``: a ``/`` is added to the host's path first).
"""

from __future__ import annotations

import os
import re
import zlib
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urljoin

from liquid.ast import Node
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage.lax import _value, parse_expression
from liquidpage.ruby import to_s

if TYPE_CHECKING:  # pragma: no cover
    from liquid import BoundTemplate
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry

SERVERS = 4
DEFAULT_SIZE = "40"
API_VERSION = "3"
SCALES = (1, 2, 3, 4)
_RUBY_STRIP = " \t\n\v\f\r\0"
# Avatar#compute_size, #extract_user_variable (Ruby's \w and \b are ASCII-only).
SIZE = re.compile(r"\bsize=(\d+)\b", re.ASCII | re.IGNORECASE)
USER = re.compile(r"\buser=([\w.]+)\b", re.ASCII)


def _lookup(context: RenderContext, variable: str, token: Token) -> Any:
    """``Avatar#lookup_variable``: ``context[a]``, then ``[b]``... on what was found."""
    parts = variable.split(".") if "." in variable else [variable]
    value: Any = _value(parse_expression(parts[0], token), context)
    for part in parts[1:]:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            value = None
    return variable if value is None or value is False else value


def username(text: str, looked_up: Any = None) -> str:
    """``Avatar#username``."""
    if looked_up is not None:
        return to_s(looked_up)
    result = text
    if " " in text:  # Ruby's split(" "): runs of ASCII whitespace, leading ones dropped
        words = re.split(r"[ \t\n\v\f\r]+", text.lstrip(" \t\n\v\f\r"))
        result = words[0] if words else ""
    return result.replace("@", "", 1) if result.startswith("@") else result


def _path(user: str, size: str, scale: int = 1) -> str:
    return f"{user}?v={API_VERSION}&s={size if scale == 1 else int(size) * scale}"


def url(user: str, size: str, scale: int, custom_host: str) -> str:
    """``Avatar#url`` (and ``#url_with_custom_host``)."""
    if custom_host:
        scheme, sep, rest = custom_host.partition("://")
        base = custom_host
        # Addressable: the host's path gets a trailing "/" before the join.
        path_start = rest.find("/") if sep else -1
        path = rest[path_start:] if path_start >= 0 else ""
        if not path.endswith("/"):
            base = custom_host + "/"
        return urljoin(base, _path(user, size, scale))
    server = zlib.crc32(_path(user, size).encode("utf-8")) % SERVERS
    return f"https://avatars{server}.githubusercontent.com/{_path(user, size, scale)}"


def img(user: str, size: str, lazy: bool, custom_host: str) -> str:
    """``Avatar#render``: the BASE_TEMPLATE or LAZY_TEMPLATE filled with ``#attributes``."""
    src = url(user, size, 1, custom_host)
    srcset = ", ".join(f"{url(user, size, s, custom_host)} {s}x" for s in SCALES)
    classes = "avatar avatar-small" if int(size) < 48 else "avatar"
    head = (f'<img class="{classes}" alt="{user}" width="{size}" height="{size}" '
            f'data-proofer-ignore="true" ')
    if lazy:
        return head + f'src="" data-src="{src}" data-srcset="{srcset}" />'
    return head + f'src="{src}" srcset="{srcset}" />'


class AvatarNode(Node):
    __slots__ = ("template", "size", "user_variable")

    def __init__(self, token: Token, template: BoundTemplate, size: str, user_variable: str | None) -> None:
        super().__init__(token)
        self.template = template
        self.size = size
        self.user_variable = user_variable
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        out = StringIO()
        self.template.render_with_context(context, out, partial=True)
        text = out.getvalue()
        custom_host = os.environ.get("PAGES_AVATARS_URL") or ""
        looked_up = _lookup(context, self.user_variable, self.token) if self.user_variable else None
        user = username(text, looked_up)
        return buffer.write(img(user, self.size, "lazy=true" in text, custom_host))


class AvatarTag(Tag):
    name = "avatar"
    block = False

    def parse(self, stream: TokenStream) -> AvatarNode:
        token = stream.eat(TOKEN_TAG)
        markup = stream.current.value if stream.current.kind == TOKEN_EXPRESSION else ""
        text = markup.strip(_RUBY_STRIP)
        size = SIZE.search(text)
        user = USER.search(text)
        return AvatarNode(token, self.env.from_string(text), size.group(1) if size else DEFAULT_SIZE,
                          user.group(1) if user else None)


def register(registry: Registry) -> None:
    registry.add_tag(AvatarTag)


__all__ = ["AvatarTag", "img", "register", "url", "username"]
