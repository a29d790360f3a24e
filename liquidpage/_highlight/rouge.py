"""A port of Rouge 3.30's ``RegexLexer`` engine (``rouge/regex_lexer.rb``) running the generated
state tables of ``lexers/`` plus hand-ported Ruby blocks (``lang_fixes.py``).

Rouge's ``step`` tries the rules of the current state one by one and runs the callback of the
first that matches at the scan position. The same results, faster (the token stream is the same
for every input; see benchmarks/bench_highlight.py for the figures):

- ``_program``: a state's rules become one alternation ``rule1(?P<_0>)|rule2(?P<_1>)|...``
  (Python's alternation takes the first alternative that matches, as ``step`` takes the first
  rule); ``m.lastindex`` is the marker of the rule that matched. Rules that cannot be moved into
  such a pattern (matched on ``text[pos:]``, named groups, conditionals) are tried on their own
  between combined segments, in order.
- ``_dispatcher``: in a big state, the next character selects a combined pattern of only the
  rules whose match can start with it.
- ``_ops_function``: a rule's op program becomes one generated Python function, with its group
  numbers shifted into the combined match. Hand-ported blocks get the rule's own match.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from liquidpage._highlight.engine import Tok, merge
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS
from liquidpage._highlight.rubyre import Translated, _sre_parse, translate

# Hand-ported Ruby blocks by "file.rb:line": rule blocks are called with (run, match), `start`
# blocks with (run). Filled by lang_fixes.py.
MANUAL: dict[str, Callable[..., None]] = {}
MAX_NULL_SCANS = 5


class Rule:
    """One rule: its pattern (compiled on first use: big Unicode classes are slow to compile)
    plus the ops of its callback."""

    __slots__ = ("rx", "ops", "src", "opts")

    def __init__(self, rx: Translated | None, ops: tuple[tuple[str, Any], ...],
                 src: str = "", opts: int = 0) -> None:
        self.rx, self.ops, self.src, self.opts = rx, ops, src, opts

    def translated(self) -> Translated:
        """The translated pattern, not compiled yet (see ``Translated.regex``)."""
        if self.rx is None:
            try:
                self.rx = _compile(self.src, self.opts)
            except (KeyError, ValueError, re.error) as err:  # Onigmo-only syntax
                raise Unported(f"{self.src!r}: {err}") from err
        return self.rx

    def compile(self) -> Translated:
        """The translated pattern, compiled (Unported if Python rejects it)."""
        rx = self.translated()
        try:
            rx.regex  # noqa: B018
        except re.error as err:
            raise Unported(f"{self.src!r}: {err}") from err
        return rx


class Unported(Exception):
    """A Ruby block nobody ported was needed (or the start block is missing); callers fall back."""


class Table:
    """A Rouge lexer's compiled states (mixins flattened) and keyword lists."""

    def __init__(self, tag: str) -> None:
        if tag not in REGEX_LEXERS:
            raise Unported(f"{tag} is not a RegexLexer")
        data = importlib.import_module(f"liquidpage._highlight.lexers.{REGEX_LEXERS[tag]}")
        self.tag = tag
        self.consts: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data.CONSTS.items()}
        self.start: list[tuple] = data.START  # ("program", ops) or ("manual", "file.rb:line")
        self.subs: dict[str, str] = data.SUBS  # sub-lexer name (`parent`, `@shell`) -> tag
        self.raw: dict[str, list[tuple]] = data.STATES
        self.states: dict[str, list[Rule]] = {}
        self.programs: dict[str, Program] = {}
        missing = [ref for kind, ref in self.start if kind == "manual" and ref not in MANUAL]
        if missing:
            raise Unported(f"{tag}: {missing[0]}")

    def state(self, name: str) -> list[Rule]:
        """The flattened rules of state ``name`` (built on first use, published complete so
        concurrent builds never see a half-filled state)."""
        rules = self.states.get(name)
        if rules is None:
            rules = self.states[name] = self._flatten(name, ())
        return rules

    def program(self, name: str) -> Program:
        """The compiled ``_program`` of state ``name`` (built on first use)."""
        program = self.programs.get(name)
        if program is None:
            program = self.programs[name] = _program(self.state(name))
        return program

    def _flatten(self, name: str, outer: tuple[str, ...]) -> list[Rule]:
        if name in outer:
            raise Unported(f"{self.tag}: mixin cycle through {name}")
        rules: list[Rule] = []
        for entry in self.raw[name]:
            if entry[0] == "mixin":
                done = self.states.get(entry[1])
                rules.extend(done if done is not None else self._flatten(entry[1], (*outer, name)))
            else:
                rules.append(Rule(None, entry[2], entry[0], entry[1]))
        return rules


