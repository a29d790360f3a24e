"""Jekyll's kramdown options: defaults (Jekyll's configuration.rb Configuration::DEFAULTS, Jekyll's converters/markdown/kramdown_parser.rb KramdownParser#initialize) and kramdown's option parsing (kramdown/options.rb)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Jekyll's `kramdown` defaults (Jekyll's configuration.rb Configuration::DEFAULTS).
JEKYLL_KRAMDOWN_DEFAULTS: dict[str, Any] = {
    "auto_ids": True,
    "toc_levels": [1, 2, 3, 4, 5, 6],
    "entity_output": "as_char",
    "smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    "input": "GFM",
    "hard_wrap": False,
    "guess_lang": True,
    "footnote_nr": 1,
    "show_warnings": False,
}

# kramdown's own defaults for the options the HTML path reads.
KRAMDOWN_DEFAULTS: dict[str, Any] = {
    "auto_ids": True,
    "auto_id_prefix": "",
    "auto_id_stripping": False,
    "transliterated_header_ids": False,
    "entity_output": "as_char",
    "footnote_backlink": "&#8617;",
    "footnote_backlink_inline": False,
    "footnote_nr": 1,
    "footnote_prefix": "",
    "gfm_quirks": ["paragraph_end"],
    "hard_wrap": True,
    "header_offset": 0,
    "html_to_native": False,
    "input": "kramdown",
    "link_defs": {},
    "math_engine": "mathjax",
    "parse_block_html": False,
    "parse_span_html": True,
    "smart_quotes": ["lsquo", "rsquo", "ldquo", "rdquo"],
    "syntax_highlighter": "rouge",
    "syntax_highlighter_opts": {},
    "toc_levels": [1, 2, 3, 4, 5, 6],
    "typographic_symbols": {},
    "forbidden_inline_options": ["template"],
    "remove_line_breaks_for_cjk": False,
}

BOOLEAN = {"auto_ids", "auto_id_stripping", "transliterated_header_ids", "footnote_backlink_inline",
           "hard_wrap", "html_to_native", "parse_block_html", "parse_span_html",
           "remove_line_breaks_for_cjk", "remove_block_html_tags", "remove_span_html_tags"}
SYMBOL = {"entity_output", "syntax_highlighter", "math_engine"}
INTEGER = {"footnote_nr", "header_offset"}
STRING = {"auto_id_prefix", "footnote_backlink", "footnote_prefix", "input", "template"}


def _to_s(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def _str_to_sym(data: str) -> str | None:
    data = data.strip()
    if data.startswith(":"):
        data = data[1:]
    return None if data in ("", "nil") else data


def _option_error(message: str) -> Exception:
    """``Kramdown::Error`` from an option validator (Jekyll: "Conversion error" at the first
    Markdown page)."""
    from liquidpage.errors import ConversionError

    return ConversionError(message)


def _class_name(value: Any) -> str:
    from liquidpage.ruby import class_name

    return class_name(value)


def _toc_levels(val: Any) -> list[int]:
    """kramdown options.rb ``toc_levels`` validator."""
    if isinstance(val, str):
        if re.fullmatch(r"(\d)\.\.(\d)", val):
            levels = list(range(int(val[0]), int(val[3]) + 1))
        elif re.fullmatch(r"\d(?:,\d)*", val):
            levels = list(dict.fromkeys(int(v) for v in val.split(",")))
        else:
            raise _option_error("Invalid syntax for option toc_levels")
    elif isinstance(val, range):
        levels = list(val)
    elif isinstance(val, list):
        levels = list(dict.fromkeys(_ruby_to_i(v) for v in val))
    else:
        raise _option_error(f"Invalid type {_class_name(val)} for option toc_levels")
    if any(not 1 <= level <= 6 for level in levels):
        raise _option_error("Level numbers for option toc_levels have to be integers from 1 to 6")
    return levels


def _ruby_to_i(value: Any) -> int:
    """``to_i`` of an array item (Integer, Float, String); other types have none in Ruby."""
    if isinstance(value, bool) or value is None:
        raise _option_error(f"undefined method `to_i' for {_class_name(value)}")
    if isinstance(value, (int, float)):
        try:
            return int(value)
        except (ValueError, OverflowError):
            raise _option_error(f"{value} out of range for option toc_levels") from None
    if isinstance(value, str):
        match = re.match(r"\s*[-+]?\d+(?:_\d+)*", value)
        return int(match.group(0).replace("_", "")) if match else 0
    raise _option_error(f"undefined method `to_i' for {_class_name(value)}")


def _ruby_integer(name: str, text: str) -> int:
    """``Integer(text)`` (decimal, 0x/0b/0o prefixes, underscores), else kramdown's error."""
    value = text.strip().replace("_", "") if re.fullmatch(r"\s*[-+]?\w+(?:_\w+)*\s*", text) else None
    if value is not None:
        try:
            if re.fullmatch(r"[-+]?0\d+", value):
                return int(value, 8)
            return int(value, 0)
        except ValueError:
            pass
    raise _option_error(f"Invalid integer value for option '{name}': '{text}'")


