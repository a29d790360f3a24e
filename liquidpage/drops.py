"""Read-only Mapping views of the site and its pages for Liquid (Jekyll's drops/site_drop.rb SiteDrop#[], Jekyll's convertible.rb Convertible#to_liquid (a Page), drops/document_drop.rb), built lazily.

Nothing here walks the whole site unless a template asks for it: ``site.pages``, ``site.posts``,
``site.categories`` … are computed on first access and cached for the build; each document has
one drop; values are read live from the model, so a drop shows a document's current state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from liquidpage.documents import document_id, ruby_to_s
from liquidpage.deps import item_key
from liquidpage.model import Excerpt
from liquidpage.urls import page_dir

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page, StaticFile
    from liquidpage.site import Site

_UNSET = object()


class PageDrop(Mapping[str, Any]):
    """A page's Liquid hash (Jekyll's convertible.rb Convertible#to_liquid with page.rb's ATTRIBUTES_FOR_LIQUID): defaults < front matter < Jekyll's attributes.

    Key order is the data's (defaults, then front matter), then the attributes ``content``,
    ``dir``, ``excerpt``, ``name``, ``path``, ``url``. A nil attribute never replaces a value.
    ``content`` is the raw body, or the converted body once the page has been rendered;
    the hash of the page being rendered freezes it when it is made (Jekyll builds it first).
    """

    __slots__ = ("page", "site", "_content")

    ATTRIBUTES = ("content", "dir", "excerpt", "name", "path", "url")

    def __init__(self, page: Page, site: Site, content: Any = _UNSET) -> None:
        self.page = page
        self.site = site
        self._content = content

    def _attribute(self, key: str) -> Any:
        page = self.page
        if key == "content" or key == "excerpt":  # its rendering (incremental.py)
            self.site._tracker.record(("item", item_key(page)))
        if key == "content":
            if self._content is not _UNSET:
                return self._content
            return page.live_content if page.live_content is not None else page.content
        if key == "dir":
            return page_dir(page.url)
        if key == "excerpt":
            value = self.data.get("excerpt")
            if value is None or value is False:
                return None
            return excerpt_text(self.site, page)
        if key == "name":
            return page.name
        if key == "path":
            return page.front_matter.get("path", page.relative_path)
        return page.url

    @property
    def data(self) -> dict[str, Any]:
        page = self.page
        return page.liquid_data if page.liquid_data is not None else page.data

    def __getitem__(self, key: str) -> Any:
        data = self.data
        if key in self.ATTRIBUTES:
            value = self._attribute(key)
            if value is not None or key not in data:
                return value
        return data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.ATTRIBUTES or key in self.data

    def __iter__(self) -> Iterator[str]:
        data = self.data
        yield from data
        yield from (k for k in self.ATTRIBUTES if k not in data)

    def __len__(self) -> int:
        data = self.data
        return len(data) + sum(1 for k in self.ATTRIBUTES if k not in data)


def page_hash(page: Page, site: Site) -> PageDrop:
    """The hash of the page being rendered: its ``content`` frozen now (Jekyll's site.rb Site#site_payload, renderer.rb Renderer#assign_pages!, Jekyll's convertible.rb Convertible#to_liquid with page.rb's ATTRIBUTES_FOR_LIQUID).

    A page excerpt (``page_excerpts: true``) sees its page's hash (page_excerpt.rb).
    """
    if page.excerpt_of is not None:
        page = page.excerpt_of
    drop = PageDrop(page, site)
    return PageDrop(page, site, drop["content"])


class DocumentDrop(Mapping[str, Any]):
    """A collection document as Liquid sees it (Jekyll's DocumentDrop / ExcerptDrop, Jekyll's drops/document_drop.rb DocumentDrop)."""

    __slots__ = ("doc", "site")

    KEYS = ("name", "id", "relative_path", "excerpt", "title", "categories", "collection",
            "next", "tags", "previous", "content", "output", "path", "url", "date")

    def __init__(self, doc: Page, site: Site) -> None:
        self.doc = doc
        self.site = site

    def _builtin(self, key: str) -> Any:
        doc = self.doc
        parent = doc.excerpt_of
        if key in ("content", "output", "excerpt"):  # its rendering (incremental.py)
            self.site._tracker.record(("item", item_key(parent or doc)))
        if key == "content":
            return doc.live_content if doc.live_content is not None else doc.content
        if key == "output":
            return doc.output
        if key in ("relative_path", "path"):
            return doc.relative_path
        if key == "url":
            return doc.url
        if key == "collection":
            return doc.collection
        if key == "name":
            source = parent or doc
            return source.data.get("name") or source.name
        if key == "id":
            if parent is not None:
                return document_id(parent.url, parent.data, parent.relative_path) + "#excerpt"
            return document_id(doc.url, doc.data, doc.relative_path)
        if key in ("previous", "next"):
            neighbour = neighbour_of(self.site, parent or doc, -1 if key == "previous" else 1)
            return None if neighbour is None else document_drop(neighbour, self.site)
        if key == "excerpt":
            return None if parent is not None else excerpt_text(self.site, doc)
        if key == "date":
            return (parent or doc).data.get("date")
        return doc.data.get(key)  # title, categories, tags

    def __getitem__(self, key: str) -> Any:
        if key in _DOC_KEYS:
            return self._builtin(key)
        if key == "layout" and self.doc.excerpt_of is not None:
            return self.doc.excerpt_of.data.get("layout")
        return self.doc.data[key]

    def __contains__(self, key: object) -> bool:
        return key in _DOC_KEYS or key in self.doc.data

    def __iter__(self) -> Iterator[str]:
        yield from self.KEYS
        yield from (k for k in self.doc.data if k not in _DOC_KEYS)

    def __len__(self) -> int:
        return len(self.KEYS) + sum(1 for k in self.doc.data if k not in _DOC_KEYS)

    def __liquid__(self) -> object:
        return self

    def __str__(self) -> str:
        return str(self["output"] or self["content"])

    def to_s(self) -> str:
        """``{{ page }}`` in a document: ``Document#to_s``, its output or (while it renders)
        its content (verified with Jekyll; was the JSON inspect, recursing via the excerpt)."""
        return str(self)

    def hash_for_json(self, depth: int = 0) -> dict[str, Any]:
        """``DocumentDrop#hash_for_json`` (drops/document_drop.rb): the hash ``jsonify`` prints.

        ``depth`` is the JSON generator's nesting depth (enclosing arrays and hashes); from
        depth 2 on, ``previous``/``next`` are collapsed to their keys minus content, output,
        excerpt, previous and next, which is what stops Jekyll's recursion.
        """
        out = {key: self[key] for key in self}
        if depth >= 2:
            for key in ("previous", "next"):
                neighbour = out.get(key)
                if neighbour is not None:
                    out[key] = {k: neighbour[k] for k in neighbour if k not in _NESTED_BLACKLIST}
        return out


_NESTED_BLACKLIST = frozenset(("content", "output", "excerpt", "next", "previous"))


_DOC_KEYS = frozenset(DocumentDrop.KEYS)


def document_drop(doc: Page, site: Site) -> DocumentDrop:
    """The one drop of a document, made on first use."""
    if doc.drop is None:
        doc.drop = DocumentDrop(doc, site)
    return doc.drop


def excerpt_text(site: Site, doc: Page) -> str:
    """``fallback_data["excerpt"].to_s``: the rendered excerpt, or the front-matter value (Jekyll's excerpt.rb Excerpt)."""
    value = doc.data.get("excerpt")
    if isinstance(value, Excerpt):
        page = value.page
        if page.output is None:
            renderer = site.renderer
            current = renderer.current
            try:
                renderer.render(page)
            finally:
                renderer.current = current
        return page.output or ""
    return ruby_to_s(value)


def neighbour_of(site: Site, doc: Page, step: int) -> Page | None:
    """``previous_doc`` / ``next_doc``: the neighbour in the collection's order."""
    site._tracker.record(("list", str(doc.collection)))  # the order and the neighbours' data
    docs = site._collections[str(doc.collection)].docs
    index = _index_in(site, str(doc.collection)).get(id(doc))
    if index is None or not 0 <= index + step < len(docs):
        return None
    return docs[index + step]


def _index_in(site: Site, label: str) -> dict[int, int]:
    cache = site_cache(site)
    key = ("index", label)
    if key not in cache:
        cache[key] = {id(d): i for i, d in enumerate(site._collections[label].docs)}
    return cache[key]


def site_cache(site: Site) -> dict[Any, Any]:
    """A per-build cache for drop lists (reset when the site re-reads)."""
    cache = getattr(site, "_drop_cache", None)
    if cache is None:
        cache = {}
        site._drop_cache = cache  # type: ignore[attr-defined]
    return cache


class StaticFileDrop(Mapping[str, Any]):
    """A static file (Jekyll's StaticFileDrop, Jekyll's drops/static_file_drop.rb); there is no ``url`` key."""

    __slots__ = ("static",)

    KEYS = ("name", "extname", "modified_time", "basename", "path", "collection")

    def __init__(self, static: StaticFile) -> None:
        self.static = static

    def __getitem__(self, key: str) -> Any:
        static = self.static
        if key == "path":
            return static.jekyll_relative_path
        if key in self.KEYS:
            return getattr(static, key)
        return static.data[key]

    def __contains__(self, key: object) -> bool:
        return key in self.KEYS or key in self.static.data

    def __iter__(self) -> Iterator[str]:
        yield from self.KEYS
        yield from (k for k in self.static.data if k not in self.KEYS)

    def __len__(self) -> int:
        return len(list(iter(self)))


def static_file_hash(static: StaticFile) -> StaticFileDrop:
    """Kept for callers of the first API: a static file's drop."""
    return StaticFileDrop(static)


class CollectionDrop(Mapping[str, Any]):
    """``site.collections[n]`` (Jekyll's CollectionDrop, Jekyll's site.rb Site#collections, collection.rb)."""

    __slots__ = ("label", "site")

    KEYS = ("label", "docs", "files", "directory", "relative_directory", "output")

    def __init__(self, label: str, site: Site) -> None:
        self.label = label
        self.site = site

    def __getitem__(self, key: str) -> Any:
        self.site._tracker.record(("list", self.label))
        coll = self.site._collections[self.label]
        if key == "label":
            return coll.label
        if key == "docs":
            return collection_docs(self.site, self.label)
        if key == "files":
            return [StaticFileDrop(s) for s in coll.files]
        if key == "directory":
            return str(coll.directory)
        if key == "relative_directory":
            return coll.relative_directory
        if key == "output":
            return coll.output
        return coll.metadata[key]

    def __contains__(self, key: object) -> bool:
        return key in self.KEYS or key in self.site._collections[self.label].metadata

    def __iter__(self) -> Iterator[str]:
        yield from self.KEYS
        yield from (k for k in self.site._collections[self.label].metadata if k not in self.KEYS)

    def __len__(self) -> int:
        return len(list(iter(self)))


def collection_docs(site: Site, label: str) -> list[DocumentDrop]:
    site._tracker.record(("list", label))
    cache = site_cache(site)
    key = ("docs", label)
    if key not in cache:
        cache[key] = [document_drop(d, site) for d in site._collections[label].docs]
    return cache[key]


def _cached(site: Site, key: str, make: Any) -> Any:
    cache = site_cache(site)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _posts(site: Site) -> list[DocumentDrop]:
    site._tracker.record(("list", "posts"))
    return _cached(site, "posts", lambda: list(reversed(collection_docs(site, "posts"))))


def _pages(site: Site) -> list[PageDrop]:
    site._tracker.record(("list", "pages"))
    return _cached(site, "pages", lambda: [PageDrop(p, site) for p in site._pages])


def _html_pages(site: Site) -> list[PageDrop]:
    site._tracker.record(("list", "pages"))
    return _cached(site, "html_pages", lambda: [
        d for d in _pages(site) if d.page.html or d.page.url.endswith("/")])


def _static_files(site: Site) -> list[StaticFileDrop]:
    site._tracker.record(("list", "static"))
    return _cached(site, "static_files", lambda: [StaticFileDrop(s) for s in site._static_files])


def _documents(site: Site) -> list[Any]:
    site._tracker.record(("list", "collections"))

    def make() -> list[Any]:
        out: list[Any] = []
        for label, coll in site._collections.items():
            out.extend(collection_docs(site, label))
            out.extend(StaticFileDrop(s) for s in coll.files)
        return out
    return _cached(site, "documents", make)


def _grouped(site: Site, kind: str) -> dict[Any, list[DocumentDrop]]:
    """``post_attr_hash``: name -> posts, in first-seen order over posts oldest first (Jekyll's drops/site_drop.rb SiteDrop#[])."""
    site._tracker.record(("list", "posts"))

    def make() -> dict[Any, list[DocumentDrop]]:
        groups: dict[Any, list[DocumentDrop]] = {}
        for drop in collection_docs(site, "posts"):
            for name in drop.doc.data.get(kind) or []:
                groups.setdefault(name, []).append(drop)
        for name, drops in groups.items():
            groups[name] = list(reversed(drops))
        return groups
    return _cached(site, kind, make)


class SiteDrop(Mapping[str, Any]):
    """``site`` (Jekyll's SiteDrop, Jekyll's drops/site_drop.rb SiteDrop#[]): collections, built-in lists, then configuration."""

    __slots__ = ("site", "current")

    def __init__(self, site: Site, current: Page | None = None) -> None:
        self.site = site
        self.current = current

    def to_s(self) -> str:
        """``{{ site }}``: SiteDrop keeps Liquid::Drop#to_s, the class name (verified)."""
        return "Jekyll::Drops::SiteDrop"

    def __getitem__(self, key: str) -> Any:
        site = self.site
        if key != "posts" and key in site._collections:
            return collection_docs(site, key)
        getter = _BUILTINS.get(key)
        if getter is not None:
            return getter(self)
        return site.config[key]

    def __contains__(self, key: object) -> bool:
        return key in _BUILTINS or key in self.site._collections or key in self.site.config

    def __iter__(self) -> Iterator[str]:
        yield from _BUILTINS
        yield from (k for k in self.site.config if k not in _BUILTINS)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def related_posts(self) -> list[DocumentDrop] | None:
        """``RelatedPosts#most_recent_posts``: the 10 newest posts but this one (``lsi`` off)."""
        current = self.current
        if current is None or not current.is_document or current.excerpt_of is not None:
            return None
        posts = _posts(self.site)[:11]
        return [d for d in posts if d.doc is not current][:10]


_BUILTINS = {
    "time": lambda d: d.site.time,
    "pages": lambda d: _pages(d.site),
    "posts": lambda d: _posts(d.site),
    "related_posts": lambda d: d.related_posts(),
    "html_pages": lambda d: _html_pages(d.site),
    "static_files": lambda d: _static_files(d.site),
    "documents": lambda d: _documents(d.site),
    "collections": lambda d: (d.site._tracker.record(("list", "collections")), _cached(d.site, "collections", lambda: [
        CollectionDrop(label, d.site) for label in sorted(d.site._collections)]))[1],
    "data": lambda d: d.site.data,
    "categories": lambda d: _grouped(d.site, "categories"),
    "tags": lambda d: _grouped(d.site, "tags"),
    "config": lambda d: None,
}
