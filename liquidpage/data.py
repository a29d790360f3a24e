"""``site.data`` from the ``_data`` folder (behaviour spec §2.2; Jekyll's readers/data_reader.rb)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from liquidpage import safety
from liquidpage.errors import DataError, location_of_line
from liquidpage.yamlload import load_yaml, yaml_error_position

log = logging.getLogger("liquidpage")

# §2.2.2: file groups in Jekyll's order; each group sorted by name, matched case-sensitively.
_GROUPS = (".yaml", ".yml", ".json", ".csv", ".tsv")


_SANITIZE = re.compile(r"[^\w\s-]+|(?:(?<=^)|(?<=\b\s))\s+(?=$|\s?\b)", re.ASCII | re.MULTILINE)


def sanitize_key(name: str) -> str:
    """DataReader#sanitize_filename (§2.2.4)."""
    name = _SANITIZE.sub("", name)
    return re.sub(r"\s+", "_", name)


def read_data_dir(directory: Path, config: Mapping[str, Any], tz: dt.tzinfo) -> dict[str, Any]:
    """Read ``directory`` recursively into a nested mapping (§2.2.2, §2.2.3).

    Symlinks are followed, files and folders alike; in safe mode (``safe: true``) a symlink
    whose real path is outside the source is skipped, and so is the folder itself when it is
    one (``DataReader#read_data_to`` with ``EntryFilter#symlink?``)."""
    data: dict[str, Any] = {}
    outside = _outside_check(config)
    if not directory.is_dir() or outside(directory):
        return data
    entries = [e for e in directory.iterdir() if not e.name.startswith(".") and not outside(e)]
    files = [e for e in entries if e.is_file()]
    for ext in _GROUPS:
        for path in sorted((f for f in files if f.name.endswith(ext)), key=lambda p: p.name):
            data[sanitize_key(path.name[: -len(ext)])] = read_data_file(path, config, tz)
    for sub in sorted((e for e in entries if e.is_dir()), key=lambda p: p.name):
        data[sanitize_key(sub.name)] = read_data_dir(sub, config, tz)
    return data


def _outside_check(config: Mapping[str, Any]) -> Callable[[Path], bool]:
    """``EntryFilter#symlink?``: safe mode, a symlink, and a real path not prefixed by the source."""
    safe = config.get("safe")
    source = str(config.get("source") or "")
    jekyll_safe = safe is not None and safe is not False and bool(source)
    guard = bool(source) and not safety.outside_allowed(config)  # safe reads (issue 12)

    def outside(path: Path) -> bool:
        if jekyll_safe and path.is_symlink() and not os.path.realpath(path).startswith(source):
            return True
        if guard and safety.outside_source(path, source):
            log.warning("%s", safety.outside_message(path, source, "data"))
            return True
        return False

    return outside


def read_data_file(path: Path, config: Mapping[str, Any], tz: dt.tzinfo) -> Any:
    """Parse one data file; YAML and JSON both go through the YAML loader (§2.2.5)."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if path.suffix in (".csv", ".tsv"):
        return _read_table(path, text, config)
    try:
        return load_yaml(text, tz)
    except yaml.YAMLError as err:
        line, col, message = yaml_error_position(err)
        raise DataError(f"invalid YAML in data file: {message}",
                        location_of_line(path, line or 1, col or 1)) from err


def _read_table(path: Path, text: str, config: Mapping[str, Any]) -> Any:
    """Ruby's CSV reader with ``headers: true`` by default; empty cells are nil (§2.2.5)."""
    options = config.get("tsv_reader" if path.suffix == ".tsv" else "csv_reader") or {}
    delimiter = "\t" if path.suffix == ".tsv" else ","
    converters = options.get("converters") or []
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise DataError(f"malformed CSV: {err}", location_of_line(path, 1)) from err

    def cell(value: str) -> Any:
        if value == "":
            return None
        if "numeric" in converters or "integer" in converters or "float" in converters:
            for kind in (int, float):
                try:
                    return kind(value)
                except ValueError:
                    pass
        return value

    if options.get("headers", True) is False:
        return [[cell(v) for v in row] for row in rows]
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    return [{h: cell(row[i]) if i < len(row) else None for i, h in enumerate(header)} for row in body]
