"""kramdown's element tree node (kramdown/element.rb)."""

from __future__ import annotations

from typing import Any

BLOCK_TYPES = frozenset(
    "blank p header blockquote codeblock ul ol li dl dt dd table td hr".split()
)
SPAN_TYPES = frozenset(
    "text a br img codespan footnote em strong entity typographic_sym smart_quote abbreviation".split()
)


class Element:
    """One node: ``type``, ``value``, ``attr`` (ordered), ``options`` and ``children``."""

    __slots__ = ("type", "value", "attr", "options", "children")

    def __init__(
        self,
        type: str,
        value: Any = None,
        attr: dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.type = type
        self.value = value
        self.attr = attr if attr is not None else {}
        self.options = options if options is not None else {}
        self.children: list[Element] = []

    def category(self) -> str | None:
        """Return ``block``/``span`` as ``Element.category`` does."""
        if self.type in BLOCK_TYPES:
            return "block"
        if self.type in SPAN_TYPES:
            return "span"
        return self.options.get("category")

    def is_block(self) -> bool:
        return self.category() == "block"

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<kd:{self.type} {self.value!r} {self.attr} {self.options.keys()} {self.children}>"


def deep_copy(el: Element) -> Element:
    """Copy a subtree (Ruby's ``Marshal.load(Marshal.dump(el))``)."""
    new = Element(el.type, el.value, dict(el.attr), dict(el.options))
    new.children = [deep_copy(c) for c in el.children]
    return new


# kramdown recurses as deeply as a text nests, and Ruby's stack gives out (SystemStackError: the
# Jekyll build fails) at 827 to 1980 levels depending on the construct (measured with Jekyll
# 4.3.1: 1675 blockquotes, 827 lists in lists, 553 quote-list pairs, 1029 `<div markdown="1">`,
# 1980 `<div>` or `<span>`, 1790 image brackets). A text nesting deeper than the deepest of these
# is refused at this depth (of parse calls, or of the element tree), with its line.
MAX_NESTING = 2000


class NestingTooDeep(Exception):
    """The text nests deeper than MAX_NESTING; ``line`` (1-based, in the text) when tracked."""

    def __init__(self, line: int | None) -> None:
        super().__init__(line)
        self.line = line


def nesting_error(els: Any) -> NestingTooDeep:
    """NestingTooDeep at the line of the first of ``els`` (an element, then its ancestors,
    innermost first) whose kramdown location is known (tracked when show_warnings is on)."""
    for el in els:
        if el is not None and el.options and el.options.get("location"):
            return NestingTooDeep(el.options["location"])
    return NestingTooDeep(None)


def check_depth(root: Element, limit: int = MAX_NESTING) -> None:
    """Raise NestingTooDeep if the element tree under ``root`` is deeper than ``limit``."""
    todo: list[tuple[Element, int, Any]] = [(root, 1, None)]
    while todo:
        el, depth, parents = todo.pop()
        if depth > limit:
            chain = []
            while parents is not None:
                chain.append(parents[0])
                parents = parents[1]
            raise nesting_error([el, *chain])
        todo.extend((child, depth + 1, (el, parents)) for child in el.children)
