"""Jekyll 4.3.1's own filters (``jekyll/filters.rb``, ``filters/url_filters.rb``,
``filters/date_filters.rb``, ``filters/grouping_filters.rb``), Jekyll's filters.rb and filters/*.rb."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import random
import re
import unicodedata
from functools import cmp_to_key
from typing import TYPE_CHECKING, Any, Callable

from liquid import Undefined
from liquid.builtin.expressions import BooleanExpression, FilteredExpression
from liquid.exceptions import LiquidError, LiquidSyntaxError
from liquid.filter import with_context
from liquid.stream import TokenStream
from liquid.token import Token

from liquidpage.expressions import rubify, ruby_tokenize
from liquidpage import ruby
from liquidpage.filters import RubyError, _arg_error, _to_integer, _tz, site_of, spaceship, to_date
from liquidpage.ruby import inspect as rb_inspect
from liquidpage.ruby import is_array, is_hash, nil, to_s

if TYPE_CHECKING:  # pragma: no cover
    from liquid import RenderContext

# -- URLs (Jekyll's filters/url_filters.rb URLFilters) -------------------------------------------------------------------------------------

_UNRESERVED = "A-Za-z0-9\\-._~"
_SUB_DELIMS = "!$&'()*+,;="
_RESERVED = ":/?#\\[\\]@" + _SUB_DELIMS
_PCHAR_RE = re.compile(f"[^{_UNRESERVED}{_SUB_DELIMS}:@]")
_FRAGMENT_RE = re.compile(f"[^{_UNRESERVED}{_SUB_DELIMS}:@/?]")
_QUERY_RE = re.compile(r"[^a-zA-Z0-9\-._~!$'()*+,=:@/?%]|%(?!2B|2b)")
_COMPONENT_RE = re.compile(f"[^{_RESERVED}{_UNRESERVED}]")
_ESCAPE_RE = re.compile(r"%[0-9A-Fa-f]{2}")
_URI_RE = re.compile(r"\A(?:([A-Za-z][A-Za-z0-9+\-.]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?\Z", re.S)
_SCHEME_RE = re.compile(r"\A[A-Za-z][A-Za-z0-9+\-.]*:")


def _unencode(text: str, leave: str = "") -> str:
    """Addressable ``unencode_component``: decode every valid ``%XX`` (except ``leave``)."""
    def repl(m: re.Match[str]) -> str:
        return m.group(0) if leave and m.group(0).upper() == leave else f"\x00{m.group(0)[1:]}"

    marked = _ESCAPE_RE.sub(repl, text)
    if "\x00" not in marked:
        return text
    out = bytearray()
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == "\x00":
            out.append(int(marked[i + 1:i + 3], 16))
            i += 3
        else:
            out.extend(ch.encode())
            i += 1
    return out.decode("utf-8", errors="replace")


def _encode(text: str, unsafe: re.Pattern[str]) -> str:
    return unsafe.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), text)


def normalize_component(text: str, unsafe: re.Pattern[str] = _COMPONENT_RE, leave: str = "") -> str:
    """Addressable ``URI.normalize_component``: decode, NFKC, re-encode what ``unsafe`` matches."""
    return _encode(unicodedata.normalize("NFKC", _unencode(text, leave)), unsafe)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4 (Addressable ``URI.normalize_path``)."""
    if "." not in path:
        return path
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./") or path == "/.":
            path = "/" + path[3:]
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            index = path.find("/", 1)
            index = len(path) if index < 0 else index
            out.append(path[:index])
            path = path[index:]
    return "".join(out)


def _idna_host(authority: str) -> str:
    """Addressable ``normalized_host``'s ``IDNA.to_ascii`` (idna/pure.rb): each non-ASCII label of
    the host becomes ``xn--`` + the Punycode of its NFKC form (userinfo and port kept)."""
    if authority.isascii():
        return authority
    userinfo, at, hostport = authority.rpartition("@")
    port = re.search(r":\d*\Z", hostport)
    host = hostport[: port.start()] if port else hostport
    labels = [label if label.isascii() else
              "xn--" + unicodedata.normalize("NFKC", label).encode("punycode").decode("ascii")
              for label in host.split(".")]
    return userinfo + at + ".".join(labels) + (port.group(0) if port else "")


