"""What a render reads: the recording half of output reuse (liquidpage/incremental.py).

Kept apart and free of imports so that the drops, the renderer and the tags can record what
they read without depending on the rebuild logic above them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page


# Template text whose state crosses files (the include cache, include_relative's shared parse,
# increment/decrement's counters): parallel.py renders such a site in one process, and
# incremental.py renders all of it.
SHARED_STATE = r"include_relative|include_cached|\bincrement\b|\bdecrement\b"


def item_key(item: Page) -> str:
    """An item's identity from build to build: collection, source path, URL, output extension."""
    return f"{item.collection or ''}\0{item.relative_path}\0{item.url}\0{item.output_ext}"


class Tracker:
    """What the items being rendered read: a stack, one set per render in progress."""

    def __init__(self) -> None:
        self.stack: list[set[tuple[str, ...]]] = []

    def record(self, dep: tuple[str, ...]) -> None:
        if self.stack:
            self.stack[-1].add(dep)

    def push(self) -> None:
        self.stack.append(set())

    def pop(self) -> set[tuple[str, ...]]:
        deps = self.stack.pop()
        if self.stack:  # a render inside a render (an excerpt, a stylesheet): the outer read it too
            self.stack[-1] |= deps
        return deps
