"""Jekyll's ``{% link PATH %}`` and ``{% post_url NAME %}`` (Jekyll's tags/link.rb Link#render, Jekyll's tags/post_url.rb PostUrl#render;
``tags/link.rb``, ``tags/post_url.rb``)."""

from __future__ import annotations

import logging
import re
from io import StringIO
from typing import TYPE_CHECKING, Any, Iterator, TextIO

from liquid.ast import Node
from liquid.exceptions import LiquidError
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage.jekyll_filters import _compute_relative_url
from liquidpage.filters import site_of

log = logging.getLogger("liquidpage")

if TYPE_CHECKING:  # pragma: no cover
    from liquid import BoundTemplate
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.environment import JekyllEnvironment


class LinkError(LiquidError):
    """``link`` or ``post_url`` found nothing: fatal in Jekyll (an ArgumentError / PostURLError)."""


def _relative_url(context: RenderContext, item: Any) -> str:
    site = site_of(context)
    return str(_compute_relative_url(item.url, site.config))


def each_site_file(site: Any) -> Iterator[tuple[str, Any]]:
    """``Site#each_site_file``: pages, static files to write, documents to write (Jekyll's tags/link.rb Link#render)."""
    for page in site.pages:
        yield page.relative_path, page
    for static in site.static_files:
        if getattr(static, "write", True):
            yield "/" + static.relative_path.lstrip("/"), static
    for collection in site.collections.values():
        if collection.label == "posts" or collection.output:
            for doc in collection.docs:
                yield doc.relative_path, doc


class LinkNode(Node):
    """``{% link %}``: the markup is rendered as Liquid first."""

    __slots__ = ("template",)

    def __init__(self, token: Token, template: BoundTemplate) -> None:
        super().__init__(token)
        self.template = template
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        out = StringIO()
        self.template.render_with_context(context, out, partial=True)
        relative_path = out.getvalue()
        with_slash = "/" + relative_path.lstrip("/") if relative_path else "/"
        for path, item in each_site_file(site_of(context)):
            if path in (relative_path, with_slash):
                return buffer.write(_relative_url(context, item))
        raise LinkError(f"Could not find document '{relative_path}' in tag 'link'.\n\n"
                        "Make sure the document exists and the path is correct.\n", token=self.token)


class LinkTag(Tag):
    name = "link"
    block = False

    def parse(self, stream: TokenStream) -> LinkNode:
        token = stream.eat(TOKEN_TAG)
        markup = stream.current.value.strip() if stream.current.kind == TOKEN_EXPRESSION else ""
        return LinkNode(token, self.env.from_string(markup))


POST_MATCHER = re.compile(r"^(.+/)*(\d+-\d+-\d+)-(.*)$")


class PostUrlNode(Node):
    """``{% post_url %}``: a post matched by ``[path/]DATE-SLUG`` (Jekyll's tags/post_url.rb PostUrl#render)."""

    __slots__ = ("name", "name_regex")

    def __init__(self, token: Token, name: str, name_regex: re.Pattern[str]) -> None:
        super().__init__(token)
        self.name = name
        self.name_regex = name_regex
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        site = site_of(context)
        for doc in site.posts:
            if self.name_regex.match(doc.relative_path):
                return buffer.write(_relative_url(context, doc))
        for doc in site.posts:
            if self.deprecated_equality(doc):
                log.warning(
                    "Deprecation: A call to '{%% post_url %s %%}' did not match a post using the new "
                    "matching method of checking name (path-date-slug) equality. Please make sure "
                    "that you change this tag to match the post's name exactly.", self.name)
                return buffer.write(_relative_url(context, doc))
        raise LinkError(f'Could not find post "{self.name}" in tag \'post_url\'.\n'
                        "Make sure the post exists and the name is correct.\n", token=self.token)


    def deprecated_equality(self, doc: Any) -> bool:
        """``PostComparer#deprecated_equality``: same slug and same calendar date."""
        match = POST_MATCHER.match(re.sub(r"^/", "", self.name))
        if not match:
            return False
        year, month, day = (int(x) for x in match.group(2).split("-")[:3])
        when = doc.data.get("date")
        if not hasattr(when, "year"):
            return False
        return bool(match.group(3) == doc.data.get("slug") and (when.year, when.month, when.day) == (year, month, day))


class PostUrlTag(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> PostUrlNode:
        token = stream.eat(TOKEN_TAG)
        name = stream.current.value.strip() if stream.current.kind == TOKEN_EXPRESSION else ""
        match = POST_MATCHER.match(re.sub(r"^/", "", name))
        if not match:
            raise LinkError(f'Could not parse name of post "{name}" in tag \'post_url\'.\n'
                            " Make sure the post exists and the name is correct.\n", token=token)
        path, date, slug = match.group(1) or "", match.group(2), match.group(3)
        basename = f"{date}-{re.escape(slug)}\\.[^.]+"
        regex = re.compile(f"^_posts/{path}{basename}|^{path}_posts/?{basename}")
        return PostUrlNode(token, name, regex)


def register(env: JekyllEnvironment) -> None:
    env.add_tag(LinkTag)
    env.add_tag(PostUrlTag)
