"""``site.data`` from the ``_data`` folder (Jekyll's readers/data_reader.rb DataReader#read)."""

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
from liquidpage.cache import Cache, options_key
from liquidpage.errors import DataError, check_file_name, decode_utf8, location_of_line
from liquidpage.yamlload import load_yaml, yaml_error_position

log = logging.getLogger("liquidpage")

# Jekyll's readers/data_reader.rb DataReader#read_data_to: file groups in Jekyll's order; each group sorted by name, matched case-sensitively.
_GROUPS = (".yaml", ".yml", ".json", ".csv", ".tsv")


_SANITIZE = re.compile(r"[^\w\s-]+|(?:(?<=^)|(?<=\b\s))\s+(?=$|\s?\b)", re.ASCII | re.MULTILINE)


def sanitize_key(name: str) -> str:
    """DataReader#sanitize_filename (Jekyll's readers/data_reader.rb DataReader#sanitize_filename)."""
    name = _SANITIZE.sub("", name)
    return re.sub(r"\s+", "_", name)


def read_data_dir(directory: Path, config: Mapping[str, Any], tz: dt.tzinfo, *,
                  cache: Cache | None = None) -> dict[str, Any]:
    """Read ``directory`` recursively into a nested mapping (Jekyll's readers/data_reader.rb DataReader#read_data_to).

    With ``cache`` (liquidpage/cache.py), each file's parsed value is kept by its text and the
    options that shape it, so an unchanged file is not parsed again.

    Symlinks are followed, files and folders alike; in safe mode (``safe: true``) a symlink
    whose real path is outside the source is skipped, and so is the folder itself when it is
    one (``DataReader#read_data_to`` with ``EntryFilter#symlink?``)."""
    data: dict[str, Any] = {}
    outside = _outside_check(config)
    if not directory.is_dir() or outside(directory):
        return data
    entries = [e for e in directory.iterdir() if not e.name.startswith(".") and not outside(e)]
    for entry in entries:
        check_file_name(directory, entry.name)
    files = [e for e in entries if e.is_file()]
    for ext in _GROUPS:
        for path in sorted((f for f in files if f.name.endswith(ext)), key=lambda p: p.name):
            data[sanitize_key(path.name[: -len(ext)])] = read_data_file(path, config, tz, cache=cache)
    for sub in sorted((e for e in entries if e.is_dir()), key=lambda p: p.name):
        data[sanitize_key(sub.name)] = read_data_dir(sub, config, tz, cache=cache)
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


def read_data_file(path: Path, config: Mapping[str, Any], tz: dt.tzinfo, *,
                   cache: Cache | None = None) -> Any:
    """Parse one data file; YAML and JSON both go through the YAML loader (Jekyll's readers/data_reader.rb DataReader#read_data_file).

    Read as UTF-8 with a BOM kept, as Jekyll reads them (``site.file_read_opts``): a BOM is
    part of a CSV's first header, and indents a YAML file's first line (yamlload)."""
    text = decode_utf8(path.read_bytes(), path, DataError)
    if cache is None:
        return _parse_data(path, text, config, tz)
    table = path.suffix in (".csv", ".tsv")
    # The key: what the value depends on. A table's options; YAML's time zone and PyYAML.
    shape = options_key(path.suffix, config.get("tsv_reader" if path.suffix == ".tsv" else "csv_reader")) \
        if table else f"yaml {yaml.__version__} {tz!r}"
    key = f"{shape}\0{text}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = _parse_data(path, text, config, tz)
        cache.set(key, value)
    return value


_MISSING: Any = object()


def _parse_data(path: Path, text: str, config: Mapping[str, Any], tz: dt.tzinfo) -> Any:
    if path.suffix in (".csv", ".tsv"):
        return _read_table(path, text, config)
    try:
        return load_yaml(text, tz)
    except yaml.YAMLError as err:
        line, col, message = yaml_error_position(err)
        raise DataError(f"invalid YAML in data file: {message}",
                        location_of_line(path, line or 1, col or 1)) from err
    except RecursionError:
        raise DataError("data nested too deeply", location_of_line(path, 1)) from None


class CSVError(Exception):
    """Ruby's ``CSV::MalformedCSVError``: a message and the 0-based index of the bad place."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.message = message
        self.index = index


def _row_sep(text: str) -> str:
    """Ruby CSV's ``row_sep: :auto``: the first ``\r\n``, ``\n`` or ``\r`` of the text."""
    match = re.search(r"\r\n|\n|\r", text)
    return match.group(0) if match else "\n"


