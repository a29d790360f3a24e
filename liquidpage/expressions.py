"""Ruby Liquid 5.4's reading of expressions, local to liquidpage's environment.

Two things python-liquid 2.3 does differently from Ruby Liquid, fixed here without touching
python-liquid's module state (so other python-liquid users in the process are unaffected):

1. **Reserved words.** python-liquid's expression lexer turns 22 words into keyword tokens
   everywhere (``limit``, ``offset``, ``reversed``, ``cols``, ``continue``, ``in``, ``with``,
   ``for``, ``as``, ``and``, ``or``, ``contains``, ``not``, ``if``, ``else``, ``required`` and the
   literals ``true``, ``false``, ``nil``, ``null``, ``empty``, ``blank``), so ``{% if n >= limit %}``
   is a syntax error. Ruby Liquid's lexer (``lexer.rb``) has no keywords: every word is an
   ``:id``, and a tag asks for a word only where its grammar has one (``for.rb`` ``p.id?('in')``,
   ``p.id?('reversed')``, ``p.id?('limit')``/``p.id?('offset')`` before a colon, ``offset:
   continue``; ``if.rb`` ``p.id?('and')``/``p.id?('or')`` between comparisons; ``case.rb``'s
   ``or`` between ``when`` values; ``render.rb``'s ``with``/``for``/``as``). Its one lexical
   special is ``contains`` followed by white space, always a comparison operator. The literals are
   literals only as a whole expression (``expression.rb`` ``LITERALS``), not after a dot or as a
   name being assigned. :func:`ruby_tokenize` re-reads python-liquid's tokens that way: a keyword
   token stays a keyword only in those positions, and is a plain word everywhere else.
2. **Comparison semantics** (``condition.rb``): ``<``/``>``/``<=``/``>=`` across types,
   ``contains`` on non-collections, ``x == blank``, and the ``empty``/``blank`` literals as filter
   arguments. :func:`rubify` swaps python-liquid's expression classes for the Ruby subclasses
   below in each parsed template of a ``JekyllEnvironment``.
"""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterator, TextIO

from liquid.builtin.expressions import logical, tokenize
from liquid.builtin.expressions.arguments import KeywordArgument, PositionalArgument
from liquid.builtin.expressions.filtered import Filter
from liquid.builtin.expressions.path import Path
from liquid.builtin.expressions.primitive import Blank, Empty, Nil, RangeLiteral
from liquid.builtin.tags.cycle_tag import CycleNode
from liquid.exceptions import LiquidError, LiquidSyntaxError, LiquidTypeError
from liquid.undefined import is_undefined
from liquid.expression import Expression
from liquid.stream import TokenStream
from liquid.token import (
    TOKEN_AND,
    TOKEN_AS,
    TOKEN_BLANK,
    TOKEN_COLON,
    TOKEN_COLS,
    TOKEN_COMMA,
    TOKEN_CONTAINS,
    TOKEN_CONTINUE,
    TOKEN_DOT,
    TOKEN_ELSE,
    TOKEN_EMPTY,
    TOKEN_EXPRESSION,
    TOKEN_FALSE,
    TOKEN_FLOAT,
    TOKEN_FOR,
    TOKEN_IDENTINDEX,
    TOKEN_IDENTSTRING,
    TOKEN_IF,
    TOKEN_IN,
    TOKEN_INTEGER,
    TOKEN_LBRACKET,
    TOKEN_LIMIT,
    TOKEN_NIL,
    TOKEN_NOT,
    TOKEN_NULL,
    TOKEN_OFFSET,
    TOKEN_OR,
    TOKEN_PIPE,
    TOKEN_RBRACKET,
    TOKEN_REQUIRED,
    TOKEN_REVERSED,
    TOKEN_RPAREN,
    TOKEN_STRING,
    TOKEN_TRUE,
    TOKEN_WITH,
    TOKEN_WORD,
    Token,
)

from liquidpage.ruby import to_s

if TYPE_CHECKING:  # pragma: no cover
    from liquid import RenderContext