@lru_cache(maxsize=None)
def _compile(src: str, opts: int) -> Translated:
    return translate(src, opts)


@lru_cache(maxsize=None)
def table(tag: str) -> Table:
    return Table(tag)


class PlainText:
    """Rouge ``PlainText`` as a sub-lexer: the text as one Text token."""

    def reset(self) -> None:
        pass

    def continue_lex(self, text: str) -> list[Tok]:
        return [("", text)] if text else []


def new_lexer(tag: str, options: dict[str, Any] | None = None) -> Run:
    """A lexer instance for delegation (``PlainText`` is the one non-RegexLexer supported)."""
    if tag == "plaintext":
        return PlainText()  # type: ignore[return-value]
    return Run(tag, options)


class Run:
    """One lexer instance: its state stack survives ``continue_lex`` calls (Rouge delegation)."""

    def __init__(self, tag: str, options: dict[str, Any] | None = None) -> None:
        self.table = table(tag)
        self.options = options or {}
        # A state is a name in the table or an anonymous rule list (Rouge ``push do … end``).
        self.stack: list[str | list[Rule]] = ["root"]
        self.out: list[Tok] = []
        self.vars: dict[str, Any] = {}
        self.m: re.Match[str] | None = None
        self.subs: dict[str, Run] = {}
        self.reset()

    def reset(self) -> None:
        """Rouge ``RegexLexer#reset!``: a fresh stack, then the ``start`` blocks."""
        self.stack[:] = ["root"]
        for kind, arg in self.table.start:
            if kind == "manual":
                MANUAL[arg](self)
            else:
                run_ops(self, arg, None)

    # -- the DSL used by rule blocks (Rouge RegexLexer instance methods) --
    def token(self, cls: str, value: str | None = None) -> None:
        """Rouge ``token``: emit ``value`` (default: the whole match) unless it is empty."""
        if value is None:
            value = self.m.group(0)  # type: ignore[union-attr]
        if value:
            self.out.append((cls, value))

    def groups(self, *classes: str) -> None:
        """Rouge ``groups``: one token per capture group (nil/empty groups emit nothing)."""
        for i, cls in enumerate(classes, 1):
            value = self.m.group(i)  # type: ignore[union-attr]
            if value:
                self.out.append((cls, value))

    def push(self, state: str | list[Rule] | None = None) -> None:
        """Rouge ``push``: a named or anonymous state, or the current one again."""
        self.stack.append(state or self.stack[-1])

    def pop(self, times: int = 1) -> None:
        del self.stack[-times:]

    def goto(self, state: str | list[Rule]) -> None:
        self.stack[-1] = state

    def reset_stack(self) -> None:
        self.stack[:] = ["root"]

    def in_state(self, name: str) -> bool:
        return name in self.stack

    def state_is(self, name: str) -> bool:
        return self.stack[-1] == name

    def keywords(self, name: str) -> frozenset[str]:
        """A keyword list of the lexer (``self.class.keywords`` and friends, dumped from Ruby)."""
        return self.table.consts[name]

    def sub(self, name: str) -> Run:
        """The persistent sub-lexer ``name`` (Rouge's ``parent``, ``@javascript``, …)."""
        run = self.subs.get(name)
        if run is None:
            run = self.subs[name] = new_lexer(self.table.subs[name], self.options)
        return run

    def delegate(self, lexer: Run | Callable[[str], Iterator[Tok]], text: str | None = None) -> None:
        """Rouge ``delegate``: ``lexer`` continues lexing ``text`` (default: the whole match)."""
        if text is None:
            text = self.m.group(0)  # type: ignore[union-attr]
        if isinstance(lexer, (Run, PlainText)):
            self.out.extend(lexer.continue_lex(text))
        else:
            self.out.extend(lexer(text))

    def recurse(self, text: str | None = None) -> None:
        """Rouge ``recurse``: ``delegate(self.class, text)``, i.e. a fresh lexer of the same
        class made by ``Lexer.lex``, without this lexer's options."""
        self.delegate(Run(self.table.tag), text)

    # -- the engine (Rouge RegexLexer#stream_tokens / #step) --
    def continue_lex(self, text: str) -> list[Tok]:
        """Lex ``text`` from the current state; returns the raw (unmerged) tokens.

        Rouge ``step`` tries the rules of the state in order and runs the first that matches at
        the scan position. Here each state is a precompiled program (``_program``): usually one
        combined pattern (maybe narrowed by the next character, ``_dispatcher``) where the rule
        that matched is ``m.lastindex``, else segments tried in order (``_step``).
        """
        saved, self.out = self.out, []
        out = self.out
        append = out.append
        stack = self.stack  # reset() and reset_stack() keep this list (they change it in place)
        programs = self.table.programs
        table = self.table
        pos, n, null_steps = 0, len(text), 0
        last_state: Any = None
        program: Program = (None, None, (), None, None)
        while pos < n:
            state = stack[-1]
            if state is not last_state:  # most steps stay in their state
                if state.__class__ is str:
                    program = programs.get(state) or table.program(state)  # type: ignore[arg-type]
                else:
                    program = _anonymous_program(state)  # type: ignore[arg-type]
                last_state = state
            match = program[0]
            if match is not None:  # the state is one combined pattern (the common case)
                dispatch = program[3]
                if dispatch is None:
                    entries = program[1]
                else:  # only the rules that can start with this character (_dispatcher)
                    char = text[pos]
                    match, entries = dispatch.get(char) or program[4](char)
                m = match(text, pos) if match is not None else None
                if m is None:
                    append(("err", text[pos]))
                    pos += 1
                    continue
                code, arg, rule = entries[m.lastindex]
                size = m.end() - pos
                combined = True
            else:
                found = _step(program[2], text, pos)
                if found is None:
                    append(("err", text[pos]))
                    pos += 1
                    continue
                m, size, combined, (code, arg, rule) = found
            if code is _TOKEN:  # the most common rule: `token Class`
                if size:
                    append((arg, m.group()))
            elif code is _CODE:
                self.m = m
                arg(self, m, out)
            else:  # _REMATCH: a hand-ported block gets the rule's own match
                self.m = rule.rx.regex.match(text, pos) if combined else m
                run_ops(self, rule.ops, None)
            if size:
                null_steps = 0
                pos += size
            elif (null_steps := null_steps + 1) > MAX_NULL_SCANS:
                append(("err", text[pos]))
                pos += 1
        self.out = saved
        return out


