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


class GoldenSite(StandInSite):
    """A stand-in site whose ``_includes`` are an in-memory dict (golden-liquid ``templates``)."""

    def __init__(self, templates: dict[str, str] | None = None) -> None:
        super().__init__()
        self.templates = templates or {}
        self.renderer = None
        self._env: JekyllEnvironment | None = None

    @property
    def env(self) -> JekyllEnvironment:
        if self._env is None:
            self._env = JekyllEnvironment(self)
        return self._env

    def include_template(self, name: str, relative_to: Any = None) -> Any:
        from liquidpage.errors import IncludeError

        if name not in self.templates:
            raise IncludeError(f"Could not locate the included file '{name}' in any of [\"_includes\"].")
        return self.env.from_string(self.templates[name], name=name, path=name)


def golden_render(case: dict[str, Any]) -> tuple[str | None, str | None]:
    """(output, error) of a golden-liquid case rendered the way Jekyll renders a page."""
    site = GoldenSite(case.get("templates"))
    try:
        template = site.env.from_string(case["template"])
        return template.render(**(case.get("data") or {})), None
    except Exception as exc:  # noqa: BLE001 - any failure is "Jekyll would abort"
        return None, f"{type(exc).__name__}: {exc}"
