"""The file system -> the site's parts, by Jekyll's reader and entry-filter rules (§1.1, §2.6)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liquidpage import frontmatter, urls
from liquidpage.errors import FrontMatterError, location_of_line
from liquidpage.model import Collection, Layout, Page, StaticFile
from liquidpage.yamlload import load_yaml, yaml_error_position

log = logging.getLogger("liquidpage")

_POST_NAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")


@dataclass
class Contents:
    """Everything the reader found."""

    layouts: dict[str, Layout] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    static_files: list[StaticFile] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)


class EntryFilter:
    """Jekyll's EntryFilter (§2.6): special, excluded and included entries."""

    def __init__(self, source: Path, config: Mapping[str, Any]) -> None:
        self.source = str(source)
        self.include = [str(p) for p in config.get("include") or []]
        self.exclude = [str(p) for p in config.get("exclude") or []]

    @staticmethod
    def _matches(patterns: list[str], rel: str, is_dir: bool) -> bool:
        for pattern in patterns:
            if fnmatch.fnmatchcase(rel, pattern) or rel.startswith(pattern):
                return True
            if is_dir and pattern == rel + "/":
                return True
        return False

    def included(self, rel: str, is_dir: bool) -> bool:
        base = rel.rsplit("/", 1)[-1]
        return self._matches(self.include, rel, is_dir) or self._matches(self.include, base, is_dir)

    def keep(self, rel: str, is_dir: bool) -> bool:
        """True when the entry at source-relative path ``rel`` is read."""
        base = rel.rsplit("/", 1)[-1]
        if base in (".", "..") or base.endswith("."):
            return False
        if self.included(rel, is_dir):
            return True
        if base[0] in "._#~" or base.endswith("~"):
            return False
        return not self._matches(self.exclude, rel, is_dir)