def _step(segments: tuple[Segment, ...], text: str, pos: int) -> tuple | None:
    """Try the segments of a program in order: ``(match, size, combined, entry)`` or None."""
    for rx, kind, payload in segments:
        if kind is _COMBINED:
            m = rx.match(text, pos)
            if m is not None:
                return m, m.end() - pos, True, payload[m.lastindex]
            continue
        if kind is _BROKEN:  # reached a rule whose pattern does not translate
            payload.compile()  # raises Unported
        rule = payload[2]
        if rule.rx.bol and not (pos == 0 or text[pos - 1] == "\n"):
            continue
        if kind is _SLICED:  # Rouge's \A, \b, lookbehind see the rest of the text only
            m = rx.match(text[pos:])
            if m is not None:
                return m, m.end(), False, payload
        else:
            m = rx.match(text, pos)
            if m is not None:
                return m, m.end() - pos, False, payload
    return None


# Program segment kinds, and how a rule's ops run (compared with `is`).
_COMBINED, _SINGLE, _SLICED, _BROKEN = "combined", "single", "sliced", "broken"
_TOKEN, _CODE, _REMATCH = "token", "code", "rematch"
_FLAG_LETTERS = ((re.I, "i"), (re.S, "s"), (re.X, "x"))
# Patterns that cannot be moved into a combined pattern: conditionals, named groups, global
# inline flags after the start. Numbered back-references are renumbered (_renumber).
_NOT_COMBINABLE = re.compile(r"\(\?\(|\(\?P[<=]|.\(\?[aiLmsux]+\)", re.S)
_BACKREF = re.compile(r"\\[1-9]")
_LEADING_FLAGS = re.compile(r"(?:\(\?[imsux]+\))+")
_FLAG_OF_LETTER = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}
Segment = tuple[re.Pattern[str], str, Any]
Program = tuple[Any, Any, tuple[Segment, ...], Any, Any]


def _renumber(pattern: str, offset: int) -> str | None:
    """``pattern`` with its back-references ``\\1``..``\\9`` moved up by ``offset`` groups, or
    None if that cannot be done safely (a reference followed by a digit, or past group 99)."""
    if "\\" not in pattern:
        return pattern
    out, i, n, in_class, body = [], 0, len(pattern), False, 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            nxt = pattern[i + 1:i + 2]
            if not in_class and nxt and nxt in "123456789":
                number = int(nxt) + offset
                if number > 99 or pattern[i + 2:i + 3].isdigit():
                    return None
                out.append(f"\\{number}")
            else:  # any other escape, or an octal escape in a class
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]" or i == body  # a "]" first in a class is a member
        elif c == "[":
            in_class, body = True, i + 1 + (pattern[i + 1:i + 2] == "^")
        out.append(c)
        i += 1
    return "".join(out)