@functools.lru_cache(maxsize=8192)
def normalize_uri(text: str) -> str:
    """Addressable ``URI.parse(text).normalize.to_s`` for the URLs Jekyll builds (a pure function
    of the text, cached: ``relative_url`` runs it for every link of every page, as Jekyll's
    url_filters.rb caches ``relative_url`` by input)."""
    match = _URI_RE.match(text)
    if not match:
        return text
    scheme, authority, path, query, fragment = match.groups()
    path = "/".join(normalize_component(seg, _PCHAR_RE) for seg in path.strip().split("/"))
    path = _remove_dot_segments(path)
    out = ""
    if scheme is not None:
        scheme = scheme.lower()
        out += scheme + ":"
    if authority is not None:
        host = _idna_host(authority.lower())
        if scheme == "http" and host.endswith(":80") or scheme == "https" and host.endswith(":443"):
            host = host.rsplit(":", 1)[0]
        out += "//" + host
        if path == "" and scheme in ("http", "https", "ftp", "tftp"):
            path = "/"
    out += path
    if query is not None:
        query = "&".join(normalize_component(p, _QUERY_RE, "%2B") for p in query.split("&"))
        if query != "":
            out += "?" + query
    if fragment is not None:
        out += "#" + normalize_component(fragment, _FRAGMENT_RE)
    return out


def _url_of(value: Any) -> Any:
    """``input.url if input.respond_to?(:url)``: drops (not plain hashes) expose ``url``."""
    if is_hash(value) and not isinstance(value, dict):
        try:
            return value["url"]
        except (KeyError, TypeError):
            return value
    return value


def _is_absolute(value: Any) -> bool:
    return bool(_SCHEME_RE.match(to_s(value)))


def _ensure_leading_slash(text: str) -> str:
    return text if text == "" or text.startswith("/") else "/" + text


def _compute_relative_url(value: Any, config: Any) -> Any:
    value = _url_of(value)
    if _is_absolute(value):
        return value
    baseurl = nil(config.get("baseurl"))
    base = "" if baseurl is None else to_s(baseurl)
    if base.endswith("/"):
        base = base[:-1]
    return normalize_uri(_ensure_leading_slash(base) + _ensure_leading_slash(to_s(value)))


@with_context
def relative_url(value: Any, *, context: RenderContext) -> Any:
    """``relative_url`` (Jekyll's filters/url_filters.rb URLFilters#relative_url)."""
    value = nil(value)
    if value is None:
        return None
    return _compute_relative_url(value, site_of(context).config)


@with_context
def absolute_url(value: Any, *, context: RenderContext) -> Any:
    """``absolute_url`` (Jekyll's filters/url_filters.rb URLFilters#absolute_url): a trailing ``/`` of ``url`` is kept."""
    value = nil(value)
    if value is None:
        return None
    config = site_of(context).config
    value = _url_of(value)
    if _is_absolute(value):
        return value
    site_url = nil(config.get("url"))
    relative = _compute_relative_url(value, config)
    if site_url is None or site_url == "":
        return relative
    return normalize_uri(to_s(site_url) + to_s(relative))


def strip_index(value: Any) -> Any:
    """``strip_index`` (Jekyll's filters/url_filters.rb URLFilters#strip_index)."""
    value = nil(value)
    if value is None or to_s(value) == "":
        return None
    if not isinstance(value, str):
        raise _arg_error(ruby.no_method("sub", value))
    return re.sub(r"/index\.html?$", "/", value, count=1, flags=re.M)


# -- Dates (Jekyll's filters/date_filters.rb DateFilters) --------------------------------------------------------------------------------------


