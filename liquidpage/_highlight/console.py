"""A port of Rouge 3.30's ``ConsoleLexer`` (``rouge/lexers/console.rb``) with its default options."""

from __future__ import annotations

import re
from collections.abc import Iterator

from liquidpage._highlight.engine import Tok, merge
from liquidpage._highlight.rouge import Run

_WS = "[ \t\r\n\f\v]"
LINE = re.compile(r".*?(?:\n|$)")
SNIP = re.compile(rf"{_WS}*(?:<\.+>|\.+){_WS}*")
# Default options: no ?prompt, so comments are off and the prompt ends at $ # > or ;
PROMPT = re.compile(r".*?(?:\$|\#|>|;)", re.S)
LEADING_WS = re.compile(f"{_WS}*")


def tokenize(code: str) -> Iterator[Tok]:
    """Rouge ``ConsoleLexer#stream_tokens``: each line is a snip, a prompt followed by shell code
    (lexed by one Shell lexer that continues across prompt lines), or output (``go``)."""
    shell = Run("shell")
    out: list[Tok] = []
    pos, n = 0, len(code)
    while pos < n:
        line = LINE.match(code, pos).group(0)  # type: ignore[union-attr]
        pos += len(line)
        if SNIP.fullmatch(line):
            shell.reset()
            out.append(("c", line))
        elif (prompt := PROMPT.match(line)) is not None:
            out.append(("gp", prompt.group(0)))
            rest = line[prompt.end():]
            ws = LEADING_WS.match(rest).group(0)  # type: ignore[union-attr]
            out.append(("w", ws))
            out.extend(shell.continue_lex(rest[len(ws):]))
        else:
            shell.reset()
            out.append(("go", line))
    return merge(out)
