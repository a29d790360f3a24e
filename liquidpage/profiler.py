"""``--profile``: Jekyll's two tables, the time of each build stage and each template's renders.

A port of Jekyll 4.3.1's profiler (Jekyll's profiler.rb Profiler#profile_process,
Profiler.tabulate), of its per-file render statistics (liquid_renderer.rb
LiquidRenderer#file, #normalize_path; liquid_renderer/file.rb File#parse, #render!) and of
their table (liquid_renderer/table.rb LiquidRenderer::Table). The site makes a
:class:`Profiler` when its configuration has ``profile`` (``--profile``, or ``profile: true``
in ``_config.yml``, as Jekyll reads it in site.rb Site#process); ``site.profiler`` is None
otherwise and nothing is measured.

What is measured, as Jekyll measures it:

- each stage of ``Site#process`` (reset, read, generate, render, cleanup, write), wall time,
  each rounded to 4 decimals and summed into ``TOTAL TIME``;
- for each template file (a page's or document's body, a layout, an include, an excerpt as
  ``<document>/#excerpt``): how often it was rendered, the bytes (UTF-8) it produced, and the
  time spent parsing and rendering it. Times nest: a layout's time includes its includes'.

With ``--profile`` the files are rendered in one process (parallel.py), as Jekyll renders
them, so the counts are the counts of a one-by-one render.
"""

from __future__ import annotations

import functools
import os
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from liquid import BoundTemplate
    from liquid.context import RenderContext

    from liquidpage.site import Site

# Profiler#profile_process: the stages of Site#process, in order, and their labels.
STAGES = ("RESET", "READ", "GENERATE", "RENDER", "CLEANUP", "WRITE")
# LiquidRenderer#stats_table: the rows printed.
STATS_ROWS = 50
# The attribute that names a parsed template's file (set when it is parsed, Renderer.parse).
_KEY = "liquidpage_profile_key"

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_GEMS = re.compile(r"(/gems/.*)*/gems/(?P<dirname>[^/]+)(?P<rest>.*)")
_LIB = re.compile(r"(?P<dirname>[^/]+/lib)(?P<rest>.*)")

F = TypeVar("F", bound=Callable[..., Any])


def enabled(config: Any) -> bool:
    """Whether the configuration asks for a profile (Ruby truth: anything but nil and false)."""
    value = config.get("profile")
    return value is not None and value is not False


class Profiler:
    """The measurements of one build (Jekyll's profiler.rb and liquid_renderer.rb)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.stages: dict[str, float] = {}
        # filename -> [count, bytes, seconds] (LiquidRenderer#new_profile_hash), in first-seen order.
        self.stats: dict[str, list[Any]] = {}
        self._names: dict[str, str] = {}

    # -- collecting ------------------------------------------------------------------------
    def reset(self) -> None:
        """A new build: Site#reset empties the render statistics (LiquidRenderer#reset)."""
        self.stages.clear()
        self.stats.clear()

    def stage_done(self, name: str, seconds: float) -> None:
        # Profiler#profile_process: (Time.now - start_time).round(4)
        self.stages[name] = self.stages.get(name, 0.0) + round(seconds, 4)

    def filename(self, path: str) -> str:
        """``LiquidRenderer#normalize_path``: the name a template file is listed under."""
        name = self._names.get(path)
        if name is None:
            name = self._names[path] = normalize_path(path, str(self.site.source), _theme_root(self.site))
        return name

    def _entry(self, template: BoundTemplate) -> list[Any]:
        key = getattr(template, _KEY, None)
        if key is None:  # a template parsed outside Renderer.parse: its name as Liquid knows it
            key = str(template.path or template.name or "")
        name = self.filename(key)
        entry = self.stats.get(name)
        if entry is None:
            entry = self.stats[name] = [0, 0, 0.0]
        return entry

    def parsed(self, template: BoundTemplate, key: str, started: float) -> None:
        """A template was parsed from file ``key`` (File#parse: the file's entry, parse time)."""
        setattr(template, _KEY, key)
        self._entry(template)[2] += time.perf_counter() - started

    def rendered(self, template: BoundTemplate, output: str, started: float) -> None:
        """``template`` produced ``output`` (File#render!: count, bytes, time since ``started``)."""
        self._count(self._entry(template), output, started)

    def record(self, path: str, output: str, started: float) -> None:
        """A render of the template file ``path`` that a port does in Python rather than
        with Liquid (jekyll-sitemap's ``sitemap.xml``): listed as Jekyll lists the template."""
        name = self.filename(path)
        self._count(self.stats.setdefault(name, [0, 0, 0.0]), output, started)

    @staticmethod
    def _count(entry: list[Any], output: str, started: float) -> None:
        entry[0] += 1
        entry[1] += len(output.encode("utf-8", "surrogatepass"))
        entry[2] += time.perf_counter() - started

    def render_partial(self, template: BoundTemplate, context: RenderContext, buffer: TextIO) -> None:
        """Render an include into ``buffer``, measured (Inclusion#render, IncludeTag#render)."""
        started = time.perf_counter()
        out = StringIO()
        template.render_with_context(context, out, partial=True)
        text = out.getvalue()
        buffer.write(text)
        self.rendered(template, text, started)

    # -- reporting -------------------------------------------------------------------------
    def stage_rows(self) -> list[list[str]]:
        """Profiler#profile_process's table: PHASE/TIME, one row per stage, TOTAL TIME."""
        rows = [["PHASE", "TIME"]]
        total = 0.0
        for name in STAGES:
            seconds = self.stages.get(name, 0.0)
            rows.append([name, f"{seconds:.4f}"])
            total += seconds
        rows.append(["TOTAL TIME", f"{total:.4f}"])
        return rows

    def stats_rows(self, num_of_rows: int = STATS_ROWS) -> list[list[str]]:
        """LiquidRenderer::Table#data_for_table: the slowest files first, then their totals."""
        ranked = sorted(self.stats.items(), key=lambda item: -item[1][2])[:num_of_rows]
        rows = [["Filename", "Count", "Bytes", "Time"]]
        count = size = 0
        seconds = 0.0
        for name, (n, nbytes, secs) in ranked:
            count, size, seconds = count + n, size + nbytes, seconds + secs
            rows.append([name, str(n), _format_bytes(nbytes), f"{secs:.3f}"])
        rows.append([f"TOTAL (for {len(ranked)} files)", str(count), _format_bytes(size), f"{seconds:.3f}"])
        return rows

    def report(self) -> str:
        """The text Jekyll logs after a profiled build: both tables, with Jekyll's blank lines
        and the single spaces its logger adds after each message (Stevenson#formatted_topic)."""
        return (f"\nBuild Process Summary: \n\n{tabulate(self.stage_rows())}\n \n"
                f"\nSite Render Stats: \n\n{tabulate(self.stats_rows())}\n \n")