def _time(value: Any, context: RenderContext) -> dt.datetime:
    when = to_date(value, context)
    if when is None:
        raise RubyError(f"Invalid Date: '{rb_inspect(value)}' is not a valid datetime.", token=None)
    return ruby.to_local(when, _tz(context))


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _stringify_date(value: Any, month: str, kind: Any, style: Any, context: RenderContext) -> Any:
    value = nil(value)
    if to_s(value) == "":
        return value
    when = _time(value, context)
    if nil(kind) == "ordinal":
        day = f"{when.day}{_ordinal(when.day)}"
        if nil(style) == "US":
            return ruby.strftime(when, f"{month} {day}, %Y")
        return ruby.strftime(when, f"{day} {month} %Y")
    return ruby.strftime(when, f"%d {month} %Y")


@with_context
def date_to_string(value: Any, kind: Any = None, style: Any = None, *, context: RenderContext) -> Any:
    return _stringify_date(value, "%b", kind, style, context)


@with_context
def date_to_long_string(value: Any, kind: Any = None, style: Any = None, *, context: RenderContext) -> Any:
    return _stringify_date(value, "%B", kind, style, context)


@with_context
def date_to_xmlschema(value: Any, *, context: RenderContext) -> Any:
    value = nil(value)
    if to_s(value) == "":
        return value
    when = _time(value, context)
    text = ruby.strftime(when, "%Y-%m-%dT%H:%M:%S%:z")
    return text


@with_context
def date_to_rfc822(value: Any, *, context: RenderContext) -> Any:
    value = nil(value)
    if to_s(value) == "":
        return value
    return ruby.strftime(_time(value, context), "%a, %d %b %Y %H:%M:%S %z")


# -- Property lookup, where, sort, group (Jekyll's filters.rb Filters#item_property, #where, #sort; filters/grouping_filters.rb) -------------------------------------------

_INTEGER_LIKE = re.compile(r"\A\s*-?\d+\s*\Z")
_FLOAT_LIKE = re.compile(r"\A\s*-?(?:\d+\.?\d*|\.\d+)\s*\Z")


def parse_sort_input(value: Any) -> Any:
    """``parse_sort_input``: numeric-looking values become Integer or Float."""
    text = to_s(value)
    if _INTEGER_LIKE.match(text):
        return ruby.str_to_i(text)
    if _FLOAT_LIKE.match(text):
        return float(text.strip())
    return value


def _index(obj: Any, key: str) -> Any:
    """Ruby ``obj[key]`` with a String key."""
    obj = nil(obj)
    if is_hash(obj):
        try:
            return nil(obj[key])
        except (KeyError, TypeError):
            return None
    if isinstance(obj, str):
        return key if key in obj else None
    if is_array(obj) or isinstance(obj, int) and not isinstance(obj, bool):
        raise RubyError("no implicit conversion of String into Integer", token=None)
    raise RubyError(ruby.no_method("[]", obj), token=None)


def item_property(item: Any, prop: Any) -> Any:
    """``item_property`` (Jekyll's filters.rb Filters#item_property)."""
    key = to_s(prop)
    item = nil(item)
    if "." not in key:
        value = _index(item, key)
    else:
        value = item
        for part in key.split("."):
            value = _index(value, part) if _indexable(value) else False
    return parse_sort_input(value)


def _indexable(value: Any) -> bool:
    return is_hash(value) or isinstance(value, (str, list, tuple)) or (
        isinstance(value, int) and not isinstance(value, bool))


def _is_empty_literal(value: Any) -> bool:
    from liquid.builtin.expressions.primitive import Blank, Empty

    return isinstance(value, (Empty, Blank))


def compare_property_vs_target(prop: Any, target: Any) -> bool:
    """``compare_property_vs_target`` (Jekyll's filters.rb Filters#where)."""
    if target is None:
        return prop is None
    if _is_empty_literal(target):
        return prop == "" or ruby.join(_ruby_array(prop), "") == ""
    target_s = to_s(target)
    if isinstance(prop, str):
        return prop == target_s
    return any(to_s(p) == target_s for p in _ruby_array(prop))


def _ruby_array(value: Any) -> list[Any]:
    """Ruby's ``Array(value)``: nil is ``[]``, a hash its ``[key, value]`` pairs."""
    if value is None:
        return []
    if is_array(value):
        return list(value)
    if is_hash(value):
        return [[k, v] for k, v in value.items()]
    return [value]


