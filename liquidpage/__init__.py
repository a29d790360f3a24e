"""liquidpage: render Jekyll pages and sites from Python exactly as Jekyll 4.3 does."""

from __future__ import annotations

import os
from pathlib import Path

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
    SourceLocation,
    TemplateError,
    URLError,
)
from liquidpage.site import Site

__version__ = "0.1.0"


def find_site_root(path: str | os.PathLike[str]) -> Path:
    """The nearest folder at or above ``path`` that holds a ``_config.yml`` (or ``.yaml``)."""
    start = Path(path).resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (folder / "_config.yml").is_file() or (folder / "_config.yaml").is_file():
            return folder
    raise LiquidpageError(f"no _config.yml found in {start} or any folder above it")


def load_site(source: str | os.PathLike[str] = ".", **options: object) -> Site:
    """``Site.load(source, **options)``."""
    return Site.load(source, **options)  # type: ignore[arg-type]


def render_page(path: str | os.PathLike[str], **options: object) -> str:
    """Find the site around ``path`` (nearest ``_config.yml`` upward) and render that page."""
    page = Path(path).resolve()
    root = find_site_root(page)
    return Site.load(root, **options).render(page.relative_to(root).as_posix())  # type: ignore[arg-type]


def build(source: str | os.PathLike[str] = ".", destination: str | os.PathLike[str] | None = None,
          **options: object) -> Path:
    """Build the site at ``source`` into ``destination`` (default ``<source>/_site``)."""
    return Site.load(source, **options).build(destination)  # type: ignore[arg-type]


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
    "Site",
    "SourceLocation",
    "TemplateError",
    "URLError",
    "__version__",
    "build",
    "find_site_root",
    "load_site",
    "render_page",
]
