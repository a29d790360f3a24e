"""Jekyll's Liquid filters (Jekyll's filters.rb and filters/*.rb) and Ruby-semantics overrides of Liquid's own (docs/liquid.md).

Liquid's standard filters are re-implemented from Ruby Liquid 5.4 ``standardfilters.rb`` so that
values behave as in Ruby (``to_s``, ``to_number``, BigDecimal rounding, ``String#split``);
Jekyll's come from Jekyll 4.3.1 ``filters.rb`` and ``filters/*.rb``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import inspect
import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote_plus, unquote_to_bytes
from zoneinfo import ZoneInfo

from liquid.exceptions import FilterArgumentError, LiquidError, LiquidTypeError
from liquid.filter import with_context

from liquidpage import ruby
from liquidpage.ruby import is_array, is_hash, nil, to_s

if TYPE_CHECKING:  # pragma: no cover
    from liquid import RenderContext

    from liquidpage.environment import JekyllEnvironment

# Filters python-liquid 2.3 has that Ruby Liquid 5.4 (and Jekyll) do not: unknown in Jekyll.
NOT_IN_LIQUID_5_4 = ("find_index", "has", "reject", "sum", "squish", "safe", "escapejs")


class RubyError(FilterArgumentError):
    """A Ruby exception raised inside a filter: fatal in Jekyll (Jekyll's filters.rb and filters/*.rb, Jekyll's liquid_renderer/file.rb File#render!)."""


def _arg_error(message: str) -> RubyError:
    return RubyError(message, token=None)


# -- helpers --------------------------------------------------------------------------------------


def site_of(context: RenderContext) -> Any:
    """The site being rendered, from the render context's registers (Ruby Liquid's
    ``context.registers[:site]``); a template rendered outside a site's renderer (straight
    from the environment) falls back to the environment's site."""
    registers = getattr(context, "tag_namespace", {}).get("registers")
    if registers is not None:
        site = registers.get("site")
        if site is not None:
            return site
    return getattr(context.env, "site", None)


_site = site_of


def _tz(context: RenderContext) -> dt.tzinfo:
    """The local zone Jekyll runs in (``ENV["TZ"]`` set from ``timezone``)."""
    tz = getattr(_site(context), "tz", None)
    if tz is None or tz is dt.timezone.utc:
        return ZoneInfo("UTC")
    return tz


def _now(context: RenderContext) -> dt.datetime:
    site = (getattr(context, "tag_namespace", {}).get("registers") or {}).get("site")
    if site is not None:  # the clock: the page renders again on every build (incremental.py)
        site._tracker.record(("vol",))
    return dt.datetime.now(_tz(context))


def input_iterator(value: Any) -> list[Any]:
    """Ruby Liquid's ``InputIterator``: arrays flattened, a hash is one item, nil is empty."""
    value = nil(value)
    if is_array(value):
        return _flatten(value)
    if is_hash(value):
        return [value]
    if value is None:
        return []
    if isinstance(value, range):
        return list(value)
    return [value]


def _flatten(items: Any) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if is_array(item):
            out.extend(_flatten(item))
        else:
            out.append(nil(item))
    return out


def _ruby_index(obj: Any, key: Any) -> Any:
    """Ruby ``obj[key]`` for a string key, as Liquid's array filters use it."""
    if is_hash(obj):
        try:
            return nil(obj[key])
        except (KeyError, TypeError):
            return None
    if isinstance(obj, str):
        if isinstance(key, str):
            return key if key in obj else None
        raise TypeError("no implicit conversion into Integer")
    if is_array(obj) or isinstance(obj, int):
        raise TypeError("no implicit conversion of String into Integer")
    raise AttributeError("undefined method `[]'")


def _responds_to_index(obj: Any) -> bool:
    return is_hash(obj) or isinstance(obj, (str, int, list, tuple)) and not isinstance(obj, bool)


def _property_error(prop: Any) -> RubyError:
    return _arg_error(f"cannot select the property '{to_s(prop)}'")


def spaceship(left: Any, right: Any) -> int | None:
    """Ruby ``<=>``; None when the values are not comparable."""
    left, right = nil(left), nil(right)
    num = (int, float, Decimal)
    if isinstance(left, bool) or isinstance(right, bool) or left is None or right is None:
        return 0 if left is right else None
    if isinstance(left, num) and isinstance(right, num):
        return (left > right) - (left < right)
    if isinstance(left, str) and isinstance(right, str):
        lb, rb = left.encode(), right.encode()
        return (lb > rb) - (lb < rb)
    if is_array(left) and is_array(right):
        for a, b in zip(left, right):
            result = spaceship(a, b)
            if result != 0:
                return result
        return (len(left) > len(right)) - (len(left) < len(right))
    if isinstance(left, dt.datetime) and isinstance(right, dt.datetime):
        return (left > right) - (left < right)
    if type(left) is dt.date and type(right) is dt.date:
        return (left > right) - (left < right)
    return None


def _sort_values(items: list[Any], compare: Callable[[Any, Any], int]) -> list[Any]:
    from functools import cmp_to_key

    return sorted(items, key=cmp_to_key(compare))


# -- Liquid 5.4 standard filters (standardfilters.rb) ------------------------------------------------


def size(value: Any) -> int:
    """``size``: string/array/hash size, 8 for an Integer, else 0 (L10)."""
    value = nil(value)
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int):
        return 8
    if isinstance(value, (str, list, tuple, Mapping, range)):  # a range: Range#size
        return len(value)
    return 0


