"""YAML loading with Psych's typing as Debian's Jekyll uses it (behaviour spec §1.2.5, §2.2.5).

PyYAML's C ``SafeLoader`` already follows YAML 1.1 as Psych does (``yes``/``no`` booleans, ``0777``
octal, ``1e3`` a string, ``1.5e+3`` a float). What differs is time: Psych reads a timestamp
without a zone as UTC and converts it to local time, keeps an explicit offset, and marks ``Z``
times as UTC (they print with a literal ``UTC``). Here that is an aware ``datetime``:
``tzinfo is datetime.timezone.utc`` for ``Z`` values, the site zone for zone-less values, a fixed
offset otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TIMESTAMP = re.compile(
    r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::?(?P<tz_minute>[0-9]{2}))?))?)?$""",
    re.X,
)


_TIMESTAMP_HHMM = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?[ \t]*[-+][0-9]{4}$"
)


def _make_loader(tz: dt.tzinfo) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        local_zone = tz

    def construct_timestamp(loader: Any, node: yaml.Node) -> Any:
        value = loader.construct_scalar(node)
        match = _TIMESTAMP.match(value)
        if match is None:  # pragma: no cover - the resolver only hands us matching scalars
            return value
        g = match.groupdict()
        year, month, day = int(g["year"]), int(g["month"]), int(g["day"])
        if g["hour"] is None:
            return dt.date(year, month, day)
        micro = int((g["fraction"] or "0")[:6].ljust(6, "0"))
        naive = dt.datetime(year, month, day, int(g["hour"]), int(g["minute"]), int(g["second"]), micro)
        if g["tz"] == "Z":
            return naive.replace(tzinfo=dt.timezone.utc)
        if g["tz"]:
            offset = dt.timedelta(hours=int(g["tz_hour"]), minutes=int(g["tz_minute"] or 0))
            if g["tz_sign"] == "-":
                offset = -offset
            return naive.replace(tzinfo=dt.timezone(offset) if offset else _ZeroOffset())
        return naive.replace(tzinfo=_ZeroOffset()).astimezone(Loader.local_zone)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    # Psych also reads an offset without a colon (`+0000`) as a time; PyYAML does not.
    Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _TIMESTAMP_HHMM, list("0123456789"))
    return Loader


class _ZeroOffset(dt.tzinfo):
    """A +00:00 offset that is not ``timezone.utc`` (prints ``+0000``, not ``UTC``)."""

    def utcoffset(self, _: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def dst(self, _: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, _: dt.datetime | None) -> str:
        return "+0000"

    def __repr__(self) -> str:
        return "_ZeroOffset()"


ZERO_OFFSET = _ZeroOffset()
_loaders: dict[Any, type] = {}
_handler = YAMLHandler()


def load_yaml(text: str, tz: dt.tzinfo | None = None) -> Any:
    """Parse one YAML document; zone-less timestamps are converted to ``tz`` (§1.2.5).

    Raises ``yaml.YAMLError`` (with ``problem_mark``) on bad input.
    """
    zone = tz or ZERO_OFFSET
    loader = _loaders.get(zone)
    if loader is None:
        loader = _loaders[zone] = _make_loader(zone)
    return _handler.load(text, Loader=loader)


def yaml_error_position(err: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    """Return (1-based line, 1-based col, message) for a PyYAML error."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None)
    context = getattr(err, "context", None)
    message = " ".join(str(p) for p in (context, problem) if p) or str(err).splitlines()[0]
    if mark is None:
        return None, None, message
    return mark.line + 1, mark.column + 1, message