def _alternative(rx: Translated, offset: int | None) -> str | None:
    """``rx`` as one alternative of a combined pattern compiled with ``re.M``: followed by the
    empty marker group ``(?P<_k>)`` (added by ``_program``; ``m.lastindex`` names the rule), its
    own flags scoped to it, and a Rouge beginning-of-line rule guarded by ``^`` (with ``re.M``
    and ``match(text, pos)`` that holds exactly when ``pos`` is 0 or follows a newline, the
    condition Rouge checks before trying such a rule). ``offset``: the number of groups before
    it (needed only to renumber back-references; None when not known). None when the rule
    must be tried on its own."""
    flags, body = rx.flags, rx.pattern
    if leading := _LEADING_FLAGS.match(body):  # global flags at the start: scoped instead
        body = body[leading.end():]
        for letter in leading.group(0):
            flags |= _FLAG_OF_LETTER.get(letter, 0)
    if rx.needs_slice or not flags & re.M or _NOT_COMBINABLE.search(body):
        return None
    if flags & ~(re.M | re.U | re.I | re.S | re.X):
        return None
    letters = "".join(c for flag, c in _FLAG_LETTERS if flags & flag)
    if _BACKREF.search(body):
        if flags & re.X or offset is None:
            return None  # (a comment could hide a class bracket from _renumber)
        renumbered = _renumber(body, offset)
        if renumbered is None:
            return None
        body = renumbered
    if flags & re.X:
        body += "\n"  # ends a trailing # comment
    if letters:
        body = f"(?{letters}:{body})"
    elif "|" in body:
        body = f"(?:{body})"
    # The marker is an empty group after the rule (not a group around it: sre's branch skips an
    # alternative at once when its first item, a literal or a class, cannot match; a group
    # in front would hide that item).
    return ("^" if rx.bol else "") + body


def _entry(rule: Rule, offset: int | None, groups: int | None) -> tuple[str, Any, Rule]:
    """How the loop runs ``rule``'s ops: ``(_TOKEN, class, rule)``, ``(_CODE, function, rule)``
    or ``(_REMATCH, None, rule)``. ``offset``: the number of groups before the rule's own in a
    combined pattern and ``groups`` its group count, None when the rule has its own pattern."""
    ops = rule.ops
    if len(ops) == 1 and ops[0][0] == "token":
        return _TOKEN, ops[0][1], rule
    function = _ops_function(ops, offset or 0, groups)
    if function is not None:
        return _CODE, function, rule
    return _REMATCH, None, rule


class _NoCode(Exception):
    """An op program ``_ops_function`` leaves to ``run_ops``."""


