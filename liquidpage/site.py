"""A Jekyll site: read -> render -> write, in Jekyll's stage names (§1.10; Jekyll's site.rb)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from liquid import BoundTemplate
from liquid.exceptions import LiquidError

from liquidpage import config as config_mod
from liquidpage.data import read_data_dir
from liquidpage.drops import DocumentDrop, page_hash
from liquidpage.environment import JekyllEnvironment
from liquidpage.errors import IncludeError, LiquidpageError, display_path
from liquidpage.markdown import MarkdownConverter
from liquidpage.model import Collection, Layout, Page, StaticFile
from liquidpage.reader import Reader
from liquidpage.renderer import Renderer, include_source

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
        return MarkdownConverter(self.config.get("kramdown") or {})

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
            if item.relative_path == rel:
                return item
        raise LiquidpageError(f"no page or document with front matter at '{rel}' in {self.source}")

    def items(self) -> Iterator[Page]:
        """Every renderable item in Jekyll's render order: documents, then pages (§1.8)."""
        for coll in self.collections.values():
            yield from coll.docs
        yield from self.pages

    def render(self, relative_path: str) -> str:
        """The final HTML of one page (layouts applied), without writing anything."""
        return self.renderer.render(self.find(relative_path))

    def render_all(self) -> dict[str, Page | StaticFile]:
        """Render everything; return destination path -> item (last writer wins, §1.10.6)."""
        for item in self.items():
            item.output = self.renderer.render(item)
        outputs: dict[str, Page | StaticFile] = {}
        for page in self.pages:
            self._claim(outputs, page.destination, page)
        for static in self.static_files:
            if static.write:
                self._claim(outputs, static.destination, static)
        for coll in self.collections.values():
            if coll.output:
                for doc in coll.docs:
                    self._claim(outputs, doc.destination, doc)
        return outputs

    @staticmethod
    def _claim(outputs: dict[str, Page | StaticFile], dest: str, item: Page | StaticFile) -> None:
        if dest in outputs:
            log.warning("Conflict: The following destination is shared by multiple files: %s (%s, %s)",
                        dest, outputs[dest].relative_path, item.relative_path)
        outputs[dest] = item

    def outputs(self) -> Iterator[tuple[str, bytes]]:
        """Render the site in memory: (destination-relative path, bytes) for every output file."""
        for dest, item in sorted(self.render_all().items()):
            if isinstance(item, StaticFile):
                yield dest, item.path.read_bytes()
            else:
                yield dest, (item.output or "").encode("utf-8")

    def build(self, destination: str | os.PathLike[str] | None = None) -> Path:
        """Render every file, then write the destination atomically (§8.4)."""
        dest = Path(destination or self.config.get("destination") or self.source / "_site").resolve()
        self.data  # noqa: B018 - Jekyll reads every _data file on every build (§2.2.6)
        outputs = self.render_all()  # every error is raised before anything is written
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
        try:
            for rel, item in outputs.items():
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(item, StaticFile):
                    shutil.copy2(item.path, target)
                else:
                    target.write_text(item.output or "", encoding="utf-8", newline="")
            self._keep_files(dest, staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        old = None
        if dest.exists():
            old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
            dest.rename(old)
        staging.rename(dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return dest

    def _keep_files(self, dest: Path, staging: Path) -> None:
        """Carry ``keep_files`` over from the old destination (§2.6.4)."""
        if not dest.is_dir():
            return
        for keep in self.config.get("keep_files") or []:
            for old in dest.glob(str(keep).strip("/") + "*"):
                target = staging / old.relative_to(dest)
                if target.exists():
                    continue
                if old.is_dir():
                    shutil.copytree(old, target, symlinks=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(old, target)

    # -- services for tags, filters and drops ------------------------------------------------
    def include_template(self, name: str, relative_to: Page | None = None) -> BoundTemplate:
        """The parsed include ``name`` (§4.1.4) or, for include_relative, relative to a page (§4.2)."""
        if relative_to is not None:
            base = self.source / Path(relative_to.relative_path).parent
            dirs = [base]
        else:
            dirs = [self.source / str(self.config.get("includes_dir") or "_includes")]
        for folder in dirs:
            path = (folder / name).resolve()
            if path.is_file() and (path.is_relative_to(folder.resolve()) or path.is_relative_to(self.source)):
                return include_source(self.renderer, str(path), display_path(path))
        where = ", ".join(f'"{d}"' for d in dirs)
        raise IncludeError(
            f"Could not locate the included file '{name}' in any of [{where}]. Ensure it exists in "
            "one of those directories and, if it is a symlink, does not point outside your site source."
        )

    def warn_liquid_syntax(self, err: LiquidError) -> None:
        self.renderer.warn_syntax(err)

    def page_hashes(self) -> list[dict[str, Any]]:
        if "pages" not in self._cache:
            self._cache["pages"] = [page_hash(p, self) for p in self.pages]
        return self._cache["pages"]

    def html_page_hashes(self) -> list[dict[str, Any]]:
        return [h for p, h in zip(self.pages, self.page_hashes())
                if p.output_ext in (".html", ".htm", ".xhtml") or p.url.endswith("/")]

    def document_drops(self, label: str, *, newest_first: bool = False) -> list[DocumentDrop]:
        key = ("docs", label, newest_first)
        if key not in self._cache:
            docs = self.posts_newest_first() if newest_first else self.collections[label].docs
            self._cache[key] = [DocumentDrop(d, self) for d in docs]
        return self._cache[key]

    def posts_newest_first(self) -> list[Page]:
        return list(reversed(self.posts))

    def neighbour(self, doc: Page, step: int) -> Page | None:
        docs = self.collections[str(doc.collection)].docs
        index = next((i for i, d in enumerate(docs) if d is doc), None)
        if index is None or not 0 <= index + step < len(docs):
            return None
        return docs[index + step]

    def grouped_posts(self, kind: str) -> Mapping[str, list[DocumentDrop]]:
        key = ("grouped", kind)
        if key not in self._cache:
            groups: dict[str, list[DocumentDrop]] = {}
            for drop in self.document_drops("posts", newest_first=True):
                for name in drop.doc.data.get(kind) or []:
                    groups.setdefault(str(name), []).append(drop)
            self._cache[key] = groups
        return self._cache[key]


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
