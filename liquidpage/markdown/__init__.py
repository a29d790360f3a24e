"""The kramdown-compatible Markdown converter on markdown-it-py (behaviour spec §7).

This package is the only place that imports ``markdown_it`` and ``mdit_py_plugins``.

Public interface (used by the renderer, ``markdownify`` and excerpts):

- ``MarkdownConverter(kramdown: Mapping | None = None)``: build once per site from the merged
  ``kramdown`` config hash (Jekyll's defaults, §2.4 / §7.1, with the user's keys over them).
- ``MarkdownConverter.convert(text: str) -> str``: one independent kramdown run (header-id
  counters restart, §1.5.5), returning exactly the HTML kramdown returns (with its trailing
  newline).
- ``smartify(text: str) -> str``: kramdown's SmartyPants mode (§5.7.8).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt


class MarkdownConverter:
    """Convert Markdown as kramdown does under Jekyll. (Placeholder: plain markdown-it.)"""

    def __init__(self, kramdown: Mapping[str, Any] | None = None) -> None:
        self.options = dict(kramdown or {})
        self._md = MarkdownIt("commonmark", {"html": True})

    def convert(self, text: str) -> str:
        return self._md.render(text)


def smartify(text: str) -> str:
    """kramdown's SmartyPants conversion (placeholder)."""
    return text
