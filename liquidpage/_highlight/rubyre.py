"""Translate Rouge's Ruby (Onigmo) regex sources into Python ``re`` patterns."""

from __future__ import annotations

import re
from functools import lru_cache

from liquidpage._highlight.onigmo_classes import CLASSES

try:
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Onigmo's \w \d \s are ASCII-only on Ruby strings; Python's are Unicode: spell them out.
_ASCII_IN_CLASS = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\r\\n\\f\\v", "h": "0-9a-fA-F"}


def _prop(name: str) -> str:
    """The members (for use inside ``[...]``) of Onigmo's ``\\p{name}``; KeyError if unknown."""
    if name == "Any":
        return "\\x00-\\U0010ffff"
    return _members(name)


def _posix(name: str) -> str:
    """The members of Onigmo's ``[[:name:]]`` (Unicode-aware, as Ruby uses it on UTF-8 text)."""
    if name == "xdigit":
        return "0-9a-fA-F"
    if name == "blank":
        return " \\t"
    return _members(f"[:{name}:]")


_COMPACT: dict[str, str] = {}
_UNI_ESCAPE = re.compile(r"\\U([0-9a-f]{8})")


def _members(name: str) -> str:
    """``CLASSES[name]`` with its ``\\UXXXXXXXX`` escapes of non-ASCII characters written as the
    characters themselves: the same class, but sre parses thousands of escapes slowly (every
    pattern using the class is parsed when compiled). ASCII and surrogates stay escaped."""
    members = _COMPACT.get(name)
    if members is None:
        members = _COMPACT[name] = _UNI_ESCAPE.sub(_literal, CLASSES[name])
    return members


def _literal(m: re.Match[str]) -> str:
    code = int(m.group(1), 16)
    return m.group(0) if code < 0x80 or 0xD800 <= code <= 0xDFFF else chr(code)


_ESCAPE_OUT = {"z": r"\Z", "Z": r"(?=\n?\Z)", "e": r"\x1b", "/": "/", "h": "[0-9a-fA-F]",
               "H": "[^0-9a-fA-F]"}
_FLAG_GROUP = re.compile(r"\(\?([imx]*)(?:-([imx]*))?([:)])")


def _code(c: int) -> str:
    """Code point ``c`` as class member text: the character itself, escaped if special."""
    if c < 0x80 or 0xD800 <= c <= 0xDFFF:
        return f"\\U{c:08x}"
    return chr(c)


@lru_cache(maxsize=None)
def _fast_class(text: str) -> str:
    """A character class (``[...]`` or ``[^...]`` as Python text) rewritten so that a character
    of the Basic Multilingual Plane is tested against the class's BMP members only.

    sre keeps the BMP members of a class in one table lookup but tests its members above U+FFFF
    one range after the other: a character outside a big Unicode class (``[[:alpha:]]`` has
    hundreds of such ranges) walks all of them, e.g. at the end of every identifier. The same
    set as an alternation guarded by the plane: ``[X]`` -> ``(?:[Xbmp]|(?=[astral])[Xastral])``,
    ``[^X]`` -> ``(?:[^Xbmp astral]|[^bmp Xastral])``. No Unicode case pair crosses the plane
    boundary, so ``re.I`` tests stay the same. Classes with categories are left as they are."""
    if max(text) <= "\uffff" and "\\U0001" not in text and "\\U001" not in text:
        return text  # no member above U+FFFF (non-BMP members are characters, see _members)
    try:
        items = _sre_parse.parse(text).data
    except re.error:
        return text
    if len(items) != 1 or items[0][0] is not _sre_parse.IN:
        return text
    negated = False
    bmp: list[str] = []
    astral: list[str] = []
    for op, arg in items[0][1]:
        if op is _sre_parse.NEGATE:
            negated = True
        elif op is _sre_parse.LITERAL:
            (bmp if arg <= 0xFFFF else astral).append(_code(arg))
        elif op is _sre_parse.RANGE:
            lo, hi = arg
            if lo <= 0xFFFF:
                bmp.append(f"{_code(lo)}-{_code(min(hi, 0xFFFF))}")
            if hi > 0xFFFF:
                astral.append(f"{_code(max(lo, 0x10000))}-{_code(hi)}")
        else:
            return text
    if not astral:
        return text
    plane, rest = f"{_code(0x10000)}-{_code(0x10FFFF)}", f"{_code(0)}-{_code(0xFFFF)}"
    if negated:
        return f"(?:[^{''.join(bmp)}{plane}]|[^{rest}{''.join(astral)}])"
    guarded = f"(?=[{plane}])[{''.join(astral)}]"
    return f"(?:[{''.join(bmp)}]|{guarded})" if bmp else guarded


