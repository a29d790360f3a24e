"""Writing a rendered site: Jekyll's write order, conflicts, cleanup and keep_files (Jekyll's site.rb Site#process, Site#write, cleaner.rb Cleaner).

The build is atomic: every output is rendered before anything touches the disk, the new tree is
written to a temporary folder next to the destination, files named by ``keep_files`` are
carried over from the old destination, and only then is the old destination swapped out.
If anything fails, the previous destination is left exactly as it was.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidpage import safety
from liquidpage.errors import DestinationError, OutputConflictError, find_line, location_of_line
from liquidpage.model import Page, StaticFile

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

Item = Page | StaticFile


def each_site_file(site: Site) -> Iterator[Item]:
    """``Site#each_site_file``: pages, static files to write, then documents to write."""
    seen: set[int] = set()
    groups: list[Iterable[Item]] = [
        # A map page joins site.pages when its stylesheet's conversion makes a map (jekyll-sass-
        # converter's converters/scss.rb Scss#convert): an empty Sass page makes none, so its
        # map page, rendered to nothing, is not written.
        [*site.pages, *(m for m in site.source_map_pages if m.output)],
        (s for s in site.static_files if s.write),
        (d for c in site.collections.values() for d in c.docs if d.write),
    ]
    for group in groups:
        for item in group:
            if id(item) not in seen:
                seen.add(id(item))
                yield item


def default_destination(site: Site) -> Path:
    """The configured destination (``-d`` or ``destination:``, made absolute by the caller),
    else ``<source>/_site``."""
    return Path(safety.expand_path(site.config.get("destination") or site.source / "_site"))


def conflict_name(item: Item) -> str:
    """How Jekyll lists a file in a conflict (``thing.path``): a page's ``path`` (its relative
    path unless the data sets ``path``), the absolute source path of documents and static files."""
    if isinstance(item, Page) and not item.is_document:
        return str(item.data.get("path", item.relative_path))
    return str(item.path)


def destinations(site: Site, root: str | os.PathLike[str] | None = None) -> dict[str, Item]:
    """Destination path -> item; the last writer wins and conflicts are logged as Jekyll's
    ``Doctor.conflicting_urls`` does, naming the absolute destination path under ``root``
    (Jekyll's site.rb Site#write)."""
    claims: dict[str, list[Item]] = {}
    for item in each_site_file(site):
        claims.setdefault(item.destination, []).append(item)
    out: dict[str, Item] = {}
    base = Path(root) if root is not None else default_destination(site)
    for dest, items in claims.items():
        if len(items) > 1:
            log.warning(
                "Conflict: The following destination is shared by multiple files.\n"
                "The written file may end up with unexpected contents.\n%s\n%s",
                base / dest, "\n".join(f" - {conflict_name(item)}" for item in items))
        out[dest] = items[-1]
    return out