def downcase(value: Any) -> str:
    return to_s(value).lower()


def upcase(value: Any) -> str:
    return to_s(value).upper()


def capitalize(value: Any) -> str:
    text = to_s(value)
    return text[:1].upper() + text[1:].lower()


_HTML_ESCAPE = {"&": "&amp;", ">": "&gt;", "<": "&lt;", '"': "&quot;", "'": "&#39;"}
_HTML_ESCAPE_RE = re.compile(r"[&><\"']")
_HTML_ESCAPE_ONCE_RE = re.compile(r"[\"><']|&(?!([a-zA-Z]+|(#\d+));)")


def escape(value: Any) -> str | None:
    """``escape``: CGI.escapeHTML (``'`` → ``&#39;``, L8); nil stays nil."""
    value = nil(value)
    if value is None:
        return None
    return _HTML_ESCAPE_RE.sub(lambda m: _HTML_ESCAPE[m.group(0)], to_s(value))


def escape_once(value: Any) -> str:
    return _HTML_ESCAPE_ONCE_RE.sub(lambda m: _HTML_ESCAPE[m.group(0)[0]], to_s(value))


def url_encode(value: Any) -> str | None:
    """CGI.escape."""
    value = nil(value)
    return None if value is None else quote_plus(to_s(value), safe="~")


def url_decode(value: Any) -> str | None:
    """CGI.unescape; invalid UTF-8 is an error."""
    value = nil(value)
    if value is None:
        return None
    raw = unquote_to_bytes(to_s(value).replace("+", " "))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _arg_error("invalid byte sequence in UTF-8") from None


def base64_encode(value: Any) -> str:
    return base64.b64encode(to_s(value).encode()).decode()


