"""jekyll-mentions 1.6.0: ``@user`` in pages and documents linked to the user's profile.

A port of the gem's ``lib/jekyll-mentions.rb`` (``Jekyll::Mentions.mentionify``,
``.mentionable?``, ``.mention_base``) and of the filter it runs, html-pipeline 2.14's
``HTML::Pipeline::MentionFilter`` (``lib/html/pipeline/@mention_filter.rb``), with the username
pattern the gem gives it (``[\\w][\\w-]*``).

A ``pages``/``documents`` ``post_render`` hook takes every page, and every document that is
written, whose output extension is ``.html`` (or whose ``permalink`` ends in ``/``) and whose
front matter does not say ``jekyll-mentions: false``. If the output has a ``<body`` the part
between the opening body tag (and the whitespace after it) and ``</body>`` is filtered, else the
whole output; only when that part holds a mention. The filter parses the HTML as Nokogiri does,
replaces mentions in every text node that has no ``pre``, ``code``, ``a``, ``style`` or
``script`` ancestor, and writes the whole part back as Nokogiri does (``_html.py``: this changes
bytes elsewhere in that part too, as in Jekyll). ``@mention``, ``@mentions``, ``@mentioned`` and
``@mentioning`` stay as they are.

The base URL: ``jekyll-mentions`` in the page's front matter (when the key is there) or in
``_config.yml``: a string, or a mapping with ``base_url``; by default ``https://github.com``, or
``http(s)://$GITHUB_HOSTNAME`` when the ``SSL`` and ``GITHUB_HOSTNAME`` environment variables are
both set (``SSL=true`` for https). Any other value is the gem's fatal error. Links are
``<a href="BASE/user" class="user-mention">@user</a>`` (a ``/`` added unless the base ends with
``/`` or ``~``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from liquidpage.errors import LiquidpageError
from liquidpage.plugins._html import Node, Text, _escape_text, inner_html, parse_fragment

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry

GITHUB_DOT_COM = "https://github.com"
BODY_START_TAG = "<body"
OPENING_BODY_TAG = re.compile(r"<body(.*?)>\s*", re.S)
# MentionFilter::MentionPatterns[/[\w][\w-]*/] (Ruby: /ix, ^ and $ at every line, ASCII \w).
MENTION = re.compile(
    r"(?:^|\W)@((?=([\w][\w-]*))\2)(?!/)(?=\.+[ \t\W]|\.+$|[^0-9a-zA-Z_.]|$)",
    re.ASCII | re.IGNORECASE | re.MULTILINE)
MENTION_LOGINS = frozenset(["mention", "mentions", "mentioned", "mentioning"])
IGNORE_PARENTS = frozenset(["pre", "code", "a", "style", "script"])


class InvalidJekyllMentionConfig(LiquidpageError):
    """The gem's ``InvalidJekyllMentionConfig`` (a FatalException)."""


def _ruby_class(value: Any) -> str:
    if isinstance(value, bool):
        return "TrueClass" if value else "FalseClass"
    return {int: "Integer", float: "Float", list: "Array"}.get(type(value), type(value).__name__)


def default_mention_base() -> str:
    ssl, host = os.environ.get("SSL", ""), os.environ.get("GITHUB_HOSTNAME", "")
    if ssl and host:
        return ("https://" if ssl == "true" else "http://") + (host[:-1] if host.endswith("/") else host)
    return GITHUB_DOT_COM


def mention_base(config: Mapping[str, Any]) -> Any:
    """``Mentions.mention_base``."""
    value = config.get("jekyll-mentions")
    if value is None:
        return default_mention_base()
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return value["base_url"] if "base_url" in value else default_mention_base()
    raise InvalidJekyllMentionConfig(
        "Your jekyll-mentions config has to either be a string or a hash. "
        f"It's a {_ruby_class(value)} right now.")


def _link(base_url: str, login: str) -> str:
    """``MentionFilter#link_to_mentioned_user``."""
    url = base_url if re.search(r"[/~]\Z", base_url) else base_url + "/"
    return f"<a href='{url}{login}' class='user-mention'>@{login}</a>"


def mention_link_filter(text: str, base_url: str) -> str:
    """``MentionFilter#mention_link_filter`` (info_url nil: ``@mention`` etc. stay)."""
    def repl(m: re.Match[str]) -> str:
        login = m.group(1)
        match = m.group(0)
        if login.lower() in MENTION_LOGINS:
            return match
        at = match.find("@" + login)
        return match[:at] + _link(base_url, login) + match[at + 1 + len(login):]
    return MENTION.sub(repl, text)


def _ignored(node: Text) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.name.lower() in IGNORE_PARENTS:
            return True
        parent = parent.parent
    return False


def _text_nodes(node: Node) -> list[Text]:
    out: list[Text] = []
    for child in node.children:
        if isinstance(child, Text):
            out.append(child)
        elif isinstance(child, Node):
            out.extend(_text_nodes(child))
    return out


def filter_html(markup: str, base_url: Any) -> str:
    """``MentionFilter#call`` on ``DocumentFragment.parse(markup)``, then ``to_s``."""
    base = base_url if isinstance(base_url, str) and base_url else "/"
    root = parse_fragment(markup)
    for text in _text_nodes(root):
        content = _escape_text(text.value) if text.parent is None or text.parent.name not in ("script", "style") else text.value
        if "@" not in content or _ignored(text):
            continue
        replaced = mention_link_filter(content, base)
        if replaced == content:
            continue
        parent = text.parent
        assert parent is not None
        new_nodes = parse_fragment(replaced).children
        index = next(i for i, c in enumerate(parent.children) if c is text)
        for new in new_nodes:
            new.parent = parent
        parent.children[index:index + 1] = new_nodes
    return inner_html(root)


def mentionable(page: Page) -> bool:
    """``Mentions.mentionable?``."""
    if page.is_document and not page.write:
        return False
    permalink = page.data.get("permalink")
    if not (page.output_ext == ".html" or (isinstance(permalink, str) and permalink.endswith("/"))):
        return False
    return page.data.get("jekyll-mentions") is not False


def mentionify(page: Page, site_config: Mapping[str, Any]) -> None:
    """``Mentions.mentionify``."""
    content = page.output
    if not content or "@" not in content:
        return
    config: Mapping[str, Any] = site_config
    if "jekyll-mentions" in page.data:
        config = {**site_config, **page.data}
    src = mention_base(config)
    if BODY_START_TAG in content:
        m = OPENING_BODY_TAG.search(content)
        if m is None:
            return
        head, opener, tail = content[:m.start()], m.group(0), content[m.end():]
        body, sep, after = tail.partition("</body>")
        if not MENTION.search(body):
            return
        page.output = head + opener + filter_html(body, src) + sep + after
    else:
        if not MENTION.search(content):
            return
        page.output = filter_html(content, src)


def register(registry: Registry) -> None:
    seen: dict[str, Mapping[str, Any]] = {"config": {}}  # this site's configuration

    def remember(site: Any, *_payload: Any) -> None:
        seen["config"] = site.config

    def hook(page: Page) -> None:
        if mentionable(page):
            mentionify(page, seen["config"])

    registry.add_hook("site", "after_init", remember)
    registry.add_hook("site", "pre_render", remember)
    registry.add_hook(["pages", "documents"], "post_render", hook)


__all__ = ["filter_html", "mention_base", "mention_link_filter", "mentionable", "mentionify", "register"]
