"""The Python API: options, extra variables, Liquid strings, strict renders, typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitemaker import make_site

import liquidpage
from liquidpage import PageNotFoundError, Site, StrictModeError, TemplateError, collect_warnings, render_page


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01 12:00:00 +0000\ntitle: Lab\n",
        "_layouts/default.html": "<main>{{ content }}</main>\n",
        "index.md": "---\nlayout: default\ntitle: Home\n---\n# {{ page.title }} {{ greeting }}\n",
        "missing-layout.html": "---\nlayout: nope\n---\nx\n",
        "static.txt": "no front matter\n",
    })


def test_render_with_extra_variables(site_dir: Path) -> None:
    site = Site.load(site_dir)
    assert site.render("index.md") == '<main><h1 id="home">Home</h1>\n</main>\n'
    assert site.render("index.md", {"greeting": "hi"}) == '<main><h1 id="home-hi">Home hi</h1>\n</main>\n'


def test_render_string_in_the_sites_context(site_dir: Path) -> None:
    site = Site.load(site_dir)
    assert site.render_string("{{ site.title }}|{{ x | plus: 1 }}|{{ '/a' | relative_url }}", {"x": 2}) == "Lab|3|/a"
    assert site.render_string("{{ page.title }}", page="index.md") == "Home"


def test_render_string_errors_are_located(site_dir: Path) -> None:
    site = Site.load(site_dir)
    with pytest.raises(TemplateError) as info:
        site.render_string("ok\n{{ 'x' | date: }}{% for %}")
    assert str(info.value.location).startswith("<string>:2:")


def test_strict_render_raises_on_warnings(site_dir: Path) -> None:
    site = Site.load(site_dir)
    assert site.render("missing-layout.html") == "x\n"
    with pytest.raises(StrictModeError) as info:
        site.render("missing-layout.html", strict=True)
    assert "Layout 'nope' requested in missing-layout.html does not exist" in info.value.warnings[0]
    with collect_warnings() as found:
        site.render("missing-layout.html")
    assert len(found) == 1 and "Layout 'nope'" in found[0]


def test_missing_page_is_a_typed_error(site_dir: Path) -> None:
    site = Site.load(site_dir)
    with pytest.raises(PageNotFoundError, match="no page or document with front matter at 'nope.md'"):
        site.render("nope.md")
    with pytest.raises(LookupError, match="static file"):
        site.render("static.txt")


def test_unknown_options_are_rejected(site_dir: Path) -> None:
    with pytest.raises(TypeError, match="extra"):
        Site.load(site_dir, extra="x")
    with pytest.raises(TypeError, match="titel"):
        render_page(site_dir / "index.md", titel="x")
    site = Site.load(site_dir, future=True, config={"title": "Other"})
    assert site.config["future"] is True and site.render_string("{{ site.title }}") == "Other"


def test_render_page_passes_variables_and_strict(site_dir: Path) -> None:
    assert render_page(site_dir / "index.md", {"greeting": "yo"}).startswith('<main><h1 id="home-yo">')
    with pytest.raises(StrictModeError):
        render_page(site_dir / "missing-layout.html", strict=True)


def test_repr(site_dir: Path) -> None:
    text = repr(Site.load(site_dir))
    assert text.startswith("<Site ") and "pages=2" in text and "static_files=1" in text


def test_public_api_is_exactly_all() -> None:
    public = {n for n in dir(liquidpage) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if type(getattr(liquidpage, n)).__name__ == "module"}
    assert public - modules == set(liquidpage.__all__) - {"__version__"}
