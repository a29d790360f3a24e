"""jekyll-include-cache 0.2.1: ``{% include_cached file key=value %}``.

A port of the gem's ``lib/jekyll-include-cache/tag.rb`` (``JekyllIncludeCache::Tag``, a subclass
of Jekyll's include tag) and ``lib/jekyll-include-cache.rb`` (the cache, cleared by a site
``pre_render`` hook). The markup, the lookup and the rendering are Jekyll's ``include``
(liquidpage/tags/include.py); the output of an include is kept for the rest of the build under a
key made of the include file's path and the *values* of its parameters (``Tag#key``,
``Tag#quick_hash``):

- parameter names are not part of the key: ``x=1`` and ``y=1`` share one output;
- values are compared as Ruby's ``#hash`` compares them: strings, numbers, arrays and hashes (a
  page's Liquid hash among them) by content, ``1`` and ``"1"`` apart; Jekyll drops (a document,
  ``site``, a static file) by identity;
- nothing else is: an include that reads ``page.title`` or an ``assign`` of its caller shows,
  on every page, what it showed the first time it rendered with those values (the gem's
  documented gotcha), and a cache hit renders nothing, so the include's own ``assign``\\ s and
  its ``include`` variable do not happen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquidpage.drops import CollectionDrop, DocumentDrop, PageDrop, SiteDrop, StaticFileDrop
from liquidpage.errors import LiquidpageError
from liquidpage.ruby import nil
from liquidpage.tags.include import IncludeNode, IncludeTag
from liquidpage.filters import site_of

if TYPE_CHECKING:  # pragma: no cover
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

_CACHE_ATTR = "_include_cache"


def value_key(value: Any) -> Any:
    """A hashable stand-in for Ruby's ``value.hash`` (or, for a Jekyll drop, its
    ``object_id``): equal exactly when Ruby's would be."""
    value = nil(value)  # an undefined variable is nil
    if value is None:
        return ("nil",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, Decimal):
        return ("decimal", value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, (dt.datetime, dt.date)):
        return ("time", value)
    if isinstance(value, (list, tuple)):
        # An array keeps Jekyll's objects as they are (Liquid converts only what it looks up):
        # `site.pages` holds Page objects, hashed by identity, not their Liquid hashes.
        return ("array", tuple(("page", id(v.page)) if isinstance(v, PageDrop) else value_key(v)
                               for v in value))
    # Jekyll drops hash by identity (Object#hash); ours are views made afresh, so the identity
    # is the object each stands for in Jekyll: one SiteDrop per build, one drop per document
    # (Document#to_liquid) and per static file (StaticFile#to_liquid), one per collection.
    if isinstance(value, SiteDrop):
        return ("site", id(value.site))
    if isinstance(value, DocumentDrop):
        return ("document", id(value.doc))
    if isinstance(value, StaticFileDrop):
        return ("static_file", id(value.static))
    if isinstance(value, CollectionDrop):
        return ("collection", value.label)
    if isinstance(value, (PageDrop, Mapping)):
        # A page's Liquid view is a Hash in Jekyll (Convertible#to_liquid): hashed by content,
        # in any key order, like every other Hash.
        return ("hash", frozenset((value_key(k), value_key(v)) for k, v in value.items()))
    return ("object", id(value))


def params_key(params: dict[str, Any] | None) -> Any:
    """``Tag#quick_hash``: ``nil.hash`` without parameters, else the values in key order."""
    if params is None:
        return None
    return tuple(value_key(value) for _, value in sorted(params.items()))


def build_cache(site: Site) -> dict[Any, str]:
    """The outputs cached so far. They live on the site's renderer, so a re-read site
    (``Site.reset``) starts afresh even without a build."""
    renderer = site.renderer
    cache = getattr(renderer, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(renderer, _CACHE_ATTR, cache)
    return cache


def reset(site: Site, payload: Any = None) -> None:
    """``JekyllIncludeCache.reset``: every build starts with an empty cache (site pre_render)."""
    setattr(site.renderer, _CACHE_ATTR, {})


class IncludeCachedNode(IncludeNode):
    """``JekyllIncludeCache::Tag#render``: the include's output, rendered once per key."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        registers = context.tag_namespace.get("registers") or {}
        site = registers.get("site") or site_of(context)
        # Tag#path: the variable file name, or the literal one, looked up as include does.
        try:
            template = site.include_template(self._file_name(context))
        except LiquidpageError as err:
            if err.location is None:
                err.location = site.renderer.locate(self.token)
            raise
        params = self._param_values(context) if self.params is not None else None
        key = (id(template), params_key(params))
        cache = build_cache(site)
        output = cache.get(key)
        if output is None:
            out = StringIO()
            super().render_to_output(context, out)
            output = cache[key] = out.getvalue()
        buffer.write(output)
        return True


class IncludeCachedTag(IncludeTag):
    """``{% include_cached %}``: the include tag's grammar, the cached node."""

    name = "include_cached"

    def parse(self, stream: TokenStream) -> IncludeCachedNode:
        node = super().parse(stream)
        return IncludeCachedNode(node.token, node.file, node.file_template, node.params, node.relative)


def register(registry: Registry) -> None:
    registry.add_tag(IncludeCachedTag)
    registry.add_hook("site", "pre_render", reset)


__all__ = ["IncludeCachedNode", "IncludeCachedTag", "params_key", "register", "reset", "value_key"]
