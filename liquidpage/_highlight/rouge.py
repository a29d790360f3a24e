"""A port of Rouge 3.30's ``RegexLexer`` engine (``rouge/regex_lexer.rb``) running the generated
state tables of ``lexers/`` plus hand-ported Ruby blocks (``lang_fixes.py``)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from liquidpage._highlight.engine import Tok, merge
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS
from liquidpage._highlight.rubyre import Translated, translate

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

    def compile(self) -> Translated:
        try:
            self.rx = _compile(self.src, self.opts)
        except (KeyError, ValueError, re.error) as err:  # Onigmo-only syntax
            raise Unported(f"{self.src!r}: {err}") from err
        return self.rx


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
        self.stack = ["root"]
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
        """Lex ``text`` from the current state; returns the raw (unmerged) tokens."""
        saved, self.out = self.out, []
        pos, n, null_steps = 0, len(text), 0
        while pos < n:
            size = self._step(text, pos)
            if size is None or (size == 0 and (null_steps := null_steps + 1) > MAX_NULL_SCANS):
                self.out.append(("err", text[pos]))
                pos += 1
                continue
            if size:
                null_steps = 0
            pos += size
        out, self.out = self.out, saved
        return out

    def _step(self, text: str, pos: int) -> int | None:
        rest: str | None = None
        bol = pos == 0 or text[pos - 1] == "\n"
        state = self.stack[-1]
        for rule in state if isinstance(state, list) else self.table.state(state):
            rx = rule.rx or rule.compile()
            if rx.bol and not bol:
                continue
            if rx.needs_slice:
                if rest is None:
                    rest = text[pos:]
                m = rx.regex.match(rest)
            else:
                m = rx.regex.match(text, pos)
            if m is None:
                continue
            self.m = m
            run_ops(self, rule.ops, None)
            return m.end() - m.start()
        return None


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