def _b64decode(text: str, altchars: bytes | None, name: str) -> str:
    try:
        if altchars and len(text) % 4 and "=" not in text:
            text += "=" * (-len(text) % 4)
        raw = base64.b64decode(text.encode(), altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        raise _arg_error(f"invalid base64 provided to {name}") from None
    return raw.decode("utf-8", errors="surrogateescape")


def base64_decode(value: Any) -> str:
    return _b64decode(to_s(value), None, "base64_decode")


def base64_url_safe_encode(value: Any) -> str:
    return base64.urlsafe_b64encode(to_s(value).encode()).decode()


def base64_url_safe_decode(value: Any) -> str:
    return _b64decode(to_s(value), b"-_", "base64_url_safe_decode")


def _to_integer(value: Any) -> int:
    try:
        return ruby.strict_integer(nil(value))
    except ValueError:
        raise _arg_error("invalid integer") from None


def _ruby_slice(seq: Any, start: int, length: int) -> Any:
    total = len(seq)
    if start < 0:
        start += total
    if start < 0 or start > total or length < 0:
        return None
    return seq[start:start + length]


def slice_(value: Any, offset: Any, length: Any = None) -> Any:
    offset_i = _to_integer(offset)
    length_i = _to_integer(length) if nil(length) is not None else 1
    value = nil(value)
    if is_array(value):
        return _ruby_slice(list(value), offset_i, length_i) or []
    return _ruby_slice(to_s(value), offset_i, length_i) or ""


def truncate(value: Any, length: Any = 50, ellipsis: Any = "...") -> str | None:
    """``truncate`` (L6): unchanged when it fits; the kept length is clamped at 0."""
    value = nil(value)
    if value is None:
        return None
    text = to_s(value)
    limit = _to_integer(length)
    tail = to_s(ellipsis)
    keep = max(limit - len(tail), 0)
    return text[:keep] + tail if len(text) > limit else text


_AWK_SPACE = " \t\n\v\f\r"
_AWK_SPLIT = re.compile(r"[ \t\n\v\f\r]+")


def _awk_split(text: str, limit: int = 0) -> list[str]:
    """Ruby ``String#split(" ", limit)``: split on ASCII whitespace runs, leading ones ignored."""
    text = text.lstrip(_AWK_SPACE)
    if not text:
        return []
    if limit > 0:
        return _AWK_SPLIT.split(text, maxsplit=limit - 1)
    parts = _AWK_SPLIT.split(text)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def truncatewords(value: Any, words: Any = 15, ellipsis: Any = "...") -> str | None:
    """``truncatewords`` (Liquid 5.4's standardfilters.rb StandardFilters#truncatewords): the input unchanged when not truncated."""
    value = nil(value)
    if value is None:
        return None
    text = to_s(value)
    count = _to_integer(words)
    if count <= 0:
        count = 1
    if count + 1 > 2**31 - 1:  # standardfilters.rb: String#split's limit is a C int (2147483646 renders, verified)
        raise _arg_error(f"integer {count} too big for truncatewords")
    wordlist = _awk_split(text, count + 1)
    if len(wordlist) <= count:
        return text
    wordlist.pop()
    return " ".join(wordlist) + to_s(ellipsis)


def ruby_split(text: str, pattern: str) -> list[str]:
    """Ruby ``String#split(string)``: awk mode for ``" "``, trailing empty strings dropped."""
    if pattern == " ":
        return _awk_split(text)
    if pattern == "":
        return list(text)
    parts = text.split(pattern)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def split(value: Any, pattern: Any) -> list[str]:
    return ruby_split(to_s(value), to_s(pattern))


_STRIP = " \t\n\v\f\r\0"


def strip(value: Any) -> str:
    return to_s(value).lstrip(_STRIP[:-1]).rstrip(_STRIP)


def lstrip(value: Any) -> str:
    return to_s(value).lstrip(_STRIP[:-1])


def rstrip(value: Any) -> str:
    return to_s(value).rstrip(_STRIP)


_STRIP_HTML_BLOCKS = re.compile(r"<script.*?</script>|<!--.*?-->|<style.*?</style>", re.S)
_STRIP_HTML_TAGS = re.compile(r"<.*?>", re.S)


def strip_html(value: Any) -> str:
    return _STRIP_HTML_TAGS.sub("", _STRIP_HTML_BLOCKS.sub("", to_s(value)))


def strip_newlines(value: Any) -> str:
    return re.sub(r"\r?\n", "", to_s(value))


def newline_to_br(value: Any) -> str:
    return re.sub(r"\r?\n", "<br />\n", to_s(value))


def join(value: Any, glue: Any = " ") -> str:
    """``join``: InputIterator then ``Array#join`` with Ruby ``to_s`` (L1)."""
    return ruby.join(input_iterator(value), to_s(glue))


def sort_natural(value: Any, prop: Any = None) -> Any:
    items = input_iterator(value)
    if not items:
        return []

    def key_of(item: Any) -> Any:
        if nil(prop) is None:
            return item
        return _ruby_index(item, prop)

    if nil(prop) is not None and not all(_responds_to_index(i) for i in items):
        return None

    def casecmp(a: Any, b: Any) -> int:
        a, b = key_of(a), key_of(b)
        if a is not None and b is not None:
            la = re.sub("[A-Z]+", lambda m: m.group(0).lower(), to_s(a)).encode()
            lb = re.sub("[A-Z]+", lambda m: m.group(0).lower(), to_s(b)).encode()
            return (la > lb) - (la < lb)
        return 1 if a is None else -1

    try:
        return _sort_values(items, casecmp)
    except TypeError:
        raise _property_error(prop) from None


def _uniq_key(value: Any) -> Any:
    value = nil(value)
    if is_hash(value):
        return ("h", tuple((_uniq_key(k), _uniq_key(v)) for k, v in value.items()))
    if is_array(value):
        return ("a", tuple(_uniq_key(v) for v in value))
    return (type(value).__name__, value)


def uniq(value: Any, prop: Any = None) -> Any:
    items = input_iterator(value)
    if nil(prop) is None:
        keys = [_uniq_key(i) for i in items]
    elif not items:
        return []
    else:
        keys = []
        for item in items:
            try:
                keys.append(_uniq_key(_ruby_index(item, prop)))
            except TypeError:
                raise _property_error(prop) from None
            except AttributeError:
                return None
    seen: set[Any] = set()
    out = []
    for key, item in zip(keys, items):
        try:
            if key in seen:
                continue
            seen.add(key)
        except TypeError:
            pass
        out.append(item)
    return out


def reverse(value: Any) -> list[Any]:
    return list(reversed(input_iterator(value)))


def map_(value: Any, prop: Any) -> list[Any]:
    """``map``: ``item[prop]``; scalars that cannot be indexed are fatal (L13)."""
    out = []
    for item in input_iterator(value):
        if to_s(prop) == "to_liquid":
            out.append(item)
        elif _responds_to_index(item):
            try:
                out.append(_ruby_index(item, prop))
            except TypeError:
                raise _property_error(prop) from None
        else:
            out.append(None)
    return out


def compact(value: Any, prop: Any = None) -> Any:
    items = input_iterator(value)
    if nil(prop) is None:
        return [i for i in items if i is not None]
    out = []
    for item in items:
        try:
            if _ruby_index(item, prop) is not None:
                out.append(item)
        except TypeError:
            raise _property_error(prop) from None
        except AttributeError:
            return None
    return out


def _gsub_replacement(replacement: str, matched: str) -> str:
    """Expand Ruby ``sub``/``gsub`` back-references in a replacement string."""
    if "\\" not in replacement:
        return replacement

    def expand(m: re.Match[str]) -> str:
        code = m.group(1)
        if code in ("0", "&"):
            return matched
        if code == "\\":
            return "\\"
        if code.isdigit() or code in ("`", "'", "+"):
            return ""
        return m.group(0)

    return re.sub(r"\\(.)", expand, replacement)


def replace(value: Any, old: Any, new: Any = "") -> str:
    text, old_s, new_s = to_s(value), to_s(old), to_s(new)
    if old_s == "":
        return _gsub_replacement(new_s, "").join([""] + list(text) + [""])
    return text.replace(old_s, _gsub_replacement(new_s, old_s))


def replace_first(value: Any, old: Any, new: Any = "") -> str:
    text, old_s, new_s = to_s(value), to_s(old), to_s(new)
    return text.replace(old_s, _gsub_replacement(new_s, old_s), 1)


def replace_last(value: Any, old: Any, new: Any) -> str:
    text, old_s, new_s = to_s(value), to_s(old), to_s(new)
    index = text.rfind(old_s)
    if index < 0:
        return text
    return text[:index] + new_s + text[index + len(old_s):]


def remove(value: Any, old: Any) -> str:
    return replace(value, old, "")


def remove_first(value: Any, old: Any) -> str:
    return replace_first(value, old, "")


def remove_last(value: Any, old: Any) -> str:
    return replace_last(value, old, "")


def append(value: Any, other: Any) -> str:
    return to_s(value) + to_s(other)


def prepend(value: Any, other: Any) -> str:
    return to_s(other) + to_s(value)


def concat(value: Any, other: Any) -> list[Any]:
    if not is_array(nil(other)):
        raise _arg_error("concat filter requires an array argument")
    return input_iterator(value) + list(other)


def first(value: Any) -> Any:
    value = nil(value)
    if is_array(value) or isinstance(value, range):
        return value[0] if value else None
    if is_hash(value):
        for key, item in value.items():
            return [key, item]
        return None
    return None


def last(value: Any) -> Any:
    value = nil(value)
    if is_array(value) or isinstance(value, range):
        return value[-1] if value else None
    return None


@with_context
def date(value: Any, fmt: Any, *, context: RenderContext) -> Any:
    """Liquid's ``date``: Ruby strftime, no conversion to local time (Liquid's standardfilters.rb StandardFilters#date, L11)."""
    value = nil(value)
    fmt_s = to_s(fmt)
    if fmt_s == "":
        return value
    when = to_date(value, context)
    if when is None:
        return value
    return ruby.strftime(when, fmt_s)


def to_date(value: Any, context: RenderContext) -> dt.date | None:
    """``Liquid::Utils.to_date``."""
    value = nil(value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if value == "":
            return None
        value = value.lower()
        if value in ("now", "today"):
            return _now(context)
        if value.isdigit() and value.isascii():
            return ruby.time_at(int(value), _tz(context))
        try:
            return ruby.time_parse(value, _tz(context), _now(context))
        except ruby.TimeParseError:
            return None
    if isinstance(value, int) and not isinstance(value, bool):
        return ruby.time_at(value, _tz(context))
    return None


def _op(left: Any, right: Any, operation: str) -> int | float:
    a, b = ruby.to_number(left), ruby.to_number(right)
    try:
        if operation == "+":
            result = a + b
        elif operation == "-":
            result = a - b
        elif operation == "*":
            result = a * b
        elif operation == "/":
            if b == 0 and not isinstance(b, float):
                raise ZeroDivisionError
            result = a // b if isinstance(a, int) and isinstance(b, int) else Decimal(a) / Decimal(b)
        else:
            if b == 0:
                raise ZeroDivisionError
            if isinstance(a, int) and isinstance(b, int):
                result = a % b
            else:
                result = ruby.decimal_floor_mod(Decimal(a), Decimal(b))
    except (ZeroDivisionError, DivisionByZero):
        raise RubyError("divided by 0", token=None) from None
    except InvalidOperation:
        raise RubyError("divided by 0", token=None) from None
    return ruby.to_float_result(result)


def plus(value: Any, other: Any) -> int | float:
    return _op(value, other, "+")


def minus(value: Any, other: Any) -> int | float:
    return _op(value, other, "-")


def times(value: Any, other: Any) -> int | float:
    return _op(value, other, "*")


def divided_by(value: Any, other: Any) -> int | float:
    return _op(value, other, "/")


def modulo(value: Any, other: Any) -> int | float:
    return _op(value, other, "%")


def abs_(value: Any) -> int | float:
    return ruby.to_float_result(abs(ruby.to_number(value)))


def round_(value: Any, digits: Any = 0) -> int | float:
    """``round``: BigDecimal half away from zero (L2)."""
    places = ruby.to_number(nil(digits) if nil(digits) is not None else 0)
    if abs(places) >= 2**63:  # Integer#round / BigDecimal#round take a C long
        raise _arg_error("bignum too big to convert into `long'")
    if places < -20:  # more places than the number has digits: zero (without computing 10**places)
        number = ruby.to_number(value)
        if number.is_finite() if isinstance(number, Decimal) else True:
            if -places > len(str(int(abs(number)))) + 1:
                return 0
    try:
        return ruby.round_number(value, nil(digits) if nil(digits) is not None else 0)
    except ruby.FloatDomainError as exc:
        raise RubyError(str(exc), token=None) from None


def ceil(value: Any) -> int:
    import math

    number = ruby.to_number(value)
    try:
        return math.ceil(number)
    except (OverflowError, ValueError):
        raise RubyError(to_s(value), token=None) from None


def floor(value: Any) -> int:
    import math

    number = ruby.to_number(value)
    try:
        return math.floor(number)
    except (OverflowError, ValueError):
        raise RubyError(to_s(value), token=None) from None


def at_least(value: Any, bound: Any) -> int | float:
    low, number = ruby.to_number(bound), ruby.to_number(value)
    return ruby.to_float_result(low if low > number else number)


def at_most(value: Any, bound: Any) -> int | float:
    high, number = ruby.to_number(bound), ruby.to_number(value)
    return ruby.to_float_result(high if high < number else number)


def default(value: Any, default_value: Any = "", options: Any = None, *, allow_false: Any = False,
            **_options: Any) -> Any:
    """``default(input, default_value = '', options = {})``: ``allow_false: true`` keeps ``false``;
    other options, and a third argument that is not a hash, are ignored as in Ruby."""
    if is_hash(options) and "allow_false" in options:
        allow_false = options["allow_false"]
    value = nil(value)
    keep_false = nil(allow_false) is not None and nil(allow_false) is not False
    check = value is None if keep_false else (value is None or value is False)
    if check or (isinstance(value, (str, list, tuple, Mapping)) and len(value) == 0):
        return default_value
    return value


STANDARD: dict[str, Callable[..., Any]] = {
    "size": size, "downcase": downcase, "upcase": upcase, "capitalize": capitalize,
    "escape": escape, "h": escape, "escape_once": escape_once, "url_encode": url_encode,
    "url_decode": url_decode, "base64_encode": base64_encode, "base64_decode": base64_decode,
    "base64_url_safe_encode": base64_url_safe_encode,
    "base64_url_safe_decode": base64_url_safe_decode, "slice": slice_, "truncate": truncate,
    "truncatewords": truncatewords, "split": split, "strip": strip, "lstrip": lstrip,
    "rstrip": rstrip, "strip_html": strip_html, "strip_newlines": strip_newlines, "join": join,
    "sort_natural": sort_natural, "uniq": uniq, "reverse": reverse, "map": map_,
    "compact": compact, "replace": replace, "replace_first": replace_first,
    "replace_last": replace_last, "remove": remove, "remove_first": remove_first,
    "remove_last": remove_last, "append": append, "concat": concat, "prepend": prepend,
    "newline_to_br": newline_to_br, "date": date, "first": first, "last": last, "abs": abs_,
    "plus": plus, "minus": minus, "times": times, "divided_by": divided_by, "modulo": modulo,
    "round": round_, "ceil": ceil, "floor": floor, "at_least": at_least, "at_most": at_most,
    "default": default,
}


def _arity_message(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """Ruby's ``wrong number of arguments (given N, expected M)`` when the call does not fit."""
    signature = inspect.signature(func)
    try:
        signature.bind(*args, **{k: v for k, v in kwargs.items() if k in signature.parameters})
    except TypeError:
        pass
    else:
        return None
    params = [p for p in signature.parameters.values()
              if p.kind == p.POSITIONAL_OR_KEYWORD and p.name not in ("context", "environment")]
    required = sum(p.default is p.empty for p in params)
    expected = str(required) if required == len(params) else f"{required}..{len(params)}"
    return f"wrong number of arguments (given {len(args)}, expected {expected})"


def ruby_arity(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so a wrong argument count reports Ruby's message (Jekyll's liquid_renderer/file.rb File#render!)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TypeError as exc:
            message = _arity_message(func, args, kwargs)
            if message is None:
                raise _arg_error(str(exc)) from None
            raise _arg_error(message) from None
        except (OverflowError, RecursionError) as exc:
            # A number too large for Python's dates or C integers (Ruby has bignum times): a
            # located error rather than a crash (docs/parity.md).
            raise _arg_error(f"{func.__name__.rstrip('_')}: number out of range ({exc})") from None

    return wrapper


def register(env: JekyllEnvironment, extra: Mapping[str, Callable[..., Any]] | None = None) -> None:
    """Register Liquid 5.4's standard filters on ``env``, then ``extra`` (Jekyll's, which replace
    Liquid's ``where`` and ``sort``), each with Ruby's arity check."""
    for name in NOT_IN_LIQUID_5_4:
        env.filters.pop(name, None)
    for name, func in {**STANDARD, **(extra or {})}.items():
        env.add_filter(name, ruby_arity(func))


__all__ = ["LiquidError", "LiquidTypeError", "RubyError", "register", "spaceship", "to_date"]
