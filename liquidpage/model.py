"""The site's parts as Jekyll names them: Page, Document, Collection, Layout, StaticFile, Excerpt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liquidpage.urls import HTML_EXTS, extname, output_path, static_output_path


@dataclass(eq=False)
class Layout:
    """A file under ``_layouts`` (Jekyll's readers/layout_reader.rb LayoutReader#read); ``name`` is the relative path minus its extension."""

    name: str
    path: Path
    relative_path: str
    data: dict[str, Any]
    content: str
    body_line: int


@dataclass(eq=False)
class StaticFile:
    """A file without front matter, copied verbatim (Jekyll's static_file.rb StaticFile#write).

    ``relative_path`` is source-relative without a leading slash (for a collection file it
    starts with ``_<label>/``); ``data`` holds the front-matter defaults that apply to it.
    """

    path: Path
    relative_path: str
    url: str
    collection: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    write: bool = True
    tz: dt.tzinfo | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def extname(self) -> str:
        return extname(self.path.name)

    @property
    def basename(self) -> str:
        """``File.basename(name, extname)`` with trailing dots removed."""
        name, ext = self.path.name, self.extname
        return (name[: len(name) - len(ext)] if ext else name).rstrip(".")

    @property
    def jekyll_relative_path(self) -> str:
        """Jekyll's ``relative_path``: ``/sub/x.txt``, or ``_docs/x.txt`` in a collection."""
        return self.relative_path if self.collection else "/" + self.relative_path

    @property
    def modified_time(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.path.stat().st_mtime, self.tz).astimezone(self.tz)

    @property
    def destination(self) -> str:
        """Destination path relative to the site destination (static_file.rb ``destination``)."""
        return static_output_path(self.url)


@dataclass(eq=False)
class Page:
    """A file with front matter outside any collection (Jekyll's page.rb Page), or a collection document.

    ``content`` is the body after the front matter; ``body_line`` the file line it starts on.
    ``data`` is the front matter merged over the defaults that apply (Jekyll's document.rb Document#read, frontmatter_defaults.rb); ``front_matter``
    is the file's own front matter.
    """

    path: Path
    relative_path: str
    data: dict[str, Any]
    content: str
    body_line: int
    output_ext: str
    url: str = ""
    markdown: bool = False  # the first converter is Markdown (Jekyll's renderer.rb Renderer#convert)
    collection: str | None = None  # None for pages; the label for documents
    front_matter: dict[str, Any] = field(default_factory=dict)  # without defaults
    live_content: str | None = None  # the converted body, once rendered (documents' `content`)
    output: str | None = None  # the final output, once rendered
    write: bool = True  # documents: the collection outputs and the publisher allows it
    excerpt_of: Page | None = None  # set on an excerpt (Jekyll's excerpt.rb Excerpt): the document it belongs to
    drop: Any = None  # the cached DocumentDrop of a document
    # Pages only: what Liquid sees, deep_merge(defaults, front matter) (Jekyll's convertible.rb Convertible#to_liquid with page.rb's ATTRIBUTES_FOR_LIQUID). ``data`` is
    # then Ruby's view (front matter, defaults only for missing keys), so `layout: null`
    # in front matter does cancel a default layout while `page.layout` still shows it.
    liquid_data: dict[str, Any] | None = None
    pager: Any = None  # the ``paginator`` a page renders with (jekyll-paginate's Pager)

    @property
    def is_document(self) -> bool:
        return self.collection is not None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def basename(self) -> str:
        """The file name without its last extension (Ruby's ``File.basename(path, ".*")``)."""
        name = self.path.name
        ext = extname(name)
        return name[: len(name) - len(ext)] if ext else name

    @property
    def html(self) -> bool:
        """Jekyll's ``Page#html?``: the output extension is .html/.htm/.xhtml."""
        return self.output_ext in HTML_EXTS

    @property
    def destination(self) -> str:
        """Destination path relative to the site destination (Jekyll's url.rb URL.unescape_path, page.rb Page#destination)."""
        return output_path(self.url, self.output_ext, document=self.is_document)

    @property
    def date(self) -> Any:
        return self.data.get("date")



class Excerpt:
    """A document's excerpt (Jekyll's excerpt.rb): its source, rendered lazily on first use."""

    __slots__ = ("doc", "content", "page")

    def __init__(self, doc: Page, content: str) -> None:
        self.doc = doc
        self.content = content
        data = {k: v for k, v in doc.data.items() if k not in ("layout", "excerpt")}
        self.page = Page(doc.path / "#excerpt", doc.relative_path + "/#excerpt", data, content,
                         doc.body_line, doc.output_ext, doc.url, doc.markdown, doc.collection,
                         excerpt_of=doc)


@dataclass(eq=False)
class Collection:
    """A collection (``posts`` or one from config ``collections``, Jekyll's site.rb Site#collections, collection.rb)."""

    label: str
    metadata: dict[str, Any]
    relative_directory: str
    directory: Path
    docs: list[Page] = field(default_factory=list)
    files: list[StaticFile] = field(default_factory=list)

    @property
    def output(self) -> bool:
        return bool(self.metadata.get("output"))
