"""Jekyll's Liquid filters (§5) and Ruby-semantics overrides of Liquid's own (engine notes §2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.environment import JekyllEnvironment


def register(env: JekyllEnvironment) -> None:
    """Register every Jekyll filter on ``env`` (replacing Liquid's ``where`` and ``sort``)."""