def _ops_function(ops: tuple, offset: int, groups: int | None) -> Callable[..., None] | None:
    """The op program ``ops`` (as ``run_ops`` runs it) as a Python function ``(run, m, out)``:
    no per-op dispatch, keyword lists and literals bound once. ``m`` is the match, the rule's
    group ``i`` being ``m.group(offset + i)``; ``groups``: the rule's group count when ``m`` is a
    combined match (a larger group number raises IndexError on the rule's own match: such a
    program is left to ``run_ops``, as are hand-ported blocks, which get the rule's own match).
    ``out`` is ``run.out``. None when not compiled."""
    consts: dict[str, Any] = {}

    def const(value: Any) -> str:
        name = f"k{len(consts)}"
        consts[name] = value
        return name

    def group(n: int) -> str:
        if not isinstance(n, int) or (groups is not None and n > groups):
            raise _NoCode
        return f"m.group({n + offset if n else 0})"

    def value(expr: tuple) -> str:
        kind = expr[0]
        if kind == "group":
            return group(expr[1])
        if kind == "str":
            return const(expr[1])
        if kind == "var":
            return f"env.get({const(expr[1])})"
        if kind == "downcase":
            return f"_downcase({value(expr[1])})"
        if kind == "upcase":
            return f"_upcase({value(expr[1])})"
        raise _NoCode

    def test(cond: tuple) -> str:
        kind = cond[0]
        if kind == "in":
            return f"({value(cond[2])} in run.table.consts[{const(cond[1])}])"
        if kind == "in_literal":
            return f"({value(cond[2])} in {const(cond[1])})"
        if kind == "eq":
            return f"({value(cond[1])} == {value(cond[2])})"
        if kind == "not":
            return f"(not {test(cond[1])})"
        if kind in ("and", "or"):
            return "(" + f" {kind} ".join(test(c) for c in cond[1]) + ")" if cond[1] else (
                "True" if kind == "and" else "False")
        if kind == "search":
            return f"_search_value({const(cond[1])}, {const(cond[2])}, {value(cond[3])})"
        if kind == "state":
            return f"(stack[-1] == {const(cond[1])})"
        if kind == "truthy":
            return f"({value(cond[1])} is not None)"
        if kind == "in_state":
            return f"({const(cond[1])} in stack)"
        raise _NoCode

    def emit_token(cls: str, expr: str, indent: str) -> None:
        lines.append(f"{indent}v = {expr}")
        lines.append(f"{indent}if v:")
        lines.append(f"{indent}    out.append(({const(cls)}, v))")

    def block(body: tuple, indent: str) -> None:
        start = len(lines)
        for op in body:
            kind = op[0]
            if kind == "token":
                emit_token(op[1], "m.group(0)", indent)
            elif kind == "groups":
                for i, cls in enumerate(op[1], 1):
                    emit_token(cls, group(i), indent)
            elif kind == "push":
                lines.append(f"{indent}stack.append({const(op[1]) if op[1] else 'stack[-1]'})")
            elif kind == "pop":
                lines.append(f"{indent}del stack[-{const(op[1])}:]")
            elif kind == "goto":
                lines.append(f"{indent}stack[-1] = {const(op[1])}")
            elif kind == "if":
                for i, (cond, then) in enumerate(op[1]):
                    lines.append(f"{indent}{'elif' if i else 'if'} {test(cond)}:")
                    block(then, indent + "    ")
                lines.append(f"{indent}else:")
                block(op[2], indent + "    ")
            elif kind == "token_expr":
                emit_token(op[1], value(op[2]), indent)
            elif kind == "recurse":
                lines.append(f"{indent}run.recurse({value(op[1])})")
            elif kind == "set":
                lines.append(f"{indent}env[{const(op[1])}] = {value(op[2])}")
            elif kind == "reset_stack":
                lines.append(f"{indent}run.reset_stack()")
            elif kind == "delegate_sub":
                text = "None" if op[2] is None else value(op[2])
                lines.append(f"{indent}run.delegate(run.sub({const(op[1])}), {text})")
            elif kind == "delegate_new":
                text = "None" if op[2] is None else value(op[2])
                lines.append(f"{indent}run.delegate(new_lexer({const(op[1])}), {text})")
            elif kind == "reset_sub":
                lines.append(f"{indent}run.sub({const(op[1])}).reset()")
            else:  # manual (or unknown)
                raise _NoCode
        if len(lines) == start:
            lines.append(f"{indent}pass")

    lines: list[str] = []
    try:
        block(ops, "    ")
    except _NoCode:
        return None
    head = ["def rule(run, m, out):", "    stack = run.stack"]
    if any("env" in line for line in lines):
        head.append("    env = {}")
    namespace = dict(consts, _downcase=_downcase, _upcase=_upcase, _search_value=_search_value,
                     new_lexer=new_lexer)
    exec("\n".join(head + lines), namespace)  # noqa: S102 - source built above from op tuples
    return namespace["rule"]  # type: ignore[no-any-return]


def _downcase(value: str | None) -> str:
    if value is None:
        raise Unported("method call on nil")
    return value.lower()


def _upcase(value: str | None) -> str:
    if value is None:
        raise Unported("method call on nil")
    return value.upper()


def _search_value(src: str, opts: int, value: str | None) -> bool:
    return value is not None and _search(src, opts, value)


