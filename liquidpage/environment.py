"""The Liquid environment configured as Jekyll 4.3.1 configures Ruby Liquid 5.4 (Jekyll's liquid_renderer.rb LiquidRenderer, renderer.rb Renderer#render_liquid)."""

from __future__ import annotations

import gc
import logging
import re
from functools import lru_cache, partial
from collections.abc import Mapping
from io import StringIO
from typing import TYPE_CHECKING, Any, Callable, Iterator, TextIO

from liquid import BoundTemplate, Environment, Mode, RenderContext, Undefined
from liquid.ast import Node
from liquid.ast import BlockNode
from liquid.builtin.expressions import BooleanExpression, FilteredExpression, Identifier, Nil
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
from liquid.output import LimitedStringIO
from liquid.tag import Tag
from liquid.undefined import UNDEFINED
from liquid.token import TOKEN_COMMENT, TOKEN_CONTENT, TOKEN_DOC, TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

from liquidpage.expressions import LaxToken, RubyTokenStream, expression_stream, rubify, ruby_tokenize
from liquidpage.ruby import output_s

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
            token = stream.eat(TOKEN_OUTPUT)
            expr_token = stream.expect(TOKEN_EXPRESSION)
            return self.node_class(token, FilteredExpression.parse(self.env, expression_stream(expr_token, "output")))
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
            from liquidpage.lax import lax_parse

            while stream.current is not expr_token and stream.current.kind != TOKEN_EOF:
                next(stream)
            # assign.rb reads the name with a regex (no warning); only the value is a
            # Liquid::Variable, parsed strictly first and leniently after a warning.
            value = Token(TOKEN_EXPRESSION, match.group(2).strip(), expr_token.start_index + match.start(2),
                          expr_token.source)
            try:
                expression = FilteredExpression.parse(self.env, expression_stream(value, "output"))
            except LiquidSyntaxError as value_err:
                self.env.error(value_err)
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
            # capture.rb reads its name with a regex: no warning.
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
        BooleanExpression.parse(env, TokenStream(ruby_tokenize(markup, token, "if")))
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
        replacement = LaxToken(TOKEN_EXPRESSION, rewrite or "true", expr_token.start_index, expr_token.source)
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
    """Liquid 5.4's ``echo`` tag with Ruby value printing and the output's lax fallback."""

    node_class = RubyEchoNode

    def parse(self, stream: TokenStream) -> Node:
        tag_token, expr_token = stream.current, stream.peek
        try:
            return super().parse(stream)
        except LiquidSyntaxError as err:
            if self.env.mode == Mode.STRICT or is_structural(err) or expr_token.kind != TOKEN_EXPRESSION:
                raise
            self.env.error(err)
            from liquidpage.lax import lax_parse

            while stream.current is not expr_token and stream.current.kind != TOKEN_EOF:
                next(stream)
            return self.node_class(tag_token, lax_parse(expr_token.value, expr_token) or Nil(expr_token))


_REVERSED_AFTER_COLLECTION = re.compile(
    r"\A\s*[\w-]+\s+in\s+(?:\([^)]*\)|(?:\"[^\"]*\"|'[^']*'|[^\s,])+)\s*,?\s*reversed\b"
)


