"""``liquidpage compare``: render a site in memory and compare every output file with a folder."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from liquidpage.errors import LiquidpageError

IDENTICAL, DIFFERS, MISSING, EXTRA = "identical", "differs", "missing", "extra"
STATUSES = (IDENTICAL, DIFFERS, MISSING, EXTRA)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# Elements whose whitespace is significant: never normalised (nor inside their children).
PRESERVE_WHITESPACE = frozenset({"pre", "code", "textarea", "script", "style"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's ASCII whitespace; never U+00A0


@dataclass
class FileResult:
    """The comparison of one destination-relative path."""

    path: str
    status: str
    binary: bool = False
    normalised: bool = False  # identical only after --ignore-whitespace normalisation
    theirs: bytes | None = field(default=None, repr=False)  # kept for differing files only
    ours: bytes | None = field(default=None, repr=False)


@dataclass
class Comparison:
    """Every file's result, sorted by path."""

    files: list[FileResult]

    def counts(self) -> dict[str, int]:
        """Number of files per status."""
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.files:
            counts[result.status] += 1
        return counts

    @property
    def ok(self) -> bool:
        """True when every file is identical."""
        return all(result.status == IDENTICAL for result in self.files)

    def summary(self) -> str:
        """``N identical, N differ, N missing, N extra``."""
        c = self.counts()
        return f"{c[IDENTICAL]} identical, {c[DIFFERS]} differ, {c[MISSING]} missing, {c[EXTRA]} extra"


# -- HTML whitespace normalisation ------------------------------------------------------------

class _Segmenter(HTMLParser):
    """Records where each construct starts, whether it is text, and the tag it opens or closes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[tuple[int, int], str, str]] = []

    def _add(self, kind: str, tag: str = "") -> None:
        self.events.append((self.getpos(), kind, tag))

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._add("start", tag)

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        self._add("markup")

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("text")

    def handle_entityref(self, name: str) -> None:
        self._add("text")

    def handle_charref(self, name: str) -> None:
        self._add("text")

    def handle_comment(self, data: str) -> None:
        self._add("markup")

    def handle_decl(self, decl: str) -> None:
        self._add("markup")

    def handle_pi(self, data: str) -> None:
        self._add("markup")

    def unknown_decl(self, data: str) -> None:
        self._add("markup")


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into raw pieces: (piece, whitespace may be collapsed)."""
    parser = _Segmenter()
    parser.feed(text)
    parser.close()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    offsets = [line_starts[line - 1] + col for (line, col), _, _ in parser.events]
    offsets.append(len(text))
    pieces: list[tuple[str, bool]] = []
    if offsets[0] > 0:  # nothing the parser reported (cannot normally happen): keep it verbatim
        pieces.append((text[: offsets[0]], False))
    preserve = 0
    for index, (_, kind, tag) in enumerate(parser.events):
        raw = text[offsets[index]:offsets[index + 1]]
        if kind == "start" and tag in PRESERVE_WHITESPACE:
            preserve += 1
        elif kind == "end" and tag in PRESERVE_WHITESPACE:
            preserve = max(0, preserve - 1)
        pieces.append((raw, kind == "text" and preserve == 0))
    return pieces


