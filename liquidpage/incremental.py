"""Output reuse by recorded dependencies: a rebuild renders only what changed.

Jekyll's own ``--incremental`` (regenerator.rb ``Regenerator``) tracks file modification times
and a page's layouts and includes only: a listing page is not re-rendered when a post changes,
and a post's ``content`` seen by another page is the raw text. liquidpage records, while each
page or document renders, everything it reads (:class:`Tracker`):

- ``("f", path)``: a layout or include file (its bytes);
- ``("layout", name)``: which file a layout name resolves to (a new layout file can shadow);
- ``("inc",)``: the list of files in the include folders (a new include can shadow a theme's);
- ``("data",)``: ``site.data`` (every file under the data folders);
- ``("list", name)``: a site-wide list: ``pages``, ``static``, ``collections`` (all of them) or a
  collection label (``posts``...): stale when the list's members, their order or any member's
  front matter, URL or path changed (:func:`meta_fingerprint`; ``page.next`` reads this too);
- ``("item", key)``: another item's rendering, read through its ``content``, ``output`` or
  ``excerpt``: stale when that item renders again this build;
- ``("time",)``: ``site.time``; ``("vol",)``: something not tracked (``'now' | date``, a
  paginator, a Sass page): always rendered.

Besides these, every output depends on its own item (front matter after defaults and
generators, body, URL: :func:`own_fingerprint`) and on the whole configuration, liquidpage's
version, the loaded plugins and the theme (:func:`global_fingerprint`): any change there renders
everything. Rebuilds replay Jekyll's order exactly: items run in render order; a reused item
gets its previous ``content``/``output`` back at its turn (so a later item sees precisely what
a full build would show it), a stale one renders. What cannot be replayed that way (templates
using ``increment``/``decrement``, ``include_cached``, ``include_relative``, a plugin outside
:data:`TRACKED_PLUGINS`) turns reuse off for the build: everything renders, which is always
correct. The differential test (tests/test_incremental.py) checks the result against
from-scratch builds after random edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
import re
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidpage.deps import SHARED_STATE, Tracker, item_key

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.site import Site

__all__ = ["Build", "Tracker", "item_key", "noop"]

FORMAT = 1
MANIFEST = "manifest.pickle"
RENDERS = "renders.pickle"

# Plugins whose reads all go through the site's drops and attributes (which record) or happen
# in ``generate`` (whose results are in the items' own fingerprints).
TRACKED_PLUGINS = frozenset({
    "jekyll-seo-tag", "jekyll-feed", "jekyll-sitemap", "jekyll-paginate", "jekyll-redirect-from",
    "jekyll-optional-front-matter", "jekyll-default-layout", "jekyll-titles-from-headings",
    "jekyll-readme-index", "jekyll-relative-links", "jekyll-avatar", "jekyll-mentions",
    "jekyll-toc", "jekyll-commonmark",
})

VOLATILE = ("vol",)


class Unstable(Exception):
    """A value with no stable fingerprint: the item that holds it always renders."""


def _norm(value: Any) -> Any:
    """A hashable, repr-stable form of front-matter-like data (types kept apart)."""
    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return value
    if isinstance(value, dict):
        return ("h", tuple((_norm(k), _norm(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("l", tuple(_norm(v) for v in value))
    if isinstance(value, dt.datetime):
        return ("t", value.isoformat(), str(value.tzinfo))
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if isinstance(value, Path):
        return ("p", str(value))
    from liquidpage.model import Excerpt

    if isinstance(value, Excerpt):  # made from the body: in own_fingerprint, read as ("item", key)
        return ("x",)
    raise Unstable(type(value).__name__)


def digest(value: Any) -> bytes:
    return hashlib.blake2b(repr(_norm(value)).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def file_digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None




def meta_fingerprint(item: Page) -> bytes | None:
    """The item as a list shows it without rendering it: front matter after defaults and
    generators, URL, path (its body only through ``content``/``output``/``excerpt``, which
    record ``("item", key)``); None: not fingerprintable."""
    if getattr(item, "pager", None) is not None:
        return None
    try:
        return digest((type(item).__name__, item_key(item), item.data, item.liquid_data,
                       item.front_matter, item.markdown, item.write, str(item.path)))
    except Unstable:
        return None


def own_fingerprint(item: Page, meta: bytes | None) -> bytes | None:
    """Everything of the item itself that its output depends on: its metadata and its body."""
    if meta is None:
        return None
    return digest((meta, item.content, item.body_line))


def _environment() -> tuple[str | None, ...]:
    """The environment variables outputs depend on: JEKYLL_ENV, and TZ (the local zone when
    the configuration names none)."""
    return (os.environ.get("JEKYLL_ENV", "development"), os.environ.get("TZ"))


def global_fingerprint(site: Site) -> bytes | None:
    """The configuration (``time`` only when pinned), version, plugins, theme, environment."""
    from liquidpage._version import __version__

    config = dict(site.config)
    if not site.time_pinned:
        config.pop("time", None)
    theme = site.theme
    try:
        return digest((FORMAT, __version__, config, list(site.registry.loaded),
                       str(theme.root) if theme is not None else None,
                       _environment(), str(site.source)))
    except Unstable:
        return None




def cache_folder(site: Site) -> Path | None:
    """``<cache>/build``, or None when the disk cache is off (liquidpage/cache.py)."""
    try:
        from liquidpage.cache import cache_root
    except ImportError:  # pragma: no cover - until the cache module lands
        from liquidpage import safety

        def cache_root(config: Any) -> Any:
            if config.get("disable_disk_cache") or config.get("safe"):
                return None
            return Path(safety.sanitized_path(str(config["source"]), str(config.get("cache_dir") or ".jekyll-cache"))) / "liquidpage"
    root = cache_root(site.config)
    return None if root is None else Path(root) / "build"


class DepValues:
    """The current value of each kind of dependency, computed once per build."""

    def __init__(self, site: Site, meta: Mapping[str, bytes | None]) -> None:
        self.site = site
        self.meta = meta
        self.values: dict[tuple[str, ...], Any] = {}

    def __call__(self, dep: tuple[str, ...]) -> Any:
        if dep in self.values:
            return self.values[dep]
        value = self.compute(dep)
        self.values[dep] = value
        return value

    def compute(self, dep: tuple[str, ...]) -> Any:
        site = self.site
        kind = dep[0]
        if kind == "f":
            return file_digest(dep[1])
        if kind == "layout":
            layout = site.layouts.get(dep[1])
            return None if layout is None else str(layout.path)
        if kind == "inc":
            return _listing(include_folders(site))
        if kind == "data":
            if "data" in site.config:
                return "config"  # in the global fingerprint
            return _tree_digest(data_folders(site))
        if kind == "time":
            return site.time.isoformat()
        if kind == "list":
            return self.list_digest(dep[1])
        if kind == "item":
            return None  # staleness follows the item's (see plan)
        return object()  # "vol": never equal

    def list_digest(self, name: str) -> bytes:
        site = self.site
        meta = self.meta
        if name == "pages":
            return digest([(item_key(p), meta.get(item_key(p))) for p in site._pages])
        if name == "static":
            return digest([_static_state(s) for s in site._static_files])
        if name == "collections":
            return digest([(label, self.list_digest(label)) for label in site._collections])
        coll = site._collections.get(name)
        if coll is None:
            return b""
        return digest(([(item_key(d), meta.get(item_key(d))) for d in coll.docs],
                       [_static_state(s) for s in coll.files]))


def _static_state(static: Any) -> tuple[Any, ...]:
    try:
        st = os.stat(static.path)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    return (static.relative_path, static.url, static.write, stamp, _norm(static.data))


def include_folders(site: Site) -> list[str]:
    from liquidpage import safety

    folders = [safety.sanitized_path(str(site.source), str(site.config.get("includes_dir") or "_includes"))]
    if site.theme is not None and site.theme.includes_path is not None:
        folders.append(str(site.theme.includes_path))
    return folders


def data_folders(site: Site) -> list[str]:
    from liquidpage import safety

    folders = [safety.sanitized_path(str(site.source), str(site.config.get("data_dir") or "_data"))]
    if site.theme is not None and site.theme.data_path is not None:
        folders.append(str(site.theme.data_path))
    return folders


def _walk(folders: Iterable[str]) -> list[str]:
    files: list[str] = []
    for folder in folders:
        for root, dirs, names in os.walk(folder, followlinks=True):
            dirs.sort()
            files.extend(os.path.join(root, n) for n in sorted(names))
    return files


def _listing(folders: Iterable[str]) -> bytes:
    return digest(_walk(folders))


def _tree_digest(folders: Iterable[str]) -> bytes:
    return digest([(path, file_digest(path)) for path in _walk(folders)])


class Plan:
    """Which items render this build; the rest get their previous render back."""

    def __init__(self, stale: set[str], renders: dict[str, tuple[str | None, str | None]]) -> None:
        self.stale = stale
        self.renders = renders


_CODE: list[str] = []
# The libraries whose behaviour is part of the output (their installed files' stamps count).
_LIBRARIES = ("liquid", "yaml", "sass", "pygments", "markdown_it", "mdit_py_plugins", "frontmatter")


def code_stamp() -> str:
    """liquidpage's own code (cache.py ``code_fingerprint``: its version and every module's size
    and time) and the size and time of the libraries it renders with: a rebuild never reuses
    what other code rendered (a development checkout changes without a new version number)."""
    if not _CODE:
        import importlib.util

        from liquidpage.cache import code_fingerprint

        stamps: list[Any] = [FORMAT, code_fingerprint()]
        for library in _LIBRARIES:
            try:
                spec = importlib.util.find_spec(library)
            except (ImportError, ValueError):
                spec = None
            origin = spec.origin if spec is not None else None
            if origin and os.path.exists(origin):
                st = os.stat(origin)
                stamps.append((library, origin, st.st_size, st.st_mtime_ns))
            else:
                stamps.append((library, None))
        _CODE.append(hashlib.blake2b(repr(stamps).encode(), digest_size=16).hexdigest())
    return _CODE[0]


def load(folder: Path, name: str) -> Any:
    """A pickled file written by this code, or None (missing, corrupt, foreign: ignored)."""
    try:
        with open(folder / name, "rb") as handle:
            data = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a cache file is never trusted
        return None
    if not isinstance(data, dict) or data.get("format") != code_stamp():
        return None
    return data


def save(folder: Path, name: str, data: dict[str, Any]) -> None:
    data["format"] = code_stamp()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / name)
    except OSError:
        pass  # a cache that cannot be written only costs time


def discard(folder: Path | None) -> None:
    """Forget the previous build (before the destination changes: a half-written tree must not
    be trusted next time)."""
    if folder is None:
        return
    try:
        os.unlink(folder / MANIFEST)
    except OSError:
        pass


_MARKUP = r"\{\{.*?\}\}|\{%.*?%\}"
_BARE_LEAK = r"(?<![\w.\-])(?:content|layout)\b"


def _reads_leak(text: str) -> bool:
    """Liquid markup naming the bare variable ``content`` or ``layout`` (not ``page.content``)."""
    if "content" not in text and "layout" not in text:
        return False
    bare = re.compile(_BARE_LEAK)
    return any(bare.search(m.group()) for m in re.finditer(_MARKUP, text, re.S))


def _include_texts(site: Site) -> list[str]:
    cached = getattr(site, "_include_texts", None)
    if cached is None:
        cached = []
        for path in _walk(include_folders(site)):
            try:
                cached.append(Path(path).read_text("utf-8", errors="replace"))
            except OSError:
                pass
        site._include_texts = cached  # type: ignore[attr-defined]
    return cached


def shared_state(site: Site, items: Iterable[Page]) -> bool:
    texts = [layout.content for layout in site.layouts.values()]
    texts += [item.content for item in items]
    texts += _include_texts(site)
    # A substring test first: the regex over every text costs more than the rest of a plan.
    return any(("include_" in t or "crement" in t) and re.search(SHARED_STATE, t) for t in texts)


def reuse_allowed(site: Site) -> bool:
    return all(name in TRACKED_PLUGINS for name in site.registry.loaded)


def plan(site: Site, items: list[Page], folder: Path, own: dict[str, bytes | None],
         meta: dict[str, bytes | None], glob: bytes | None) -> Plan | str:
    """Compare with the previous build's manifest: a Plan, or the reason to render everything."""
    if getattr(site, "profiler", None) is not None:  # liquidpage/profiler.py: the counts are Jekyll's
        return "--profile renders every file, as Jekyll does"
    if glob is None:
        return "the configuration holds values liquidpage cannot compare"
    if not reuse_allowed(site):
        return "a plugin whose reads are not tracked is loaded"
    manifest = load(folder, MANIFEST)
    if manifest is None:
        return "no previous build in the cache"
    if manifest.get("global") != glob:
        return "the configuration, plugins, theme or liquidpage changed"
    if shared_state(site, items):
        return "templates use increment, decrement, include_relative or include_cached"
    if manifest.get("warnings"):
        return "the previous build logged warnings"
    renders = load(folder, RENDERS)
    if renders is None:
        return "no previous renders in the cache"
    renders = renders.get("renders") or {}
    records: dict[str, tuple[bytes | None, dict[tuple[str, ...], Any]]] = manifest.get("items") or {}
    values = DepValues(site, meta)
    stale: set[str] = set()
    for item in items:
        key = item_key(item)
        record = records.get(key)
        fp = own.get(key)
        if record is None or fp is None or record[0] != fp or key not in renders:
            stale.add(key)
            continue
        for dep, value in record[1].items():
            if dep == VOLATILE or values(dep) != value:
                stale.add(key)
                break
    # An item whose rendering another read (its content, output or excerpt) makes that reader
    # stale too, until nothing changes.
    readers = {key: [dep[1] for dep in record[1] if dep[0] == "item"] for key, record in records.items()}
    changed = True
    while changed:
        changed = False
        for item in items:
            key = item_key(item)
            if key not in stale and any(k in stale for k in readers.get(key, ())):
                stale.add(key)
                changed = True
    return Plan(stale, renders)


