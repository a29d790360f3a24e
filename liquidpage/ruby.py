"""Ruby value semantics that Liquid output depends on: to_s, inspect, numbers, Time and strftime.

Ruby values are modelled with Python ones: ``None`` is nil, ``datetime.datetime`` (aware) is a
Time, ``datetime.date`` is a Date, ``decimal.Decimal`` is a BigDecimal, any ``Mapping`` is a Hash
and any list/tuple is an Array (Ruby Liquid's semantics where python-liquid differs: docs/liquid.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Callable

from zoneinfo import ZoneInfo

from liquid import Undefined

UTC = dt.timezone.utc
Number = int | float | Decimal


def nil(value: Any) -> Any:
    """Return ``None`` for python-liquid's ``Undefined``, else ``value``."""
    return None if isinstance(value, Undefined) else value


def _is_method_literal(value: Any) -> bool:
    from liquid.builtin.expressions.primitive import Blank, Empty

    return isinstance(value, (Empty, Blank))


def is_hash(value: Any) -> bool:
    """Ruby ``is_a?(Hash)``: any Mapping that is not python-liquid's Undefined."""
    return isinstance(value, Mapping) and not isinstance(value, Undefined)


def is_array(value: Any) -> bool:
    """Ruby ``is_a?(Array)``."""
    return isinstance(value, (list, tuple))


# -- Floats ------------------------------------------------------------------------------------


def float_to_s(value: float) -> str:
    """Ruby ``Float#to_s`` (``numeric.c`` ``flo_to_s``): shortest digits, exponent outside 1e-4..1e16."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)
    digs = "".join(map(str, digits)).rstrip("0")
    exponent += len(digits) - len(digs)
    decpt = len(digs) + exponent
    prefix = "-" if sign else ""
    if 0 < decpt:
        if decpt < len(digs):
            return f"{prefix}{digs[:decpt]}.{digs[decpt:]}"
        if decpt <= 15:
            return f"{prefix}{digs}{'0' * (decpt - len(digs))}.0"
    elif decpt > -4:
        return f"{prefix}0.{'0' * -decpt}{digs}"
    mantissa = f"{digs[0]}.{digs[1:] or '0'}"
    exp = decpt - 1
    return f"{prefix}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"


def decimal_to_f(value: Decimal) -> float:
    """``BigDecimal#to_f``."""
    return float(value)


# -- to_s and inspect ----------------------------------------------------------------------------


def time_to_s(value: dt.datetime) -> str:
    """Ruby ``Time#to_s``: ``2021-03-04 10:00:00 +0200``, or ``… UTC`` for a UTC-mode Time."""
    if value.tzinfo is UTC:
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M:%S ") + format_offset(value, "")


def output_s(value: Any) -> str:
    """What Liquid 5.4 writes for ``{{ value }}``: arrays joined (flattened), else ``to_s``."""
    value = nil(value)
    if is_array(value):
        return join(value, "")
    return to_s(value)


def to_s(value: Any) -> str:
    """Ruby ``to_s``: nil → "", arrays and hashes print as ``inspect``."""
    value = nil(value)
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_to_s(value)
    if isinstance(value, Decimal):
        return decimal_to_s(value)
    if is_array(value):
        return inspect(value)
    if isinstance(value, dt.datetime):
        return time_to_s(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, range):
        return f"{value.start}..{value.stop - 1}"
    if _is_method_literal(value):
        return ""
    if is_hash(value):
        to_s_hook = getattr(value, "to_s", None)
        if callable(to_s_hook):
            return str(to_s_hook())
        return inspect(value)
    return str(value)


def join(items: Any, glue: str) -> str:
    """Ruby ``Array#join``: nested arrays are joined recursively, elements use ``to_s``."""
    out: list[str] = []
    for item in items:
        item = nil(item)
        out.append(join(item, glue) if is_array(item) else to_s(item))
    return glue.join(out)


def decimal_to_s(value: Decimal) -> str:
    """A BigDecimal prints through ``to_f`` in Liquid (filters convert results with ``to_f``)."""
    return float_to_s(float(value))


_INSPECT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\f": "\\f", "\v": "\\v",
                    "\b": "\\b", "\a": "\\a", "\x1b": "\\e", '"': '\\"', "\\": "\\\\"}


