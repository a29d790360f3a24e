"""A Jekyll site: read -> render -> write, in Jekyll's stage names (§1.10; Jekyll's site.rb)."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from liquid import BoundTemplate
from liquid.exceptions import LiquidError

from liquidpage import config as config_mod
from liquidpage import urls, writer
from liquidpage.data import read_data_dir
from liquidpage.environment import JekyllEnvironment
from liquidpage.errors import LiquidpageError, display_path
from liquidpage.markdown import MarkdownConverter
from liquidpage.model import Collection, Layout, Page, StaticFile
from liquidpage.reader import Reader
from liquidpage.renderer import SASS_EXTS, Renderer, include_source
from liquidpage.sass import sourcemap_required
from liquidpage.tags.include import locate_include

log = logging.getLogger("liquidpage")


class Site:
    """A Jekyll site read from ``source``. Use :meth:`Site.load`."""

    def __init__(self, source: Path, config: dict[str, Any]) -> None:
        self.source = source
        self.config = config
        self.tz = config_mod.local_zone(config.get("timezone"))
        time = config.get("time")
        if isinstance(time, str):
            time = _parse_time(time, self.tz)
        if isinstance(time, dt.datetime):
            self.time = time.astimezone(self.tz)
        elif isinstance(time, dt.date):
            self.time = dt.datetime(time.year, time.month, time.day, tzinfo=self.tz)
        else:
            self.time = dt.datetime.now(self.tz).replace(microsecond=0)
        self.config["time"] = self.time
        contents = Reader(source, config, self.tz).read()
        self.layouts: dict[str, Layout] = contents.layouts
        self.pages: list[Page] = contents.pages
        self.static_files: list[StaticFile] = contents.static_files
        self.collections: dict[str, Collection] = contents.collections
        self.renderer = Renderer(self)
        self._cache: dict[Any, Any] = {}
        # jekyll-sass-converter's SourceMapPage for every Sass page (§8.1.4).
        self.source_map_pages: list[Page] = source_map_pages(self.pages, config)
        _warn_unsupported(config)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] = ".",
        config_files: Sequence[str | os.PathLike[str]] | None = None,
        **overrides: Any,
    ) -> Site:
        """Read the site at ``source`` with ``_config.yml`` (or ``config_files``, later win)."""
        root = Path(source).resolve()
        if not root.is_dir():
            raise LiquidpageError(f"source folder not found: {source}")
        return cls(root, config_mod.load_config(root, config_files, overrides))

    @cached_property
    def env(self) -> JekyllEnvironment:
        return JekyllEnvironment(self)

    @cached_property
    def markdown(self) -> MarkdownConverter:
        return MarkdownConverter(self.config.get("kramdown") or {}, self.config.get("highlighter"))

    @cached_property
    def data(self) -> Any:
        """``site.data``: the ``data`` config key if set, else the ``_data`` tree (§2.1, §2.2)."""
        if "data" in self.config:
            return self.config["data"]
        return read_data_dir(self.source / str(self.config.get("data_dir") or "_data"), self.config, self.tz)

    @property
    def posts(self) -> list[Page]:
        return self.collections["posts"].docs

    # -- rendering ---------------------------------------------------------------------------
    def find(self, relative_path: str) -> Page:
        """The page or document whose source-relative path is ``relative_path``."""
        rel = Path(relative_path).as_posix().lstrip("/")
        for item in self.items():
            # Documents' relative_path is relative to collections_dir (§3.6); match the source path.
            if item.relative_path == rel or item.path.relative_to(self.source).as_posix() == rel:
                return item
        raise LiquidpageError(f"no page or document with front matter at '{rel}' in {self.source}")

    def items(self) -> Iterator[Page]:
        """Every renderable item in Jekyll's render order: documents, then pages (§1.8)."""
        for coll in self.collections.values():
            yield from coll.docs
        yield from self.pages
        yield from self.source_map_pages

    def render(self, relative_path: str) -> str:
        """The final HTML of one page (layouts applied), without writing anything."""
        return self.renderer.render(self.find(relative_path))

    def render_all(self, *, show_progress: bool = False, jobs: int | None = None) -> dict[str, Page | StaticFile]:
        """Render everything (on ``jobs`` processes, default every core); return destination
        path -> item (last writer wins, §1.10.6)."""
        return writer.render_all(self, show_progress=show_progress, jobs=jobs)

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
        destination atomically (§8.4; see writer.py)."""
        return writer.build(self, destination, show_progress=show_progress, jobs=jobs)

    # -- services for tags, filters and drops ------------------------------------------------
    def include_template(self, name: str, relative_to: Page | None = None) -> BoundTemplate:
        """The parsed include ``name`` (§4.1.4) or, for include_relative, relative to a page (§4.2)."""
        if relative_to is not None:
            # The folder of the page's source file; an excerpt uses its document's (§4.2.1).
            # The root folder is "<source>/" (in_source_dir("."), as Jekyll's message shows).
            folder = (relative_to.excerpt_of or relative_to).path.parent
            dirs = [str(folder) + "/" if folder == self.source else str(folder)]
        else:
            dirs = [str(self.source / str(self.config.get("includes_dir") or "_includes"))]
        safe = self.config.get("safe") is not None and self.config.get("safe") is not False
        path = locate_include(name, dirs, safe)
        return include_source(self.renderer, path, display_path(Path(path)))

    def warn_liquid_syntax(self, err: LiquidError) -> None:
        self.renderer.warn_syntax(err)


@dataclass(eq=False)
class SourceMapPage(Page):
    """``Jekyll::SourceMapPage``: ``<name>.css.map`` next to a Sass page's CSS (§8.1.4)."""

    css_page: Page | None = None


def source_map_pages(pages: list[Page], config: Mapping[str, Any]) -> list[Page]:
    """One map page per Sass page when source maps are on (``sourcemap``, §8.1.4)."""
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


def _warn_unsupported(config: Mapping[str, Any]) -> None:
    """Say so when the site needs what liquidpage does not run: gem themes and plugins."""
    if config.get("theme"):
        log.warning("Theme '%s' is not supported: liquidpage reads only the site's own _layouts, "
                    "_includes, _sass and assets, so pages that use the theme's files will differ "
                    "from Jekyll's (docs/parity.md)", config["theme"])
    plugins = [str(p) for p in (config.get("plugins") or []) + (config.get("gems") or [])]
    if plugins:
        log.warning("Plugins are not run by liquidpage: %s (docs/parity.md)", ", ".join(plugins))


def _parse_time(text: str, tz: dt.tzinfo) -> dt.datetime:
    """Config ``time`` given as a string: Jekyll's ``Utils.parse_date`` (§1.10.1)."""
    from liquidpage.yamlload import load_yaml

    value = load_yaml(text, tz)
    if isinstance(value, dt.date):
        return value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    try:
        parsed = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        from liquidpage.errors import ConfigError

        raise ConfigError(f"Invalid time in configuration: '{text}' is not a valid datetime") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