class RubyLoopExpression(LoopExpression):
    """``limit:``/``offset:`` through ``Liquid::Utils.to_integer`` (Liquid 5.4's utils.rb Utils.to_integer): ``2.7`` aborts."""

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
        # As LiquidTag.parse, with the inner tags' expressions read as Ruby reads them.
        token = stream.eat(TOKEN_TAG)
        expression: Token | None = None
        parser = get_parser(self.env)
        if stream.current.kind == TOKEN_EOF:
            block = BlockNode(token, [])
        elif stream.current.kind == TOKEN_TAG:
            block = parser.parse_block(stream, end=())
        else:
            expression = stream.expect(TOKEN_EXPRESSION)
            inner = RubyTokenStream(self._tokenize(expression.value, token=expression),
                                    block_depth_carry=stream.block_depth, env=self.env, liquid_lines=True)
            block = parser.parse_block(inner, end=())
        return self.node_class(token, expression, block=block)


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
    get_parser(env).parse(RubyTokenStream(iter(kept), env=env))


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
        if collection is None or collection is False:
            return 0
        if isinstance(collection, str):
            items: list[Any] = [collection] if collection else []
        elif is_hash(collection):
            items = [[k, v] for k, v in collection.items()]
        elif is_array(collection) or isinstance(collection, range):
            items = list(collection)
        else:
            items = []
        try:
            start = to_i(expr.offset.evaluate(context)) if expr.offset is not None else 0
            stop = start + to_i(expr.limit.evaluate(context)) if expr.limit is not None else None
            cols = to_i(expr.cols.evaluate(context)) if expr.cols is not None else 0
        except (TypeError, ValueError) as err:  # Ruby's NoMethodError / FloatDomainError
            raise LiquidTypeError(str(err), token=self.token) from None
        items = items[max(start, 0):stop] if stop is None or stop > max(start, 0) else []
        tablerow = RubyTableRow(expr.identifier, iter(items), len(items), cols)
        namespace: dict[str, object] = {"tablerowloop": tablerow}
        buffer.write('<tr class="row1">\n')
        from liquid.exceptions import LoopIterationLimitError

        try:
            context.raise_for_loop_limit(len(items))
        except LoopIterationLimitError as err:
            err.token = self.token
            raise
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


class RubyForNode(ForNode):
    """A ``for`` node that names itself in a loop-limit error (python-liquid's has no position)."""

    __slots__ = ()

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from liquid.exceptions import LoopIterationLimitError

        try:
            return super().render_to_output(context, buffer)
        except LoopIterationLimitError as err:
            if err.token is None:
                err.token = self.token
            raise


class JekyllForTag(ForTag):
    """``for`` where ``reversed`` counts only right after the collection (engine notes L12), with
    Liquid 5.4's lax fallback (``for x in list | sort`` loops over ``list``, filters ignored)."""

    node_class = RubyForNode

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
    """``{% render %}``: parses, then aborts the build when rendered (Liquid 5.4's tags/render.rb Render; Jekyll sets no Liquid file system)."""

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
    """``strict_variables``: every undefined variable of one render (Jekyll's renderer.rb Renderer#render_liquid (liquid strict_variables))."""

    def __init__(self, found: list[tuple[str, int, str]], token: Any = None) -> None:
        self.found = found
        lines = [f"{path}:{line}: undefined variable {name}" for path, line, name in found]
        super().__init__("; ".join(lines), token=token)


def _line_of(token: Any) -> int:
    if token is None:
        return 0
    return token.source.count("\n", 0, token.start_index) + 1


