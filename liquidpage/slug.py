"""Jekyll's ``Utils.slugify`` (modes raw/default/pretty/ascii/latin, ``cased``), used by URLs and the filter."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from liquidpage._translit import APPROXIMATIONS

logger = logging.getLogger("liquidpage")

SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")

# "._~!$&'()+,;=@" stay in "pretty" mode (utils.rb SLUGIFY_PRETTY_REGEXP).
_PRETTY_EXTRA = frozenset("._~!$&'()+,;=@")
_RAW_RE = re.compile(r"\s+")
_ASCII_RE = re.compile(r"[^A-Za-z0-9]+")
_EDGE_HYPHEN_RE = re.compile(r"^-|-$", re.MULTILINE)

def _is_word(char: str, pretty: bool) -> bool:
    """True for ``\\p{M}``, ``\\p{L}``, ``\\p{Nd}`` (plus the pretty set in pretty mode)."""
    if char.isascii():
        return char.isalnum() or (pretty and char in _PRETTY_EXTRA)
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def _replace_unicode(string: str, pretty: bool) -> str:
    """Replace each run of non-word characters with one hyphen."""
    out: list[str] = []
    in_run = False
    for char in string:
        if _is_word(char, pretty):
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    return "".join(out)


def transliterate(string: str) -> str:
    """``I18n.transliterate`` (ruby-i18n's DEFAULT_APPROXIMATIONS in ``_translit.py``).

    Known Latin letters lose their accents; any other non-ASCII character becomes ``?``.
    """
    return "".join(c if c.isascii() else APPROXIMATIONS.get(c, "?") for c in string)


@lru_cache(maxsize=4096)
def slugify(string: str | None, mode: str | None = None, cased: bool = False) -> str | None:
    """Jekyll's ``Utils.slugify`` (jekyll/utils.rb). ``None`` in gives ``None`` out."""
    mode = mode or "default"
    if string is None:
        return None
    if mode not in SLUGIFY_MODES:
        return string if cased else string.lower()
    if mode == "latin":
        string = transliterate(string)
    if mode == "raw":
        slug = _RAW_RE.sub("-", string)
    elif mode == "ascii":
        slug = _ASCII_RE.sub("-", string)
    else:
        slug = _replace_unicode(string, pretty=(mode == "pretty"))
    slug = _EDGE_HYPHEN_RE.sub("", slug)
    if not cased:
        slug = slug.lower()
    if not slug:
        logger.warning("Warning: Empty `slug` generated for '%s'.", string)
    return slug
