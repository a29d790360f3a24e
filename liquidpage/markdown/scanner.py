"""Ruby's StringScanner as kramdown uses it, and the string helpers every parser part shares
(the bottom of the kramdown port: parser.py and its _blocks/_html/_spans parts import it)."""

from __future__ import annotations

import re

RE_PLAIN_LINE = re.compile(r"[^\n|]*\n(?![-=])")


class StopBlockParsing(Exception):
    """kramdown's ``throw :stop_block_parsing``."""

    def __init__(self, status: str) -> None:
        self.status = status


_NEEDS_SLICE: dict[re.Pattern[str], bool] = {}
_ANCHOR_SYNTAX = re.compile(r"(?<![\[\\])\^|\(\?<[=!]")


_NEEDS_SLICE_ID: dict[int, bool] = {}


_CHAR_CLASS = re.compile(r"\[\^?\]?(?:\\.|[^\]\\])*\]")
_ESCAPE = re.compile(r"\\.")


def _needs_slice(pattern: re.Pattern[str]) -> bool:
    """Does ``pattern`` use ``^`` or a look-behind outside character classes?"""
    found = _NEEDS_SLICE_ID.get(id(pattern))
    if found is None:
        bare = _CHAR_CLASS.sub("", _ESCAPE.sub("", pattern.pattern))
        found = _ANCHOR_SYNTAX.search(bare) is not None
        _NEEDS_SLICE[pattern] = found  # keeps the pattern alive, so its id stays unique
        _NEEDS_SLICE_ID[id(pattern)] = found
    return found


class Scanner:
    r"""Ruby's StringScanner, reduced to what kramdown uses (kramdown/utils/string_scanner.rb).

    Ruby's scanner matches as if the string began at the scan pointer (``fixed_anchor: false``):
    ``^`` always matches there and look-behinds cannot see earlier text. Python's ``match(s, pos)``
    does not, so a pattern with ``^`` or a look-behind is matched on a slice when the pointer is
    in the middle of a line (rare: after a closing HTML tag, an extension, ``\$$``).
    """

    __slots__ = ("string", "pos", "m", "n", "off", "start")

    def __init__(self, string: str) -> None:
        self.string = string
        self.pos = 0
        self.m: re.Match[str] | None = None
        self.n = len(string)
        self.off = 0
        # self.start: the line number of the string's first line, set only when warnings are on

    def line(self, pos: int = -1) -> int:
        """Kramdown::Utils::StringScanner#current_line_number (at ``pos``, default the pointer):
        the start line plus the newlines up to and including the one at the position."""
        if pos < 0:
            pos = self.pos
        try:
            start = self.start
        except AttributeError:
            start = 1
        return start + self.string.count("\n", 0, pos + 1)

    def eos(self) -> bool:
        return self.pos >= self.n

    def _match(self, pattern: re.Pattern[str], search: bool = False) -> re.Match[str] | None:
        pos = self.pos
        if pos and self.string[pos - 1] != "\n" and _needs_slice(pattern):
            self.off = pos
            target = self.string[pos:]
            m = pattern.search(target) if search else pattern.match(target)
        else:
            self.off = 0
            m = pattern.search(self.string, pos) if search else pattern.match(self.string, pos)
        self.m = m
        return m

    def end(self) -> int:
        return self.off + self.m.end()  # type: ignore[union-attr]

    def scan(self, pattern: re.Pattern[str]) -> str | None:
        pos = self.pos
        string = self.string
        if pos == 0 or string[pos - 1] == "\n" or _NEEDS_SLICE_ID.get(id(pattern)) is False or (
                id(pattern) not in _NEEDS_SLICE_ID and not _needs_slice(pattern)):
            m = self.m = pattern.match(string, pos)
            self.off = 0
            if m is None:
                return None
            self.pos = m.end()
            return m.group()
        m = self._match(pattern)
        if m is None:
            return None
        self.pos = self.off + m.end()
        return m.group()

    def check(self, pattern: re.Pattern[str]) -> str | None:
        pos = self.pos
        string = self.string
        if pos == 0 or string[pos - 1] == "\n" or _NEEDS_SLICE_ID.get(id(pattern)) is False or (
                id(pattern) not in _NEEDS_SLICE_ID and not _needs_slice(pattern)):
            m = self.m = pattern.match(string, pos)
            self.off = 0
        else:
            m = self._match(pattern)
        return None if m is None else m.group()

    def scan_until(self, pattern: re.Pattern[str]) -> str | None:
        pos = self.pos
        string = self.string
        if pos == 0 or string[pos - 1] == "\n" or _NEEDS_SLICE_ID.get(id(pattern)) is False or (
                id(pattern) not in _NEEDS_SLICE_ID and not _needs_slice(pattern)):
            m = self.m = pattern.search(string, pos)
            self.off = 0
            if m is None:
                return None
            self.pos = m.end()
            return string[pos:self.pos]
        m = self._match(pattern, True)
        if m is None:
            return None
        self.pos = self.off + m.end()
        return string[pos:self.pos]

    def getch(self) -> str:
        c = self.string[self.pos:self.pos + 1]
        self.pos += 1
        return c

    def rest(self) -> str:
        return self.string[self.pos:]

    def terminate(self) -> None:
        self.pos = self.n

    def __getitem__(self, i: int | str) -> str | None:
        return None if self.m is None else self.m.group(i)


def ruby_split_lines(s: str) -> list[str]:
    """Ruby's ``str.split("\\n")`` (trailing empty strings dropped)."""
    parts = s.split("\n")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def ruby_downcase(s: str) -> str:
    """Ruby's String#downcase: full case mapping, but no final-sigma rule (Σ -> σ everywhere)."""
    if "\u03a3" in s:
        return "".join(c.lower() for c in s)
    return s.lower()