class Reader:
    """Reads a source tree into :class:`Contents` (Jekyll's ``Reader#read``, §1.10.2)."""

    def __init__(self, source: Path, config: Mapping[str, Any], tz: dt.tzinfo) -> None:
        self.source = source
        self.config = config
        self.tz = tz
        self.filter = EntryFilter(source, config)
        exts = str(config.get("markdown_ext") or "").split(",")
        self.markdown_exts = {"." + e.strip().lower() for e in exts if e.strip()}
        self.dest = Path(str(config.get("destination") or source / "_site")).resolve()
        self.contents = Contents()

    # -- public ------------------------------------------------------------------------------
    def read(self) -> Contents:
        self.read_layouts()
        self.contents.collections["posts"] = self._new_collection("posts", {"output": True})
        for label, meta in self._collection_config().items():
            if label != "posts":
                self.contents.collections[label] = self._new_collection(label, meta)
        self.read_directory("")
        self.read_collections()
        self.contents.pages.sort(key=lambda p: p.name)
        self.contents.static_files.sort(key=lambda s: s.relative_path)
        return self.contents

    # -- layouts -----------------------------------------------------------------------------
    def read_layouts(self) -> None:
        root = self.source / str(self.config.get("layouts_dir") or "_layouts")
        if not root.is_dir():
            return
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "." not in path.name:
                continue
            rel = path.relative_to(root).as_posix()
            name = rel[: -len(path.suffix)] if path.suffix else rel
            data, body, line = self.read_front_matter(path, required=False)
            self.contents.layouts[name] = Layout(name, path, path.relative_to(self.source).as_posix(),
                                                 data, body, line)

    # -- the directory walk ------------------------------------------------------------------
    def read_directory(self, rel_dir: str) -> None:
        folder = self.source / rel_dir if rel_dir else self.source
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            is_dir = entry.is_dir()
            if is_dir and entry.name in ("_posts", "_drafts"):
                self.read_posts(rel, draft=entry.name == "_drafts")
                continue
            if not self.filter.keep(rel, is_dir):
                continue
            if is_dir:
                if Path(entry.path).resolve() != self.dest:
                    self.read_directory(rel)
            elif entry.is_file():
                self.read_file(Path(entry.path), rel)

    def read_file(self, path: Path, rel: str) -> None:
        with open(path, "rb") as handle:
            head = handle.read(64)
        if frontmatter.has_front_matter(head if len(head) < 64 else path.read_bytes()):
            page = self.make_page(path, rel)
            if page is not None:
                self.contents.pages.append(page)
        else:
            self.contents.static_files.append(StaticFile(path, rel, "/" + urls.escape_path(rel)))

    # -- front matter ------------------------------------------------------------------------
    def read_front_matter(self, path: Path, *, required: bool = True) -> tuple[dict[str, Any], str, int]:
        """Return (data, body, body line) of ``path`` following §1.2."""
        text = frontmatter.decode(path.read_bytes())
        parts = frontmatter.split(text)
        if parts.yaml is None:
            return {}, parts.body, parts.body_line
        try:
            data = load_yaml(parts.yaml, self.tz)
        except yaml.YAMLError as err:
            line, col, message = yaml_error_position(err)
            yaml_lines = parts.yaml.split("\n")[:-1] or [""]
            if line is None or line > len(yaml_lines):
                # The parser ran off the end of the front matter: point at its last character.
                line, col = len(yaml_lines), len(yaml_lines[-1]) + 1
            loc = location_of_line(path, line + parts.yaml_line - 1, col or 1)
            if self.config.get("strict_front_matter"):
                raise FrontMatterError(f"invalid YAML front matter: {message}", loc) from err
            warning = FrontMatterError(f"YAML Exception reading {path}: {message} (front matter ignored)", loc)
            log.warning("%s", warning.format())
            return {}, parts.body, parts.body_line
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise FrontMatterError("Invalid YAML front matter: it must be a mapping of keys to values",
                                   location_of_line(path, parts.yaml_line + 1))
        return data, parts.body, parts.body_line

    def output_ext(self, path: Path, data: Mapping[str, Any]) -> tuple[str, bool]:
        """The output extension and whether Markdown converts the file (§1.5.1, §1.5.3)."""
        ext = path.suffix
        markdown = ext.lower() in self.markdown_exts
        permalink = data.get("permalink")
        if isinstance(permalink, str) and not permalink.endswith("/"):
            perm_ext = os.path.splitext(permalink)[1]
            if perm_ext:
                return perm_ext, markdown
        if markdown:
            return ".html", True
        if ext in (".scss", ".sass"):
            return ".css", False
        return ext, False

    def make_page(self, path: Path, rel: str) -> Page | None:
        data, body, line = self.read_front_matter(path)
        if data.get("published") is False and not self.config.get("unpublished"):
            return None
        if "permalink" in data and data["permalink"] == "":
            raise FrontMatterError("Invalid permalink: the permalink front matter is empty",
                                   location_of_line(path, 1))
        out_ext, markdown = self.output_ext(path, data)
        directory = rel.rsplit("/", 1)[0] if "/" in rel else ""
        basename = path.name[: -len(path.suffix)] if path.suffix else path.name
        url = urls.page_url(dir=directory, basename=basename.rstrip("."), output_ext=out_ext,
                            permalink=data.get("permalink"), config=self.config)
        return Page(path, rel, data, body, line, out_ext, url, markdown, None, data)

    # -- posts and collections ---------------------------------------------------------------
    def _collection_config(self) -> dict[str, dict[str, Any]]:
        raw = self.config.get("collections") or {}
        if isinstance(raw, list):
            return {re.sub(r"[^A-Za-z0-9_.-]", "", str(k)): {} for k in raw}
        return {re.sub(r"[^A-Za-z0-9_.-]", "", str(k)): dict(v or {}) for k, v in raw.items()}

    def _new_collection(self, label: str, meta: dict[str, Any]) -> Collection:
        meta = dict(meta)
        if label == "posts":
            meta["output"] = True
        base = str(self.config.get("collections_dir") or "")
        rel_dir = f"{base}/_{label}" if base else f"_{label}"
        return Collection(label, meta, rel_dir, self.source / rel_dir)

    def read_posts(self, rel_dir: str, *, draft: bool) -> None:
        if draft and not self.config.get("show_drafts"):
            return
        posts = self.contents.collections["posts"]
        folder = self.source / rel_dir
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(self.source).as_posix()
            inner = path.relative_to(folder).as_posix()
            if not all(self.filter.keep(part, False) for part in inner.split("/")):
                continue
            match = _POST_NAME.match(inner)
            if match is None and not draft:
                continue
            doc = self.make_document(path, rel, posts, draft=draft)
            if doc is not None:
                posts.docs.append(doc)

    def read_collections(self) -> None:
        for label, coll in self.contents.collections.items():
            if label == "posts" or not coll.directory.is_dir():
                continue
            for path in sorted(p for p in coll.directory.rglob("*") if p.is_file()):
                rel = path.relative_to(self.source).as_posix()
                inner = path.relative_to(coll.directory).as_posix()
                if not all(self.filter.keep(part, False) for part in inner.split("/")):
                    continue
                if frontmatter.has_front_matter(path.read_bytes()[:64]):
                    doc = self.make_document(path, rel, coll, draft=False)
                    if doc is not None:
                        coll.docs.append(doc)
                else:
                    url = self.collection_file_url(coll, inner)
                    static = StaticFile(path, rel, url, label, write=coll.output)
                    coll.files.append(static)
                    self.contents.static_files.append(static)
            coll.docs.sort(key=lambda d: (_date_key(d.data.get("date")), d.relative_path))

    def collection_file_url(self, coll: Collection, inner: str) -> str:
        """The URL of a static file in a collection (§3.4.2)."""
        template = coll.metadata.get("permalink") or "/:collection/:path" + urls.style_suffix(self.config)
        stem, ext = os.path.splitext(inner)
        values = {"collection": coll.label, "path": "/" + stem, "output_ext": "",
                  "name": os.path.basename(stem), "title": ""}
        url = str(template)
        for key, value in values.items():
            url = url.replace(":" + key, urls.escape_path(value))
        return urls.sanitize_url(url).rstrip("/") + ext

    def make_document(self, path: Path, rel: str, coll: Collection, *, draft: bool) -> Page | None:
        data, body, line = self.read_front_matter(path)
        if data.get("published") is False and not self.config.get("unpublished"):
            return None
        inner = path.relative_to(coll.directory).as_posix() if coll.label != "posts" else rel.split("_posts/", 1)[-1]
        match = _POST_NAME.match(inner.rsplit("/", 1)[-1] if "/" in inner else inner)
        stem = os.path.splitext(path.name)[0]
        slug = match.group(2) if match else stem
        if "date" in data:
            date = data["date"]
        elif match:
            y, m, d = (int(x) for x in match.group(1).split("-"))
            date = dt.datetime(y, m, d, tzinfo=self.tz)
        elif draft:
            date = dt.datetime.fromtimestamp(path.stat().st_mtime, self.tz)
        else:
            date = self.config.get("time")
        if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
            date = dt.datetime(date.year, date.month, date.day, tzinfo=self.tz)
        if isinstance(date, dt.datetime):
            date = date.astimezone(self.tz)
        fm = dict(data)
        data = dict(data)
        data["date"] = date
        data.setdefault("slug", slug.rstrip("."))
        data.setdefault("title", " ".join(w[:1].upper() + w[1:].lower() for w in slug.split("-")))
        data.setdefault("ext", path.suffix)
        categories = _string_list(data.get("categories"))
        if data.get("category") is not None:
            categories += _string_list(data["category"])
        if coll.label == "posts":
            above = rel.split("_posts/", 1)[0].strip("/") if not draft else rel.split("_drafts/", 1)[0].strip("/")
            categories = [c for c in above.split("/") if c] + categories
        data["categories"] = list(dict.fromkeys(categories))
        data["tags"] = list(dict.fromkeys(_string_list(data["tag"] if data.get("tag") is not None else data.get("tags"))))
        if draft:
            data["draft"] = True
        elif coll.label == "posts":
            data["draft"] = False
        if coll.label == "posts" and isinstance(date, dt.datetime) and not self.config.get("future"):
            now = self.config.get("time")
            if isinstance(now, dt.datetime) and date > now:
                log.warning("Skipping: %s has a future date", rel)
                return None
        out_ext, markdown = self.output_ext(path, data)
        doc = Page(path, rel, data, body, line, out_ext, "", markdown, coll.label, fm)
        doc.url = self.document_url(doc, coll, inner)
        return doc

    def document_url(self, doc: Page, coll: Collection, inner: str) -> str:
        """A document's URL from its permalink template (§3.3)."""
        template = doc.data.get("permalink") or coll.metadata.get("permalink")
        if not template:
            template = (urls.posts_template(self.config) if coll.label == "posts"
                        else "/:collection/:path" + urls.style_suffix(self.config))
        date = doc.data.get("date")
        stem = os.path.splitext(inner)[0]
        slug = str(doc.data.get("slug") or "")
        values: dict[str, str | None] = {
            "collection": coll.label,
            "path": "/" + stem.rstrip("."),
            "name": slugify(os.path.splitext(doc.path.name)[0]),
            "title": slugify(slug, mode="pretty", cased=True),
            "slug": slugify(slug),
            "categories": "/".join(dict.fromkeys(str(c).lower() for c in doc.data.get("categories") or [])),
            "output_ext": doc.output_ext,
        }
        if isinstance(date, dt.datetime):
            for key, fmt in (("year", "%Y"), ("month", "%m"), ("day", "%d"), ("hour", "%H"),
                             ("minute", "%M"), ("second", "%S"), ("short_month", "%b"),
                             ("long_month", "%B"), ("short_year", "%y"), ("w_year", "%G"),
                             ("week", "%V"), ("w_day", "%u"), ("short_day", "%a"),
                             ("long_day", "%A"), ("y_day", "%j")):
                values[key] = date.strftime(fmt)
            values["i_day"] = str(date.day)
            values["i_month"] = str(date.month)
        return urls.generate_url(str(template), values)


def slugify(value: str, mode: str = "default", cased: bool = False) -> str:
    """A first cut of Jekyll's ``Utils.slugify`` (§5.7.1) for URL placeholders."""
    pattern = {"default": r"[\W_]+", "pretty": r"[^\w._~!$&'()+,;=@]+"}[mode]
    slug = re.sub(r"^-|-$", "", re.sub(pattern, "-", value))
    return slug if cased else slug.lower()


def _string_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_string_list(item) if isinstance(item, list) else [str(item)])
        return out
    return [str(value)]


def _date_key(value: Any) -> float:
    if isinstance(value, dt.datetime):
        return value.timestamp()
    return 0.0
