"""Jekyll's kramdown options: defaults (§2.4, §7.1) and kramdown's option parsing (kramdown/options.rb)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Jekyll's `kramdown` defaults (configuration.rb, §2.4).
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


def _toc_levels(val: Any) -> list[int]:
    if isinstance(val, str):
        if ".." in val:
            lo, _, hi = val.partition("..")
            return list(range(int(lo), int(hi) + 1))
        return list(dict.fromkeys(int(v or 0) for v in val.split(",")))
    if isinstance(val, range):
        return list(val)
    return list(dict.fromkeys(int(v) for v in val))


def _smart_quotes(val: Any) -> list[int | str]:
    items = val.split(",") if isinstance(val, str) else list(val)
    out: list[int | str] = []
    for v in items:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
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
    if name in INTEGER and not isinstance(value, int):
        return int(_to_s(value))
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
    ``enable_coderay`` is set, else the site's ``highlighter`` key, else ``rouge`` (§7.1)."""
    if kramdown.get("syntax_highlighter") not in (None, False):
        return kramdown["syntax_highlighter"]
    if kramdown.get("enable_coderay") not in (None, False):
        return "coderay"
    return highlighter if highlighter not in (None, False) else "rouge"


def effective_options(kramdown: Mapping[str, Any] | None, highlighter: Any = None) -> dict[str, Any]:
    """Return kramdown's option hash as Jekyll builds it (kramdown_parser.rb ``setup``, §7.1).

    ``highlighter`` is the site's top-level ``highlighter`` key, Jekyll's fallback for
    ``syntax_highlighter`` (``pygments`` or ``none`` there turn kramdown's highlighting off).
    """
    config: dict[str, Any] = dict(JEKYLL_KRAMDOWN_DEFAULTS)
    config.update(kramdown or {})
    config["syntax_highlighter"] = jekyll_highlighter(config, highlighter)
    hl_opts = dict(config.get("syntax_highlighter_opts") or {})
    hl_opts.setdefault("default_lang", "plaintext")
    hl_opts["guess_lang"] = config.get("guess_lang")
    config["syntax_highlighter_opts"] = hl_opts
    options = dict(KRAMDOWN_DEFAULTS)
    for key, value in config.items():
        options[key] = parse_option(key, value)
    return options
