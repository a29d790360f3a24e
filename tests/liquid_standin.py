"""A minimal stand-in site for Liquid unit tests (Jekyll's default config, §2.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from liquidpage.environment import JekyllEnvironment


class StandInSite:
    """Just what ``JekyllEnvironment``, its filters and tags read from a site."""

    def __init__(self, config: dict[str, Any] | None = None, tz: str = "UTC") -> None:
        self.config: dict[str, Any] = {"baseurl": "", "url": "", "liquid": {"error_mode": "warn"},
                                       "highlighter": "rouge", "timezone": None}
        self.config.update(config or {})
        self.tz = ZoneInfo(tz)
        self.time = dt.datetime(2024, 5, 1, 12, 0, tzinfo=self.tz)
        self.warnings: list[Exception] = []
        self.pages: list[Any] = []
        self.static_files: list[Any] = []
        self.collections: dict[str, Any] = {}
        self.posts: list[Any] = []
        self.source = None

    def warn_liquid_syntax(self, exc: Exception) -> None:
        self.warnings.append(exc)


def render(template: str, data: dict[str, Any] | None = None, **config: Any) -> str:
    """Render ``template`` with a fresh stand-in site and environment."""
    env = JekyllEnvironment(StandInSite(config))
    return env.from_string(template).render(**(data or {}))