class LimitedOutput(LimitedStringIO):
    """python-liquid's output-size-limited buffer without its newline translation
    (``LimitedStringIO`` passes ``newline=None``, which turns ``\r\n`` into ``\n``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit, newline="")

    def write(self, text: str) -> int:
        """Count UTF-8 bytes as the writer writes them (raw bytes of ``base64_decode`` kept)."""
        if text:
            # str.isascii() is O(1) (CPython keeps the flag): ASCII text is one byte a character
            self.size += len(text) if text.isascii() else len(text.encode("utf-8", "surrogateescape"))
            if self.size > self.limit:
                from liquid.exceptions import OutputStreamLimitError

                raise OutputStreamLimitError("output stream limit reached", token=None)
        return StringIO.write(self, text)


def output_buffer(env: Environment, carry: TextIO | None = None) -> StringIO:
    """A buffer for rendered text that honours ``liquid: max_output_bytes``."""
    if env.output_stream_limit is None:
        return StringIO()
    used = carry.size if isinstance(carry, LimitedStringIO) else 0
    return LimitedOutput(env.output_stream_limit - used)


_MISSING: Any = object()
_SIZE_FIRST_LAST = frozenset(("size", "first", "last"))


class JekyllRenderContext(RenderContext):
    """A render context that records undefined lookups when ``strict_variables`` is on."""

    __slots__ = ()

    def get_buffer(self, buf: TextIO | None = None) -> StringIO:
        return output_buffer(self.env, buf)

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
        # The common lookup first, python-liquid's RenderContext.get after: a name found in the
        # scope (plain dicts asked without a KeyError), then each segment, a plain dict read
        # directly and anything else through get_item. On any miss (or with strict_variables)
        # the lookup runs again the general way, which makes the same undefined value or error.
        root = path[0]
        maps = getattr(self.scope, "_maps", None)
        if root.__class__ is str and maps is not None and not getattr(self.env, "strict_variables", False):
            obj: Any = _MISSING
            try:
                for mapping in maps:
                    if mapping.__class__ is dict:
                        obj = mapping.get(root, _MISSING)
                        if obj is not _MISSING:
                            break
                    else:
                        try:
                            obj = mapping[root]
                            break
                        except KeyError:
                            pass
                if obj is not _MISSING:
                    for index in range(1, len(path)):
                        segment = path[index]
                        if obj.__class__ is dict and segment.__class__ is str and segment not in _SIZE_FIRST_LAST:
                            obj = obj.get(segment, _MISSING)
                            if obj is _MISSING:
                                break
                        else:
                            obj = self.get_item(obj, segment)
                    else:
                        return obj
            except (KeyError, TypeError, IndexError):
                pass
        return self._get(path, token=token, default=default)

    def _get(self, path: list[object], *, token: Any, default: object = UNDEFINED) -> object:
        value = super().get(path, token=token, default=default)
        if default is UNDEFINED:
            self._record(value, path, token)
        return value


    def get_item(self, obj: Any, key: Any) -> Any:
        """As python-liquid's, except that ``true``/``false`` never index an array (``x[true]`` is nil)."""
        if isinstance(key, bool) and not isinstance(obj, Mapping):
            raise KeyError(key)
        return super().get_item(obj, key)

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

    def _get_buffer(self) -> StringIO:
        return output_buffer(self.env)

    def render_with_context(self, context: RenderContext, buffer: TextIO, *args: Any,
                            partial: bool = False, **kwargs: Any) -> None:
        if gc.isenabled():
            # As the Markdown converter does: a render allocates many short-lived objects and the
            # cyclic collector, run by their count, would walk the whole heap in vain; it runs
            # again (and finds any cycle the render left) once the render is over.
            gc.disable()
            try:
                super().render_with_context(context, buffer, *args, partial=partial, **kwargs)
            finally:
                gc.enable()
        else:
            super().render_with_context(context, buffer, *args, partial=partial, **kwargs)
        found = context.tag_namespace.get("undefined")
        if not partial and found and context.parent_context is None:
            context.tag_namespace["undefined"] = []
            raise undefined_variables_error(self.env, found)


def undefined_variables_error(env: Any, found: list[tuple[str, int, str, Any]]) -> Exception:
    """One error listing every undefined variable with its file and line (Jekyll's renderer.rb Renderer#render_liquid (liquid strict_variables)).

    File lines come from the site's renderer (``Renderer.locate``) when there is one.
    """
    from liquidpage.errors import TemplateError

    renderer = getattr(getattr(env, "site", None), "renderer", None)
    locate = getattr(renderer, "locate", None)
    if renderer is None:
        return UndefinedVariablesError([f[:3] for f in found], token=found[0][3])
    # The first one is the error's own location; the others follow, one a line.
    first = locate(found[0][3]) if locate is not None else None
    lines = [f"undefined variable {found[0][2]}" if first is not None else f"{found[0][0]}:{found[0][1]}: undefined variable {found[0][2]}"]
    for where, line, name, token in found[1:]:
        loc = locate(token) if locate is not None else None
        place = f"{loc.path}:{loc.line}" if loc is not None else f"{where}:{line}"
        lines.append(f"{place}: undefined variable {name}")
    return TemplateError("Liquid error: " + "\n".join(lines), first)