def normalise_html(text: str) -> tuple[str, str]:
    """Return (comparison key, display text) of ``text`` with whitespace runs collapsed.

    Outside ``pre``, ``code``, ``textarea``, ``script`` and ``style`` every run of HTML whitespace
    in text becomes one space in the key (a newline in the display text if the run had one), and
    the document's leading and trailing whitespace is dropped. Tags, comments and the content of
    those elements are kept byte for byte. A run of whitespace still differs from no whitespace.
    """
    pieces = _segments(text)
    key: list[str] = []
    display: list[str] = []
    last = len(pieces) - 1
    for index, (raw, collapsible) in enumerate(pieces):
        if not collapsible:
            key.append(raw)
            display.append(raw)
            continue
        if index == 0:
            raw = raw.lstrip(" \t\n\r\f")
        if index == last:
            raw = raw.rstrip(" \t\n\r\f")
        key.append(_HTML_SPACE.sub(" ", raw))
        display.append(_HTML_SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", raw))
    return "".join(key), "".join(display)


# -- comparing --------------------------------------------------------------------------------

def _as_text(data: bytes) -> str | None:
    """``data`` decoded as UTF-8, or None for a binary file (NUL bytes or invalid UTF-8)."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _whitespace_equal(path: str, theirs: bytes, ours: bytes) -> bool:
    if Path(path).suffix.lower() not in HTML_SUFFIXES:
        return False
    a, b = _as_text(theirs), _as_text(ours)
    return a is not None and b is not None and normalise_html(a)[0] == normalise_html(b)[0]


def list_files(root: Path) -> list[str]:
    """Sorted posix paths, relative to ``root``, of every file under it (dotfiles included)."""
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            full = Path(folder, name)
            if full.is_file():
                found.append(full.relative_to(root).as_posix())
    return sorted(found)


def compare_outputs(outputs: Iterable[tuple[str, bytes]], against: str | os.PathLike[str], *,
                    ignore_whitespace: bool = False) -> Comparison:
    """Compare (destination-relative path, bytes) pairs with the files under ``against``."""
    root = Path(against)
    theirs_paths = set(list_files(root))
    results: list[FileResult] = []
    produced: set[str] = set()
    for path, ours in outputs:
        produced.add(path)
        if path not in theirs_paths:
            results.append(FileResult(path, EXTRA))
            continue
        theirs = (root / path).read_bytes()
        if theirs == ours:
            results.append(FileResult(path, IDENTICAL))
        elif ignore_whitespace and _whitespace_equal(path, theirs, ours):
            results.append(FileResult(path, IDENTICAL, normalised=True))
        else:
            binary = _as_text(theirs) is None or _as_text(ours) is None
            results.append(FileResult(path, DIFFERS, binary=binary, theirs=theirs, ours=ours))
    results.extend(FileResult(path, MISSING) for path in theirs_paths - produced)
    return Comparison(sorted(results, key=lambda r: r.path))


def compare_site(site: Any, against: str | os.PathLike[str], *,
                 ignore_whitespace: bool = False) -> Comparison:
    """Render ``site`` (a :class:`liquidpage.Site`) in memory and compare it with ``against``."""
    return compare_outputs(site.outputs(), against, ignore_whitespace=ignore_whitespace)


def _mark_no_newline(lines: Iterable[str]) -> Iterable[str]:
    for line in lines:
        if line.endswith("\n"):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"


def unified_diff(result: FileResult, against: str, *, ignore_whitespace: bool = False) -> str:
    """A unified diff of a differing text file (Jekyll's copy first), or a one-line note."""
    if result.binary or result.theirs is None or result.ours is None:
        return f"Binary files {against}/{result.path} and liquidpage/{result.path} differ\n"
    theirs, ours = result.theirs.decode("utf-8"), result.ours.decode("utf-8")
    if theirs.replace("\r\n", "\n") == ours.replace("\r\n", "\n"):
        return f"{result.path}: only line endings differ (CRLF vs LF)\n"
    if ignore_whitespace and Path(result.path).suffix.lower() in HTML_SUFFIXES:
        theirs, ours = normalise_html(theirs)[1], normalise_html(ours)[1]
    import difflib  # here: the CLI imports this module for its flags on every command

    lines = difflib.unified_diff(theirs.splitlines(keepends=True), ours.splitlines(keepends=True),
                                 fromfile=f"{against}/{result.path}", tofile=f"liquidpage/{result.path}")
    return "".join(_mark_no_newline(lines))


# -- command line -----------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``compare`` options besides ``-s`` and ``--config``."""
    parser.add_argument("--against", required=True, metavar="DIR",
                        help="the folder to compare with, e.g. the _site Jekyll built")
    parser.add_argument("--diff", type=int, default=1, metavar="N",
                        help="print a unified diff of the first N differing text files (default: 1)")
    parser.add_argument("--ignore-whitespace", action="store_true",
                        help="compare HTML files with whitespace runs collapsed "
                             "(never inside pre, code, textarea, script, style)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or one JSON document for CI")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="text format: list identical files too")


def _diffs(comparison: Comparison, args: argparse.Namespace) -> dict[str, str]:
    differing = [r for r in comparison.files if r.status == DIFFERS]
    return {r.path: unified_diff(r, args.against, ignore_whitespace=args.ignore_whitespace)
            for r in differing[: max(args.diff, 0)]}


def report_text(comparison: Comparison, args: argparse.Namespace) -> str:
    """The text report: one line per file that is not identical, diffs, then the summary."""
    out = []
    for r in comparison.files:
        if r.status != IDENTICAL or args.verbose:
            note = " (binary)" if r.binary else " (after whitespace normalisation)" if r.normalised else ""
            out.append(f"{r.status:<9} {r.path}{note}\n")
    for text in _diffs(comparison, args).values():
        out.append("\n" + text)
    normalised = sum(r.normalised for r in comparison.files)
    if normalised:
        out.append(f"note: {normalised} file(s) identical only after whitespace normalisation\n")
    out.append(comparison.summary() + "\n")
    return "".join(out)


def report_json(comparison: Comparison, args: argparse.Namespace) -> str:
    """One JSON document: source, against, options, summary counts and every file's status."""
    diffs = _diffs(comparison, args)
    files = []
    for r in comparison.files:
        entry: dict[str, Any] = {"path": r.path, "status": r.status}
        if r.status == DIFFERS:
            entry["binary"] = r.binary
        if r.normalised:
            entry["normalised"] = True
        if r.path in diffs:
            entry["diff"] = diffs[r.path]
        files.append(entry)
    document = {"source": str(args.source), "against": str(args.against),
                "ignore_whitespace": args.ignore_whitespace,
                "summary": {**comparison.counts(), "ok": comparison.ok}, "files": files}
    import json

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    """``liquidpage compare``: 0 all identical, 1 any difference, 2 usage or build error."""
    from liquidpage.site import Site

    if not Path(args.against).is_dir():
        print(f"error: --against folder not found: {args.against}", file=sys.stderr)
        return 2
    try:
        site = Site.load(args.source, config_files=args.config)
        comparison = compare_site(site, args.against, ignore_whitespace=args.ignore_whitespace)
    except LiquidpageError as err:
        print(f"error: {err.format()}" if err.location is None else err.format(), file=sys.stderr)
        return 2
    except OSError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - a bug of ours: exit 2 (1 means "differs"), no traceback
        print(f"error: internal error ({type(err).__name__}: {err}); please report it", file=sys.stderr)
        return 2
    report = report_json if args.format == "json" else report_text
    sys.stdout.write(report(comparison, args))
    return 0 if comparison.ok else 1
