"""Permalinks, page and document URLs, output paths (Jekyll's url.rb, page.rb Page#url, document.rb Document#url). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

# Jekyll's utils.rb Utils.add_permalink_suffix, document.rb Document#url_template: built-in permalink styles (Jekyll's configuration.rb STYLE_TO_PERMALINK).
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

HTML_EXTS = (".html", ".htm", ".xhtml")

_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SAFE_PLACEHOLDER = re.compile(r"\A[A-Za-z0-9./-]*\Z")
# Addressable's path encoder keeps these (Jekyll's url.rb URL.escape_path), '?' included.
_ADDRESSABLE_SAFE = "-._~!$&'()*+,;=:@/?"


def posts_template(config: Mapping[str, Any]) -> str:
    """The permalink template for posts: a style name resolved, or the string itself (Jekyll's utils.rb Utils.add_permalink_suffix, document.rb Document#url_template)."""
    style = str(config.get("permalink") or "date")
    return STYLES.get(style, style)


def style_suffix(config: Mapping[str, Any]) -> str:
    """The suffix pages and other collections get from the permalink style (Jekyll's utils.rb Utils.add_permalink_suffix, document.rb Document#url_template)."""
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
    """Escape a placeholder value as Jekyll's ``URL.escape_path`` does (Jekyll's url.rb URL.escape_path)."""
    if not value or _SAFE_PLACEHOLDER.match(value):
        return value
    return quote(value, safe=_ADDRESSABLE_SAFE)


def sanitize_url(url: str) -> str:
    """Jekyll's ``URL#sanitize_url`` (Jekyll's url.rb URL#sanitize_url)."""
    url = "/" + url
    url = url.replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def page_placeholders(dir: str, basename: str, output_ext: str) -> dict[str, str | None]:
    """A page's placeholder table, in Jekyll's order (page.rb ``url_placeholders``).

    ``dir`` is Jekyll's ``@dir``: ``""`` at the root, ``"/sub"`` (or ``"sub"``) below it.
    """
    if dir and not dir.startswith("/"):
        dir = "/" + dir
    return {"path": dir, "basename": basename, "output_ext": output_ext}


def generate_url_from_hash(template: str, placeholders: Mapping[str, str | None]) -> str:
    """Plain-text placeholder replacement (url.rb ``generate_url_from_hash``), not sanitised."""
    result = template
    for key, value in placeholders.items():
        if ":" not in result:
            break
        if value is None:
            result = result.replace("/:" + key, "")
        else:
            result = result.replace(":" + key, escape_path(value))
    return result


def page_template(basename: str, output_ext: str, config: Mapping[str, Any]) -> str:
    """The URL template of a page (Jekyll's page.rb Page#template)."""
    if output_ext not in HTML_EXTS:
        return "/:path/:basename:output_ext"
    if basename == "index":
        return "/:path/"
    return "/:path/:basename" + style_suffix(config)


def page_url(
    *,
    dir: str,
    basename: str,
    output_ext: str,
    permalink: str | None,
    config: Mapping[str, Any],
) -> str:
    """The URL of a page (Jekyll's page.rb Page#url, Page#template). ``dir`` is the source-relative folder ('' at the root).

    A front-matter ``permalink`` is expanded with the same three placeholders
    (url.rb ``generated_permalink``); its literal text is not escaped.
    """
    placeholders = page_placeholders(dir, basename, output_ext)
    template = str(permalink) if permalink else page_template(basename, output_ext, config)
    return sanitize_url(generate_url_from_hash(template, placeholders))


def page_dir(url: str) -> str:
    """``page.dir``: the URL if it ends with ``/``, else its parent folder plus ``/`` (Jekyll's document.rb Document#id, page.rb Page#dir, Page#path)."""
    if url.endswith("/"):
        return url
    value = ruby_dirname(url)
    return value if value.endswith("/") else value + "/"


def ruby_dirname(path: str) -> str:
    """Ruby's ``File.dirname``: trailing slashes are ignored, ``/`` stays ``/``."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path.startswith("/") else "."
    head, sep, _ = stripped.rpartition("/")
    if not sep:
        return "."
    head = head.rstrip("/")
    return head or "/"


def ruby_join(*parts: str) -> str:
    """Ruby's ``File.join``: one ``/`` between parts, however many each side had."""
    out = ""
    for index, part in enumerate(parts):
        if index == 0:
            out = part
        elif out.endswith("/") and part.startswith("/"):
            out = out.rstrip("/") + "/" + part.lstrip("/")
        elif out.endswith("/") or part.startswith("/"):
            out += part
        else:
            out += "/" + part
    return out


def output_ext_for(permalink: Any, converter_ext: str) -> str:
    """renderer.rb ``output_ext``: a permalink's own extension wins, else the converter's (Jekyll's renderer.rb Renderer#output_ext)."""
    if permalink and isinstance(permalink, str) and not permalink.endswith("/"):
        ext = extname(permalink)
        if ext:
            return ext
    return converter_ext


def extname(path: str) -> str:
    """Ruby's ``File.extname``: the last ``.ext`` of the basename; none for dotfiles."""
    base = path.rstrip("/").rpartition("/")[2]
    stripped = base.lstrip(".")
    dot = stripped.rfind(".")
    if dot <= 0:
        return ""
    return stripped[dot:]


def static_file_url(
    relative_path: str,
    *,
    collection: str | None = None,
    template: str | None = None,
) -> str:
    """The URL of a static file (Jekyll's static_file.rb StaticFile#url).

    ``relative_path`` has no leading slash; for a collection file it starts with ``_<label>/``.
    Non-collection URLs are not escaped.
    """
    ext = extname(relative_path)
    cleaned = relative_path[: len(relative_path) - len(ext)] if ext else relative_path
    cleaned = cleaned.rstrip(".")
    if collection is None:
        base = "/" + cleaned if not cleaned.startswith("/") else cleaned
        return base.removesuffix("/") + ext
    cleaned = ("/" + cleaned).replace("/_" + collection, "", 1)
    name = relative_path.rpartition("/")[2]
    basename = (name[: len(name) - len(ext)] if ext else name).rstrip(".")
    placeholders = {
        "collection": collection,
        "path": cleaned,
        "output_ext": "",
        "name": basename,
        "title": "",
    }
    url = sanitize_url(generate_url_from_hash(template or "", placeholders))
    return url.removesuffix("/") + ext


def generate_url(template: str, placeholders: Mapping[str, str | None]) -> str:
    """Expand a document URL template from a placeholder table (url.rb
    ``generate_url_from_drop``, Jekyll's url.rb URL#generate_url_from_drop, drops/url_drop.rb), then sanitise it.

    A name ending in ``_`` is looked up without it (Ruby's ``chomp!`` mutates the name, so
    only the short form is tried) and the ``_`` stays in the URL: ``:month_`` → ``01_``.
    """

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        pool = [name.removesuffix("_")] * (2 if name.endswith("_") else 1)
        key = pool[0]
        if key not in placeholders:
            from liquidpage.errors import URLError

            raise URLError(
                f"The URL template doesn't have {' or '.join(pool)} keys. "
                "Check your permalink template!"
            )
        value = placeholders[key]
        return match.group(0).replace(":" + key, escape_path(value or ""), 1)

    return sanitize_url(_PLACEHOLDER.sub(sub, template))


def unescape_path(path: str) -> str:
    """url.rb ``unescape_path``: decode ``%XX`` escapes (Addressable's ``unencode``)."""
    return unquote(path) if "%" in path else path


def in_dest_dir(path: str) -> str:
    """``Jekyll.sanitized_path(dest, path)`` made relative: resolve ``.``/``..``, never escape."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/".join(parts)


def output_path(url: str, output_ext: str, *, document: bool = False) -> str:
    """The destination path, relative to the destination folder, for a URL (Jekyll's url.rb URL.unescape_path, page.rb Page#destination).

    Pages (page.rb ``destination``): a URL ending in ``/`` gets ``index``, then the output
    extension unless already there. Documents (document.rb): ``/`` gives ``index.html``.
    """
    path = in_dest_dir(unescape_path(url))
    if url.endswith("/"):
        if document:
            return ruby_join(path, "index.html").lstrip("/")
        path = ruby_join(path, "index").lstrip("/")
    if not path.endswith(output_ext):
        path += output_ext
    return path


def static_output_path(url: str) -> str:
    """The destination of a static file (static_file.rb ``destination``)."""
    return in_dest_dir(unescape_path(url))
