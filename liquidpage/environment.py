"""The Liquid environment configured as Jekyll 4.3.1 configures Ruby Liquid 5.4 (§6.1)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Callable, Iterator, TextIO

from liquid import BoundTemplate, Environment, Mode, RenderContext, Undefined
from liquid.ast import Node
from liquid.builtin.expressions import BooleanExpression, Identifier, Nil, tokenize
from liquid.builtin.tags.if_tag import IfTag
from liquid.builtin.tags.unless_tag import UnlessTag
from liquid.stream import TokenStream
from liquid.builtin.expressions.primitive import Empty
from liquid.builtin.tags.assign_tag import AssignNode, AssignTag
from liquid.builtin.tags.capture_tag import CaptureTag
from liquid.builtin.tags.comment_tag import CommentTag
from liquid.builtin.tags.inline_comment_tag import InlineCommentTag
from liquid.builtin.tags.liquid_tag import LiquidTag
from liquid.builtin.tags.tablerow_tag import TableRow, TablerowNode, TablerowTag
from liquid.exceptions import BreakLoop, ContinueLoop
from liquid.parser import get_parser
from liquid.builtin.expressions.primitive import Blank
from liquid.builtin.output import Output, OutputNode
from liquid.builtin.tags.echo_tag import EchoNode, EchoTag
from liquid.builtin.tags.for_tag import ENDFORBLOCK, ENDFORELSEBLOCK, ForNode, ForTag
from liquid.builtin.tags.render_tag import RenderTag
from liquid.builtin.expressions import LoopExpression
from liquid.exceptions import FilterArgumentError, LiquidError, LiquidSyntaxError, LiquidTypeError, UnknownFilterError
from liquid.lex import _tokenize_template, compile_liquid_rules
from liquid.tag import Tag
from liquid.undefined import UNDEFINED
from liquid.token import TOKEN_COMMENT, TOKEN_BLANK, TOKEN_DOC, TOKEN_EMPTY, TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage.ruby import output_s, to_s
import liquid.builtin.expressions.filtered as _filtered
import liquid.builtin.expressions.logical as _logical

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

_MODES = {"lax": Mode.LAX, "warn": Mode.WARN, "strict": Mode.STRICT}

# Tags python-liquid 2.3 has that Ruby Liquid 5.4 does not (unknown tags in Jekyll).
_NOT_IN_LIQUID_5_4 = ("doc",)


class RubyOutputNode(OutputNode):
    """``{{ x }}`` printed with Ruby ``to_s`` (engine notes L1)."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(output_s(self.expression.evaluate(context)))

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return buffer.write(output_s(await self.expression.evaluate_async(context)))


class RubyOutput(Output):
    """The output pseudo-tag with Ruby value printing and Ruby's lax fallback (L14)."""

    node_class = RubyOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        expr_token = stream.peek
        try:
            return super().parse(stream)
        except LiquidSyntaxError as err:
            if self.env.mode == Mode.STRICT or is_structural(err) or expr_token.kind != TOKEN_EXPRESSION:
                raise
            # Warn as Jekyll does, then read the markup as Ruby Liquid's lax parser would.
            self.env.error(err)
            from liquidpage.lax import lax_parse

            expression = lax_parse(expr_token.value, expr_token)
            if stream.current is not expr_token and stream.peek is expr_token:
                next(stream)
            node = self.node_class(stream.current, expression or Nil(expr_token))  # type: ignore[arg-type]
            return node


def _lax_qf() -> str:
    from liquidpage.lax import QUOTED_FRAGMENT

    return QUOTED_FRAGMENT


_ASSIGN_SYNTAX = re.compile(r"((?:\(?[\w\-.\[\]]\)?)+)\s*=\s*(.*)\s*", re.S)
_CAPTURE_SYNTAX = re.compile(r"(?:\(?[\w\-.\[\]]\)?)+")


