"""Errors that read like a compiler's: ``path:line:col: message``, the source line, a caret."""

from __future__ import annotations

import functools
import os
from pathlib import Path


class SourceLocation:
    """A place in a source file; ``line`` and ``col`` are 1-based lines of the file itself.

    Immutable, compared and hashed by its four fields (a frozen dataclass written out by hand:
    ``dataclasses`` costs ~5 ms to import, and this module is on the fast start-up path)."""

    __slots__ = ("path", "line", "col", "source_line")
    path: str
    line: int | None
    col: int | None
    source_line: str | None

    def __init__(self, path: str, line: int | None = None, col: int | None = None,
                 source_line: str | None = None) -> None:
        set_field = object.__setattr__
        set_field(self, "path", path)
        set_field(self, "line", line)
        set_field(self, "col", col)
        set_field(self, "source_line", source_line)

    def _fields(self) -> tuple[str, int | None, int | None, str | None]:
        return (self.path, self.line, self.col, self.source_line)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"SourceLocation(path={self.path!r}, line={self.line!r}, col={self.col!r}, "
                f"source_line={self.source_line!r})")

    def __reduce__(self) -> tuple[type[SourceLocation], tuple[str, int | None, int | None, str | None]]:
        return (SourceLocation, self._fields())

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


def display_path(path: str | Path) -> str:
    """A path as messages show it: relative to the working folder when below it, else absolute."""
    try:
        cwd = os.getcwd()
    except OSError:
        return str(Path(path))
    # cached: the renderer names every template it parses or looks up this way (3 per page)
    return _display_path(os.fspath(path), cwd)


@functools.lru_cache(maxsize=8192)
def _display_path(path: str, cwd: str) -> str:
    target = Path(path)
    try:
        base = _real_dir(cwd, cwd)
        folder, name = os.path.split(path)
        if base != "/" and name not in ("", ".", "..") and "//" not in path:
            # realpath(folder/name) is realpath(folder)/name unless name is a symbolic link;
            # folders are resolved once (a site's files share a few)
            real = os.path.join(_real_dir(folder or ".", cwd), name)
            if os.path.islink(real):
                real = os.path.realpath(real)
            if real.startswith(base + "/"):
                return real[len(base) + 1:]
        return target.resolve().relative_to(Path(cwd).resolve()).as_posix()
    except (ValueError, OSError):
        return str(target)


@functools.lru_cache(maxsize=1024)
def _real_dir(folder: str, cwd: str) -> str:
    """``os.path.realpath(folder)`` with ``cwd`` the working folder (part of the cache key)."""
    return os.path.realpath(folder)


def location_in_text(path: str, text: str, index: int, line_offset: int = 0) -> SourceLocation:
    """Return the location of character ``index`` of ``text``.

    ``line_offset`` is the number of file lines that precede ``text`` (front matter).
    """
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index)
    if line_end == -1:
        line_end = len(text)
    line = text.count("\n", 0, index) + 1 + line_offset
    col = index - line_start + 1
    return SourceLocation(path, line, col, text[line_start:line_end].rstrip("\r"))


def location_of_line(path: str | Path, line: int, col: int = 1) -> SourceLocation:
    """Return a location with the text of ``line`` read from the file at ``path``."""
    source_line = None
    last = (0, "")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                last = (number, text.rstrip("\r\n"))
                if number == line:
                    source_line = last[1]
                    break
    except OSError:
        pass
    if source_line is None and last[0]:
        # A parser that hit the end of the file points past its last line: show that line.
        line, source_line = last
        col = len(source_line) + 1
    return SourceLocation(display_path(path), line, col, source_line)


