"""Jekyll's ``include`` and ``include_relative`` tags (Jekyll's tags/include.rb IncludeTag, IncludeRelativeTag)."""

from __future__ import annotations

import os
import re
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO

from liquid.ast import Node
from liquid.builtin.expressions import FilteredExpression
from liquid.exceptions import LiquidError
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EXPRESSION, TOKEN_TAG, Token

from liquidpage import safety
from liquidpage.errors import IncludeError, LiquidpageError
from liquidpage.expressions import ruby_tokenize
from liquidpage.filters import site_of

if TYPE_CHECKING:  # pragma: no cover
    from liquid import BoundTemplate
    from liquid.context import RenderContext

    from liquidpage.environment import JekyllEnvironment

# The regular expressions of Jekyll's IncludeTag, verbatim.
VALID_SYNTAX = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)
VARIABLE_SYNTAX = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.DOTALL
)
FULL_VALID_SYNTAX = re.compile(rf"\A\s*(?:{VALID_SYNTAX.pattern}(?=\s|\Z)\s*)*\Z")
VALID_FILENAME_CHARS = re.compile(r"^[\w/.\-()+~#@]+$", re.MULTILINE)
INVALID_SEQUENCES = re.compile(r"[./]{2,}")


class IncludeSyntaxError(LiquidError):
    """Bad include markup: fatal at parse time in Jekyll (an ArgumentError, not a Liquid
    syntax error, so ``error_mode: warn`` does not soften it; Jekyll's tags/include.rb IncludeTag#parse_params)."""


class IncludeNode(Node):
    """``{% include file key=value %}``: renders a partial in the caller's scope (Jekyll's tags/include.rb IncludeTag#render)."""

    __slots__ = ("file", "file_template", "params", "relative")

    def __init__(
        self,
        token: Token,
        file: str,
        file_template: BoundTemplate | None,
        params: list[tuple[str, Any]] | None,
        relative: bool,
    ) -> None:
        super().__init__(token)
        self.file = file
        self.file_template = file_template
        self.params = params
        self.relative = relative
        self.blank = False

    def __str__(self) -> str:
        return f"{{% {self.token.value} {self.file} %}}"

    def _file_name(self, context: RenderContext) -> str:
        if self.file_template is None:
            return self.file
        buf = StringIO()
        self.file_template.render_with_context(context, buf, partial=True)
        return buf.getvalue()

    def _param_values(self, context: RenderContext) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in self.params or []:
            values[key] = value.evaluate(context) if isinstance(value, FilteredExpression) else value
        return values

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env: JekyllEnvironment = context.env  # type: ignore[assignment]
        try:
            name = self._file_name(context)
            validate_file_name(name, self.token.value)
            registers = context.tag_namespace.get("registers") or {}
            page = registers.get("page") if self.relative else None
            template = site_of(context).include_template(name, relative_to=page)
        except LiquidpageError as err:
            if err.location is None:
                err.location = site_of(context).renderer.locate(self.token)
            raise
        namespace = {"include": self._param_values(context)} if self.params is not None else {}
        profiler = getattr(site_of(context), "profiler", None)
        with context.extend(namespace, template=template):
            if profiler is None:
                template.render_with_context(context, buffer, partial=True)
            else:  # --profile: Inclusion#render's count, bytes and time
                profiler.render_partial(template, context, buffer)
        return True

    def children(self, static_context: RenderContext, *, include_partials: bool = True) -> list[Node]:
        return []


def validate_file_name(name: str, tag_name: str) -> None:
    """IncludeTag#validate_file_name (Jekyll's tags/include.rb IncludeTag#validate_file_name)."""
    if INVALID_SEQUENCES.search(name) or not VALID_FILENAME_CHARS.search(name):
        raise IncludeError(
            f"Invalid syntax for include tag. File contains invalid characters or sequences: {name} "
            f"(valid syntax: {{% {tag_name} file.ext param='value' param2='value' %}})"
        )