class JekyllAssignNode(AssignNode):
    """``assign``; Jekyll's ``empty``/``blank`` literals are stored as ``""`` (their ``to_liquid``)."""

    def render_to_output(self, context: RenderContext, _: TextIO) -> int:
        value = self.expression.evaluate(context)
        context.assign(self.name, "" if isinstance(value, (Blank, Empty)) else value)
        return 0

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class JekyllAssignTag(AssignTag):
    """``assign`` with Liquid 5.4's lax fallback (``assign.rb``): ``assign -x = 1 + 2`` sets ``-x`` to 1."""

    node_class = JekyllAssignNode

    def parse(self, stream: TokenStream) -> AssignNode:
        tag_token, expr_token = stream.current, stream.peek
        try:
            return super().parse(stream)
        except LiquidSyntaxError as err:
            if self.env.mode == Mode.STRICT or is_structural(err) or expr_token.kind != TOKEN_EXPRESSION:
                raise
            match = _ASSIGN_SYNTAX.search(expr_token.value)
            if not match:
                raise AssignSyntaxError(
                    "Syntax Error in 'assign' - Valid syntax: assign [var] = [source]", token=tag_token) from None
            self.env.error(err)
            from liquidpage.lax import lax_parse

            while stream.current is not expr_token and stream.current.kind != TOKEN_EOF:
                next(stream)
            expression = lax_parse(match.group(2), expr_token) or Nil(expr_token)
            name = Identifier(match.group(1), token=expr_token)
            return self.node_class(tag_token, name=name, expression=expression)  # type: ignore[arg-type]


class AssignSyntaxError(LiquidSyntaxError):
    """``assign`` markup Ruby Liquid cannot read even leniently: fatal in every mode."""


class JekyllCaptureTag(CaptureTag):
    """``capture`` with Liquid 5.4's lax name (``capture -x``)."""

    def parse(self, stream: TokenStream) -> Any:
        tag_token, expr_token = stream.current, stream.peek
        try:
            return super().parse(stream)
        except LiquidSyntaxError as err:
            if self.env.mode == Mode.STRICT or is_structural(err) or expr_token.kind != TOKEN_EXPRESSION:
                raise
            match = _CAPTURE_SYNTAX.search(expr_token.value)
            if not match:
                raise
            self.env.error(err)
            if stream.current is tag_token:
                next(stream)
            if stream.current is expr_token:
                next(stream)
            block = get_parser(self.env).parse_block(stream, ("endcapture", TOKEN_EOF))
            stream.expect(TOKEN_TAG, value="endcapture")
            return self.node_class(tag_token, Identifier(match.group(0), token=expr_token), block)


_CONDITION_OPERATORS = frozenset(("==", "!=", "<>", "<", ">", ">=", "<=", "contains"))
_IF_SYNTAX = re.compile(r"(" + _lax_qf() + r")\s*([=!<>a-z_]+)?\s*(" + _lax_qf() + r")?")


def lax_condition(env: Environment, markup: str, token: Token) -> tuple[str | None, str | None]:
    """Ruby Liquid's lax ``if`` reading of markup the strict parser rejects.

    Returns ``(unknown operator, None)`` when Ruby would fail at render time, ``(None, text)``
    with a strict-parsable rewrite of what Ruby reads, or ``(None, None)`` when the markup parses
    strictly (or cannot be read at all).
    """
    try:
        BooleanExpression.parse(env, TokenStream(tokenize(markup, token)))
        return None, None
    except LiquidSyntaxError:
        pass
    parts: list[str] = []
    for piece in re.split(r"\b(and|or)\b", markup):
        if piece in ("and", "or"):
            parts.append(piece)
            continue
        match = _IF_SYNTAX.search(piece)
        if not match:
            return None, None
        left, op, right = match.groups()
        if op and op not in _CONDITION_OPERATORS:
            return op, None
        parts.append(f"{left} {op} {right}" if op and right else left)
    return None, " ".join(parts)


class UnknownOperatorNode(Node):
    """An ``if``/``unless`` whose condition Ruby Liquid aborts on: ``Unknown operator X``."""

    def __init__(self, token: Token, operator: str) -> None:
        super().__init__(token)
        self.operator = operator

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        raise LiquidError(f"Unknown operator {self.operator}", token=self.token)

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class _LaxConditionMixin:
    """Parse the block with a placeholder condition when Ruby would fail on the operator."""

    env: Environment

    def parse(self, stream: TokenStream) -> Node:
        expr_token = stream.peek
        operator = rewrite = None
        if expr_token.kind == TOKEN_EXPRESSION and self.env.mode != Mode.STRICT:
            operator, rewrite = lax_condition(self.env, expr_token.value, expr_token)
        if operator is None and rewrite is None:
            return super().parse(stream)  # type: ignore[misc]
        self.env.error(LiquidSyntaxError(f"Unexpected character in '{expr_token.value}'", token=expr_token))
        replacement = Token(TOKEN_EXPRESSION, rewrite or "true", expr_token.start_index, expr_token.source)
        stream.tokens[stream.pos + 1] = replacement
        node = super().parse(stream)  # type: ignore[misc]
        return node if operator is None else UnknownOperatorNode(node.token, operator)


