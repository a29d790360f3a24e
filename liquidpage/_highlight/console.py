"""A port of Rouge 3.30's ``ConsoleLexer`` (``rouge/lexers/console.rb``), options included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from liquidpage._highlight.engine import Tok, merge
from liquidpage._highlight.rouge import PlainText, Run, Unported
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS, REGISTRY

_WS = "[ \t\r\n\f\v]"
LINE = re.compile(r".*?(?:\n|$)")
SNIP = re.compile(rf"{_WS}*(?:<\.+>|\.+){_WS}*")
LEADING_WS = re.compile(f"{_WS}*")
COMMENT = re.compile(rf"{_WS}*?#")


def as_bool(value: Any) -> bool:
    """Rouge ``Lexer#as_bool``."""
    if isinstance(value, list):
        return True if not value else as_bool(value[-1])
    return value not in (None, False, 0, "0", "false", "off")


def as_list(value: Any) -> list[str]:
    """Rouge ``Lexer#as_list``: comma-separated strings."""
    if isinstance(value, list):
        return [part for v in value for part in as_list(v)]
    return value.split(",") if isinstance(value, str) else []


class OutputText(PlainText):
    """The default output lexer: ``PlainText.new(token: Generic::Output)``."""

    def continue_lex(self, text: str) -> list[Tok]:
        return [("go", text)] if text else []


def _lexer(name: Any, options: dict[str, Any]) -> Run | PlainText | None:
    """Rouge ``as_lexer`` for a lexer name given as an option (``Lexer.find``, then ``new``)."""
    if isinstance(name, list):
        name = name[-1] if name else None
    tag = REGISTRY.get(name) if isinstance(name, str) else None
    if tag is None:
        return None
    if tag == "plaintext":
        return PlainText()
    if tag not in REGEX_LEXERS:
        raise Unported(f"console: {tag} as a sub-lexer")
    return Run(tag, options)


class Console:
    """``ConsoleLexer#initialize`` and its helpers (``end_chars``, ``prompt_regex`` …)."""

    def __init__(self, options: dict[str, Any]) -> None:
        options = dict(options)
        prompt = as_list(options.pop("prompt", None))
        lang, output = options.pop("lang", None), options.pop("output", None)
        self.comments = as_bool(options["comments"]) if "comments" in options else None
        error = as_list(options.pop("error", None))
        self.lang = _lexer(lang, options) or Run("shell", options)
        self.output = _lexer(output, options) or OutputText()
        allow = self.comments
        if allow is None:  # :guess
            allow = bool(prompt) and "#" not in [c for c in prompt if c]
        self.allow_comments = allow
        if prompt:
            end_chars = [c for c in prompt if c]
        else:
            end_chars = ["$", ">", ";"] if allow else ["$", "#", ">", ";"]
        prefix = "[^<#]*?" if allow else ".*?"
        self.prompt = re.compile(prefix + "(?:" + "|".join(map(re.escape, end_chars)) + ")", re.S)
        self.error = re.compile("|".join(map(re.escape, error))) if error else None

    def process_line(self, line: str, out: list[Tok]) -> None:
        """Rouge ``ConsoleLexer#process_line``."""
        if SNIP.fullmatch(line):
            self.output.reset()
            self.lang.reset()
            out.append(("c", line))
        elif (prompt := self.prompt.match(line)) is not None:
            self.output.reset()
            out.append(("gp", prompt.group(0)))
            rest = line[prompt.end():]
            ws = LEADING_WS.match(rest).group(0)  # type: ignore[union-attr]
            out.append(("w", ws))
            out.extend(self.lang.continue_lex(rest[len(ws):]))
        elif self.allow_comments and COMMENT.match(line.strip(" \t\n\v\f\r\0")):
            self.output.reset()
            self.lang.reset()
            out.append(("c", line))
        elif self.error is not None and self.error.match(line):
            self.output.reset()
            self.lang.reset()
            out.append(("gr", line))
        else:
            self.lang.reset()
            out.extend(self.output.continue_lex(line))


class IRB(Console):
    """Rouge ``IRBLexer`` (``irb.rb``): Ruby after ``irb``/``pry`` prompts, ``irb_output`` output,
    ``#`` comments always allowed."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        rest = {k: v for k, v in options.items() if k not in ("prompt", "lang", "output", "error")}
        self.lang = Run("ruby", rest)
        self.output = Run("irb_output", rest)
        self.prompt = re.compile(r'.*?(irb|pry).*?[>"*]')
        self.allow_comments = True


def tokenize(code: str, options: dict[str, Any], irb: bool = False) -> Iterator[Tok]:
    """Rouge ``ConsoleLexer#stream_tokens``: each line is a snip, a prompt followed by code (one
    lexer continuing across prompt lines, Shell by default), a comment, an error, or output."""
    lexer = IRB(options) if irb else Console(options)
    out: list[Tok] = []
    pos, n = 0, len(code)
    while pos < n:
        line = LINE.match(code, pos).group(0)  # type: ignore[union-attr]
        pos += len(line)
        lexer.process_line(line, out)
    return merge(out)