class Translated:
    """A Python pattern plus whether it must see the text from the scan position only (and
    whether the Ruby source starts with ``^``). ``regex`` compiles it on first use: a rule
    tried inside a combined pattern (rouge.py) never needs its own."""

    __slots__ = ("pattern", "flags", "needs_slice", "bol", "_regex")

    def __init__(self, regex: re.Pattern[str] | str, needs_slice: bool, bol: bool,
                 flags: int = 0) -> None:
        if isinstance(regex, str):
            self.pattern, self.flags, self._regex = regex, flags, None
        else:
            self.pattern, self.flags, self._regex = regex.pattern, regex.flags, regex
        self.needs_slice, self.bol = needs_slice, bol

    @property
    def regex(self) -> re.Pattern[str]:
        regex = self._regex
        if regex is None:
            try:
                regex = re.compile(self.pattern, self.flags)
            except re.error as err:
                if "look-behind requires fixed-width" not in str(err):
                    raise
                regex = re.compile(_split_lookbehinds(self.pattern), self.flags)
            self._regex, self.pattern = regex, regex.pattern
        return regex


def _escape(src: str, i: int, in_class: bool) -> tuple[str, int, bool]:
    """Translate the escape at ``src[i]`` (a backslash): (python text, next index, needs_slice)."""
    c = src[i + 1]
    if c in "wdsh":
        return (_ASCII_IN_CLASS[c] if in_class else f"[{_ASCII_IN_CLASS[c]}]"), i + 2, False
    if c in "WDS":
        # In a class the complement is kept and the class gets ASCII semantics (see translate).
        return (f"\\{c}" if in_class else f"[^{_ASCII_IN_CLASS[c.lower()]}]"), i + 2, False
    if c in "pP" and src[i + 2] == "{":
        end = src.index("}", i)
        body = _prop(src[i + 3:end])
        if in_class:
            if c == "P":
                raise ValueError("\\P inside a class")
            return body, end + 1, False
        return _fast_class(f"[{'^' if c == 'P' else ''}{body}]"), end + 1, False
    if c == "k" and src[i + 2] == "<":
        end = src.index(">", i)
        return f"(?P={src[i + 3:end]})", end + 1, False
    if c in "AG" and not in_class:
        return r"\A", i + 2, True
    if c in "bB" and not in_class:
        return "\\" + c, i + 2, True
    if c in _ESCAPE_OUT and not (in_class and c in "zZ"):
        return _ESCAPE_OUT[c] if not in_class or c not in "hH" else "0-9a-fA-F", i + 2, False
    return src[i:i + 2], i + 2, False


def _class_char(src: str, i: int, body_start: int) -> tuple[str, int, bool]:
    """One item inside a character class: (python text, next index, class ended)."""
    c = src[i]
    if c == "[" and src.startswith("[:", i):
        end = src.index(":]", i)
        name = src[i + 2:end]
        if name.startswith("^"):
            raise ValueError("negated POSIX class")
        return _posix(name), end + 2, False
    if c == "[":
        raise ValueError("nested character class")
    if c == "]" and i != body_start:
        return "]", i + 1, True
    if c in "&~|[":
        return "\\" + c, i + 1, False
    return c, i + 1, False


def _group_open(src: str, i: int) -> tuple[str, int, bool]:
    """Translate ``(?…`` group syntax at ``src[i]``."""
    if src.startswith("(?<", i) and src[i + 3] in "=!":
        return src[i:i + 4], i + 4, True
    if src.startswith("(?<", i):
        return "(?P<", i + 3, False
    m = _FLAG_GROUP.match(src, i)
    if m and (m.group(1) or m.group(2) is not None):
        on, off = (m.group(1) or "").replace("m", "s"), (m.group(2) or "").replace("m", "s")
        text = "(?" + on + ("-" + off if off else "") + m.group(3)
        return text.replace("(?-:", "(?:"), m.end(), False
    return src[i], i + 1, False