# Block-structure errors are fatal in every error mode: Ruby Liquid's warn/lax fallback only
# covers the markup inside one tag or output (Jekyll's liquid_renderer.rb LiquidRenderer#initialize (Liquid::Template.error_mode)), not unknown or unclosed tags.
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


def unclosed_tag(env: Environment, source: str, message: str) -> Token | None:
    """The opening tag of the block a "``'if' tag was never closed``" error is about (python-liquid
    reports it at the end of the template, with no position): the last one left open."""
    match = re.match(r"'(\w+)' tag was never closed", message or "")
    if not match:
        return None
    name = match.group(1)
    still_open: list[Token] = []
    in_liquid: list[Token] = []  # openers left open inside a `{% liquid %}` tag, one a line
    try:
        tokens = list(env.tokenizer()(source))
    except LiquidError:
        return None
    for i, token in enumerate(tokens):
        if token.kind == TOKEN_TAG and token.value == name:
            still_open.append(token)
        elif token.kind == TOKEN_TAG and token.value == "end" + name and still_open:
            still_open.pop()
        elif token.kind == TOKEN_TAG and token.value == "liquid" and i + 1 < len(tokens) \
                and tokens[i + 1].kind == TOKEN_EXPRESSION:
            expr = tokens[i + 1]
            opened: list[Token] = []
            for line in re.finditer(r"[^\n]+", expr.value):
                word = line.group(0).split(maxsplit=1)[:1]
                if word == [name]:
                    start = expr.start_index + line.start() + len(line.group(0)) - len(line.group(0).lstrip())
                    opened.append(Token(TOKEN_TAG, name, start, expr.source))
                elif word == ["end" + name] and opened:
                    opened.pop()
            in_liquid.extend(opened)
    if still_open:
        return still_open[-1]
    return in_liquid[-1] if in_liquid else None


def ruby_syntax_message(message: str) -> str:
    """Liquid 5.4's wording for python-liquid's structural syntax errors."""
    if message == "unexpected tag 'end of expression'":  # case_tag.py's loop ran into the end
        return "'case' tag was never closed"
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


@lru_cache(maxsize=8)
def _jekyll_lexer(tag_s: str, tag_e: str, stmt_s: str, stmt_e: str) -> Callable[[str], Iterator[Token]]:
    """python-liquid's content rule ends at ``$``, which also matches before a final newline;
    the newline then becomes its own text token and a pending ``-}}`` strip removes it. ``\\Z``
    keeps the text in one piece, as Ruby Liquid's tokenizer does."""
    rules = compile_liquid_rules(tag_s, tag_e, stmt_s, stmt_e, "", "")
    pattern = rules.pattern.replace("(?P<rstrip>-?))|$)", "(?P<rstrip>-?))|\\Z)")
    compiled = re.compile(pattern, re.DOTALL)
    tokenize = partial(_tokenize_template, rules=_ContentSkippingRules(compiled, tag_s, stmt_s))

    def lex(source: str) -> Iterator[Token]:
        check_ruby_tokens(source)
        return tokenize(source)

    return lex


class _Content:
    """The match python-liquid's content rule makes (``.+?`` up to the next tag or output start,
    or the end: ``lastgroup``, ``group()``, ``group("rstrip")``, ``start()``), found without it."""

    __slots__ = ("_source", "_start", "_end", "_rstrip")
    lastgroup = TOKEN_CONTENT

    def __init__(self, source: str, start: int, end: int, rstrip: str | None) -> None:
        self._source, self._start, self._end, self._rstrip = source, start, end, rstrip

    def group(self, name: str | int = 0) -> str | None:
        if name == 0:
            return self._source[self._start:self._end]
        if name == "rstrip":
            return self._rstrip
        return None

    def start(self, name: str | int = 0) -> int:
        return self._start if name == 0 else -1

    def end(self, name: str | int = 0) -> int:
        return self._end if name == 0 else -1


