"""Ruby's ``File.fnmatch?(pattern, path)`` with flags 0, as Jekyll's include/exclude use it (Jekyll's entry_filter.rb EntryFilter#filter),
and ``Dir.glob(pattern)``, as front matter defaults use it for a scope ``path`` with ``*``.

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

``Dir.glob`` (flags 0) expands braces first (``{a,b}``, nested, escapable), then matches the
pattern folder by folder: a component with ``*``, ``?`` or ``[`` is matched against the folder's
entries with the rules above (so ``*`` never crosses ``/``, and hidden entries need a literal
leading dot), ``**/`` is zero or more folders (hidden ones and symlinked ones not entered), a
component without wildcards is taken literally (backslashes removed) if it exists, and a trailing
``/`` keeps only folders.

The tests in tests/test_fnmatch.py compare both with values printed by Ruby itself.
"""

from __future__ import annotations

import os
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


def brace_expand(pattern: str) -> list[str]:
    """``ruby_brace_expand``: the first top-level ``{...}`` with a closing brace, expanded on its
    top-level commas, recursively; backslashes escape braces and commas (and are kept)."""
    nest, lbrace, rbrace = 0, -1, -1
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "{":
            if nest == 0:
                lbrace = i
            nest += 1
        elif c == "}" and nest > 0:
            nest -= 1
            if nest == 0:
                rbrace = i
                break
        elif c == "\\":
            i += 1
        i += 1
    if lbrace < 0 or rbrace < 0:
        return [pattern]
    prefix, suffix = pattern[:lbrace], pattern[rbrace + 1:]
    items, start, nest, i = [], lbrace + 1, 0, lbrace + 1
    while i < rbrace:
        c = pattern[i]
        if c == "{":
            nest += 1
        elif c == "}":
            nest -= 1
        elif c == "," and nest == 0:
            items.append(pattern[start:i])
            start = i + 1
        elif c == "\\":
            i += 1
        i += 1
    items.append(pattern[start:rbrace])
    return [expanded for item in items for expanded in brace_expand(prefix + item + suffix)]


def _has_magic(component: str) -> bool:
    i = 0
    while i < len(component):
        c = component[i]
        if c in "*?[":
            return True
        if c == "\\":
            i += 1
        i += 1
    return False


def _unescape(component: str) -> str:
    return re.sub(r"\\(.)", r"\1", component).rstrip("\\") if "\\" in component else component


def glob(pattern: str, root: str = "") -> list[str]:
    """``Dir.glob(pattern)`` (flags 0): the matching paths (Ruby's set; in Ruby's order except
    below ``**/``). A relative pattern is matched in ``root`` (default: the working folder), as
    after ``Dir.chdir(root)``, and its matches are relative too."""
    found: list[str] = []
    for alternative in brace_expand(pattern):
        found.extend(_glob_one(alternative, root))
    return found


def _glob_one(pattern: str, root: str) -> list[str]:
    tokens = re.findall(r"[^/]+|/+", pattern)
    lead = tokens.pop(0) if tokens and tokens[0].startswith("/") else ""
    # (component, the separator written after it: "" for a last component without "/")
    parts = [(tokens[k], tokens[k + 1] if k + 1 < len(tokens) else "") for k in range(0, len(tokens), 2)]
    out: list[str] = []
    if not parts:
        if lead:
            out.append(lead)
        return out

    def fs(path: str) -> str:
        return os.path.join(root, path) if root and not lead else path or "."

    def listdir(path: str) -> list[str]:
        try:
            return sorted(os.listdir(fs(path)))
        except OSError:
            return []

    def match(prefix: str, index: int, recursed: bool = False) -> None:
        component, sep = parts[index]
        last = index == len(parts) - 1
        if component == "**" and sep:
            # "**/": this folder, then every non-hidden folder below it (symlinks not entered).
            if not last:
                match(prefix, index + 1, True)
            elif prefix:
                out.append(prefix)
            for name in listdir(prefix):
                path = prefix + name
                if not name.startswith(".") and os.path.isdir(fs(path)) and not os.path.islink(fs(path)):
                    match(path + sep, index, True)
            return
        if _has_magic(component):
            # Ruby 3.1 yields "." (never "..") for a pattern with a leading dot, except below "**/".
            candidates = listdir(prefix) if recursed else [".", *listdir(prefix)]
            names = [name for name in candidates if fnmatch(component, name)]
        else:
            literal = _unescape(component)
            names = [literal] if os.path.lexists(fs(prefix + literal)) else []
        for name in names:
            path = prefix + name
            if last and not sep:
                out.append(path)
            elif os.path.isdir(fs(path)):
                if last:
                    out.append(path + sep)
                else:
                    match(path + sep, index + 1)

    match(lead, 0)
    return out


__all__ = ["brace_expand", "fnmatch", "glob"]
