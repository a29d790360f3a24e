"""A port of Rouge 3.30's ``RegexLexer`` engine (``rouge/regex_lexer.rb``) running the generated
state tables of ``rouge_states.py`` plus hand-ported Ruby blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
import importlib
import re
from typing import Any

from liquidpage._highlight.engine import Tok, merge
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS
from liquidpage._highlight.rubyre import Translated, translate

# A hand-ported Ruby rule block: called with the running lexer and the match.
Manual = Callable[["Run", "re.Match[str]"], None]
# Hand-ported blocks by "file.rb:line" (rule blocks and `start` blocks), filled by the lang modules.
MANUAL: dict[str, Callable[..., None]] = {}
MAX_NULL_SCANS = 5


class Rule:
    """One compiled rule: pattern plus the ops of its callback."""

    __slots__ = ("rx", "ops")

    def __init__(self, rx: Translated, ops: tuple[tuple[str, Any], ...]) -> None:
        self.rx, self.ops = rx, ops


class Unported(Exception):
    """A Ruby block nobody ported was needed (or the start block is missing); callers fall back."""


class Table:
    """A Rouge lexer's compiled states (mixins flattened) and keyword lists."""

    def __init__(self, tag: str) -> None:
        data = importlib.import_module(f"liquidpage._highlight.lexers.{REGEX_LEXERS[tag]}")
        self.tag = tag
        self.consts: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in data.CONSTS.items()}
        self.start: list[str] = data.START
        self.raw: dict[str, list[tuple]] = data.STATES
        self.states: dict[str, list[Rule]] = {}
        missing = [ref for ref in self.start if ref not in MANUAL]
        if missing:
            raise Unported(f"{tag}: {missing[0]}")

    def state(self, name: str) -> list[Rule]:
        """The flattened rules of state ``name`` (compiled on first use)."""
        rules = self.states.get(name)
        if rules is None:
            rules = self.states[name] = []
            for entry in self.raw[name]:
                if entry[0] == "mixin":
                    rules.extend(self.state(entry[1]))
                else:
                    try:
                        rx = _compile(entry[0], entry[1])
                    except (KeyError, ValueError, re.error) as err:  # Onigmo-only syntax
                        del self.states[name]
                        raise Unported(f"{self.tag}: {entry[0]!r}: {err}") from err
                    rules.append(Rule(rx, entry[2]))
        return rules


@lru_cache(maxsize=None)
def _compile(src: str, opts: int) -> Translated:
    return translate(src, opts)


@lru_cache(maxsize=None)
def table(tag: str) -> Table:
    return Table(tag)


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
        for ref in self.table.start:
            MANUAL[ref](self)

    # -- the DSL used by rule blocks (Rouge RegexLexer instance methods) --
    def token(self, cls: str, value: str | None = None) -> None:
        if value is None:
            value = self.m.group(0)  # type: ignore[union-attr]
        if value:
            self.out.append((cls, value))

    def groups(self, *classes: str) -> None:
        for i, cls in enumerate(classes, 1):
            value = self.m.group(i)  # type: ignore[union-attr]
            if value:
                self.out.append((cls, value))

    def push(self, state: str | list[Rule] | None = None) -> None:
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
        return self.table.consts[name]

    def sub(self, tag: str, key: str | None = None, **options: Any) -> Run:
        """A persistent sub-lexer (Rouge lexers keep ``@js = Javascript.new`` style instances)."""
        key = key or tag
        if key not in self.subs:
            self.subs[key] = Run(tag, options)
        return self.subs[key]

    def delegate(self, lexer: Run | Callable[[str], Iterator[Tok]], text: str | None = None) -> None:
        if text is None:
            text = self.m.group(0)  # type: ignore[union-attr]
        if isinstance(lexer, Run):
            self.out.extend(lexer.continue_lex(text))
        else:
            self.out.extend(lexer(text))

    def recurse(self, text: str | None = None) -> None:
        """Rouge ``recurse``: lex ``text`` with a fresh lexer of the same class."""
        self.delegate(Run(self.table.tag, self.options), text)

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
            rx = rule.rx
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
            for op, arg in rule.ops:
                _OPS[op](self, arg)
            return m.end() - m.start()
        return None


def _manual(run: Run, ref: str) -> None:
    block = MANUAL.get(ref)
    if block is None:
        raise Unported(f"{run.table.tag}: {ref}")
    block(run, run.m)


_OPS: dict[str, Callable[[Run, Any], None]] = {
    "token": Run.token, "groups": lambda r, a: r.groups(*a), "push": Run.push, "pop": Run.pop,
    "goto": Run.goto, "manual": _manual,
}


def tokenize(tag: str, code: str) -> Iterator[Tok]:
    """Lex ``code`` with a fresh Rouge lexer ``tag`` and merge its tokens (``Lexer#lex``)."""
    return merge(Run(tag).continue_lex(code))
