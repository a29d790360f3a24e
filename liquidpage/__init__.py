"""liquidpage: render Jekyll pages and sites from Python exactly as Jekyll 4.3 does."""

from __future__ import annotations

import os as _os
from collections.abc import Mapping as _Mapping
from collections.abc import Sequence as _Sequence
from pathlib import Path as _Path
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from liquidpage.errors import (
    ConfigError,
    ConversionError,
    DataError,
    DestinationError,
    FrontMatterError,
    IncludeError,
    LayoutError,
    LiquidpageError,
    OutputConflictError,
    PageNotFoundError,
    SourceLocation,
    StrictModeError,
    TemplateError,
    URLError,
)

if _TYPE_CHECKING:
    from liquidpage.logs import collect_warnings
    from liquidpage.site import Site

from liquidpage._version import __version__


class _DeferredModule(_ModuleType):
    """A module whose code runs on the first access to a name it does not have yet (its
    ``__spec__``, ``__path__``, ``__file__``… are set from the start, so ``import`` statements and
    submodule imports do not run it); then it is an ordinary module."""

    def __getattr__(self, attr: str) -> _Any:
        self.__class__ = _ModuleType
        self.__spec__.loader.exec_module(self)  # type: ignore[union-attr]
        return getattr(self, attr)


def _defer_import(name: str) -> None:
    """Put the top-level module ``name`` in ``sys.modules`` as a :class:`_DeferredModule`, unless
    it is imported already: ``import name`` then costs nothing until a name is read from it."""
    import sys

    if name in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    module = importlib.util.module_from_spec(spec)
    if type(module) is not _ModuleType:  # an extension module: leave it to the import system
        return
    module.__class__ = _DeferredModule
    sys.modules[name] = module


def _defer_imports() -> None:
    """Imports that cost more than their first use needs, made to load on first use.

    PyYAML's package imports all of itself (~9 ms): only a YAML load needs it, so the
    configuration module and a build that finds nothing changed do not pay for it. Importing
    python-liquid imports ``asyncio`` (for its async template loaders, ~16 ms with ``ssl``),
    which liquidpage does not use: deferred only when python-liquid is not imported yet. Each
    is the real module as soon as anything reads a name from it (:class:`_DeferredModule`)."""
    import sys

    _defer_import("yaml")
    if "liquid" not in sys.modules:
        _defer_import("asyncio")


_defer_imports()


def __getattr__(name: str) -> _Any:
    # PEP 562: ``Site`` and ``collect_warnings`` are imported on first use, so that
    # ``import liquidpage`` (and ``liquidpage.cli``) does not load python-liquid, the Markdown
    # converter and the rest of the render path (~170 ms) when a command does not need them.
    if name == "Site":
        from liquidpage.site import Site

        globals()["Site"] = Site
        return Site
    if name == "collect_warnings":
        from liquidpage.logs import collect_warnings

        globals()["collect_warnings"] = collect_warnings
        return collect_warnings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"Site", "collect_warnings"})


def find_site_root(path: str | _os.PathLike[str]) -> _Path:
    """The nearest folder at or above ``path`` that holds a ``_config.yml`` (or ``.yaml``)."""
    start = _Path(path).resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
            return folder
    raise LiquidpageError(f"no _config.yml found in {start} or any folder above it")


def load_site(source: str | _os.PathLike[str] = ".",
              config_files: _Sequence[str | _os.PathLike[str]] | None = None, *,
              config: _Mapping[str, _Any] | None = None, **options: _Any) -> Site:
    """``Site.load(source, config_files, config=..., **options)``."""
    from liquidpage.site import Site

    return Site.load(source, config_files, config=config, **options)


def render_page(path: str | _os.PathLike[str], variables: _Mapping[str, _Any] | None = None, *,
                config_files: _Sequence[str | _os.PathLike[str]] | None = None,
                config: _Mapping[str, _Any] | None = None, strict: bool = False, **options: _Any) -> str:
    """Find the site around ``path`` (nearest ``_config.yml`` upward) and render that page, as
    ``Site.load(root, ...).render(page, variables, strict=strict)``."""
    page = _Path(path).resolve()
    root = find_site_root(page)
    from liquidpage.site import Site

    site = Site.load(root, config_files, config=config, **options)
    return site.render(page.relative_to(root).as_posix(), variables, strict=strict)


def build(source: str | _os.PathLike[str] = ".", destination: str | _os.PathLike[str] | None = None, *,
          config_files: _Sequence[str | _os.PathLike[str]] | None = None,
          config: _Mapping[str, _Any] | None = None, **options: _Any) -> _Path:
    """Build the site at ``source`` into ``destination`` (default: the configured destination,
    else ``_site`` in the site's folder)."""
    from liquidpage.site import Site

    return Site.load(source, config_files, config=config, **options).build(destination)


__all__ = [
    "ConfigError",
    "ConversionError",
    "DataError",
    "DestinationError",
    "FrontMatterError",
    "IncludeError",
    "LayoutError",
    "LiquidpageError",
    "OutputConflictError",
    "PageNotFoundError",
    "Site",
    "SourceLocation",
    "StrictModeError",
    "TemplateError",
    "URLError",
    "__version__",
    "build",
    "collect_warnings",
    "find_site_root",
    "load_site",
    "render_page",
]
