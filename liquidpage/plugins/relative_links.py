"""jekyll-relative-links 0.7.0: Markdown links to source files become links to their URLs.

A port of the gem's ``lib/jekyll-relative-links/generator.rb`` (``Generator``, priority
``:lowest``):

- in every Markdown page (and, with ``relative_links: {collections: true}``, every written
  document), inline links ``[text](path#fragment "title")`` (images too) and reference
  definitions ``[label]: path#fragment "title"`` whose path is neither a fragment nor an
  absolute URI are resolved against the file's folder (a leading ``/`` from the site's root,
  ``%XX`` unescaped); when a page, static file or written document has that source path, the
  path becomes its URL through ``relative_url`` (with ``baseurl``), the fragment and title kept;
- the rewriting is textual, as the gem's: it does not know about code blocks or spans;
- a document's excerpt (and a page's, when it has one) is made again from the new content;
- ``relative_links: {enabled: false}`` turns it off; ``exclude:`` (glob patterns of source
  paths, as Jekyll's ``exclude``) skips files.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from liquidpage.jekyll_filters import _compute_relative_url
from liquidpage.plugins._pages import extname, is_markdown, new_excerpt, set_data, config_option

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.plugins.registry import Registry
    from liquidpage.site import Site

CONFIG_KEY = "relative_links"

_S = r"[ \t\n\v\f\r]"  # Ruby's \s
# generator.rb LINK_TEXT_REGEX, FRAGMENT_REGEX, TITLE_REGEX (its second branch opens with `"`
# and closes with `'`, as the gem has it), INLINE_LINK_REGEX, REFERENCE_LINK_REGEX, LINK_REGEX
_TEXT = r"(.*?)"
_FRAGMENT = r"(#.+?|)?"
_TITLE = rf"""({_S}+"(?:\\"|[^"])*(?<!\\)"|{_S}+"(?:\\'|[^'])*(?<!\\)')?"""
_INLINE = rf"\[{_TEXT}\]\(([^)]+?){_FRAGMENT}{_TITLE}\)"
_REFERENCE = rf"^{_S}*?\[{_TEXT}\]: (.+?){_FRAGMENT}{_TITLE}{_S}*?$"
LINK_REGEX = re.compile(rf"({_INLINE}|{_REFERENCE})", re.M)

# Addressable::URI::URIREGEX and the scheme check of Addressable::URI#scheme=
_URI = re.compile(r"^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?$", re.M)
_SCHEME_OK = re.compile(r"\A[a-z][a-z0-9.+\-]*\Z", re.I)


def _option(site: Site, key: str) -> Any:
    """``Generator#option`` (plugins/_pages.py config_option)."""
    return config_option(site, CONFIG_KEY, key)


def absolute_url(text: str | None) -> bool:
    """``Generator#absolute_url?``: ``Addressable::URI.parse(string).absolute?`` (a scheme); an
    invalid URI counts as not absolute."""
    if text is None:
        return False
    match = _URI.search(text)
    if match is None or match.group(2) is None:
        return False
    scheme = match.group(2)
    if not _SCHEME_OK.match(scheme):
        return False  # InvalidURIError: "Invalid scheme format"
    # Addressable#validate: an ip-based scheme (http, https, ftp, ...) with no host and no path
    # raises InvalidURIError too; any other URI with a scheme is absolute.
    if match.group(4) in (None, "") and match.group(5) == "" and scheme.lower() in _IP_BASED:
        return False
    return True


# Addressable::URI.ip_based_schemes (PORT_MAPPING's keys)
_IP_BASED = frozenset(("http", "https", "ftp", "tftp", "sftp", "ssh", "svn+ssh", "telnet", "nntp",
                       "gopher", "wais", "ldap", "prospero"))


def replaceable(path: str) -> bool:
    """``Generator#replaceable_link?``: not ``#fragment``, not an absolute URI."""
    return not path.startswith("#") and not absolute_url(path)


def path_from_root(relative_path: str, url_base: str) -> str | None:
    """``Generator#path_from_root``: ``File.expand_path(path, base)`` from the working folder,
    which is then cut off; a path that climbs out of it matches nothing (None)."""
    is_absolute = relative_path.startswith("/")
    if relative_path.startswith("/"):
        relative_path = relative_path[1:]
    if relative_path.startswith("~") or relative_path.startswith("/"):
        return None  # the home folder, or a path from the file system's root: never a site path
    base = "" if is_absolute else url_base
    parts: list[str] = []
    for part in f"{base}/{relative_path}".split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _relative_path(item: Any) -> str:
    """``relative_path`` without a leading ``/`` (``p.relative_path.sub(%r!\\A/!, "")``)."""
    rel = getattr(item, "jekyll_relative_path", None) or item.relative_path
    return rel[1:] if rel.startswith("/") else rel


class _Generator:
    """One run of ``Generator#generate``: ``potential_targets`` is memoized."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._targets: list[Any] | None = None

    def targets(self) -> list[Any]:
        """``potential_targets``: ``site.pages + site.static_files + site.docs_to_write``."""
        if self._targets is None:
            site = self.site
            docs = [d for c in site.collections.values() for d in c.docs if d.write]
            self._targets = [*site.pages, *site.static_files, *docs]
        return self._targets

    def url_for_path(self, path: str) -> str | None:
        """``Generator#url_for_path``: ``CGI.unescape``, the first target with that source path,
        its URL through ``relative_url``."""
        path = unquote_plus(path, errors="surrogateescape")
        for item in self.targets():
            if _relative_path(item) == path:
                url = item.url
                return _compute_relative_url(url, self.site.config) if url else None
        return None

    def replace(self, page: Page) -> None:
        """``Generator#replace_relative_links!``."""
        if page.content is None:
            return
        url_base = posixpath.dirname(page.relative_path) or "."

        def substitute(match: re.Match[str]) -> str:
            original = match.group(0)
            inline = match.group(2) is not None
            text, path, fragment, title = (match.group(i) for i in ((2, 3, 4, 5) if inline else (6, 7, 8, 9)))
            if not replaceable(path):
                return original
            root_path = path_from_root(path, url_base)
            url = self.url_for_path(root_path) if root_path is not None else None
            if not url:
                return original
            url += fragment or ""
            if inline:
                return f"[{text}]({url}{title or ''})"
            return f"\n[{text}]: {url}{title or ''}"

        page.content = LINK_REGEX.sub(substitute, page.content)
        # replace_relative_links_excerpt!: `data["excerpt"] = Excerpt.new(doc) if data["excerpt"]`
        excerpt = page.data.get("excerpt")
        if excerpt is not None and excerpt is not False:
            set_data(page, "excerpt", new_excerpt(self.site, page))


def excluded(site: Site, page: Page) -> bool:
    """``Generator#excluded?``: ``EntryFilter#glob_include?(exclude, relative_path)``."""
    patterns = _option(site, "exclude")
    if patterns is None or patterns is False:
        return False
    assert site.reader is not None
    return site.reader.filter.glob_include(list(patterns) if isinstance(patterns, list) else [patterns],
                                           page.relative_path)


def generate(site: Site) -> None:
    """``Generator#generate``."""
    if _option(site, "enabled") is False:
        return
    items: list[Any] = list(site.pages)
    if _option(site, "collections") is True:
        items += [d for c in site.collections.values() for d in c.docs if d.write]
    run = _Generator(site)
    for page in items:
        if not is_markdown(site, extname(page)) or excluded(site, page):
            continue
        run.replace(page)


def register(registry: Registry) -> None:
    # generator.rb: `priority :lowest`
    registry.add_generator(generate, priority="lowest")


__all__ = ["LINK_REGEX", "generate", "path_from_root", "register"]
