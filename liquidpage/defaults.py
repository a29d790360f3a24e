"""Front-matter ``defaults:`` with path/type scopes (Jekyll's frontmatter_defaults.rb FrontmatterDefaults#all) and Jekyll's ``deep_merge_hashes`` (Jekyll's utils.rb Utils.deep_merge_hashes)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from liquidpage import rubyfnmatch
from liquidpage.errors import ConfigError, LiquidpageError

logger = logging.getLogger("liquidpage")

_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}


def deep_merge_hashes(master: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes`` (jekyll/utils.rb): a new dict, ``other`` on top.

    Nested mappings merge key by key; a ``None`` in ``other`` never replaces an existing
    value (a new key is still added with ``None``); anything else, arrays included, replaces.
    """
    target = dict(master)
    deep_merge_hashes_in_place(target, other)
    return target


def deep_merge_hashes_in_place(target: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes!``: merge ``other`` into ``target`` and return it."""
    for key, new in other.items():
        if key not in target:
            target[key] = new
            continue
        old = target[key]
        if new is None:
            continue
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            target[key] = deep_merge_hashes(old, new)
        else:
            target[key] = new
    return target


def sanitize_path(path: Any) -> str:
    """frontmatter_defaults.rb ``sanitize_path``: strip one leading ``/``."""
    if not path:
        return ""
    path = str(path)
    return path[1:] if path.startswith("/") else path


def _pathname_join(base: str, rel: str) -> str:
    """Ruby's ``Pathname#join``: an absolute ``rel`` wins; leading ``.``/``..`` parts of ``rel``
    are resolved against ``base``; the rest (trailing ``/`` included) is kept as written."""
    if rel.startswith("/"):
        return rel
    while rel in (".", "..") or rel.startswith(("./", "../")):
        head, _, rel = rel.partition("/")
        rel = rel.lstrip("/")
        if head == "..":
            base = os.path.dirname(base.rstrip("/")) or "/"
    return base if not rel else base.rstrip("/") + "/" + rel


class FrontmatterDefaults:
    """Jekyll's ``FrontmatterDefaults`` (jekyll/frontmatter_defaults.rb), with per-build caches."""

    def __init__(
        self,
        config: Mapping[str, Any],
        source: str | os.PathLike[str],
        parse_date: Callable[[Any], Any] | None = None,
    ) -> None:
        self.source = Path(source)
        self.collections_dir = str(config.get("collections_dir") or "")
        self._parse_date = parse_date
        self._config = config
        self.sets = self._valid_sets(config.get("defaults"))
        self._matched: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self._all: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._globs: dict[str, list[str]] = {}

    def _valid_sets(self, sets: Any) -> list[dict[str, Any]]:
        """``valid_sets``: keep entries whose ``values`` is a hash; fix deprecated types and dates."""
        if not isinstance(sets, list):
            return []
        valid = []
        for entry in sets:
            if not (isinstance(entry, Mapping) and isinstance(entry.get("values"), Mapping)):
                logger.warning("Defaults: An invalid front-matter default set was found:\n%s", _set_to_s(entry))
                continue
            entry = dict(entry)
            scope = entry.get("scope")
            if isinstance(scope, Mapping) and isinstance(scope.get("type"), str) \
                    and scope["type"] in _DEPRECATED_TYPES:
                old = scope["type"]
                new = _DEPRECATED_TYPES[old]
                logger.warning(
                    "Defaults: The '%s' type has become '%s' in your configuration.", old, new
                )
                entry["scope"] = {**scope, "type": new}
            values = entry["values"]
            if "date" in values and self._parse_date is not None:
                try:
                    entry["values"] = {**values, "date": self._parse_date(values["date"])}
                except LiquidpageError as err:
                    # Jekyll: Errors::InvalidDateError from ensure_time!, fatal.
                    if err.location is None:
                        from liquidpage.config import key_location

                        raise ConfigError(err.message, key_location(self._config, "defaults")) from None
                    raise
            valid.append(entry)
        return valid

    def all(self, path: str, type: str | None) -> dict[str, Any]:
        """Every matching set deep-merged, the most specific on top (``all``, Jekyll's frontmatter_defaults.rb FrontmatterDefaults#matching_sets)."""
        key = (path, type)
        cached = self._all.get(key)
        if cached is None:
            cached = {}
            old_scope: Any = None
            for entry in self.matching_sets(path, type):
                if self._has_precedence(old_scope, entry.get("scope")):
                    cached = deep_merge_hashes(cached, entry["values"])
                    old_scope = entry.get("scope")
                else:
                    cached = deep_merge_hashes(entry["values"], cached)
            self._all[key] = cached
        return cached

    def find(self, path: str, type: str | None, setting: str) -> Any:
        """The one value of ``setting`` from the most specific set that has it (``find``)."""
        value = None
        old_scope: Any = None
        for entry in self.matching_sets(path, type):
            if setting in entry["values"] and self._has_precedence(old_scope, entry.get("scope")):
                value = entry["values"][setting]
                old_scope = entry.get("scope")
        return value

    def matching_sets(self, path: str, type: str | None) -> list[dict[str, Any]]:
        """The sets whose scope applies to ``path`` and ``type``, in config order."""
        key = (path, type)
        found = self._matched.get(key)
        if found is None:
            found = [
                entry for entry in self.sets
                if "scope" not in entry or self._applies(entry["scope"], path, type)
            ]
            self._matched[key] = found
        return found

    def _applies(self, scope: Any, path: str, type: str | None) -> bool:
        if not isinstance(scope, Mapping):
            return True
        return self._applies_type(scope, type) and self._applies_path(scope, path)

    @staticmethod
    def _applies_type(scope: Mapping[str, Any], type: str | None) -> bool:
        return "type" not in scope or (type is not None and str(type) == str(scope["type"]))

    def _applies_path(self, scope: Mapping[str, Any], path: str) -> bool:
        rel_scope_path = scope.get("path")
        if not isinstance(rel_scope_path, str) or not rel_scope_path:
            return True
        sanitized = sanitize_path(path)
        if "*" in rel_scope_path:
            return any(sanitized.startswith(p) for p in self._glob_scope(rel_scope_path))
        return sanitized.startswith(self._strip_collections_dir(rel_scope_path))

    def _glob_scope(self, rel_scope_path: str) -> list[str]:
        """``glob_scope``: the scope glob's matches, source-relative, collections_dir stripped."""
        found = self._globs.get(rel_scope_path)
        if found is None:
            # Pathname#join then Ruby's Dir.glob (braces, escapes, "**/" not entering symlinked
            # folders), then Pathname#relative_path_from: lexical, "../x" for a match outside.
            source = str(self.source)
            matches = rubyfnmatch.glob(_pathname_join(source, rel_scope_path))
            found = [self._strip_collections_dir(os.path.relpath(m, source)) for m in matches]
            self._globs[rel_scope_path] = found
        return found

    def _strip_collections_dir(self, path: str) -> str:
        if not self.collections_dir:
            return path
        prefix = self.collections_dir + "/"
        return path.replace(prefix, "", 1) if path.startswith(prefix) else path

    @staticmethod
    def _has_precedence(old_scope: Any, new_scope: Any) -> bool:
        """``has_precedence?``: a longer path wins; then a typed scope; then the later one."""
        if old_scope is None:
            return True
        if not isinstance(new_scope, Mapping):
            raise ConfigError(
                "A front-matter default set has no `scope` key and another set also "
                "matches (Jekyll crashes with NoMethodError here): add `scope: {}`."
            )
        old = old_scope if isinstance(old_scope, Mapping) else {}
        new_path = sanitize_path(new_scope.get("path"))
        old_path = sanitize_path(old.get("path"))
        if len(new_path) != len(old_path):
            return len(new_path) >= len(old_path)
        if "type" in new_scope:
            return True
        return "type" not in old


def _set_to_s(entry: Any) -> str:
    """Ruby ``set.to_s`` for the warning: a Hash or Array as ``inspect``, a String as is."""
    from liquidpage.ruby import inspect

    if isinstance(entry, str):
        return entry
    try:
        return inspect(entry)
    except RecursionError:
        return "..."
