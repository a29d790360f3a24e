"""Dispatch a Rouge lexer tag to its port (or to Pygments when a port is missing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from liquidpage._highlight import console, lang_fixes, rouge
from liquidpage._highlight.engine import Tok, merge, to_rouge
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS

# lang_fixes is imported for its side effect: it registers the hand-ported Ruby blocks.
_HAND_PORTS = lang_fixes.MANUAL

# Rouge tag -> Pygments alias, where the names differ.
PYGMENTS_NAME: dict[str, str] = {"plaintext": "text", "viml": "vim", "literate_haskell": "lhs"}


@lru_cache(maxsize=None)
def pygments_lexer(tag: str) -> Any:
    """A Pygments lexer configured to lex the text exactly as given (no stripping, no added \\n);
    imported lazily: only the fallback needs Pygments."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    for name in (PYGMENTS_NAME.get(tag, tag), tag.replace("_", "-")):
        try:
            return get_lexer_by_name(name, stripnl=False, ensurenl=False)
        except ClassNotFound:
            continue
    return None


def pygments_tokens(tag: str, code: str) -> Iterator[Tok]:
    """Pygments' lexer with Rouge's class names and token merging (no other fixes)."""
    lexer = pygments_lexer(tag)
    if lexer is None:
        return iter([("", code)] if code else [])
    return merge(to_rouge((t, v) for _, t, v in lexer.get_tokens_unprocessed(code)))


def tokenize(tag: str, code: str, options: dict[str, Any] | None = None) -> Iterator[Tok]:
    """Rouge's merged token stream for ``code`` lexed by lexer ``tag`` with ``options``."""
    return merge(tokens(tag, code, options))


def tokens(tag: str, code: str, options: dict[str, Any] | None = None) -> Iterable[Tok]:
    """``tokenize`` possibly unmerged (consecutive tokens of one class, empty tokens)."""
    if tag == "plaintext":  # Rouge PlainText: the whole text as one Text token
        return [("", code)] if code else []
    try:
        if tag in ("console", "irb"):
            return console.tokenize(code, options or {}, irb=tag == "irb")
        if tag in REGEX_LEXERS:
            return rouge.raw_tokens(tag, code, options)
    except (rouge.Unported, IndexError):
        # An unported Ruby block was needed, or the state stack ran empty (Rouge raises then).
        pass
    return pygments_tokens(tag, code)