def progress_bar(total: int, enabled: bool, what: str) -> Any:
    """A progress bar on stderr for builds longer than about a second (tqdm), if enabled."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=what, unit="file", delay=1.0, leave=False, file=sys.stderr)


def render_all(site: Site, *, show_progress: bool = False, jobs: int | None = None,
               root: str | os.PathLike[str] | None = None) -> dict[str, Item]:
    """Render every document and page in Jekyll's order (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file), on ``jobs`` processes
    (default: every core; see liquidpage/parallel.py), then map destinations (``root``: the
    destination folder conflict warnings name)."""
    from liquidpage.parallel import render_items

    items = list(site.items())
    build = getattr(site, "_build", None)
    reuse = build is not None and build.plan is not None
    bar = progress_bar(len(build.plan.stale) if reuse else len(items), show_progress, "Rendering")
    try:
        if reuse:  # only what changed renders (liquidpage/incremental.py)
            build.render(bar.update if bar is not None else (lambda n: None))
        else:
            render_items(site, items, jobs=jobs, advance=bar.update if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()
    return destinations(site, root)


def check_outputs(outputs: dict[str, Item], root: Path) -> None:
    """Every output path stays inside ``root`` and no output must be both a file and a folder
    (Jekyll fails while writing those: EISDIR / EEXIST); raised before anything is written."""
    for rel, item in outputs.items():
        try:
            safety.check_output_path(rel)
        except DestinationError as err:
            err.location = _permalink_location(item)
            raise
    conflicts = safety.output_conflicts(outputs)
    if conflicts:
        file, inner = conflicts[0]
        raise OutputConflictError(
            f"Output path conflict: {root / file} would be written by {outputs[file].path} and "
            f"must also be a folder for {root / inner} (written by {outputs[inner].path})",
            _permalink_location(outputs[inner]))


def _permalink_location(item: Item) -> Any:
    """Where an output path comes from: a page's ``permalink:`` line, else the file itself."""
    if isinstance(item, StaticFile):
        return location_of_line(item.path, 1)
    return location_of_line(item.path, find_line(item.path, r"^permalink\s*:"))


def write_tree(outputs: dict[str, Item], root: Path, *, safe: bool = False) -> None:
    """Write every output under ``root``; static files keep their modification time (Jekyll's static_file.rb StaticFile#write).

    ``StaticFile#copy_file``: in safe mode or with ``JEKYLL_ENV=production`` a static file is
    copied with ``FileUtils.cp`` (a symlink's target contents); otherwise ``copy_entry`` copies
    a symlinked static file as a symlink with the same target text (so a relative target that
    leaves the site dangles in the destination, as Jekyll's does).
    """
    copy_links = not safe and os.environ.get("JEKYLL_ENV", "development") != "production"
    check_outputs(outputs, root)
    made: set[str] = set()
    for rel, item in outputs.items():
        target = root / rel
        try:
            parent = str(target.parent)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            if isinstance(item, StaticFile):
                _copy_static(item, target, copy_links)
            else:
                with open(target, "wb") as handle:
                    handle.write((item.output or "").encode("utf-8", "surrogateescape"))
        except (OSError, ValueError) as err:
            raise _write_error(err, rel, item) from err


def _copy_static(item: StaticFile, target: Path, copy_links: bool) -> None:
    """``StaticFile#copy_file``: a symlink as the link it is (``copy_entry``) unless ``copy_links``
    is off, otherwise the file's contents with its modification time."""
    if copy_links and os.path.islink(item.path):
        os.symlink(os.readlink(item.path), target)
    else:
        shutil.copy2(item.path, target, follow_symlinks=True)


def _write_error(err: OSError | ValueError, rel: str, item: Item) -> DestinationError:
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return DestinationError(f"could not write the output '{rel}': {reason}", location_of_line(item.path, 1))