def stage(name: str) -> Callable[[F], F]:
    """Decorate a ``Site`` stage method: when the site has a profiler, time the call under
    ``name`` (Profiler#profile_process). ``RESET`` also starts the statistics afresh."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
            profiler = getattr(self, "profiler", None)
            if profiler is None:
                return method(self, *args, **kwargs)
            if name == "RESET":
                profiler.reset()
            started = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                profiler.stage_done(name, time.perf_counter() - started)

        return timed  # type: ignore[return-value]

    return decorate


def normalize_path(filename: str, source: str, theme_root: str | None) -> str:
    """``LiquidRenderer#normalize_path``: relative to the source, a gem's files as
    ``<gem>-<version>/...``, a theme's as ``<theme folder>/...``, else without its leading slash."""
    if filename.lower().startswith(source.lower() + "/"):  # the regexp has the i flag
        return filename[len(source) + 1:]
    if filename.startswith(_PACKAGE + "/"):
        # A template that ships with a port (jekyll-redirect-from's redirect layout): Jekyll
        # names it by where Ruby installed the gem; liquidpage by its place in the package.
        return "liquidpage/" + filename[len(_PACKAGE) + 1:]
    for pattern in (_GEMS, _LIB):
        match = pattern.search(filename)
        if match:
            return match.group("dirname") + match.group("rest")
    if theme_root and filename.lower().startswith(theme_root.lower() + "/"):
        return os.path.basename(theme_root) + "/" + filename[len(theme_root) + 1:]
    if filename.startswith("/"):
        return filename[1:]
    return filename


def _theme_root(site: Site) -> str | None:
    theme = getattr(site, "theme", None)
    root = getattr(theme, "root", None)
    return str(root) if root is not None else None


def _format_bytes(size: int) -> str:
    """LiquidRenderer::Table#format_bytes: KiB with two decimals and a ``K``."""
    return f"{size / 1024.0:.2f}K"


def _width(text: str) -> int:
    """The display width of ``text`` (terminal-table measures with unicode-display_width)."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def tabulate(rows: Sequence[Sequence[str]]) -> str:
    """``Profiler.tabulate``: a terminal-table with the first row as its header, a separator
    under it, no top or bottom border, the first column left-aligned and the others right."""
    columns = len(rows[0])
    widths = [max(_width(row[i]) for row in rows) for i in range(columns)]

    def line(row: Sequence[str]) -> str:
        cells = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - _width(text))
            cells.append(f" {text}{pad} " if i == 0 else f" {pad}{text} ")
        return "|" + "|".join(cells) + "|"

    separator = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    return "\n".join([line(rows[0]), separator, *(line(row) for row in rows[1:])])


__all__ = ["Profiler", "STAGES", "enabled", "normalize_path", "stage", "tabulate"]
