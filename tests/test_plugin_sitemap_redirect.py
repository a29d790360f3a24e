"""jekyll-sitemap and jekyll-redirect-from ports: what the fixtures (fixtures/plugin-sitemap-*,
fixtures/plugin-redirect-*, built by Jekyll) cannot show: errors, and the gems' own unit specs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitemaker import make_site

from liquidpage import LiquidpageError, Site
from liquidpage.jekyll_filters import normalize_uri
from liquidpage.plugins.redirect_from import redirect_from_paths, redirect_to_target

CONFIG = "time: 2024-05-01 12:00:00 +0000\nurl: http://example.org\nplugins: [{}]\n"


def _item(data: dict) -> object:
    class Item:
        liquid_data = None

    item = Item()
    item.data = data  # type: ignore[attr-defined]
    return item


@pytest.mark.parametrize(("data", "froms", "to"), [
    # jekyll-redirect-from spec/jekyll_redirect_from/redirectable_spec.rb
    ({"redirect_from": "/foo", "redirect_to": "/bar"}, ["/foo"], "/bar"),
    ({"redirect_from": ["/foo"], "redirect_to": ["/bar"]}, ["/foo"], "/bar"),
    ({}, [], None),
    ({"redirect_from": None, "redirect_to": None}, [], None),
    ({"redirect_from": [None, "/a", None], "redirect_to": [None, "/b", "/c"]}, ["/a"], "/b"),
])
def test_redirectable(data: dict, froms: list, to: object) -> None:
    item = _item(data)
    assert redirect_from_paths(item) == froms  # type: ignore[arg-type]
    assert redirect_to_target(item) == to  # type: ignore[arg-type]


@pytest.mark.parametrize(("front", "line"), [
    ("title: x\nredirect_from: 2019\n", 3),
    ("redirect_to: 42\n", 2),
    ("redirect_from: [/ok, {a: 1}]\n", 2),
])
def test_non_string_redirect_stops_at_its_line(tmp_path: Path, front: str, line: int) -> None:
    site = make_site(tmp_path, {"_config.yml": CONFIG.format("jekyll-redirect-from"),
                                "index.html": f"---\n{front}---\nx\n"})
    with pytest.raises(LiquidpageError) as caught:
        Site.load(site)
    text = caught.value.format()
    assert f"index.html:{line}:1: " in text.splitlines()[0] and "expected a path or URL" in text


def test_invalid_lastmod_stops_at_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"_config.yml": CONFIG.format("jekyll-sitemap"),
                                "index.html": "---\ntitle: x\nlast_modified_at: not a date\n---\nx\n"})
    with pytest.raises(LiquidpageError) as caught:
        Site.load(site).build(tmp_path / "_site")
    text = caught.value.format()
    assert "index.html:3:1: Liquid error: Invalid Date" in text and "sitemap.xml" in text


def test_idna_host() -> None:
    # Addressable normalized_host (jekyll-sitemap spec "performs URI encoding of site url").
    assert normalize_uri("http://ümlaut.example.org/a b") == "http://xn--mlaut-jva.example.org/a%20b"
    assert normalize_uri("http://u@Ümlaut.example.org:8080/") == "http://u@xn--mlaut-jva.example.org:8080/"
    assert normalize_uri("http://Example.org/") == "http://example.org/"


def test_redirect_layout_is_not_injected_over_the_sites(tmp_path: Path) -> None:
    # spec/jekyll_redirect_from/generator_spec.rb "a site with a redirect layout"
    site = make_site(tmp_path, {"_config.yml": CONFIG.format("jekyll-redirect-from"),
                                "_layouts/redirect.html": "mine {{ page.redirect.to }}",
                                "index.html": "---\nredirect_from: /old/\n---\nx\n"})
    loaded = Site.load(site)
    assert loaded.layouts["redirect"].path == site / "_layouts/redirect.html"
    out = dict(loaded.outputs(jobs=1))
    assert out["old/index.html"] == b"mine http://example.org/"
