"""jekyll-redirect-from 0.16.0 (Debian ruby-jekyll-redirect-from): redirect pages.

A port of ``lib/jekyll-redirect-from/generator.rb`` (``JekyllRedirectFrom::Generator``, normal
priority) with ``redirect_page.rb``, ``redirectable.rb`` and ``layout.rb``:

- every written document, then every page, with ``redirect_from`` (a string or a list) gets one
  page per entry at that path, whose ``redirect.to`` is the document's absolute URL;
- one with ``redirect_to`` (a string, or the first non-nil entry of a list) keeps its URL, and
  its front matter gains ``layout: redirect``, ``sitemap: false``, ``permalink`` and
  ``redirect``, its content is emptied, so it renders as the redirect;
- the ``redirect`` layout is the site's own ``_layouts/redirect.*`` when there is one, else the
  gem's (built here by :func:`redirect_layout_text`);
- ``redirects.json`` maps each redirect's path to its target, unless the source has a file of
  that name or ``redirect_from: {json: false}``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from liquidpage.errors import FrontMatterError, find_line, location_of_line
from liquidpage.jekyll_filters import absolute_url
from liquidpage.model import Layout
from liquidpage.ruby import class_name

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

_ABSOLUTE = re.compile(r"^https?://", re.M)  # RedirectPage#set_paths (Ruby's ^: any line start)


def register(registry: Registry) -> None:
    registry.add_generator(generate)


def redirect_layout_text(target: str) -> str:
    """The page ``layout.rb`` injects (``Layout`` with no front matter): a meta refresh, a script,
    a canonical link and a link to ``target`` (a Liquid expression here)."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-US">',
        '  <meta charset="utf-8">',
        "  <title>Redirecting&hellip;</title>",
        f'  <link rel="canonical" href="{target}">',
        f'  <script>location="{target}"</script>',
        f'  <meta http-equiv="refresh" content="0; url={target}">',
        '  <meta name="robots" content="noindex">',
        "  <h1>Redirecting&hellip;</h1>",
        f'  <a href="{target}">Click here if you are not redirected.</a>',
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _layout() -> Layout:
    """``JekyllRedirectFrom::Layout``: name ``redirect``, relative path ``_layouts/redirect.html``,
    no data."""
    path = Path(__file__).with_name("redirect.html")  # not a file: the gem's layout, built here
    return Layout("redirect", path, "_layouts/redirect.html", {},
                  redirect_layout_text("{{ page.redirect.to }}"), 1)


def _view(item: Page) -> dict[str, Any]:
    """``to_liquid`` of a page (defaults deep-merged under its front matter) or a document."""
    return item.liquid_data if item.liquid_data is not None else item.data


def redirect_from_paths(item: Page) -> list[Any]:
    """``Redirectable#redirect_from``: a list without nils, or the one value."""
    value = _view(item).get("redirect_from")
    if isinstance(value, list):
        return [v for v in value if v is not None]
    return [] if value is None else [value]


def redirect_to_target(item: Page) -> Any:
    """``Redirectable#redirect_to``: the first non-nil entry of a list, or the value."""
    value = _view(item).get("redirect_to")
    if isinstance(value, list):
        return next((v for v in value if v is not None), None)
    return value


def _string(item: Page, key: str, value: Any) -> str:
    """Jekyll stops with a Ruby NoMethodError/TypeError on a non-string path; say where."""
    if isinstance(value, str):
        return value
    raise FrontMatterError(
        f"{key}: expected a path or URL (a string), got {class_name(value)} {value!r} "
        f"(jekyll-redirect-from cannot use it)", location_of_line(item.path, find_line(item.path, rf"^{key}\s*:")))


def redirect_data(site: Site, source: str, target: str) -> dict[str, Any]:
    """``RedirectPage#set_paths`` over ``DEFAULT_DATA``: ``from`` gets a leading slash, ``to`` is
    kept when it starts with http(s)://, else made absolute with ``absolute_url``."""
    if source and not source.startswith("/"):
        source = "/" + source
    if not _ABSOLUTE.search(target):
        target = absolute_url(target, context=SimpleNamespace(env=site.env, tag_namespace={"registers": {"site": site}}))
    return {"sitemap": False, "layout": "redirect", "permalink": source,
            "redirect": {"from": source, "to": target}}


def generate(site: Site) -> None:
    """``Generator#generate``."""
    if "redirect" not in site.layouts:
        site.layouts["redirect"] = _layout()
    redirects: dict[str, Any] = {}
    docs = [doc for coll in site.collections.values() for doc in coll.docs if doc.write]
    for item in docs + list(site.pages):
        for path in redirect_from_paths(item):
            data = redirect_data(site, _string(item, "redirect_from", path), item.url)
            # RedirectPage.from_paths: a page named redirect.html at the source root.
            site.pages.append(site.new_page("", "redirect.html", "", data))
            redirects[data["redirect"]["from"]] = data["redirect"]["to"]
        target = redirect_to_target(item)
        if target is not None:
            data = redirect_data(site, item.url, _string(item, "redirect_to", target))
            item.data.update(data)  # doc.data.merge!(page.data)
            if item.liquid_data is not None:
                item.liquid_data.update(data)
            item.content = ""
            item.output = ""
            redirects[data["redirect"]["from"]] = data["redirect"]["to"]
    options = site.config.get("redirect_from")
    json_option = options.get("json") if isinstance(options, dict) else None
    if json_option is not False and not (site.source / "redirects.json").exists():
        # Hash#to_json: compact, non-ASCII kept.
        text = json.dumps(redirects, ensure_ascii=False, separators=(",", ":"))
        site.pages.append(site.new_page("", "redirects.json", text, {"layout": None}))


__all__ = ["generate", "redirect_data", "redirect_from_paths", "redirect_layout_text",
           "redirect_to_target", "register"]