def _program(rules: list[Rule]) -> Program:
    """A state's rules as segments tried in order; consecutive combinable rules share one
    alternation (Python tries the alternatives left to right and takes the first that matches,
    as Rouge's ``step`` takes the first matching rule). A rule whose pattern does not translate
    or compile ends the program with a segment that raises Unported when the scan reaches it
    (as trying the rules one by one would). A program is ``(match, entries, (), dispatch,
    build)`` when it is one combined pattern (its ``match`` method and rule entries by marker;
    ``dispatch``/``build``: see ``_dispatcher``, None for a few rules), else
    ``(None, None, segments, None, None)``."""
    segments: list[Segment] = []
    pending: list[tuple[Rule, str, int | None]] = []  # (rule, alternative, assumed offset)
    members: list[tuple[Rule, int]] = []  # of the last combined segment: (rule, group count)

    def single(rule: Rule) -> bool:
        try:
            rx = rule.compile()
        except Unported:
            segments.append((None, _BROKEN, rule))  # type: ignore[arg-type]
            return False
        entry = _entry(rule, None, None)
        segments.append((rx.regex, _SLICED if rx.needs_slice else _SINGLE, entry))
        return True

    def flush() -> bool:
        if not pending:
            return True
        parts = [f"{alternative}(?P<_{k}>)" for k, (_, alternative, _) in enumerate(pending)]
        try:
            combined = re.compile("|".join(parts), re.M)
        except re.error:
            combined = None
        entries: dict[int, tuple] = {}
        counts: list[tuple[Rule, int]] = []  # (rule, its group count)
        previous = 0
        for k, (rule, _, assumed) in enumerate(pending):
            if combined is None:
                break
            marker = combined.groupindex[f"_{k}"]
            if assumed is not None and assumed != previous:  # a back-reference renumbered wrong
                combined = None
                break
            entries[marker] = _entry(rule, previous, marker - previous - 1)
            counts.append((rule, marker - previous - 1))
            previous = marker
        rules_ = [rule for rule, _, _ in pending]
        pending.clear()
        if combined is not None:
            segments.append((combined, _COMBINED, entries))
            members[:] = counts
            return True
        members.clear()
        return all(single(rule) for rule in rules_)  # stops at a pattern Python rejects

    for rule in rules:
        try:
            rx = rule.translated()
            if "(?<" in rx.pattern:  # a lookbehind Python may reject unless split (rubyre)
                rx = rule.compile()
        except Unported:
            if flush():
                segments.append((None, _BROKEN, rule))  # type: ignore[arg-type]
            break
        offset = None
        if _BACKREF.search(rx.pattern):
            offset = sum(_group_count(r.rx) + 1 for r, _, _ in pending if r.rx is not None)
        alternative = _alternative(rx, offset)
        if alternative is None:
            if not (flush() and single(rule)):
                break
            continue
        pending.append((rule, alternative, offset))
    else:
        flush()
    if len(segments) == 1 and segments[0][1] is _COMBINED:
        full = (segments[0][0].match, segments[0][2])
        if len(members) < _DISPATCH_MIN:
            return (*full, (), None, None)
        dispatch: dict[str, tuple] = {}
        return (*full, (), dispatch, _dispatcher(members, full, dispatch))
    return (None, None, tuple(segments), None, None)


# A state of at least this many rules in one combined pattern dispatches on the next character,
# once it has been entered that many times with a character not dispatched yet.
_DISPATCH_MIN = 6
_DISPATCH_AFTER = 300


def _dispatcher(members: list[tuple[Rule, int]], full: tuple,
                dispatch: dict[str, tuple]) -> Callable[[str], tuple]:
    """The function filling ``dispatch``: character -> (match, entries) of a combined pattern of
    only the rules whose match can start with that character (``_first_chars``; for a letter:
    with any letter), in their order.
    Where the full pattern's first matching alternative starts with ``c``, so does the subset's
    first matching one: the rules left out cannot match there. ``(None, None)``: no rule can.
    Characters beyond ASCII, and any doubt, use the full pattern."""
    computed: list[list[int]] = []  # [masks] once computed (published whole: threads may race)
    subsets: dict[tuple[int, ...], tuple] = {}
    warmup = [_DISPATCH_AFTER]

    def build(char: str) -> tuple:
        if warmup[0] > 0:  # not yet: compiling the subsets costs more than a short text gains
            warmup[0] -= 1
            return full
        if not computed:
            computed.append([_first_chars(rule.rx, count) for rule, count in members])  # type: ignore[arg-type]
        masks = computed[0]
        code = ord(char)
        if code >= 128:
            found = full
        else:
            # All ASCII letters share one subset: per letter, keyword rules would make many
            # patterns, each compiling the state's big Unicode classes again.
            probe = _ASCII_LETTERS if _ASCII_LETTERS >> code & 1 else 1 << code
            chosen = tuple(k for k, mask in enumerate(masks) if mask & probe)
            known = subsets.get(chosen)
            if known is None:
                known = subsets[chosen] = (
                    full if len(chosen) == len(masks) else (None, None) if not chosen
                    else _combine([members[k] for k in chosen]) or full)
            found = known
        dispatch[char] = found
        return found

    return build


