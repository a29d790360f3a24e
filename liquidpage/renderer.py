"""Render one page or document: Liquid -> convert -> layouts (Jekyll's renderer.rb Renderer#render_liquid; Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file; Jekyll's renderer.rb)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from liquid import BoundTemplate, RenderContext
from liquid.context import ReadOnlyChainMap, builtin
from liquid.exceptions import LiquidError, LiquidSyntaxError

from liquidpage.config import deep_merge
from liquidpage.drops import DocumentDrop, SiteDrop, page_hash
from liquidpage.deps import item_key
from liquidpage.errors import (
    IncludeError,
    LiquidpageError,
    SourceLocation,
    TemplateError,
    decode_utf8,
    display_path,
    find_line,
    location_in_text,
    location_of_line,
)

if TYPE_CHECKING:  # pragma: no cover
    from liquid.token import Token

    from liquidpage.model import Layout, Page
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

SASS_EXTS = (".scss", ".sass")
_FRESH: dict[str, Any] = {"content": None, "layout": None}


class Renderer:
    """Renders the site's pages; parses every template once per build and caches it (Jekyll's liquid_renderer.rb LiquidRenderer#file)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.templates: dict[str, BoundTemplate] = {}
        # Template source text -> (path shown in messages, file line of the text's first line).
        self.sources: dict[str, tuple[str, int]] = {}
        self.current: Page | None = None
        # Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file: `content` and `layout` leak from the previous file into the next.
        self.leaked: dict[str, Any] = {"content": None, "layout": None}
        # `increment`/`decrement` counters live in Jekyll's payload hash (Liquid 5.4's
        # tags/increment.rb writes context.environments.first), which site.rb Site#render shares
        # with every document and page of a build: they count on from file to file.
        self.counters: dict[str, int] = {}
        # What each rendered item read (liquidpage/incremental.py): item key -> dependencies.
        self.tracker = site._tracker
        self.recorded: dict[str, set[tuple[str, ...]]] = {}
        # Site.include_template: (name, folders, safe, guard) -> (path, path as shown).
        self.include_paths: dict[tuple[Any, ...], tuple[str, str]] = {}

    # -- templates and locations -------------------------------------------------------------
    def parse(self, key: str, source: str, shown_path: str, first_line: int) -> BoundTemplate:
        """Parse ``source`` once per build; ``key`` identifies it (usually the file path)."""
        template = self.templates.get(key)
        if template is None:
            started = perf_counter()
            self.sources.setdefault(source, (shown_path, first_line))
            try:
                template = self.site.env.from_string(source, name=shown_path, path=shown_path)
            except LiquidError as err:
                # python-liquid wraps non-syntax parse errors; report the real one.
                cause = err.__cause__ if isinstance(err.__cause__, LiquidError) else err
                raise self.to_error(cause) from None
            self.templates[key] = template
            if self.site.profiler is not None:  # --profile: the file's entry and parse time
                self.site.profiler.parsed(template, key, started)
        return template

    def locate(self, token: Token | None) -> SourceLocation | None:
        """The file location of a Liquid token, with file line numbers (Jekyll's renderer.rb Renderer#render_liquid, liquid_renderer.rb LiquidRenderer#file, counted from the top)."""
        if token is None or token.start_index < 0:
            return None
        shown, first_line = self.sources.get(token.source, (None, 1))
        if shown is None:
            return None
        return location_in_text(shown, token.source, token.start_index, first_line - 1)

    def to_error(self, err: LiquidError) -> LiquidpageError:
        """Turn a python-liquid error into ours, with the template's path and file line."""
        kind = "Liquid syntax error" if isinstance(err, LiquidSyntaxError) else "Liquid error"
        message = f"{kind}: {err.message}"
        current = self.current
        loc = self.locate(err.token)
        if current is not None and loc is not None and loc.path != display_path(current.path):
            message += f" (while rendering {display_path(current.path)})"
        return TemplateError(message, loc)

    def warn_syntax(self, err: LiquidError) -> None:
        """Jekyll's ``Liquid Warning`` for syntax errors in warn mode (Jekyll's liquid_renderer.rb LiquidRenderer#initialize (Liquid::Template.error_mode))."""
        log.warning("%s", self.to_error(err).format())

    # -- the pipeline ------------------------------------------------------------------------
    def render(self, item: Page, variables: Mapping[str, Any] | None = None) -> str:
        """Render ``item`` to its final output (Renderer#run); ``variables`` are extra top-level
        Liquid variables (the Python API's)."""
        css_page = getattr(item, "css_page", None)
        if css_page is not None:
            return self.render_source_map(item, css_page)
        tracker = self.tracker
        tracker.push()
        try:
            return self._render(item, variables)
        finally:
            deps = tracker.pop()
            if item.excerpt_of is None:
                self.recorded[item_key(item)] = deps

    def _render(self, item: Page, variables: Mapping[str, Any] | None) -> str:
        if item.excerpt_of is None and log.isEnabledFor(logging.DEBUG):  # -V: Jekyll's renderer.rb Renderer#run
            log.debug("%s", "Rendering: ".rjust(20) + item.relative_path)
        site = self.site
        hooks = site.registry
        self.current = item
        item.live_content = item.output = None
        payload = self.payload(item)
        if variables:
            payload.update(variables)
        hooks.trigger_item(item, "pre_render", payload)
        body = item.content
        if item.data.get("render_with_liquid", True) is not False and ("{{" in body or "{%" in body):
            template = self.parse(str(item.path), body, display_path(item.path), item.body_line)
            body = self.render_template(template, payload, item)
        converter = hooks.converter_for(item.path.suffix) if hooks.converters else None
        if converter is not None:
            body = converter.convert(body)
        elif item.markdown:
            try:
                body = site.markdown.convert(body)
            except LiquidpageError as err:  # text_line: the line of the body a Markdown error names
                err.location = err.location or location_of_line(
                    item.path, item.body_line + (getattr(err, "text_line", None) or 1) - 1)
                raise
        elif item.path.suffix.lower() in SASS_EXTS:
            body = self.convert_sass(item, body)
        item.live_content = body
        hooks.trigger_item(item, "post_convert")
        output = self.place_in_layouts(item.live_content, item, payload)
        item.output = output
        hooks.trigger_item(item, "post_render")
        self.current = None
        return item.output

    def render_text(self, text: str, item: Page, variables: Mapping[str, Any] | None = None) -> str:
        """Liquid ``text`` rendered with ``item``'s payload plus ``variables`` (no conversion)."""
        payload = self.payload(item)
        payload.update(variables or {})
        template = self.parse("<string>:" + text, text, "<string>", 1)
        self.current = item
        try:
            return self.render_template(template, payload, item)
        finally:
            self.current = None

    def convert_sass(self, item: Page, body: str) -> str:
        """The Sass/Scss converter (jekyll-sass-converter 2.2, jekyll-sass-converter's converters/scss.rb Scss#convert); pages get a source map."""
        from liquidpage.sass import compile_page, sourcemap_required

        with_map = not item.is_document and sourcemap_required(self.site.config)
        try:
            theme = self.site.theme
            result = compile_page(body, name=item.name, source=self.site.source, config=self.site.config,
                                  with_map=with_map, theme_sass=theme.sass_path if theme is not None else None,
                                  path=item.path, first_line=item.body_line)
        except LiquidpageError as err:
            err.location = err.location or location_of_line(item.path, item.body_line)
            raise
        item.source_map = result.source_map  # type: ignore[attr-defined]
        return result.css

    def render_source_map(self, item: Page, css_page: Page) -> str:
        """A SourceMapPage's output: the map its CSS page's compilation made (jekyll-sass-converter's converters/scss.rb Scss#convert)."""
        if getattr(css_page, "source_map", None) is None:
            current, leaked = self.current, self.leaked
            self.render(css_page)
            self.current, self.leaked = current, leaked
        item.output = getattr(css_page, "source_map", None) or ""
        return item.output

    def payload(self, item: Page) -> dict[str, Any]:
        site = self.site
        page: Any = DocumentDrop(item, site) if item.is_document else page_hash(item, site)
        layout = site.layouts.get(str(item.data.get("layout")))
        leaked = _FRESH if item.excerpt_of is not None else self.leaked
        return {
            "site": SiteDrop(site, item),
            "page": page,
            # An excerpt is rendered with a fresh payload: nothing leaks into it (Jekyll's excerpt.rb Excerpt, rendered by site.rb Site#render_docs).
            "layout": layout.data if layout is not None else leaked["layout"],
            "content": leaked["content"],
            "paginator": getattr(item, "pager", None),
            "jekyll": {"version": "4.3.1", "environment": os.environ.get("JEKYLL_ENV", "development")},
            "highlighter_prefix": "\n" if item.markdown else None,
            "highlighter_suffix": "\n" if item.markdown else None,
        }

    def render_template(self, template: BoundTemplate, payload: dict[str, Any], item: Page) -> str:
        started = perf_counter()
        context = template.context_class(template, globals=payload)
        context.tag_namespace["registers"] = {"site": self.site, "page": item, "markdown": item.markdown}
        if item.excerpt_of is None:  # an excerpt renders with a payload of its own
            share_counters(context, self.counters)
        buffer = context.get_buffer()  # liquid: max_output_bytes
        try:
            template.render_with_context(context, buffer)
        except LiquidError as err:
            raise self.to_error(err) from None
        except RecursionError:
            # Jekyll: "Liquid Exception: stack level too deep in p.md/#excerpt" (e.g. an
            # excerpt that lists the excerpts, which renders itself again).
            raise TemplateError("Liquid error: stack level too deep",
                                location_of_line(item.path, item.body_line)) from None
        if self.site.profiler is not None:  # --profile: count, bytes and time of this file
            self.site.profiler.rendered(template, buffer.getvalue(), started)
        return buffer.getvalue()

    def item_layout(self, item: Page) -> Layout | None:
        """The first layout of ``item``, with Jekyll's warnings (Jekyll's renderer.rb Renderer#place_in_layouts)."""
        if "layout" not in item.data or item.data["layout"] is None:
            return None
        name = item.data["layout"]
        if name == "none":
            return None
        if item.path.suffix in (".sass", ".scss", ".coffee"):
            return None
        key = str(name).lower() if name is False else str(name)
        self.tracker.record(("layout", key))
        layout = self.site.layouts.get(key)
        if layout is None:
            shown = "false" if name is False else name
            line = find_line(item.path, r"^layout\s*:")
            warning = LiquidpageError(
                f"Build Warning: Layout '{shown}' requested in {item.relative_path} does not exist.",
                location_of_line(item.path, line, 1),
            )
            log.warning("%s", warning.format())
        return layout

    def place_in_layouts(self, content: str, item: Page, payload: dict[str, Any]) -> str:
        """Renderer#place_in_layouts: the chain with cycle cut and ``layout`` merging (Jekyll's renderer.rb Renderer#place_in_layouts, Renderer#render_layout)."""
        layout = self.item_layout(item)
        if layout is None:
            return content
        used: set[str] = set()
        payload["layout"] = None
        output = content
        record = self.tracker.record
        while layout is not None:
            record(("f", str(layout.path)))
            payload["content"] = output
            payload["layout"] = deep_merge(layout.data, payload["layout"] or {})
            template = self.parse(str(layout.path), layout.content, display_path(layout.path), layout.body_line)
            output = self.render_template(template, payload, item)
            used.add(layout.name)
            parent = layout.data.get("layout")
            if parent:
                record(("layout", str(parent)))
            layout = self.site.layouts.get(str(parent)) if parent else None
            if layout is not None and layout.name in used:
                layout = None
        self.leaked = {"content": payload["content"], "layout": payload["layout"]}
        return output


def share_counters(context: RenderContext, counters: dict[str, int]) -> None:
    """Make ``context`` count in ``counters`` (and see them as variables, as Ruby's payload does)."""
    context.counters = counters
    # RenderContext.__init__'s scope, with the shared counters in place of its own.
    context.scope = ReadOnlyChainMap(context.locals, context.globals, builtin, counters)


def include_source(renderer: Renderer, path: str, shown: str) -> BoundTemplate:
    """Parse an included file: read whole, front matter kept (Jekyll's tags/include.rb IncludeTag#render)."""
    renderer.tracker.record(("f", path))
    template = renderer.templates.get(path)
    if template is None:
        source = decode_utf8(Path(path).read_bytes(), path, IncludeError, keep_bom=False)
        template = renderer.parse(path, source, shown, 1)
    return template


__all__ = ["Renderer", "include_source", "LiquidSyntaxError"]
