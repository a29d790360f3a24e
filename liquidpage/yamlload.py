"""YAML loading with Psych's typing as Debian's Jekyll uses it (Jekyll's document.rb Document#read_content: Psych's YAML 1.1 typing, Jekyll's readers/data_reader.rb DataReader#read_data_file).

PyYAML's C ``SafeLoader`` already follows YAML 1.1 as Psych does (``yes``/``no`` booleans, ``0777``
octal, ``1e3`` a string, ``1.5e+3`` a float). What differs is time: Psych reads a timestamp
without a zone as UTC and converts it to local time, keeps an explicit offset, and marks ``Z``
times as UTC (they print with a literal ``UTC``). Here that is an aware ``datetime``:
``tzinfo is datetime.timezone.utc`` for ``Z`` values, the site zone for zone-less values, a fixed
offset otherwise.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from typing import Any

import yaml  # deferred until a document is loaded (liquidpage/__init__.py, _defer_imports)

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


# Psych's ScalarScanner: a date (one- or two-digit month and day) and its TIME regex.
_PSYCH_DATE = re.compile(r"^[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])$")

_DAY = dt.timedelta(days=1)


def ruby_time(year: int, month: int, day: int, hour: int, minute: int, second: int, micro: int = 0,
              offset: dt.timedelta | None = None) -> dt.datetime | None:
    """Ruby's ``Time.utc`` / ``Time.new`` argument rules, as Psych's ``parse_time`` meets them:
    month 1-12, day 1-31 rolling over the month's end (Feb 30 is Mar 2), hour 0-24 (24 only
    at 24:00:00), minute 0-59, second 0-60 (rolling), an offset under 24 hours. None where Ruby
    raises ``ArgumentError`` (Psych then keeps the scalar as a string) or where Python cannot
    hold the time (years 0 and 10000: a string too, see docs/parity.md)."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 24 and 0 <= minute <= 59
            and 0 <= second <= 60):
        return None
    if hour == 24 and (minute or second):
        return None
    if offset is not None and abs(offset) >= _DAY:
        return None
    try:
        start = dt.datetime(year, month, 1)
        naive = start + dt.timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second,
                                     microseconds=micro)
    except (ValueError, OverflowError):
        return None
    return naive


def _make_loader(tz: dt.tzinfo) -> type:
    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        local_zone = tz

    def construct_timestamp(loader: Any, node: yaml.Node) -> Any:
        # Psych's ScalarScanner#tokenize: a scalar that is not a valid time stays a string.
        value = loader.construct_scalar(node)
        match = _TIMESTAMP.match(value)
        if match is None:  # pragma: no cover - the resolver only hands us matching scalars
            return value
        g = match.groupdict()
        year, month, day = int(g["year"]), int(g["month"]), int(g["day"])
        if g["hour"] is None:
            # Date.strptime(string, "%F"): strict, no rolling over.
            if not _PSYCH_DATE.match(value):
                return value
            try:
                return dt.date(year, month, day)
            except ValueError:
                return value
        micro = int((g["fraction"] or "0")[:6].ljust(6, "0"))
        offset = None
        if g["tz"] and g["tz"] != "Z":
            offset = dt.timedelta(hours=int(g["tz_hour"]), minutes=int(g["tz_minute"] or 0))
            if g["tz_sign"] == "-":
                offset = -offset
        naive = ruby_time(year, month, day, int(g["hour"]), int(g["minute"]), int(g["second"]), micro, offset)
        if naive is None:
            return value
        try:
            if g["tz"] == "Z":
                return naive.replace(tzinfo=dt.timezone.utc)
            if offset is not None:
                return naive.replace(tzinfo=dt.timezone(offset) if offset else _ZeroOffset())
            return naive.replace(tzinfo=_ZeroOffset()).astimezone(Loader.local_zone)
        except (ValueError, OverflowError):
            return value

    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    Loader.add_constructor("tag:yaml.org,2002:null", _construct_null)
    for tag in ("set", "omap", "pairs", "map", "seq"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _construct_other_tag)
    for tag in ("int", "bool"):
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", _lenient(Loader.yaml_constructors[f"tag:yaml.org,2002:{tag}"]))
    Loader.add_constructor("tag:yaml.org,2002:float", _strict_float(Loader.yaml_constructors["tag:yaml.org,2002:float"]))
    Loader.add_constructor("tag:yaml.org,2002:binary", _construct_binary)
    Loader.add_constructor(None, _construct_other_tag)
    # Psych also reads an offset without a colon (`+0000`) as a time, and one-digit months
    # and days (`2017-1-1`) as a date; PyYAML does not.
    Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _TIMESTAMP_HHMM, list("0123456789"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _PSYCH_DATE, list("0123456789"))
    _add_fast_resolve(Loader)
    return Loader


