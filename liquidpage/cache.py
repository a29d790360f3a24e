"""A persistent cache of parsed inputs, in the place Jekyll keeps its own (Jekyll's cache.rb
``Jekyll::Cache``, site.rb ``Site#configure_cache``).

``Cache(config, name)`` is a namespaced key -> value store, kept in memory for the process and,
unless the disk cache is disabled, on disk under ``<source>/<cache_dir>/liquidpage/<name>/``:

- ``get(key, default)``, ``set(key, value)``, ``getset(key, make)`` (``Cache#getset``: the
  stored value, else ``make()``, stored), ``key in cache``, ``delete(key)``, ``clear()``.
- Keys are strings the caller builds from everything the value depends on (the input text and
  the options that change its meaning). On disk a key is hashed together with liquidpage's
  version, :data:`CACHE_FORMAT`, a fingerprint of liquidpage's own code (an edited checkout
  never reads what older code wrote) and the cache's name.
- Values are pickled; only the classes parsed inputs contain may be unpickled
  (:data:`_ALLOWED`), so a planted file cannot run code. On disk a namespace is a few segment
  files (see ``_Store``). What a build stores is written when the build has succeeded
  (:func:`flush_all`), as one new file per namespace renamed into place whole; a failed build
  writes nothing. Every record carries the key's digest and a CRC of its payload: a corrupt,
  truncated, foreign or unreadable record is a miss, replaced by the next ``set``, never an
  error.
- Nothing ever fails because of the cache: a folder that cannot be written, a value that
  cannot be pickled, are simply not cached on disk.

``cache_root(config)`` is that folder, or None when there is no disk cache: under ``safe`` and
with ``disable_disk_cache`` (Jekyll's site.rb ``Site#configure_cache``: ``Jekyll::Cache.disable_disk_cache!
if safe || config["disable_disk_cache"]``). The memory part works either way, as Jekyll's
``base_cache`` does.

Only the standard library is imported here: this module is imported by the reader and the
converters, and used by tools that must start fast.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import re
import shutil
import struct
import time
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger("liquidpage")

#: Bumped whenever the file layout or the meaning of an entry changes.
CACHE_FORMAT = 1

#: The folder under ``cache_dir`` that holds liquidpage's entries (Jekyll's are in ``Jekyll/Cache``).
SUBDIR = "liquidpage"

DEFAULT_CACHE_DIR = ".jekyll-cache"

_MAGIC = b"LPC1"
_MISSING: Any = object()

# Jekyll's cache.rb Cache#initialize: the name with everything but word characters, spaces and
# dashes replaced by dashes is the folder.
_NAME_CHARS = re.compile(r"[^\w\s-]")

# The memory part (Jekyll's cache.rb ``Cache.base_cache``), shared by every Cache of the same
# folder in the process (of the same name, without a disk cache). Values that can change (dicts,
# lists) are kept pickled, so that a caller changing what it got never changes the cache.
_MEMORY: dict[str, dict[str, Any]] = {}
_MEMORY_SIZE: dict[str, int] = {}
#: Bytes (roughly) a namespace may hold in memory before it is emptied.
MEMORY_LIMIT = 64 * 1024 * 1024

_GITIGNORE = "# ignore everything in this directory\n*\n"

_code_fingerprint: str | None = None


def _truthy(value: Any) -> bool:
    """Ruby truthiness: everything but nil and false."""
    return value is not None and value is not False


def cache_dir(config: Mapping[str, Any]) -> Path:
    """``Site#cache_dir``: ``in_source_dir(config["cache_dir"])``, forced inside the source
    (Jekyll's site.rb ``Site#initialize``; ``Jekyll.sanitized_path``). An empty ``cache_dir`` is
    the default ``.jekyll-cache`` here, where Jekyll would use the source folder itself (and
    ``jekyll clean`` remove it; docs/parity.md)."""
    from liquidpage.safety import sanitized_path

    source = os.path.abspath(str(config.get("source") or "."))
    name = config.get("cache_dir")
    name = str(name) if _truthy(name) and str(name) != "" else DEFAULT_CACHE_DIR
    return Path(sanitized_path(source, name))


def cache_root(config: Mapping[str, Any]) -> Path | None:
    """Where liquidpage's disk cache lives: ``<source>/<cache_dir>/liquidpage``, or None when
    nothing may be written to disk: under ``safe`` or ``disable_disk_cache`` (Jekyll's site.rb
    ``Site#configure_cache``), with no ``source`` in the configuration, and when ``cache_dir``
    names the source folder itself."""
    if _truthy(config.get("safe")) or _truthy(config.get("disable_disk_cache")) or not config.get("source"):
        return None
    folder = cache_dir(config)
    if os.path.normpath(folder) == os.path.abspath(str(config["source"])):
        return None
    return folder / SUBDIR


def code_fingerprint() -> str:
    """liquidpage's version, and the names, sizes and modification times of its Python files:
    what produced a cached value. Computed once per process (about a millisecond)."""
    global _code_fingerprint
    if _code_fingerprint is None:
        from liquidpage._version import __version__

        package = os.path.dirname(os.path.abspath(__file__))
        digest = hashlib.sha1(f"{__version__}\0{CACHE_FORMAT}".encode())
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    try:
                        stat = os.stat(path)
                    except OSError:
                        continue
                    digest.update(f"{os.path.relpath(path, package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


# -- values ----------------------------------------------------------------------------------
# What the unpickler may build besides Python's own containers and scalars: the values parsed
# inputs hold (YAML times, dates and time zones). Anything else makes the entry a miss.
_ALLOWED = {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"), ("zoneinfo", "ZoneInfo"), ("builtins", "set"),
    ("builtins", "frozenset"), ("builtins", "complex"), ("builtins", "bytearray"),
    ("liquidpage.yamlload", "_ZeroOffset"),
}


def _getattr(owner: Any, name: str) -> Any:
    """``getattr`` as a pickle of a time zone uses it (``ZoneInfo._unpickle``), and only so."""
    import zoneinfo

    if owner is zoneinfo.ZoneInfo and name == "_unpickle":
        return owner._unpickle
    raise pickle.UnpicklingError(f"getattr({owner!r}, {name!r}) is not allowed in the cache")


class _Unpickler(pickle.Unpickler):
    """Python's documented way to restrict what a pickle may build ("Restricting Globals")."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module == "builtins" and name == "getattr":
            return _getattr
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


def _loads(payload: bytes) -> Any:
    return _Unpickler(io.BytesIO(payload)).load()


def _immutable(value: Any) -> bool:
    """Values the memory part may hand out as they are (no caller can change them)."""
    if value is None or isinstance(value, (str, bytes, int, float, bool)):
        return True
    if type(value) is tuple:
        return all(_immutable(item) for item in value)
    return False


# -- the cache -------------------------------------------------------------------------------
class Cache:
    """A namespaced key -> value store in memory and, when enabled, on disk (Jekyll's cache.rb
    ``Jekyll::Cache``). See the module docstring."""

    def __init__(self, config: Mapping[str, Any], name: str) -> None:
        self.name = name
        root = cache_root(config)
        self.root = root
        self.dir: Path | None = root / _NAME_CHARS.sub("-", name) if root is not None else None
        self._where = (str(self.dir), root, str(config.get("source"))) if self.dir is not None else None
        # Memory is per folder (per name without a disk cache), so each site's folder gets its entries.
        self._slot = str(self.dir) if self.dir is not None else "\0" + name
        self._base = hashlib.sha1(f"{code_fingerprint()}\0{name}\0".encode())
        self.hits = 0
        self.misses = 0

    @property
    def _store(self) -> _Store | None:
        """This cache's folder as the process sees it (looked up each time: the process keeps
        a bounded number of sites)."""
        return _store(*self._where) if self._where is not None else None

    @property
    def _memory(self) -> dict[str, Any]:
        return _MEMORY.setdefault(self._slot, {})

    @property
    def disk_cache_enabled(self) -> bool:
        """``Cache#disk_cache_enabled?``."""
        return self.dir is not None

    def _digest(self, key: str) -> bytes:
        digest = self._base.copy()
        digest.update(key.encode("utf-8", "surrogatepass"))
        return digest.digest()

    # -- reading -----------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        """The value stored for ``key``, else ``default`` (``Cache#[]`` without the raise)."""
        memory = self._memory
        if key in memory:
            found = memory[key]
            if type(found) is _Pickled:
                try:
                    found = _loads(found.payload)
                except Exception:  # noqa: BLE001 - never trusted, never an error
                    del memory[key]
                    found = _MISSING
            if found is not _MISSING:
                self.hits += 1
                return found
        store = self._store
        if store is not None:
            value = store.get(self._digest(key))
            if value is not _MISSING:
                self.hits += 1
                self._remember(key, value, None)
                return value
        self.misses += 1
        return default

    def __contains__(self, key: str) -> bool:
        """``Cache#key?``."""
        return self.get(key, _MISSING) is not _MISSING

    def getset(self, key: str, make: Callable[[], Any]) -> Any:
        """``Cache#getset``: the value stored for ``key``, else ``make()``, stored and returned."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            value = make()
            self.set(key, value)
        return value

    # -- writing -----------------------------------------------------------------------------
    def set(self, key: str, value: Any) -> None:
        """Store ``value`` for ``key`` (``Cache#[]=``); a value that cannot be pickled is kept
        in memory only when it cannot change, else not at all (Jekyll: "Cannot dump object")."""
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - PicklingError, TypeError, RecursionError, ...
            log.debug("Cache: cannot dump the value for a key of %s", self.name)
            if _immutable(value):
                self._remember(key, value, None)
            return
        self._remember(key, value, payload)
        store = self._store
        if store is not None:
            store.set(self._digest(key), payload)

    def _remember(self, key: str, value: Any, payload: bytes | None) -> None:
        memory = self._memory
        if _immutable(value):
            size = len(value) if isinstance(value, (str, bytes)) else 64
            stored: Any = value
        else:
            if payload is None:
                try:
                    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:  # noqa: BLE001
                    return
            size = len(payload)
            stored = _Pickled(payload)
        total = _MEMORY_SIZE.get(self._slot, 0) + size + len(key)
        if total > MEMORY_LIMIT:
            memory.clear()
            total = size + len(key)
        _MEMORY_SIZE[self._slot] = total
        memory[key] = stored

    def flush(self) -> None:
        """Write what this process stored since the last flush (one segment file)."""
        store = self._store
        if store is not None:
            store.flush()

    # -- removing ----------------------------------------------------------------------------
    def delete(self, key: str) -> None:
        """``Cache#delete``: forget ``key``, in memory and on disk."""
        self._memory.pop(key, None)
        store = self._store
        if store is not None:
            store.delete(self._digest(key))

    def clear(self) -> None:
        """``Cache#clear``: every entry of this cache, in memory and on disk."""
        self._memory.clear()
        _MEMORY_SIZE[self._slot] = 0
        store = self._store
        if store is not None:
            store.clear()


class _Pickled:
    """A value kept pickled in memory."""

    __slots__ = ("payload",)

    def __init__(self, payload: bytes) -> None:
        self.payload = payload


# -- the files -------------------------------------------------------------------------------
# A namespace's folder holds segment files, ``<time>-<pid>.seg``, each a run of records:
# magic, the key's digest, the payload's length and CRC-32, the pickled payload. A process
# loads every segment at its first lookup (later segments win) and keeps what it stores in
# memory; when a build has succeeded, ``flush_all`` writes it as one new segment per namespace
# (parallel workers hand theirs to the parent: ``take_pending``/``adopt``), and after a failed
# build it is dropped (``discard_pending``). A cold build so writes a few files, not one per
# entry (a new file costs 0.1-0.3 ms here, more than parsing a front matter). A segment appears
# whole (written to a temporary name, then renamed); a record that fails its checks is a miss.
# Past MAX_SEGMENTS files, the loading process merges them into one, and a namespace grown past
# MAX_BYTES starts again empty.
_RECORD = struct.Struct("<4s20sII")
MAX_SEGMENTS = 8
MAX_BYTES = 256 * 1024 * 1024
_STORES: dict[str, _Store] = {}


#: Sites whose cache a process keeps in memory at once (a test suite builds thousands of sites);
#: past it, the oldest without unwritten entries are forgotten.
MAX_SITES = 16


def _store(folder: str, root: Path, source: str) -> _Store:
    found = _STORES.get(folder)
    if found is None:
        if len(_STORES) >= MAX_SITES:
            for old in [f for f, store in _STORES.items() if not store.pending][: len(_STORES) - MAX_SITES + 1]:
                del _STORES[old]
                _MEMORY.pop(old, None)
                _MEMORY_SIZE.pop(old, None)
        found = _STORES[folder] = _Store(folder, root, source)
    return found


class _Store:
    """One namespace's folder, as this process sees it."""

    def __init__(self, folder: str, root: Path, source: str) -> None:
        self.folder = folder
        self.root = root
        self.source = source
        self.pid = os.getpid()
        self.index: dict[bytes, tuple[bytes, int, int, int]] = {}  # digest -> (buffer, start, end, crc)
        self.pending: dict[bytes, bytes] = {}
        self.pending_bytes = 0
        self.segments: list[str] = []
        self.loaded = False

    def _check_fork(self) -> None:
        if os.getpid() != self.pid:  # a forked worker: what the parent stored is the parent's to write
            self.pid = os.getpid()
            self.pending = {}
            self.pending_bytes = 0

    def load(self) -> None:
        self.loaded = True
        try:
            names = sorted(name for name in os.listdir(self.folder) if name.endswith(".seg"))
        except OSError:
            return
        for name in names:
            blob = _read_file(os.path.join(self.folder, name))
            if blob is None:
                continue
            self.segments.append(name)
            self._parse(blob)
        if len(self.segments) > MAX_SEGMENTS:
            self._compact()

    def _parse(self, blob: bytes) -> None:
        index = self.index
        pos, size, head = 0, len(blob), _RECORD.size
        unpack = _RECORD.unpack_from
        while pos + head <= size:
            magic, digest, length, crc = unpack(blob, pos)
            start = pos + head
            end = start + length
            if magic != _MAGIC or end > size:
                break  # not ours, or cut short: the rest of the file is not trusted
            if length:
                index[digest] = (blob, start, end, crc)
            else:  # a deleted key
                index.pop(digest, None)
            pos = end

    def get(self, digest: bytes) -> Any:
        if not self.loaded:
            self.load()
        entry = self.index.get(digest)
        if entry is None:
            return _MISSING
        blob, start, end, crc = entry
        payload = memoryview(blob)[start:end]
        if zlib.crc32(payload) == crc:
            try:
                return _loads(payload)
            except Exception:  # noqa: BLE001 - a corrupt or foreign entry is a miss
                pass
        del self.index[digest]
        return _MISSING

    def set(self, digest: bytes, payload: bytes) -> None:
        if not self.loaded:
            self.load()
        self._check_fork()
        crc = zlib.crc32(payload)
        old = self.index.get(digest)
        if old is not None and old[3] == crc and old[2] - old[1] == len(payload):
            return  # stored already
        self.index[digest] = (payload, 0, len(payload), crc)
        self._pend(digest, payload)

    def delete(self, digest: bytes) -> None:
        if not self.loaded:
            self.load()
        self._check_fork()
        if self.index.pop(digest, None) is not None:
            self._pend(digest, b"")

    def _pend(self, digest: bytes, payload: bytes) -> None:
        self.pending[digest] = payload
        self.pending_bytes += len(payload) + _RECORD.size

    def flush(self) -> None:
        self._check_fork()
        if not self.pending:
            return
        pending, self.pending, self.pending_bytes = self.pending, {}, 0
        parts = []
        for digest, payload in pending.items():
            parts.append(_RECORD.pack(_MAGIC, digest, len(payload), zlib.crc32(payload)))
            parts.append(payload)
        name = self._write_segment(parts)
        if name is not None:
            self.segments.append(name)

    def _write_segment(self, parts: list[bytes]) -> str | None:
        name = f"{time.time_ns():020d}-{os.getpid()}.seg"
        path = os.path.join(self.folder, name)
        temp = path + ".tmp"
        try:
            if not os.path.isdir(self.folder):
                if not os.path.isdir(self.source):
                    return None  # the site's folder is gone (a temporary site): nothing to keep
                self._make_root()
                os.makedirs(self.folder, exist_ok=True)
            with open(temp, "wb") as handle:
                handle.write(b"".join(parts))
            os.replace(temp, path)
        except OSError as err:
            log.debug("Cache: cannot write %s: %s", path, err)
            try:
                os.unlink(temp)
            except OSError:
                pass
            return None
        return name

    def _make_root(self) -> None:
        """The cache folder and, as Jekyll writes it, its ``.gitignore`` (Jekyll's site.rb
        ``Site#hide_cache_dir_from_git``)."""
        top = self.root.parent
        top.mkdir(parents=True, exist_ok=True)
        ignore = top / ".gitignore"
        if not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")

    def _compact(self) -> None:
        """Merge the loaded segments into one (or drop them all past MAX_BYTES)."""
        old = list(self.segments)
        parts: list[bytes] = []
        total = 0
        for digest, (blob, start, end, crc) in self.index.items():
            parts.append(_RECORD.pack(_MAGIC, digest, end - start, crc))
            parts.append(blob[start:end])
            total += end - start
        if total > MAX_BYTES:
            self.index = {}
            parts = []
        name = self._write_segment(parts) if parts else None
        if parts and name is None:
            return  # keep the old files when the merged one could not be written
        for stale in old:
            try:
                os.unlink(os.path.join(self.folder, stale))
            except OSError:
                pass
        self.segments = [name] if name is not None else []

    def clear(self) -> None:
        self.index = {}
        self.pending = {}
        self.pending_bytes = 0
        self.segments = []
        self.loaded = True
        shutil.rmtree(self.folder, ignore_errors=True)


def flush_all(config: Mapping[str, Any] | None = None) -> None:
    """Write what every cache of this process (of the site of ``config`` only, when given)
    stored since its last flush: called when a build has succeeded (``Site.write``)."""
    root = cache_root(config) if config is not None else None
    if config is not None and root is None:
        return
    for store in list(_STORES.values()):
        if root is not None and store.root != root:
            continue
        try:
            store.flush()
        except Exception:  # noqa: BLE001 - never an error to the user  # pragma: no cover
            log.debug("Cache: could not flush %s", store.folder, exc_info=True)


def discard_pending() -> None:
    """Drop what this process stored and has not written (a failed build writes nothing)."""
    for store in list(_STORES.values()):
        store._check_fork()
        store.pending, store.pending_bytes = {}, 0


def take_pending() -> list[tuple[str, str, str, dict[bytes, bytes]]]:
    """In a parallel worker: what it stored and has not written, handed to the parent
    (:func:`adopt`), which writes it with its own when the build succeeds."""
    taken = []
    for store in list(_STORES.values()):
        store._check_fork()
        if store.pending:
            taken.append((store.folder, str(store.root), store.source, store.pending))
            store.pending, store.pending_bytes = {}, 0
    return taken


def adopt(taken: list[tuple[str, str, str, dict[bytes, bytes]]]) -> None:
    """In the parent: the entries a worker stored (:func:`take_pending`)."""
    for folder, root, source, pending in taken or ():
        store = _store(folder, Path(root), source)
        if not store.loaded:
            store.load()
        store._check_fork()
        for digest, payload in pending.items():
            store.index[digest] = (payload, 0, len(payload), zlib.crc32(payload))
            store._pend(digest, payload)


def _read_file(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def clear(config: Mapping[str, Any]) -> None:
    """``Jekyll::Cache.clear``: every cache, in memory and (when enabled) on disk."""
    forget_memory()
    root = cache_root(config)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


def forget_memory() -> None:
    """Forget everything held in memory, unwritten entries included (as a new process starts)."""
    for memory in _MEMORY.values():
        memory.clear()
    _MEMORY_SIZE.clear()
    _STORES.clear()


def options_key(*parts: Any) -> str:
    """A stable text for the options part of a key: ``repr`` of the parts, mappings sorted by
    key at every level."""
    return repr(_stable(parts))


def _stable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted(((repr(k), _stable(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return tuple(_stable(v) for v in value)
    return value