def _values(value: Any) -> Any:
    return list(value.values()) if is_hash(value) else value


def _selectable(value: Any) -> bool:
    return is_array(value) or is_hash(value) or isinstance(value, range)


def where(value: Any, prop: Any, target: Any) -> Any:
    """Jekyll's ``where`` (exactly 3 arguments, Jekyll's filters.rb Filters#where)."""
    value, prop, target = nil(value), nil(prop), nil(target)
    if prop in (None, False) or is_array(target) or is_hash(target) or not _selectable(value):
        return value
    return [i for i in _values(value) if compare_property_vs_target(item_property(i, prop), target)]


def find(value: Any, prop: Any, target: Any) -> Any:
    """Jekyll's ``find``: the first ``where`` match or nil."""
    value, prop, target = nil(value), nil(prop), nil(target)
    if prop in (None, False) or is_array(target) or is_hash(target) or not _selectable(value):
        return value
    for item in _values(value):
        if compare_property_vs_target(item_property(item, prop), target):
            return item
    return None


class _Unmatchable:
    """What ``empty``/``blank`` become in ``where_exp`` under Liquid 5.4: equal to nothing (Liquid 5.4's condition.rb Condition, under Jekyll's filters.rb Filters#where_exp)."""

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


_UNMATCHABLE_NAME = "__jekyll_method_literal__"
_LITERAL_OUTSIDE_QUOTES = re.compile(r"(\"[^\"]*\"|'[^']*')|(?<![.\w-])(?:empty|blank)\b")


def _parse_condition(context: RenderContext, expr: Any) -> BooleanExpression:
    text = _LITERAL_OUTSIDE_QUOTES.sub(lambda m: m.group(1) or _UNMATCHABLE_NAME, to_s(expr))
    token = Token("expression", text, 0, text)
    try:
        condition = BooleanExpression.parse(context.env, TokenStream(ruby_tokenize(text, token, "if")))
    except LiquidSyntaxError as err:  # Jekyll parses it while rendering: fatal in every mode
        raise LiquidError(err.message, token=None) from None
    rubify(condition)
    return condition


def _exp_select(value: Any, var: Any, expr: Any, context: RenderContext, first_only: bool) -> Any:
    value = nil(value)
    if not _selectable(value):
        return value
    condition = _parse_condition(context, expr)
    name = to_s(var)
    out = []
    for item in _values(value):
        with context.extend({name: item, _UNMATCHABLE_NAME: _Unmatchable()}):
            if condition.evaluate(context):
                if first_only:
                    return item
                out.append(item)
    return None if first_only else out


@with_context
def where_exp(value: Any, var: Any, expr: Any, *, context: RenderContext) -> Any:
    """``where_exp`` (Jekyll's filters.rb Filters#where_exp)."""
    return _exp_select(value, var, expr, context, False)


@with_context
def find_exp(value: Any, var: Any, expr: Any, *, context: RenderContext) -> Any:
    return _exp_select(value, var, expr, context, True)


def _grouped(groups: dict[Any, list[Any]], names: dict[Any, Any]) -> list[dict[str, Any]]:
    return [{"name": names[key], "items": items, "size": len(items)} for key, items in groups.items()]


def _group_key(value: Any) -> Any:
    try:
        hash(value)
        return (type(value).__name__, value)
    except TypeError:
        return ("repr", rb_inspect(value))


def group_by(value: Any, prop: Any) -> Any:
    """``group_by`` (Jekyll's filters/grouping_filters.rb GroupingFilters#group_by): the group name is the stringified Jekyll's filters.rb Filters#item_property value."""
    value = nil(value)
    if not _selectable(value):
        return value
    groups: dict[Any, list[Any]] = {}
    names: dict[Any, Any] = {}
    items = list(value.items()) if is_hash(value) else list(value)
    for item in items:
        name = to_s(item_property(list(item) if isinstance(item, tuple) else item, prop))
        groups.setdefault(name, []).append(item)
        names[name] = name
    return _grouped(groups, names)