def _add_fast_resolve(loader: Any) -> None:
    """``BaseResolver.resolve`` (called by the C parser for every node) without its per-call list
    concatenation: each first character's implicit resolvers, wildcard ones appended, are
    joined once. The same tags; only when no path resolver is registered (none is)."""
    if loader.yaml_path_resolvers:  # pragma: no cover - liquidpage registers none
        return
    implicit = loader.yaml_implicit_resolvers
    wildcard = list(implicit.get(None, []))
    by_first = {first: list(found) + wildcard for first, found in implicit.items() if first is not None}
    scalar_tag, seq_tag, map_tag = loader.DEFAULT_SCALAR_TAG, loader.DEFAULT_SEQUENCE_TAG, loader.DEFAULT_MAPPING_TAG
    base_resolve = loader.resolve

    def resolve(self: Any, kind: Any, value: Any, implicit_flags: Any) -> Any:
        if kind is yaml.ScalarNode:
            if implicit_flags[0]:
                for tag, regexp in by_first.get(value[:1], wildcard):
                    if regexp.match(value):
                        return tag
            return scalar_tag
        if kind is yaml.MappingNode:
            return map_tag
        if kind is yaml.SequenceNode:
            return seq_tag
        return base_resolve(self, kind, value, implicit_flags)

    loader.resolve = resolve


# -- explicit tags, as Psych's ToRuby#deserialize treats them ------------------------------------
def _plain(loader: Any, node: yaml.ScalarNode) -> Any:
    """``ScalarScanner#tokenize``: the scalar as if it had no tag."""
    tag = loader.resolve(yaml.ScalarNode, node.value, (True, False))
    if tag in (node.tag, None):
        return loader.construct_scalar(node)
    plain = yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark)
    return loader.construct_object(plain)


def _lenient(construct: Any) -> Any:
    """``!!int x``, ``!!bool x``, ``!!null x``: Psych tokenizes the text (here a string)."""

    def run(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, yaml.YAMLError):
            return _plain(loader, node) if isinstance(node, yaml.ScalarNode) else _construct_other_tag(loader, node)

    return run


def _construct_null(loader: Any, node: yaml.Node) -> Any:
    """``!!null x``: only the null spellings are nil; Psych tokenizes anything else."""
    if isinstance(node, yaml.ScalarNode) and node.value not in ("", "~", "null", "Null", "NULL"):
        return _plain(loader, node)
    return None


def _strict_float(construct: Any) -> Any:
    """``!!float y``: ``Float("y")`` raises ArgumentError in Psych (a YAML error here)."""

    def run(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError):
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid value for Float(): {node.value!r}", node.start_mark) from None

    return run


def _construct_binary(loader: Any, node: yaml.Node) -> Any:
    """``!!binary``: Ruby's ``unpack("m")`` (lenient base64) as a string."""
    import base64
    import re as _re

    text = _re.sub(r"[^A-Za-z0-9+/]", "", str(loader.construct_scalar(node)) if isinstance(node, yaml.ScalarNode) else "")
    if len(text) % 4 == 1:
        text = text[:-1]
    text += "=" * (-len(text) % 4)
    return base64.b64decode(text).decode("utf-8", errors="replace")