def _smart_quotes(val: Any) -> list[int | str]:
    """kramdown's ``smart_quotes`` validator (``simple_array_validator`` with 4 values)."""
    if isinstance(val, str):
        items: list[Any] = val.split(",")
        while items and items[-1] == "":  # Ruby's String#split drops trailing empty fields
            items.pop()
    elif isinstance(val, list):
        items = list(val)
    else:
        raise _option_error(f"Invalid type {_class_name(val)} for option smart_quotes")
    if len(items) != 4:
        raise _option_error("Option smart_quotes needs exactly 4 values")
    out: list[int | str] = []
    for v in items:
        try:
            out.append(int(v))
        except (TypeError, ValueError, OverflowError):
            out.append(v)
    return out


def _sym_hash(val: Any) -> dict[str, Any]:
    if not isinstance(val, Mapping):
        return {}
    return {str(k).lstrip(":"): v for k, v in val.items()}


def parse_option(name: str, value: Any) -> Any:
    """Coerce one option value as ``Kramdown::Options.parse`` does."""
    if name in BOOLEAN and not isinstance(value, bool):
        s = _to_s(value)
        return s.strip().lower() != "false" and s != ""
    if name in SYMBOL and not isinstance(value, str):
        return _str_to_sym(_to_s(value))
    if name in SYMBOL:
        return _str_to_sym(value)
    if name in INTEGER and (not isinstance(value, int) or isinstance(value, bool)):
        return _ruby_integer(name, _to_s(value))
    if name in STRING and not isinstance(value, str):
        return _to_s(value)
    if name == "toc_levels":
        return _toc_levels(value)
    if name == "smart_quotes":
        return _smart_quotes(value)
    if name in ("syntax_highlighter_opts", "typographic_symbols"):
        return _sym_hash(value)
    if name == "gfm_quirks":
        items = value.split(",") if isinstance(value, str) else list(value or [])
        return [str(v).strip().lstrip(":") for v in items]
    return value


def jekyll_highlighter(kramdown: Mapping[str, Any], highlighter: Any = None) -> Any:
    """KramdownParser#highlighter: ``syntax_highlighter``, else ``coderay`` when the legacy
    ``enable_coderay`` is set, else the site's ``highlighter`` key, else ``rouge`` (Jekyll's converters/markdown/kramdown_parser.rb KramdownParser#initialize)."""
    if kramdown.get("syntax_highlighter") not in (None, False):
        return kramdown["syntax_highlighter"]
    if kramdown.get("enable_coderay") not in (None, False):
        return "coderay"
    return highlighter if highlighter not in (None, False) else "rouge"


def effective_options(kramdown: Mapping[str, Any] | None, highlighter: Any = None) -> dict[str, Any]:
    """Return kramdown's option hash as Jekyll builds it (kramdown_parser.rb ``setup``, Jekyll's converters/markdown/kramdown_parser.rb KramdownParser#initialize).

    ``highlighter`` is the site's top-level ``highlighter`` key, Jekyll's fallback for
    ``syntax_highlighter`` (``pygments`` or ``none`` there turn kramdown's highlighting off).
    """
    config: dict[str, Any] = dict(JEKYLL_KRAMDOWN_DEFAULTS)
    config.update(kramdown or {})
    config["syntax_highlighter"] = jekyll_highlighter(config, highlighter)
    raw_opts = config.get("syntax_highlighter_opts")
    if raw_opts is not None and raw_opts is not False and not isinstance(raw_opts, Mapping):
        # Jekyll's KramdownParser: `opts["default_lang"] ||= "plaintext"` on a non-Hash.
        raise _option_error("no implicit conversion of String into Integer" if isinstance(raw_opts, (int, list))
                            else f"undefined method `[]=' for {_class_name(raw_opts)}" if not isinstance(raw_opts, str)
                            else "string not matched")
    hl_opts = dict(raw_opts or {})
    hl_opts.setdefault("default_lang", "plaintext")
    hl_opts["guess_lang"] = config.get("guess_lang")
    config["syntax_highlighter_opts"] = hl_opts
    options = dict(KRAMDOWN_DEFAULTS)
    for key, value in config.items():
        options[key] = parse_option(key, value)
    return options
