"""A Jekyll site: read -> render -> write, in Jekyll's stage names (Jekyll's site.rb Site#process)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from liquid import BoundTemplate
from liquid.exceptions import LiquidError

from liquidpage import config as config_mod
from liquidpage import profiler, safety, themes, urls, writer
from liquidpage.cache import Cache
from liquidpage.cache import flush_all as flush_cache
from liquidpage.defaults import deep_merge_hashes
from liquidpage.data import read_data_dir
from liquidpage.drops import SiteDrop
from liquidpage.environment import JekyllEnvironment
from liquidpage.errors import ConversionError, LiquidpageError, PageNotFoundError, StrictModeError, display_path
from liquidpage.deps import Tracker
from liquidpage.incremental import Build
from liquidpage.logs import collect_warnings
from liquidpage.markdown import MarkdownConverter
from liquidpage.model import Collection, Layout, Page, StaticFile
from liquidpage.plugins import Registry, load_plugins
from liquidpage.reader import Reader
from liquidpage.renderer import SASS_EXTS, Renderer, include_source
from liquidpage.sass import sourcemap_required
from liquidpage.tags.include import locate_include
from liquidpage.yamlload import load_yaml

log = logging.getLogger("liquidpage")
_UNREAD = object()


class Site:
    """A Jekyll site read from ``source``. Use :meth:`Site.load`, or :meth:`process` to build.

    The site is passive data (config, layouts, pages, static files, collections, data) plus
    Jekyll's stages as methods, in ``Site#process`` order: :meth:`reset`, :meth:`read`,
    :meth:`generate`, :meth:`render`, :meth:`cleanup`, :meth:`write`. Plugins named by the
    config are registered in :attr:`registry` when the site is made (site.rb ``initialize``).
    """

    def __init__(self, source: Path, config: dict[str, Any], *, registry: Registry | None = None) -> None:
        self.source = source
        self.config = config
        # What renders read, for reuse on the next build (liquidpage/incremental.py).
        self._tracker = Tracker()
        self._build: Build | None = None
        self.time_pinned = config.get("time") is not None
        self.tz = config_mod.local_zone(config.get("timezone"))
        # Site#configure_theme, then the theme's _config.yml under the site's (site.rb).
        self.theme = themes.configure_theme(config)
        if self.theme is not None:
            self.config = config = themes.theme_configuration(
                self.theme, config, config_mod.DEFAULTS, lambda path: load_yaml(path.read_text("utf-8"), self.tz))
        self.registry = registry if registry is not None else Registry()
        # PluginManager#conscientious_require: the theme's runtime dependencies, then the site's.
        deps = list(self.theme.runtime_dependencies) if self.theme is not None else []
        load_plugins(config, self.registry, source, first=deps)
        self.registry.trigger("site", "after_init", self)
        self.profiler = profiler.Profiler(self) if profiler.enabled(self.config) else None  # --profile
        self.reset()

    # -- Jekyll's stages (site.rb) -----------------------------------------------------------
    def process(self, destination: str | os.PathLike[str] | None = None, *,
                show_progress: bool = False, jobs: int | None = None) -> Path:
        """``Site#process``: reset, read, generate, render, cleanup, write. Returns the destination."""
        writer.check_destination(self, destination)  # Site#ensure_not_in_dest, at setup
        self.reset()
        self.read()
        self.generate()
        outputs = self.render_all(show_progress=show_progress, jobs=jobs)
        self.cleanup()
        return self.write(outputs, destination)

    @profiler.stage("RESET")
    def reset(self) -> None:
        """``Site#reset``: the time, empty contents, a fresh renderer (no state from a last build)."""
        config = self.config
        time = config.get("time")
        if isinstance(time, str):
            time = _parse_time(time, self.tz)
        if isinstance(time, dt.datetime):
            self.time = time.astimezone(self.tz)
        elif isinstance(time, dt.date):
            self.time = dt.datetime(time.year, time.month, time.day, tzinfo=self.tz)
        else:
            self.time = dt.datetime.now(self.tz).replace(microsecond=0)
        config["time"] = self.time
        self.layouts: dict[str, Layout] = {}
        self._pages: list[Page] = []
        self._static_files: list[StaticFile] = []
        self._collections: dict[str, Collection] = {}
        self.source_map_pages: list[Page] = []
        self.reader: Reader | None = None
        self.renderer = Renderer(self)
        self._build = None
        self._data_value: Any = _UNREAD
        for name in ("env", "markdown", "_drop_cache"):
            self.__dict__.pop(name, None)
        self.registry.trigger("site", "after_reset", self)

    @profiler.stage("READ")
    def read(self) -> None:
        """``Site#read``: the reader fills the site, then the ``post_read`` hooks run."""
        self.reader = Reader(self.source, self.config, self.tz, converter_for=self.registry.converter_for,
                             theme=self.theme)
        contents = self.reader.read()
        self.layouts = contents.layouts
        self.pages = contents.pages
        self.static_files = contents.static_files
        self.collections = contents.collections
        # jekyll-sass-converter's SourceMapPage for every Sass page (jekyll-sass-converter's converters/scss.rb Scss#convert).
        self.source_map_pages = source_map_pages(self.pages, self.config)
        for item in self.items():
            self.registry.trigger_item(item, "post_init")
        self.registry.trigger("site", "post_read", self)

    @profiler.stage("GENERATE")
    def generate(self) -> None:
        """``Site#generate``: every generator, highest priority first (plugins add pages here)."""
        for generator in self.registry.ordered_generators():
            generator(self)

    @profiler.stage("RENDER")
    def render_all(self, *, show_progress: bool = False, jobs: int | None = None) -> dict[str, Page | StaticFile]:
        """``Site#render``: render everything (on ``jobs`` processes, default every core) between
        the site's ``pre_render`` and ``post_render`` hooks; return destination path -> item
        (last writer wins, Jekyll's site.rb Site#write).

        With the disk cache on, an item whose recorded inputs did not change since the last
        build is not rendered again: its previous render is reused (liquidpage/incremental.py)."""
        if self._build is not None:
            self._build.close()
        self._build = build = Build.start(self, jobs)
        try:
            if build is None or build.data_changed():
                self.data  # noqa: B018 - Jekyll reads every _data file on every build (Jekyll's readers/data_reader.rb DataReader#read_data_file)
            payload = self.site_payload()
            self.registry.trigger("site", "pre_render", self, payload)
            outputs = writer.render_all(self, show_progress=show_progress, jobs=jobs)
        except BaseException:
            if build is not None:
                build.close()
            raise
        self.registry.trigger("site", "post_render", self, payload)
        return outputs

    @profiler.stage("CLEANUP")
    def cleanup(self) -> None:
        """``Site#cleanup``: nothing to do before writing. The write replaces the destination as a
        whole, so obsolete files go with the old tree and ``keep_files`` are carried over there
        (writer.py)."""

    @profiler.stage("WRITE")
    def write(self, outputs: Mapping[str, Page | StaticFile],
              destination: str | os.PathLike[str] | None = None) -> Path:
        """``Site#write``: the destination, atomically (writer.py), then the ``post_write`` hooks."""
        dest = writer.write(self, dict(outputs), destination)
        flush_cache(self.config)  # the build cache's new entries, once the build has succeeded (cache.py)
        if self.registry.hooks:
            for item in outputs.values():
                if isinstance(item, Page):
                    self.registry.trigger_item(item, "post_write")
        self.registry.trigger("site", "post_write", self)
        return dest

    def site_payload(self) -> dict[str, Any]:
        """``Site#site_payload`` as the site hooks see it."""
        return {"site": SiteDrop(self), "jekyll": {"version": "4.3.1"}, "paginator": None}

    # -- making pages (for generators) -------------------------------------------------------
    def new_page(self, dir: str, name: str, content: str = "", data: Mapping[str, Any] | None = None) -> Page:
        """``PageWithoutAFile.new(site, base, dir, name)`` with ``content`` and ``data``: a page
        with no file behind it, its front-matter defaults and URL as a file at ``dir/name`` would
        have. The caller adds it to :attr:`pages`."""
        reader = self.reader or Reader(self.source, self.config, self.tz,
                                       converter_for=self.registry.converter_for, theme=self.theme)
        return reader.new_page(dir.strip("/"), name, dict(data or {}), content, 1)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] | None = ".",
        config_files: Sequence[str | os.PathLike[str]] | None = None,
        *,
        config: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Site:
        """Read the site at ``source`` with ``_config.yml`` (or ``config_files``, later win), then
        run the generators. ``options`` are Jekyll's own settings (the keys of
        ``liquidpage.config.DEFAULTS``, as its command-line flags set them: ``safe=True``,
        ``future=True``, ``show_drafts=True``, ``baseurl="/x"`` …); any other configuration key
        goes in ``config={...}``. Both win over the files.

        ``source=None`` is ``jekyll build`` without ``-s``: the configuration is read from the
        working folder and its ``source:`` (relative to the working folder) names the site.
        ``destination:`` is made absolute from the working folder too (Jekyll's
        ``File.expand_path``)."""
        unknown = sorted(set(options) - set(config_mod.DEFAULTS) - config_mod.EXTRA_OPTIONS)
        if unknown:
            raise TypeError(f"Site.load() got unexpected keyword argument(s) {', '.join(unknown)}: "
                            "options are Jekyll's settings (liquidpage.config.DEFAULTS); "
                            "pass other configuration keys as config={...}")
        base = Path(source if source is not None else ".").resolve()
        if not base.is_dir():
            raise LiquidpageError(f"source folder not found: {source}")
        overrides = {**(config or {}), **options}
        if source is not None:
            overrides["source"] = str(base)  # -s wins over `source:`
        loaded = config_mod.load_config(base, config_files, overrides)
        root = Path(safety.expand_path(str(loaded["source"]))).resolve()
        if not root.is_dir():
            raise LiquidpageError(f"source folder not found: {loaded['source']}")
        loaded["source"] = str(root)
        if loaded.get("destination") is not None:
            loaded["destination"] = safety.expand_path(str(loaded["destination"]))
        site = cls(root, loaded)
        site.read()
        site.generate()
        return site

    def __repr__(self) -> str:
        docs = sum(len(c.docs) for c in self.collections.values())
        plugins = f" plugins={self.registry.loaded}" if self.registry.loaded else ""
        return (f"<Site {str(self.source)!r} pages={len(self.pages)} documents={docs} "
                f"static_files={len(self.static_files)}{plugins}>")

    @cached_property
    def env(self) -> JekyllEnvironment:
        """The Liquid environment: Jekyll's tags and filters, then the plugins'."""
        env = JekyllEnvironment(self)
        for tag in self.registry.tags:
            env.add_tag(tag)
        env.filters.update(self.registry.filters)
        return env

    @cached_property
    def markdown(self) -> MarkdownConverter:
        # converters/markdown.rb Markdown#get_processor: "kramdown" (any case), else a class the
        # plugins define (jekyll-commonmark's CommonMark), else "Invalid Markdown processor".
        engine = str(self.config.get("markdown") or "kramdown")
        if engine.lower() != "kramdown":
            if engine == "CommonMark" and "jekyll-commonmark" in self.registry.loaded:
                from liquidpage.commonmark import CommonMarkConverter

                return CommonMarkConverter(self.config.get("commonmark"),  # type: ignore[return-value]
                                           cache=Cache(self.config, "CommonMark"))
            raise ConversionError(f'Markdown processor: "{engine}" is not a valid Markdown processor. '
                                  f"Available processors are: kramdown. Invalid Markdown processor given: {engine}")
        return MarkdownConverter(self.config.get("kramdown") or {}, self.config.get("highlighter"),
                                 cache=Cache(self.config, "Markdown"))

    # -- what renders read, recorded (liquidpage/incremental.py) ----------------------------
    @property
    def pages(self) -> list[Page]:
        self._tracker.record(("list", "pages"))
        return self._pages

    @pages.setter
    def pages(self, value: list[Page]) -> None:
        self._pages = value

    @property
    def static_files(self) -> list[StaticFile]:
        self._tracker.record(("list", "static"))
        return self._static_files

    @static_files.setter
    def static_files(self, value: list[StaticFile]) -> None:
        self._static_files = value

    @property
    def collections(self) -> dict[str, Collection]:
        self._tracker.record(("list", "collections"))
        return self._collections

    @collections.setter
    def collections(self, value: dict[str, Collection]) -> None:
        self._collections = value

    @property
    def time(self) -> dt.datetime:
        self._tracker.record(("time",))
        return self._time

    @time.setter
    def time(self, value: dt.datetime) -> None:
        self._time = value

    @property
    def data(self) -> Any:
        """``site.data``: the ``data`` config key if set, else the ``_data`` tree (Jekyll's drops/site_drop.rb SiteDrop#[], Jekyll's readers/data_reader.rb DataReader#read)."""
        self._tracker.record(("data",))
        if self._data_value is _UNREAD:
            self._data_value = self._read_data()
        return self._data_value

    def _read_data(self) -> Any:
        if "data" in self.config:
            return self.config["data"]
        # DataReader#read: site.in_source_dir(data_dir), forced inside the source (Jekyll.sanitized_path).
        folder = safety.sanitized_path(str(self.source), str(self.config.get("data_dir") or "_data"))
        cache = Cache(self.config, "Data")  # parsed files by content (liquidpage/cache.py)
        data = read_data_dir(Path(folder), self.config, self.tz, cache=cache)
        theme_data = self.theme.data_path if self.theme is not None else None
        if theme_data is not None:  # Reader#read_data: the site's data wins over the theme's
            # Read as the theme's own: its root is the folder nothing may leave.
            theme_config = {**self.config, "source": str(self.theme.root)}  # type: ignore[union-attr]
            data = deep_merge_hashes(read_data_dir(theme_data, theme_config, self.tz, cache=cache), data)
        return data

    @property
    def posts(self) -> list[Page]:
        self._tracker.record(("list", "posts"))
        return self._collections["posts"].docs

    # -- rendering ---------------------------------------------------------------------------
    def find(self, relative_path: str | os.PathLike[str]) -> Page:
        """The page or document whose source-relative path is ``relative_path``."""
        rel = Path(relative_path).as_posix().lstrip("/")
        for item in self.items():
            # Documents' relative_path is relative to collections_dir (Jekyll's document.rb Document#id, page.rb Page#dir, Page#path); match the source path.
            if item.relative_path == rel or item.path.relative_to(self.source).as_posix() == rel:
                return item
        hint = " (a file without front matter is a static file, copied as it is)" \
            if (self.source / rel).is_file() else ""
        raise PageNotFoundError(f"no page or document with front matter at '{rel}' in {self.source}{hint}")

    def items(self) -> Iterator[Page]:
        """Every renderable item in Jekyll's render order: documents, then pages (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file)."""
        for coll in self._collections.values():
            yield from coll.docs
        yield from self._pages
        yield from self.source_map_pages

    def render(self, relative_path: str | os.PathLike[str], variables: Mapping[str, Any] | None = None,
               *, strict: bool = False) -> str:
        """The final output of one page or document (layouts applied), nothing written.

        ``variables`` are extra top-level Liquid variables (``{{ name }}``) for this render;
        ``strict=True`` raises :class:`StrictModeError` when the render logs a warning.
        """
        item = self.find(relative_path)
        with _strict(strict):
            return self.renderer.render(item, variables)

    def render_string(self, text: str, variables: Mapping[str, Any] | None = None, *,
                      page: str | os.PathLike[str] | None = None, strict: bool = False) -> str:
        """Render Liquid ``text`` in the site's context: ``site``, ``page`` (the page at ``page``,
        or an empty page at the root), Jekyll's tags and filters, the site's plugins, and
        ``variables``. No Markdown, no layout. Errors are located in ``<string>``."""
        item = self.find(page) if page is not None else self.new_page("", "<string>.html", text)
        with _strict(strict):
            return self.renderer.render_text(text, item, variables)

    def outputs(self, *, jobs: int | None = None) -> Iterator[tuple[str, bytes]]:
        """Render the site in memory: (destination-relative path, bytes) for every output file."""
        for dest, item in sorted(self.render_all(jobs=jobs).items()):
            if isinstance(item, StaticFile):
                yield dest, item.path.read_bytes()
            else:
                yield dest, (item.output or "").encode("utf-8")

    def build(self, destination: str | os.PathLike[str] | None = None, *,
              show_progress: bool = False, jobs: int | None = None) -> Path:
        """Render every file (on ``jobs`` processes, default every core), then write the
        destination atomically (Jekyll's site.rb Site#write, cleaner.rb Cleaner; see writer.py): ``Site#render``, ``cleanup``, ``write``
        on the site as read."""
        self.check_destination(destination)
        outputs = self.render_all(show_progress=show_progress, jobs=jobs)
        self.cleanup()
        return self.write(outputs, destination)

    def check_destination(self, destination: str | os.PathLike[str] | None = None) -> Path:
        """Refuse a destination the build must not replace (the source or a folder above it, a
        file, ...; liquidpage/safety.py), before anything is rendered. Returns it, resolved."""
        return writer.check_destination(self, destination)[1]

    # -- services for tags, filters and drops ------------------------------------------------
    def include_template(self, name: str, relative_to: Page | None = None) -> BoundTemplate:
        """The parsed include ``name`` (Jekyll's tags/include.rb IncludeTag#locate_include_file) or, for include_relative, relative to a page (Jekyll's tags/include.rb IncludeRelativeTag)."""
        if relative_to is not None:
            # The folder of the page's source file; an excerpt uses its document's (Jekyll's tags/include.rb IncludeRelativeTag#page_path).
            # The root folder is "<source>/" (in_source_dir("."), as Jekyll's message shows).
            folder = (relative_to.excerpt_of or relative_to).path.parent
            dirs = [str(folder) + "/" if folder == self.source else str(folder)]
        else:
            # includes_load_paths: in_source_dir(includes_dir), forced inside the source.
            dirs = [safety.sanitized_path(str(self.source), str(self.config.get("includes_dir") or "_includes"))]
            self._tracker.record(("inc",))  # which file a name finds depends on the folders' lists
        safe = self.config.get("safe") is not None and self.config.get("safe") is not False
        guard: list[str] | None = None if safety.outside_allowed(self.config) else [str(self.source)]
        theme_includes = self.theme.includes_path if self.theme is not None else None
        if relative_to is None and theme_includes is not None:
            dirs.append(str(theme_includes))  # Site#includes_load_paths
            if guard is not None:
                guard.append(str(self.theme.root))  # type: ignore[union-attr]
        # Where a name leads, looked up once per build (the renderer is new for every build).
        key = (name, tuple(dirs), safe, tuple(guard) if guard is not None else None)
        found = self.renderer.include_paths.get(key)
        if found is None:
            path = locate_include(name, dirs, safe, source=guard)
            found = self.renderer.include_paths[key] = (path, display_path(Path(path)))
        return include_source(self.renderer, *found)

    def warn_liquid_syntax(self, err: LiquidError) -> None:
        self.renderer.warn_syntax(err)


