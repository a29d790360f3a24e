"""jekyll-readme-index 0.3.0: a folder's README becomes its index when it has none.

A port of the gem's ``lib/jekyll-readme-index/generator.rb`` (``Generator``, priority ``:low``)
and ``lib/jekyll/static_file_ext.rb`` (``StaticFile#to_page``, ``Page#update_permalink``):

- every static file named ``readme`` plus a Markdown extension (any case, any folder, a
  collection's too) whose folder (``File.dirname`` of its URL) has no page or static file with
  the URL ``<folder>/`` or ``<folder>/index.{htm,html,xhtml,xml}`` is read again as a page
  (``Page.new``: the whole file is the body) with ``permalink: <folder>/`` and appended to
  ``site.pages``, in static-file order (a README made an index counts for the next ones);
- ``readme_index: {remove_originals: true}`` drops the README's static copy;
- ``readme_index: {with_frontmatter: true}``: a README page (with front matter) in such a folder
  gets the permalink of its URL's folder (the URL as first computed: Jekyll memoizes it);
- ``readme_index: {enabled: false}`` turns it off.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from liquidpage import urls
from liquidpage.plugins._pages import markdown_exts, page_from_static_file, set_data, config_option

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

CONFIG_KEY = "readme_index"
# generator.rb INDEX_REGEX, as it reads interpolated after the folder (a group of its own)
INDEX_REGEX = r"(?:$|index\.(html?|xhtml|xml)$)"


def _option(site: Site, key: str) -> Any:
    """``Generator#option`` (plugins/_pages.py config_option)."""
    return config_option(site, CONFIG_KEY, key)


def readme_regex(site: Site) -> re.Pattern[str]:
    """``Generator#readme_regex``: ``/readme(<a markdown extension>)$``, any case."""
    union = "|".join(re.escape(e) for e in markdown_exts(site))
    return re.compile(rf"/readme({union})$", re.I | re.M)


def dir_has_index(site: Site, folder: str) -> bool:
    """``Generator#dir_has_index?``: a page or static file whose URL is the folder's index."""
    if not folder.endswith("/"):
        folder += "/"
    regex = re.compile("^" + re.escape(folder) + INDEX_REGEX, re.I | re.M)
    return any(regex.search(item.url) for item in [*site.pages, *site.static_files])


def should_be_index(site: Site, url: str) -> bool:
    """``Generator#should_be_index?`` of a README whose URL is ``url``."""
    return not dir_has_index(site, urls.ruby_dirname(url))


def _permalink_of(url: str) -> str:
    """``File.dirname(url) + "/"``."""
    return urls.ruby_dirname(url) + "/"


def update_permalink(site: Site, page: Page) -> None:
    """``Page#update_permalink`` (static_file_ext.rb): ``permalink`` is the folder of the URL
    already computed (memoized), and the URL is made again from it."""
    permalink = _permalink_of(page.url)
    set_data(page, "permalink", permalink)
    page.url = urls.page_url(dir=page.relative_path.rpartition("/")[0], basename=_basename(page),
                             output_ext=page.output_ext, permalink=permalink, config=site.config)


def _basename(page: Page) -> str:
    name = page.name
    ext = urls.extname(name)
    return (name[: len(name) - len(ext)] if ext else name).rstrip(".")


def generate(site: Site) -> None:
    """``Generator#generate``."""
    if _option(site, "enabled") is False:
        return
    regex = readme_regex(site)
    readmes = [f for f in site.static_files if regex.search(f.jekyll_relative_path)]
    cleanup = _option(site, "remove_originals") is True
    for readme in readmes:
        if not should_be_index(site, readme.url):
            continue
        # StaticFile#to_page: Page.new, then data["permalink"] = File.dirname(url) + "/"
        page = page_from_static_file(site, readme, {"permalink": _permalink_of(readme.url)})
        site.pages.append(page)
        if cleanup:
            site.static_files[:] = [f for f in site.static_files if f is not readme]
    if _option(site, "with_frontmatter") is True:
        for page in [p for p in site.pages if regex.search("/" + _page_path(p))]:
            if should_be_index(site, page.url):
                update_permalink(site, page)


def _page_path(page: Page) -> str:
    """``Page#path``: ``data.fetch("path") { relative_path }`` (front matter only)."""
    value = page.front_matter.get("path", page.relative_path)
    return value if isinstance(value, str) else str(value)


def register(registry: Registry) -> None:
    # generator.rb: `priority :low`
    registry.add_generator(generate, priority="low")


__all__ = ["generate", "register"]
