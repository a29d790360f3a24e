"""``liquidpage doctor``: the checks of Jekyll's ``commands/doctor.rb`` on a read site."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.site import Site


def log_line(topic: str, message: str = "") -> str:
    """Jekyll's logger line (``Stevenson#formatted_topic``): ``"#{topic} ".rjust(20)``, then the
    message."""
    return f"{topic} ".rjust(20) + message


def check(site: Site) -> list[str]:
    """Every problem ``jekyll doctor`` reports, as its warning lines; none when healthy."""
    from liquidpage.model import Page  # here, so that `liquidpage.cli` imports fast (log_line)
    from liquidpage.writer import conflict_name, default_destination, each_site_file

    lines: list[str] = []
    config = site.config
    # properly_gathered_posts?
    collections_dir = str(config.get("collections_dir") or "")
    posts_at_root = site.source / "_posts"
    if collections_dir and posts_at_root.is_dir():
        lines.append(log_line("Warning:", "Detected '_posts' directory outside custom `collections_dir`!"))
        lines.append(log_line("", f"Please move '{posts_at_root}' into the custom directory at "
                               f"'{site.source / collections_dir}'"))
    # deprecated_relative_permalinks
    if config.get("relative_permalinks"):
        lines.append(log_line("Deprecation:", "Your site still uses relative permalinks, which was "
                                           "removed in Jekyll v3.0.0."))
    # conflicting_urls (redirect pages of jekyll-redirect-from may share a destination)
    dest_root = default_destination(site)
    claims: dict[str, list[str]] = {}
    for item in each_site_file(site):
        if getattr(item, "redirect_page", False):
            continue
        claims.setdefault(str(dest_root / item.destination), []).append(conflict_name(item))
    for dest, paths in claims.items():
        if len(paths) > 1:
            lines.append(log_line("Conflict:", "The following destination is shared by multiple files."))
            lines.append(log_line("", "The written file may end up with unexpected contents."))
            lines.append(log_line("", dest))
            lines.extend(log_line("", f" - {path}") for path in paths)
            lines.append(log_line(""))
    # urls_only_differ_by_case
    by_case: dict[str, list[str]] = {}
    for item in [*site.pages, *(d for c in site.collections.values() for d in c.docs if d.write)]:
        if isinstance(item, Page):
            dest = os.path.join(str(dest_root), item.destination)
            by_case.setdefault(dest.lower(), []).append(dest)
    for real in by_case.values():
        if len(set(real)) > 1:
            lines.append(log_line("Warning:", "The following URLs only differ by case. On a case-insensitive "
                                           "file system one of the URLs will be overwritten by the other: "
                                           + ", ".join(real)))
    # proper_site_url?
    url = config.get("url")
    if url is None or url == "":
        lines.append(log_line("Warning:", "You didn't set an URL in the config file, you may encounter "
                                       "problems with some plugins."))
    if not isinstance(url, str) or not urlsplit(url).scheme:
        lines.append(log_line("Warning:", "Your site URL does not seem to be absolute, check the value of "
                                       "`url` in your config file."))
    return lines
