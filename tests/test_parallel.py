"""Rendering on several processes gives exactly the bytes of a one-by-one render (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file)."""

from __future__ import annotations

import os

import pytest
from goldens import FIXTURES, fixture_names, load_fixture

from liquidpage import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="parallel rendering needs fork (POSIX)")

NAMES = ["core-leak", "core-layouts", "lab-site", "lab-site-alt", *fixture_names("site-")]


def outputs(name: str, jobs: int) -> dict[str, str | None]:
    site = load_fixture(name)
    items = list(site.items())
    parallel.render_items(site, items, jobs=jobs)
    return {item.relative_path: item.output for item in items}


@pytest.mark.parametrize("name", NAMES)
def test_parallel_equals_sequential(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)  # one file per chunk: the hardest case
    assert outputs(name, jobs=2) == outputs(name, jobs=1)


def test_leak_survives_a_chunk_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    """b.html's body prints the `content` and `layout` a.html left behind (Jekyll's renderer.rb Renderer#render_layout and site.rb Site#render: one payload shared by every file)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)
    expected = (FIXTURES / "core-leak" / "expected" / "b.html").read_text()
    assert outputs("core-leak", jobs=2)["b.html"] == expected


def test_errors_surface_in_render_order(tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitemaker import make_site

    from liquidpage import Site, TemplateError

    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)
    files = {f"p{i:02}.html": "---\n---\nok\n" for i in range(12)}
    files["p03.html"] = "---\n---\n{{ 1 | divided_by: 0 }}\n"
    files["p09.html"] = "---\n---\n{{ 2 | modulo: 0 }}\n"
    site = Site.load(make_site(tmp_path, files))  # type: ignore[arg-type]
    with pytest.raises(TemplateError) as info:
        parallel.render_items(site, list(site.items()), jobs=2)
    assert info.value.location is not None and info.value.location.path.endswith("p03.html")


def test_counters_count_on_across_files_in_any_number_of_processes(tmp_path: pytest.TempPathFactory,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """increment/decrement share one payload per build (fixtures/site-counters shows Jekyll):
    a site that uses them renders in one process, so the counts are the same with -j 2."""
    from sitemaker import make_site

    from liquidpage import Site

    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_JOB", 1)
    files = {f"p{i:02}.html": "---\n---\n{% increment n %}\n" for i in range(12)}
    site = Site.load(make_site(tmp_path, files))  # type: ignore[arg-type]
    parallel.render_items(site, list(site.items()), jobs=2)
    assert [p.output for p in site.pages] == [f"{i}\n" for i in range(12)]