LITERAL_WORDS = frozenset((TOKEN_TRUE, TOKEN_FALSE, TOKEN_NIL, TOKEN_NULL, TOKEN_EMPTY, TOKEN_BLANK))
KEYWORDS = LITERAL_WORDS | frozenset((
    TOKEN_AND, TOKEN_OR, TOKEN_CONTAINS, TOKEN_NOT, TOKEN_IN, TOKEN_OFFSET, TOKEN_LIMIT,
    TOKEN_REVERSED, TOKEN_COLS, TOKEN_CONTINUE, TOKEN_WITH, TOKEN_FOR, TOKEN_AS, TOKEN_IF,
    TOKEN_ELSE, TOKEN_REQUIRED,
))
# Tokens that end an operand: `and`/`or`/`contains` after one of these are operators.
_OPERAND_ENDS = frozenset((TOKEN_WORD, TOKEN_STRING, TOKEN_INTEGER, TOKEN_FLOAT, TOKEN_RPAREN,
                           TOKEN_RBRACKET, TOKEN_IDENTINDEX, TOKEN_IDENTSTRING)) | LITERAL_WORDS
_CONDITION_TAGS = frozenset(("if", "elsif", "unless"))
# Tags whose markup is a Liquid::Variable (`variable.rb`), where a comparison token is an error.
_VARIABLE_TAGS = frozenset(("output", "echo", "assign"))
_LOOP_TAGS = frozenset(("for", "tablerow"))
# Tags whose first word is a name being set, never a literal (`assign.rb`, `capture.rb`,
# `increment.rb`, `decrement.rb`, and the loop variable of `for.rb`/`table_row.rb`).
_NAMING_TAGS = frozenset(("assign", "capture", "increment", "decrement")) | _LOOP_TAGS


def _is_keyword(tokens: list[Token], i: int, tag: str, source: str, offset: int, lax: bool, line: bool) -> bool:
    """Whether Ruby Liquid reads the word at ``tokens[i]`` as the keyword python-liquid made of it."""
    tok = tokens[i]
    kind = tok.kind
    prev = tokens[i - 1].kind if i else None
    nxt = tokens[i + 1].kind if i + 1 < len(tokens) else None
    if prev == TOKEN_DOT and kind != TOKEN_CONTAINS:
        return False  # a path segment: `page.limit`, `x.empty`
    if i == 0 and tag in _NAMING_TAGS and kind != TOKEN_CONTAINS:
        return False  # the name being assigned or looped over
    if prev == TOKEN_PIPE and kind != TOKEN_CONTAINS:
        return False  # a filter name
    if kind in LITERAL_WORDS:
        # A keyword argument's name (`default: 1, true: x`) is a word; otherwise a literal.
        # (Inside brackets, see ruby_tokenize.)
        return not (nxt == TOKEN_COLON and tag not in _LOOP_TAGS and tag != "cycle")
    if kind in (TOKEN_AND, TOKEN_OR):
        if tag in _CONDITION_TAGS or (tag == "when" and kind == TOKEN_OR):
            return i > 0 and prev in _OPERAND_ENDS and nxt is not None
        return False
    if kind == TOKEN_CONTAINS:
        # lexer.rb: `contains(?=\s)` is a comparison token wherever it is; a strict parser
        # (conditions, `Liquid::Variable` markup, `for`) fails on it anywhere but between two
        # operands of a condition, and Ruby then warns and reads the markup leniently, as a word.
        here = source if lax or line else tok.source
        end = (tok.start_index - offset if lax or line else tok.start_index) + len(tok.value)
        if not (end < len(here) and here[end].isspace()):
            return False
        if lax:
            return tag in _CONDITION_TAGS and prev in _OPERAND_ENDS
        strict = tag in _CONDITION_TAGS or tag in ("output", "echo", "for") or (tag == "assign" and i > 0)
        if strict and (prev in (TOKEN_DOT, TOKEN_PIPE) or tag == "for" and i == 0):
            raise LiquidSyntaxError("Expected id but found comparison", token=tok)
        if tag in _CONDITION_TAGS and prev in _OPERAND_ENDS:
            return True
        if strict:
            raise LiquidSyntaxError('[:comparison, "contains"] is not a valid expression', token=tok)
        return False
    if tag in _LOOP_TAGS:
        if kind == TOKEN_IN:
            return i == 1
        if kind in (TOKEN_LIMIT, TOKEN_OFFSET, TOKEN_COLS):
            return i >= 3 and nxt == TOKEN_COLON and (prev in _OPERAND_ENDS or prev in (TOKEN_COMMA, TOKEN_CONTINUE))
        if kind == TOKEN_REVERSED:
            return tag == "for" and i >= 3 and (prev in _OPERAND_ENDS or prev == TOKEN_CONTINUE)
        if kind == TOKEN_CONTINUE:
            return i >= 2 and prev == TOKEN_COLON and tokens[i - 2].kind == TOKEN_OFFSET
        return False
    if kind in (TOKEN_WITH, TOKEN_FOR, TOKEN_AS):
        return tag == "render"
    return False