def _combine(members: list[tuple[Rule, int]]) -> tuple | None:
    """``(match, entries)`` of a combined pattern of these (combinable) rules; None if it fails."""
    parts, entries, offset = [], {}, 0
    for k, (rule, count) in enumerate(members):
        alternative = _alternative(rule.rx, offset)  # type: ignore[arg-type]
        if alternative is None:
            return None
        parts.append(f"{alternative}(?P<_{k}>)")
        entries[k] = (rule, offset, count)
        offset += count + 1
    try:
        combined = re.compile("|".join(parts), re.M)
    except re.error:
        return None
    by_marker = {}
    for k, (rule, offset, count) in entries.items():
        marker = combined.groupindex[f"_{k}"]
        if marker != offset + count + 1:
            return None
        by_marker[marker] = _entry(rule, offset, count)
    return combined.match, by_marker


_ALL_ASCII = (1 << 128) - 1
_LOCALE, _IGNORECASE = int(re.L), int(re.I)
_ASCII_LETTERS = sum(1 << c for c in range(128) if chr(c).isalpha())


def _first_chars(rx: Translated, groups: int) -> int:
    """A superset of the ASCII characters a match of ``rx`` (as combined, ``_alternative``) can
    start with, as a bit mask (bit c: chr(c)); all of them if it can match the empty string."""
    alternative = _alternative(rx, 0 if _BACKREF.search(rx.pattern) else None)
    if alternative is None:
        return _ALL_ASCII
    try:
        tree = _sre_parse.parse(alternative, re.M)
    except (re.error, RecursionError, ValueError):
        return _ALL_ASCII
    mask, nullable = _first(tree.data, int(re.M))  # plain ints: RegexFlag operators are slow
    return _ALL_ASCII if nullable else mask


def _first(items: Any, flags: int) -> tuple[int, bool]:
    """(first characters, can be empty) of a sequence of sre parse items."""
    sre = _sre_parse
    mask = 0
    for op, av in items:
        if op is sre.LITERAL or op is sre.IN:
            return mask | _charset(op, av, flags), False
        if op is sre.NOT_LITERAL or op is sre.ANY or op is sre.CATEGORY:
            return _ALL_ASCII, False
        if op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:
            continue  # zero-width (skipping a lookaround only widens the set)
        if op is sre.SUBPATTERN:
            _, add, remove, sub = av
            first, nullable = _first(sub.data, (flags | add) & ~remove)
        elif op is sre.BRANCH:
            first, nullable = 0, False
            for alternative in av[1]:
                more, empty = _first(alternative.data, flags)
                first, nullable = first | more, nullable or empty
        elif op in _REPEATS:
            low, high, sub = av
            if high == 0:
                continue
            first, nullable = _first(sub.data, flags)
            nullable = nullable or low == 0
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            first, nullable = _first(av.data, flags)
        else:  # back-references, conditionals, anything else: no idea
            return _ALL_ASCII, True
        mask |= first
        if not nullable:
            return mask, False
    return mask, True


_REPEATS = tuple(getattr(_sre_parse, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre_parse, name))


def _charset(op: Any, av: Any, flags: int) -> int:
    """The ASCII characters of a literal or class item (a superset when ignoring case)."""
    sre = _sre_parse
    if flags & _LOCALE:
        return _ALL_ASCII
    ignore = flags & _IGNORECASE
    mask, negated = 0, False
    for kind, arg in [(sre.LITERAL, av)] if op is sre.LITERAL else av:
        if kind is sre.NEGATE:
            negated = True
            continue
        if kind is sre.LITERAL:
            low = high = arg
        elif kind is sre.RANGE:
            low, high = arg
        else:  # a category (\w ...) or anything else: every character
            return _ALL_ASCII
        if low < 128:
            mask |= ((1 << (min(high, 127) + 1)) - 1) & ~((1 << low) - 1)
        if high >= 128 and ignore:
            mask |= _ASCII_LETTERS  # a non-ASCII letter can equal an ASCII one ignoring case
    if ignore:
        for c in range(128):
            if mask >> c & 1 and chr(c).isalpha():
                mask |= 1 << ord(chr(c).swapcase())
    if negated:
        return _ALL_ASCII if ignore else _ALL_ASCII & ~mask
    return mask


def _group_count(rx: Translated) -> int:
    """The number of capturing groups of ``rx`` (parsed, not compiled, when not compiled yet)."""
    if rx._regex is not None:  # noqa: SLF001
        return rx._regex.groups  # noqa: SLF001
    return _parsed_group_count(rx.pattern, rx.flags)


@lru_cache(maxsize=None)
def _parsed_group_count(pattern: str, flags: int) -> int:
    return _sre_parse.parse(pattern, flags).state.groups - 1  # type: ignore[no-any-return]


_ANONYMOUS: dict[int, tuple[list[Rule], Program]] = {}


