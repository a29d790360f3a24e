"""The site and page drops: lazy, cached per build, Jekyll's key order (Jekyll's drops/site_drop.rb SiteDrop#[], Jekyll's convertible.rb Convertible#to_liquid (a Page), drops/document_drop.rb)."""

from __future__ import annotations

from pathlib import Path

from liquidpage import Site
from liquidpage.drops import DocumentDrop, SiteDrop, site_cache

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_site_drop_builds_lists_only_when_asked() -> None:
    site = Site.load(FIXTURES / "site-posts" / "site")
    drop = SiteDrop(site)
    assert drop["title"] == "Posts"
    assert site_cache(site) == {}
    posts = drop["posts"]
    assert [p["title"] for p in posts][:2] == ["N", "Hello world!"]
    assert drop["posts"] is posts  # cached for the build
    assert "pages" not in site_cache(site)


def test_document_drop_keys_and_neighbours() -> None:
    site = Site.load(FIXTURES / "site-posts" / "site")
    first = site.posts[0]
    drop = DocumentDrop(first, site)
    assert list(drop)[:15] == list(DocumentDrop.KEYS)
    assert drop["previous"] is None
    assert drop["next"]["url"] == site.posts[1].url
    assert drop["id"] == "/es/2020/05/06/hola"
    assert drop["draft"] is False


def test_hash_for_json_collapses_neighbours_from_depth_two() -> None:
    site = Site.load(FIXTURES / "site-posts" / "site")
    drop = DocumentDrop(site.posts[1], site)
    shallow = drop.hash_for_json(0)
    assert isinstance(shallow["next"], DocumentDrop)
    deep = drop.hash_for_json(2)
    assert set(deep["next"]) & {"content", "output", "excerpt", "next", "previous"} == set()
    assert deep["next"]["url"] == site.posts[2].url