class JekyllIfTag(_LaxConditionMixin, IfTag):
    """``if`` with Liquid 5.4's render-time failure on unknown operators."""


class JekyllUnlessTag(_LaxConditionMixin, UnlessTag):
    """``unless`` with Liquid 5.4's render-time failure on unknown operators."""


class RubyEchoNode(EchoNode):
    """``{% echo x %}`` printed with Ruby ``to_s``."""

    render_to_output = RubyOutputNode.render_to_output
    render_to_output_async = RubyOutputNode.render_to_output_async


class RubyEchoTag(EchoTag):
    """Liquid 5.4's ``echo`` tag with Ruby value printing."""

    node_class = RubyEchoNode


_REVERSED_AFTER_COLLECTION = re.compile(
    r"\A\s*[\w-]+\s+in\s+(?:\([^)]*\)|(?:\"[^\"]*\"|'[^']*'|[^\s,])+)\s*,?\s*reversed\b"
)


class RubyLoopExpression(LoopExpression):
    """``limit:``/``offset:`` through ``Liquid::Utils.to_integer`` (§6.4 row 9): ``2.7`` aborts."""

    __slots__ = ()

    def _to_int(self, obj: object, *, token: Token) -> int:
        from liquidpage.ruby import nil, strict_integer

        if nil(obj) is None:
            return None  # type: ignore[return-value]  # nil: no limit / offset 0 (for.rb)
        try:
            return strict_integer(obj)
        except ValueError:
            raise FilterArgumentError("invalid integer", token=token) from None

    def _slice(self, it: Iterator[object], length: int, context: RenderContext, *,
               limit: int | None, offset: int | str | None) -> tuple[Iterator[object], int]:
        """As python-liquid's, except that ``limit: 0`` gives nothing (Ruby's ``to = from + 0``)."""
        from itertools import islice

        offset_key = f"{self.identifier}-{self.iterable}"
        start = context.stopindex(offset_key) if offset == "continue" else int(offset or 0)
        stop = None if limit is None else limit + start
        start_ = min(max(start, 0), length)
        stop_ = length if stop is None else max(min(stop, length), start_)
        context.stopindex(key=offset_key, index=stop_)
        sliced: Iterator[object] = islice(it, start_, stop_)
        if self.reversed:
            return reversed(list(sliced)), stop_ - start_
        return sliced, stop_ - start_


class JekyllLiquidTag(LiquidTag):
    """``{% liquid %}``; Liquid 5.4 has no ``liquid`` tag inside it (``Unknown tag 'liquid'``)."""

    def parse(self, stream: TokenStream) -> Node:
        expr = stream.peek
        if expr.kind == TOKEN_EXPRESSION:
            for line in expr.value.splitlines():
                if line.split(maxsplit=1)[:1] == ["liquid"]:
                    raise LiquidSyntaxError("Unknown tag 'liquid'", token=expr)
        return super().parse(stream)


class JekyllCommentTag(CommentTag):
    """``comment`` as in Liquid 5.4, which parses the body like any block and only ignores
    unknown tags at its own level: bad markup inside still warns or aborts (``comment.rb``)."""

    def parse(self, stream: TokenStream) -> Any:
        body = stream.peek
        node = super().parse(stream)
        if body.kind == TOKEN_COMMENT and ("{%" in body.value or "{{" in body.value):
            check_comment_body(self.env, body)
        return node