def _anonymous_program(rules: list[Rule]) -> Program:
    """The program of an anonymous state (a rule list made by a hand-ported block; they are
    cached there, so keyed by identity; the list is kept alive with its program)."""
    found = _ANONYMOUS.get(id(rules))
    if found is None or found[0] is not rules:
        found = _ANONYMOUS[id(rules)] = (rules, _program(rules))
    return found[1]


def run_ops(run: Run, ops: tuple[tuple, ...], env: dict[str, str | None] | None) -> None:
    """Execute a rule's op program (see gen_ruby_blocks.py for the ops a Ruby block becomes)."""
    for op in ops:
        kind = op[0]
        if kind == "token":
            run.token(op[1])
        elif kind == "push":
            run.push(op[1])
        elif kind == "pop":
            run.pop(op[1])
        elif kind == "groups":
            run.groups(*op[1])
        elif kind == "goto":
            run.goto(op[1])
        elif kind == "manual":
            block = MANUAL.get(op[1])
            if block is None:
                raise Unported(f"{run.table.tag}: {op[1]}")
            block(run, run.m)
        else:
            env = {} if env is None else env
            _RICH_OPS[kind](run, op, env)


def _value(run: Run, expr: tuple, env: dict[str, str | None]) -> str | None:
    kind = expr[0]
    if kind == "group":
        return run.m.group(expr[1])  # type: ignore[union-attr]
    if kind == "str":
        return expr[1]
    if kind == "var":
        return env.get(expr[1])
    inner = _value(run, expr[1], env)
    if inner is None:
        raise Unported("method call on nil")
    return inner.lower() if kind == "downcase" else inner.upper()


def _test(run: Run, cond: tuple, env: dict[str, str | None]) -> bool:
    kind = cond[0]
    if kind == "in":
        return _value(run, cond[2], env) in run.keywords(cond[1])
    if kind == "in_literal":
        return _value(run, cond[2], env) in cond[1]
    if kind == "eq":
        return _value(run, cond[1], env) == _value(run, cond[2], env)
    if kind == "not":
        return not _test(run, cond[1], env)
    if kind == "and":
        return all(_test(run, c, env) for c in cond[1])
    if kind == "or":
        return any(_test(run, c, env) for c in cond[1])
    if kind == "search":
        value = _value(run, cond[3], env)
        return value is not None and _search(cond[1], cond[2], value)
    if kind == "state":
        return run.state_is(cond[1])
    if kind == "truthy":
        return _value(run, cond[1], env) is not None
    return run.in_state(cond[1])  # in_state


def _search(src: str, opts: int, value: str) -> bool:
    """Ruby ``value =~ /src/`` (an unanchored search over the whole string)."""
    return _compile_search(src, opts).search(value) is not None


@lru_cache(maxsize=None)
def _compile_search(src: str, opts: int) -> re.Pattern[str]:
    return translate(src, opts, search=True).regex


def _if(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    for cond, body in op[1]:
        if _test(run, cond, env):
            run_ops(run, body, env)
            return
    run_ops(run, op[2], env)


def _token_expr(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    value = _value(run, op[2], env)
    if value:
        run.out.append((op[1], value))


def _recurse(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    run.recurse(_value(run, op[1], env))  # Rouge: a nil text means the whole match


def _set(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    env[op[1]] = _value(run, op[2], env)


def _delegate_sub(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    run.delegate(run.sub(op[1]), None if op[2] is None else _value(run, op[2], env))


def _delegate_new(run: Run, op: tuple, env: dict[str, str | None]) -> None:
    """``delegate SomeLexerClass[, text]``: a fresh lexer of that class."""
    lexer = new_lexer(op[1])
    run.delegate(lexer, None if op[2] is None else _value(run, op[2], env))


_RICH_OPS: dict[str, Callable[[Run, tuple, dict[str, str | None]], None]] = {
    "if": _if, "token_expr": _token_expr, "recurse": _recurse, "set": _set,
    "reset_stack": lambda run, op, env: run.reset_stack(),
    "delegate_sub": _delegate_sub, "delegate_new": _delegate_new,
    "reset_sub": lambda run, op, env: run.sub(op[1]).reset(),
}


def tokenize(tag: str, code: str, options: dict[str, Any] | None = None) -> Iterator[Tok]:
    """Lex ``code`` with a fresh Rouge lexer ``tag`` and merge its tokens (``Lexer#lex``)."""
    return merge(Run(tag, options).continue_lex(code))


def raw_tokens(tag: str, code: str, options: dict[str, Any] | None = None) -> list[Tok]:
    """``tokenize`` before merging (``engine.format_html`` merges as it goes)."""
    return Run(tag, options).continue_lex(code)
