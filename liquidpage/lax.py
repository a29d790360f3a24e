"""Ruby Liquid 5.4's lax parser for output markup (``variable.rb`` ``lax_parse``, ``expression.rb``,
``variable_lookup.rb``), used after a syntax warning in ``error_mode: warn``/``lax`` (L14).

Jekyll parses ``{{ … }}`` strictly first; on failure it warns and re-parses leniently, so
``{{ foo..bar }}`` reads ``foo.bar``, ``{{ x * 3 }}`` prints ``x`` and ``{{ "a" | | upcase }}``
prints ``A``. This module builds the same reading as an expression python-liquid can evaluate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from liquid.expression import Expression

if TYPE_CHECKING:  # pragma: no cover
    from liquid import RenderContext
    from liquid.token import Token

QUOTED_STRING = r"\"[^\"]*\"|'[^']*'"
QUOTED_FRAGMENT = rf"{QUOTED_STRING}|(?:[^\s,\|'\"]|{QUOTED_STRING})+"
MARKUP_WITH_QUOTED_FRAGMENT = re.compile(rf"({QUOTED_FRAGMENT})(.*)", re.S)
FILTER_MARKUP = re.compile(r"\|\s*(.*)", re.S)
FILTER_PARSER = re.compile(rf"(?:\s+|{QUOTED_FRAGMENT}|,)+")
FILTER_ARGS = re.compile(rf"(?::|,)\s*((?:\w+\s*:\s*)?(?:{QUOTED_FRAGMENT}))")
JUST_TAG_ATTRIBUTES = re.compile(rf"\A(\w[\w-]*)\s*:\s*({QUOTED_FRAGMENT})\Z")
VARIABLE_PARSER = re.compile(r"\[[^\]]+\]|[\w-]+\??")
INTEGERS = re.compile(r"\A(-?\d+)\Z")
FLOATS = re.compile(r"\A(-?\d[\d.]+)\Z")
RANGES = re.compile(r"\A\(\s*(\S+)\s*\.\.\s*(\S+)\s*\)\Z")
LITERALS: dict[str, Any] = {"nil": None, "null": None, "": None, "true": True, "false": False,
                            "blank": "", "empty": ""}


class Lookup(Expression):
    """``VariableLookup``: a name (possibly computed) and keys."""

    __slots__ = ("name", "keys")

    def __init__(self, token: Token, name: Any, keys: list[Any]) -> None:
        super().__init__(token)
        self.name = name
        self.keys = keys

    def evaluate(self, context: RenderContext) -> object:
        name = _value(self.name, context)
        path = [name] + [_value(k, context) for k in self.keys]
        if not isinstance(name, str):
            return None
        return context.get(path, token=self.token)

    async def evaluate_async(self, context: RenderContext) -> object:
        return self.evaluate(context)

    def children(self) -> list[Expression]:
        return []


class RangeLookup(Expression):
    """``(a..b)`` with lax bounds."""

    __slots__ = ("start", "stop")

    def __init__(self, token: Token, start: Any, stop: Any) -> None:
        super().__init__(token)
        self.start = start
        self.stop = stop

    def evaluate(self, context: RenderContext) -> object:
        from liquidpage.ruby import to_i

        from liquidpage.expressions import RangeTooLargeError

        start, stop = to_i(_value(self.start, context)), to_i(_value(self.stop, context))
        limit = getattr(context.env, "max_range", None)
        if limit is not None and stop - start + 1 > limit:
            raise RangeTooLargeError(
                f"range ({start}..{stop}) has {stop - start + 1} items, more than liquid: max_range ({limit})",
                token=self.token)
        return range(start, stop + 1)

    async def evaluate_async(self, context: RenderContext) -> object:
        return self.evaluate(context)

    def children(self) -> list[Expression]:
        return []


def _value(item: Any, context: RenderContext) -> Any:
    return item.evaluate(context) if isinstance(item, Expression) else item


def parse_expression(markup: str, token: Token) -> Any:
    """``Liquid::Expression.parse`` (5.4): a literal value or a lookup expression."""
    markup = markup.strip()
    if len(markup) >= 2 and markup[0] == markup[-1] and markup[0] in "\"'":
        return markup[1:-1]
    if markup in ('"', "'"):
        return ""
    match = INTEGERS.match(markup)
    if match:
        return int(match.group(1))
    match = RANGES.match(markup)
    if match:
        return RangeLookup(token, parse_expression(match.group(1), token), parse_expression(match.group(2), token))
    match = FLOATS.match(markup)
    if match:
        try:
            return float(re.match(r"-?\d+(?:\.\d+)?", match.group(1)).group(0))  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            return 0.0
    if markup in LITERALS:
        return LITERALS[markup]
    return parse_lookup(markup, token)


def parse_lookup(markup: str, token: Token) -> Lookup:
    lookups: list[Any] = VARIABLE_PARSER.findall(markup)
    name: Any = lookups.pop(0) if lookups else None
    if isinstance(name, str) and name.startswith("[") and name.endswith("]"):
        name = parse_expression(name[1:-1], token)
    keys = [parse_expression(k[1:-1], token) if k.startswith("[") and k.endswith("]") else k for k in lookups]
    return Lookup(token, name, keys)


class LaxFilteredExpression(Expression):
    """A lax-parsed output: a value and its filters (name, positional args, keyword args)."""

    __slots__ = ("left", "filters")

    def __init__(self, token: Token, left: Any, filters: list[tuple[str, list[Any], dict[str, Any]]]) -> None:
        super().__init__(token)
        self.left = left
        self.filters = filters

    def evaluate(self, context: RenderContext) -> object:
        from liquid.exceptions import FilterArgumentError, LiquidTypeError

        value = _value(self.left, context)
        for name, args, kwargs in self.filters:
            func = context.filter(name, token=self.token)
            try:
                value = func(value, *[_value(a, context) for a in args],
                             **{k: _value(v, context) for k, v in kwargs.items()})
            except TypeError as err:
                raise LiquidTypeError(f"{name}: {err}", token=self.token) from err
            except (LiquidTypeError, FilterArgumentError) as err:
                err.token = self.token
                raise
        return value

    async def evaluate_async(self, context: RenderContext) -> object:
        return self.evaluate(context)

    def children(self) -> list[Expression]:
        return []

    def __str__(self) -> str:  # pragma: no cover - debugging aid
        return f"lax({self.left!r}, {self.filters!r})"


def lax_parse(markup: str, token: Token) -> LaxFilteredExpression | None:
    """``Variable#lax_parse``; None when nothing in the markup can be read (renders nothing)."""
    match = MARKUP_WITH_QUOTED_FRAGMENT.search(markup)
    if not match:
        return None
    left = parse_expression(match.group(1), token)
    filters: list[tuple[str, list[Any], dict[str, Any]]] = []
    fmatch = FILTER_MARKUP.search(match.group(2))
    if fmatch:
        for part in FILTER_PARSER.findall(fmatch.group(1)):
            name = re.search(r"\w+", part)
            if not name:
                continue
            args: list[Any] = []
            kwargs: dict[str, Any] = {}
            for arg in FILTER_ARGS.findall(part):
                attr = JUST_TAG_ATTRIBUTES.match(arg)
                if attr:
                    kwargs[attr.group(1)] = parse_expression(attr.group(2), token)
                else:
                    args.append(parse_expression(arg, token))
            filters.append((name.group(0), args, kwargs))
    return LaxFilteredExpression(token, left, filters)


