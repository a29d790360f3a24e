"""liquidpage.ruby against values printed by Ruby 3.1 itself (tests/ruby_values.rb → .json)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from liquidpage import ruby

VALUES = json.loads((Path(__file__).with_name("ruby_values.json")).read_text())
TIME = dt.datetime(2021, 3, 4, 5, 6, 7, 123456, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30), "+0530"))
UTC = ZoneInfo("UTC")
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), VALUES["floats"])
def test_float_to_s(value: float, expected: str) -> None:
    assert ruby.float_to_s(value) == expected


@pytest.mark.parametrize(("text", "digits", "expected"), VALUES["rounds"])
def test_round(text: str, digits: int, expected: object) -> None:
    result = ruby.round_number(Decimal(text), digits)
    assert (result if isinstance(expected, int) else ruby.float_to_s(result)) == expected


@pytest.mark.parametrize(("fmt", "expected"), VALUES["strftime"])
def test_time_strftime(fmt: str, expected: str) -> None:
    assert ruby.strftime(TIME, fmt) == expected


@pytest.mark.parametrize(("fmt", "expected"), VALUES["date_strftime"])
def test_date_strftime(fmt: str, expected: str) -> None:
    assert ruby.strftime(dt.date(2021, 3, 4), fmt) == expected


@pytest.mark.parametrize(("text", "expected", "zone"), VALUES["parse"])
def test_time_parse(text: str, expected: str, zone: str) -> None:
    parsed = ruby.time_parse(text, UTC, NOW)
    assert ruby.strftime(parsed, "%Y-%m-%d %H:%M:%S.%6N %z") == expected
    assert ("UTC" if parsed.tzinfo is dt.timezone.utc else ruby.zone_name(parsed)) == zone


@pytest.mark.parametrize(("text", "expected"), [
    ("12abc", 12), (" 42 ", 42), ("0x10", 0), ("1e3", 1), ("-3", -3), ("1_000", 1000), ("", 0), ("abc", 0),
])
def test_str_to_i(text: str, expected: int) -> None:
    assert ruby.str_to_i(text) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""), (True, "true"), (1.0, "1.0"), ([1, [2, None]], "[1, [2, nil]]"),
    ({"a": 1, "b": [None, 2.0]}, '{"a"=>1, "b"=>[nil, 2.0]}'), (dt.date(2021, 3, 4), "2021-03-04"),
    (dt.datetime(2021, 3, 4, 10, tzinfo=dt.timezone.utc), "2021-03-04 10:00:00 UTC"),
    (dt.datetime(2021, 3, 4, 10, tzinfo=ZoneInfo("Europe/Paris")), "2021-03-04 10:00:00 +0100"),
])
def test_to_s(value: object, expected: str) -> None:
    assert ruby.to_s(value) == expected


def test_output_joins_arrays() -> None:
    assert ruby.output_s([1, [2, [3.0]], None, {"a": 1}]) == '123.0{"a"=>1}'


@pytest.mark.parametrize(("value", "expected"), [
    ('a"b\\c\n\té#{x}', '"a\\"b\\\\c\\n\\té\\#{x}"'), (dt.date(2021, 3, 4), "#<Date: 2021-03-04 ((2459278j,0s,0n),+0s,2299161j)>"),
    (None, "nil"), ([], "[]"), ({}, "{}"),
])
def test_inspect(value: object, expected: str) -> None:
    assert ruby.inspect(value) == expected


@pytest.mark.parametrize(("text", "expected"), [("12", 12), ("0x1A", 26), ("0b11", 3), ("017", 15), (" 5 ", 5), ("1_0", 10)])
def test_strict_integer(text: str, expected: int) -> None:
    assert ruby.strict_integer(text) == expected


@pytest.mark.parametrize("text", ["1.5", "x", "", "1e3"])
def test_strict_integer_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        ruby.strict_integer(text)