class _Scan:
    """Tracks whether the scan could still be at the start of the match (nothing consumed yet):
    only there do ``^``, ``\\b`` and lookbehind see Ruby's "string start" at the scan position."""

    def __init__(self) -> None:
        self.at_start = True
        self.groups: list[list[bool]] = []  # per open group: [at_start at open, any alt at start, lookaround]
        self.before_atom = True

    def atom(self) -> None:
        self.before_atom, self.at_start = self.at_start, False

    def open(self, lookaround: bool) -> None:
        self.groups.append([self.at_start, False, lookaround])

    def alternative(self) -> None:
        if self.groups:
            self.groups[-1][1] |= self.at_start
            self.at_start = self.groups[-1][0]
        else:
            self.at_start = True

    def close(self) -> None:
        if not self.groups:
            return
        at_open, any_alt, lookaround = self.groups.pop()
        self.before_atom = at_open
        self.at_start = at_open if lookaround else (self.at_start or any_alt)

    def quantifier(self, src: str, i: int) -> None:
        """``?``, ``*`` or ``{0,…}`` make the previous atom optional."""
        if src[i] in "?*" or src.startswith("{0", i) or src.startswith("{,", i):
            self.at_start |= self.before_atom


_ZERO_WIDTH_ESCAPES = frozenset("bBAGzZ")
_BRACES = re.compile(r"\{\d*,?\d*\}")
_ONLY_GROUP_OPENS = re.compile(r"(?:\((?:\?:|\?P<\w+>)?)*")


def _source_group_end(src: str, start: int) -> int:
    """The index after the ``)`` closing the Ruby group opened at ``src[start]``."""
    try:
        return _group_end(src, start)[0] + 1
    except re.error:
        raise ValueError("unbalanced group") from None


def _min_width(body: str, options: int) -> int | None:
    """The least number of characters the Ruby pattern ``body`` matches (None if unknown)."""
    try:
        translated = translate(body, options, search=True)
        return int(_sre_parse.parse(translated.pattern, translated.flags).getwidth()[0])
    except (re.error, KeyError, ValueError, IndexError, OverflowError, RecursionError):
        return None