# `empty`/`blank` as filter arguments (Ruby passes its MethodLiteral, `where: "p", empty`):
# python-liquid's filter parser takes no such token, so they become a word no template can write,
# which :func:`rubify` turns back into the literal.
_LITERAL_ARGUMENT = {TOKEN_EMPTY: "\x00empty", TOKEN_BLANK: "\x00blank"}


_INDEX_ENDS = frozenset((TOKEN_RBRACKET, TOKEN_IDENTINDEX, TOKEN_IDENTSTRING))
_INDEX_STARTS = frozenset((TOKEN_LBRACKET, TOKEN_IDENTINDEX, TOKEN_IDENTSTRING))


def _ruby_strict_check(tokens: list[Token], tag: str) -> None:
    """Markup python-liquid accepts but Ruby Liquid's strict parser (``parser.rb``) rejects, so
    Jekyll warns and reads it leniently: ``a.['b']``, ``a[0]b`` and commas in ``for``."""
    strict = tag in _CONDITION_TAGS or tag in _VARIABLE_TAGS or tag == "for"
    if not strict:
        return
    start = 2 if tag == "assign" else 0
    for i in range(max(start, 1), len(tokens)):
        kind, prev = tokens[i].kind, tokens[i - 1].kind
        if prev == TOKEN_DOT and kind in _INDEX_STARTS:
            raise LiquidSyntaxError("Expected id but found open_square", token=tokens[i])
        if prev in _INDEX_ENDS and kind == TOKEN_WORD and tag in _VARIABLE_TAGS:
            raise LiquidSyntaxError("Expected end_of_string but found id", token=tokens[i])
        if kind == TOKEN_COMMA and tag == "for":
            raise LiquidSyntaxError("Expected end_of_string but found comma", token=tokens[i])


# ruby_tokenize's results by markup: (kind, value, start relative to the markup) per token. The
# same markup recurs on every page of a site (`{{ page.title }}`, `{{ "/x/" | relative_url }}`),
# and its tokens depend on nothing else, except a `contains` (whose test looks past the markup).
_TOKENIZED: dict[tuple[str, str, bool, bool], tuple[tuple[str, str, int], ...]] = {}
_TOKENIZED_MAX = 20_000
_new_token = tuple.__new__


def ruby_tokenize(source: str, parent_token: Token, tag: str = "", *, lax: bool = False,
                  line: bool = False) -> Iterator[Token]:
    """python-liquid's expression tokens, with keywords kept only where Ruby Liquid has them.

    ``lax``: the markup is a rewrite of what Ruby's lax parser read after a syntax warning, where
    every word in an operand position is a variable. ``line``: the markup is one line of a
    ``{% liquid %}`` tag, which ends where the expression ends.
    """
    key = (source, tag, lax, line)
    cached = _TOKENIZED.get(key)
    base, text = parent_token.start_index, parent_token.source
    if cached is not None:
        return iter([_new_token(Token, (kind, value, base + start, text)) for kind, value, start in cached])
    tokens = _ruby_tokenize(source, parent_token, tag, lax=lax, line=line)
    if "contains" not in source and all(tok.source is text for tok in tokens):
        if len(_TOKENIZED) >= _TOKENIZED_MAX:
            _TOKENIZED.clear()
        _TOKENIZED[key] = tuple((tok.kind, tok.value, tok.start_index - base) for tok in tokens)
    return iter(tokens)


