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
