"""The site's parts as Jekyll names them: Page, Document, Collection, Layout, StaticFile."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(eq=False)
class Layout:
    """A file under ``_layouts`` (§1.1.6); ``name`` is the relative path minus its extension."""

    name: str
    path: Path
    relative_path: str
    data: dict[str, Any]
    content: str
    body_line: int


@dataclass(eq=False)
class StaticFile:
    """A file without front matter, copied verbatim (§8.2)."""

    path: Path
    relative_path: str
    url: str
    collection: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    write: bool = True

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def extname(self) -> str:
        return self.path.suffix

    @property
    def basename(self) -> str:
        return self.path.stem

    @property
    def modified_time(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()

    @property
    def destination(self) -> str:
        """Destination path relative to the site destination."""
        from urllib.parse import unquote

        return unquote(self.url).lstrip("/")


@dataclass(eq=False)
class Page:
    """A file with front matter outside any collection (§0.3), or a collection document.

    ``content`` is the body after the front matter; ``body_line`` the file line it starts on.
    """

    path: Path
    relative_path: str
    data: dict[str, Any]
    content: str
    body_line: int
    output_ext: str
    url: str = ""
    markdown: bool = False  # the first converter is Markdown (§1.5)
    collection: str | None = None  # None for pages; the label for documents
    front_matter: dict[str, Any] = field(default_factory=dict)  # without defaults
    live_content: str | None = None  # the converted body, once rendered (documents' `content`)
    output: str | None = None  # the final output, once rendered

    @property
    def is_document(self) -> bool:
        return self.collection is not None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def basename(self) -> str:
        """The file name without its last extension (trailing dots kept here)."""
        name = self.path.name
        return name[: -len(self.path.suffix)] if self.path.suffix else name

    @property
    def destination(self) -> str:
        """Destination path relative to the site destination (§3.5.3)."""
        from liquidpage.urls import output_path

        return output_path(self.url, self.output_ext)

    @property
    def date(self) -> Any:
        return self.data.get("date")


# A collection document shares Page's shape; the name keeps Jekyll's vocabulary.
Document = Page


@dataclass(eq=False)
class Collection:
    """A collection (``posts`` or one from config ``collections``, §2.3.3)."""

    label: str
    metadata: dict[str, Any]
    relative_directory: str
    directory: Path
    docs: list[Page] = field(default_factory=list)
    files: list[StaticFile] = field(default_factory=list)

    @property
    def output(self) -> bool:
        return bool(self.metadata.get("output"))