@with_context
def group_by_exp(value: Any, var: Any, expr: Any, *, context: RenderContext) -> Any:
    """``group_by_exp`` (Jekyll's filters/grouping_filters.rb GroupingFilters#group_by_exp): the name is the evaluated value, not stringified."""
    value = nil(value)
    if not _selectable(value):
        return value
    text = to_s(expr)
    token = Token("expression", text, 0, text)
    parsed = FilteredExpression.parse(context.env, TokenStream(ruby_tokenize(text, token, "output")))
    rubify(parsed)
    groups: dict[Any, list[Any]] = {}
    names: dict[Any, Any] = {}
    name_var = to_s(var)
    for item in (list(value.values()) if is_hash(value) else list(value)):
        with context.extend({name_var: item}):
            result = nil(parsed.evaluate(context))
        key = _group_key(result)
        groups.setdefault(key, []).append(item)
        names.setdefault(key, result)
    return _grouped(groups, names)


def _native_sort(items: list[Any]) -> list[Any]:
    """Ruby ``Array#sort``; an incomparable pair is reported in input order."""

    def compare(a: tuple[int, Any], b: tuple[int, Any]) -> int:
        result = spaceship(a[1], b[1])
        if result is None:
            first, second = (a, b) if a[0] < b[0] else (b, a)
            raise _arg_error(ruby.cmp_failed(first[1], second[1]))
        return result

    return [item for _, item in sorted(enumerate(items), key=cmp_to_key(compare))]




def sort(value: Any, prop: Any = None, nils: Any = "first") -> Any:
    """Jekyll's ``sort`` (Jekyll's filters.rb Filters#sort)."""
    value, prop = nil(value), nil(prop)
    if value is None:
        raise _arg_error("Cannot sort a null object.")
    if prop is None:
        if is_hash(value):
            return _native_sort([[k, v] for k, v in value.items()])
        if not is_array(value):
            raise _arg_error(ruby.no_method("sort", value))
        return _native_sort([nil(v) for v in value])
    nils_s = nil(nils)
    if nils_s == "first":
        order = -1
    elif nils_s == "last":
        order = 1
    else:
        raise _arg_error(f"Invalid nils order: '{to_s(nils_s)}' is not a valid nils order. "
                         "It must be 'first' or 'last'.")
    pairs = [(item_property(item, prop), item) for item in _values(value)]

    def compare(a_info: tuple[Any, Any], b_info: tuple[Any, Any]) -> int:
        a, b = a_info[0], b_info[0]
        if a is not None and b is None:
            return -order
        if a is None and b is not None:
            return order
        result = spaceship(a, b)
        if result is None:
            sa, sb = to_s(a).encode(), to_s(b).encode()
            return (sa > sb) - (sa < sb)
        return result

    return [item for _, item in sorted(pairs, key=cmp_to_key(compare))]


# -- Array helpers (Jekyll's filters.rb Filters (sort, push, pop, shift, unshift, sample)) ------------------------------------------------------------------------------


def push(value: Any, item: Any) -> Any:
    value = nil(value)
    return [*value, nil(item)] if is_array(value) else value


def unshift(value: Any, item: Any) -> Any:
    value = nil(value)
    return [nil(item), *value] if is_array(value) else value


def pop(value: Any, num: Any = 1) -> Any:
    value = nil(value)
    if not is_array(value):
        return value
    count = _to_integer(num)
    if count < 0:
        raise _arg_error("negative array size")
    return list(value)[:max(len(value) - count, 0)]


def shift(value: Any, num: Any = 1) -> Any:
    value = nil(value)
    if not is_array(value):
        return value
    count = _to_integer(num)
    if count < 0:
        raise _arg_error("negative array size")
    return list(value)[count:]


