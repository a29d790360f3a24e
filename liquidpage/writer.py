"""Writing a rendered site: Jekyll's write order, conflicts, cleanup and keep_files (§1.10, §8.4).

The build is atomic: every output is rendered before anything touches the disk, the new tree is
written to a temporary folder next to the destination, files named by ``keep_files`` are
carried over from the old destination, and only then is the old destination swapped out.
If anything fails, the previous destination is left exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidpage.model import Page, StaticFile

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

Item = Page | StaticFile


def each_site_file(site: Site) -> Iterator[Item]:
    """``Site#each_site_file``: pages, static files to write, then documents to write."""
    seen: set[int] = set()
    groups: list[Iterable[Item]] = [
        [*site.pages, *site.source_map_pages],  # map pages join site.pages at render (§8.1.4)
        (s for s in site.static_files if s.write),
        (d for c in site.collections.values() for d in c.docs if d.write),
    ]
    for group in groups:
        for item in group:
            if id(item) not in seen:
                seen.add(id(item))
                yield item


def destinations(site: Site) -> dict[str, Item]:
    """Destination path -> item; the last writer wins and conflicts are logged (§1.10.6)."""
    claims: dict[str, list[Item]] = {}
    for item in each_site_file(site):
        claims.setdefault(item.destination, []).append(item)
    out: dict[str, Item] = {}
    for dest, items in claims.items():
        if len(items) > 1:
            log.warning(
                "Conflict: The following destination is shared by multiple files.\n"
                "The written file may end up with unexpected contents.\n%s\n%s",
                dest, "\n".join(f" - {item.path}" for item in items))
        out[dest] = items[-1]
    return out


def progress_bar(total: int, enabled: bool, what: str) -> Any:
    """A progress bar on stderr for builds longer than about a second (tqdm), if enabled."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit="file", delay=1.0, leave=False, file=sys.stderr)


def render_all(site: Site, *, show_progress: bool = False, jobs: int | None = None) -> dict[str, Item]:
    """Render every document and page in Jekyll's order (§1.8), on ``jobs`` processes
    (default: every core; see liquidpage/parallel.py), then map destinations."""
    from liquidpage.parallel import render_items

    items = list(site.items())
    bar = progress_bar(len(items), show_progress, "Rendering")
    try:
        render_items(site, items, jobs=jobs, advance=bar.update if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()
    return destinations(site)


def write_tree(outputs: dict[str, Item], root: Path, *, safe: bool = False) -> None:
    """Write every output under ``root``; static files keep their modification time (§8.2).

    ``StaticFile#copy_file``: in safe mode or with ``JEKYLL_ENV=production`` a static file is
    copied with ``FileUtils.cp`` (a symlink's target contents); otherwise ``copy_entry`` copies
    a symlinked static file as a symlink with the same target text (so a relative target that
    leaves the site dangles in the destination, as Jekyll's does).
    """
    copy_links = not safe and os.environ.get("JEKYLL_ENV", "development") != "production"
    made: set[str] = set()
    for rel, item in outputs.items():
        target = root / rel
        parent = str(target.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        if isinstance(item, StaticFile):
            if copy_links and os.path.islink(item.path):
                os.symlink(os.readlink(item.path), target)
            else:
                shutil.copy2(item.path, target, follow_symlinks=True)
        else:
            with open(target, "wb") as handle:
                handle.write((item.output or "").encode("utf-8", "surrogateescape"))


def carry_kept_files(old: Path, new: Path, keep_files: Iterable[Any]) -> None:
    """``Cleaner``: old files whose path starts with a ``keep_files`` entry survive (§2.6.4).

    Hard links where possible (the old tree stays untouched), copies otherwise; a new output
    at the same path wins.
    """
    prefixes = tuple(str(k) for k in keep_files if str(k))
    if not prefixes or not old.is_dir():
        return
    for folder, dirs, files in os.walk(old):
        rel_folder = os.path.relpath(folder, old)
        rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        for name in dirs:
            rel = rel_folder + name
            if rel.startswith(prefixes) and not (new / rel).exists():
                (new / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            rel = rel_folder + name
            target = new / rel
            if not rel.startswith(prefixes) or target.exists() or target.is_symlink():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = Path(folder) / name
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
                continue
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)


def build(site: Site, destination: str | os.PathLike[str] | None = None, *,
          show_progress: bool = False, jobs: int | None = None) -> Path:
    """Render every file, then write the destination atomically (§8.4, §1.10.5-6)."""
    site.data  # noqa: B018 - Jekyll reads every _data file on every build (§2.2.6)
    outputs = render_all(site, show_progress=show_progress, jobs=jobs)  # every error raises before writing
    return write(site, outputs, destination)


def write(site: Site, outputs: dict[str, Item], destination: str | os.PathLike[str] | None = None) -> Path:
    """Write rendered ``outputs`` to the destination atomically (§8.4): a staging tree next to
    it, ``keep_files`` carried over, then one rename."""
    dest = Path(destination or site.config.get("destination") or site.source / "_site").resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        safe = site.config.get("safe") is not None and site.config.get("safe") is not False
        write_tree(outputs, staging, safe=safe)
        carry_kept_files(dest, staging, site.config.get("keep_files") or [])
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if dest.exists() or dest.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.rename(dest, old / "tree")
    try:
        os.rename(staging, dest)
    except BaseException:
        if old is not None:
            os.rename(old / "tree", dest)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return dest