class Constant(Expression):
    """A literal value read by the lax parser."""

    __slots__ = ("value",)

    def __init__(self, token: Token, value: Any) -> None:
        super().__init__(token)
        self.value = value

    def evaluate(self, context: RenderContext) -> object:
        return self.value

    async def evaluate_async(self, context: RenderContext) -> object:
        return self.value

    def children(self) -> list[Expression]:
        return []

    def __str__(self) -> str:  # pragma: no cover - used in loop keys
        return repr(self.value)


def as_expression(value: Any, token: Token) -> Expression:
    """An evaluable expression for a value returned by :func:`parse_expression`."""
    return value if isinstance(value, Expression) else Constant(token, value)


FOR_SYNTAX = re.compile(rf"\A([\w-]+)\s+in\s+((?:{QUOTED_FRAGMENT})+)\s*(reversed)?", re.S)
TAG_ATTRIBUTES = re.compile(rf"(\w[\w-]*)\s*:\s*({QUOTED_FRAGMENT})")


def lax_for(markup: str, token: Token) -> tuple[str, Expression, bool, dict[str, Any]] | None:
    """``For#lax_parse``: (variable, collection, reversed, {limit/offset: expression or "continue"})."""
    match = FOR_SYNTAX.match(markup.strip())
    if not match:
        return None
    attributes: dict[str, Any] = {}
    for key, value in TAG_ATTRIBUTES.findall(markup):
        if key == "offset" and value == "continue":
            attributes[key] = "continue"
        elif key in ("offset", "limit"):
            attributes[key] = as_expression(parse_expression(value, token), token)
    return match.group(1), as_expression(parse_expression(match.group(2), token), token), bool(match.group(3)), attributes
