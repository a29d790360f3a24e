"""The file system -> the site's parts, by Jekyll's reader and entry-filter rules (Jekyll's reader.rb Reader#read_directories, Jekyll's entry_filter.rb EntryFilter#filter)."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from liquidpage import documents, frontmatter, rubyfnmatch, safety, urls
from liquidpage.cache import Cache
from liquidpage.defaults import FrontmatterDefaults, deep_merge_hashes
from liquidpage.errors import ConfigError, FrontMatterError, check_file_name, display_path, location_of_line
from liquidpage.themes import Theme
from liquidpage.model import Collection, Excerpt, Layout, Page, StaticFile
from liquidpage.yamlload import load_yaml, yaml_error_position

log = logging.getLogger("liquidpage")

_SPECIAL = re.compile(r"\A[._#~]")
_MISSING: Any = object()
_HEADER_PROBE = 4096


@dataclass
class Contents:
    """Everything the reader found."""

    layouts: dict[str, Layout] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    static_files: list[StaticFile] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)


class EntryFilter:
    """Jekyll's EntryFilter (Jekyll's entry_filter.rb EntryFilter#filter): special, excluded, included and (in safe
    mode) symlinked entries."""

    def __init__(self, source: Path, config: Mapping[str, Any]) -> None:
        self.source = str(source)
        self.safe = ruby_truthy(config.get("safe"))
        # Safe reads by default (issue 12, liquidpage/safety.py): an entry whose real path is
        # outside the source is skipped with a warning unless `allow_outside_source` is set.
        self.guard = not safety.outside_allowed(config)
        self._warned: set[str] = set()
        include = config.get("include") or []
        self.include = list(include)
        self.exclude = [p for p in config.get("exclude") or [] if p not in include]
        self._dir_cache: dict[str, bool] = {}

    def _is_dir(self, path: str) -> bool:
        found = self._dir_cache.get(path)
        if found is None:
            found = self._dir_cache[path] = os.path.isdir(path)
        return found

    def outside(self, path: str | os.PathLike[str], what: str = "") -> bool:
        """The guard: ``path`` resolves outside the source and reading it was not allowed;
        logs the warning naming it."""
        if not self.guard or not safety.outside_source(path, self.source):
            return False
        key = os.path.normpath(path)
        if key not in self._warned:  # an entry can be met twice (a folder walk, the include list)
            self._warned.add(key)
            log.warning("%s", safety.outside_message(path, self.source, what))
        return True

    def symlink(self, path: str) -> bool:
        """``symlink?``: in safe mode, a symlink whose real path is not inside the source.

        Like Jekyll, "inside" is a plain string prefix of the source path (no trailing slash),
        so a target in a sibling folder whose name extends the source's counts as inside.
        """
        return self.safe and os.path.islink(path) and \
            not os.path.realpath(path).startswith(self.source)

    def glob_include(self, patterns: list[Any], entry: str) -> bool:
        """``glob_include?``: Ruby's ``File.fnmatch?``, a path prefix, or a folder named with a
        trailing ``/``; only string patterns count."""
        if not patterns:
            return False
        with_source = file_join(self.source, entry)
        for pattern in patterns:
            if not isinstance(pattern, str):
                continue
            pattern_with_source = file_join(self.source, pattern)
            if (rubyfnmatch.fnmatch(pattern_with_source, with_source)
                    or with_source.startswith(pattern_with_source)):
                return True
            if pattern_with_source == with_source + "/" and self._is_dir(with_source):
                return True
        return False

    def included(self, entry: str) -> bool:
        return (self.glob_include(self.include, entry)
                or self.glob_include(self.include, entry.rpartition("/")[2]))

    def excluded(self, entry: str, base: str) -> bool:
        return self.glob_include(self.exclude, f"{base}/{entry}" if base else entry)

    def filter(self, entries: list[str], base: str = "", cwd: str | None = None) -> list[str]:
        """``EntryFilter#filter``: ``entries`` are relative to ``base`` (source-relative) and,
        for the symlink check, to the folder ``cwd`` (Jekyll runs it inside ``Dir.chdir``)."""
        kept = []
        for entry in entries:
            if entry.endswith("."):
                continue
            included = self.included(entry)
            if not included and self.excluded(entry, base):
                continue
            if self.safe and cwd is not None and self.symlink(os.path.join(cwd, entry)):
                continue
            if not included and (_SPECIAL.match(entry) or _SPECIAL.match(entry.rpartition("/")[2])
                                 or entry.endswith("~")):
                continue
            if self.guard and cwd is not None and self.outside(os.path.join(cwd, entry)):
                continue
            kept.append(entry)
        return kept


def ruby_truthy(value: Any) -> bool:
    """Ruby truthiness: everything but nil and false (``site.safe`` is the raw config value)."""
    return value is not None and value is not False


def file_join(base: str, item: str) -> str:
    """``PathManager.join`` / Ruby's ``File.join`` of two strings (one separator between them;
    an empty item gives a trailing slash)."""
    if item.startswith("/"):
        return base.rstrip("/") + item
    if base.endswith("/"):
        return base + item
    return base + "/" + item


def ruby_glob(root: str | os.PathLike[str], *, dotmatch: bool = False) -> list[str]:
    """``Dir.glob("**/*")`` run in ``root``: every entry below it, depth first, each folder in
    sorted order. Like Ruby, ``**`` does not descend into symlinked folders (their own entry is
    listed); hidden entries only with ``File::FNM_DOTMATCH``. Jekyll's ``.`` entry is left out
    (the entry filter drops it anyway)."""
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            if not dotmatch and name.startswith("."):
                continue
            check_file_name(folder, name)
            rel = prefix + name
            found.append(rel)
            full = os.path.join(folder, name)
            if not os.path.islink(full) and os.path.isdir(full):
                walk(full, rel + "/")

    walk(os.fspath(root), "")
    return found


def _has_yaml_header(path: str) -> bool:
    """``Utils.has_yaml_header?``: the first line is ``---`` plus whitespace (Jekyll's reader.rb Reader#read_directories, utils.rb Utils.has_yaml_header?)."""
    try:
        with open(path, "rb") as handle:
            return frontmatter.has_front_matter(handle.readline(_HEADER_PROBE))
    except OSError:
        return False


class Reader:
    """Reads a source tree into :class:`Contents` (Jekyll's reader.rb Reader#read)."""

    def __init__(self, source: Path, config: Mapping[str, Any], tz: dt.tzinfo, *,
                 converter_for: Callable[[str], Any] | None = None, theme: Theme | None = None) -> None:
        self.source = source
        self.converter_for = converter_for
        self.theme = theme
        self.config = config
        self.tz = tz
        self.time: dt.datetime = config.get("time") or dt.datetime.now(tz)
        self.filter = EntryFilter(source, config)
        exts = str(config.get("markdown_ext") or "").split(",")
        self.markdown_exts = {"." + e.strip().lower() for e in exts if e.strip()}
        self.dest = Path(str(config.get("destination") or source / "_site")).resolve()
        self.collections_dir = str(config.get("collections_dir") or "")
        self.defaults = FrontmatterDefaults(config, source, self._parse_default_date)
        self.future = bool(config.get("future"))
        self.unpublished = bool(config.get("unpublished"))
        self.contents = Contents()
        # Parsed front matter, by YAML text and time zone (liquidpage/cache.py).
        self.front_matter_cache = Cache(config, "FrontMatter")
        self._zone_key = f"{yaml.__version__}\0{self.tz!r}\0"

    @property
    def collections_path(self) -> Path:
        """``Site#collections_path``: ``in_source_dir(collections_dir)``, forced inside the source."""
        if not self.collections_dir:
            return self.source
        return Path(safety.sanitized_path(str(self.source), self.collections_dir))

    def _parse_default_date(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            # Ruby's Time.parse(Date) raises TypeError; Jekyll aborts (verified).
            raise ConfigError(f"no implicit conversion of Date into String (defaults date {value})")
        return documents.parse_date(value, self.tz, "An invalid date format was found in a "
                                    "front-matter default set")

    # -- public ------------------------------------------------------------------------------
    def read(self) -> Contents:
        """Layouts, directories, the include list, sort, collections (Jekyll's reader.rb Reader#read)."""
        self.read_layouts()
        self.read_theme_layouts()
        self.make_collections()
        self.read_directories("")
        self.read_included_excludes()
        posts = self.contents.collections["posts"]
        posts.docs = documents.sort_docs(posts.docs, {}, posts.relative_directory)
        self.contents.pages.sort(key=lambda p: p.name)
        self.contents.static_files.sort(key=lambda s: s.jekyll_relative_path)
        self.read_collections()
        self.limit_posts(posts)
        for coll in self.contents.collections.values():
            for doc in coll.docs:
                self.finish_document(doc, coll)
        self.read_theme_assets()
        return self.contents

    # -- layouts -----------------------------------------------------------------------------
    def read_layouts(self) -> None:
        """``LayoutReader``: ``Dir["**/*.*"]`` in the layouts folder through the entry filter
        (with no base folder, as Jekyll does), symlinked folders not descended (Jekyll's entry_filter.rb EntryFilter#filter)."""
        # LayoutReader#layout_directory: site.in_source_dir(layouts_dir), forced inside the source.
        root = Path(safety.sanitized_path(str(self.source), str(self.config.get("layouts_dir") or "_layouts")))
        if not root.is_dir() or self.filter.outside(root, "layouts folder"):
            return
        found = [e for e in ruby_glob(root) if "." in e.rpartition("/")[2]]
        for rel in self.filter.filter(found, "", cwd=str(root)):
            path = root / rel
            if not path.is_file():
                continue
            name = rel[: -len(path.suffix)] if path.suffix else rel
            data, body, line = self.read_front_matter(path)
            self.contents.layouts[name] = Layout(name, path, path.relative_to(self.source).as_posix(),
                                                 data or {}, body, line)

    def read_theme_layouts(self) -> None:
        """``LayoutReader#read``: the theme's layouts, where the site has none of that name."""
        root = self.theme.layouts_path if self.theme is not None else None
        if root is None:
            return
        # The entry filter, with the theme's root as the folder nothing may leave.
        theme_filter = copy.copy(self.filter)
        theme_filter.source = str(self.theme.root)  # type: ignore[union-attr]
        found = [e for e in ruby_glob(root) if "." in e.rpartition("/")[2]]
        for rel in theme_filter.filter(found, "", cwd=str(root)):
            path = root / rel
            name = rel[: -len(path.suffix)] if path.suffix else rel
            if name in self.contents.layouts or not path.is_file():
                continue
            data, body, line = self.read_front_matter(path)
            self.contents.layouts[name] = Layout(name, path, "_layouts/" + rel, data or {}, body, line)

    def read_theme_assets(self) -> None:
        """``ThemeAssetsReader#read``: every file under the theme's ``assets`` (``Find.find``
        order), a page when it has front matter, else a static file, unless the site has a file
        with that relative path; symlinks are ignored with a warning."""
        theme = self.theme
        assets = theme.assets_path if theme is not None else None
        if theme is None or assets is None:
            return
        pages = {p.relative_path for p in self.contents.pages}
        statics = {s.relative_path for s in self.contents.static_files}
        for path in _find(assets):
            if path.is_symlink():
                log.warning("Theme reader: Ignored symlinked asset: %s", path)
                continue
            rel = path.relative_to(theme.root).as_posix()
            rel_dir, _, name = rel.rpartition("/")
            if _has_yaml_header(str(path)):
                if rel in pages:
                    continue
                front_matter, body, line = self.read_front_matter(path)
                page = self.new_page(rel_dir, name, front_matter or {}, body, line, base=theme.root)
                self.contents.pages.append(page)
            elif rel not in statics:
                url = urls.static_file_url(rel)
                published = self.defaults.all(url, None).get("published", True)
                data = self.defaults.all("/" + rel, None)
                self.contents.static_files.append(
                    StaticFile(path, rel, url, None, data,
                               write=published is not None and published is not False, tz=self.tz))

    # -- the directory walk (reader.rb read_directories) --------------------------------------
    def read_directories(self, rel_dir: str) -> None:
        base = self.source / rel_dir if rel_dir else self.source
        try:
            names = sorted(os.listdir(base))
        except OSError:
            return
        for name in names:
            check_file_name(base, name)
        dirs, pages, statics = [], [], []
        for name in self.filter.filter(names, rel_dir, cwd=str(base)):
            full = os.path.join(base, name)
            if os.path.isdir(full):
                dirs.append(name)
            elif _has_yaml_header(full):
                pages.append(name)
            else:
                statics.append(name)
        self.retrieve_posts(rel_dir)
        for name in dirs:
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if (self.source / rel).resolve() != self.dest:
                self.read_directories(rel)
        for name in pages:
            self.add_page(rel_dir, name)
        for name in statics:
            self.add_static(rel_dir, name)

    def read_included_excludes(self) -> None:
        """``read_included_excludes``: files named in ``include`` are read directly (Jekyll's reader.rb Reader#read_included_excludes)."""
        for entry in self.config.get("include") or []:
            full = self.source / str(entry)
            if full.is_dir() or self.filter.symlink(str(full)) or not full.is_file():
                continue
            if self.filter.outside(full):
                continue
            rel = full.relative_to(self.source).as_posix()
            rel_dir, _, name = rel.rpartition("/")
            if _has_yaml_header(str(full)):
                if not any(p.relative_path == rel for p in self.contents.pages):
                    self.add_page(rel_dir, name)
            elif not any(s.relative_path == rel for s in self.contents.static_files):
                self.add_static(rel_dir, name)

    # -- pages and static files --------------------------------------------------------------
    def add_page(self, rel_dir: str, name: str) -> None:
        """``PageReader``: a Page unless unpublished (``data.fetch("published", true)``)."""
        rel = f"{rel_dir}/{name}" if rel_dir else name
        path = self.source / rel
        front_matter, body, line = self.read_front_matter(path)
        front_matter = front_matter or {}
        if not documents.can_be_published(front_matter, self.unpublished):
            return
        if "permalink" in front_matter and front_matter["permalink"] == "":
            raise FrontMatterError("Invalid permalink: the permalink front matter is empty",
                                   location_of_line(path, 1))
        page = self.new_page(rel_dir, name, front_matter, body, line)
        self.contents.pages.append(page)

    def new_page(self, rel_dir: str, name: str, front_matter: dict[str, Any], body: str, line: int,
                 *, base: Path | None = None) -> Page:
        """``Page#initialize`` once the front matter is read: defaults, URL, excerpt. Generated
        pages (``PageWithoutAFile``) are made here too, with no file behind them, and a theme's
        pages, whose file is under ``base`` (the theme's root)."""
        rel = f"{rel_dir}/{name}" if rel_dir else name
        path = (base or self.source) / rel
        defaults = self.defaults.all(rel, "pages")
        # Page#data is the front matter with a default_proc: a key that is present, even nil,
        # hides the default; Liquid sees deep_merge(defaults, data) instead (Jekyll's convertible.rb Convertible#to_liquid with page.rb's ATTRIBUTES_FOR_LIQUID).
        data = {**defaults, **front_matter}
        documents.check_permalink(data, path, self.config)
        liquid_data = deep_merge_hashes(defaults, front_matter) if defaults else None
        out_ext, markdown = self.output_ext(path, data.get("permalink"))
        ext = urls.extname(name)
        basename = (name[: len(name) - len(ext)] if ext else name).rstrip(".")
        url = urls.page_url(dir=rel_dir, basename=basename, output_ext=out_ext,
                            permalink=_string_or_none(data.get("permalink")), config=self.config)
        page = Page(path, rel, data, body, line, out_ext, url, markdown, None, front_matter,
                    liquid_data=liquid_data)
        if self.config.get("page_excerpts") and page.html:
            separator = documents.excerpt_separator(data, self.config)
            if separator and documents.falsy(data.get("excerpt")):
                excerpt = Excerpt(page, documents.extract_excerpt(body, separator, rel))
                data["excerpt"] = front_matter["excerpt"] = excerpt
                if liquid_data is not None:
                    liquid_data["excerpt"] = excerpt
        return page

    def add_static(self, rel_dir: str, name: str) -> None:
        """A StaticFile; written unless a default sets ``published`` false (Jekyll's frontmatter_defaults.rb FrontmatterDefaults#all, static_file.rb StaticFile#data)."""
        rel = f"{rel_dir}/{name}" if rel_dir else name
        url = urls.static_file_url(rel)
        published = self.defaults.all(url, None).get("published", True)
        data = self.defaults.all("/" + rel, None)
        self.contents.static_files.append(
            StaticFile(self.source / rel, rel, url, None, data,
                       write=published is not None and published is not False, tz=self.tz))

    def output_ext(self, path: Path, permalink: Any) -> tuple[str, bool]:
        """The output extension and whether Markdown converts the file (Jekyll's renderer.rb Renderer#converters, Renderer#output_ext)."""
        ext = urls.extname(path.name)
        converter = self.converter_for(ext) if self.converter_for is not None else None
        if converter is not None:  # a plugin's Converter (converter.rb)
            return urls.output_ext_for(_string_or_none(permalink), converter.output_ext(ext)), False
        markdown = ext.lower() in self.markdown_exts
        if markdown:
            converter_ext = ".html"
        elif ext in (".scss", ".sass"):
            converter_ext = ".css"
        else:
            converter_ext = ext
        return urls.output_ext_for(_string_or_none(permalink), converter_ext), markdown

    # -- front matter ------------------------------------------------------------------------
    def read_front_matter(self, path: Path, document: bool = False) -> tuple[dict[str, Any] | None, str, int]:
        """Return (data, body, body line) of ``path`` following Jekyll's document.rb Document#read_content, convertible.rb Convertible#read; data None on bad YAML.

        Front matter that is not a mapping is fatal for a page (``validate_data!``); for a
        ``document`` it is ``Document#handle_read_error`` (``merge_data!`` calls ``key?`` on
        it): logged with the file, the document read without it (issue 12)."""
        text = frontmatter.decode(path.read_bytes(), path)
        parts = frontmatter.split(text)
        if parts.yaml is None:
            return {}, parts.body, parts.body_line
        cache = self.front_matter_cache
        key = self._zone_key + parts.yaml
        data = cache.get(key, _MISSING)
        try:
            if data is _MISSING:
                data = load_yaml(parts.yaml, self.tz)
                cache.set(key, data)
        except yaml.YAMLError as err:
            line, col, message = yaml_error_position(err)
            yaml_lines = parts.yaml.split("\n")[:-1] or [""]
            if line is None or line > len(yaml_lines):
                # The parser ran off the end of the front matter: point at its last character.
                line, col = len(yaml_lines), len(yaml_lines[-1]) + 1
            loc = location_of_line(path, line, col or 1)
            if self.config.get("strict_front_matter"):
                raise FrontMatterError(f"invalid YAML front matter: {message}", loc) from err
            warning = FrontMatterError(f"YAML Exception reading {path}: {message} (front matter ignored)", loc)
            log.warning("%s", warning.format())
            return None, parts.body, parts.body_line
        if data is None or data is False:  # `data ||= {}`, `merge_data!(...) if data_file`
            data = {}
        if not isinstance(data, dict):
            error = FrontMatterError("Invalid YAML front matter: it must be a mapping of keys to values",
                                     location_of_line(path, 2))
            if not document or self.config.get("strict_front_matter"):
                raise error
            from liquidpage.ruby import class_name, inspect

            error.message = (f"Error: could not read file {display_path(path)}: undefined method `key?' "
                             f"for {inspect(data)}:{class_name(data)}")
            log.error("%s", error.format())
            return None, parts.body, parts.body_line
        return data, parts.body, parts.body_line

    # -- posts, drafts and collections -------------------------------------------------------
    def make_collections(self) -> None:
        """``posts`` first, then the configured collections in config order (Jekyll's site.rb Site#collections, collection.rb)."""
        raw = self.config.get("collections") or {}
        if isinstance(raw, list):
            configured: dict[str, Any] = {str(k): {} for k in raw}
        else:
            configured = {str(k): (v if isinstance(v, Mapping) else {}) for k, v in raw.items()}
        posts_meta = dict(configured.pop("posts", {}) or {})
        posts_meta["output"] = True
        posts_meta.setdefault("permalink", urls.posts_template(self.config))
        self.contents.collections["posts"] = self._new_collection("posts", posts_meta)
        for label, meta in configured.items():
            label = re.sub(r"[^A-Za-z0-9_.\-]", "", label)
            self.contents.collections[label] = self._new_collection(label, dict(meta))

    def _new_collection(self, label: str, meta: dict[str, Any]) -> Collection:
        base = self.collections_path
        return Collection(label, meta, f"_{label}", base / f"_{label}")

    def retrieve_posts(self, rel_dir: str) -> None:
        """``retrieve_posts``: ``<dir>/_posts`` (and ``_drafts`` with ``show_drafts``)."""
        if self.collections_dir and not rel_dir.startswith(self.collections_dir):
            return
        posts = self.contents.collections["posts"]
        for entry in self.get_entries(rel_dir, "_posts"):
            if documents.DATE_FILENAME_MATCHER.match(entry):
                self.add_post(rel_dir, "_posts", entry, posts)
        if self.config.get("show_drafts"):
            for entry in self.get_entries(rel_dir, "_drafts"):
                if documents.DATELESS_FILENAME_MATCHER.match(entry):
                    self.add_post(rel_dir, "_drafts", entry, posts)

    def get_entries(self, rel_dir: str, subfolder: str) -> list[str]:
        """``Reader#get_entries``: ``Dir["**/*"]`` under the folder, filtered, files only."""
        base_rel = f"{rel_dir}/{subfolder}" if rel_dir else subfolder
        base = self.source / base_rel
        if not base.is_dir() or self.filter.outside(base, "folder"):
            return []
        found = ruby_glob(base)
        return [e for e in self.filter.filter(found, base_rel, cwd=str(base)) if not (base / e).is_dir()]

    def add_post(self, rel_dir: str, subfolder: str, entry: str, posts: Collection) -> None:
        """``PostReader#read_publishable``: read, then keep it if the publisher allows (Jekyll's publisher.rb Publisher#publish?)."""
        path = self.source / rel_dir / subfolder / entry
        doc = self.make_document(path, posts)
        if doc is None or urls.extname(path.name) in (".yaml", ".yml"):
            # PostReader#processable?: a YAML post has no content ("Content ... is nil").
            return
        future = documents.hidden_in_the_future(self.doc_date(doc), self.time, self.future)
        if future:
            log.warning("Skipping: %s has a future date", doc.relative_path)
        if future or not documents.can_be_published(doc.data, self.unpublished):
            return
        posts.docs.append(doc)

    def read_collections(self) -> None:
        """``Collection#read`` for every collection but posts: documents and static files."""
        for label, coll in self.contents.collections.items():
            # Collection#exists?: a folder, and in safe mode not a symlink out of the source.
            if label == "posts" or not coll.directory.is_dir() or self.filter.symlink(str(coll.directory)):
                continue
            if self.filter.outside(coll.directory, "collection folder"):
                continue
            found = ruby_glob(coll.directory, dotmatch=True)
            cwd = str(coll.directory)
            for entry in self.filter.filter(found, coll.relative_directory, cwd=cwd):
                full = coll.directory / entry
                if full.is_dir() or self.filter.symlink(os.path.join(cwd, entry)):
                    continue
                if _has_yaml_header(str(full)):
                    doc = self.make_document(full, coll)
                    if doc is not None and (self.unpublished or documents.is_published_flag(doc.data)):
                        coll.docs.append(doc)
                else:
                    self.add_collection_static(coll, entry)
            self.contents.static_files.extend(coll.files)
            coll.docs = documents.sort_docs(coll.docs, coll.metadata, coll.relative_directory)

    def add_collection_static(self, coll: Collection, entry: str) -> None:
        rel = f"{coll.relative_directory}/{entry}"
        template = self.url_template(coll)
        url = urls.static_file_url(rel, collection=coll.label, template=template)
        published = self.defaults.all(url, coll.label).get("published", True)
        coll.files.append(StaticFile(
            coll.directory / entry, rel, url, coll.label, self.defaults.all(rel, coll.label),
            write=published is not None and published is not False and coll.output, tz=self.tz))

    def url_template(self, coll: Collection) -> str:
        """``Collection#url_template``: the ``permalink`` metadata or ``/:collection/:path``."""
        template = coll.metadata.get("permalink")
        if template is None:
            return "/:collection/:path" + urls.style_suffix(self.config)
        return str(template)

    def make_document(self, path: Path, coll: Collection) -> Page | None:
        """``Document#read``: defaults, front matter, filename-derived fields (Jekyll's document.rb Document#read)."""
        base = self.collections_path
        rel = path.relative_to(base).as_posix()
        front_matter, body, line = self.read_front_matter(path, document=True)
        if front_matter is not None and "permalink" in front_matter and front_matter["permalink"] == "":
            raise FrontMatterError("Invalid permalink: the permalink front matter is empty",
                                   location_of_line(path, 1))
        if urls.extname(path.name) in (".yaml", ".yml"):
            # Document#read of a YAML file: its first YAML document is the whole data, no body.
            return Page(path, rel, dict(front_matter or {}), "", line, urls.extname(path.name),
                        "", False, coll.label, front_matter or {})
        draft = documents.is_draft(rel, coll.label)
        try:
            data = documents.read_document_data(
                relative_path=rel, label=coll.label, defaults=self.defaults.all(rel, coll.label),
                front_matter=front_matter, site_time=self.time, tz=self.tz, draft=draft,
                path=path, strict=bool(self.config.get("strict_front_matter")))
        except documents.InvalidDateError as err:  # fatal in Jekyll too (Jekyll's document.rb Document#read)
            raise FrontMatterError(err.message, location_of_line(path, _key_line(path, "date"))) from err
        out_ext, markdown = self.output_ext(path, data.get("permalink"))
        return Page(path, rel, data, body, line, out_ext, "", markdown, coll.label,
                    front_matter or {})

    def doc_date(self, doc: Page) -> dt.datetime:
        """``Document#date``: data date, else the mtime for a draft, else ``site.time``."""
        date = doc.data.get("date")
        if date is None or date is False:
            if doc.data.get("draft"):
                date = dt.datetime.fromtimestamp(doc.path.stat().st_mtime, self.tz)
            else:
                date = self.time
            doc.data["date"] = date
        return date

    def finish_document(self, doc: Page, coll: Collection) -> None:
        """Date, URL, write flag and excerpt of a read document."""
        date = self.doc_date(doc)
        documents.check_permalink(doc.data, doc.path, self.config)
        permalink = _string_or_none(doc.data.get("permalink"))
        placeholders = documents.UrlPlaceholders(
            label=coll.label, relative_path=doc.relative_path, data=doc.data, date=date,
            output_ext=doc.output_ext)
        doc.url = urls.generate_url(permalink or self.url_template(coll), placeholders)
        doc.write = coll.output and documents.can_be_published(doc.data, self.unpublished) and \
            not documents.hidden_in_the_future(date, self.time, self.future)
        separator = documents.excerpt_separator(doc.data, self.config)
        yaml_file = urls.extname(doc.path.name) in (".yaml", ".yml")
        if separator and not yaml_file and documents.falsy(doc.data.get("excerpt")):
            source = documents.extract_excerpt(doc.content, separator, doc.relative_path)
            doc.data["excerpt"] = Excerpt(doc, source)

    def limit_posts(self, posts: Collection) -> None:
        """``limit_posts``: keep only the N most recent posts (Jekyll's configuration.rb Configuration::DEFAULTS)."""
        limit = self.config.get("limit_posts") or 0
        if not isinstance(limit, int) or limit < 0:
            raise ConfigError("Limit posts must be nil or >= 1")
        if limit:
            posts.docs = posts.docs[-limit:]


def _find(root: Path) -> list[Path]:
    """Ruby's ``Find.find(root)`` files, depth first, each folder's entries sorted."""
    found: list[Path] = []
    for entry in sorted(os.listdir(root)):
        path = root / entry
        if path.is_dir() and not path.is_symlink():
            found.extend(_find(path))
        else:
            found.append(path)
    return found


def _key_line(path: Path, key: str) -> int:
    """The file line of a top-level front-matter ``key:`` (1 when not found)."""
    try:
        lines = frontmatter.decode(path.read_bytes()).split("\n")
    except OSError:
        return 1
    for number, line in enumerate(lines[1:], 2):
        if line.startswith(key + ":"):
            return number
        if line.rstrip() in ("---", "..."):
            break
    return 1


def _string_or_none(value: Any) -> str | None:
    if value is None or value is False:
        return None
    return value if isinstance(value, str) else str(value)
