"""Ruby's ``File.fnmatch?(pattern, path)`` with flags 0, as Jekyll's include/exclude use it (§2.6).

A port of ``fnmatch_helper`` and ``bracket`` in Ruby 3.1's dir.c, translated once per pattern to
a Python regular expression:

- ``*`` matches any run of characters, ``/`` and dots included (no ``FNM_PATHNAME``);
- ``?`` matches any one character, ``/`` included;
- ``[...]`` is a class: ``[!...]`` and ``[^...]`` negate it, ``a-z`` is a range (a reversed range
  ``z-a`` matches only its two ends), ``\\`` escapes the next character, and ``]`` right after
  ``[`` (or ``[!``) closes an empty class: ``[]`` never matches, ``[!]`` matches any character.
  A class that is never closed makes the whole pattern match nothing;
- ``\\`` escapes the next character; a trailing ``\\`` is ignored;
- no braces (``{a,b}`` is literal);
- a leading ``.`` of the path must be matched by a literal ``.`` (``FNM_DOTMATCH`` is off). Jekyll
  always matches absolute paths, so this never applies there, but it is part of the semantics.

The tests in tests/test_fnmatch.py compare it with values printed by Ruby itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NEVER = re.compile(r"(?!)")


def fnmatch(pattern: str, path: str) -> bool:
    """``File.fnmatch?(pattern, path)`` (flags 0)."""
    if path.startswith(".") and _first_char(pattern) != ".":
        return False
    return _compile(pattern).fullmatch(path) is not None


def _first_char(pattern: str) -> str:
    """``*UNESCAPE(p)``: the pattern's first character, a leading backslash skipped."""
    if pattern.startswith("\\"):
        return pattern[1:2]
    return pattern[:1]


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            while i < n and pattern[i] == "*":
                i += 1
            out.append(".*")
            continue
        if c == "?":
            out.append(".")
            i += 1
            continue
        if c == "[":
            parsed = _bracket(pattern, i + 1)
            if parsed is None:
                return _NEVER
            cls, i = parsed
            out.append(cls)
            continue
        if c == "\\":
            i += 1
            if i >= n:
                break  # a trailing backslash is the end of the pattern
            c = pattern[i]
        out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.DOTALL)


def _bracket(pattern: str, i: int) -> tuple[str, int] | None:
    """dir.c ``bracket``: the class starting after ``[`` at ``i`` -> (regex, index after ``]``);
    None when the class is never closed (it then matches nothing)."""
    n = len(pattern)
    if i >= n:
        return None
    negate = False
    if pattern[i] in "!^":
        negate = True
        i += 1
    singles: list[str] = []
    ranges: list[tuple[str, str]] = []
    while True:
        if i >= n:
            return None
        if pattern[i] == "]":
            break
        if pattern[i] == "\\":
            i += 1
            if i >= n:
                return None
        first = pattern[i]
        i += 1
        if i >= n:
            return None
        if pattern[i] == "-" and pattern[i + 1:i + 2] != "]":
            i += 1
            if i < n and pattern[i] == "\\":
                i += 1
            if i >= n:
                return None
            last = pattern[i]
            i += 1
            if first <= last:
                ranges.append((first, last))
            else:  # dir.c compares both ends first, then the range: only the ends match
                singles.extend((first, last))
        else:
            singles.append(first)
    i += 1  # the closing bracket
    body = "".join(_class_char(ch) for ch in singles)
    body += "".join(f"{_class_char(a)}-{_class_char(b)}" for a, b in ranges)
    if not body:
        return (r"[\s\S]" if negate else "(?!)"), i
    return ("[^" if negate else "[") + body + "]", i


def _class_char(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


__all__ = ["fnmatch"]
