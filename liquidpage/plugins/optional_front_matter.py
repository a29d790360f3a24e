"""jekyll-optional-front-matter 0.3.2: Markdown files without front matter become pages.

A port of the gem's ``lib/jekyll-optional-front-matter/generator.rb`` (``Generator``, priority
``:normal``) and ``FILENAME_BLACKLIST`` (``lib/jekyll-optional-front-matter.rb``):

- every static file whose extension is one of ``markdown_ext`` is read again as a page
  (``Jekyll::Page.new`` on the file: no front matter, so the whole file is the body and the
  page's data are the front-matter defaults), appended to ``site.pages`` in static-file order;
- files named README, LICENSE, LICENCE, COPYING, CODE_OF_CONDUCT, CONTRIBUTING, ISSUE_TEMPLATE
  or PULL_REQUEST_TEMPLATE (any case, any Markdown extension, any folder) are left alone unless
  ``include:`` (an Array) lists them;
- ``optional_front_matter: {enabled: false}`` or ``require_front_matter: true`` turns it off;
  ``optional_front_matter: {remove_originals: true}`` (or ``require_front_matter``) also drops
  the static copies of the files made into pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liquidpage.plugins._pages import extname, is_markdown, page_from_static_file, config_option

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page, StaticFile
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

# lib/jekyll-optional-front-matter.rb FILENAME_BLACKLIST
FILENAME_BLACKLIST = frozenset((
    "README", "LICENSE", "LICENCE", "COPYING", "CODE_OF_CONDUCT", "CONTRIBUTING",
    "ISSUE_TEMPLATE", "PULL_REQUEST_TEMPLATE",
))

CONFIG_KEY = "optional_front_matter"


def _option(site: Site, key: str) -> Any:
    """``Generator#option`` (plugins/_pages.py config_option)."""
    return config_option(site, CONFIG_KEY, key)


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def disabled(site: Site) -> bool:
    """``Generator#disabled?``."""
    return _option(site, "enabled") is False or _truthy(site.config.get("require_front_matter"))


def cleanup(site: Site) -> bool:
    """``Generator#cleanup?``."""
    return _option(site, "remove_originals") is True or _truthy(site.config.get("require_front_matter"))


def _basename(item: Page | StaticFile) -> str:
    """``Page#basename`` / ``StaticFile#basename``: the name minus its extension, trailing dots
    removed."""
    name = item.name
    ext = extname(item)
    return (name[: len(name) - len(ext)] if ext else name).rstrip(".")


def _relative_path(item: Page | StaticFile) -> str:
    """``relative_path``: ``sub/x.md`` for a page, ``/sub/x.md`` for a static file."""
    return getattr(item, "jekyll_relative_path", None) or item.relative_path


def whitelisted(site: Site, item: Page | StaticFile) -> bool:
    """``Generator#whitelisted?``: ``include:`` is an Array and ``EntryFilter#included?``."""
    if not isinstance(site.config.get("include"), list):
        return False
    assert site.reader is not None
    return site.reader.filter.included(_relative_path(item))


def blacklisted(site: Site, item: Page | StaticFile) -> bool:
    """``Generator#blacklisted?`` (asked of the pages to add and of the static files to remove)."""
    if whitelisted(site, item):
        return False
    return _basename(item).upper() in FILENAME_BLACKLIST


def markdown_files(site: Site) -> list[StaticFile]:
    """``Generator#markdown_files``: static files with a Markdown extension."""
    return [f for f in site.static_files if is_markdown(site, f.extname)]


def generate(site: Site) -> None:
    """``Generator#generate``."""
    if disabled(site):
        return
    files = markdown_files(site)
    pages = [(static, page_from_static_file(site, static)) for static in files]
    site.pages.extend(page for _, page in pages if not blacklisted(site, page))
    if cleanup(site):
        # `site.static_files -= static_files_to_remove`
        removed = {id(static) for static in files if not blacklisted(site, static)}
        site.static_files[:] = [f for f in site.static_files if id(f) not in removed]


def register(registry: Registry) -> None:
    # generator.rb: `priority :normal`
    registry.add_generator(generate, priority="normal")


__all__ = ["FILENAME_BLACKLIST", "blacklisted", "generate", "register"]