def _ruby_tokenize(source: str, parent_token: Token, tag: str, *, lax: bool, line: bool) -> list[Token]:
    tokens = list(tokenize(source, parent_token))
    offset = parent_token.start_index
    if not lax:
        _ruby_strict_check(tokens, tag)
    for i, tok in enumerate(tokens):
        if tok.kind not in KEYWORDS or tok.kind != tok.value:
            continue
        if not _is_keyword(tokens, i, tag, source, offset, lax, line):
            tokens[i] = Token(TOKEN_WORD, tok.value, tok.start_index, tok.source)
        elif tok.kind in _LITERAL_ARGUMENT and i and tokens[i - 1].kind in (TOKEN_COLON, TOKEN_COMMA) \
                and tag not in _LOOP_TAGS:
            tokens[i] = Token(TOKEN_WORD, _LITERAL_ARGUMENT[tok.kind], tok.start_index, tok.source)
        elif tok.kind in LITERAL_WORDS and i and tokens[i - 1].kind == TOKEN_LBRACKET:
            # `list[true]`: Ruby looks the literal up as a key, which no array and hardly any
            # hash has; python-liquid's paths take no literal, so read a name nobody can define.
            tokens[i] = Token(TOKEN_WORD, "\x00" + tok.value, tok.start_index, tok.source)
    return tokens


class RubyTokenStream(TokenStream):
    """A template token stream whose expressions are tokenized as Ruby Liquid reads them.

    ``env`` gets the syntax warning of an ``elsif`` that Ruby reads only leniently (its tag has no
    lax fallback of its own); ``liquid_lines``: the stream of a ``{% liquid %}`` tag's lines.
    """

    def __init__(self, tokens: Iterator[Token], block_depth_carry: int = 0, *, env: Any = None,
                 liquid_lines: bool = False) -> None:
        super().__init__(tokens, block_depth_carry)
        self.env = env
        self.liquid_lines = liquid_lines

    def into_inner(self, *, tag: Token | None = None, eat: bool = True) -> TokenStream:
        token = self.current
        if token.kind != TOKEN_EXPRESSION:
            raise LiquidSyntaxError("missing expression", token=tag or token)
        if eat:
            next(self)
        name = tag.value if tag is not None else ""
        lax = isinstance(token, LaxToken)
        try:
            return TokenStream(ruby_tokenize(token.value, token, name, lax=lax, line=self.liquid_lines))
        except LiquidSyntaxError as err:
            if name != "elsif" or self.env is None or lax:
                raise
            self.env.error(err)
            return TokenStream(ruby_tokenize(token.value, token, name, lax=True, line=self.liquid_lines))


class LaxToken(Token):
    """An expression token rewritten from Ruby's lax reading (see ``ruby_tokenize``'s ``lax``)."""

    __slots__ = ()


def expression_stream(token: Token, tag: str) -> TokenStream:
    """The tokens of one expression token, read as Ruby Liquid reads them inside ``tag``."""
    return TokenStream(ruby_tokenize(token.value, token, tag))


# -- Ruby comparison semantics (condition.rb) ---------------------------------------------------