def _strip_leading_negative_lookbehind(src: str) -> str:
    """A negative lookbehind at the very start always succeeds at Ruby's scan position."""
    if not src.startswith("(?<!"):
        return src
    depth, i = 0, 0
    while i < len(src):
        if src[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(src[i], 0)
        if depth == 0:
            return src[i + 1:]
        i += 1
    return src


_BACKREF = re.compile(r"\\[1-9]|\\k<")


def _narrow_lookbehind(text: str, extended: bool, src: str) -> bool:
    """True if the lookbehind ``text`` (translated, without its ``)``) looks at most one
    character back and nothing further: no anchors, boundaries or lookarounds inside, and no
    back-reference in the pattern (it can consume nothing, which the scan does not track)."""
    if _BACKREF.search(src):
        return False
    try:
        body = _sre_parse.parse(text[4:], re.X if extended else 0)
    except (re.error, IndexError, ValueError):
        return False
    return body.getwidth()[1] <= 1 and _plain(body)


_NOT_PLAIN = frozenset(("AT", "ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS"))


def _plain(node: object) -> bool:
    """No anchor, boundary, lookaround or back-reference anywhere in an sre parse tree."""
    if isinstance(node, _sre_parse.SubPattern):
        return all(_plain(item) for item in node.data)
    if isinstance(node, (tuple, list)):
        if node and getattr(node[0], "name", None) in _NOT_PLAIN:  # sre opcodes are named ints
            return False
        return all(_plain(item) for item in node)
    return True


def translate(src: str, options: int, search: bool = False,
              alternatives: bool = True) -> Translated:
    """Ruby ``Regexp`` (source, options) -> Python pattern with the same matches at a scan position.

    Ruby's StringScanner matches against the rest of the string: at the scan position ``^``,
    ``\\A`` and ``\\b`` act as at the start of a string and lookbehind sees nothing. Patterns where
    that can matter get ``needs_slice`` (the engine then matches against ``text[pos:]``)."""
    bol = src.startswith("^")
    if not search:  # ``search``: a Ruby ``=~`` over a whole string, no scan-position rewrites
        src = _strip_leading_negative_lookbehind(src)
    extended = bool(options & 2) or "(?x" in src
    out: list[str] = []
    needs_slice = False
    scan = _Scan()
    opened: list[tuple[int, bool] | None] = []  # per open group: (out index, at_start) of a lookbehind
    top_alternative = 0
    rewrote = False

    def alternative_start() -> bool:
        """Nothing yet in the current top-level alternative after a ``|`` (so on every path the
        match is empty here; group opens would not do: the group could repeat)."""
        nonlocal rewrote
        if opened or not top_alternative or not alternatives:
            return False
        rest = "".join(out[top_alternative:])
        empty = not rest or (extended and not rest.strip(" \t\n\r\f\v"))
        rewrote = rewrote or empty
        return empty

    i, n, in_class, body_start, class_at, ascii_class = 0, len(src), False, -1, -1, False
    nested = 0
    while i < n:
        c = src[i]
        if in_class and c == "[" and not src.startswith("[:", i):
            if src.startswith("[^", i) or src.startswith("&&", i - 2):
                raise ValueError("negated nested class or class intersection")
            nested, text, i = nested + 1, "", i + 1  # Onigmo [a[b]] is the union [ab]
        elif in_class and c == "]" and nested:
            nested, text, i = nested - 1, "", i + 1
        elif in_class and c != "\\":
            text, i, ended = _class_char(src, i, body_start)
            in_class = not ended
            if ended and ascii_class:
                text, ascii_class = "])", False
            elif ended:
                text = _fast_class("".join(out[class_at:]) + text)
                del out[class_at:]
            if ended:
                scan.atom()
        elif c == "\\":
            esc = src[i + 1]
            text, i, _ = _escape(src, i, in_class)
            if in_class:
                if text in ("\\W", "\\D", "\\S") and not ascii_class:
                    out[class_at] = "(?a:" + out[class_at]
                    ascii_class = True
            elif esc in "AG" and scan.at_start and not search:
                text = ""  # the match is anchored at the scan position anyway
            elif esc in "bB" and not search and (_ONLY_GROUP_OPENS.fullmatch("".join(out))
                                                 or alternative_start()):
                # At the scan position Ruby sees a string start: \b holds iff a word char follows.
                text = "(?=\\w)" if esc == "b" else "(?!\\w)"
            elif esc in "bB":
                needs_slice |= scan.at_start
            elif esc not in _ZERO_WIDTH_ESCAPES:
                scan.atom()
        elif c == "[":
            text, i, in_class, class_at = "[", i + 1, True, len(out)
            if src.startswith("^", i):
                text, i = "[^", i + 1
            body_start = i
        elif c == "(" and not search and src.startswith(("(?<=", "(?<!"), i) and alternative_start():
            # A lookbehind first in a top-level alternative sees nothing at the scan position: a
            # negative one always holds (dropped), a positive one needing a character never does.
            end = _source_group_end(src, i)
            if src[i + 3] == "!":
                text, i = "", end
            elif (width := _min_width(src[i + 4:end - 1], options)) is not None and width >= 1:
                text, i = "(?!)", end
            else:
                text, i = "(?<=", i + 4  # kept as it is (the pattern needs the slice)
                needs_slice = True
                scan.open(True)
                opened.append(None)
        elif c == "(":
            lookbehind = src.startswith(("(?<=", "(?<!"), i)
            lookaround = lookbehind or src.startswith(("(?=", "(?!"), i)
            at_start = scan.at_start
            scan.open(lookaround)
            text, i, _ = _group_open(src, i) if src.startswith("(?", i) else ("(", i + 1, False)
            if not text.endswith(")"):  # not a `(?i)` flag group: a group opens
                opened.append((len(out), at_start) if lookbehind else None)
        elif c == ")":
            scan.close()
            text, i = ")", i + 1
            lookbehind_at = opened.pop() if opened else (0, True)
            if lookbehind_at is not None:
                # A lookbehind that sees only what the match consumed behaves the same on the
                # whole text: one of width <= 1 after at least one consumed character.
                start, at_start = lookbehind_at
                needs_slice |= at_start or not _narrow_lookbehind(
                    "".join(out[start:]), extended, src)
        elif c == "|":
            scan.alternative()
            text, i = "|", i + 1
            if not opened:
                top_alternative = len(out) + 1  # out index where the next alternative starts
        elif c in "?*+" or (c == "{" and (q := _BRACES.match(src, i))):
            scan.quantifier(src, i)
            text, i = (q.group(0), q.end()) if c == "{" else (c, i + 1)
        elif c == "^":
            needs_slice |= scan.at_start and i > 0
            text, i = c, i + 1
        elif c == "$":
            text, i = c, i + 1
        elif extended and c in " \t\n\r\f\v":
            text, i = c, i + 1
        elif extended and c == "#":
            end = src.find("\n", i)
            end = n if end < 0 else end
            text, i = src[i:end], end
        else:
            scan.atom()
            text, i = c, i + 1
        out.append(text)
    flags = re.M | (re.I if options & 1 else 0) | (re.X if options & 2 else 0) | (re.S if options & 4 else 0)
    pattern = "".join(out)
    if rewrote and ("(?:" in pattern or "(?>" in pattern or "(?#" in pattern):
        # The scan analysis reads `(?:` as `(`, a quantifier and an atom; with such groups
        # around, keep the whole pattern as it was (matched on the slice if it must be).
        return translate(src, options, search, alternatives=False)
    translated = Translated(pattern, needs_slice, bol, flags)
    if needs_slice and not search and _never_at_scan_start(pattern, flags):
        translated.regex  # noqa: B018 - a pattern Python rejects must still fail
        return Translated(_NEVER, False, bol)
    return translated


_NEVER = re.compile("(?!)", re.M)


def _never_at_scan_start(pattern: str, flags: int) -> bool:
    """True for a pattern that must begin with a lookbehind needing at least one character: at
    Ruby's scan position it sees nothing before, so the rule can never match (e.g. JavaScript's
    ``(?<=\\n)(?=\\s|/|<!--)``)."""
    if not pattern.startswith("(?<="):
        return False
    try:
        end, _ = _group_end(pattern, 0)
        _, bars = _group_end("(" + pattern + ")", 0)  # the pattern's top-level alternatives
        inner = _sre_parse.parse(pattern[4:end], flags & re.X)
    except (re.error, IndexError, ValueError):
        return False
    return not bars and inner.getwidth()[0] >= 1


def _group_end(pattern: str, start: int) -> tuple[int, list[int]]:
    """The index of the ``)`` closing the group opened at ``start``, and its top-level ``|``s."""
    depth, i, bars, in_class = 0, start, [], False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith(("[^]", "[]"), i):
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i, bars
        elif c == "|" and depth == 1:
            bars.append(i)
        i += 1
    raise re.error("unbalanced group")


def _split_lookbehinds(pattern: str) -> str:
    """Onigmo allows ``(?<=a|bc)``; Python needs one fixed width per lookbehind."""
    out, i = [], 0
    while (j := pattern.find("(?<", i)) >= 0:
        if pattern[j + 3] not in "=!" or (j and pattern[j - 1] == "\\"):
            out.append(pattern[i:j + 3])
            i = j + 3
            continue
        end, bars = _group_end(pattern, j)
        kind, cuts = pattern[j + 3], [j + 4, *[b + 1 for b in bars]]
        alts = [pattern[a:b - 1] for a, b in zip(cuts, [*[b + 1 for b in bars], end + 1])]
        parts = [f"(?<{kind}{alt})" for alt in alts]
        out.append(pattern[i:j])
        out.append("(?:" + "|".join(parts) + ")" if kind == "=" else "".join(parts))
        i = end + 1
    out.append(pattern[i:])
    return "".join(out)