class _ContentSkippingRules:
    """``rules.finditer(source)`` for python-liquid's ``_tokenize_template``, the same matches
    faster. The content rule (``.+?(?=(TAG_START|STMT_START)(-?))|\\Z``) tries a look-ahead at
    every character of a page's text; here a search finds the next tag or output start in C.
    The content rule matches at every position, so ``finditer`` is a sequence of matches, each
    at the end of the last: at a tag or output start the full rules run, elsewhere a content
    match runs from there to the next start (excluded) or the end."""

    def __init__(self, rules: re.Pattern[str], tag_s: str, stmt_s: str) -> None:
        self.rules = rules
        self.starts = (tag_s, stmt_s)
        self.next_start = re.compile(f"{re.escape(tag_s)}|{re.escape(stmt_s)}")

    def finditer(self, source: str) -> Iterator[Any]:
        match_at = self.rules.match
        search = self.next_start.search
        starts = self.starts
        pos, end = 0, len(source)
        while pos < end:
            if source.startswith(starts, pos):
                match = match_at(source, pos)
                assert match is not None  # the content rule matches any non-empty rest
                yield match
                pos = match.end()
                continue
            found = search(source, pos + 1)
            if found is None:
                yield _Content(source, pos, end, None)
                return
            stop = found.start()
            after = found.end()
            yield _Content(source, pos, stop, "-" if source.startswith("-", after) else "")
            pos = stop


# Ruby Liquid's tokenizer (``tokenizer.rb``): `{{` runs to the first `}` (or `}}`), `{%` to the
# first `%}`; an output token that does not end in `}}` is a fatal syntax error (Liquid's tokenizer.rb Tokenizer).
_RUBY_TOKEN = re.compile(r"\{\{.*?\}\}?|\{%.*?%\}|\{\{|\{%", re.DOTALL)
_RAW_START = re.compile(r"\{%-?\s*raw\b(.*?)-?%\}\Z", re.S)
# Raw's FullTokenPossiblyInvalid: the last `{%` of the token, then the tag name; so `{%- endraw`
# does not close raw (Liquid 5.4's tags/raw.rb Raw) and `{% }} {{ {% endraw %}` does.
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


# Resource limits (`liquid:` keys): defaults no real site reaches, so that a runaway template
# fails with its location instead of running for minutes or exhausting memory.
LIMITS: dict[str, int] = {
    "max_range": 1_000_000,            # items in one range `(a..b)`
    "max_loop_iterations": 10_000_000,  # product of the lengths of nested loops (python-liquid's count)
    "max_output_bytes": 256 * 2**20,    # UTF-8 bytes one template render writes
    "max_include_depth": 100,           # nesting of includes and loops (Ruby Liquid's MAX_DEPTH)
}
_LIMIT_ATTRIBUTES = {"max_range": "max_range", "max_loop_iterations": "loop_iteration_limit",
                     "max_output_bytes": "output_stream_limit", "max_include_depth": "context_depth_limit"}


def liquid_limits(site: Any) -> dict[str, int | None]:
    """The site's resource limits: ``liquid: {max_range: …}``; ``null``/``false`` means none."""
    from liquidpage.errors import ConfigError, find_line, location_of_line

    cfg = site.config.get("liquid")
    cfg = cfg if isinstance(cfg, Mapping) else {}
    limits: dict[str, int | None] = {}
    for key, default in LIMITS.items():
        value = cfg.get(key, default)
        if value is None or value is False:
            limits[key] = None
        elif isinstance(value, int) and not isinstance(value, bool) and value > 0:
            limits[key] = value
        else:
            source = getattr(site, "source", None)
            config = source / "_config.yml" if source is not None else None
            loc = location_of_line(config, find_line(config, rf"^\s+{key}\s*:")) if config and config.is_file() else None
            raise ConfigError(f"liquid: {key} must be a positive integer or null, not {value!r}", loc)
    return limits