def ruby_compare(token: Any, left: object, right: object, op: str) -> bool:
    """Liquid 5.4 ``Condition`` for ``<``, ``>``, ``<=``, ``>=`` (L13)."""
    from liquidpage.ruby import cmp_failed, nil

    left, right = nil(getattr(left, "__liquid__", lambda: left)()), nil(getattr(right, "__liquid__", lambda: right)())
    comparable = (str, int, float, Decimal, dt.date)
    if not isinstance(left, comparable) or not isinstance(right, comparable) or isinstance(left, bool) or isinstance(right, bool):
        return False
    numbers = (int, float, Decimal)
    same = (isinstance(left, numbers) and isinstance(right, numbers)) or type(left) is type(right)
    if not same:
        raise LiquidTypeError(cmp_failed(left, right), token=token)
    return bool({"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}[op](left, right))


def ruby_contains(left: object, right: object) -> bool:
    """Liquid 5.4 ``contains``: false unless the left side responds to ``include?``."""
    from collections.abc import Collection

    if not logical.is_truthy(left) or not logical.is_truthy(right):
        return False
    if isinstance(left, str):
        return to_s(right) in left
    if isinstance(left, Collection):
        return right in left
    return False


class RubyBlank(Blank):
    """``blank``: ``x == blank`` calls ``x.blank?``, which plain Ruby objects lack (Liquid's condition.rb Condition)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__

    def evaluate(self, _: RenderContext) -> RubyBlank:
        return self


def _comparison(base: type, op: str) -> type:
    def evaluate(self: Any, context: RenderContext) -> object:
        return ruby_compare(self.token, self.left.evaluate(context), self.right.evaluate(context), op)

    async def evaluate_async(self: Any, context: RenderContext) -> object:
        return ruby_compare(self.token, await self.left.evaluate_async(context),
                            await self.right.evaluate_async(context), op)

    return type(f"Ruby{base.__name__}", (base,), {"__slots__": (), "evaluate": evaluate,
                                                   "evaluate_async": evaluate_async})


class RubyContainsExpression(logical.ContainsExpression):
    """``contains`` as ``condition.rb``."""

    __slots__ = ()

    def evaluate(self, context: RenderContext) -> object:
        return ruby_contains(self.left.evaluate(context), self.right.evaluate(context))

    async def evaluate_async(self, context: RenderContext) -> object:
        return ruby_contains(await self.left.evaluate_async(context), await self.right.evaluate_async(context))


class RangeTooLargeError(LiquidError):
    """A range with more items than the site's ``liquid: max_range``."""


class RubyRangeLiteral(RangeLiteral):
    """``(a..b)`` as ``range_lookup.rb``: literal bounds through ``to_i`` (``(1..true)`` aborts),
    computed ones through ``RangeLookup#to_integer`` (``2.7`` is an invalid integer), and no range
    longer than the environment's ``max_range``."""

    __slots__ = ()

    def _bound(self, value: object, computed: bool) -> int:
        from liquidpage.ruby import nil, strict_integer, to_i

        value = nil(value)
        try:
            if not computed or value is None or isinstance(value, str) or \
                    isinstance(value, int) and not isinstance(value, bool):
                return to_i(value)
            return strict_integer(value)
        except TypeError as err:
            raise LiquidTypeError(str(err), token=self.token) from None
        except ValueError:
            raise LiquidTypeError("invalid integer", token=self.token) from None

    def evaluate(self, context: RenderContext) -> range:
        computed = not _literal_range(self)
        start = self._bound(self.start.evaluate(context), computed)
        stop = self._bound(self.stop.evaluate(context), computed)
        limit = getattr(context.env, "max_range", None)
        if limit is not None and stop - start + 1 > limit:
            raise RangeTooLargeError(
                f"range ({start}..{stop}) has {stop - start + 1} items, more than liquid: max_range ({limit})",
                token=self.token)
        return range(start, stop + 1)

    async def evaluate_async(self, context: RenderContext) -> range:
        return self.evaluate(context)


class RubyCycleNode(CycleNode):
    """``cycle`` as ``cycle.rb``: without a group name the key is the parsed values' ``to_s``,
    which for a variable (a ``VariableLookup`` object) is unique to the tag, so such a cycle
    never shares its position with another tag; values print with Ruby ``to_s``."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from liquidpage.ruby import output_s

        exprs = [arg for arg in self.args if not isinstance(arg, Nil)]  # cycle.rb: `.compact`
        # `empty`/`blank` are `''` here (expression.rb LITERALS)
        args = ["" if isinstance(arg, (Empty, Blank)) else arg.evaluate(context) for arg in exprs]
        if self.group:
            group = self.group.evaluate(context)
            key: object = ("group", "__UNDEFINED" if is_undefined(group) else str(group))
        elif any(isinstance(arg, (Path, RubyRangeLiteral)) and not _literal_range(arg) for arg in self.args):
            key = ("tag", id(self))
        else:
            key = str(args)
        index = context.cycle(key, len(args))
        if index >= len(args):
            return 0
        return buffer.write(output_s(args[index]))

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


def _literal_range(expr: Expression) -> bool:
    return isinstance(expr, RangeLiteral) and not isinstance(expr.start, Path) and not isinstance(expr.stop, Path)


_REPLACEMENTS: dict[type, type] = {
    RangeLiteral: RubyRangeLiteral,
    CycleNode: RubyCycleNode,
    logical.LtExpression: _comparison(logical.LtExpression, "<"),
    logical.GtExpression: _comparison(logical.GtExpression, ">"),
    logical.LeExpression: _comparison(logical.LeExpression, "<="),
    logical.GeExpression: _comparison(logical.GeExpression, ">="),
    logical.ContainsExpression: RubyContainsExpression,
    Blank: RubyBlank,
}


class _LiteralArgument(Path):
    """``empty``/``blank`` read as a filter argument (see ``_LITERAL_ARGUMENT``)."""

    __slots__ = ()

    def evaluate(self, _: RenderContext) -> object:
        return Empty(self.token) if self.path == ["\x00empty"] else RubyBlank(self.token)

    async def evaluate_async(self, context: RenderContext) -> object:
        return self.evaluate(context)


class _StaticPath(Path):
    """A path with no nested path (``page.title``, ``a[0].b``): its segments are the lookup."""

    __slots__ = ()

    def evaluate(self, context: RenderContext) -> object:
        return context.get(self.path, token=self.token)


_SKIPPED_ATTRIBUTES = frozenset(("token", "env", "source", "__weakref__", "__dict__", "blank"))
_ATTRIBUTES: dict[type, tuple[str, ...]] = {}
_LEAVES = (str, int, float, bool, type(None), Token)
_WALKED = (Expression, Filter, PositionalArgument, KeywordArgument)


def _attributes(klass: type) -> tuple[str, ...]:
    names = _ATTRIBUTES.get(klass)
    if names is None:
        found: list[str] = []
        for base in klass.__mro__:
            slots = getattr(base, "__slots__", ())
            found.extend([slots] if isinstance(slots, str) else slots)
        names = _ATTRIBUTES[klass] = tuple(n for n in dict.fromkeys(found) if n not in _SKIPPED_ATTRIBUTES)
    return names


_LEAF, _SEQUENCE, _MAPPING, _NODE, _OTHER = range(5)
# Per class: (kind, replacement class, attributes to walk, is python-liquid's Path).
_PLANS: dict[type, tuple[int, type | None, tuple[str, ...], bool]] = {}


def _plan(klass: type) -> tuple[int, type | None, tuple[str, ...], bool]:
    if issubclass(klass, _LEAVES):
        plan: tuple[int, type | None, tuple[str, ...], bool] = (_LEAF, None, (), False)
    elif issubclass(klass, (list, tuple)):
        plan = (_SEQUENCE, None, (), False)
    elif issubclass(klass, dict):
        plan = (_MAPPING, None, (), False)
    elif issubclass(klass, _WALKED) or hasattr(klass, "render_to_output"):
        plan = (_NODE, _REPLACEMENTS.get(klass), _attributes(klass), klass is Path)
    else:
        plan = (_OTHER, None, (), False)  # not part of a parse tree (a site, a template, …)
    if "__getattr__" not in dir(klass):  # an instance could answer `render_to_output` itself
        _PLANS[klass] = plan
    return plan


def rubify(obj: Any, seen: set[int] | None = None) -> None:
    """Give every expression under ``obj`` (a node list, node or expression) Ruby semantics."""
    if seen is None:
        seen = set()
    stack = [obj]
    plans = _PLANS
    while stack:
        item = stack.pop()
        plan = plans.get(item.__class__) or _plan(item.__class__)
        kind = plan[0]
        if kind == _LEAF or id(item) in seen:
            continue
        seen.add(id(item))
        if kind == _SEQUENCE:
            stack.extend(item)
            continue
        if kind == _MAPPING:
            stack.extend(item.values())
            continue
        if kind == _OTHER:
            if not hasattr(item, "render_to_output"):
                continue
            klass = item.__class__
            plan = (_NODE, _REPLACEMENTS.get(klass), _attributes(klass), klass is Path)
        replacement = plan[1]
        if replacement is not None:
            item.__class__ = replacement
        elif plan[3]:
            if item.path in (["\x00empty"], ["\x00blank"]):
                item.__class__ = _LiteralArgument
            elif not any(isinstance(segment, Path) for segment in item.path):
                item.__class__ = _StaticPath
        for name in plan[2]:
            value = getattr(item, name, None)
            if value is not None and not isinstance(value, _LEAVES):
                stack.append(value)
        extra = getattr(item, "__dict__", None)
        if extra:
            stack.extend(v for k, v in extra.items() if k not in _SKIPPED_ATTRIBUTES and not isinstance(v, _LEAVES))


__all__ = ["RubyTokenStream", "ruby_tokenize", "expression_stream", "rubify", "ruby_compare",
           "ruby_contains", "RubyBlank", "LaxToken", "RangeTooLargeError"]
