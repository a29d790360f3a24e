"""Render a site's files on every core, with exactly the bytes of a one-by-one render (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file).

Jekyll renders one file after another, and three things make a file's output depend on the
files before it; each is kept here:

1. Documents render before pages, and a page may print a document's ``output`` or converted
   ``content``: documents are finished (and their outputs copied back to this process) before
   any page starts.
2. ``content`` and ``layout`` leak from the previous file into the next one's own body (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file):
   a worker that starts in the middle of the list first re-renders the nearest earlier file that
   has a layout (output discarded), which recreates exactly the state the file inherits.
3. A document may print another document's ``output``/``content`` (``page.previous.content``, a
   ``jsonify`` of ``site.posts``), a page may print another page's ``content`` (``site.pages``
   shows it converted once that page has rendered), and ``include_relative`` shares the template
   cache with pages (Jekyll's tags/include.rb IncludeRelativeTag, liquid_renderer.rb LiquidRenderer#file (the cache)): when any template could do that, the affected phase runs one by
   one, in this process.

Workers are forked (POSIX only), so they start with the site already read and parsed; each
returns its outputs and its log records, which this process replays in render order. Small
sites, platforms without ``fork`` and ``jobs=1`` render in this process.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from liquidpage import cache

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page
    from liquidpage.site import Site

from liquidpage.deps import SHARED_STATE, item_key

log = logging.getLogger("liquidpage")

# Below this many files, forking costs more than it saves.
MIN_ITEMS_PER_JOB = 24
# Template text that can read another document's rendered output (rule 3 above).
_READS_OTHER_OUTPUT = re.compile(r"\.(?:output|content)\b|\[\s*['\"](?:output|content)['\"]\s*\]|jsonify|inspect")
# Template text that can read the leaked `content`/`layout` of the previous file (rule 2).
_READS_LEAK = re.compile(r"\b(?:content|layout)\b")

_SHARED_STATE = re.compile(SHARED_STATE)

_STATE: dict[str, Any] = {}


def default_jobs() -> int:
    """Worker processes to use: the usable cores, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


Advance = Callable[[int], object]


def render_items(site: Site, items: Sequence[Page], *, jobs: int | None = None,
                 advance: Advance | None = None) -> None:
    """Render ``items`` (Jekyll's render order) setting each ``output``, on ``jobs`` processes.

    ``advance(n)`` is called as files finish (for a progress display).
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if getattr(site, "profiler", None) is not None:
        jobs = 1  # --profile: one process, as Jekyll renders, so the counts are exact (profiler.py)
    advance = advance or (lambda n: None)
    docs = [i for i in items if i.is_document]
    pages = [i for i in items if not i.is_document]
    if jobs == 1 or not hasattr(os, "fork") or len(items) < 2 * MIN_ITEMS_PER_JOB:
        _render_here(site, items, advance)
        return
    texts = _TemplateTexts(site)
    # include_relative shares the template cache; include_cached (jekyll-include-cache) shares
    # its outputs: the first file to render an include fixes its output for the later ones.
    # increment/decrement count on from file to file (one payload per build in Jekyll).
    if any(_SHARED_STATE.search(text) for text in texts.all(site.items())):
        _render_here(site, items, advance)
        return
    if docs and any(_READS_OTHER_OUTPUT.search(text) for text in texts.all(docs)):
        _render_here(site, docs, advance)
    else:
        _render_phase(site, docs, jobs, advance, keep_live=True)
    if pages and any(_READS_OTHER_OUTPUT.search(text) for text in texts.all(pages)):  # a page may print a page's content
        _render_here(site, pages, advance)
    else:
        _render_phase(site, pages, jobs, advance, keep_live=False)


def _render_here(site: Site, items: Iterable[Page], advance: Advance) -> None:
    renderer = site.renderer
    for item in items:
        item.output = renderer.render(item)
        advance(1)


class _TemplateTexts:
    """The text of every layout and include, read once, plus the bodies of the given items."""

    def __init__(self, site: Site) -> None:
        shared = [layout.content for layout in site.layouts.values()]
        includes = site.source / str(site.config.get("includes_dir") or "_includes")
        if includes.is_dir():
            shared += [path.read_text(encoding="utf-8", errors="replace")
                       for path in includes.rglob("*") if path.is_file()]
        self.shared = shared

    def all(self, items: Iterable[Page]) -> Iterable[str]:
        yield from (item.content for item in items)
        yield from self.shared


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    """Contiguous [start, end) ranges, a few per job so that uneven files balance out."""
    parts = max(1, min(count // MIN_ITEMS_PER_JOB, jobs * 4))
    bounds = [count * k // parts for k in range(parts + 1)]
    return [(bounds[k], bounds[k + 1]) for k in range(parts) if bounds[k] < bounds[k + 1]]


def _render_phase(site: Site, items: Sequence[Page], jobs: int, advance: Advance, *, keep_live: bool) -> None:
    """``jobs`` processes render ``items`` in chunks: forked workers take chunks from the
    front, this process takes them from the back, until they meet (so no core waits on an idle
    parent, one process fewer holds a copy of the site, and an uneven split balances itself);
    then every chunk is applied in render order."""
    if len(items) < 2 * MIN_ITEMS_PER_JOB:
        _render_here(site, items, advance)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    chunks = _chunks(len(items), jobs)
    front, back = context.Value("i", 0), context.Value("i", len(chunks) - 1)
    lock = context.Lock()
    _STATE.update(site=site, items=items, leaked=dict(site.renderer.leaked), chunks=chunks,
                  front=front, back=back, lock=lock)
    first_error: BaseException | None = None
    pool = context.Pool(jobs - 1)
    try:
        # The pool is closed and joined rather than terminated with work in flight: a
        # terminate while a worker holds the task queue's lock can hang.
        pending = pool.map_async(_drain, range(jobs - 1))
        own = _render_own()
        batches = pending.get()
        for _, stored in batches:
            cache.adopt(stored)  # the workers' new cache entries, written if the build succeeds
        done = sorted([*(r for batch, _ in batches for r in batch), *own], key=lambda r: r[0])
        pool.close()
        pool.join()
    finally:
        pool.terminate()  # after close/join, nothing is left to stop; on an interrupt, it stops the workers
        _STATE.clear()
    for result in done:  # render order: records, then outputs; Jekyll stops at the first error
        first_error = _apply(site, items, result, advance, keep_live)
        if first_error is not None:
            raise first_error


def _claim(from_back: bool) -> tuple[int, int] | None:
    """The next chunk nobody has taken, from the front or the back of the list."""
    front, back = _STATE["front"], _STATE["back"]
    with _STATE["lock"]:
        if front.value > back.value:
            return None
        if from_back:
            index = back.value
            back.value -= 1
        else:
            index = front.value
            front.value += 1
    return _STATE["chunks"][index]


def _drain(_: int) -> tuple[list[Any], Any]:
    """In a worker: render chunks from the front until none is left; the results, and the
    entries the worker stored in the build cache (liquidpage/cache.py) for the parent."""
    results = []
    while (bounds := _claim(from_back=False)) is not None:
        results.append(_render_chunk(bounds))
    return results, cache.take_pending()


def _apply(site: Site, items: Sequence[Page], result: Any, advance: Advance, keep_live: bool) -> BaseException | None:
    """A chunk's log records, then its outputs (or its error), in render order."""
    start, outputs, records, leaked, error = result
    for record in records:
        log.handle(record)
    if error is not None:
        return error
    for offset, (output, live, deps) in enumerate(outputs):
        item = items[start + offset]
        item.output = output
        if keep_live:
            item.live_content = live
        if deps is not None:  # what the item read, for the next build (incremental.py)
            site.renderer.recorded[item_key(item)] = deps
    site.renderer.leaked = leaked
    advance(len(outputs))
    return None


