"""jekyll-default-layout 0.1.5: a default layout for Markdown pages and posts that name none.

A port of the gem's ``lib/jekyll-default-layout/generator.rb`` (``Generator``, priority
``:lowest``): every page and post (``site.pages + site.posts.docs``) whose extension is one of
``markdown_ext`` and whose Liquid hash has no ``layout`` key (front matter or front-matter
defaults; an explicit ``layout: null`` counts as one) gets ``data["layout"]`` set to the first
layout that exists of: ``home`` (for the page whose URL is ``/``), ``page`` (pages), ``post``
(posts), ``default``; nil when none exists. Other collections' documents and HTML pages are
left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from liquidpage.plugins._pages import extname, is_markdown, set_data

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site


def layout_specified(page: Page) -> bool:
    """``Generator#layout_specified?``: ``document.to_liquid.key?("layout")`` — a page's hash is
    ``deep_merge(defaults, data)``; a DocumentDrop's ``key?`` asks its data (defaults merged)."""
    if page.is_document:
        return "layout" in page.data
    return "layout" in (page.liquid_data if page.liquid_data is not None else page.data)


def layout_for(site: Site, page: Page) -> str | None:
    """``Generator#layout_for``."""
    layouts = site.layouts
    if page.url == "/" and "home" in layouts:
        return "home"
    if not page.is_document and "page" in layouts:
        return "page"
    if page.collection == "posts" and "post" in layouts:
        return "post"
    if "default" in layouts:
        return "default"
    return None


def generate(site: Site) -> None:
    """``Generator#generate``."""
    for page in [*site.pages, *site.posts]:
        if is_markdown(site, extname(page)) and not layout_specified(page):
            set_data(page, "layout", layout_for(site, page))


def register(registry: Registry) -> None:
    # generator.rb: `priority :lowest`
    registry.add_generator(generate, priority="lowest")


__all__ = ["generate", "layout_for", "register"]
