"""Pure parts of Jekyll documents: filenames, dates, slugs, categories, URLs, ids, sort, excerpts."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from liquidpage.defaults import deep_merge_hashes_in_place
from liquidpage.errors import FrontMatterError, LiquidpageError, display_path, find_line, location_of_line
from liquidpage.ruby import time_parse
from liquidpage.slug import slugify
from liquidpage.urls import ruby_dirname, ruby_join

logger = logging.getLogger("liquidpage")

# document.rb: DATE_FILENAME_MATCHER / DATELESS_FILENAME_MATCHER (Ruby's \d is ASCII).
DATE_FILENAME_MATCHER = re.compile(
    r"^(?>.+/)*?([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-([^/]*)(\.[^.]+)$"
)
DATELESS_FILENAME_MATCHER = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")
# excerpt.rb
LIQUID_TAG_REGEX = re.compile(r"{%-?\s*(\w+)\s*.*?-?%}", re.S | re.A)
MKDWN_LINK_REF_REGEX = re.compile(r"^ {0,3}(?:(\[[^\]]+\])(:.+))$", re.M)
# Block tags of Liquid 5.4 plus Jekyll's highlight (``Liquid::Template.tags`` that are Blocks).
LIQUID_BLOCK_TAGS = frozenset(
    "capture case comment for if ifchanged raw tablerow unless highlight".split()
)
_TRAILING_DOTS = re.compile(r"\.*\Z")

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


class InvalidDateError(LiquidpageError):
    """A date that Ruby's ``Time.parse`` rejects (Jekyll's ``Errors::InvalidDateError``)."""


# ---------------------------------------------------------------------------------------------
# Dates (Jekyll's document.rb Document#read)

def ruby_time_to_s(value: dt.datetime) -> str:
    """A Ruby ``Time#to_s`` of an aware datetime (``… UTC`` for YAML ``Z`` times)."""
    if value.tzinfo is dt.timezone.utc:
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M:%S %z")