@dataclass(eq=False)
class SourceMapPage(Page):
    """``Jekyll::SourceMapPage``: ``<name>.css.map`` next to a Sass page's CSS (jekyll-sass-converter's converters/scss.rb Scss#convert)."""

    css_page: Page | None = None


def source_map_pages(pages: list[Page], config: Mapping[str, Any]) -> list[Page]:
    """One map page per Sass page when source maps are on (``sourcemap``, jekyll-sass-converter's converters/scss.rb Scss#convert)."""
    if not sourcemap_required(config):
        return []
    maps: list[Page] = []
    for page in pages:
        if page.path.suffix.lower() not in SASS_EXTS:
            continue
        directory = page.url if page.url.endswith("/") else page.url.rsplit("/", 1)[0] + "/"
        name = page.basename + ".css.map"
        rel = page.relative_path.rsplit("/", 1)[0] + "/" + name if "/" in page.relative_path else name
        maps.append(SourceMapPage(page.path, rel, page.data, "", page.body_line, ".map",
                                  directory + urls.escape_path(name), css_page=page))
    return maps


@contextmanager
def _strict(strict: bool) -> Iterator[None]:
    """Raise :class:`StrictModeError` when ``strict`` and the block logged warnings."""
    if not strict:
        yield
        return
    with collect_warnings() as found:
        yield
    if found:
        raise StrictModeError(found)


def _parse_time(text: str, tz: dt.tzinfo) -> dt.datetime:
    """Config ``time`` given as a string: Jekyll's ``Utils.parse_date`` (Jekyll's site.rb Site#reset)."""
    value = load_yaml(text, tz)
    if isinstance(value, dt.date):
        return value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        from liquidpage.errors import ConfigError

        raise ConfigError(f"Invalid time in configuration: '{text}' is not a valid datetime") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
