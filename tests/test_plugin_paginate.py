"""jekyll-paginate: Jekyll's own ``features/pagination.feature`` (every Examples row) and the
port's helpers. The sites are the fixtures ``fixtures/plugin-paginate-feature-*`` (built by Jekyll
as the cucumber steps build them); each row's ``Then`` steps are checked on Jekyll's golden tree
(so the fixture really reproduces the scenario) and on liquidpage's build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from goldens import FIXTURES, load_fixture

from liquidpage.plugins.paginate import calculate_pages, in_hierarchy

# (scenario outline, fixture, the page folder that must exist, posts shown there, the page folder
# that must not exist) - one entry per Examples row of features/pagination.feature.
ROWS = [
    ("Paginate with N posts per page", "plugin-paginate-feature-n-per-page-1", "page4", "1", "page5"),
    ("Paginate with N posts per page", "plugin-paginate-feature-n-per-page-2", "page2", "2", "page3"),
    ("Paginate with N posts per page", "plugin-paginate-feature-n-per-page-3", "page2", "1", "page3"),
    ("Setting a custom pagination path", "plugin-paginate-feature-custom-path", "blog/page-2", "1", "blog/page-5"),
    ("Setting a custom pagination path", "plugin-paginate-feature-custom-path", "blog/page-3", "1", "blog/page-6"),
    ("Setting a custom pagination path", "plugin-paginate-feature-custom-path", "blog/page-4", "1", "blog/page-7"),
    ("... without an index.html in it", "plugin-paginate-feature-custom-path-no-index", "blog/page/2", "1", "blog/page/5"),
    ("... without an index.html in it", "plugin-paginate-feature-custom-path-no-index", "blog/page/3", "1", "blog/page/6"),
    ("... without an index.html in it", "plugin-paginate-feature-custom-path-no-index", "blog/page/4", "1", "blog/page/7"),
]

_BUILT: dict[str, Path] = {}


def _liquidpage_site(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if name not in _BUILT:
        _BUILT[name] = load_fixture(name).build(tmp_path_factory.mktemp(name) / "_site")
    return _BUILT[name]


def _check_row(site: Path, exist: str, posts: str, not_exist: str) -> None:
    # Then the _site/<exist> directory should exist
    assert (site / exist).is_dir()
    # And the "_site/<exist>/index.html" file should exist
    page = site / exist / "index.html"
    assert page.is_file()
    # And I should see "<posts>" in "_site/<exist>/index.html" (a multiline regexp match)
    assert re.search(posts, page.read_text(), re.S)
    # And the "_site/<not_exist>/index.html" file should not exist
    assert not (site / not_exist / "index.html").exists()


@pytest.mark.parametrize(("scenario", "name", "exist", "posts", "not_exist"), ROWS)
def test_pagination_feature_row(scenario: str, name: str, exist: str, posts: str, not_exist: str,
                                tmp_path_factory: pytest.TempPathFactory,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    _check_row(FIXTURES / name / "expected", exist, posts, not_exist)  # Jekyll's build
    _check_row(_liquidpage_site(name, tmp_path_factory), exist, posts, not_exist)


def test_markdown_in_pagination_on_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """features/markdown.feature, "Markdown in pagination on index"."""
    monkeypatch.setenv("TZ", "UTC")
    out = load_fixture("plugin-paginate-feature-markdown-on-index").build(tmp_path / "_site")
    html = (out / "index.html").read_text()
    assert "Index" in html
    assert '<h1 id="my-title">My Title</h1>' in html


@pytest.mark.parametrize(("count", "size", "pages"), [(0, 2, 0), (1, 2, 1), (2, 2, 1), (3, 2, 2), (4, 2, 2), (5, 2, 3)])
def test_calculate_pages(count: int, size: int, pages: int) -> None:
    """pager_spec.rb "calculate number of pages"."""
    assert calculate_pages(count, size) == pages


def test_in_hierarchy_walks_past_the_source() -> None:
    """The gem's stop at the source's parent compares a String with a Pathname (never equal)."""
    assert in_hierarchy("/src", "/src/blog/page")
    assert in_hierarchy("/src/blog", "/src/blog/page")
    assert not in_hierarchy("/src/contacts", "/src/blog/page")
    assert not in_hierarchy("/", "/src")


def test_paginate_zero_is_an_error() -> None:
    from liquidpage.errors import ConfigError

    with pytest.raises(ConfigError):
        calculate_pages(3, 0)