class ResourceLimitError(LiquidError):
    """A template went past one of the ``liquid:`` resource limits (``LIMITS``)."""


def limit_message(exc: LiquidError, env: Any) -> str | None:
    """Our wording for python-liquid's resource-limit errors, naming the setting."""
    from liquid.exceptions import ContextDepthError, LoopIterationLimitError, OutputStreamLimitError

    if isinstance(exc, LoopIterationLimitError):
        return (f"more than {env.loop_iteration_limit} loop iterations "
                "(liquid: max_loop_iterations; nested loops count the product of their lengths)")
    if isinstance(exc, OutputStreamLimitError):
        return f"output larger than {env.output_stream_limit} bytes (liquid: max_output_bytes)"
    if isinstance(exc, ContextDepthError):
        return f"Nesting too deep: more than {env.context_depth_limit} nested includes and loops (liquid: max_include_depth)"
    return None


class JekyllEnvironment(Environment):
    """A python-liquid ``Environment`` with Jekyll's tags, filters and error policy.

    ``site`` is the :class:`liquidpage.site.Site` being rendered; tags and filters reach the
    configuration (``env.site.config``), the Markdown converter and the site index through it.
    """

    template_class = JekyllTemplate

    def __init__(self, site: Site) -> None:
        liquid_cfg = site.config.get("liquid") or {}
        liquid_cfg = liquid_cfg if isinstance(liquid_cfg, Mapping) else {}
        mode = _MODES.get(str(liquid_cfg.get("error_mode", "warn")).lower(), Mode.WARN)
        self.site = site
        self.strict_variables = bool(liquid_cfg.get("strict_variables"))
        limits = liquid_limits(site)
        for key, attribute in _LIMIT_ATTRIBUTES.items():
            setattr(self, attribute, limits[key])
        if self.context_depth_limit is None:
            self.context_depth_limit = 10**9
        self.block_nesting_limit = 100  # Ruby Liquid's Block::MAX_DEPTH ("Nesting too deep")
        super().__init__(
            tolerance=mode,
            undefined=Undefined,
            strict_filters=bool(liquid_cfg.get("strict_filters")),
        )

    def _parse(self, source: str) -> list[Node]:
        """python-liquid's parse, with Ruby Liquid's reading of words and comparisons (expressions.py)."""
        collecting = gc.isenabled()
        if collecting:  # a parse makes only tree nodes, no garbage for the cyclic collector
            gc.disable()
        try:
            nodes = get_parser(self).parse(RubyTokenStream(self.tokenizer()(source), env=self))
            rubify(nodes)
        except LiquidSyntaxError as err:
            if err.token is None or err.token.start_index < 0:
                err.token = unclosed_tag(self, source, err.message) or err.token
            raise
        finally:
            if collecting:
                gc.enable()
        return nodes

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's lexer with the final newline kept after ``-}}`` (Liquid 5.4 behaviour)."""
        return _jekyll_lexer(self.tag_start_string, self.tag_end_string,
                             self.statement_start_string, self.statement_end_string)

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Register Liquid's standard tags and filters, then Jekyll's over them (Jekyll's filters.rb and filters/*.rb)."""
        super().setup_tags_and_filters(extra=False)
        from liquidpage import filters, jekyll_filters, tags

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
        filters.register(self, jekyll_filters.FILTERS)
        tags.register(self)
        # Liquid 5.4 parses `render`; Jekyll aborts when it runs (Liquid 5.4's tags/render.rb Render; Jekyll sets no Liquid file system).
        self.add_tag(JekyllRenderTag)

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Any = None,
    ) -> None:
        """Jekyll's policy (Jekyll's liquid_renderer.rb LiquidRenderer, renderer.rb Renderer#render_liquid): syntax errors follow ``error_mode``; render errors abort."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        limited = limit_message(exc, self)
        if limited is not None:
            exc = ResourceLimitError(limited, token=exc.token)
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
