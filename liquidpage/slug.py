"""Jekyll's ``Utils.slugify`` (modes raw/default/pretty/ascii/latin, ``cased``), used by URLs and the filter."""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

logger = logging.getLogger("liquidpage")

SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")

# "._~!$&'()+,;=@" stay in "pretty" mode (utils.rb SLUGIFY_PRETTY_REGEXP).
_PRETTY_EXTRA = frozenset("._~!$&'()+,;=@")
_RAW_RE = re.compile(r"\s+")
_ASCII_RE = re.compile(r"[^A-Za-z0-9]+")
_EDGE_HYPHEN_RE = re.compile(r"^-|-$", re.MULTILINE)

# I18n::Backend::Transliterator::HashTransliterator::DEFAULT_APPROXIMATIONS (ruby-i18n 1.10).
_LATIN_KEYS = (
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚě"
    "ĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž"
)
_LATIN_VALUES = (
    "A A A A A A AE C E E E E I I I I D N O O O O O x O U U U U Y Th ss a a a a a a ae c e e e e i i i i d "
    "n o o o o o o u u u u y th y A a A a A a C c C c C c C c D d D d E e E e E e E e E e G g G g G g G g H "
    "h H h I i I i I i I i I i IJ ij J j K k k L l L l L l L l L l N n N n N n 'n NG ng O o O o O o OE oe R "
    "r R r R r S s S s S s S s T t T t T t U u U u U u U u U u U u W w Y y Y Z z Z z Z z"
).split(" ")
_LATIN = dict(zip(_LATIN_KEYS, _LATIN_VALUES))
assert len(_LATIN_KEYS) == len(_LATIN_VALUES)


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
    """``I18n.transliterate``: known Latin letters lose accents, other non-ASCII becomes ``?``."""
    return "".join(c if c.isascii() else _LATIN.get(c, "?") for c in string)


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