def parse_date(value: Any, tz: dt.tzinfo, message: str = "Input could not be parsed.") -> dt.datetime:
    """``Utils.parse_date``: ``Time.parse(value.to_s).localtime`` (jekyll/utils.rb).

    YAML times lose their sub-second part, as in the ``to_s`` round trip; strings go through
    ``ruby.time_parse`` (Ruby's ``Time.parse``), where a zone-less time is local.
    """
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=tz)
        return aware.replace(microsecond=0).astimezone(tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    text = "" if value is None else ruby_to_s(value)
    try:
        parsed = time_parse(text, tz, dt.datetime.now(tz))
    except ValueError as err:  # ruby.TimeParseError: no time information / out of range
        raise InvalidDateError(f"Invalid date '{text}': {message}") from err
    return parsed.astimezone(tz)


# ---------------------------------------------------------------------------------------------
# Filenames, title, slug (Jekyll's readers/post_reader.rb PostReader#read_posts, Jekyll's document.rb Document#read)

def parse_post_filename(relative_path: str) -> tuple[str, str, str] | None:
    """``(date, slug, ext)`` if the path matches ``DATE_FILENAME_MATCHER``, else None."""
    match = DATE_FILENAME_MATCHER.match(relative_path)
    return (match.group(1), match.group(2), match.group(3)) if match else None


def is_dated_filename(relative_path: str) -> bool:
    """True when a file under ``_posts`` is a post (Jekyll's readers/post_reader.rb PostReader#read_posts)."""
    return DATE_FILENAME_MATCHER.match(relative_path) is not None


def titleize_slug(slug: str) -> str:
    """``Utils.titleize_slug``: split on ``-`` (Ruby drops trailing empties), capitalize, join."""
    parts = slug.split("-")
    while parts and not parts[-1]:
        parts.pop()
    return " ".join(p[:1].upper() + p[1:].lower() for p in parts)


def basename_without_ext(path: str) -> str:
    """Ruby's ``File.basename(path, ".*")``."""
    from liquidpage.urls import extname

    name = path.rpartition("/")[2]
    ext = extname(name)
    return name[: len(name) - len(ext)] if ext else name


def populate_title(
    data: dict[str, Any], relative_path: str, site_time: dt.datetime, tz: dt.tzinfo
) -> None:
    """``Document#populate_title``: date from the filename, then ``title``/``slug``/``ext``."""
    parsed = parse_post_filename(relative_path)
    ext: str | None
    if parsed:
        date, slug, ext = parsed
        current = data.get("date")
        if falsy(current) or _to_i(current) == _to_i(site_time):
            data["date"] = parse_date(date, tz, f"Document '{relative_path}' does not have a "
                                      "valid date in the filename.")
    else:
        match = DATELESS_FILENAME_MATCHER.match(relative_path)
        slug, ext = (match.group(1), match.group(2)) if match else (None, None)
    if slug is None:
        slug = basename_without_ext(relative_path)
    slug = _TRAILING_DOTS.sub("", slug)
    if falsy(data.get("title")):
        data["title"] = titleize_slug(slug)
    if falsy(data.get("slug")):
        data["slug"] = slug
    if falsy(data.get("ext")):
        data["ext"] = ext


def falsy(value: Any) -> bool:
    """Ruby truthiness: only nil and false are false."""
    return value is None or value is False


def _to_i(value: Any) -> int | None:
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    return None


# ---------------------------------------------------------------------------------------------
# Categories and tags (Jekyll's document.rb Document#read)

def ruby_to_s(value: Any) -> str:
    """A small Ruby ``to_s`` for front-matter scalars."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return ruby_time_to_s(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text:
            mantissa, _, exp = text.partition("e")
            if "." not in mantissa:
                mantissa += ".0"
            return f"{mantissa}e{'+' if not exp.startswith('-') else '-'}{exp.lstrip('+-').zfill(2)}"
        return text
    return str(value)


def categories_from_path(relative_path: str, special_dir: str) -> list[str]:
    """``Document#categories_from_path``: the folders above ``_posts`` (or ``_drafts``)."""
    if relative_path.startswith(special_dir):
        return []
    superdirs = re.sub(re.escape(special_dir) + ".*", "", relative_path, count=1)
    name = relative_path.rpartition("/")[2]
    return [c for c in superdirs.split("/") if c and c != special_dir and c != name]


def merge_data(data: dict[str, Any], other: Mapping[str, Any], *, relative_path: str,
               tz: dt.tzinfo, source: str = "YAML front matter") -> dict[str, Any]:
    """``Document#merge_data!``: categories union, deep merge, date re-parse."""
    other = dict(other)
    cats = other.get("categories")
    if "categories" in other and cats is not None:
        if isinstance(cats, str):
            cats = cats.split()
        if isinstance(data.get("categories"), list):
            if not isinstance(cats, list):
                # Ruby's Array#| (TypeError in Document#merge_categories!).
                from liquidpage.ruby import class_name

                raise FrontMatterError(f"no implicit conversion of {class_name(cats)} into Array")
            cats = _union(data["categories"], cats)
        other["categories"] = cats
    deep_merge_hashes_in_place(data, other)
    if "date" in data:
        data["date"] = parse_date(data["date"], tz, f"Document '{relative_path}' does not have "
                                  f"a valid date in the {source}.")
    return data


def check_permalink(data: Mapping[str, Any], path: str | os.PathLike[str], config: Mapping[str, Any]) -> None:
    """A ``permalink`` that is set but not a string: Jekyll calls String methods on it
    (``end_with?`` for a page, ``gsub`` for a document: NoMethodError, fatal)."""
    value = data.get("permalink")
    if value is None or value is False or isinstance(value, str):
        return
    from liquidpage.ruby import class_name, inspect

    message = f"Invalid permalink: it must be a string, not {inspect(value)}:{class_name(value)}"
    line = find_line(path, r"^permalink[ \t]*:")
    if line == 1:  # not in the front matter: from `defaults`
        from liquidpage.config import key_location

        raise FrontMatterError(message + f" (from the defaults for {display_path(path)})",
                               key_location(config, "defaults"))
    raise FrontMatterError(message, location_of_line(path, line))


def _union(first: Sequence[Any], second: Sequence[Any]) -> list[Any]:
    """Ruby's ``Array#|``: order-preserving union without duplicates."""
    out: list[Any] = []
    seen: list[Any] = []
    for item in (*first, *second):
        if item not in seen:
            seen.append(item)
            out.append(item)
    return out


def pluralized_array_from_hash(data: Mapping[str, Any], singular: str, plural: str) -> list[Any]:
    """``Utils.pluralized_array_from_hash``: the singular key wins; a plural string is split."""
    value: Any = data.get(singular) if singular in data else None
    if value is None and plural in data:
        plural_value = data[plural]
        if isinstance(plural_value, str):
            value = plural_value.split()
        elif isinstance(plural_value, list):
            value = [v for v in plural_value if v is not None]
    return [v for v in _flatten([value]) if v is not None]


def _flatten(items: Sequence[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def _array(value: Any) -> list[Any]:
    """Ruby's ``Array(value)``."""
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        return [[k, v] for k, v in value.items()]
    return [value]


def populate_categories(data: dict[str, Any], *, relative_path: str, tz: dt.tzinfo) -> None:
    """``Document#populate_categories``: existing + ``category``/``categories``, stringified, uniq."""
    categories = _array(data.get("categories")) + pluralized_array_from_hash(
        data, "category", "categories")
    strings = [_inspect_to_s(c) for c in categories]
    merge_data(data, {"categories": list(dict.fromkeys(strings))},
               relative_path=relative_path, tz=tz)


def _inspect_to_s(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inspect(v) for v in value) + "]"
    return ruby_to_s(value)


def _inspect(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "nil"
    return _inspect_to_s(value)


def populate_tags(data: dict[str, Any], *, relative_path: str, tz: dt.tzinfo) -> None:
    """``Document#populate_tags``: ``tag`` wins over ``tags``; a string is split on whitespace."""
    merge_data(data, {"tags": pluralized_array_from_hash(data, "tag", "tags")},
               relative_path=relative_path, tz=tz)


def read_document_data(
    *,
    relative_path: str,
    label: str,
    defaults: Mapping[str, Any],
    front_matter: Mapping[str, Any] | None,
    site_time: dt.datetime,
    tz: dt.tzinfo,
    draft: bool = False,
    path: str | os.PathLike[str] | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """The data of a document as ``Document#initialize`` + ``#read`` build it (Jekyll's document.rb Document#read).

    ``front_matter`` is None when its YAML failed: then nothing is derived from the filename.
    A front matter Jekyll cannot merge (``categories: 5``: TypeError in ``merge_data!``) is
    ``Document#handle_read_error``: logged with the file, the document keeps the data it had
    before its front matter (unless ``strict_front_matter``: a FrontMatterError at the key).
    """
    # Document#initialize calls draft? first: every document's data starts with "draft".
    data: dict[str, Any] = {"draft": draft}
    special = "_drafts" if draft else "_" + label
    merge_data(data, {"categories": categories_from_path(relative_path, special)},
               relative_path=relative_path, tz=tz, source="file path")
    if defaults:
        merge_data(data, defaults, relative_path=relative_path, tz=tz,
                   source="front matter defaults")
    if front_matter is None:
        return data
    if front_matter:
        try:
            # merge_data raises before it changes anything, as merge_categories! does.
            merge_data(data, front_matter, relative_path=relative_path, tz=tz)
        except FrontMatterError as err:
            shown = display_path(path) if path is not None else relative_path
            if path is not None:
                err.location = location_of_line(path, find_line(path, r"^categories[ \t]*:"))
            if strict:
                raise
            logger.error("%s", LiquidpageError(f"Error: could not read file {shown}: {err.message}",
                                               err.location).format())
            return data
    populate_title(data, relative_path, site_time, tz)
    populate_categories(data, relative_path=relative_path, tz=tz)
    populate_tags(data, relative_path=relative_path, tz=tz)
    return data


def is_draft(relative_path: str, label: str) -> bool:
    """``Document#draft?``: a posts document whose path has no ``_posts``."""
    return label == "posts" and "_posts" not in relative_path


# ---------------------------------------------------------------------------------------------
# URLs and ids (Jekyll's url.rb URL#generate_url_from_drop, drops/url_drop.rb, Jekyll's document.rb Document#id, page.rb Page#dir, Page#path)

def strftime(date: dt.datetime, directive: str) -> str:
    """The few ``strftime`` directives URL placeholders use, locale-independent (C locale)."""
    if directive == "a":
        return _DAY_NAMES[date.weekday()][:3]
    if directive == "A":
        return _DAY_NAMES[date.weekday()]
    if directive == "b":
        return _MONTH_NAMES[date.month - 1][:3]
    if directive == "B":
        return _MONTH_NAMES[date.month - 1]
    if directive == "-d":
        return str(date.day)
    if directive == "-m":
        return str(date.month)
    return date.strftime("%" + directive)


_DATE_PLACEHOLDERS = {
    "year": "Y", "month": "m", "day": "d", "hour": "H", "minute": "M", "second": "S",
    "i_day": "-d", "i_month": "-m", "short_month": "b", "long_month": "B", "short_year": "y",
    "w_year": "G", "week": "V", "w_day": "u", "short_day": "a", "long_day": "A", "y_day": "j",
}
_OTHER_PLACEHOLDERS = ("output_ext", "path", "collection", "name", "title", "slug",
                       "categories", "slugified_categories")


class UrlPlaceholders(Mapping[str, Any]):
    """Jekyll's ``Drops::UrlDrop`` for a document: values computed on demand (Jekyll's url.rb URL#generate_url_from_drop, drops/url_drop.rb)."""

    def __init__(self, *, label: str, relative_path: str, data: Mapping[str, Any],
                 date: dt.datetime, output_ext: str) -> None:
        from liquidpage.urls import extname

        self.label = label
        self.relative_path = relative_path
        self.data = data
        self.date = date
        self.output_ext = output_ext
        ext = extname(relative_path)
        self.basename = basename_without_ext(relative_path)
        cleaned = relative_path[: len(relative_path) - len(ext)] if ext else relative_path
        self.cleaned_relative_path = _TRAILING_DOTS.sub(
            "", cleaned.replace("_" + label, "", 1))

    def __getitem__(self, key: str) -> Any:
        if key in _DATE_PLACEHOLDERS:
            return strftime(self.date, _DATE_PLACEHOLDERS[key])
        if key not in _OTHER_PLACEHOLDERS:
            raise KeyError(key)
        return getattr(self, "_" + key)()

    def __iter__(self) -> Iterator[str]:
        yield from _OTHER_PLACEHOLDERS
        yield from _DATE_PLACEHOLDERS

    def __len__(self) -> int:
        return len(_OTHER_PLACEHOLDERS) + len(_DATE_PLACEHOLDERS)

    def __contains__(self, key: object) -> bool:
        return key in _DATE_PLACEHOLDERS or key in _OTHER_PLACEHOLDERS

    def _output_ext(self) -> str:
        return self.output_ext

    def _path(self) -> str:
        return self.cleaned_relative_path

    def _collection(self) -> str:
        return self.label

    def _name(self) -> str | None:
        return slugify(self.basename)

    def _slug_source(self) -> str | None:
        slug = self.data.get("slug")
        return None if slug is None else ruby_to_s(slug)

    def _title(self) -> str | None:
        return slugify(self._slug_source(), "pretty", True) or slugify(self.basename, "pretty", True)

    def _slug(self) -> str | None:
        return slugify(self._slug_source()) or slugify(self.basename)

    def _categories(self) -> str:
        cats = [ruby_to_s(c).lower() for c in _array(self.data.get("categories"))]
        return "/".join(dict.fromkeys(cats))

    def _slugified_categories(self) -> str:
        cats = [slugify(ruby_to_s(c)) or "" for c in _array(self.data.get("categories"))]
        return "/".join(dict.fromkeys(cats))


def document_id(url: str, data: Mapping[str, Any], relative_path: str) -> str:
    """``Document#id``: URL folder + ``/`` + (``slug`` or basename), unescaped, unslugified."""
    slug = data.get("slug")
    return ruby_join(ruby_dirname(url), ruby_to_s(slug) if slug is not None
                     else basename_without_ext(relative_path))


# ---------------------------------------------------------------------------------------------
# Publishing (Jekyll's publisher.rb Publisher#publish?)

def can_be_published(data: Mapping[str, Any], unpublished: bool) -> bool:
    """``Publisher#can_be_published?``: ``data.fetch("published", true) || unpublished``."""
    value = data["published"] if "published" in data else True
    return bool(value is not None and value is not False) or unpublished


def hidden_in_the_future(date: dt.datetime | None, site_time: dt.datetime, future: bool) -> bool:
    """``Publisher#hidden_in_the_future?`` (seconds, like Ruby's ``to_i``)."""
    if date is None or future:
        return False
    return int(date.timestamp()) > int(site_time.timestamp())


def is_published_flag(data: Mapping[str, Any]) -> bool:
    """``Document#published?``: only an explicit ``published: false`` hides."""
    return not ("published" in data and data["published"] is False)


# ---------------------------------------------------------------------------------------------
# Collection order (Jekyll's site.rb Site#collections, collection.rb)

class SortableDoc(Protocol):
    """What the sort needs from a document."""

    data: Mapping[str, Any]
    path: Any
    relative_path: str


D = TypeVar("D", bound=SortableDoc)


def _ruby_cmp(a: Any, b: Any) -> int | None:
    """Ruby's ``<=>`` for front-matter values; None when not comparable."""
    if a is None or b is None:
        return 0 if a is None and b is None else None
    numbers = (int, float)
    if isinstance(a, bool) or isinstance(b, bool):
        return 0 if a == b else None
    if isinstance(a, numbers) and isinstance(b, numbers):
        return (a > b) - (a < b)
    if type(a) is not type(b) and not (isinstance(a, dt.date) and isinstance(b, dt.date)):
        return None
    try:
        return (a > b) - (a < b)
    except TypeError:
        return None


def doc_cmp(a: SortableDoc, b: SortableDoc) -> int:
    """``Document#<=>``: by ``date``, then by path."""
    cmp = _ruby_cmp(a.data.get("date"), b.data.get("date"))
    if not cmp:
        pa, pb = str(a.path), str(b.path)
        cmp = (pa > pb) - (pa < pb)
    return cmp


def sort_docs(docs: list[D], metadata: Mapping[str, Any], relative_directory: str) -> list[D]:
    """``Collection#sort_docs!``: ``order`` list, else ``sort_by`` key, else date then path."""
    order = metadata.get("order")
    if isinstance(order, list):
        table = {d.relative_path: d for d in sorted(docs, key=functools.cmp_to_key(doc_cmp))}
        custom: dict[str, Any] = {ruby_join(relative_directory, str(e)): None for e in order}
        for key, doc in table.items():
            custom[key] = doc
        return [d for d in custom.values() if d is not None]
    sort_by = metadata.get("sort_by")
    if isinstance(sort_by, str):
        return sorted(docs, key=functools.cmp_to_key(lambda a, b: _by_key(sort_by, a, b)))
    return sorted(docs, key=functools.cmp_to_key(doc_cmp))


def _by_key(key: str, a: SortableDoc, b: SortableDoc) -> int:
    va, vb = a.data.get(key), b.data.get(key)
    if va is None and vb is not None:
        logger.warning("Sort warning: '%s' not defined in %s", key, a.relative_path)
        return 1
    if va is not None and vb is None:
        logger.warning("Sort warning: '%s' not defined in %s", key, b.relative_path)
        return -1
    return _ruby_cmp(va, vb) or doc_cmp(a, b)


# ---------------------------------------------------------------------------------------------
# Excerpts (Jekyll's excerpt.rb Excerpt#extract_excerpt)

def excerpt_separator(data: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    """``excerpt_separator``: front matter, else config; ``to_s``."""
    value = data.get("excerpt_separator")
    if falsy(value):
        value = config.get("excerpt_separator")
    return ruby_to_s(value)


def extract_excerpt(content: str, separator: str, relative_path: str = "") -> str:
    """``Excerpt#extract_excerpt`` (jekyll/excerpt.rb): the excerpt's source text."""
    head, _, tail = (content or "").partition(separator)
    if not tail:
        return head
    if "{%" in head:
        head = _sanctify_liquid_tags(head, separator, relative_path)
    definitions = [
        label + rest for label, rest in MKDWN_LINK_REF_REGEX.findall(tail) if label in head
    ]
    if not definitions:
        return head
    return head + "\n\n" + "\n".join(definitions)


def _sanctify_liquid_tags(head: str, separator: str, relative_path: str) -> str:
    modified = False
    for tag_name in reversed(LIQUID_TAG_REGEX.findall(head)):
        if tag_name not in LIQUID_BLOCK_TAGS:
            continue
        if re.search(r"{%-?\s*end" + re.escape(tag_name) + r".*?\s*-?%}", head, re.S):
            continue
        modified = True
        head += "\n{% end" + tag_name + " %}"
    if modified:
        logger.warning(
            "Warning: Excerpt modified in %s!\n"
            "Found a Liquid block containing the excerpt separator %s.\n"
            "The block has been modified with the appropriate closing tag.\n"
            "Feel free to define a custom excerpt or excerpt_separator in the\n"
            "document's Front Matter if the generated excerpt is unsatisfactory.",
            relative_path, _ruby_inspect_str(separator))
    return head


def _ruby_inspect_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