def sample(value: Any, num: Any = 1) -> Any:
    value = nil(value)
    if not is_array(value):
        return value
    try:
        count = _to_integer(num)
    except RubyError:
        count = 1
    if count == 1:
        return random.choice(value) if value else None
    return random.sample(list(value), min(max(count, 0), len(value)))


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    """``array_to_sentence_string`` (Jekyll's filters.rb Filters#array_to_sentence_string)."""
    value = nil(value)
    conn = to_s(connector)
    if isinstance(value, str) and len(value) <= 2:
        items: list[Any] = list(value)  # String#length and String#[] (a 3+ string is fatal below)
    elif is_hash(value) and len(value) <= 2:
        items = [value.get(0)] * len(value)  # Hash#[0]
    elif not is_array(value):
        method = "join" if isinstance(value, str) or is_hash(value) else "length"
        raise _arg_error(ruby.no_method(method, value[:-1] if isinstance(value, str) else None))
    else:
        items = list(value)
    if not items:
        return ""
    if len(items) == 1:
        return _interp(items[0])
    if len(items) == 2:
        return f"{_interp(items[0])} {conn} {_interp(items[1])}"
    return f"{ruby.join(items[:-1], ', ')}, {conn} {_interp(items[-1])}"


def _interp(value: Any) -> str:
    """Ruby string interpolation: ``to_s``, where arrays and hashes print as ``inspect``."""
    value = nil(value)
    if is_array(value):
        return rb_inspect(value)
    return to_s(value)


def to_integer(value: Any) -> int:
    """``to_integer`` (Jekyll's filters.rb Filters#to_integer)."""
    value = nil(value)
    if value is True:
        return 1
    if value is False:
        return 0
    try:
        return ruby.to_i(value)
    except TypeError as exc:
        raise _arg_error(str(exc)) from None
    except ruby.FloatDomainError as exc:
        raise _arg_error(str(exc)) from None


# -- String helpers (Jekyll's filters.rb Filters (string helpers)) -----------------------------------------------------------------------------

def slugify(value: Any, mode: Any = None) -> Any:
    value = nil(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _arg_error(ruby.no_method("gsub", value))
    from liquidpage.slug import slugify as jekyll_slugify

    return jekyll_slugify(value, nil(mode) if isinstance(nil(mode), str) or nil(mode) is None else to_s(mode))


_XML_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}


def xml_escape(value: Any) -> str:
    return re.sub(r"[&<>\"']", lambda m: _XML_ESCAPE[m.group(0)], to_s(value))


def cgi_escape(value: Any) -> str:
    value = nil(value)
    if not isinstance(value, str):
        raise _arg_error(f"no implicit conversion of {'nil' if value is None else ruby.class_name(value)} into String")
    from urllib.parse import quote_plus

    return quote_plus(value, safe="~")


def uri_escape(value: Any) -> Any:
    value = nil(value)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _arg_error(f"Can't convert {ruby.class_name(value)} into String.")
    return normalize_component(value)


def normalize_whitespace(value: Any) -> str:
    return re.sub(r"[ \t\n\v\f\r]+", " ", to_s(value)).strip(" ")


_CJK = r"\p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}"


def number_of_words(value: Any, mode: Any = None) -> int:
    """``number_of_words`` (Jekyll's filters.rb Filters#number_of_words) with the ``cjk`` and ``auto`` modes."""
    import regex

    value = nil(value)
    if not isinstance(value, str):
        raise _arg_error(ruby.no_method("split", value))
    mode = nil(mode)
    cjk = len(regex.findall(f"[{_CJK}]", value))
    words = len(regex.findall(f"[^{_CJK}\\s]+", value))
    if mode == "cjk":
        return cjk + words
    if mode == "auto" and cjk:
        return cjk + words
    return len(re.findall(r"[^ \t\n\v\f\r]+", value))


