"""jekyll-titles-from-headings 0.5.3: a page's title from its first Markdown heading.

A port of the gem's ``lib/jekyll-titles-from-headings/generator.rb`` (``Generator``, priority
``:lowest``) and ``filters.rb``:

- Markdown pages without a ``title`` (front matter or defaults; an empty string is a title) get
  the text of a heading at the very start of their content (``TITLE_REGEX``: an ATX heading of
  1-3 ``#``, or a setext heading), run through ``markdownify``, ``strip_html`` and
  ``normalize_whitespace`` with footnote references (``[^x]``) removed; no heading, no change;
- ``titles_from_headings: {collections: true}``: documents of every written collection too, and
  they always get the heading's title (their title was only inferred from the file name);
- ``strip_title: true`` (config, or per file ``strip_title`` in front matter, which wins; a
  page's front-matter defaults are not asked) removes the heading from the content and strips
  the whitespace around it; a post's excerpt is made again from the stripped content;
- ``enabled: false`` turns it off.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from liquidpage.filters import strip_html
from liquidpage.jekyll_filters import normalize_whitespace
from liquidpage.plugins._pages import extname, is_markdown, new_excerpt, ruby_strip, set_data, config_option

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

_S = r"[ \t\n\v\f\r]"  # Ruby's \s
# generator.rb TITLE_REGEX (Ruby's `$` is Python's MULTILINE `$`; `.` stops at "\n" in both)
TITLE_REGEX = re.compile(
    rf"\A{_S}*(?:\#{{1,3}}{_S}+(.*)(?:{_S}+\#{{1,3}})?|(.*)\r?\n[-=]+{_S}*)$", re.M)
# generator.rb EXTRA_MARKUP_REGEX: footnote references left by markdownify
EXTRA_MARKUP_REGEX = re.compile(r"\[\^[^\]]*\]")

CONFIG_KEY = "titles_from_headings"


def _option(site: Site, key: str) -> Any:
    """``Generator#option`` (plugins/_pages.py config_option)."""
    return config_option(site, CONFIG_KEY, key)


def has_title(page: Page) -> bool:
    """``Generator#title?``: documents' titles are inferred, so only pages can have one."""
    return not page.is_document and page.data.get("title") is not None


def strip_markup(site: Site, text: str) -> str:
    """``Generator#strip_markup``: markdownify, strip_html, normalize_whitespace, footnotes."""
    html = site.markdown.convert(text)
    return EXTRA_MARKUP_REGEX.sub("", normalize_whitespace(strip_html(html)))


def title_for(site: Site, page: Page) -> Any:
    """``Generator#title_for``."""
    if has_title(page):
        return page.data.get("title")
    match = TITLE_REGEX.search(page.content or "")
    if match:
        return strip_markup(site, match.group(1) if match.group(1) is not None else match.group(2))
    return page.data.get("title")


def strip_title_wanted(site: Site, page: Page) -> bool:
    """``Generator#strip_title?``: ``data.key?("strip_title")`` (a page's data hash holds its
    front matter only), else the config option."""
    data = page.data if page.is_document else page.front_matter
    if "strip_title" in data:
        return data["strip_title"] is True
    return _option(site, "strip_title") is True


def strip_title(site: Site, page: Page) -> None:
    """``Generator#strip_title!``: ``content.gsub(TITLE_REGEX, "").strip``, and a post's excerpt
    (``generate_excerpt?``: a non-empty separator) made again."""
    if page.content is None:
        return
    page.content = ruby_strip(TITLE_REGEX.sub("", page.content))
    if page.collection == "posts" and _generates_excerpt(site, page):
        set_data(page, "excerpt", new_excerpt(site, page))


def _generates_excerpt(site: Site, page: Page) -> bool:
    """``Document#generate_excerpt?``: ``!excerpt_separator.empty?``."""
    from liquidpage.documents import excerpt_separator

    return excerpt_separator(page.data, site.config) != ""


def generate(site: Site) -> None:
    """``Generator#generate``."""
    if _option(site, "enabled") is False:
        return
    items: list[Any] = list(site.pages)
    if _option(site, "collections") is True:
        # site.docs_to_write: the written documents of every collection (static files skipped)
        items += [d for c in site.collections.values() for d in c.docs if d.write]
    for page in items:
        if not is_markdown(site, extname(page)) or has_title(page):
            continue
        set_data(page, "title", title_for(site, page))
        if strip_title_wanted(site, page):
            strip_title(site, page)


def register(registry: Registry) -> None:
    # generator.rb: `priority :lowest`
    registry.add_generator(generate, priority="lowest")


__all__ = ["TITLE_REGEX", "generate", "register", "title_for"]