def decode_utf8(raw: bytes, path: str | Path, error: type[LiquidpageError], keep_bom: bool = True) -> str:
    """``raw`` as UTF-8, or ``error`` located at the first byte that is not UTF-8.

    Ruby reads every text file of a site as UTF-8 and fails on the first regex, YAML parse or
    CSV scan over an invalid byte ("invalid byte sequence in UTF-8"); so do we, naming the
    place instead of writing U+FFFD. ``keep_bom=False`` reads as Ruby's ``bom|utf-8``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line_end = raw.find(b"\n", err.start)
        line_bytes = raw[line_start:] if line_end == -1 else raw[line_start:line_end]
        col = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1
        loc = SourceLocation(display_path(path), raw.count(b"\n", 0, err.start) + 1, col,
                             line_bytes.decode("utf-8", errors="replace").rstrip("\r"))
        raise error("invalid byte sequence in UTF-8", loc) from None
    if not keep_bom and text.startswith("\ufeff"):
        text = text[1:]
    return text


def check_file_name(folder: str | os.PathLike[str], name: str) -> None:
    """A file name that is not UTF-8 (Python keeps its bytes as surrogates): Jekyll's entry
    filter fails on it ("invalid byte sequence in UTF-8"), so do we, naming it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", errors="replace")
        raise FileNameError(f"invalid byte sequence in UTF-8 in the file name '{shown}'",
                            SourceLocation(display_path(os.path.join(folder, shown)))) from None


def find_line(path: str | Path, pattern: str) -> int:
    """The 1-based number of the first line of ``path`` matching regex ``pattern`` (1 if none)."""
    import re

    regex = re.compile(pattern)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if regex.search(text):
                    return number
    except OSError:
        pass
    return 1


class LiquidpageError(Exception):
    """Base class of every error liquidpage raises on bad input."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"

    def format(self) -> str:
        """Return the full report: ``path:line:col: message``, the source line and a caret."""
        text = str(self)
        loc = self.location
        if loc is not None and loc.source_line is not None and loc.line is not None:
            gutter = f"{loc.line} | "
            text += f"\n{gutter}{loc.source_line}"
            if loc.col is not None:
                text += "\n" + " " * (len(gutter) + max(loc.col - 1, 0)) + "^"
        return text


class ConfigError(LiquidpageError):
    """A configuration file is missing, unreadable or malformed."""


class FrontMatterError(LiquidpageError):
    """Front matter could not be used (fatal cases only, as in Jekyll's convertible.rb Convertible#read, document.rb Document#read_content)."""


class DataError(LiquidpageError):
    """A file under ``_data`` could not be parsed (fatal in Jekyll, Jekyll's readers/data_reader.rb DataReader#read_data_file)."""


class LayoutError(LiquidpageError):
    """A layout problem that Jekyll treats as fatal."""


class IncludeError(LiquidpageError):
    """An include could not be found or its tag markup is invalid (Jekyll's tags/include.rb IncludeTag)."""


class TemplateError(LiquidpageError):
    """A Liquid error that aborts a Jekyll build (Jekyll's liquid_renderer/file.rb File#render!)."""


class URLError(LiquidpageError):
    """A permalink template could not be expanded (Jekyll's url.rb URL#generate_url_from_drop, drops/url_drop.rb)."""


class ConversionError(LiquidpageError):
    """The Markdown (or Sass) converter failed (Jekyll's renderer.rb Renderer#convert)."""


class DestinationError(LiquidpageError):
    """The destination cannot be used (it is or contains the source, it is a file, ...) or an
    output cannot be written inside it (a path conflict); nothing was written."""


class OutputConflictError(DestinationError):
    """Two outputs need the same path as a file and as a folder (``foo`` and ``foo/x.html``)."""


class PageNotFoundError(LiquidpageError, LookupError):
    """The site has no page or document at the path asked for (``Site.render``, ``render_page``)."""


class StrictModeError(LiquidpageError):
    """A render with ``strict=True`` logged warnings; ``warnings`` holds each one's report."""

    def __init__(self, warnings: list[str]) -> None:
        count = len(warnings)
        super().__init__(f"{count} warning{'s' if count != 1 else ''} and strict is set:\n" + "\n".join(warnings))
        self.warnings = warnings


class FileNameError(LiquidpageError):
    """A file or folder of the site has a name that is not UTF-8."""
