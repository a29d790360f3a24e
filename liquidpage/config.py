"""Jekyll's configuration defaults and ``_config.yml`` loading (behaviour spec §2.4)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from liquidpage.errors import ConfigError, location_of_line
from liquidpage.yamlload import load_yaml, yaml_error_position

# Jekyll::Configuration::DEFAULTS (configuration.rb), key names verbatim.
DEFAULTS: dict[str, Any] = {
    "source": None,
    "destination": None,
    "collections_dir": "",
    "cache_dir": ".jekyll-cache",
    "plugins_dir": "_plugins",
    "layouts_dir": "_layouts",
    "data_dir": "_data",
    "includes_dir": "_includes",
    "collections": {},
    "safe": False,
    "include": [".htaccess"],
    "exclude": [],
    "keep_files": [".git", ".svn"],
    "encoding": "utf-8",
    "markdown_ext": "markdown,mkdown,mkdn,mkd,md",
    "strict_front_matter": False,
    "show_drafts": None,
    "limit_posts": 0,
    "future": False,
    "unpublished": False,
    "whitelist": [],
    "plugins": [],
    "markdown": "kramdown",
    "highlighter": "rouge",
    "lsi": False,
    "excerpt_separator": "\n\n",
    "incremental": False,
    "detach": False,
    "port": "4000",
    "host": "127.0.0.1",
    "baseurl": None,
    "show_dir_listing": False,
    "permalink": "date",
    "paginate_path": "/page:num",
    "timezone": None,
    "quiet": False,
    "verbose": False,
    "defaults": [],
    "liquid": {
        "error_mode": "warn",
        "strict_filters": False,
        "strict_variables": False,
    },
    "kramdown": {
        "auto_ids": True,
        "toc_levels": [1, 2, 3, 4, 5, 6],
        "entity_output": "as_char",
        "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
        "input": "GFM",
        "hard_wrap": False,
        "guess_lang": True,
        "footnote_nr": 1,
        "show_warnings": False,
    },
}

# Settings liquidpage adds to Jekyll's, accepted as options of Site.load like DEFAULTS' keys.
EXTRA_OPTIONS = frozenset({"time", "allow_outside_source", "theme_dir", "fetch_theme", "gem_source"})

# Always appended to `exclude` (configuration.rb DEFAULT_EXCLUDES).
DEFAULT_EXCLUDES = [
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
]

CONFIG_NAMES = ("_config.yml", "_config.yaml")


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes``: hashes merge, a nil never replaces a value (§1.3.1)."""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        elif value is not None or key not in merged:
            merged[key] = value
    return merged


def local_zone(timezone_name: object) -> dt.tzinfo:
    """The zone Jekyll renders local times in: config ``timezone``, else ``TZ``, else UTC."""
    for name in (timezone_name, os.environ.get("TZ")):
        if name:
            try:
                return zoneinfo.ZoneInfo(str(name).lstrip(":"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def _read_config_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise ConfigError(f"could not read configuration file: {err.strerror}", location_of_line(path, 1)) from err


def _parse_config(path: Path, text: str, tz: dt.tzinfo) -> Mapping[str, Any]:
    try:
        data = load_yaml(text, tz)
    except yaml.YAMLError as err:
        line, col, message = yaml_error_position(err)
        loc = location_of_line(path, line or 1, col or 1)
        raise ConfigError(f"invalid YAML in configuration file: {message}", loc) from err
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration file must contain a mapping of keys to values", location_of_line(path, 1))
    return data


def load_config(
    source: Path,
    config_files: Sequence[str | os.PathLike[str]] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge DEFAULTS < config files (left to right) < overrides, as ``jekyll build`` does."""
    config = copy.deepcopy(DEFAULTS)
    if config_files:
        paths = [Path(p) if Path(p).is_absolute() else Path.cwd() / p for p in config_files]
        for path in paths:
            if not path.is_file():
                raise ConfigError(f"configuration file not found: {path}")
    else:
        paths = [p for p in (source / n for n in CONFIG_NAMES) if p.is_file()][:1]
    for path in paths:
        # The zone may itself be configured; read zone-less times after knowing it.
        # The zone may itself be configured: zone-less times are parsed again once it is known.
        text = _read_config_text(path)
        data = _parse_config(path, text, dt.timezone.utc)
        if "time" in data:
            data = _parse_config(path, text, local_zone(data.get("timezone") or config.get("timezone")))
        config = deep_merge(config, data)
    config = deep_merge(config, overrides or {})
    if config.get("source") is None:  # `source:` from a config file, else the folder read
        config["source"] = str(source)
    if not isinstance(config.get("include"), list):
        raise ConfigError("'include' should be set as an array in the configuration, but was: "
                          f"{config.get('include')!r}")
    config["exclude"] = list(config.get("exclude") or []) + [
        e for e in DEFAULT_EXCLUDES if e not in (config.get("exclude") or [])
    ]
    return config
