"""Jekyll's Liquid tags (Jekyll's tags/*.rb): include, include_relative, highlight, link, post_url."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.environment import JekyllEnvironment


def register(env: JekyllEnvironment) -> None:
    """Register Jekyll's tags on ``env`` and drop the ones Jekyll does not allow."""
    from liquidpage.tags import highlight, include, links

    include.register(env)
    highlight.register(env)
    links.register(env)
