"""jekyll-paginate 1.1.0: ``paginate``, ``paginate_path`` and the ``paginator`` of ``index.html``.

A port of the gem's ``lib/jekyll-paginate/pagination.rb`` (the ``Pagination`` generator) and
``lib/jekyll-paginate/pager.rb`` (``Pager``), as they behave inside Jekyll 4.3.1:

- pagination is on when ``paginate`` is set (not nil) and the site has pages;
- the template is the page named exactly ``index.html`` whose folder is ``paginate_path``'s
  folder or one of its ancestors (the site's root included), the deepest one winning;
- page 1 is the template itself; every further page is the template's file read again
  (``Page.new(site, source, template.dir, "index.html")``, so its ``path`` and front-matter
  defaults are the template's) with its ``dir`` set to ``paginate_path`` with ``:num``;
- ``paginator`` is the Pager's ``to_liquid`` hash; posts are ``site.posts`` (newest first)
  without the ones whose ``hidden`` is truthy. Paths carry no ``baseurl``.
"""

from __future__ import annotations

import logging
import posixpath
from typing import TYPE_CHECKING, Any

from liquidpage.drops import document_drop
from liquidpage.errors import ConfigError
from liquidpage.ruby import to_i
from liquidpage.urls import page_dir, page_url

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def ensure_leading_slash(path: str) -> str:
    """``Pager.ensure_leading_slash``."""
    return path if path[:1] == "/" else "/" + path


def remove_leading_slash(path: str) -> str:
    """``Pager.remove_leading_slash``."""
    return ensure_leading_slash(path)[1:]


def _expand_path(path: str, base: str) -> str:
    """Ruby's ``File.expand_path(path, base)`` for a relative ``path`` (no ``~``)."""
    joined = posixpath.normpath(posixpath.join(base, path))
    return "/" + joined.lstrip("/") if joined.startswith("//") else joined


def _page_path(page: Page) -> str:
    """``Page#path``: ``data.fetch("path") { relative_path }`` (front matter only: fetch ignores
    the defaults' default_proc)."""
    value = page.front_matter.get("path", page.relative_path) if page.front_matter else page.relative_path
    return value if isinstance(value, str) else str(value)


def in_hierarchy(page_dir_: str, paginate_dir: str) -> bool:
    """``Pager.in_hierarchy``: ``page_dir_`` is ``paginate_dir`` or one of its ancestors below
    ``/``. (The gem's second guard compares a String with a Pathname, which is never equal,
    so the walk does not stop at the source folder.)"""
    while paginate_dir != posixpath.dirname(paginate_dir):
        if page_dir_ == paginate_dir:
            return True
        paginate_dir = posixpath.dirname(paginate_dir)
    return False


def pagination_candidate(site: Site, page: Page) -> bool:
    """``Pager.pagination_candidate?``."""
    if page.name != "index.html":
        return False
    source = str(site.source)
    folder = posixpath.dirname(_expand_path(remove_leading_slash(_page_path(page)), source))
    paginate_path = _expand_path(remove_leading_slash(str(site.config.get("paginate_path"))), source)
    return in_hierarchy(folder, posixpath.dirname(paginate_path))


def template_page(site: Site) -> Page | None:
    """``Pagination#template_page``: the candidate with the longest ``path``."""
    candidates = [p for p in site.pages if pagination_candidate(site, p)]
    candidates.sort(key=lambda p: -len(_page_path(p)))
    return candidates[0] if candidates else None


def paginate_path(site: Site, num_page: int | None, first_url: str | None) -> str | None:
    """``Pager.paginate_path``: page 1 is the template's URL, others ``paginate_path``'s ``:num``."""
    if num_page is None:
        return None
    if num_page <= 1:
        return first_url
    return ensure_leading_slash(str(site.config.get("paginate_path")).replace(":num", str(num_page), 1))


