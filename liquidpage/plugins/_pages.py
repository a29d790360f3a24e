"""What Ben Balter's GitHub Pages generators share: Jekyll's Markdown converter test
(``Converters::Markdown#matches``), ``Jekyll::Page.new`` on a static file, ``data[key] = value``
on a page or document, and ``Jekyll::Excerpt.new(doc)``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidpage import documents, frontmatter, urls
from liquidpage.defaults import deep_merge_hashes
from liquidpage.model import Excerpt

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page, StaticFile
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

RUBY_WHITESPACE = "\0\t\n\v\f\r "


def markdown_exts(site: Site) -> list[str]:
    """``Converters::Markdown#extname_list``: ``markdown_ext`` split on commas, each with a dot."""
    return ["." + e.lower() for e in str(site.config.get("markdown_ext") or "").split(",")]


def is_markdown(site: Site, ext: str) -> bool:
    """``Converters::Markdown#matches(ext)``."""
    return ext.lower() in markdown_exts(site)


def extname(item: Page | StaticFile) -> str:
    """``Page#extname`` / ``Document#extname`` / ``StaticFile#extname``: ``File.extname(name)``."""
    return urls.extname(item.path.name)


def static_relative_path(static: StaticFile) -> str:
    """``StaticFile#relative_path``: ``File.join(dir, name)`` (``/sub/x.md``, ``_items/x.md``)."""
    return static.jekyll_relative_path


def page_from_static_file(site: Site, static: StaticFile, front_matter: dict[str, Any] | None = None) -> Page:
    """``Jekyll::Page.new(site, static.@base, static.@dir, static.@name)``: the file read again as a
    page. It has no front matter, so the whole file is the body and ``data`` holds only what the
    caller sets (``front_matter``) over the front-matter defaults. ``@base`` is the site's source,
    or the theme's root for a theme asset; a collection file under ``collections_dir`` is looked
    for under the source (``@base``/``@dir`` do not name ``collections_dir``), as Jekyll does."""
    reader = site.reader
    assert reader is not None, "generators run after Site.read()"
    rel = static.relative_path
    rel_dir, _, name = rel.rpartition("/")
    base: Path | None = None
    theme = site.theme
    if theme is not None and static.collection is None and _under(static.path, Path(theme.root)) \
            and not _under(static.path, site.source):
        base = Path(theme.root)
    path = (base or site.source) / rel
    if path.is_file():
        body = frontmatter.decode(path.read_bytes())
    else:  # Convertible#read_yaml rescues the error: a warning and an empty page
        log.warning("Error reading file %s: No such file or directory @ rb_sysopen - %s", path, path)
        body = ""
    page = reader.new_page(rel_dir, name, dict(front_matter or {}), body, 1, base=base)
    site.registry.trigger_item(page, "post_init")
    return page


def _under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def set_data(item: Page, key: str, value: Any) -> None:
    """``item.data[key] = value``. A page's ``data`` is its front-matter hash (defaults are its
    default_proc): Liquid sees ``deep_merge(defaults, data)``, so the merged view follows."""
    item.data[key] = value
    if item.is_document:
        item.drop = None  # a cached DocumentDrop would show the old value
        excerpt = item.data.get("excerpt")
        if isinstance(excerpt, Excerpt) and key not in ("layout", "excerpt"):
            # Jekyll's Excerpt#data copies the document's data when first asked (at render),
            # so it sees what generators set; liquidpage's copy was made at read time.
            excerpt.page.data[key] = value
        return
    item.front_matter[key] = value
    if item.liquid_data is not None:
        item.liquid_data = deep_merge_hashes(item.liquid_data, {key: value})


def new_excerpt(site: Site, doc: Page) -> Excerpt:
    """``Jekyll::Excerpt.new(doc)``: the excerpt of the document's current content."""
    separator = documents.excerpt_separator(doc.data, site.config)
    if not separator:  # Ruby's "".partition: an empty head, and no definitions can match it
        return Excerpt(doc, "")
    return Excerpt(doc, documents.extract_excerpt(doc.content, separator, doc.relative_path))


def ruby_strip(text: str) -> str:
    """Ruby's ``String#strip``."""
    return text.strip(RUBY_WHITESPACE)


def config_option(site: Any, section: str, key: str) -> Any:
    """The GitHub Pages gems' ``Generator#option``: ``site.config[section] && site.config[section][key]``
    (Ruby's ``[]`` on whatever the section holds: nil where it has no such key)."""
    value = site.config.get(section)
    if value is None or value is False:
        return value
    try:
        return value[key]
    except (KeyError, TypeError, IndexError):
        return None
