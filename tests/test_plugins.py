"""The plugin registry and plugin loading (liquidpage/plugins, docs/plugins.md)."""

from __future__ import annotations

import logging
import sys
import textwrap
from pathlib import Path

import liquid
import pytest
from sitemaker import make_site

from liquidpage import Site
from liquidpage.plugins import PluginError, Registry, load_plugins, named_plugins


# -- a plugin package installed for the test: a real entry point in the liquidpage.plugins group --
PLUGIN_MODULE = '''
"""A third-party plugin for the tests: a tag, a filter, a generator and hooks."""
from liquid.ast import Node
from liquid.tag import Tag

CALLS = []


class ShoutNode(Node):
    def render_to_output(self, context, buffer):
        page = context.tag_namespace["registers"]["page"]
        return buffer.write("SHOUT FROM " + page.relative_path)


class ShoutTag(Tag):
    name = "shout"
    block = False

    def parse(self, stream):
        return ShoutNode(stream.current)


def exclaim(value):
    return str(value) + "!"


def add_stats(site):
    site.pages.append(site.new_page("gen", "stats.txt", "{{ site.pages | size }} pages\\n"))


def register(registry):
    registry.add_tag(ShoutTag)
    registry.add_filter("exclaim", exclaim)
    registry.add_generator(add_stats)
    registry.add_hook("pages", "post_render", lambda page: CALLS.append(("post_render", page.relative_path)))
    registry.add_hook("site", "post_write", lambda site: CALLS.append(("post_write", site.source.name)))
'''


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``lp_test_plugin`` on sys.path with a dist-info that declares the entry point."""
    root = tmp_path / "plugin-root"
    root.mkdir()
    (root / "lp_test_plugin.py").write_text(PLUGIN_MODULE)
    info = root / "lp_test_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lp-test-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[liquidpage.plugins]\njekyll-shout = lp_test_plugin\n")
    monkeypatch.syspath_prepend(str(root))
    yield
    sys.modules.pop("lp_test_plugin", None)


def test_entry_point_plugin_registers_tag_filter_generator_and_hooks(
        installed_plugin: None, tmp_path: Path) -> None:
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01 12:00:00 +0000\nplugins: [jekyll-shout]\n",
        "index.html": "---\n---\n{% shout %} {{ 'hi' | exclaim }}\n",
        "about.md": "---\n---\n# About\n",
    })
    out = Site.load(site_dir).build(tmp_path / "_site")
    assert (out / "index.html").read_text() == "SHOUT FROM index.html hi!\n"
    # The generated page is rendered with Liquid and counted in site.pages (3 pages).
    assert (out / "gen" / "stats.txt").read_text() == "3 pages\n"
    calls = sys.modules["lp_test_plugin"].CALLS
    assert ("post_render", "index.html") in calls and ("post_render", "gen/stats.txt") in calls
    assert calls[-1] == ("post_write", "site")


def test_plugin_not_named_is_not_loaded(installed_plugin: None, tmp_path: Path) -> None:
    site_dir = make_site(tmp_path / "site", {"index.html": "---\n---\n{{ 'hi' | exclaim }}\n"})
    site = Site.load(site_dir)
    assert site.registry.loaded == []
    assert site.render("index.html") == "hi\n"  # unknown filters are ignored in lax mode


def test_safe_mode_loads_only_whitelisted_plugins(installed_plugin: None, tmp_path: Path) -> None:
    files = {"index.html": "---\n---\n{{ 'hi' | exclaim }}\n"}
    site_dir = make_site(tmp_path / "a", {
        **files, "_config.yml": "time: 2024-05-01\nsafe: true\nplugins: [jekyll-shout]\n"})
    assert Site.load(site_dir).registry.loaded == []
    site_dir = make_site(tmp_path / "b", {
        **files, "_config.yml": "time: 2024-05-01\nsafe: true\nplugins: [jekyll-shout]\nwhitelist: [jekyll-shout]\n"})
    site = Site.load(site_dir)
    assert site.registry.loaded == ["jekyll-shout"]
    assert site.render("index.html") == "hi!\n"


def test_two_sites_in_one_process_keep_their_own_plugins(installed_plugin: None, tmp_path: Path) -> None:
    page = {"index.html": "---\n---\n{{ 'hi' | exclaim }}\n"}
    with_plugin = Site.load(make_site(tmp_path / "a", {
        **page, "_config.yml": "time: 2024-05-01\nplugins: [jekyll-shout]\n"}))
    without = Site.load(make_site(tmp_path / "b", page))
    assert with_plugin.render("index.html") == "hi!\n"
    assert without.render("index.html") == "hi\n"
    assert [p.relative_path for p in without.pages] == ["index.html"]


def test_unknown_plugin_and_ruby_plugins_warn_with_their_names(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01\nplugins: [jekyll-nope]\ngems: [jekyll-shout]\n",
        "_plugins/filters/x.rb": "module X; end\n",
        "index.html": "---\n---\nx\n",
    })
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        Site.load(site_dir)
    assert "Plugin 'jekyll-nope' is not available in liquidpage" in caplog.text
    assert "The 'gems' configuration key is ignored by Jekyll 4.3" in caplog.text
    assert "_plugins/filters/x.rb: Ruby plugin not run" in caplog.text


def test_strict_cli_fails_on_an_unknown_plugin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from liquidpage.cli import main

    site_dir = make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01\nplugins: [jekyll-nope]\n", "index.html": "---\n---\nx\n"})
    assert main(["build", "-s", str(site_dir), "-d", str(tmp_path / "out"), "--strict"]) == 1
    assert main(["build", "-s", str(site_dir), "-d", str(tmp_path / "out2")]) == 0


def test_ruby_plugins_are_not_mentioned_in_safe_mode(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01\nsafe: true\n", "_plugins/x.rb": "", "index.html": "---\n---\nx\n"})
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        Site.load(site_dir)
    assert "Ruby plugin" not in caplog.text


def test_named_plugins_reads_plugins_only_as_jekyll_4_3() -> None:
    assert named_plugins({"plugins": ["a", "b", "a"], "gems": ["b", "c"]}) == ["a", "b"]
    assert named_plugins({"plugins": "a"}) == ["a"]
    assert named_plugins({"plugins": None, "gems": 5}) == []


def test_generators_run_highest_priority_first_then_in_registration_order() -> None:
    order: list[str] = []
    registry = Registry()
    registry.add_generator(lambda s: order.append("normal-1"))
    registry.add_generator(lambda s: order.append("lowest"), priority="lowest")
    registry.add_generator(lambda s: order.append("highest"), priority="highest")
    registry.add_generator(lambda s: order.append("normal-2"), priority="normal")
    registry.add_generator(lambda s: order.append("low"), priority="low")
    for generator in registry.ordered_generators():
        generator(None)
    assert order == ["highest", "normal-1", "normal-2", "low", "lowest"]


def test_hooks_run_by_priority_and_documents_run_their_collection_hooks_first() -> None:
    order: list[str] = []
    registry = Registry()
    registry.add_hook("documents", "post_render", lambda d: order.append("documents"), priority="high")
    registry.add_hook("posts", "post_render", lambda d: order.append("posts-normal"))
    registry.add_hook("posts", "post_render", lambda d: order.append("posts-high"), priority="high")
    registry.add_hook(["pages", "documents"], "post_render", lambda d: order.append("both"), priority=5)

    class Doc:
        collection = "posts"
        excerpt_of = None

    registry.trigger_item(Doc(), "post_render")
    assert order == ["posts-high", "posts-normal", "documents", "both"]


def test_an_unknown_hook_event_or_priority_is_refused() -> None:
    registry = Registry()
    with pytest.raises(PluginError, match="site supports only the following hooks"):
        registry.add_hook("site", "post_convert", lambda s: None)
    with pytest.raises(PluginError, match="unknown priority"):
        registry.add_generator(lambda s: None, priority="urgent")


def test_hooks_see_jekylls_stages(tmp_path: Path) -> None:
    """Site hooks fire in Site#process order; page hooks around Liquid, conversion and layouts."""
    seen: list[str] = []
    registry = Registry()
    for event in ("after_init", "after_reset", "post_read", "pre_render", "post_render", "post_write"):
        registry.add_hook("site", event, lambda *a, e=event: seen.append(e))

    def pre_render(page, payload):  # type: ignore[no-untyped-def]
        payload["page"] = {**payload["page"], "title": "From a hook"}
        seen.append("page pre_render")

    def post_convert(page):  # type: ignore[no-untyped-def]
        page.live_content = page.live_content.replace("<h1", "<h1 class=\"x\"")
        seen.append("page post_convert")

    def post_render(page):  # type: ignore[no-untyped-def]
        page.output = page.output.upper()
        seen.append("page post_render")

    registry.add_hook("pages", "pre_render", pre_render)
    registry.add_hook("pages", "post_convert", post_convert)
    registry.add_hook("pages", "post_render", post_render)
    site_dir = make_site(tmp_path / "site", {
        "_layouts/default.html": "<main>{{ content }}</main>\n",
        "index.md": "---\nlayout: default\n---\n# {{ page.title }}\n",
    })
    from liquidpage import config as config_mod

    site = Site(site_dir.resolve(), config_mod.load_config(site_dir.resolve(), None, {}), registry=registry)
    out = site.process(tmp_path / "_site", jobs=1)
    assert (out / "index.html").read_text() == '<MAIN><H1 CLASS="X" ID="FROM-A-HOOK">FROM A HOOK</H1>\n</MAIN>\n'
    assert seen == ["after_init", "after_reset", "after_reset", "post_read", "pre_render",
                    "page pre_render", "page post_convert", "page post_render", "post_render", "post_write"]