def carry_kept_files(old: Path, new: Path, keep_files: Iterable[Any], skip: Iterable[str] = ()) -> None:
    """``Cleaner``: old files whose path starts with a ``keep_files`` entry survive (Jekyll's cleaner.rb Cleaner#keep_file_regex).

    Hard links where possible (the old tree stays untouched), copies otherwise; a new output
    at the same path wins.
    """
    prefixes = tuple(str(k) for k in keep_files if str(k))
    if not prefixes or not old.is_dir():
        return
    real_new = os.path.realpath(new)

    def inside(target: Path) -> bool:  # never through a symlink written into the new tree
        return safety.is_within(os.path.realpath(target.parent), real_new)

    skipped = set(skip)  # top-level entries of ``old`` to leave alone (the in-place staging)
    for folder, dirs, files in os.walk(old):
        if folder == str(old):
            dirs[:] = [d for d in dirs if d not in skipped]
            files = [f for f in files if f not in skipped]
        rel_folder = os.path.relpath(folder, old)
        rel_folder = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        for name in dirs:
            rel = rel_folder + name
            if not rel.startswith(prefixes) or os.path.lexists(new / rel) or not inside(new / rel):
                continue
            if os.path.islink(os.path.join(folder, name)):  # kept as the link it is, not entered
                (new / rel).parent.mkdir(parents=True, exist_ok=True)
                os.symlink(os.readlink(os.path.join(folder, name)), new / rel)
            else:
                (new / rel).mkdir(parents=True, exist_ok=True)
        # Enter only folders that are kept or lead to a kept path: a file under folder d can
        # start with a prefix p only if d starts with p or p starts with "d/".
        dirs[:] = [d for d in dirs if any((rel_folder + d).startswith(p) or p.startswith(rel_folder + d + "/")
                                          for p in prefixes)]
        for name in files:
            rel = rel_folder + name
            target = new / rel
            if not rel.startswith(prefixes) or target.exists() or target.is_symlink():
                continue
            if not inside(target):
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
    """Render every file, then write the destination atomically (Jekyll's site.rb Site#write, cleaner.rb Cleaner#cleanup!)."""
    check_destination(site, destination)  # before anything is rendered
    site.data  # noqa: B018 - Jekyll reads every _data file on every build (Jekyll's readers/data_reader.rb DataReader#read_data_file)
    outputs = render_all(site, show_progress=show_progress, jobs=jobs)  # every error raises before writing
    return write(site, outputs, destination)


def check_destination(site: Site, destination: str | os.PathLike[str] | None = None) -> tuple[Path, Path]:
    """The destination as given (absolute, by name) and as resolved, once both passed
    ``safety.check_destination`` (not the source or a folder above it, not a file, ...).
    A destination given here becomes the site's ``destination`` (as ``-d`` does in Jekyll), so
    conflict warnings and ``site.destination`` name it."""
    given = Path(safety.expand_path(destination)) if destination is not None else default_destination(site)
    protected = site_folders(site)
    safety.check_destination(site.source, given, protected)
    dest = given.resolve()  # a symlinked destination: replace the folder it points to
    safety.check_destination(site.source, dest, protected)
    site.config["destination"] = str(given)
    return given, dest


def site_folders(site: Site) -> list[str]:
    """The site's own special folders and configuration files, which no destination may hold:
    layouts, includes, data, Sass, plugins, posts, drafts and every configured collection."""
    config, source = site.config, str(site.source)
    names = [str(config.get(key) or default) for key, default in (
        ("layouts_dir", "_layouts"), ("includes_dir", "_includes"), ("data_dir", "_data"),
        ("plugins_dir", "_plugins"))]
    sass = config.get("sass")
    names.append(str((sass.get("sass_dir") if isinstance(sass, dict) else None) or "_sass"))
    collections = config.get("collections") or {}
    labels = ["posts", "drafts", *(str(k) for k in (collections if isinstance(collections, (dict, list)) else []))]
    base = safety.sanitized_path(source, str(config.get("collections_dir") or "")) \
        if config.get("collections_dir") else source
    folders = [safety.sanitized_path(source, name) for name in names]
    folders += [os.path.join(base, f"_{label}") for label in labels]
    folders += [os.path.join(source, name) for name in ("_config.yml", "_config.yaml", "_config.toml")]
    return folders


