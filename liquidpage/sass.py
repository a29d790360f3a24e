"""Sass/SCSS as Debian's Jekyll compiles it: jekyll-sass-converter 2.2 on libsass (jekyll-sass-converter's converters/scss.rb Scss#convert, Jekyll's filters.rb Filters#sassify, Filters#scssify).

The only module that imports ``sass`` (libsass-python: the same LibSass engine that sassc, and
so Debian's Jekyll, runs). Follows jekyll-sass-converter's ``converters/scss.rb``.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liquidpage import rubyfnmatch, safety
from liquidpage.errors import ConfigError, ConversionError, display_path, location_of_line

log = logging.getLogger("liquidpage")

ALLOWED_STYLES = ("nested", "expanded", "compact", "compressed")
_BOM = "\ufeff"
_SOURCES = re.compile(r'("sources": \[\n)(.*?)(\n\t\])', re.DOTALL)


@dataclass(frozen=True)
class SassResult:
    """The CSS and, when a source map is required, its JSON text."""

    css: str
    source_map: str | None


def _options(config: Mapping[str, Any]) -> Mapping[str, Any]:
    options = config.get("sass")
    if options is None or options is False:
        return {}
    if not isinstance(options, Mapping):
        raise ConfigError(f"`sass` in the configuration must be a mapping of Sass options, not "
                          f"{_ruby_class(options)} ({options!r})")
    return options


def style(config: Mapping[str, Any]) -> str:
    """``sass_style``: ``compact`` unless ``sass.style`` names another LibSass style."""
    value = str(_options(config).get("style", "compact")).lstrip(":")
    return value if value in ALLOWED_STYLES else "compact"


def _safe(config: Mapping[str, Any]) -> bool:
    return config.get("safe") is not None and config.get("safe") is not False


def _sanitized_path(base: str, path: str) -> str:
    """``Jekyll.sanitized_path``: ``path`` forced inside ``base`` (safe mode's load paths)."""
    clean = os.path.normpath("/" + ("/" + path if path.startswith("~") else path))
    clean = "/" + clean.lstrip("/")
    if clean == base or clean.startswith(base.rstrip("/") + "/"):
        return clean
    return base.rstrip("/") + clean


def load_paths(source: Path, config: Mapping[str, Any], theme_sass: Path | None = None) -> list[str]:
    """``sass_load_paths``: ``sass.load_paths`` then ``sass_dir``, each run through Ruby's
    ``Dir.glob`` in the source folder. ``sass_dir`` is always forced inside the source
    (``../x`` is ``<source>/x``); in safe mode the load paths are too.

    Reads outside the source (docs/parity.md): the user's own ``load_paths`` are read wherever
    they lead (configuring them is the permission); ``sass_dir`` through a symlink that leaves
    the source is skipped with a warning unless ``allow_outside_source`` is set."""
    options = _options(config)
    base = str(source)
    sass_dir = _sanitized_path(base, str(options.get("sass_dir") or "_sass"))
    sass_dir = sass_dir.replace(base + "/", "", 1)  # .sub(site.source + "/", "")
    user = options.get("load_paths") or []
    user = [str(u) for u in (user if isinstance(user, list) else [user])]
    safe = _safe(config)
    paths: list[str] = []
    for index, entry in enumerate([*user, sass_dir]):
        pattern = _sanitized_path(base, entry) if safe else entry
        for match in rubyfnmatch.glob(pattern, root=base):
            path = _sanitized_path(base, match) if safe else os.path.normpath(os.path.join(base, match))
            if path not in paths and os.path.isdir(path):
                if index == len(user) and not safety.outside_allowed(config) and safety.outside_source(path, base):
                    log.warning("%s", safety.outside_message(path, base, "Sass folder"))
                    continue
                paths.append(path)
    if theme_sass is not None:  # site.theme.sass_path comes last
        paths.append(str(theme_sass))
    return paths


def sourcemap_required(config: Mapping[str, Any]) -> bool:
    """``sourcemap_required?``: ``always`` (default), ``never``, or ``development`` only."""
    option = str(_options(config).get("sourcemap", "always")).lstrip(":")
    if option == "never":
        return False
    if option == "always":
        return True
    return not (option == "development" and os.environ.get("JEKYLL_ENV", "development") != "development")


# LibSass's own default precision (sass_context.cpp), which sassc-ruby keeps unless the engine
# gets ``precision``; libsass-python's ``compile`` defaults to 5 instead.
LIBSASS_PRECISION = 10
_C_INT = (-(2**31), 2**31 - 1)


def _truthy(value: Any) -> bool:
    """Ruby truthiness: everything but nil and false (``0``, ``""`` and ``[]`` are true)."""
    return value is not None and value is not False


def _ruby_class(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return {None: "nil", True: "true", False: "false"}[value]
    return {str: "String", int: "Integer", float: "Float", list: "Array", dict: "Hash"}.get(type(value), type(value).__name__)


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``SassC::Engine`` options the site's ``sass:`` hash passes through, as libsass-python
    keywords (``Scss#sass_build_configuration_options``: outside safe mode every key of ``sass:``
    reaches ``SassC::Engine`` under the converter's own options; in safe mode none does).

    sassc-ruby 2.4 ``Engine#render`` reads, of the keys a user can set: ``precision`` (set only
    when truthy, converted as an FFI ``int``), ``line_comments`` (any truthy value),
    ``source_map_embed`` (any truthy value) and ``quiet`` (truthy: ``render`` returns nil and
    Jekyll fails). ``style``, ``syntax``, ``filename``, ``load_paths``, ``source_map_file``,
    ``source_map_contents`` and ``omit_source_map_url`` are always the converter's own."""
    if _options(config).get("implementation") == "sass-embedded":  # ALLOWED_IMPLEMENTATIONS
        # Scss#convert: Jekyll::External.require_with_graceful_fail("sass-embedded"), a gem
        # Debian's Jekyll does not have: the build fails
        raise ConversionError("Sass implementation 'sass-embedded' is not available: Jekyll needs the "
                              "sass-embedded gem for it and fails without it; remove `sass: implementation` "
                              "(LibSass, as `sassc`)")
    options = {} if _safe(config) else _options(config)
    precision = options.get("precision")
    if not _truthy(precision):
        precision = LIBSASS_PRECISION
    elif isinstance(precision, bool) or not isinstance(precision, (int, float)):
        raise ConversionError(f"Sass option `precision` in the configuration: no implicit conversion of "
                              f"{_ruby_class(precision)} into Integer")
    elif isinstance(precision, float) and precision != precision or precision in (float("inf"), float("-inf")):
        raise ConversionError(f"Sass option `precision` in the configuration: {precision!r} out of range of integer")
    elif not _C_INT[0] <= int(precision) <= _C_INT[1]:
        raise ConversionError(f"Sass option `precision` in the configuration: integer {int(precision)} too big "
                              "to convert to `int'")
    if _truthy(options.get("quiet")):
        # Engine#render returns nil when quiet, and the converter then calls nil.sub (Jekyll fails)
        raise ConversionError("Sass option `quiet` in the configuration makes the Sass engine return no CSS "
                              "(Jekyll fails: undefined method `sub' for nil:NilClass)")
    return {"precision": int(precision),
            "source_comments": _truthy(options.get("line_comments")),
            "source_map_embed": _truthy(options.get("source_map_embed"))}


def compile_page(content: str, *, name: str, source: Path,
                 config: Mapping[str, Any], with_map: bool, theme_sass: Path | None = None,
                 path: Path | None = None, first_line: int = 1) -> SassResult:
    """Compile a Sass page named ``name`` (e.g. ``main.scss``; the extension picks the syntax)
    as ``Scss#sass_convert`` does.

    Source-map paths are written relative to the site source, as Jekyll writes them when it
    runs in the site's folder (docs/parity.md). The converter always gives the engine a source
    map file for a page and omits its URL when no map is required (``omit_source_map_url``);
    an empty text is returned as it is, without compiling and without a map
    (``SassC::Engine#render``).

    A Sass error is located in the file it happened in: ``path`` (the page's file, whose
    ``content`` starts on file line ``first_line``) or the imported file, with the chain of
    imports that led there.
    """
    if content == "":
        return SassResult("", None)
    options = engine_options(config)
    include_paths = [*load_paths(source, config, theme_sass), *_env_load_paths()]
    from liquidpage.cache import Cache

    cache = Cache(config, "Sass")
    key = _cache_key(content, name, source, config, with_map, options, include_paths)
    found = cache.get(key)
    if type(found) is tuple and len(found) == 3 and _unchanged(found[2]):
        return SassResult(found[0], found[1])
    result, deps = _compile_page(content, name=name, source=source, config=config, with_map=with_map,
                                 options=options, include_paths=include_paths, path=path, first_line=first_line)
    cache.set(key, (result.css, result.source_map, deps))
    return result


# -- the cache of compiled pages (liquidpage/cache.py) ---------------------------------------
# A compiled page depends on its text, the options, and the files its imports found. The key
# holds the text, every option and the names of the entries under the load paths and of the
# Sass files in the site folder's top level (where the page's imports look first), so a file
# that appears where an import would find it changes the key; the entry holds each imported
# file's SHA-1 and the listing of its folder, checked before the entry is used. (Not seen: a
# new folder of the site that would shadow a load path's nested import, `@import "a/b"`.)
def _cache_key(content: str, name: str, source: Path, config: Mapping[str, Any], with_map: bool,
               options: Mapping[str, Any], include_paths: list[str]) -> str:
    import sass

    from liquidpage.cache import options_key

    listings = [(folder, _tree(folder)) for folder in include_paths]
    return options_key("sass", sass.__version__, getattr(sass, "libsass_version", ""), name, str(source),
                       with_map, style(config), options, _options(config), include_paths,
                       safety.outside_allowed(config), _listing(str(source), _IMPORTABLE), listings) + "\0" + content


_IMPORTABLE = (".scss", ".sass", ".css")


def _listing(folder: str, suffixes: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """The names in ``folder`` (those ending in ``suffixes`` only: the site folder's top level
    also holds the destination and the cache, which come and go)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    return tuple(sorted(n for n in names if suffixes is None or n.endswith(suffixes)))


def _tree(folder: str) -> tuple[str, ...]:
    """Every entry below ``folder`` (following symlinked folders once, as imports can)."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder, followlinks=True):
        dirs.sort()
        rel = os.path.relpath(top, folder)
        found.extend(os.path.join(rel, entry) for entry in sorted(dirs + files))
        if len(found) > 100000:  # pragma: no cover - a load path that is a whole disk
            break
    return tuple(found)


def _file_digest(path: str) -> str | None:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.sha1(handle.read()).hexdigest()
    except OSError:
        return None


def _dependencies(smap: str, tmp: str, main: str) -> tuple[tuple[str, Any], ...]:
    """The files a compile read (the raw source map lists every imported file, those that
    wrote no CSS too) with their SHA-1, and the listing of each one's folder."""
    try:
        sources = json.loads(smap).get("sources") or []
    except ValueError:  # pragma: no cover - LibSass always writes JSON
        return (("", None),)  # never matches: not cached in effect
    real_main = os.path.realpath(main)
    deps: list[tuple[str, Any]] = []
    folders: set[str] = set()
    for entry in sources:
        full = os.path.realpath(os.path.join(tmp, str(entry)))
        if full == real_main:
            continue
        deps.append((full, _file_digest(full)))
        folders.add(os.path.dirname(full))
    deps.extend((folder + "/", _listing(folder)) for folder in sorted(folders))
    return tuple(deps)


def _unchanged(deps: Any) -> bool:
    try:
        for path, seen in deps:
            now = _listing(path[:-1]) if path.endswith("/") else _file_digest(path)
            if now != seen or not path:
                return False
    except (TypeError, ValueError):
        return False
    return True


def _compile_page(content: str, *, name: str, source: Path, config: Mapping[str, Any], with_map: bool,
                  options: Mapping[str, Any], include_paths: list[str], path: Path | None,
                  first_line: int) -> tuple[SassResult, tuple[tuple[str, Any], ...]]:
    """``compile_page`` without the cache: the result and the files the compile read."""
    import sass

    stem, ext = os.path.splitext(name)
    with tempfile.TemporaryDirectory(prefix="liquidpage-sass-") as tmp:
        # Jekyll hands LibSass the text as `<site>/<name>` (the page's name, not its folder), so
        # the page's own imports resolve in the site folder first (`@import "main"` in
        # assets/css/main.scss finds _sass/main.scss, not itself), and only the page's: an
        # imported partial's imports do not look there. The input gets a name no import can hit,
        # in a folder that mirrors the site folder's entries (symlinks).
        main = os.path.join(tmp, _INPUT + ext)
        with open(main, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        _mirror_entries(str(source), tmp, safety.outside_allowed(config))
        kwargs: dict[str, Any] = {
            "filename": main,
            "output_style": style(config),
            "include_paths": include_paths,
            **options,
            "source_map_filename": os.path.join(tmp, stem + ".css.map"),
            "output_filename_hint": os.path.join(tmp, stem + ".css"),
            "source_map_contents": True,
            "omit_source_map_url": not with_map,
        }
        try:
            css, smap = _compile_file(sass, kwargs)
        except sass.CompileError as err:
            raise _located_error(str(err), main, path, first_line, source) from None
        deps = _dependencies(smap, tmp, main)
        if not with_map:
            smap = None
        if kwargs["source_comments"]:
            css, smap = _rename_line_comments(css, smap, main, name, source)
        if smap is not None:
            smap = _relocate_sources(smap, tmp, main, name, source)
            if options["source_map_embed"]:
                css = _EMBEDDED_MAP.sub(lambda m: m.group(1) + base64.b64encode(smap.encode()).decode("ascii")
                                        + m.group(2), css, count=1)
    return SassResult(_charset(css, config), smap), deps


_EMBEDDED_MAP = re.compile(r"(/\*# sourceMappingURL=data:application/json;base64,)[A-Za-z0-9+/=]*( \*/)")


_INPUT = "liquidpage-input"


def _compile_file(sass: Any, kwargs: dict[str, Any]) -> tuple[str, str]:
    """``sass.compile(filename=...)`` without the working folder libsass-python puts before the
    include paths (``include_paths = (os.getcwd(),) + ...``): sassc-ruby searches no such
    folder, so an import must not find a file in whatever folder liquidpage runs in (nor one in
    the site folder from a partial). Falls back to ``sass.compile`` if the extension's entry
    point is not the one libsass-python 0.22-0.23 has."""
    native = getattr(sass, "_sass", None)
    compile_filename = getattr(native, "compile_filename", None)
    if compile_filename is not None:
        enc = sys.getfilesystemencoding()
        try:
            ok, value, source_map = compile_filename(
                kwargs["filename"].encode(enc), sass.OUTPUT_STYLES[kwargs["output_style"]],
                kwargs["source_comments"], os.pathsep.join(kwargs["include_paths"]).encode(enc),
                kwargs["precision"], kwargs["source_map_filename"].encode(enc), [], None,
                kwargs["output_filename_hint"].encode(enc), kwargs["source_map_contents"],
                kwargs["source_map_embed"], kwargs["omit_source_map_url"], None)
        except TypeError:  # pragma: no cover - another libsass-python
            pass
        else:
            if not ok:
                raise sass.CompileError(value.decode("utf-8"))
            return value.decode("utf-8"), source_map.decode("utf-8")
    return sass.compile(**kwargs)  # pragma: no cover


def _mirror_entries(source: str, folder: str, outside: bool) -> None:
    """Symlinks in ``folder`` to every entry of the site folder, so that a path relative to the
    page's input there is one relative to the site folder; an entry that is a symlink leading
    out of the source only when ``outside`` (``allow_outside_source``) allows it."""
    try:
        entries = os.listdir(source)
    except OSError:
        return
    for entry in entries:
        path = os.path.join(source, entry)
        if entry.startswith(_INPUT) or (not outside and safety.outside_source(path, source)):
            continue
        try:
            os.symlink(path, os.path.join(folder, entry))
        except OSError:  # pragma: no cover - no symlinks (some Windows setups)
            return


def _env_load_paths() -> list[str]:
    """``SassC.load_paths``: ``SASS_PATH`` (colon-separated) after the converter's load paths."""
    value = os.environ.get("SASS_PATH")
    return value.split(os.pathsep) if value else []


def compile_string(content: str, *, syntax: str, source: Path, config: Mapping[str, Any]) -> str:
    """``sassify`` / ``scssify``: the site's settings, no source map (Jekyll's filters.rb Filters#sassify, Filters#scssify)."""
    import sass

    options = engine_options(config)
    options.pop("source_map_embed")
    try:
        css = sass.compile(string=content, output_style=style(config), indented=syntax == "sass",
                           include_paths=[str(source), *load_paths(source, config), *_env_load_paths()],
                           **options)
    except sass.CompileError as err:
        # LibSass's message repeats the input with a caret; one line suits a filter's error
        lines = [line.strip() for line in str(err).strip().splitlines()]
        where = next((line for line in lines[1:] if line.startswith("on line ")), "")
        where = f" ({where.replace(' of stdin', ' of the input')})" if where else ""
        raise ConversionError(f"Sass error: {lines[0].removeprefix('Error: ')}{where}") from None
    return _charset(css, config)


def _charset(css: str, config: Mapping[str, Any]) -> str:
    """The byte-order mark LibSass puts before non-ASCII output: removed, or ``@charset``."""
    if css.startswith(_BOM):
        replacement = '@charset "UTF-8";' if _options(config).get("add_charset") else ""
        css = replacement + css[1:]
    return css


def _site_name(path: str, main: str, name: str, source: str) -> str:
    """How Jekyll, run in the site folder, names a Sass file: the page (compiled from our
    temporary ``main``) by its name, any other file relative to the site source."""
    if path == main:
        return name
    try:
        return os.path.relpath(path, source)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path


def _relocate_sources(smap: str, tmp: str, main: str, name: str, source: Path) -> str:
    """Rewrite the map's ``sources`` from the temporary folder to the site source."""

    real_main, real_source = os.path.realpath(main), os.path.realpath(source)

    def relocate(entry: str) -> str:
        return _site_name(os.path.realpath(os.path.join(tmp, json.loads(entry.strip().rstrip(",")))),
                          real_main, name, real_source)

    def fix(match: re.Match[str]) -> str:
        lines = match.group(2).split("\n")
        fixed = [f"\t\t{json.dumps(relocate(line), ensure_ascii=False)}" for line in lines]
        return match.group(1) + ",\n".join(fixed) + match.group(3)

    return _SOURCES.sub(fix, smap, count=1)


_LINE_COMMENT = re.compile(r"/\* line (\d+), (.+?) \*/")
_MAPPINGS = re.compile(r'("mappings": ")([^"]*)(")')
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {c: i for i, c in enumerate(_B64)}


def _rename_line_comments(css: str, smap: str | None, main: str, name: str,
                          source: Path) -> tuple[str, str | None]:
    """``line_comments`` name files as Jekyll's run in the site folder does: the page by its
    name, imported files relative to the site source. LibSass wrote paths relative to our
    working folder and named the page after its temporary input file; the source map's
    generated columns move with the renamed comments (docs/parity.md)."""
    cwd = os.getcwd()
    real_main = os.path.realpath(main)
    real_source = os.path.realpath(source)
    shifts: dict[int, list[tuple[int, int]]] = {}  # line -> (column, width change) per comment
    out: list[str] = []
    copied = 0  # css[:copied] is in out
    line = line_start = seen = 0  # the line (and its start) of css[seen]
    for m in _LINE_COMMENT.finditer(css):
        path, start = m.group(2), m.start(2)
        new = _site_name(os.path.realpath(os.path.join(cwd, path)), real_main, name, real_source)
        if new == path:
            continue
        newlines = css.count("\n", seen, start)
        if newlines:
            line += newlines
            line_start = css.rfind("\n", seen, start) + 1
        seen = start
        shifts.setdefault(line, []).append((len(css[line_start:start]), len(new) - len(path)))
        out += (css[copied:start], new)
        copied = m.end(2)
    if not out:
        return css, smap
    out.append(css[copied:])
    if smap is not None:
        smap = _MAPPINGS.sub(lambda mm: mm.group(1) + _shift_mappings(mm.group(2), shifts) + mm.group(3),
                             smap, count=1)
    return "".join(out), smap


def _vlq_decode(segment: str) -> list[int]:
    values, value, shift = [], 0, 0
    for c in segment:
        digit = _B64_VALUE[c]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(-(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    return values


def _vlq_encode(values: list[int]) -> str:
    out = []
    for v in values:
        v = (-v << 1) | 1 if v < 0 else v << 1
        while True:
            digit = v & 31
            v >>= 5
            out.append(_B64[digit | (32 if v else 0)])
            if not v:
                break
    return "".join(out)


def _shift_mappings(mappings: str, shifts: dict[int, list[tuple[int, int]]]) -> str:
    """Move the generated columns of ``mappings`` (source map v3) by the width changes made at
    ``shifts[line]`` columns: a segment after a renamed comment moves with it."""
    lines = mappings.split(";")
    for index, changes in shifts.items():
        if index >= len(lines) or not lines[index]:
            continue
        segments = lines[index].split(",")
        column = new_previous = 0
        fixed = []
        for segment in segments:
            values = _vlq_decode(segment)
            column += values[0]  # absolute generated column (relative within a line)
            moved = column + sum(delta for at, delta in changes if at < column)
            values[0] = moved - new_previous
            new_previous = moved
            fixed.append(_vlq_encode(values))
        lines[index] = ",".join(fixed)
    return ";".join(lines)


_ERROR_AT = re.compile(r"^\s*(on|from) line (\d+):(\d+) of (.+?)\s*$", re.MULTILINE)


def _located_error(message: str, main: str, page: Path | None, first_line: int,
                   source: Path) -> ConversionError:
    """LibSass's error (``Error: <text>``, ``on line L:C of <file>``, ``from line L:C of
    <importer>``..., the source line, a caret) as a ConversionError at ``path:line:col`` of the
    file it names: the page (file lines, after its front matter) or an imported file. LibSass
    names files relative to the working folder."""
    places = list(_ERROR_AT.finditer(message))
    text = message[:places[0].start()] if places else message.split("\n>>", 1)[0]
    text = " ".join(text.split()).removeprefix("Error: ")
    cwd = os.getcwd()
    real_main = os.path.realpath(main)

    def place(match: re.Match[str]) -> tuple[str, int, int]:
        line, col, name = int(match.group(2)), int(match.group(3)), match.group(4)
        file = os.path.realpath(os.path.join(cwd, name))
        if file == real_main:
            return (str(page) if page is not None else "", line + first_line - 1, col)
        return file, line, col

    located = [place(m) for m in places]
    importers = [f"{display_path(f) if f else 'the page'}:{line}" for f, line, _ in located[1:]]
    if importers:
        text += f" (imported from {', '.join(importers)})"
    error = ConversionError(f"Sass error: {text}")
    if located and located[0][0]:
        file, line, col = located[0]
        error.location = location_of_line(file, line, col)
    return error
