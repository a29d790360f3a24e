"""Unit tests for liquidpage.defaults; expected values observed in Jekyll 4.3.1 (Jekyll's utils.rb Utils.deep_merge_hashes, Jekyll's frontmatter_defaults.rb FrontmatterDefaults#all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from liquidpage.defaults import FrontmatterDefaults, deep_merge_hashes
from liquidpage.errors import ConfigError


def test_deep_merge_nil_never_overrides() -> None:
    merged = deep_merge_hashes({"title": "D", "n": {"x": 1, "y": 1}, "l": [1, 2]},
                               {"title": None, "n": {"x": 9}, "l": [3], "new": None})
    assert merged == {"title": "D", "n": {"x": 9, "y": 1}, "l": [3], "new": None}
    assert list(merged) == ["title", "n", "l", "new"]


def _site(tmp_path: Path) -> Path:
    for rel in ["blog/a/p1.md", "blog/b/p3.md", "blog/a/p3.md", "blog2.md", "assets/img/a.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    return tmp_path


# The same sets as a probe site built with Jekyll; the observed values are in the table below.
SETS = [
    {"scope": {"path": "blog"}, "values": {"v": "blog", "lay": "a"}},
    {"scope": {"path": "blog", "type": "pages"}, "values": {"v": "blog-pages"}},
    {"scope": {"path": "blog/*/p3.md"}, "values": {"v": "glob"}},
    {"scope": {"path": "assets/**/*.png"}, "values": {"v": "png"}},
    {"scope": {"path": "/blog/b"}, "values": {"v": "slash"}},
    {"scope": {"path": ""}, "values": {"v": "root", "lay": "root"}},
]


@pytest.mark.parametrize(
    ("path", "type", "v", "lay"),
    [
        ("blog/b/p3.md", "pages", "glob", "a"),
        ("blog/a/p3.md", "pages", "glob", "a"),
        ("blog/a/p1.md", "pages", "blog-pages", "a"),
        ("blog2.md", "pages", "blog-pages", "a"),   # a plain string prefix
        ("my dir/x y.md", "pages", "root", "root"),
        ("/assets/img/a.png", None, "png", "root"),  # static files: by URL
    ],
)
def test_precedence_and_scopes(tmp_path: Path, path: str, type: str | None, v: str,
                               lay: str) -> None:
    defaults = FrontmatterDefaults({"defaults": SETS}, _site(tmp_path))
    assert defaults.all(path, type)["v"] == v
    assert defaults.all(path, type)["lay"] == lay
    assert defaults.find(path, type, "v") == v


def test_types_and_deprecated_names(tmp_path: Path) -> None:
    sets = [
        {"values": {"x": 1}},  # no scope, first: matches everything
        {"scope": {"type": "post"}, "values": {"layout": "post"}},
        {"scope": {"type": "docs"}, "values": {"layout": "doc"}},
        {"scope": {}, "bad": 1},  # no values: ignored
    ]
    defaults = FrontmatterDefaults({"defaults": sets}, tmp_path)
    assert defaults.all("_posts/2020-01-01-a.md", "posts") == {"x": 1, "layout": "post"}
    assert defaults.all("_docs/a.md", "docs") == {"x": 1, "layout": "doc"}
    assert defaults.all("a.md", "pages") == {"x": 1}
    assert defaults.all("a.png", None) == {"x": 1}


def test_nested_values_merge(tmp_path: Path) -> None:
    sets = [
        {"scope": {"path": "", "type": "posts"}, "values": {"nested": {"a": 1, "b": 1}}},
        {"scope": {"path": "_posts/sub"}, "values": {"nested": {"a": 2}, "deep": True}},
    ]
    defaults = FrontmatterDefaults({"defaults": sets}, tmp_path)
    assert defaults.all("_posts/sub/2021-12-31-n.md", "posts") == {
        "nested": {"a": 2, "b": 1}, "deep": True}
    assert defaults.all("_posts/2021-12-31-n.md", "posts") == {"nested": {"a": 1, "b": 1}}


def test_collections_dir_is_stripped(tmp_path: Path) -> None:
    sets = [{"scope": {"path": "my_coll/_docs"}, "values": {"x": 1}}]
    defaults = FrontmatterDefaults({"defaults": sets, "collections_dir": "my_coll"}, tmp_path)
    assert defaults.all("_docs/a.md", "docs") == {"x": 1}


def test_scopeless_set_after_a_scoped_match_is_an_error(tmp_path: Path) -> None:
    sets = [{"scope": {"path": ""}, "values": {"x": 1}}, {"values": {"y": 1}}]
    with pytest.raises(ConfigError, match="scope"):
        FrontmatterDefaults({"defaults": sets}, tmp_path).all("a.md", "pages")