def inspect_str(value: str) -> str:
    """Ruby ``String#inspect`` for UTF-8 strings."""
    out = ['"']
    for i, ch in enumerate(value):
        if ch in _INSPECT_ESCAPES:
            out.append(_INSPECT_ESCAPES[ch])
        elif ch == "#" and value[i + 1:i + 2] in ("{", "$", "@"):
            out.append("\\#")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def inspect(value: Any) -> str:
    """Ruby 3.1 ``inspect``: ``{"a"=>1, "b"=>[nil, 2.0]}``."""
    value = nil(value)
    if isinstance(value, str):
        return inspect_str(value)
    if value is None:
        return "nil"
    if isinstance(value, (bool, int, float, Decimal)):
        return to_s(value) if not isinstance(value, Decimal) else f"0.{value}e0"
    if is_array(value):
        return "[" + ", ".join(inspect(item) for item in value) + "]"
    if callable(getattr(value, "hash_for_json", None)):
        return pretty_json(value)  # Jekyll::Drops::Drop#inspect
    if is_hash(value):
        return "{" + ", ".join(f"{inspect(k)}=>{inspect(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.datetime):
        return time_inspect(value)
    if isinstance(value, dt.date):
        jd = value.toordinal() + 1721425
        return f"#<Date: {value.isoformat()} (({jd}j,0s,0n),+0s,2299161j)>"
    return to_s(value)


def pretty_json(value: Any, indent: str = "") -> str:
    """Ruby ``JSON.pretty_generate`` (two-space indent, ``"key": value``)."""
    import json

    value = nil(value)
    inner = indent + "  "
    if callable(getattr(value, "hash_for_json", None)):
        value = value.hash_for_json(len(indent) // 2)  # JSON state depth collapses previous/next
    if is_hash(value):
        if not value:
            return "{}"
        body = ",\n".join(f"{inner}{json.dumps(to_s(k), ensure_ascii=False)}: {pretty_json(v, inner)}"
                          for k, v in value.items())
        return "{\n" + body + "\n" + indent + "}"
    if is_array(value):
        if not value:
            return "[\n\n" + indent + "]"  # json 2.6's generator writes an empty array this way
        return "[\n" + ",\n".join(inner + pretty_json(v, inner) for v in value) + "\n" + indent + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return to_s(value)
    return json.dumps(to_s(value), ensure_ascii=False)


def time_inspect(value: dt.datetime) -> str:
    """Ruby ``Time#inspect``: like ``to_s`` plus non-zero fractional seconds."""
    text = time_to_s(value)
    if value.microsecond:
        frac = f"{value.microsecond:06d}".rstrip("0")
        text = text[:19] + "." + frac + text[19:]
    return text


# -- Numbers --------------------------------------------------------------------------------------

_TO_I = re.compile(r"\A[ \t\n\v\f\r]*([+-]?\d+(?:_\d+)*)")
_DECIMAL_STRING = re.compile(r"\A-?\d+\.\d+\Z")


def str_to_i(text: str) -> int:
    """Ruby ``String#to_i``: the leading integer, else 0 (``"12abc"`` → 12)."""
    match = _TO_I.match(text)
    return int(match.group(1).replace("_", "")) if match else 0


def to_i(value: Any) -> int:
    """Ruby ``to_i`` for the values templates carry (``nil.to_i`` → 0, floats truncate)."""
    value = nil(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        raise TypeError(no_method("to_i", value))
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise FloatDomainError(float_to_s(value))
        return int(value)
    if isinstance(value, str):
        return str_to_i(value)
    raise TypeError(no_method("to_i", value))


class FloatDomainError(ValueError):
    """Ruby ``FloatDomainError``."""


def to_number(value: Any) -> int | Decimal:
    """``Liquid::Utils.to_number``: floats and decimal strings become BigDecimal, others ``to_i``."""
    value = nil(value)
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return Decimal(value)
        return Decimal(float_to_s(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if _DECIMAL_STRING.match(stripped):
            return Decimal(stripped)
        return str_to_i(value)
    return 0


_INTEGER_LITERAL = re.compile(
    r"\A\s*([+-]?)(0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|"
    r"0[oO]?[0-7]+(?:_[0-7]+)*|\d+(?:_\d+)*)\s*\Z"
)


def strict_integer(value: Any) -> int:
    """``Liquid::Utils.to_integer``: Ruby ``Integer(value.to_s)``; raises ValueError when invalid."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _INTEGER_LITERAL.match(to_s(value))
    if not match:
        raise ValueError("invalid integer")
    sign, body = match.groups()
    body = body.replace("_", "").lower()
    if body.startswith("0x"):
        number = int(body[2:], 16)
    elif body.startswith("0b"):
        number = int(body[2:], 2)
    elif body.startswith("0o"):
        number = int(body[2:], 8)
    elif body.startswith("0") and len(body) > 1:
        number = int(body, 8)
    else:
        number = int(body)
    return -number if sign == "-" else number


def to_float_result(value: int | Decimal | float) -> int | float:
    """``result.is_a?(BigDecimal) ? result.to_f : result``."""
    return float(value) if isinstance(value, Decimal) else value


def decimal_floor_mod(left: Decimal, right: Decimal) -> Decimal:
    """Ruby ``BigDecimal#%`` (the result has the sign of the divisor)."""
    quotient = (left / right).to_integral_value(rounding=ROUND_FLOOR)
    return left - right * quotient


def round_number(value: Any, digits: int | Decimal = 0) -> int | float:
    """Liquid's ``round``: BigDecimal rounding half away from zero (Liquid's standardfilters.rb StandardFilters, L2)."""
    number = to_number(value)
    places = to_number(digits)
    places = int(places)
    if isinstance(number, int):
        if places >= 0:
            return number
        factor = 10 ** -places
        quotient, rest = divmod(abs(number), factor)
        if rest * 2 >= factor:
            quotient += 1
        return int(math.copysign(quotient * factor, number)) if number else 0
    try:
        result = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise FloatDomainError(str(number)) from exc
    if places <= 0:
        return int(result)
    return float(result)


# -- Time -------------------------------------------------------------------------------------------


def format_offset(value: dt.datetime | dt.date, sep: str = "", seconds: bool = False) -> str:
    """The ``%z`` text of ``value`` (``+0200``), with ``sep`` between the fields."""
    offset = value.utcoffset() if isinstance(value, dt.datetime) else dt.timedelta(0)
    total = int((offset or dt.timedelta(0)).total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}{sep}{minutes:02d}"
    if seconds:
        text += f"{sep}{secs:02d}"
    return text


def zone_name(value: dt.datetime | dt.date) -> str:
    """Ruby ``%Z``: the zone abbreviation of a local or UTC Time, empty for a fixed offset."""
    if not isinstance(value, dt.datetime):
        return "+00:00"
    if value.tzinfo is UTC:
        return "UTC"
    if isinstance(value.tzinfo, ZoneInfo):  # a local time: the zone's abbreviation
        return value.tzname() or ""
    return ""  # a fixed offset (Ruby prints no name)


def epoch_seconds(value: dt.date) -> int:
    """Seconds since the Unix epoch (``%s``); a Date counts as UTC midnight."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return math.floor(value.timestamp())
    return (value.toordinal() - dt.date(1970, 1, 1).toordinal()) * 86400


def to_local(value: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """Ruby ``to_time.localtime``: a Date becomes local midnight, a Time moves to the local zone."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz)


def time_at(seconds: int, tz: dt.tzinfo) -> dt.datetime:
    """Ruby ``Time.at(seconds)`` in the local zone."""
    return dt.datetime.fromtimestamp(seconds, tz)


# -- strftime ---------------------------------------------------------------------------------------

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_STRFTIME = re.compile(r"%([-_0^#]*)(\d*)(:{0,3})([EO]?)([a-zA-Z%+])")
_E_OK, _O_OK = set("cCxXyY"), set("deHImMSuUVwWy")
_COMBINED = {"c": "%a %b %e %H:%M:%S %Y", "D": "%m/%d/%y", "x": "%m/%d/%y", "F": "%Y-%m-%d",
             "T": "%H:%M:%S", "X": "%H:%M:%S", "R": "%H:%M", "r": "%I:%M:%S %p",
             "v": "%e-%^b-%4Y", "+": "%a %b %e %H:%M:%S %Z %Y"}


def _iso_week(value: dt.date) -> tuple[int, int]:
    year, week, _ = value.isocalendar()
    return year, week


def _hour(value: dt.date) -> int:
    return value.hour if isinstance(value, dt.datetime) else 0


# conversion -> (number of the value, default width, default padding)
_NUMERIC: dict[str, tuple[Callable[[Any], int], int, str]] = {
    "Y": (lambda v: v.year, 4, "0"),
    "C": (lambda v: v.year // 100, 2, "0"),
    "y": (lambda v: v.year % 100, 2, "0"),
    "m": (lambda v: v.month, 2, "0"),
    "d": (lambda v: v.day, 2, "0"),
    "e": (lambda v: v.day, 2, " "),
    "j": (lambda v: v.toordinal() - dt.date(v.year, 1, 1).toordinal() + 1, 3, "0"),
    "H": (_hour, 2, "0"),
    "k": (_hour, 2, " "),
    "I": (lambda v: (_hour(v) % 12) or 12, 2, "0"),
    "l": (lambda v: (_hour(v) % 12) or 12, 2, " "),
    "M": (lambda v: v.minute if isinstance(v, dt.datetime) else 0, 2, "0"),
    "S": (lambda v: v.second if isinstance(v, dt.datetime) else 0, 2, "0"),
    "u": (lambda v: v.isoweekday(), 1, "0"),
    "w": (lambda v: v.isoweekday() % 7, 1, "0"),
    "U": (lambda v: int(v.strftime("%U")), 2, "0"),
    "W": (lambda v: int(v.strftime("%W")), 2, "0"),
    "G": (lambda v: _iso_week(v)[0], 4, "0"),
    "g": (lambda v: _iso_week(v)[0] % 100, 2, "0"),
    "V": (lambda v: _iso_week(v)[1], 2, "0"),
    "s": (epoch_seconds, 1, "0"),
}


def _numeric(value: dt.date, conv: str) -> tuple[int, int, str] | None:
    """(number, default width, default pad) for numeric conversions."""
    entry = _NUMERIC.get(conv)
    if entry is None:
        return None
    func, width, pad = entry
    number = func(value)
    if conv == "Y" and number < 0:
        width = 5
    return number, width, pad


def _pad(text: str, width: int, pad: str, negative: bool = False) -> str:
    if pad == "":
        return ("-" if negative else "") + text
    if negative:
        if pad == "0":
            return "-" + text.rjust(max(width - 1, 0), "0")
        return ("-" + text).rjust(width, " ")
    return text.rjust(width, pad)


def _text(value: dt.date, conv: str) -> str | None:
    hour = value.hour if isinstance(value, dt.datetime) else 0
    if conv == "A":
        return _DAYS[value.weekday()]
    if conv == "a":
        return _DAYS[value.weekday()][:3]
    if conv == "B":
        return _MONTHS[value.month - 1]
    if conv in ("b", "h"):
        return _MONTHS[value.month - 1][:3]
    if conv == "p":
        return "PM" if hour >= 12 else "AM"
    if conv == "P":
        return "pm" if hour >= 12 else "am"
    if conv == "Z":
        return zone_name(value)
    if conv == "n":
        return "\n"
    if conv == "t":
        return "\t"
    if conv == "%":
        return "%"
    return None


def _one(value: dt.date, flags: str, width_s: str, colons: str, conv: str) -> str | None:
    width = int(width_s) if width_s else None
    if conv == "+" and isinstance(value, dt.datetime):
        return None  # Time#strftime has no %+ (Date#strftime has)
    if conv in _COMBINED:
        text = strftime(value, _COMBINED[conv])
        return _case(text, flags).rjust(width or 0, "0" if "0" in flags else " ")
    if conv == "z":
        if colons == ":::":
            return None
        text = format_offset(value, ":" if colons else "", seconds=colons == "::")
        if width and width > len(text):
            pad = " " if "_" in flags else "0"
            body = text[1:]
            text = (text[0] + body.rjust(width - 1, "0")) if pad == "0" else text.rjust(width)
        return text
    if colons:
        return None
    if conv in ("L", "N"):
        micro = value.microsecond if isinstance(value, dt.datetime) else 0
        digits = f"{micro:06d}000"
        count = width or (3 if conv == "L" else 9)
        return (digits + "0" * count)[:count]
    numeric = _numeric(value, conv)
    if numeric is not None:
        number, default_width, pad = numeric
        if "-" in flags:
            pad = ""
        elif "_" in flags:
            pad = " "
        elif "0" in flags:
            pad = "0"
        return _pad(str(abs(number)), width or default_width, pad, number < 0)
    text = _text(value, conv)
    if text is None:
        return None
    if conv in ("p", "Z") and "#" in flags:
        text = text.lower()
    elif "#" in flags and "^" not in flags:
        text = text.upper()
    else:
        text = _case(text, flags)
    if width and "-" not in flags:
        text = text.rjust(width, "0" if "0" in flags else " ")
    return text


def _case(text: str, flags: str) -> str:
    if "^" in flags:
        return text.upper()
    if "#" in flags:
        return text.swapcase()
    return text


def strftime(value: dt.date, fmt: str) -> str:
    """Ruby ``Time#strftime`` / ``Date#strftime`` (``strftime.c``) with flags, widths and colons."""

    def repl(match: re.Match[str]) -> str:
        flags, width, colons, modifier, conv = match.groups()
        if modifier and conv not in (_E_OK if modifier == "E" else _O_OK):
            return match.group(0)
        out = _one(value, flags, width, colons, conv)
        return match.group(0) if out is None else out

    return _STRFTIME.sub(repl, fmt)


# -- Time.parse ---------------------------------------------------------------------------------------

_MON = {name[:3].lower(): i + 1 for i, name in enumerate(_MONTHS)}
_ABBR_DAYS = "|".join(d[:3] for d in _DAYS)
_MONTH_RE = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ZONES = {"utc": 0, "gmt": 0, "ut": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
          "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}
_TIME_RE = re.compile(
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([ap])\.?m\.?\b)?"
    r"(?:\s*(z\b|[+-]\d{1,2}(?::?\d{2})?\b|(?:utc|gmt|ut|est|edt|cst|cdt|mst|mdt|pst|pdt)\b))?",
    re.I,
)
_HOUR_ONLY = re.compile(r"\b(\d{1,2})\s*([ap])\.?m\b\.?", re.I)
_ISO_DATE = re.compile(r"([-+]?\d{2,}|\d+)-(\d{1,2})-(\d{1,2})")
_SLASH_DATE = re.compile(r"(\d+)/(\d+)(?:/([-+]?\d+))?")
_DAY_MON = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\b[^\d\w]*" + _MONTH_RE + r"(?:[^\d\w]*(-?\d+))?", re.I)
_MON_DAY = re.compile(_MONTH_RE + r"[^\d\w]*(\d{1,2})(?:st|nd|rd|th)?\b(?:[^\d\w]*(-?\d{3,}|\d+))?", re.I)
_MON_YEAR = re.compile(_MONTH_RE + r"[^\d\w]*(\d{4})", re.I)
_COMPACT = re.compile(r"\A\s*(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?\s*\Z")


class TimeParseError(ValueError):
    """Ruby ``Time.parse`` failed (``no time information`` or ``argument out of range``)."""


def _year(text: str) -> int:
    year = int(text)
    if len(text.lstrip("+-")) <= 2:
        year += 1900 if year >= 69 else 2000
    return year


def _parse_date(text: str) -> tuple[dict[str, int], str]:
    """Find the date part of ``text`` as Ruby's ``Date._parse`` does for common shapes."""
    for regex, kind in ((_ISO_DATE, "iso"), (_DAY_MON, "dm"), (_MON_DAY, "md"),
                        (_MON_YEAR, "my"), (_SLASH_DATE, "slash")):
        match = regex.search(text)
        if not match:
            continue
        rest = text[:match.start()] + " " + text[match.end():]
        g = match.groups()
        if kind == "iso":
            return {"year": _year(g[0]) if len(g[0]) <= 2 else int(g[0]), "mon": int(g[1]), "mday": int(g[2])}, rest
        if kind == "dm":
            found = {"mday": int(g[0]), "mon": _MON[g[1].lower()]}
            if g[2]:
                found["year"] = _year(g[2])
            return found, rest
        if kind == "md":
            found = {"mon": _MON[g[0].lower()], "mday": int(g[1])}
            if g[2]:
                found["year"] = _year(g[2])
            return found, rest
        if kind == "my":
            return {"mon": _MON[g[0].lower()], "year": int(g[1])}, rest
        if g[2] is None:
            return {"mon": int(g[0]), "mday": int(g[1])}, rest
        if len(g[0]) >= 3:
            return {"year": int(g[0]), "mon": int(g[1]), "mday": int(g[2])}, rest
        return {"mday": int(g[0]), "mon": int(g[1]), "year": _year(g[2])}, rest
    return {}, text


def _parse_zone(zone: str) -> int:
    zone = zone.lower()
    if zone in _ZONES:
        return _ZONES[zone] * 3600
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return sign * (hours * 3600 + minutes * 60)


def time_parse(text: str, tz: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    """Ruby ``Time.parse`` (``time.rb`` over ``Date._parse``) for the shapes sites use.

    Missing date parts come from ``now``; no zone means local time in ``tz``.
    """
    found: dict[str, int] = {}
    zone: str | None = None
    compact = _COMPACT.match(text)
    if compact:
        y, mo, d, h, mi, s = compact.groups()
        found = {"year": int(y), "mon": int(mo), "mday": int(d)}
        if h:
            found.update(hour=int(h), min=int(mi), sec=int(s or 0))
    else:
        tmatch = _TIME_RE.search(text)
        rest = text
        if tmatch:
            hour, minute, sec, frac, ampm, zone = tmatch.groups()
            hour_i = int(hour)
            if ampm:
                hour_i = hour_i % 12 + (12 if ampm.lower() == "p" else 0)
            found.update(hour=hour_i, min=int(minute), sec=int(sec or 0))
            if frac:
                found["usec"] = int((frac + "000000")[:6])
            rest = text[:tmatch.start()] + " " + text[tmatch.end():]
        else:
            hmatch = _HOUR_ONLY.search(text)
            if hmatch:
                found.update(hour=int(hmatch.group(1)) % 12 + (12 if hmatch.group(2).lower() == "p" else 0),
                             min=0, sec=0)
                rest = text[:hmatch.start()] + " " + text[hmatch.end():]
        date_part, rest = _parse_date(rest)
        found.update(date_part)
        if zone is None:
            zmatch = re.search(r"(?<![\w:])(z|utc|gmt|[+-]\d{2}:?\d{2})\b", rest, re.I)
            if zmatch and "hour" in found:
                zone = zmatch.group(1)
    if not found:
        raise TimeParseError(f'no time information in "{text}"')
    return _make_time(found, zone, tz, now)


def _make_time(found: dict[str, int], zone: str | None, tz: dt.tzinfo, now: dt.datetime) -> dt.datetime:
    year = found.get("year")
    local_now = now.astimezone(tz)
    mon = found.get("mon")
    mday = found.get("mday")
    if year is None:
        year = local_now.year
        if mon is None:
            mon = local_now.month
            if mday is None:
                mday = local_now.day
    mon = mon or 1
    mday = mday or 1
    # Ruby's time_arg: each field in range (day 1-31 rolls over the month's end, 24:00:00
    # and second 60 roll too), then Time.local.
    from liquidpage.yamlload import ruby_time

    hour, minute, sec = found.get("hour", 0), found.get("min", 0), found.get("sec", 0)
    for name, value, low, high in (("mon", mon, 1, 12), ("argument", mday, 1, 31), ("hour", hour, 0, 24),
                                   ("min", minute, 0, 59), ("sec", sec, 0, 60)):
        if not low <= value <= high:
            raise TimeParseError(f"{name} out of range")
    naive = ruby_time(year, mon, mday, hour, minute, sec, found.get("usec", 0))
    if naive is None:
        raise TimeParseError("argument out of range")
    if zone is None:
        return naive.replace(tzinfo=tz)
    if zone.lower() in ("z", "utc", "gmt", "ut"):
        return naive.replace(tzinfo=UTC)
    offset = _parse_zone(zone)
    local = naive.replace(tzinfo=tz)
    if local.utcoffset() == dt.timedelta(seconds=offset):
        return local
    # A named fixed offset, so that +0000 is not Python's `timezone.utc` (a Ruby UTC-mode Time).
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset), format_offset_seconds(offset)))


def format_offset_seconds(offset: int) -> str:
    """``+HHMM`` for an offset in seconds."""
    sign = "-" if offset < 0 else "+"
    hours, rest = divmod(abs(offset), 3600)
    return f"{sign}{hours:02d}{rest // 60:02d}"


# -- Ruby exception messages ---------------------------------------------------------------------


def class_name(value: Any) -> str:
    """Ruby ``value.class.name``."""
    value = nil(value)
    if value is None:
        return "NilClass"
    if value is True:
        return "TrueClass"
    if value is False:
        return "FalseClass"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, Decimal):
        return "BigDecimal"
    if isinstance(value, str):
        return "String"
    if is_array(value):
        return "Array"
    if isinstance(value, dt.datetime):
        return "Time"
    if isinstance(value, dt.date):
        return "Date"
    if is_hash(value):
        return "Hash"
    return type(value).__name__


def no_method(method: str, value: Any) -> str:
    """Ruby 3.1 ``NoMethodError`` text: ``undefined method `sub' for 5:Integer``."""
    return f"undefined method `{method}' for {inspect(value)}:{class_name(value)}"


def cmp_failed(left: Any, right: Any) -> str:
    """Ruby ``rb_cmperr``: immediates are inspected, other values named by class."""
    right = nil(right)
    special = right is None or isinstance(right, (bool, int, float)) and not isinstance(right, Decimal)
    return f"comparison of {class_name(left)} with {inspect(right) if special else class_name(right)} failed"