def check_comment_body(env: Environment, body: Token) -> None:
    """Parse a comment's body (then discard it), dropping the tags a comment ignores."""
    tags = env.tags
    ends = {getattr(t, "end", None) for t in tags.values() if getattr(t, "block", False)}
    ignorable = ends | {"else", "elsif", "when"}
    kept: list[Token] = []
    depth = 0
    skip_expression = False
    for tok in env.tokenizer()(body.value):
        tok = Token(tok.kind, tok.value, tok.start_index + body.start_index, body.source)
        if skip_expression and tok.kind == TOKEN_EXPRESSION:
            skip_expression = False
            continue
        skip_expression = False
        if tok.kind == TOKEN_TAG:
            known = tok.value in tags and tok.value not in ignorable
            if depth == 0 and not known:
                skip_expression = True
                continue
            if known and getattr(tags[tok.value], "block", False):
                depth += 1
            elif tok.value in ends:
                depth -= 1
        kept.append(tok)
    kept.append(Token(TOKEN_EOF, "", body.start_index + len(body.value), body.source))
    get_parser(env).parse(TokenStream(iter(kept)))


class JekyllInlineCommentTag(InlineCommentTag):
    """``{% # … %}``: in Liquid 5.4 every line of a multi-line inline comment starts with ``#``."""

    def parse(self, stream: TokenStream) -> Any:
        expr = stream.peek
        if expr.kind == TOKEN_EXPRESSION and re.search(r"\n\s*[^#\s]", expr.value):
            raise LiquidSyntaxError(
                "Syntax error in tag '#' - Each line of comments must be prefixed by the '#' character",
                token=stream.current)
        return super().parse(stream)


class RubyTableRow(TableRow):
    """``TablerowloopDrop``: starts at row 1, col 1, whatever ``cols`` is (0 when absent)."""

    __slots__ = ()

    def step(self) -> None:
        self._index += 1
        if self._index == 0:
            self._col = 1
        elif self._col == self.ncols:
            self._col = 1
            self._row += 1
        else:
            self._col += 1


class RubyTablerowNode(TablerowNode):
    """``tablerow`` as Liquid 5.4's ``table_row.rb``: lax ``to_i`` for offset/limit/cols, no
    ``cols`` means one row (``col_last`` never true), an empty collection still writes a row."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from liquidpage.ruby import is_array, is_hash, nil, to_i

        expr = self.expression
        collection = nil(expr.iterable.evaluate(context))
        if collection is None:
            return 0
        if isinstance(collection, str):
            items: list[Any] = [collection] if collection else []
        elif is_hash(collection):
            items = [[k, v] for k, v in collection.items()]
        elif is_array(collection) or isinstance(collection, range):
            items = list(collection)
        else:
            items = []
        start = to_i(expr.offset.evaluate(context)) if expr.offset is not None else 0
        stop = start + to_i(expr.limit.evaluate(context)) if expr.limit is not None else None
        items = items[max(start, 0):stop] if stop is None or stop > max(start, 0) else []
        cols = to_i(expr.cols.evaluate(context)) if expr.cols is not None else 0
        tablerow = RubyTableRow(expr.identifier, iter(items), len(items), cols)
        namespace: dict[str, object] = {"tablerowloop": tablerow}
        buffer.write('<tr class="row1">\n')
        with context.loop(namespace, tablerow):
            for item in tablerow:
                namespace[expr.identifier] = item
                buffer.write(f'<td class="col{tablerow.col}">')
                try:
                    self.block.render(context=context, buffer=buffer)
                except (BreakLoop, ContinueLoop):
                    pass
                buffer.write("</td>")
                if tablerow.col_last and not tablerow.last:
                    buffer.write(f'</tr>\n<tr class="row{tablerow.row + 1}">')
        buffer.write("</tr>\n")
        return 1


class JekyllTablerowTag(TablerowTag):
    node_class = RubyTablerowNode


class JekyllForTag(ForTag):
    """``for`` where ``reversed`` counts only right after the collection (engine notes L12), with
    Liquid 5.4's lax fallback (``for x in list | sort`` loops over ``list``, filters ignored)."""

    def parse(self, stream: TokenStream) -> ForNode:
        tag_token, expr_token = stream.current, stream.peek
        text = expr_token.value if expr_token.kind == TOKEN_EXPRESSION else ""
        try:
            node = super().parse(stream)
        except LiquidSyntaxError as err:
            if self.env.mode == Mode.STRICT or is_structural(err) or not text:
                raise
            return self.parse_lax(stream, err, tag_token, expr_token)
        assert isinstance(node, ForNode)
        node.expression.__class__ = RubyLoopExpression
        if node.expression.reversed and not _REVERSED_AFTER_COLLECTION.match(text):
            node.expression.reversed = False
            self.env.error(LiquidSyntaxError(
                f"Expected end_of_string but found id in \"{text.strip()}\"", token=node.token))
        return node

    def parse_lax(self, stream: TokenStream, err: LiquidSyntaxError, tag_token: Token,
                  expr_token: Token) -> ForNode:
        from liquid.builtin.expressions import StringLiteral

        from liquidpage.lax import lax_for

        read = lax_for(expr_token.value, expr_token)
        if read is None:
            raise LiquidSyntaxError("Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]",
                                    token=tag_token) from None
        self.env.error(err)
        if stream.current is tag_token:
            next(stream)
        if stream.current is expr_token:
            next(stream)
        name, iterable, reversed_, attrs = read
        offset = attrs.get("offset")
        if offset == "continue":
            offset = StringLiteral(token=expr_token, value="continue")
        expression = RubyLoopExpression(expr_token, Identifier(name, token=expr_token), iterable,
                                        limit=attrs.get("limit"), offset=offset, reversed_=reversed_, cols=None)
        parse_block = get_parser(self.env).parse_block
        block = parse_block(stream, ENDFORBLOCK)
        default = None
        if stream.current.is_tag("else"):
            next(stream)
            default = parse_block(stream, ENDFORELSEBLOCK)
        stream.expect(TOKEN_TAG, value="endfor")
        return self.node_class(tag_token, expression=expression, block=block, default=default)