def _render_own() -> list[Any]:
    """This process's chunks, from the back, rendered as a worker renders them (their log
    records kept for their turn), with the logger's handlers put back afterwards."""
    handlers, propagate = list(log.handlers), log.propagate
    results = []
    try:
        while (bounds := _claim(from_back=True)) is not None:
            results.append(_render_chunk(bounds))
    finally:
        for handler in list(log.handlers):
            log.removeHandler(handler)
        for handler in handlers:
            log.addHandler(handler)
        log.propagate = propagate
    return results


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _render_chunk(bounds: tuple[int, int]) -> tuple[int, list[tuple[str | None, str | None, Any]], list[Any], Any, Any]:
    """In a worker: re-create the inherited leak, then render ``items[start:end]``."""
    start, end = bounds
    site, items = _STATE["site"], _STATE["items"]
    renderer = site.renderer
    collect = _Collect()
    for handler in list(log.handlers):
        log.removeHandler(handler)
    log.addHandler(collect)
    log.propagate = False
    outputs: list[tuple[str | None, str | None, Any]] = []
    error = None
    try:
        restore_leak(site, items, start, _STATE["leaked"])
        for item in items[start:end]:
            item.output = renderer.render(item)
            outputs.append((item.output, item.live_content, renderer.recorded.get(item_key(item))))
    except Exception as err:  # noqa: BLE001 - returned, raised by the parent in render order
        error = err
    return start, outputs, collect.records, renderer.leaked, error


def _has_layout(site: Site, item: Page) -> bool:
    """Whether rendering ``item`` goes through a layout and so sets the leaked state (Jekyll's renderer.rb Renderer#place_in_layouts)."""
    name = item.data.get("layout")
    if name is None or name == "none" or item.path.suffix in (".sass", ".scss", ".coffee"):
        return False
    return str(name) in site.layouts


def restore_leak(site: Site, items: Sequence[Page], start: int, leaked: dict[str, Any]) -> None:
    """Set the renderer's leaked state to what it is after rendering ``items[:start]`` (Jekyll's
    renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every
    file), starting from ``leaked``, the state before ``items[0]``."""
    renderer = site.renderer
    renderer.leaked = dict(leaked)
    replay: list[Page] = []
    for index in range(start - 1, -1, -1):
        item = items[index]
        if not _has_layout(site, item):
            continue
        replay.append(item)
        if not _READS_LEAK.search(item.content):
            break
    if not replay:
        return
    quiet = logging.getLogger("liquidpage")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # the replayed files' warnings belong to another worker
    try:
        for item in reversed(replay):
            renderer.render(item)
    finally:
        quiet.setLevel(level)
