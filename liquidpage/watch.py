"""Watching a site's source for changes: shared by ``build --watch`` and ``serve``.

A port of jekyll-watch 2.2.1's ``Jekyll::Watcher`` (lib/jekyll/watcher.rb) on watchfiles instead of
the ``listen`` gem:

- what is not watched (:class:`Ignore`): ``Watcher#listen_ignore_paths``, i.e. the destination,
  every ``exclude`` entry that names an existing file or folder (a prefix of the path relative to
  the source, as the gem's ``%r!^relative_path!``; a glob such as ``*.log`` names no file, so it
  is watched, as in Jekyll) and ``.jekyll-metadata``; besides, the cache folder (``cache_dir``,
  which Jekyll's default excludes cover) and the destination's staging folders (writer.py
  writes the new tree next to the destination), and watchfiles' default ignores (``.git``,
  editor swap files, ...), which stand for ``listen``'s own;
- the log lines (:func:`regenerating_lines`): ``Watcher#listen_handler``'s
  ``Regenerating: N file(s) changed at TIME`` followed by each path relative to the source.

One difference, on purpose (docs/parity.md): ``Watcher#to_exclude`` also ignores
``_config.yml`` (so Jekyll must be restarted to see a configuration change); here a change to it
rebuilds, and the rebuild reads the configuration again.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from liquidpage import safety
from liquidpage.doctor import log_line


POLL_DELAY_MS = 300  # --force_polling: how often the files are looked at


class Ignore:
    """The watch filter for one site's configuration (a ``watchfiles`` ``watch_filter``: called
    with each change and its path, true to keep it)."""

    def __init__(self, source: str | os.PathLike[str], config: Any) -> None:
        from watchfiles import DefaultFilter

        self.default = DefaultFilter()
        self.source = Path(source).resolve()
        src = str(self.source)
        self.dest = Path(config.get("destination") or safety.expand_path("_site")).resolve()
        self.cache = Path(safety.sanitized_path(src, str(config.get("cache_dir") or ".jekyll-cache"))).resolve()
        # Watcher#listen_ignore_paths: each entry of to_exclude (without the config files, see
        # above) that exists, relative to the source, "/" appended to a folder; not those outside.
        prefixes = [".jekyll-metadata"]
        excludes = config.get("exclude") or []
        for entry in excludes if isinstance(excludes, list) else [excludes]:
            path = Path(safety.sanitized_path(src, str(entry)))
            if not path.exists():
                continue
            rel = os.path.relpath(path, src)
            if rel == "." or rel.startswith(".."):
                continue
            prefixes.append(rel + "/" if path.is_dir() else rel)
        self.prefixes = tuple(prefixes)

    def __call__(self, change: Any, path: str) -> bool:
        resolved = Path(path).resolve()
        for folder in (self.dest, self.cache):
            if resolved == folder or folder in resolved.parents:
                return False
        # writer.write's staging and old-tree folders: ".<dest name>.XXXX" next to the destination.
        for part in (resolved, *resolved.parents):
            if part.parent == self.dest.parent and part.name.startswith(f".{self.dest.name}."):
                return False
            if part == self.dest.parent:
                break
        try:
            rel = resolved.relative_to(self.source).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel.startswith(self.prefixes):
            return False
        return self.default(change, path)


def changes(root: str | os.PathLike[str], keep: Callable[[], Callable[[Any, str], bool]],
            stop: threading.Event | None = None, *, debounce_ms: int = 100,
            force_polling: bool | None = None, ready: Callable[[], None] | None = None) -> Iterator[list[str]]:
    """Every batch of changed paths (sorted, absolute) below ``root``, until ``stop`` is set.
    ``keep()`` gives the current filter (:class:`Ignore`), so a rebuild that read a new
    configuration changes what is watched. ``ready()`` is called once the watcher is in place
    (jekyll-watch logs "Auto-regeneration: enabled" after ``listener.start``): a change made
    after it is seen. Ctrl-C raises ``KeyboardInterrupt``."""
    from watchfiles import watch

    def current(change: Any, path: str) -> bool:
        return keep()(change, path)

    # yield_on_timeout: an empty batch after rust_timeout ms without changes, so the first
    # batch, empty or not, says that the watcher is in place; a poller has taken its first
    # snapshot only after a poll or two.
    settle = time.monotonic() + (2 * POLL_DELAY_MS / 1000 if force_polling else 0)
    for batch in watch(root, watch_filter=current, stop_event=stop, debounce=debounce_ms, step=50,
                       yield_on_timeout=True, rust_timeout=200, force_polling=force_polling,
                       poll_delay_ms=POLL_DELAY_MS):
        if ready is not None and (batch or time.monotonic() >= settle):
            ready()
            ready = None
        if batch:
            yield sorted({path for _, path in batch})


def regenerating_lines(paths: Sequence[str], source: str | os.PathLike[str], when: dt.datetime) -> list[str]:
    """``Watcher#listen_handler``'s lines: the count and time, then each path relative to the
    source."""
    root = str(Path(source).resolve())
    lines = [log_line("Regenerating:", f"{len(paths)} file(s) changed at {when:%Y-%m-%d %H:%M:%S}")]
    for path in paths:
        rel = path[len(root) + 1:] if path.startswith(root + os.sep) else path
        lines.append(log_line("", rel))
    return lines