class RenderTagError(LiquidError):
    """Liquid 5.4's ``render`` without a file system (Jekyll sets none)."""


class JekyllRenderNode(OutputNode):
    """``{% render %}``: parses, then aborts the build when rendered (§6.4 row 2, L15)."""

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        raise RenderTagError("This liquid context does not allow includes.", token=self.token)

    async def render_to_output_async(self, context: RenderContext, buffer: TextIO) -> int:
        return self.render_to_output(context, buffer)


class JekyllRenderTag(RenderTag):
    """Liquid 5.4's ``render`` under Jekyll, which sets no Liquid file system."""

    def parse(self, stream: TokenStream) -> Any:
        node = super().parse(stream)
        return JekyllRenderNode(node.token, None)  # type: ignore[arg-type]


class UnknownDocTag(Tag):
    """``{% doc %}`` (Liquid 5.8+) is an unknown tag under Liquid 5.4: fatal in Jekyll."""

    name = TOKEN_DOC
    block = False

    def parse(self, stream: TokenStream) -> Any:
        raise LiquidSyntaxError("unexpected tag 'doc'", token=stream.current)


class UndefinedVariablesError(LiquidError):
    """``strict_variables``: every undefined variable of one render (§6.1.4)."""

    def __init__(self, found: list[tuple[str, int, str]], token: Any = None) -> None:
        self.found = found
        lines = [f"{path}:{line}: undefined variable {name}" for path, line, name in found]
        super().__init__("; ".join(lines), token=token)


def _line_of(token: Any) -> int:
    if token is None:
        return 0
    return token.source.count("\n", 0, token.start_index) + 1


class JekyllRenderContext(RenderContext):
    """A render context that records undefined lookups when ``strict_variables`` is on."""

    __slots__ = ()

    def _record(self, value: Any, full_path: list[object], token: Any) -> Any:
        if isinstance(value, Undefined) and getattr(self.env, "strict_variables", False):
            path = _undefined_segment(self, full_path)
            root = self.parent_context or self
            while root.parent_context is not None:
                root = root.parent_context
            name = str(path[-1]) if isinstance(path, list) and path else str(path)
            template = self.template
            where = getattr(template, "path", None) or getattr(template, "name", "") or ""
            root.tag_namespace.setdefault("undefined", []).append((str(where), _line_of(token), name, token))
        return value

    def get(self, path: list[object], *, token: Any, default: object = UNDEFINED) -> object:  # type: ignore[override]
        value = super().get(path, token=token, default=default)
        if default is UNDEFINED:
            self._record(value, path, token)
        return value


    def filter(self, name: str, token: Any) -> Any:  # noqa: A003 - python-liquid's API name
        """Liquid 5.4's message for an unknown filter under ``strict_filters``."""
        if name not in self.env.filters and self.env.strict_filters:
            raise UnknownFilterError(f"undefined filter {name}", token=token)
        return super().filter(name, token=token)