def write(site: Site, outputs: dict[str, Item], destination: str | os.PathLike[str] | None = None) -> Path:
    """Write rendered ``outputs`` to the destination atomically (Jekyll's site.rb Site#write, cleaner.rb Cleaner): a staging tree next to
    it, ``keep_files`` carried over, then one rename.

    The destination is checked first (liquidpage/safety.py). Nothing outside it is ever
    touched: the new tree is written to a staging folder created next to it, the previous tree
    is moved into a second folder created for it, and only folders made here are removed.
    When the destination folder itself cannot be renamed or has no writable parent (a mount
    point, ``/var/www/html``), the swap happens inside it instead (:func:`write_in_place`).
    """
    given, dest = check_destination(site, destination)
    check_outputs(outputs, given)
    safe = site.config.get("safe") is not None and site.config.get("safe") is not False
    keep = site.config.get("keep_files") or []
    build = getattr(site, "_build", None)
    if build is not None:
        from liquidpage import incremental

        previous = build.previous_outputs(dest)
        incremental.discard(build.folder)  # a tree being changed is not trusted next time
        if previous is not None and dest.is_dir() and not dest.is_symlink():
            records, listing = update_tree(outputs, dest, previous, safe=safe, keep_files=keep)
        else:
            _swap(outputs, dest, safe=safe, keep=keep)
            records = output_records(outputs, dest)
            listing = incremental.dest_listing(dest)
            listing = (listing[0], sorted(listing[1]))
        build.save(dest, records, listing)
        return dest
    return _swap(outputs, dest, safe=safe, keep=keep)


