"""Sass options beyond what fixtures/core-sass pins (jekyll-sass-converter 2.2, jekyll-sass-converter's converters/scss.rb Scss#convert)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, fixture_names, missing_requirements

from liquidpage import Site
from liquidpage.errors import ConfigError, ConversionError
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
        shutil.copytree(FIXTURES / name / "site", site, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
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


# -- errors: the file, line and column of the Sass source, never a temporary file ----------------

def _sass_error(tmp_path: Path, files: dict[str, str], page: str) -> str:
    (tmp_path / "_config.yml").write_text("time: 2024-05-01 12:00:00 +0000\n", encoding="utf-8")
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    with pytest.raises(ConversionError) as info:
        Site.load(tmp_path).render(page)
    report = info.value.format()
    assert "liquidpage-" not in report and "tmp" not in report.replace(str(tmp_path), "")
    return report.replace(str(tmp_path) + "/", "")


def test_sass_error_in_the_page_names_its_file_line(tmp_path: Path) -> None:
    # Jekyll: "Error: Undefined variable: "$nope". on line 2:6 of var.scss" (lines of the body)
    report = _sass_error(tmp_path, {"css/var.scss": "---\ntitle: x\n---\n.a {\n  b: $nope;\n}\n"}, "css/var.scss")
    assert report == ('css/var.scss:5:6: Sass error: Undefined variable: "$nope".\n'
                      "5 |   b: $nope;\n"
                      "         ^")


def test_sass_error_in_an_import_names_the_partial_and_the_importer(tmp_path: Path) -> None:
    # Jekyll: "Error: unclosed parenthesis on line 2:7 of _sass/_bad.scss from line 2:1 of imp.scss"
    report = _sass_error(tmp_path, {"css/imp.scss": "---\n---\n// c\n@import \"bad\";\n",
                                    "_sass/_bad.scss": ".x {\n  y: (1\n}\n"}, "css/imp.scss")
    assert report == ("_sass/_bad.scss:2:7: Sass error: unclosed parenthesis (imported from css/imp.scss:4)\n"
                      "2 |   y: (1\n"
                      "          ^")


def test_sass_error_in_indented_syntax_and_missing_import(tmp_path: Path) -> None:
    report = _sass_error(tmp_path, {"ind.sass": "---\n---\n.s\n  w: (1\n"}, "ind.sass")
    assert report.splitlines()[0] == "ind.sass:4:7: Sass error: unclosed parenthesis"
    report = _sass_error(tmp_path, {"m.scss": "---\n---\n\n@import \"nothere\";\n"}, "m.scss")
    assert report.splitlines()[:2] == ["m.scss:4:1: Sass error: File to import not found or unreadable: nothere.",
                                       '4 | @import "nothere";']


@pytest.mark.parametrize(("value", "message"), [
    ("'3'", "no implicit conversion of String into Integer"),
    ("true", "no implicit conversion of true into Integer"),
    ("3000000000", "integer 3000000000 too big to convert to `int'"),
])
def test_bad_precision_fails_as_in_jekyll(tmp_path: Path, value: str, message: str) -> None:
    # Jekyll 4.3.1: "Conversion error: ... while converting 'a.scss': <message>" (TypeError, RangeError)
    (tmp_path / "_config.yml").write_text(f"sass:\n  precision: {value}\n", encoding="utf-8")
    (tmp_path / "a.scss").write_text("---\n---\n.a { b: c; }\n", encoding="utf-8")
    with pytest.raises(ConversionError, match=message) as info:
        Site.load(tmp_path).render("a.scss")
    assert str(info.value.location).endswith("a.scss:3:1")


def test_quiet_fails_as_in_jekyll(tmp_path: Path) -> None:
    # Jekyll 4.3.1: "undefined method `sub' for nil:NilClass" (SassC::Engine#render returns nil)
    (tmp_path / "_config.yml").write_text("sass:\n  quiet: true\n", encoding="utf-8")
    (tmp_path / "a.scss").write_text("---\n---\n.a { b: c; }\n", encoding="utf-8")
    with pytest.raises(ConversionError, match="undefined method `sub' for nil"):
        Site.load(tmp_path).render("a.scss")


def test_sass_option_that_is_not_a_mapping_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("sass: 5\n", encoding="utf-8")
    (tmp_path / "a.scss").write_text("---\n---\n.a { b: c; }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        Site.load(tmp_path).render("a.scss")


def test_imports_resolve_as_in_jekyll_whatever_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's imports look in the site folder first, a partial's imports do not (Jekyll 4.3.1
    fails: 'File to import not found or unreadable: rootonly. on line 1:1 of _sass/_a.scss'), and
    the folder liquidpage runs in is never searched (libsass-python would put it first)."""
    (tmp_path / "_config.yml").write_text("time: 2024-05-01 12:00:00 +0000\n", encoding="utf-8")
    (tmp_path / "_sass").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "_rootonly.scss").write_text(".root { z: 1; }\n", encoding="utf-8")
    (tmp_path / "css" / "ok.scss").write_text('---\n---\n@import "rootonly";\n', encoding="utf-8")
    (tmp_path / "css" / "bad.scss").write_text('---\n---\n@import "a";\n', encoding="utf-8")
    (tmp_path / "_sass" / "_a.scss").write_text('@import "rootonly";\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "_cwdonly.scss").write_text(".cwd { z: 2; }\n", encoding="utf-8")
    (tmp_path / "css" / "cwd.scss").write_text('---\n---\n@import "cwdonly";\n', encoding="utf-8")
    for cwd in (tmp_path, elsewhere):
        monkeypatch.chdir(cwd)
        site = Site.load(tmp_path)
        assert site.render("css/ok.scss").startswith(".root { z: 1; }\n")
        with pytest.raises(ConversionError, match="File to import not found or unreadable: rootonly"):
            site.render("css/bad.scss")
        with pytest.raises(ConversionError, match="File to import not found or unreadable: cwdonly"):
            site.render("css/cwd.scss")


def test_sass_reads_outside_the_source_only_where_allowed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The user's own load_paths are read wherever they are; a `_sass` folder or a site-folder
    entry that is a symlink out of the source is not, unless allow_outside_source is set."""
    outside = tmp_path / "outside"
    (outside / "sass").mkdir(parents=True)
    (outside / "sass" / "_far.scss").write_text(".far { a: b; }\n", encoding="utf-8")
    (outside / "_root.scss").write_text(".root { a: b; }\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_sass").symlink_to(outside / "sass")
    (site / "_linked.scss").symlink_to(outside / "_root.scss")
    (site / "a.scss").write_text('---\n---\n@import "far";\n', encoding="utf-8")
    (site / "b.scss").write_text('---\n---\n@import "linked";\n', encoding="utf-8")
    for name in ("a.scss", "b.scss"):
        (site / "_config.yml").write_text("time: 2024-05-01 12:00:00 +0000\n", encoding="utf-8")
        with pytest.raises(ConversionError, match="File to import not found"):
            Site.load(site).render(name)
        (site / "_config.yml").write_text("allow_outside_source: true\n", encoding="utf-8")
        assert Site.load(site).render(name).startswith(".")
    assert "Skipped Sass folder '_sass' resolves to" in caplog.text
    (site / "_config.yml").write_text(f"sass:\n  load_paths: [{outside / 'sass'}]\n", encoding="utf-8")
    assert Site.load(site).render("a.scss").startswith(".far { a: b; }")


def test_empty_sass_page_is_empty_css(tmp_path: Path) -> None:
    # Jekyll 4.3.1: empty.css is empty (SassC::Engine#render returns an empty text uncompiled)
    (tmp_path / "_config.yml").write_text("time: 2024-05-01 12:00:00 +0000\n", encoding="utf-8")
    (tmp_path / "empty.scss").write_text("---\n---\n", encoding="utf-8")
    out = Site.load(tmp_path).build(tmp_path / "_site")
    assert (out / "empty.css").read_bytes() == b""


def test_empty_sass_page_has_no_map(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("time: 2024-05-01 12:00:00 +0000\n", encoding="utf-8")
    (tmp_path / "empty.scss").write_text("---\n---\n", encoding="utf-8")
    out = Site.load(tmp_path).build(tmp_path / "_site")
    assert not (out / "empty.css.map").exists()


def test_sass_embedded_implementation_fails_as_in_jekyll(tmp_path: Path) -> None:
    # Jekyll 4.3.1 (Debian): "Dependency Error: Yikes! It looks like you don't have sass-embedded
    # ..." then "Conversion error: ... while converting 'a.scss': sass-embedded"; any other value
    # (`dart`, `sassc`) is LibSass
    (tmp_path / "a.scss").write_text("---\n---\n.a { b: c; }\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text("sass:\n  implementation: sass-embedded\n", encoding="utf-8")
    with pytest.raises(ConversionError, match="sass-embedded"):
        Site.load(tmp_path).render("a.scss")
    (tmp_path / "_config.yml").write_text("sass:\n  implementation: dart\n", encoding="utf-8")
    assert Site.load(tmp_path).render("a.scss") == ".a { b: c; }\n\n/*# sourceMappingURL=a.css.map */"
