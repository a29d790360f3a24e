"""Jekyll's configuration defaults and ``_config.yml`` loading (Jekyll's configuration.rb Configuration::DEFAULTS)."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from liquidpage.errors import ConfigError, decode_utf8, find_line, location_of_line
from liquidpage.yamlload import ZERO_OFFSET, load_yaml, yaml_error_position

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
# `disable_disk_cache` is Jekyll's --disable-disk-cache (command.rb), not one of its DEFAULTS:
# a default would show in `site.disable_disk_cache` where Jekyll has nil.
EXTRA_OPTIONS = frozenset({"time", "allow_outside_source", "theme_dir", "fetch_theme", "gem_source", "profile",
                           "disable_disk_cache"})

# Always appended to `exclude` (configuration.rb DEFAULT_EXCLUDES).
DEFAULT_EXCLUDES = [
    ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
    "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
]

log = logging.getLogger("liquidpage")

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes``: hashes merge, a nil never replaces a value (Jekyll's utils.rb Utils.deep_merge_hashes)."""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        elif value is not None or key not in merged:
            merged[key] = value
    return merged


def local_zone(timezone_name: object) -> dt.tzinfo:
    """The zone Jekyll renders local times in: config ``timezone``, else ``TZ``, else UTC.

    Jekyll puts ``timezone`` into ``ENV["TZ"]``; a name the C library does not know is UTC
    there, whatever ``TZ`` was."""
    for name in (timezone_name, os.environ.get("TZ")):
        if name:
            try:
                return zoneinfo.ZoneInfo(str(name).lstrip(":"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                return zoneinfo.ZoneInfo("UTC")
    return zoneinfo.ZoneInfo("UTC")


def _read_config_text(path: Path) -> str:
    """The file as UTF-8, a BOM kept (Jekyll reads it with ``File.read``; yamlload)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"could not read configuration file: {err.strerror}", location_of_line(path, 1)) from err
    return decode_utf8(raw, path, ConfigError)


def _config_format(path: Path) -> str:
    """``Configuration#safe_load_file``: by the extension (``/\\.toml/i``, ``/\\.ya?ml/i``)."""
    ext = os.path.splitext(path.name)[1] if not path.name.startswith(".") or path.name.count(".") > 1 else ""
    if re.search(r"\.toml", ext, re.I):
        return "toml"
    if re.search(r"\.ya?ml", ext, re.I):
        return "yaml"
    raise ConfigError(f"No parser for '{path}' is available. Use a .y(a)ml or .toml file instead.")


def _load_toml(path: Path, text: str) -> Any:
    """``Tomlrb.load_file``: times are Ruby Times with a fixed offset (+0000 when none is given),
    dates are midnight +0000; TOML's local times (``07:32:00``) are a parse error there."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ImportError:
            raise ConfigError("reading a TOML configuration needs Python 3.11 or the 'tomli' package",
                              location_of_line(path, 1)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        message = message[: match.start()] if match else message
        raise ConfigError(f"invalid TOML in configuration file: {message}", location_of_line(path, line, col)) from None

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dt.datetime):
            offset = value.utcoffset()
            if not offset:
                return value.replace(tzinfo=ZERO_OFFSET)
            return value.replace(tzinfo=dt.timezone(offset))
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day, tzinfo=ZERO_OFFSET)
        if isinstance(value, dt.time):
            raise ConfigError(f"invalid TOML in configuration file: a local time ({value}) is not "
                              "supported by Jekyll's TOML reader", location_of_line(path, 1))
        return value

    return convert(data)


def _parse_config(path: Path, text: str, tz: dt.tzinfo) -> Mapping[str, Any]:
    if _config_format(path) == "toml":
        data = _load_toml(path, text)
    else:
        try:
            data = load_yaml(text, tz)
        except yaml.YAMLError as err:
            line, col, message = yaml_error_position(err)
            loc = location_of_line(path, line or 1, col or 1)
            raise ConfigError(f"invalid YAML in configuration file: {message}", loc) from err
        except RecursionError:
            raise ConfigError("the configuration is nested too deeply", location_of_line(path, 1)) from None
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ConfigError("the configuration file must contain a mapping of keys to values", location_of_line(path, 1))
    return data


class Config(dict):  # type: ignore[type-arg]
    """The merged configuration; ``origins`` maps each top-level key to the file that set it."""

    origins: dict[str, Path]


def key_location(config: Mapping[str, Any], key: str) -> Any:
    """The location of ``key:`` in the configuration file that set it (None if unknown)."""
    return _key_location(getattr(config, "origins", {}), key)


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
        # Configuration#config_files: the first of _config.{yml,yaml,toml} that exists; one
        # that cannot be read (a folder) is "Configuration file: none".
        paths = [p for p in (source / n for n in CONFIG_NAMES) if p.exists()][:1]
        if paths and not paths[0].is_file():
            log.warning("Configuration file: none (%s is not a file)", paths[0])
            paths = []
    origins: dict[str, Path] = {}
    for path in paths:
        # The zone may itself be configured; read zone-less times after knowing it.
        # The zone may itself be configured: zone-less times are parsed again once it is known.
        text = _read_config_text(path)
        data = _parse_config(path, text, dt.timezone.utc)
        if "time" in data:
            data = _parse_config(path, text, local_zone(data.get("timezone") or config.get("timezone")))
        config = deep_merge(config, data)
        origins.update({str(key): path for key in data})
    config = deep_merge(config, overrides or {})
    if config.get("source") is None:  # `source:` from a config file, else the folder read
        config["source"] = str(source)
    check_types(config, origins)
    config = Config(config)
    config.origins = origins
    config["exclude"] = list(config.get("exclude") or []) + [
        e for e in DEFAULT_EXCLUDES if e not in (config.get("exclude") or [])
    ]
    return config


def _key_location(origins: Mapping[str, Path], key: str) -> Any:
    """Where the configuration file that set ``key`` sets it (None for a command-line value)."""
    path = origins.get(key)
    if path is None:
        return None
    pattern = rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=" if _config_format(path) == "toml" \
        else rf"^[\"']?{re.escape(key)}[\"']?[ \t]*:"
    return location_of_line(path, find_line(path, pattern))


def check_types(config: Mapping[str, Any], origins: Mapping[str, Path] | None = None) -> None:
    """Settings of a type Jekyll cannot use: a located :class:`ConfigError`, where Jekyll
    raises ``InvalidConfigurationError`` or crashes (``NoMethodError``, ``TypeError``) on them.
    Settings Jekyll ignores or reads for their truthiness are left alone."""
    from liquidpage.ruby import class_name, inspect

    origins = origins or {}

    def fail(key: str, message: str) -> None:
        raise ConfigError(message, _key_location(origins, key))

    def shown(value: Any) -> str:
        try:
            return inspect(value)
        except RecursionError:
            return class_name(value)

    # Configuration#check_include_exclude, #check_plugins (InvalidConfigurationError).
    for key in ("include", "exclude", "keep_files", "plugins", "gems", "whitelist"):
        value = config.get(key)
        if key in config and value is not None and not isinstance(value, list):
            fail(key, f"'{key}' should be set as an array, but was: {shown(value)}.")
    for key in ("liquid", "kramdown"):
        value = config.get(key)
        if value is not None and not isinstance(value, Mapping):
            fail(key, f"'{key}' should be a mapping of options, but was: {shown(value)}.")
    collections = config.get("collections")
    if collections is not None:
        if isinstance(collections, Mapping):
            labels = list(collections)
        elif isinstance(collections, list):
            labels = collections
        else:
            # Site#collections: `Hash#merge!` of the setting (TypeError in Jekyll).
            fail("collections", "'collections' should be a mapping of labels to settings (or a list "
                 f"of labels), but was: {shown(collections)}.")
        for label in labels:
            if not isinstance(label, str):
                # Collection#sanitize_label calls `gsub` on it (NoMethodError in Jekyll).
                fail("collections", f"a collection label must be a string, but was: {shown(label)}.")
    # Settings Jekyll calls String methods on (`to_sym`, `split`, `start_with?`, ENV["TZ"]=).
    for key in ("permalink", "markdown_ext", "timezone", "layouts_dir", "data_dir", "includes_dir",
                "collections_dir", "plugins_dir"):
        value = config.get(key)
        if value is not None and not isinstance(value, str):
            fail(key, f"'{key}' should be a string, but was: {shown(value)}.")
    # Site#reset: `limit_posts.negative?`.
    limit = config.get("limit_posts")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))):
        fail("limit_posts", f"'limit_posts' should be a number, but was: {shown(limit)}.")
    if limit is not None and limit < 0:
        fail("limit_posts", "limit_posts must be a non-negative number")
    # FrontmatterDefaults#update_deprecated_types: `set["scope"].key?("type")`.
    defaults = config.get("defaults")
    if isinstance(defaults, list):
        for entry in defaults:
            if isinstance(entry, Mapping) and isinstance(entry.get("values"), Mapping) \
                    and "scope" in entry and not isinstance(entry["scope"], Mapping):
                fail("defaults", f"a 'defaults' scope should be a mapping (path, type), but was: "
                     f"{shown(entry['scope'])}.")
