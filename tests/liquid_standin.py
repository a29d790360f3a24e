"""A minimal stand-in site for Liquid unit tests (Jekyll's default config, Jekyll's configuration.rb Configuration::DEFAULTS)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from liquid.exceptions import LiquidError

from liquidpage.environment import JekyllEnvironment
from liquidpage.errors import LiquidpageError


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


class _NoFileLines:
    """The renderer's ``locate`` for in-memory templates: no file, so no location."""

    def locate(self, token: Any) -> None:
        return None


class GoldenSite(StandInSite):
    """A stand-in site whose ``_includes`` are an in-memory dict (golden-liquid ``templates``)."""

    def __init__(self, templates: dict[str, str] | None = None) -> None:
        super().__init__()
        self.templates = templates or {}
        self.renderer = _NoFileLines()
        self._env: JekyllEnvironment | None = None

    @property
    def env(self) -> JekyllEnvironment:
        if self._env is None:
            self._env = JekyllEnvironment(self)
        return self._env

    def include_template(self, name: str, relative_to: Any = None) -> Any:
        from liquidpage.errors import IncludeError

        if name not in self.templates:
            raise IncludeError(f"Could not locate the included file '{name}' in any of [\"_includes\"]. Ensure it "
                               "exists in one of those directories and, if it is a symlink, does not point "
                               "outside your site source.")
        return self.env.from_string(self.templates[name], name=name, path=name)


@dataclass
class GoldenResult:
    """What rendering a golden-liquid case the way Jekyll renders a page gave."""

    output: str | None
    error: Exception | None
    warnings: list[Exception]


# Only what liquidpage raises on bad input counts as Jekyll's abort; anything else (a Python
# AttributeError, KeyError, …) is a bug and propagates.
EXPECTED_ERRORS: tuple[type[Exception], ...] = (LiquidError, LiquidpageError)


def golden_render(case: dict[str, Any]) -> GoldenResult:
    """Render a golden-liquid case the way Jekyll renders a page (error_mode: warn)."""
    site = GoldenSite(case.get("templates"))
    try:
        try:
            template = site.env.from_string(case["template"])
        except LiquidError as err:
            # python-liquid wraps non-syntax parse errors; the renderer reports the real one.
            if isinstance(err.__cause__, EXPECTED_ERRORS):
                raise err.__cause__ from None
            raise
        output = template.render(**(case.get("data") or {}))
    except EXPECTED_ERRORS as exc:
        return GoldenResult(None, exc, site.warnings)
    return GoldenResult(output, None, site.warnings)