def _swap(outputs: dict[str, Item], dest: Path, *, safe: bool, keep: Iterable[Any]) -> Path:
    """The new tree in a staging folder next to the destination, then one rename."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    except OSError as err:
        if dest.is_dir() and not dest.is_symlink():
            return write_in_place(outputs, dest, safe=safe, keep_files=keep)
        raise DestinationError(f"could not create a folder next to the destination {dest}: "
                               f"{err.strerror or err}") from err
    try:
        write_tree(outputs, staging, safe=safe)
        carry_kept_files(dest, staging, keep)
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    try:
        if os.path.lexists(dest):
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            os.rename(dest, old / "tree")
    except OSError as err:
        if old is not None:
            os.rmdir(old)  # still empty: the destination did not move
        shutil.rmtree(staging, ignore_errors=True)
        if err.errno in (errno.EBUSY, errno.EXDEV, errno.EACCES, errno.EPERM) and dest.is_dir():
            return write_in_place(outputs, dest, safe=safe, keep_files=keep)
        raise DestinationError(f"could not replace the destination {dest}: {err.strerror or err}") from err
    try:
        os.rename(staging, dest)
    except BaseException as err:
        # Put the previous tree back where it was; remove only the folders made above.
        if old is not None and os.path.lexists(old / "tree") and not os.path.lexists(dest):
            os.rename(old / "tree", dest)
        if old is not None and not os.path.lexists(old / "tree"):
            shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(err, OSError):
            raise DestinationError(f"could not replace the destination {dest}: {err.strerror or err}") from err
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def write_in_place(outputs: dict[str, Item], dest: Path, *, safe: bool, keep_files: Iterable[Any]) -> Path:
    """The swap inside the destination folder, for one that cannot be renamed (a mount point)
    or whose parent is not writable: the new tree is written to a staging folder made inside
    it, every old entry is moved into a second folder made there, the new entries are moved
    up, then both folders are removed. On failure every moved entry goes back where it was."""
    staging = Path(tempfile.mkdtemp(prefix=".liquidpage-new-", dir=dest))
    old: Path | None = None
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        write_tree(outputs, staging, safe=safe)
        carry_kept_files(dest, staging, keep_files, skip={staging.name})
        old = Path(tempfile.mkdtemp(prefix=".liquidpage-old-", dir=dest))
        for name in sorted(os.listdir(dest)):
            if name not in (staging.name, old.name):
                os.rename(dest / name, old / name)
                moved_out.append(name)
        for name in sorted(os.listdir(staging)):
            os.rename(staging / name, dest / name)
            moved_in.append(name)
    except BaseException as err:
        for name in moved_in:  # ours: take them out again
            target = dest / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        if old is not None:
            for name in moved_out:
                os.rename(old / name, dest / name)
            os.rmdir(old)  # empty again
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(err, OSError):
            raise DestinationError(f"could not replace the contents of {dest}: {err.strerror or err}") from err
        raise
    os.rmdir(staging)
    shutil.rmtree(old, ignore_errors=True)
    return dest


# -- updating a destination in place (a rebuild with the cache: liquidpage/incremental.py) -----
def _wanted(item: Item) -> tuple[Any, bytes | None]:
    """What an output should be: ("s", source state) for a static file, ("p", digest) and the
    bytes for a page."""
    if isinstance(item, StaticFile):
        st = os.lstat(item.path)
        return ("s", str(item.path), st.st_size, st.st_mtime_ns, os.path.islink(item.path)), None
    import hashlib

    data = (item.output or "").encode("utf-8", "surrogateescape")
    return ("p", hashlib.blake2b(data, digest_size=16).digest()), data


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def output_records(outputs: dict[str, Item], dest: Path) -> dict[str, Any]:
    """For the next build: what each output file is and its size and time as written."""
    records: dict[str, Any] = {}
    for rel, item in outputs.items():
        try:
            want, _ = _wanted(item)
        except OSError:
            continue
        records[rel] = (want, _stamp(dest / rel))
    return records


def update_tree(outputs: dict[str, Item], dest: Path, previous: dict[str, Any], *, safe: bool,
                keep_files: Iterable[Any]) -> tuple[dict[str, Any], tuple[dict[str, Any], list[str]]]:
    """Make ``dest`` what a full write would make it, touching only what differs: files no
    longer output go (unless ``keep_files`` keeps them, cleaner.rb Cleaner#keep_file_regex), an
    output whose bytes and file are as the last build left them stays, the rest is written
    (a page through a temporary file and a rename). Only paths inside ``dest`` are touched.
    Returns the records of the outputs and the destination's listing afterwards."""
    copy_links = not safe and os.environ.get("JEKYLL_ENV", "development") != "production"
    prefixes = tuple(str(k) for k in keep_files if str(k))
    from liquidpage.incremental import dest_listing

    files, folders = dest_listing(dest)
    final = dict(files)
    for rel in files:  # obsolete files first, so a folder may replace a file
        if rel not in outputs and not rel.startswith(prefixes):
            os.unlink(dest / rel)
            del final[rel]
    kept_folders = set(folders)
    for rel in sorted(folders, key=lambda f: -f.count("/")):
        if rel.startswith(prefixes):
            continue
        try:
            os.rmdir(dest / rel)  # only empty ones: a folder an output or a kept file needs stays
            kept_folders.discard(rel)
        except OSError:
            pass
    records: dict[str, Any] = {}
    made: set[str] = set()
    for rel, item in outputs.items():
        target = dest / rel
        try:
            want, data = _wanted(item)
            stamp = files.get(rel)
            before = previous.get(rel)
            if before is not None and before[0] == want and stamp is not None and before[1] == stamp:
                records[rel] = before
                continue
            if data is not None and stamp is not None and not target.is_symlink():
                try:
                    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                        records[rel] = (want, _stamp(target))  # same bytes: left untouched
                        final[rel] = records[rel][1]
                        continue
                except OSError:
                    pass
            parent = str(target.parent)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
                kept_folders = {f for f in kept_folders if f != rel and not f.startswith(rel + "/")}
                final = {f: v for f, v in final.items() if not f.startswith(rel + "/")}
            if isinstance(item, StaticFile):
                if os.path.lexists(target):
                    os.unlink(target)
                _copy_static(item, target, copy_links)
            else:
                tmp = target.parent / f".{target.name}.liquidpage-tmp"
                with open(tmp, "wb") as handle:
                    handle.write(data or b"")
                os.replace(tmp, target)
            records[rel] = (want, _stamp(target))
            final[rel] = records[rel][1]
        except (OSError, ValueError) as err:
            raise _write_error(err, rel, item) from err
    for rel in list(final):  # every folder that holds a file
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            kept_folders.add("/".join(parts[:depth]))
    return records, (final, sorted(kept_folders))