def _converted(convert: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """A converter's result; its error becomes a filter error, so the message points at the
    filter in the template (Jekyll reports it as a Liquid exception of the page)."""
    from liquidpage.errors import LiquidpageError

    try:
        return convert(*args, **kwargs)
    except LiquidpageError as err:
        raise _arg_error(err.message) from None


@with_context
def markdownify(value: Any, *, context: RenderContext) -> str:
    return _converted(site_of(context).markdown.convert, to_s(value))


@with_context
def smartify(value: Any, *, context: Any) -> str:
    """``smartify``: kramdown's SmartyPants with the site's kramdown options (Jekyll's filters.rb Filters#smartify)."""
    return site_of(context).markdown.smartify(to_s(value))  # type: ignore[no-any-return]


def _sass_filter(value: Any, context: Any, syntax: str) -> str:
    from liquidpage.sass import compile_string

    site = site_of(context)
    if getattr(site, "_tracker", None) is not None:  # @import reads files no dependency names:
        site._tracker.record(("vol",))  # render on every build (liquidpage/incremental.py)
    return _converted(compile_string, to_s(value), syntax=syntax, source=site.source, config=site.config)


@with_context
def sassify(value: Any, *, context: Any) -> str:
    """``sassify``: indented Sass through LibSass with the site's settings, no map (Jekyll's filters.rb Filters#sassify, Filters#scssify)."""
    return _sass_filter(value, context, "sass")


@with_context
def scssify(value: Any, *, context: Any) -> str:
    """``scssify``: SCSS through LibSass with the site's settings, no map (Jekyll's filters.rb Filters#sassify, Filters#scssify)."""
    return _sass_filter(value, context, "scss")


def as_liquid(value: Any) -> Any:
    """Jekyll ``as_liquid``: plain hashes and arrays are rebuilt; drops stay drops (``to_liquid`` is self)."""
    value = nil(value)
    if isinstance(value, dict):
        return {k if isinstance(k, str) else to_s(k): as_liquid(v) for k, v in value.items()}
    if is_array(value):
        return [as_liquid(v) for v in value]
    return value


def _json(value: Any, depth: int = 0) -> str:
    """Ruby ``JSON.generate``; ``depth`` counts the enclosing arrays and objects (``state.depth``)."""
    value = nil(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _arg_error(f"{ruby.float_to_s(value)} not allowed in JSON")
        return ruby.float_to_s(value)
    if isinstance(value, str):
        # Ruby's JSON 2.6 (script_safe off) keeps U+2028/U+2029 as they are.
        return json.dumps(value, ensure_ascii=False)
    if is_array(value):
        return "[" + ",".join(_json(v, depth + 1) for v in value) + "]"
    if is_hash(value):
        hash_for_json = getattr(value, "hash_for_json", None)
        items = hash_for_json(depth).items() if callable(hash_for_json) else value.items()
        return "{" + ",".join(f"{_json(to_s(k))}:{_json(v, depth + 1)}" for k, v in items) + "}"
    return json.dumps(to_s(value), ensure_ascii=False)


def jsonify(value: Any) -> str:
    """``jsonify`` (Jekyll's filters.rb Filters#jsonify): Ruby JSON, compact, non-ASCII kept; document drops collapse
    ``previous``/``next`` from depth 2 (``DocumentDrop#hash_for_json``)."""
    return _json(as_liquid(value))


def inspect(value: Any) -> str:
    """``inspect``: Ruby inspect, then ``xml_escape``."""
    return xml_escape(rb_inspect(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "relative_url": relative_url, "absolute_url": absolute_url, "strip_index": strip_index,
    "date_to_xmlschema": date_to_xmlschema, "date_to_rfc822": date_to_rfc822,
    "date_to_string": date_to_string, "date_to_long_string": date_to_long_string,
    "where": where, "where_exp": where_exp, "find": find, "find_exp": find_exp,
    "group_by": group_by, "group_by_exp": group_by_exp, "sort": sort, "jsonify": jsonify,
    "slugify": slugify, "xml_escape": xml_escape, "cgi_escape": cgi_escape,
    "uri_escape": uri_escape, "number_of_words": number_of_words,
    "array_to_sentence_string": array_to_sentence_string, "markdownify": markdownify,
    "smartify": smartify, "sassify": sassify, "scssify": scssify,
    "normalize_whitespace": normalize_whitespace, "to_integer": to_integer, "push": push,
    "pop": pop, "shift": shift, "unshift": unshift, "sample": sample, "inspect": inspect,
}

__all__ = ["FILTERS", "item_property", "normalize_uri", "Undefined"]
