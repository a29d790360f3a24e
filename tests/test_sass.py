"""Sass options beyond what fixtures/core-sass pins (jekyll-sass-converter 2.2, §8.1)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names, missing_requirements

from liquidpage import Site
from liquidpage.sass import compile_page


def test_line_comments_name_the_page(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("sass:\n  line_comments: true\n", encoding="utf-8")
    (tmp_path / "style.scss").write_text("---\n---\n.top { x: y; }\n", encoding="utf-8")
    site = Site.load(tmp_path)
    out = site.render("style.scss")
    # what Debian's Jekyll 4.3.1 wrote for this page (checked by hand)
    assert out == "/* line 1, style.scss */ .top { x: y; }\n\n/*# sourceMappingURL=style.css.map */"


# -- Sass frameworks from where Debian installs them (fixtures/core-sass-*/requires) -------------

FRAMEWORKS = [n for n in fixture_names("core-sass-") if (FIXTURES / n / "requires").exists()]


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_framework_fixture_builds_like_jekyll(name: str) -> None:
    """Bootstrap 3 and 4, minima's _sass, Fork Awesome: CSS, source maps and line comments as
    Jekyll wrote them. The frameworks are absolute load paths, so the maps and line comments name
    them relative to the site folder: the site is built from a temporary folder at the depth
    fixtures/regen.py gave Jekyll's copy (``<tempdir>/<one folder>/site``)."""
    missing = missing_requirements(name)
    if missing:
        message = f"{name} needs Debian packages not installed: {', '.join(missing)} (apt-get install)"
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with tempfile.TemporaryDirectory(prefix=f"sass-{name}-") as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(FIXTURES / name / "site", site, symlinks=True)
        out = Site.load(site).build(Path(tmp) / "_site")
        assert_same_tree(FIXTURES / name / "expected", out)


def test_bootstrap3_keeps_jekylls_precision() -> None:
    """The issue's case: Bootstrap 3's `$line-height-base: 1.428571429` (LibSass's precision 10,
    not libsass-python's 5)."""
    expected = FIXTURES / "core-sass-bootstrap3" / "expected" / "css" / "bootstrap.css"
    assert "line-height: 1.428571429;" in expected.read_text()
    site = Site.load(FIXTURES / "core-sass")
    css = compile_page("$base: 1.428571429;\n.a { line-height: $base; b: (20 / 14); }", name="a.scss",
                       source=site.source, config=site.config, with_map=False).css
    assert css == ".a { line-height: 1.428571429; b: 1.4285714286; }\n"
