"""Where gem themes are found and how their files join the site (liquidpage/themes.py)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from sitemaker import make_site

from liquidpage import Site
from liquidpage.themes import ThemeError, find_theme, gem_roots, runtime_dependencies

GEMSPEC = '''Gem::Specification.new do |s|
  s.name = "tiny-theme".freeze
  s.version = "{version}"
  if s.respond_to? :add_runtime_dependency then
    s.add_runtime_dependency(%q<jekyll>.freeze, [">= 3.5"])
    s.add_runtime_dependency(%q<jekyll-nothing-here>.freeze, ["~> 1.0"])
    s.add_development_dependency(%q<bundler>.freeze, [">= 1.15"])
  end
end
'''


def make_theme(root: Path, label: str = "theme") -> Path:
    """A small theme: a layout, an include, Sass, a page and a static asset, data and config."""
    return make_site(root, {
        "_config.yml": f"title: From the {label}\nshow_excerpts: true\nexclude: [x]\n",
        "_layouts/default.html": f"<{label}>{{% include note.html %}}{{{{ content }}}}</{label}>\n",
        "_layouts/post.html": "---\nlayout: default\n---\nPOST {{ content }}",
        "_includes/note.html": f"[{label} note]",
        "_sass/tiny.scss": "$c: #123456 !default;\nbody { color: $c; }\n",
        "assets/style.scss": "---\n---\n@import \"tiny\";\n",
        "assets/img/dot.txt": "dot\n",
        "_data/menu.yml": f"- {label}-item\n",
    })


def make_gem_root(base: Path, version: str = "1.0.0") -> Path:
    gem = base / "gems" / f"tiny-theme-{version}"
    make_theme(gem, f"v{version}")
    (gem / "_config.yml").unlink()
    spec = base / "specifications" / f"tiny-theme-{version}.gemspec"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(GEMSPEC.format(version=version))
    return base


def test_theme_from_gem_path_highest_version_with_its_dependencies(tmp_path: Path) -> None:
    root = make_gem_root(tmp_path / "gems")
    make_gem_root(tmp_path / "gems", "1.10.0")
    make_gem_root(tmp_path / "gems", "1.9.2")
    theme = find_theme("Tiny-Theme ", {}, env={"GEM_PATH": str(root), "HOME": str(tmp_path)})
    assert theme.version == "1.10.0" and theme.origin == "gem"
    assert theme.runtime_dependencies == ("jekyll-nothing-here",)
    assert theme.layouts_path == (root / "gems" / "tiny-theme-1.10.0" / "_layouts").resolve()
    assert theme.data_path is not None and theme.assets_path is not None


def test_gem_roots_start_with_gem_home_and_gem_path(tmp_path: Path) -> None:
    roots = gem_roots({"GEM_HOME": "/a", "GEM_PATH": f"/b{':'}/c", "HOME": str(tmp_path)})
    assert roots[:3] == [Path("/a"), Path("/b"), Path("/c")]
    assert Path("/usr/share/rubygems-integration/all") in roots


def test_runtime_dependencies_of_a_gemspec() -> None:
    assert runtime_dependencies(GEMSPEC) == ("jekyll-nothing-here",)


def test_unknown_theme_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(ThemeError) as info:
        find_theme("no-such-theme", {}, env={"HOME": str(tmp_path), "LIQUIDPAGE_CACHE": str(tmp_path / "c")})
    text = str(info.value)
    assert "The no-such-theme theme could not be found" in text
    assert "theme_dir" in text and "liquidpage theme fetch no-such-theme" in text


def test_site_with_unknown_theme_fails_with_a_config_error(tmp_path: Path) -> None:
    from liquidpage import ConfigError

    site = make_site(tmp_path / "site", {"_config.yml": "theme: no-such-theme-at-all\n"})
    with pytest.raises(ConfigError, match="no-such-theme-at-all theme could not be found"):
        Site.load(site)


def test_theme_dir_site_files_win_and_theme_fills_in(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    theme = make_theme(tmp_path / "tiny")
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": f"time: 2024-05-01 12:00:00 +0000\ntheme: tiny\ntheme_dir: {theme}\ntitle: Mine\n",
        "_data/menu.yml": "- site-item\n",
        "index.md": "---\nlayout: default\n---\n{{ site.title }} {{ site.show_excerpts }} {{ site.data.menu | join: ',' }}\n",
        "_posts/2024-01-02-hi.md": "---\nlayout: post\n---\nhi\n",
        "assets/img/dot.txt": "the site's dot\n",
    })
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        site = Site.load(site_dir)
        out = site.build(tmp_path / "_site")
    assert site.theme is not None and site.theme.origin == "folder"
    # The theme's config fills in (title is the site's; exclude is a Jekyll default: dropped).
    assert (out / "index.html").read_text() == "<theme>[theme note]<p>Mine true site-item</p>\n</theme>\n"
    assert site.data == {"menu": ["site-item"]}  # the site's data wins over the theme's
    assert "x" not in site.config["exclude"]
    assert (out / "2024/01/02/hi.html").read_text() == "<theme>[theme note]POST <p>hi</p>\n</theme>\n"
    assert "#123456" in (out / "assets/style.css").read_text()  # the theme's _sass is a load path
    assert (out / "assets/img/dot.txt").read_text() == "the site's dot\n"
    assert "outside the site source" not in caplog.text


def test_theme_dir_that_is_not_a_folder(tmp_path: Path) -> None:
    site_dir = make_site(tmp_path / "site", {"_config.yml": "theme: tiny\ntheme_dir: /nonexistent/x\n"})
    with pytest.raises(ThemeError, match="theme_dir '/nonexistent/x' is not a folder"):
        Site.load(site_dir)


def test_theme_from_a_python_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg_root = tmp_path / "pkgs"
    make_theme(pkg_root / "lp_tiny_theme", "py")
    (pkg_root / "lp_tiny_theme" / "__init__.py").write_text("RUNTIME_DEPENDENCIES = ['jekyll-nothing-here']\n")
    info = pkg_root / "lp_tiny_theme-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lp-tiny-theme\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[liquidpage.themes]\ntiny-py = lp_tiny_theme\n")
    monkeypatch.syspath_prepend(str(pkg_root))
    try:
        theme = find_theme("tiny-py", {})
        assert theme.origin == "python" and theme.root == (pkg_root / "lp_tiny_theme").resolve()
        assert theme.runtime_dependencies == ("jekyll-nothing-here",)
    finally:
        sys.modules.pop("lp_tiny_theme", None)


def test_non_string_theme_warns_as_jekyll(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site_dir = make_site(tmp_path / "site", {"_config.yml": "theme: [a]\n", "i.html": "---\n---\nx\n"})
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        site = Site.load(site_dir)
    assert site.theme is None
    assert "value of 'theme' in config should be String to use gem-based themes, but got Array" in caplog.text


def test_ignore_theme_config(tmp_path: Path) -> None:
    theme = make_theme(tmp_path / "tiny")
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": f"theme: tiny\ntheme_dir: {theme}\nignore_theme_config: true\n"})
    assert "show_excerpts" not in Site.load(site_dir).config


def test_theme_dependencies_load_as_plugins(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = make_gem_root(tmp_path / "gems")
    site_dir = make_site(tmp_path / "site", {"_config.yml": "theme: tiny-theme\n"})
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        monkey_env = {"GEM_PATH": str(root)}
        with pytest.MonkeyPatch.context() as mp:
            for key, value in monkey_env.items():
                mp.setenv(key, value)
            Site.load(site_dir)
    assert "Plugin 'jekyll-nothing-here' is not available" in caplog.text