class Build:
    """One build's use of the cache: the plan before rendering, the manifest after writing."""

    def __init__(self, site: Site, folder: Path, jobs: int | None = None) -> None:
        self.site = site
        self.folder = folder
        self.items = list(site.items())
        self.meta = {}
        self.own = {}
        for item in self.items:
            key = item_key(item)
            self.meta[key] = meta = meta_fingerprint(item)
            self.own[key] = own_fingerprint(item, meta)
        self.glob = global_fingerprint(site)
        self.plan: Plan | None = None
        self.reason = "two items have the same path and URL"
        if len(self.own) == len(self.items):
            found = plan(site, self.items, folder, self.own, self.meta, self.glob)
            if isinstance(found, Plan) and len(found.stale) > max(2 * 24, len(self.items) // 3) \
                    and jobs != 1 and hasattr(os, "fork"):
                self.reason = "most files changed: rendering them all on every core is faster"
            elif isinstance(found, Plan):
                self.plan, self.reason = found, ""
            else:
                self.reason = found
        if os.environ.get("LIQUIDPAGE_DEBUG_REUSE"):
            import sys

            print(f"liquidpage reuse: {self.summary()}", file=sys.stderr)
        self.previous = load(folder, MANIFEST) if self.glob is not None else None
        if self.previous is not None and self.previous.get("global") != self.glob:
            self.previous = None
        # Warnings from rendering are not stored with the renders: a build that logged any
        # is followed by a full render, so that every warning is logged again.
        self.warnings = _Counter()
        logging.getLogger("liquidpage").addHandler(self.warnings)
        self.noop_key: Any = None  # set by the command line: see noop()
        self.started = getattr(site, "build_started_ns", 0) or time.time_ns()

    def summary(self) -> str:
        """For ``-V``: how much renders this build, and why everything does when it does."""
        if self.plan is None:
            return f"every file renders ({self.reason})"
        return f"{len(self.plan.stale)} of {len(self.items)} files render, the rest are reused"

    @classmethod
    def start(cls, site: Site, jobs: int | None = None) -> Build | None:
        folder = cache_folder(site)
        return None if folder is None else cls(site, folder, jobs)

    def render(self, advance: Any) -> None:
        """Jekyll's order, replayed: reused items get their render back at their turn.

        ``content`` and ``layout`` leak from one file into the next (parallel.py, rule 2): after
        a reused file with a layout the renderer's leaked state is not the one a full build has
        there, so before a stale file that could read it, the files it comes from are rendered
        again (output discarded), as a worker does."""
        from liquidpage.parallel import _has_layout, restore_leak

        assert self.plan is not None
        site, plan = self.site, self.plan
        renderer = site.renderer
        fresh = {"content": None, "layout": None}
        includes_read_leak = any(_reads_leak(text) for text in _include_texts(site))
        valid = True
        for index, item in enumerate(self.items):
            key = item_key(item)
            if key not in plan.stale:
                item.live_content, item.output = plan.renders[key]
                if _has_layout(site, item):
                    valid = False
            else:
                if not valid and (includes_read_leak or _reads_leak(item.content)):
                    restore_leak(site, self.items, index, fresh)
                    valid = True
                item.output = renderer.render(item)
                if _has_layout(site, item):
                    valid = True
            advance(1)

    def records(self) -> dict[str, Any]:
        """The manifest's items: own fingerprint and the current value of every dependency."""
        from liquidpage.renderer import SASS_EXTS

        site = self.site
        values = DepValues(site, self.meta)
        recorded = site.renderer.recorded
        previous = (self.previous or {}).get("items") or {}
        stale = self.plan.stale if self.plan is not None else None
        records: dict[str, Any] = {}
        for item in self.items:
            key = item_key(item)
            if stale is not None and key not in stale and key in previous:
                records[key] = previous[key]
                continue
            deps = set(recorded.get(key, ()))
            fp = self.own.get(key)
            if fp is None or item.path.suffix.lower() in SASS_EXTS or getattr(item, "css_page", None) is not None:
                deps.add(VOLATILE)
            records[key] = (fp, {dep: values(dep) for dep in deps})
        return records

    def data_changed(self) -> bool:
        """Whether ``_data`` differs from the last build's (unchanged data was read without
        error then, so it need not be read again unless a render asks for it)."""
        if self.plan is None or self.previous is None:
            return True
        return DepValues(self.site, self.meta)(("data",)) != self.previous.get("data")

    def previous_outputs(self, dest: Path) -> dict[str, Any] | None:
        previous = self.previous
        if previous is None or previous.get("dest") != str(dest):
            return None
        return previous.get("outputs")

    def save(self, dest: Path, outputs: dict[str, Any], listing: tuple[dict[str, Any], list[str]]) -> None:
        """After a successful write: the manifest and every item's render (when any rendered);
        ``listing`` is the destination's files and folders as the write left them."""
        logging.getLogger("liquidpage").removeHandler(self.warnings)
        if self.plan is None or self.plan.stale or set(self.plan.renders) != set(self.own):
            renders = {item_key(i): (i.live_content, i.output) for i in self.items}
            save(self.folder, RENDERS, {"renders": renders})
        records = self.records()
        save(self.folder, MANIFEST, {"global": self.glob, "dest": str(dest), "items": records,
                                     "outputs": outputs, "data": DepValues(self.site, self.meta)(("data",)),
                                     "warnings": self.warnings.count})
        if self.noop_key is not None:
            save_noop(self, dest, records, outputs, listing)

    def close(self) -> None:
        """Stop counting warnings (a failed or abandoned build; save() does it too)."""
        logging.getLogger("liquidpage").removeHandler(self.warnings)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


# -- the no-op build: nothing changed, nothing to do -----------------------------------------
# A build whose inputs all have the size and time they had when the last build read them, whose
# destination is as that build left it, with the same command line, liquidpage and environment,
# has nothing to do. It is checked before anything else is imported or read (the command line
# calls noop() first). The last build leaves NOOP only when it can vouch for that: time pinned
# in the configuration, no page reading the clock, only tracked plugins, no warning logged
# (they would have to be logged again). A file changed within RACY_NS of the build that read
# it might change again without a new time: then no NOOP is left.
NOOP = "noop.pickle"
RACY_NS = 2_000_000_000
_SKIP_DIRS = frozenset({".git", ".jekyll-cache"})


def default_noop_folder(source: Path) -> Path:
    return source / ".jekyll-cache" / "liquidpage" / "build"


def _stamps(root: Path, skip: set[str], started: int | None) -> dict[str, Any] | None:
    """rel path -> (size, mtime_ns) for every file under ``root``; None when a symlinked folder
    makes the tree unknowable this way, or (``started`` given) when a file changed too close to
    the build that read it to be told apart from a later change by its time."""
    out: dict[str, Any] = {}
    for folder, dirs, names in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        keep = []
        for name in dirs:
            full = os.path.join(folder, name)
            if prefix + name in skip or (not prefix and name in _SKIP_DIRS):
                continue
            if os.path.islink(full):
                return None
            keep.append(name)
        dirs[:] = keep
        for name in names:
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                return None
            if started is not None and st.st_mtime_ns >= started - RACY_NS:
                return None
            out[prefix + name] = (st.st_size, st.st_mtime_ns)
    return out


def _same(stored: dict[str, Any], root: Path, skip: set[str]) -> bool:
    return _stamps(root, skip, None) == stored


def _skips(site: Site, dest: Path, folder: Path) -> set[str]:
    """Folders of the source the walk skips: the destination, the cache, excluded top folders."""
    source = site.source
    skip = set()
    for path in (dest, folder.parent.parent):
        try:
            skip.add(Path(path).resolve().relative_to(source).as_posix())
        except ValueError:
            pass
    include = {str(i).strip("/") for i in site.config.get("include") or []}
    for name in site.config.get("exclude") or []:
        name = str(name).strip("/")
        if name and "/" not in name and "*" not in name and name not in include and (source / name).is_dir():
            skip.add(name)
    return skip


def save_noop(build: Build, dest: Path, records: dict[str, Any], outputs: dict[str, Any],
              listing: tuple[dict[str, Any], list[str]]) -> None:
    site = build.site
    target = default_noop_folder(site.source)
    try:
        os.unlink(target / NOOP)
    except OSError:
        pass
    if build.folder != target or not site.time_pinned or build.glob is None or not reuse_allowed(site):
        return
    if build.warnings.count or build.noop_key is None or build.noop_key[1]:
        return
    if getattr(site, "profiler", None) is not None:  # `profile: true` in the config: the next build prints its tables
        return
    if any(VOLATILE in deps for _, deps in records.values()):
        return
    skip = _skips(site, dest, build.folder)
    started = build.started
    tree = _stamps(site.source, skip, started)
    theme = site.theme
    theme_tree = _stamps(Path(theme.root), set(), started) if theme is not None else {}
    dest_files, dest_dirs = listing
    if tree is None or theme_tree is None:
        return
    from liquidpage._version import __version__

    save(target, NOOP, {
        "key": build.noop_key, "version": __version__, "env": _environment(),
        "source": str(site.source), "skip": sorted(skip), "tree": tree,
        "theme": str(theme.root) if theme is not None else None, "theme_tree": theme_tree,
        "dest": str(dest), "dest_files": dest_files, "dest_dirs": sorted(dest_dirs), "count": len(outputs),
    })


def dest_listing(dest: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Every file (and symlink) in ``dest`` with its size and time, and every real folder;
    symlinked folders are entries, never entered."""
    files: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    pending = [(str(dest), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(rel)
                    pending.append((entry.path, rel + "/"))
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            files[rel] = (st.st_size, st.st_mtime_ns)
    return files, folders


def noop(source: Path, key: Any) -> tuple[str, int] | None:
    """(destination, file count) when the last build vouched for this one having nothing to
    do (see above); None: build."""
    folder = default_noop_folder(source)
    data = load(folder, NOOP)
    if data is None or data.get("key") != key or data.get("env") != _environment():
        return None
    if data.get("source") != str(source):
        return None
    if not _same(data["tree"], source, set(data["skip"])):
        return None
    if data["theme"] is not None and not _same(data["theme_tree"], Path(data["theme"]), set()):
        return None
    dest = Path(data["dest"])
    if not dest.is_dir():
        return None
    files, dirs = dest_listing(dest)
    if files != data["dest_files"] or sorted(dirs) != data["dest_dirs"]:
        return None
    return str(dest), int(data["count"])
