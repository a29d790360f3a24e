"""The Liquid environment configured as Jekyll 4.3.1 configures Ruby Liquid 5.4 (§6.1)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from liquid import Environment, Mode, StrictUndefined, Undefined
from liquid.exceptions import LiquidError, LiquidSyntaxError

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.site import Site

log = logging.getLogger("liquidpage")

_MODES = {"lax": Mode.LAX, "warn": Mode.WARN, "strict": Mode.STRICT}


class JekyllEnvironment(Environment):
    """A python-liquid ``Environment`` with Jekyll's tags, filters and error policy.

    ``site`` is the :class:`liquidpage.site.Site` being rendered; tags and filters reach the
    configuration (``env.site.config``), the Markdown converter and the site index through it.
    """

    def __init__(self, site: Site) -> None:
        liquid_cfg = site.config.get("liquid") or {}
        mode = _MODES.get(str(liquid_cfg.get("error_mode", "warn")).lower(), Mode.WARN)
        self.site = site
        super().__init__(
            tolerance=mode,
            undefined=StrictUndefined if liquid_cfg.get("strict_variables") else Undefined,
            strict_filters=bool(liquid_cfg.get("strict_filters")),
        )

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        """Register Liquid's standard tags and filters, then Jekyll's over them (§5)."""
        super().setup_tags_and_filters(extra=False)
        from liquidpage import filters, tags

        filters.register(self)
        tags.register(self)

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Any = None,
    ) -> None:
        """Jekyll's policy (§6.1): syntax errors follow ``error_mode``; render errors abort."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        if isinstance(exc, LiquidSyntaxError) and self.mode != Mode.STRICT:
            if self.mode == Mode.WARN:
                self.site.warn_liquid_syntax(exc)
            return
        raise exc
