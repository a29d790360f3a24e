"""Syntax highlighting with Pygments, emitting Rouge 3.30's HTML (behaviour spec §4.3, §7.5.6).

This module is the only place that imports ``pygments``.

Public interface:

- ``highlight(code: str, lang: str) -> str | None``: the highlighted HTML of ``code`` (span
  markup only, as Rouge's ``Formatters::HTML`` writes it, no wrapper), or ``None`` when Rouge
  does not know ``lang`` (callers then use the plain form).
- ``escape(code: str) -> str``: HTML escaping exactly as Rouge/kramdown do it.
"""

from __future__ import annotations

import html


def escape(code: str) -> str:
    """Escape ``&``, ``<``, ``>`` (Rouge leaves quotes alone)."""
    return code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def highlight(code: str, lang: str) -> str | None:
    """Highlight ``code`` as Rouge would (placeholder: plain escaping for plaintext only)."""
    if lang in ("plaintext", "text", "plain", ""):
        return escape(code)
    return None


__all__ = ["escape", "highlight", "html"]