def locate_include(name: str, dirs: list[str], safe: bool, source: str | list[str] | None = None) -> str:
    """``locate_include_file`` (Jekyll's tags/include.rb IncludeTag#locate_include_file): the first ``dir/name`` that is a file.

    Symlinks are followed. In safe mode the file's real path must start with the folder it was
    looked up in (a plain string prefix, as Jekyll's ``realpath_prefixed_with?``), so a symlink
    out of ``_includes`` (or, for include_relative, out of the page's folder) is not found, even
    when it points elsewhere in the site. Returns the path as joined, not resolved.

    ``source``, unless the site allows reads outside its source (``allow_outside_source``): a
    file whose real path is outside it (outside all of them, for a list: the source and the
    theme's root) is refused with an error naming it (safe reads, issue 12).
    """
    for folder in dirs:
        path = folder.rstrip("/") + ("" if name.startswith("/") else "/") + name  # File.join
        if not os.path.isfile(path):
            continue
        if safe and not os.path.realpath(path).startswith(folder):
            continue
        roots = [source] if isinstance(source, str) else list(source or [])
        if roots and all(safety.outside_source(path, root) for root in roots):
            raise IncludeError(f"Could not read the included file '{name}': "
                               f"{safety.outside_reason(path, roots[0])}")
        return path
    where = ", ".join(f'"{d}"' for d in dirs)
    message = (f"Could not locate the included file '{name}' in any of [{where}]. Ensure it exists in "
               "one of those directories and")
    if safe:
        message += " is not a symlink as those are not allowed in safe mode."
    else:
        message += ", if it is a symlink, does not point outside your site source."
    raise IncludeError(message)


class IncludeTag(Tag):
    """Jekyll's include tag, parsed with Jekyll's own markup grammar."""

    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        tag_token = stream.eat(TOKEN_TAG)
        expr = stream.current
        markup = expr.value.strip() if expr.kind == TOKEN_EXPRESSION else ""
        if not markup:
            raise IncludeSyntaxError(f"Syntax error in tag '{self.name}': missing file name", token=tag_token)
        params_text: str | None
        matched = VARIABLE_SYNTAX.match(markup)
        file_template = None
        if matched:
            file = matched.group("variable").strip()
            params_text = matched.group("params").strip()
            file_template = self.env.from_string(file)
        else:
            parts = markup.split(None, 1)
            file, params_text = parts[0], (parts[1] if len(parts) > 1 else None)
        params = None
        if params_text is not None:
            if not FULL_VALID_SYNTAX.match(params_text):
                raise IncludeSyntaxError(
                    f"Invalid syntax for include tag: {params_text} "
                    f"(valid syntax: {{% {self.name} file.ext param='value' param2='value' %}})",
                    token=expr,
                )
            params = [self._param(m, expr) for m in VALID_SYNTAX.finditer(params_text)]
        return IncludeNode(tag_token, file, file_template, params, self.relative)

    def _param(self, match: re.Match[str], token: Token) -> tuple[str, Any]:
        key, d_quoted, s_quoted, variable = match.groups()
        if d_quoted is not None:
            return key, d_quoted.replace('\\"', '"')
        if s_quoted is not None:
            return key, s_quoted.replace("\\'", "'")
        return key, FilteredExpression.parse(self.env, TokenStream(ruby_tokenize(variable, token, "output")))


class IncludeRelativeTag(IncludeTag):
    """``include_relative``: the same grammar, resolved from the page's folder (Jekyll's tags/include.rb IncludeRelativeTag)."""

    name = "include_relative"
    relative = True


def register(env: JekyllEnvironment) -> None:
    """Register include/include_relative; Jekyll has no ``render`` tag (engine notes L15)."""
    env.add_tag(IncludeTag)
    env.add_tag(IncludeRelativeTag)
    env.tags.pop("render", None)


__all__ = ["IncludeNode", "IncludeRelativeTag", "IncludeTag", "locate_include", "register"]
