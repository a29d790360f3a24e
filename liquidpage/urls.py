"""Permalinks, page and document URLs, output paths (behaviour spec §3). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

# §3.1: built-in permalink styles (Jekyll's configuration.rb STYLE_TO_PERMALINK).
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

HTML_EXTS = (".html", ".htm", ".xhtml")

_SAFE_PLACEHOLDER = re.compile(r"\A[A-Za-z0-9./-]*\Z")
# Addressable's path encoder keeps these (§3.5.1), '?' included.
_ADDRESSABLE_SAFE = "-._~!$&'()*+,;=:@/?"


def posts_template(config: Mapping[str, Any]) -> str:
    """The permalink template for posts: a style name resolved, or the string itself (§3.1)."""
    style = str(config.get("permalink") or "date")
    return STYLES.get(style, style)


def style_suffix(config: Mapping[str, Any]) -> str:
    """The suffix pages and other collections get from the permalink style (§3.1)."""
    style = str(config.get("permalink") or "date")
    if style == "pretty":
        return "/"
    if style in ("date", "ordinal", "none"):
        return ":output_ext"
    if style.endswith("/"):
        return "/"
    if style.endswith(":output_ext"):
        return ":output_ext"
    return ""


def escape_path(value: str) -> str:
    """Escape a placeholder value as Jekyll's ``URL.escape_path`` does (§3.5.1)."""
    if not value or _SAFE_PLACEHOLDER.match(value):
        return value
    return quote(value, safe=_ADDRESSABLE_SAFE)


def sanitize_url(url: str) -> str:
    """Jekyll's ``URL#sanitize_url`` (§3.5.2)."""
    url = "/" + url
    url = url.replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def page_url(
    *,
    dir: str,
    basename: str,
    output_ext: str,
    permalink: str | None,
    config: Mapping[str, Any],
) -> str:
    """The URL of a page (§3.2). ``dir`` is the source-relative folder ('' at the root)."""
    if permalink:
        return sanitize_url(str(permalink))
    if output_ext not in HTML_EXTS:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = "/:path/:basename" + style_suffix(config)
    values = {
        "path": "/" + dir if dir else "",
        "basename": basename,
        "output_ext": output_ext,
    }
    url = template
    for key, value in values.items():
        url = url.replace(":" + key, escape_path(value))
    return sanitize_url(url)


def generate_url(template: str, placeholders: Mapping[str, str | None]) -> str:
    """Expand a document URL template from a placeholder table (§3.3.2)."""

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in placeholders and key.endswith("_") and key[:-1] in placeholders:
            key = key[:-1]
        if key not in placeholders:
            from liquidpage.errors import URLError

            raise URLError(
                f"The URL template doesn't have {key} keys. Check your permalink template!"
            )
        return escape_path(placeholders[key] or "")

    return sanitize_url(re.sub(r":([a-z_]+)", sub, template))


def output_path(url: str, output_ext: str) -> str:
    """The destination path, relative to the destination folder, for a URL (§3.5.3)."""
    path = unquote(url)
    if path.endswith("/"):
        path += "index.html" if output_ext in HTML_EXTS or not output_ext else "index" + output_ext
    elif not path.endswith(output_ext):
        path += output_ext
    parts = [p for p in PurePosixPath(path).parts if p not in ("/", "..", ".")]
    return "/".join(parts)
