"""Plugins: the per-site registry, and loading the plugins a site names (Jekyll's PluginManager).

A plugin is a module (or any object) with ``register(registry)``; it adds tags, filters,
generators, converters and hooks to the :class:`Registry` of one site. Built-in ports of
Jekyll's gems live in this package and load only when the site's ``plugins:`` names them; other packages provide plugins through the ``liquidpage.plugins``
entry-point group, named as a site names them (see docs/plugins.md).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from liquidpage.plugins.registry import (
    GENERATOR_PRIORITIES,
    HOOK_EVENTS,
    HOOK_PRIORITIES,
    Converter,
    PluginError,
    Registry,
)

log = logging.getLogger("liquidpage")

ENTRY_POINT_GROUP = "liquidpage.plugins"

# Gem name -> module of its port in this package (a module that is not there yet is not listed).
BUILTIN: dict[str, str] = {
    "jekyll-seo-tag": "liquidpage.plugins.seo_tag",
    "jekyll-feed": "liquidpage.plugins.feed",
    "jekyll-sitemap": "liquidpage.plugins.sitemap",
    "jekyll-paginate": "liquidpage.plugins.paginate",
    "jekyll-include-cache": "liquidpage.plugins.include_cache",
    "jekyll-redirect-from": "liquidpage.plugins.redirect_from",
    "jekyll-gist": "liquidpage.plugins.gist",
    "jekyll-optional-front-matter": "liquidpage.plugins.optional_front_matter",
    "jekyll-default-layout": "liquidpage.plugins.default_layout",
    "jekyll-titles-from-headings": "liquidpage.plugins.titles_from_headings",
    "jekyll-readme-index": "liquidpage.plugins.readme_index",
    "jekyll-relative-links": "liquidpage.plugins.relative_links",
    "jekyll-avatar": "liquidpage.plugins.avatar",
    "jekyll-mentions": "liquidpage.plugins.mentions",
    "jekyll-toc": "liquidpage.plugins.toc",
    "jekyll-github-metadata": "liquidpage.plugins.github_metadata",
    "jekyll-commonmark": "liquidpage.plugins.commonmark",
}


def named_plugins(config: Mapping[str, Any]) -> list[str]:
    """``site.gems``: the ``plugins`` list (``Site#configure``: ``self.gems = config["plugins"]``).
    Jekyll 4.3 ignores the older ``gems`` key without a word; liquidpage ignores it too, with a
    warning that says to rename it."""
    if config.get("gems"):
        log.warning("The 'gems' configuration key is ignored by Jekyll 4.3 (and liquidpage): "
                    "rename it to 'plugins' to load %s", config.get("gems"))
    value = config.get("plugins")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return list(dict.fromkeys(name for name in value if isinstance(name, str)))


def allowed(name: str, config: Mapping[str, Any]) -> bool:
    """``PluginManager#plugin_allowed?``: anything outside safe mode, the whitelist inside it."""
    safe = config.get("safe")
    if safe is None or safe is False:
        return True
    whitelist = config.get("whitelist") or []
    return isinstance(whitelist, list) and name in whitelist


def find(name: str) -> Any | None:
    """The plugin object for ``name``: an installed entry point first, then a built-in port."""
    from importlib.metadata import entry_points  # here: ~8 ms to import

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.load()
    module = BUILTIN.get(name)
    if module is not None and importlib.util.find_spec(module) is not None:
        return importlib.import_module(module)
    return None


def load_plugins(config: Mapping[str, Any], registry: Registry, source: Path | None = None, *,
                 first: Iterable[str] = ()) -> None:
    """Register every plugin the site names, as Jekyll's ``PluginManager#conscientious_require``:
    in safe mode only whitelisted ones; a name nothing implements gets a warning (Jekyll fails
    with "Dependency Error"; liquidpage builds without it, and ``--strict`` fails). ``first``
    are the theme's runtime dependencies, required before the site's own (``require_theme_deps``)."""
    for name in dict.fromkeys([*first, *named_plugins(config)]):
        if not allowed(name, config) or name in registry.loaded:
            continue
        plugin = find(name)
        if plugin is None:
            log.warning("Plugin '%s' is not available in liquidpage: the site builds without it "
                        "(docs/plugins.md lists the built-in ports)", name)
            continue
        register(plugin, registry, name)
    if source is not None:
        _warn_ruby_plugins(config, source)


def register(plugin: Any, registry: Registry, name: str) -> None:
    """Call ``plugin.register(registry)`` (a module or object) or ``plugin(registry)``."""
    hook = getattr(plugin, "register", None)
    if hook is None and callable(plugin):
        hook = plugin
    if hook is None:
        raise PluginError(f"plugin '{name}' has no register(registry) function")
    hook(registry)
    registry.loaded.append(name)


def _warn_ruby_plugins(config: Mapping[str, Any], source: Path) -> None:
    """``PluginManager#require_plugin_files``: Jekyll runs ``<plugins_dir>/**/*.rb`` outside safe
    mode; liquidpage cannot run Ruby, so each file gets a warning naming it."""
    safe = config.get("safe")
    if safe is not None and safe is not False:
        return
    dirs = config.get("plugins_dir") or "_plugins"
    for folder in [dirs] if isinstance(dirs, str) else list(dirs) if isinstance(dirs, list) else []:
        root = source / str(folder)
        if not root.is_dir() or not _inside(root, source):
            continue
        for path in sorted(root.rglob("*.rb")):
            log.warning("%s: Ruby plugin not run: liquidpage cannot run Jekyll's Ruby plugins; "
                        "pages that use it will differ from Jekyll's (docs/plugins.md)",
                        path.relative_to(source).as_posix())


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


__all__ = [
    "BUILTIN", "ENTRY_POINT_GROUP", "GENERATOR_PRIORITIES", "HOOK_EVENTS", "HOOK_PRIORITIES",
    "Converter", "PluginError", "Registry", "allowed", "find", "load_plugins", "named_plugins",
    "register",
]