def _undefined_segment(context: RenderContext, path: list[object]) -> list[object]:
    """The first path segment that is missing (Ruby reports that key's name)."""
    try:
        obj: Any = context.scope[path[0]]  # type: ignore[index]
    except (KeyError, TypeError, IndexError):
        return path[:1]
    for i, segment in enumerate(path[1:], 1):
        try:
            obj = context.get_item(obj, segment)
        except (KeyError, TypeError, IndexError):
            return path[: i + 1]
    return path


class JekyllTemplate(BoundTemplate):
    """A bound template whose top-level renders raise the collected undefined variables."""

    context_class = JekyllRenderContext

    def render_with_context(self, context: RenderContext, buffer: TextIO, *args: Any,
                            partial: bool = False, **kwargs: Any) -> None:
        super().render_with_context(context, buffer, *args, partial=partial, **kwargs)
        found = context.tag_namespace.get("undefined")
        if not partial and found and context.parent_context is None:
            context.tag_namespace["undefined"] = []
            raise undefined_variables_error(self.env, found)


def undefined_variables_error(env: Any, found: list[tuple[str, int, str, Any]]) -> Exception:
    """One error listing every undefined variable with its file and line (§6.1.4).

    File lines come from the site's renderer (``Renderer.locate``) when there is one.
    """
    from liquidpage.errors import TemplateError

    renderer = getattr(getattr(env, "site", None), "renderer", None)
    locate = getattr(renderer, "locate", None)
    lines: list[str] = []
    first = None
    for where, line, name, token in found:
        loc = locate(token) if locate is not None else None
        first = first or loc
        place = f"{loc.path}:{loc.line}" if loc is not None else f"{where}:{line}"
        lines.append(f"{place}: undefined variable {name}")
    if renderer is None:
        return UndefinedVariablesError([f[:3] for f in found], token=found[0][3])
    return TemplateError("Liquid error: " + "\n".join(lines), first)


# Block-structure errors are fatal in every error mode: Ruby Liquid's warn/lax fallback only
# covers the markup inside one tag or output (§6.1.1), not unknown or unclosed tags.
_STRUCTURAL = re.compile(
    r"\A(?:unexpected tag |expected tag \w+, found end|.* was never closed|"
    r"expected '}}', found end of file|missing tag name or closing delimiter|"
    r"Unknown tag '|Variable '\{\{' was not|Tag '\{%' was not|Syntax Error in |Syntax error in tag '#')"
)


def is_structural(exc: LiquidError) -> bool:
    """True for syntax errors Jekyll aborts on whatever ``error_mode`` is."""
    return bool(_STRUCTURAL.match(str(getattr(exc, "message", "") or "")))


_BLOCK_ENDS = {"endif": "if", "endunless": "unless", "endfor": "for", "endcase": "case",
               "endcapture": "capture", "endcomment": "comment", "endtablerow": "tablerow",
               "endraw": "raw", "endifchanged": "ifchanged", "endhighlight": "highlight"}


# Tags whose Ruby lax parser cannot read empty markup: fatal in every error mode.
_MISSING_MARKUP = {
    "if": "Syntax Error in tag 'if' - Valid syntax: if [expression]",
    "elsif": "Syntax Error in tag 'if' - Valid syntax: if [expression]",
    "unless": "Syntax Error in tag 'if' - Valid syntax: if [expression]",
    "when": "Syntax Error in tag 'case' - Valid when condition: {% when [condition] [or condition2...] %}",
    "case": "Syntax Error in tag 'case' - Valid syntax: case [condition]",
    "for": "Syntax Error in 'for loop' - Valid syntax: for [item] in [collection]",
    "capture": "Syntax Error in 'capture' - Valid syntax: capture [var]",
    "cycle": "Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...]",
    "tablerow": "Syntax Error in 'table_row loop' - Valid syntax: table_row [item] in [collection] cols=3",
}


