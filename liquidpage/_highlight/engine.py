"""Turn a Pygments token stream into the span HTML Rouge 3.30's ``Formatters::HTML`` writes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from pygments.token import STANDARD_TYPES, _TokenType

# A token as Rouge sees it: (short class name, text); "" is Rouge's Text token (no span).
Tok = tuple[str, str]


@lru_cache(maxsize=None)
def shortname(ttype: _TokenType) -> str:
    """The class of ``ttype`` or of its nearest standard ancestor (``Literal.Scalar.Plain`` -> ``l``)."""
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def to_rouge(stream: Iterable[tuple[_TokenType, str]]) -> Iterator[Tok]:
    """Map Pygments token types to Rouge short class names."""
    for ttype, value in stream:
        yield shortname(ttype), value


def merge(tokens: Iterable[Tok]) -> Iterator[Tok]:
    """Join consecutive tokens of one class, skipping empty ones (Rouge ``Lexer#continue_lex``)."""
    last_cls: str | None = None
    parts: list[str] = []
    for cls, value in tokens:
        if not value:
            continue
        if cls == last_cls:
            parts.append(value)
            continue
        if last_cls is not None:
            yield last_cls, "".join(parts)
        last_cls, parts = cls, [value]
    if last_cls is not None:
        yield last_cls, "".join(parts)


def escape(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` only (Rouge ``Formatters::HTML#escape_special_html_chars``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def format_html(tokens: Iterable[Tok]) -> str:
    """Rouge ``Formatters::HTML#span`` for each token after ``merge``: tokens may come unmerged.

    One pass: a span opens where the class changes and closes before the next class, so a run
    of one class becomes one span as after merging; escaping each piece equals escaping the
    merged value (the escape maps characters one by one)."""
    out: list[str] = []
    append = out.append
    last = ""
    for cls, value in tokens:
        if not value:
            continue
        if cls != last:
            if last:
                append("</span>")
            if cls:
                append(f'<span class="{cls}">')
            last = cls
        if "&" in value or "<" in value or ">" in value:
            value = escape(value)
        append(value)
    if last:
        append("</span>")
    return "".join(out)


def format_html_inline(tokens: Iterable[Tok], styles: dict[str, str]) -> str:
    """Rouge ``Formatters::HTMLInline#safe_span``: as :func:`format_html`, with each class's
    ``style`` text from a theme (``inline_themes.THEMES``) instead of the class name."""
    out: list[str] = []
    for cls, value in merge(tokens):
        value = escape(value)
        out.append(f'<span style="{styles.get(cls, "")}">{value}</span>' if cls else value)
    return "".join(out)
