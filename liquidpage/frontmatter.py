"""Split a file into front matter and body with Jekyll's rule (Jekyll's reader.rb Reader#read_directories, utils.rb Utils.has_yaml_header?, Jekyll's document.rb Document#read_content, convertible.rb Convertible#read)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from liquidpage.errors import FrontMatterError, decode_utf8

# Jekyll's reader.rb Reader#read_directories, utils.rb Utils.has_yaml_header?: a file is a page when its first line is `---` plus optional whitespace.
_HAS_HEADER = re.compile(rb"\A---[ \t\r\n\f\v]*\r?\n")
# Jekyll's document.rb Document#read_content, convertible.rb Convertible#read: Jekyll's YAML_FRONT_MATTER_REGEXP; `\s` spelled out as Ruby's ASCII whitespace.
_S = r"[ \t\r\n\f\v]"
_FRONT_MATTER = re.compile(
    rf"\A(---{_S}*\n.*?\n?)^((---|\.\.\.){_S}*$\n?)", re.DOTALL | re.MULTILINE
)


@dataclass(frozen=True)
class Split:
    """A file's parts: ``yaml`` is None when there is no closed front matter block."""

    yaml: str | None
    body: str
    body_line: int  # 1-based line of the file where ``body`` starts; ``yaml`` starts on line 1


def has_front_matter(raw: bytes) -> bool:
    """Jekyll's ``Utils.has_yaml_header?`` on the raw bytes (a BOM defeats it, Jekyll's utils.rb Utils.has_yaml_header?)."""
    return _HAS_HEADER.match(raw) is not None


def decode(raw: bytes, path: str | os.PathLike[str] | None = None) -> str:
    """Read as ``bom|utf-8`` (Jekyll's configuration.rb Configuration::DEFAULTS ``encoding``).

    With ``path``, bytes that are not UTF-8 are a :class:`FrontMatterError` at the first bad
    byte (Jekyll: "invalid byte sequence in UTF-8" when it matches the front matter regex);
    without, they read as U+FFFD (for messages)."""
    if path is not None:
        return decode_utf8(raw, path, FrontMatterError, keep_bom=False)
    text = raw.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def split(text: str) -> Split:
    """Split ``text`` (already decoded) by Jekyll's front matter rule (Jekyll's document.rb Document#read_content and YAML_FRONT_MATTER_REGEXP, convertible.rb Convertible#read)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return Split(None, text, 1)
    end = match.end()
    return Split(match.group(1), text[end:], text.count("\n", 0, end) + 1)