def ruby_syntax_message(message: str) -> str:
    """Liquid 5.4's wording for python-liquid's structural syntax errors."""
    match = re.match(r"unexpected tag '(\w+)'", message)
    if match:
        name = match.group(1)
        return "'raw' tag was never closed" if name == "raw" else f"Unknown tag '{name}'"
    match = re.match(r"expected tag (\w+), found end", message)
    if match:
        return f"'{_BLOCK_ENDS.get(match.group(1), match.group(1))}' tag was never closed"
    match = re.match(r"(\w+) tag was never closed", message)
    if match:
        return f"'{match.group(1)}' tag was never closed"
    if message.startswith("expected '}}', found end of file"):
        return "Variable '{{' was not properly terminated with regexp: /\\}\\}/"
    if message.startswith("missing tag name or closing delimiter"):
        return "Tag '{%' was not properly terminated with regexp: /\\%\\}/"
    return message


def _blank_eq(self: object, other: object) -> bool:
    """Ruby Liquid: ``x == blank`` calls ``x.blank?``, which plain Ruby objects lack (§6.3.1)."""
    return False


def _ruby_contains(token: Any, left: object, right: object) -> bool:
    """Liquid 5.4 ``contains``: false unless the left side responds to ``include?``."""
    from collections.abc import Collection

    from liquid.builtin.expressions.logical import is_truthy

    if not is_truthy(left) or not is_truthy(right):
        return False
    if isinstance(left, str):
        return to_s(right) in left
    if isinstance(left, Collection):
        return right in left
    return False


# Ruby Liquid accepts the `empty`/`blank` literals as filter arguments (`where: "p", empty`).
_filtered.FILTER_TOKENS.update((TOKEN_EMPTY, TOKEN_BLANK))

def _ruby_compare(token: Any, left: object, right: object, op: str) -> bool:
    """Liquid 5.4 ``Condition`` for ``<``, ``>``, ``<=``, ``>=`` (L13)."""
    import operator

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


def _comparison(op: str) -> Callable[..., object]:
    def evaluate(self: Any, context: RenderContext) -> object:
        return _ruby_compare(self.token, self.left.evaluate(context), self.right.evaluate(context), op)

    return evaluate


for _cls, _op in ((_logical.LtExpression, "<"), (_logical.GtExpression, ">"),
                  (_logical.LeExpression, "<="), (_logical.GeExpression, ">=")):
    _cls.evaluate = _comparison(_op)  # type: ignore[method-assign]

# python-liquid evaluates these at module level; liquidpage is their only user in-process.
_logical._contains = _ruby_contains  # type: ignore[attr-defined]
Blank.__eq__ = _blank_eq  # type: ignore[method-assign,assignment]
Blank.__hash__ = object.__hash__  # type: ignore[method-assign]


@lru_cache(maxsize=8)
def _jekyll_lexer(tag_s: str, tag_e: str, stmt_s: str, stmt_e: str) -> Callable[[str], Iterator[Token]]:
    """python-liquid's content rule ends at ``$``, which also matches before a final newline;
    the newline then becomes its own text token and a pending ``-}}`` strip removes it. ``\\Z``
    keeps the text in one piece, as Ruby Liquid's tokenizer does."""
    rules = compile_liquid_rules(tag_s, tag_e, stmt_s, stmt_e, "", "")
    pattern = rules.pattern.replace("(?P<rstrip>-?))|$)", "(?P<rstrip>-?))|\\Z)")
    tokenize = partial(_tokenize_template, rules=re.compile(pattern, re.DOTALL))

    def lex(source: str) -> Iterator[Token]:
        check_ruby_tokens(source)
        return tokenize(source)

    return lex


# Ruby Liquid's tokenizer (``tokenizer.rb``): `{{` runs to the first `}` (or `}}`), `{%` to the
# first `%}`; an output token that does not end in `}}` is a fatal syntax error (§6.3.4).
_RUBY_TOKEN = re.compile(r"\{\{.*?\}\}?|\{%.*?%\}|\{\{|\{%", re.DOTALL)
_RAW_START = re.compile(r"\{%-?\s*raw\b(.*?)-?%\}\Z", re.S)
# Raw's FullTokenPossiblyInvalid: the last `{%` of the token, then the tag name; so `{%- endraw`
# does not close raw (§6.4 row 11) and `{% }} {{ {% endraw %}` does.
_RAW_END = re.compile(r"\A.*\{%\s*(\w+)\s*.*%\}\Z", re.S)


