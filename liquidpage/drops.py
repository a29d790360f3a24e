"""Read-only Mapping views of the site and its pages for Liquid (§2.1, §3.7), built lazily."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from liquidpage.config import deep_merge

if TYPE_CHECKING:  # pragma: no cover
    from liquidpage.model import Page, StaticFile
    from liquidpage.site import Site


def page_hash(page: Page, site: Site) -> dict[str, Any]:
    """A page's Liquid hash (§3.7.1): defaults < front matter < Jekyll's attributes."""
    url = page.url
    attributes = {
        "content": page.content,
        "dir": url if url.endswith("/") else url.rsplit("/", 1)[0] + "/",
        "excerpt": None,
        "name": page.name,
        "path": page.data.get("path", page.relative_path),
        "url": url,
    }
    return deep_merge(page.data, attributes)


class DocumentDrop(Mapping[str, Any]):
    """A collection document as Liquid sees it (Jekyll's DocumentDrop, §3.7.2)."""

    __slots__ = ("doc", "site")

    KEYS = ("name", "id", "relative_path", "excerpt", "title", "categories", "collection",
            "next", "tags", "previous", "content", "output", "path", "url", "date")

    def __init__(self, doc: Page, site: Site) -> None:
        self.doc = doc
        self.site = site

    def __getitem__(self, key: str) -> Any:
        doc = self.doc
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
            return doc.data.get("name", doc.name)
        if key == "id":
            parent = doc.url.rsplit("/", 1)[0]
            from urllib.parse import unquote

            return unquote(parent) + "/" + str(doc.data.get("slug") or doc.basename)
        if key in ("previous", "next"):
            neighbour = self.site.neighbour(doc, -1 if key == "previous" else 1)
            return None if neighbour is None else DocumentDrop(neighbour, self.site)
        if key == "excerpt":
            return doc.data.get("excerpt")
        if key in doc.data:
            return doc.data[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in self.KEYS or key in self.doc.data

    def __iter__(self) -> Iterator[str]:
        yield from self.KEYS
        yield from (k for k in self.doc.data if k not in self.KEYS)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __liquid__(self) -> object:
        return self

    def __str__(self) -> str:
        return str(self["output"] or self["content"])


def static_file_hash(static: StaticFile) -> dict[str, Any]:
    """A static file's Liquid hash (§2.3.2); there is no ``url`` key."""
    return deep_merge(static.data, {
        "name": static.name,
        "basename": static.basename,
        "extname": static.extname,
        "modified_time": static.modified_time,
        "path": "/" + static.relative_path,
        "collection": static.collection,
    })


class CollectionDrop(Mapping[str, Any]):
    """``site.collections[n]`` (§2.3.3)."""

    def __init__(self, label: str, site: Site) -> None:
        self.label = label
        self.site = site

    def _values(self) -> dict[str, Any]:
        coll = self.site.collections[self.label]
        base = {
            "label": coll.label,
            "docs": self.site.document_drops(self.label),
            "files": [static_file_hash(s) for s in coll.files],
            "directory": str(coll.directory),
            "relative_directory": coll.relative_directory,
            "output": coll.output,
        }
        return {**coll.metadata, **base}

    def __getitem__(self, key: str) -> Any:
        return self._values()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())

    def __len__(self) -> int:
        return len(self._values())


class SiteDrop(Mapping[str, Any]):
    """``site`` (Jekyll's SiteDrop, §2.1): collections, built-in lists, then configuration."""

    __slots__ = ("site", "current")

    def __init__(self, site: Site, current: Page | None = None) -> None:
        self.site = site
        self.current = current

    def __getitem__(self, key: str) -> Any:
        site = self.site
        if key != "posts" and key in site.collections:
            return site.document_drops(key)
        getter = _BUILTINS.get(key)
        if getter is not None:
            return getter(self)
        return site.config[key]

    def __contains__(self, key: object) -> bool:
        return key in _BUILTINS or key in self.site.collections or key in self.site.config

    def __iter__(self) -> Iterator[str]:
        yield from _BUILTINS
        yield from (k for k in self.site.config if k not in _BUILTINS)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def related_posts(self) -> list[Any] | None:
        if self.current is None or not self.current.is_document:
            return None
        posts = [d for d in self.site.posts_newest_first() if d is not self.current][:10]
        return [DocumentDrop(p, self.site) for p in posts]


_BUILTINS = {
    "time": lambda d: d.site.time,
    "pages": lambda d: d.site.page_hashes(),
    "posts": lambda d: d.site.document_drops("posts", newest_first=True),
    "related_posts": lambda d: d.related_posts(),
    "html_pages": lambda d: d.site.html_page_hashes(),
    "static_files": lambda d: [static_file_hash(s) for s in d.site.static_files],
    "documents": lambda d: [DocumentDrop(doc, d.site) for c in d.site.collections.values() for doc in c.docs],
    "collections": lambda d: [CollectionDrop(label, d.site) for label in sorted(d.site.collections)],
    "data": lambda d: d.site.data,
    "categories": lambda d: d.site.grouped_posts("categories"),
    "tags": lambda d: d.site.grouped_posts("tags"),
    "config": lambda d: None,
}