def _construct_other_tag(loader: Any, node: yaml.Node) -> Any:
    """A tag SafeLoader does not know: Psych ignores it (``!foo bar`` is ``"bar"``), except
    Ruby classes it may not load (``!ruby/object:Foo``, ``!!set``: DisallowedClass)."""
    tag = node.tag or ""
    if tag.startswith("!ruby/") or tag.startswith("tag:yaml.org,2002:ruby/") or tag in (
            "tag:yaml.org,2002:set", "!set"):
        name = tag.split(":")[-1] if tag.startswith("!ruby/object:") else "Psych::Set" if tag.endswith("set") else tag
        raise yaml.constructor.ConstructorError(
            None, None, f"Tried to load unspecified class: {name}", node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return _plain(loader, node)
    if tag in ("tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs") and isinstance(node, yaml.SequenceNode):
        # Psych reads an ordered map (and pairs) into a Hash.
        data: dict[Any, Any] = {}
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                for key_node, value_node in item.value:
                    data[loader.construct_object(key_node, deep=True)] = loader.construct_object(value_node, deep=True)
        return data
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_yaml_seq(node)
    return loader.construct_yaml_map(node)


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


def load_yaml(text: str, tz: dt.tzinfo | None = None) -> Any:
    """Parse one YAML document; zone-less timestamps are converted to ``tz`` (Jekyll's document.rb Document#read_content: Psych's YAML 1.1 typing).

    Raises ``yaml.YAMLError`` (with ``problem_mark``) on bad input.
    """
    zone = tz or ZERO_OFFSET
    loader = _loaders.get(zone)
    if loader is None:
        loader = _loaders[zone] = _make_loader(zone)
    if text.startswith("\ufeff"):
        # Psych (libyaml told the string is UTF-8) skips a leading BOM as a character of the
        # first line, so the first line is indented by one column (a block mapping then ends
        # after its first line); PyYAML drops the BOM. A space has the same effect.
        text = " " + text[1:]
    # Psych.safe_load parses the first document only; what follows it is never read.
    if _depth_bound(text) > _SAFE_COMPOSE_DEPTH:
        _check_event_depth(text, loader)
    parser = loader(text)
    collecting = gc.isenabled()
    if collecting:  # a large data file makes tens of thousands of containers, none of them garbage
        gc.disable()
    try:
        if not parser.check_node():
            return None
        node = parser.get_node()
        try:
            return _construct_plain(parser, node, 1, set() if "&" in text else None)
        except _NotPlain:
            pass
        _check_depth(node)
        return parser.construct_document(node)
    finally:
        parser.dispose()
        if collecting:
            gc.enable()


class _NotPlain(Exception):
    """The document needs PyYAML's general constructor (see ``_construct_plain``)."""


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _construct_plain(loader: Any, node: Any, depth: int, seen: set[int] | None) -> Any:
    """What ``loader.construct_document(node)`` returns, for the usual document: plain mappings,
    sequences and scalars, nested at most ``MAX_DEPTH`` levels, no alias (``seen`` tracks nodes
    when the text has an anchor), no merge key, hashable keys; anything else raises
    ``_NotPlain`` and the caller runs PyYAML's constructor (and ``_check_depth``) instead. The
    same values, built without PyYAML's generator-based ``construct_object`` (~3x faster on a
    large ``_data`` file)."""
    if depth > MAX_DEPTH:
        raise _NotPlain
    if seen is not None:
        if id(node) in seen:
            raise _NotPlain
        seen.add(id(node))
    cls = node.__class__
    tag = node.tag
    if cls is yaml.ScalarNode:
        if tag == _STR_TAG:
            return node.value
        constructor = loader.yaml_constructors.get(tag)
        if constructor is None:
            raise _NotPlain
        return constructor(loader, node)
    depth += 1
    if cls is yaml.MappingNode and tag == _MAP_TAG:
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag in _MERGE_TAGS:
                raise _NotPlain
            key = _construct_plain(loader, key_node, depth, seen)
            if key.__class__ in (list, dict):  # unhashable: PyYAML's error
                raise _NotPlain
            data[key] = _construct_plain(loader, value_node, depth, seen)
        return data
    if cls is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_construct_plain(loader, child, depth, seen) for child in node.value]
    raise _NotPlain


MAX_DEPTH = 100
# libyaml's composer (in C, through PyYAML) recurses per level and crashes the process on
# tens of thousands of levels; below this bound it is safe and the node check is enough.
_SAFE_COMPOSE_DEPTH = 2000


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth: every flow level needs a bracket, every block
    level more indentation or another indicator on its line."""
    bound = text.count("[") + text.count("{")
    if bound > _SAFE_COMPOSE_DEPTH:
        return bound
    # A line's width below is at most its length + 1: when even that stays under the limit, the
    # caller's decision is the same without the line-by-line count.
    quick = bound + max(map(len, text.split("\n"))) + 1
    if quick <= _SAFE_COMPOSE_DEPTH:
        return quick
    widest = 0
    for line in text.split("\n"):
        body = line.lstrip(" ")
        width = len(line) - len(body)
        if "-" in body or ":" in body or "?" in body:
            width += body.count("- ") + body.count(": ") + body.count("? ") + 1
        widest = max(widest, width)
    return bound + widest


def _check_event_depth(text: str, loader: type) -> None:
    """The depth check on parser events (no recursion), for texts that might nest deeply."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.DocumentEndEvent):
                return
    except yaml.constructor.ConstructorError:
        raise
    except yaml.MarkedYAMLError as err:
        # The libyaml bundled with PyYAML's wheels (0.2.5+) stops its scanner, which reads
        # ahead, at 1000 flow levels before our count gets there; a system libyaml does not.
        # Either way the text nests too deep: one message for both.
        if "maximum nesting depth" not in str(err.problem or ""):
            raise
        raise yaml.constructor.ConstructorError(
            None, None, f"nested more than {MAX_DEPTH} levels deep", err.problem_mark) from None


def _check_depth(root: yaml.Node) -> None:
    """Refuse collections nested deeper than ``MAX_DEPTH`` (a located YAML error).

    Ruby's deeper stack reads a few thousand levels before ``SystemStackError``; Python's
    recursion in rendering (``inspect``, ``jsonify``, merging) would fail far earlier with no
    location. No real site nests data this deep (docs/parity.md)."""
    stack = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [child for pair in node.value for child in pair]
        stack.extend((child, depth + 1) for child in children)


def yaml_error_position(err: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    """Return (1-based line, 1-based col, message) for a PyYAML error."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None)
    context = getattr(err, "context", None)
    message = " ".join(str(p) for p in (context, problem) if p) or str(err).splitlines()[0]
    if mark is None:
        return None, None, message
    return mark.line + 1, mark.column + 1, message