def check_ruby_tokens(source: str) -> None:
    """Raise Liquid 5.4's ``Variable '…' was not properly terminated`` where Ruby would."""
    if "{{" not in source and "raw" not in source:
        return
    in_raw: Token | None = None
    for match in _RUBY_TOKEN.finditer(source):
        text = match.group(0)
        raw = _RAW_START.match(text)
        if in_raw is not None:
            end = _RAW_END.match(text)
            if end and end.group(1) == "endraw":
                in_raw = None
        elif raw:
            in_raw = Token(TOKEN_TAG, "raw", match.start(), source)
            if raw.group(1).strip():
                raise LiquidSyntaxError("Syntax Error in 'raw' - Valid syntax: raw", token=in_raw)
        elif text.startswith("{{") and (len(text) == 2 or not text.endswith("}}")):
            token = Token(TOKEN_EXPRESSION, text, match.start(), source)
            raise LiquidSyntaxError(
                f"Variable '{text}' was not properly terminated with regexp: /\\}}\\}}/", token=token)
    if in_raw is not None:
        raise LiquidSyntaxError("'raw' tag was never closed", token=in_raw)


class JekyllEnvironment(Environment):
    """A python-liquid ``Environment`` with Jekyll's tags, filters and error policy.

    ``site`` is the :class:`liquidpage.site.Site` being rendered; tags and filters reach the
    configuration (``env.site.config``), the Markdown converter and the site index through it.
    """

    template_class = JekyllTemplate

    def __init__(self, site: Site) -> None:
        liquid_cfg = site.config.get("liquid") or {}
        mode = _MODES.get(str(liquid_cfg.get("error_mode", "warn")).lower(), Mode.WARN)
        self.site = site
        self.strict_variables = bool(liquid_cfg.get("strict_variables"))
        super().__init__(
            tolerance=mode,
            undefined=Undefined,
            strict_filters=bool(liquid_cfg.get("strict_filters")),
        )

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's lexer with the final newline kept after ``-}}`` (Liquid 5.4 behaviour)."""
        return _jekyll_lexer(self.tag_start_string, self.tag_end_string,
                             self.statement_start_string, self.statement_end_string)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Register Liquid's standard tags and filters, then Jekyll's over them (§5)."""
        super().setup_tags_and_filters(extra=False)
        from liquidpage import filters, tags

        for name in _NOT_IN_LIQUID_5_4:
            self.tags.pop(name, None)
        self.add_tag(UnknownDocTag)
        self.add_tag(RubyOutput)
        self.add_tag(RubyEchoTag)
        self.add_tag(JekyllForTag)
        self.add_tag(JekyllTablerowTag)
        self.add_tag(JekyllLiquidTag)
        self.add_tag(JekyllInlineCommentTag)
        self.add_tag(JekyllCommentTag)
        self.add_tag(JekyllAssignTag)
        self.add_tag(JekyllIfTag)
        self.add_tag(JekyllUnlessTag)
        self.add_tag(JekyllCaptureTag)
        self.add_tag(JekyllRenderTag)
        filters.register(self)
        tags.register(self)

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Any = None,
    ) -> None:
        """Jekyll's policy (§6.1): syntax errors follow ``error_mode``; render errors abort."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        if isinstance(exc, LiquidSyntaxError) and exc.message == "missing expression":
            name = getattr(exc.token, "value", "")
            if name in _MISSING_MARKUP:
                raise LiquidSyntaxError(_MISSING_MARKUP[name], token=exc.token) from None
        if isinstance(exc, LiquidSyntaxError) and is_structural(exc):
            raise LiquidSyntaxError(ruby_syntax_message(exc.message), token=exc.token) from None
        if isinstance(exc, LiquidSyntaxError) and self.mode != Mode.STRICT:
            if self.mode == Mode.WARN:
                self.site.warn_liquid_syntax(exc)
            return
        raise exc