def per_page(site: Site) -> int:
    """``site.config['paginate'].to_i``."""
    try:
        return to_i(site.config.get("paginate"))
    except TypeError as err:
        raise ConfigError(f"paginate: {err}") from None


def calculate_pages(count: int, size: int) -> int:
    """``Pager.calculate_pages``: ``(count.to_f / size).ceil``."""
    if size == 0:
        raise ConfigError(f"paginate must not be 0: FloatDomainError ({'NaN' if count == 0 else 'Infinity'})")
    quotient = count / size
    whole = int(quotient)
    return whole + 1 if quotient > whole else whole


def make_pager(site: Site, page: int, all_posts: list[Any], total_pages: int,
               first_url: str | None) -> dict[str, Any]:
    """``Pager#initialize`` and ``Pager#to_liquid``."""
    size = per_page(site)
    if page > total_pages:
        raise ConfigError(f"page number can't be greater than total pages: {page} > {total_pages}")
    init = (page - 1) * size
    offset = len(all_posts) if init + size - 1 >= len(all_posts) else init + size - 1
    previous_page = page - 1 if page != 1 else None
    next_page = page + 1 if page != total_pages else None
    return {
        "page": page,
        "per_page": size,
        "posts": all_posts[init:offset + 1],
        "total_posts": len(all_posts),
        "total_pages": total_pages,
        "previous_page": previous_page,
        "previous_page_path": paginate_path(site, previous_page, first_url),
        "next_page": next_page,
        "next_page_path": paginate_path(site, next_page, first_url),
    }


def generate(site: Site) -> None:
    """``Pagination#generate``."""
    if site.config.get("paginate") is None or not site.pages:
        return
    template = template_page(site)
    if template is None:
        log.warning("Pagination: Pagination is enabled, but I couldn't find an index.html page to "
                    "use as the pagination template. Skipping pagination.")
        return
    paginate(site, template)


def paginate(site: Site, template: Page) -> None:
    """``Pagination#paginate``: page 1 is the template, pages 2.. are new pages."""
    posts = [document_drop(doc, site) for doc in reversed(site.posts)
             if not _truthy(doc.data.get("hidden"))]
    pages = calculate_pages(len(posts), per_page(site))
    first_url = template.url  # Pagination.first_page_url: the template's URL
    for num in range(1, pages + 1):
        pager = make_pager(site, num, posts, pages, first_url)
        if num > 1:
            page = reread(site, template)
            move(site, page, paginate_path(site, num, first_url) or "")
            page.pager = pager
            site.registry.trigger_item(page, "post_init")
            site.pages.append(page)
        else:
            template.pager = pager


def reread(site: Site, template: Page) -> Page:
    """``Page.new(site, site.source, template.dir, template.name)``: the file read again from the
    folder of the template's URL (its source folder unless it has a permalink)."""
    reader = site.reader
    assert reader is not None, "generators run after Site.read()"
    rel_dir = page_dir(template.url).strip("/")
    path = site.source / rel_dir / template.name if rel_dir else site.source / template.name
    if not path.is_file():
        # read_yaml rescues the error: a warning, and a page with no front matter or content.
        log.warning("Error reading file %s: No such file or directory @ rb_sysopen - %s", path, path)
        return reader.new_page(rel_dir, template.name, {}, "", 1)
    front_matter, body, line = reader.read_front_matter(path)
    return reader.new_page(rel_dir, template.name, front_matter or {}, body, line)


def move(site: Site, page: Page, directory: str) -> None:
    """``newpage.dir = path``: the URL is the page's template (``/:path/`` for index.html, or
    its permalink) with ``:path`` = ``directory``."""
    permalink = page.data.get("permalink")
    page.url = page_url(dir=directory, basename=page.basename, output_ext=page.output_ext,
                        permalink=permalink if isinstance(permalink, str) and permalink else None,
                        config=site.config)


def register(registry: Registry) -> None:
    # pagination.rb: `priority :lowest`
    registry.add_generator(generate, priority="lowest")


__all__ = ["generate", "register", "template_page"]
