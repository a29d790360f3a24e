"""Never lose or leak a user's files: checks on the destination, on output paths and on reads
that would leave the source folder (issue 12).

Pure functions on paths and configuration values; nothing here imports the site. The writer
calls :func:`check_destination` before it renders anything and :func:`check_output_paths`
before it writes anything; the reader, the data reader and the include tag call
:func:`outside_source` (unless the user allowed it with ``allow_outside_source``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from liquidpage.errors import DestinationError

#: The configuration key (and ``--allow-outside-source``) that lets a site read files that
#: resolve outside its source folder (symlinks), as Jekyll does outside safe mode.
ALLOW_OUTSIDE_KEY = "allow_outside_source"

#: Jekyll's message (site.rb ``Site#ensure_not_in_dest``).
NOT_IN_DEST = "Destination directory cannot be or contain the Source directory."


def expand_path(path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> str:
    """Ruby's ``File.expand_path``: ``~`` expanded, relative to ``cwd`` (default: the working
    folder), ``.``/``..`` removed by name; symlinks are not resolved."""
    text = os.fspath(path)
    if text.startswith("~"):
        text = os.path.expanduser(text)
    base = os.fspath(cwd) if cwd is not None else os.getcwd()
    return os.path.normpath(os.path.join(base, text))


def is_within(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """``path`` is ``root`` or below it, comparing whole path components (unlike Jekyll's
    string-prefix test, ``/site-2`` is not within ``/site``). Paths are compared as given."""
    path_s, root_s = os.path.normpath(os.fspath(path)), os.path.normpath(os.fspath(root))
    return path_s == root_s or path_s.startswith(root_s.rstrip(os.sep) + os.sep)


def outside_allowed(config: Mapping[str, Any]) -> bool:
    """``allow_outside_source`` is set (Ruby truthiness: anything but nil and false)."""
    value = config.get(ALLOW_OUTSIDE_KEY)
    return value is not None and value is not False


def outside_source(path: str | os.PathLike[str], source: str | os.PathLike[str]) -> bool:
    """The real path of ``path`` (symlinks and ``..`` resolved) is not inside the real path of
    ``source``. A dangling symlink counts by where it would point."""
    return not is_within(os.path.realpath(path), os.path.realpath(source))


def outside_reason(path: str | os.PathLike[str], source: str | os.PathLike[str]) -> str:
    """``'<path>' resolves to <real path>, outside the site source <source> (how to allow it)``;
    ``path`` is shown relative to the source when it is below it by name."""
    shown = os.fspath(path)
    try:
        shown = Path(path).relative_to(source).as_posix()
    except ValueError:
        pass
    return (f"'{shown}' resolves to {os.path.realpath(path)}, outside the site source "
            f"{os.path.realpath(source)} (set `{ALLOW_OUTSIDE_KEY}: true` or pass "
            "--allow-outside-source to read it)")


def outside_message(path: str | os.PathLike[str], source: str | os.PathLike[str], what: str = "") -> str:
    """The warning for a skipped entry: the entry, where it leads, and how to allow it."""
    return f"Skipped {what + ' ' if what else ''}{outside_reason(path, source)}"


def sanitized_path(base: str, questionable: str | None) -> str:
    """``Jekyll.sanitized_path`` (path_manager.rb ``sanitize_and_join``): ``questionable``
    forced inside ``base``. ``../x`` and ``/elsewhere/x`` become ``base/x`` and ``base/elsewhere/x``;
    an absolute path already below ``base`` is kept. Jekyll runs ``includes_dir``,
    ``layouts_dir``, ``data_dir`` and ``collections_dir`` through it, safe mode or not."""
    if questionable is None or questionable == base:
        return base
    clean = "/" + questionable if questionable.startswith("~") else questionable
    clean = os.path.normpath(os.path.join("/", clean))  # File.expand_path(clean, "/")
    clean = "/" + clean.lstrip("/")
    if clean == base:
        return clean
    if clean.startswith(base.rstrip("/") + "/"):
        return clean
    return base.rstrip("/") + clean  # File.join(base, clean)


def check_destination(source: str | os.PathLike[str], destination: str | os.PathLike[str],
                      protected: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse, before anything is read or written, a destination the build must not replace.

    - Jekyll's rule (``Site#ensure_not_in_dest``): the destination is the source or one of its
      parent folders, compared by name; here also after resolving symlinks (Jekyll, comparing
      names only, deletes the site when the destination is a symlink to the source).
    - The destination exists and is not a folder (Jekyll fails there too, after cleaning up).
    - The destination is the file-system root or the user's home folder, or it is or holds one
      of the site's own ``protected`` folders or files (``_layouts``, ``_includes``, ``_data``,
      ``_posts``, a collection, ``_config.yml``, ...): deliberate additions, where Jekyll's
      cleanup would delete them (docs/parity.md).
    """
    src, dest = expand_path(source), expand_path(destination)
    for real in (False, True):
        s, d = (os.path.realpath(src), os.path.realpath(dest)) if real else (src, dest)
        if is_within(s, d):
            shown = f"{dest} -> {d}" if real and d != dest else dest
            raise DestinationError(f"{NOT_IN_DEST} (source: {src}, destination: {shown})")
    real_dest = os.path.realpath(dest)
    if os.path.islink(dest) and not os.path.exists(dest):
        raise DestinationError(f"The destination {dest} is a symlink to {os.readlink(dest)}, which "
                               "does not exist: liquidpage will not create it")
    if os.path.lexists(dest) and not os.path.isdir(dest):
        raise DestinationError(f"The destination {dest} exists and is not a folder: liquidpage "
                               "will not replace it")
    home = os.path.realpath(os.path.expanduser("~"))
    if real_dest == os.path.realpath("/") or (home != "/" and real_dest == home):
        raise DestinationError(f"Refusing to use {dest} as the destination: building replaces the "
                               "whole destination folder")
    for path in protected:
        if os.path.lexists(path) and is_within(os.path.realpath(path), real_dest):
            raise DestinationError(f"Refusing to use {dest} as the destination: it holds the site's own "
                                   f"{os.fspath(path)}, which building would delete")


def check_output_path(rel: str) -> None:
    """An output path (relative to the destination) that could write outside it is a bug;
    refuse it (permalinks with ``..`` are already folded inside by ``urls.in_dest_dir``)."""
    if "\x00" in rel:
        raise DestinationError(f"Refusing to write {rel!r}: a file name cannot contain a NUL character")
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise DestinationError(f"Refusing to write '{rel}': the path would leave the destination")


def output_conflicts(paths: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (file, inner) where the output ``file`` would have to be a folder for the output
    ``inner`` (``foo`` and ``foo/index.html``); Jekyll fails on these while writing."""
    files = set(paths)
    found = []
    for path in sorted(files):
        parts = path.split("/")
        for i in range(1, len(parts)):
            parent = "/".join(parts[:i])
            if parent in files:
                found.append((parent, path))
                break
    return found