def parse_csv(text: str, col_sep: str = ",") -> list[list[str | None]]:
    """Ruby's CSV parser with default options (strict quoting, ``liberal_parsing`` off).

    Unquoted empty fields are nil, quoted ones ``""``; a blank line is an empty row. Raises
    :class:`CSVError` with Ruby's messages ("Illegal quoting in line N.", ...)."""
    row_sep = _row_sep(text)
    rows: list[list[str | None]] = []
    n = len(text)
    i = 0

    def line_of(index: int) -> int:
        return text.count(row_sep[-1], 0, index) + 1 if row_sep != "\r\n" else text.count("\n", 0, index) + 1

    stops = re.compile("|".join(re.escape(s) for s in sorted({col_sep, row_sep}, key=len, reverse=True)))
    while i < n:
        row: list[str | None] = []
        row_start = i
        if text.startswith(row_sep, i):  # a blank line
            rows.append(row)
            i += len(row_sep)
            continue
        while True:
            if text.startswith('"', i):
                quote_at = i
                i += 1
                parts = []
                while True:
                    j = text.find('"', i)
                    if j == -1:
                        raise CSVError(f"Unclosed quoted field in line {line_of(row_start)}.", quote_at)
                    parts.append(text[i:j])
                    if text.startswith('"', j + 1):
                        parts.append('"')
                        i = j + 2
                        continue
                    i = j + 1
                    break
                row.append("".join(parts))
                if i >= n:
                    break
                if text.startswith(col_sep, i):
                    i += len(col_sep)
                    if i >= n:
                        row.append(None)
                        break
                    continue
                if text.startswith(row_sep, i):
                    i += len(row_sep)
                    break
                raise CSVError(f"Any value after quoted field isn't allowed in line {line_of(row_start)}.", i)
            match = stops.search(text, i)
            end = match.start() if match else n
            field = text[i:end]
            quote = field.find('"')
            if quote != -1:
                raise CSVError(f"Illegal quoting in line {line_of(row_start)}.", i + quote)
            for newline in ("\r", "\n"):
                at = field.find(newline)
                if at != -1:
                    raise CSVError(f"Unquoted fields do not allow new line <{newline!r}> in line "
                                   f"{line_of(row_start)}.".replace("'", '"'), i + at)
            row.append(field or None)
            i = end
            if match is None:
                break
            i = match.end()
            if match.group(0) == row_sep and (col_sep != row_sep):
                break
            if i >= n:
                row.append(None)
                break
        rows.append(row)
    return rows


def _read_table(path: Path, text: str, config: Mapping[str, Any]) -> Any:
    """``CSV.read(path, headers: true, converters: ...)`` then ``CSV::Row#to_hash`` (Jekyll's readers/data_reader.rb DataReader#read_data_file)."""
    key = "tsv_reader" if path.suffix == ".tsv" else "csv_reader"
    options = config.get(key) or {}
    if not isinstance(options, Mapping):
        # DataReader#read_config calls `fetch` on it: NoMethodError in Jekyll.
        raise DataError(f"the '{key}' configuration must be a mapping, not {_kind(options)}",
                        location_of_line(path, 1))
    delimiter = "\t" if path.suffix == ".tsv" else ","
    converters = options.get("csv_converters", options.get("converters")) or []
    if not isinstance(converters, list):
        converters = [converters]
    converters = [str(c) for c in converters]
    try:
        rows = parse_csv(text, delimiter)
    except CSVError as err:
        raise DataError(err.message, _location_at(path, text, err.index)) from None

    def cell(value: str | None) -> Any:
        if value is None:
            return None
        numeric = "numeric" in converters or "all" in converters
        if numeric or "integer" in converters:
            try:
                return int(value)
            except ValueError:
                pass
        if numeric or "float" in converters:
            try:
                return float(value)
            except (ValueError, OverflowError):
                pass
        return value

    headers = options.get("headers", True)
    if headers is None or headers is False:
        return [[cell(v) for v in row] for row in rows]
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    tables = []
    for row in body:
        # CSV::Row#to_hash: the first of two equal headers wins; fields past the headers have nil.
        item: dict[Any, Any] = {}
        for index in range(max(len(header), len(row))):
            name = header[index] if index < len(header) else None
            if name not in item:
                item[name] = cell(row[index]) if index < len(row) else None
        tables.append(item)
    return tables


def _location_at(path: Path, text: str, index: int) -> Any:
    from liquidpage.errors import display_path, location_in_text

    return location_in_text(display_path(path), text, index)


def _kind(value: Any) -> str:
    from liquidpage.ruby import class_name

    return class_name(value)