def test_converter_plugin_converts_its_extension(tmp_path: Path) -> None:
    class Upper:
        def matches(self, ext: str) -> bool:
            return ext == ".up"

        def output_ext(self, ext: str) -> str:
            return ".txt"

        def convert(self, text: str) -> str:
            return text.upper()

    registry = Registry()
    registry.add_converter(Upper())
    site_dir = make_site(tmp_path / "site", {"shout.up": "---\n---\nhello {{ 1 | plus: 1 }}\n"})
    from liquidpage import config as config_mod

    site = Site(site_dir.resolve(), config_mod.load_config(site_dir.resolve(), None, {}), registry=registry)
    out = site.process(tmp_path / "_site", jobs=1)
    assert (out / "shout.txt").read_text() == "HELLO 2\n"


def test_plain_python_liquid_keeps_its_own_registries_after_import() -> None:
    """liquidpage's tags and filters are registered on its own environments only."""
    env = liquid.Environment()
    assert "include_relative" not in env.tags and "jsonify" not in env.filters


def test_load_plugins_directly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    registry = Registry()
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        load_plugins({"plugins": ["jekyll-nope"]}, registry)
    assert registry.loaded == [] and "jekyll-nope" in caplog.text


def test_doc_example_plugin_works(tmp_path: Path) -> None:
    """The example in docs/plugins.md, run as written there."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "plugins.md").read_text()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(textwrap.dedent(code), "docs/plugins.md", "exec"), namespace)  # noqa: S102
    registry = Registry()
    namespace["register"](registry)  # type: ignore[operator]
    site_dir = make_site(tmp_path / "site", {"index.html": "---\n---\n{{ 'hi' | shout }}\n"})
    from liquidpage import config as config_mod

    site = Site(site_dir.resolve(), config_mod.load_config(site_dir.resolve(), None, {}), registry=registry)
    out = site.process(tmp_path / "_site", jobs=1)
    assert (out / "index.html").read_text() == "HI!\n"
    assert (out / "stats.txt").read_text() == "2 pages\n"
