"""Per-Rouge-lexer tokenizers: a Pygments lexer plus token fixes, or a port of Rouge's lexer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from liquidpage._highlight import rouge
from liquidpage._highlight.engine import Tok, merge, to_rouge
from liquidpage._highlight.rouge_lexers import REGEX_LEXERS

Tokenizer = Callable[[str], Iterator[Tok]]

# Rouge tag -> Pygments alias, where the names differ.
PYGMENTS_NAME: dict[str, str] = {
    "plaintext": "text",
    "console": "console",
}

def _plaintext() -> Tokenizer:
    """Rouge ``PlainText``: the whole text as one Text token."""
    return lambda code: iter([("", code)] if code else [])


def _console() -> Tokenizer:
    from liquidpage._highlight import console
    return console.tokenize


# Rouge lexers that are not RegexLexers, ported by hand.
SPECIAL: dict[str, Callable[[], Tokenizer]] = {"plaintext": _plaintext, "console": _console}


def pygments_lexer(tag: str) -> Lexer | None:
    """A Pygments lexer configured to lex the text exactly as given (no stripping, no added \\n)."""
    try:
        return get_lexer_by_name(PYGMENTS_NAME.get(tag, tag), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def generic(tag: str) -> Tokenizer | None:
    """Pygments' lexer with Rouge's class names and token merging, no other fixes."""
    lexer = pygments_lexer(tag)
    if lexer is None:
        return None

    def tokenize(code: str) -> Iterator[Tok]:
        return merge(to_rouge((t, v) for _, t, v in lexer.get_tokens_unprocessed(code)))
    return tokenize


@lru_cache(maxsize=None)
def lexer_for(tag: str) -> Tokenizer | None:
    """The tokenizer for a Rouge lexer tag (cached): a hand port, the Rouge RegexLexer port
    (falling back to Pygments for an input that needs an unported Ruby block), or Pygments'
    lexer with Rouge's class names; None when we have nothing for it."""
    from liquidpage._highlight import lang_fixes  # noqa: F401  (registers the MANUAL blocks)

    factory = SPECIAL.get(tag)
    if factory:
        return factory()
    fallback = generic(tag)
    if tag not in REGEX_LEXERS:
        return fallback
    try:
        rouge.table(tag)
    except rouge.Unported:
        return fallback

    def tokenize(code: str) -> Iterator[Tok]:
        try:
            return rouge.tokenize(tag, code)
        except rouge.Unported:
            if fallback is None:
                return iter([("", code)])
            return fallback(code)
    return tokenize
