"""Random small sites: only LiquidpageError subclasses may escape, and nothing may hang (issue 12).

Each example writes a generated site (configuration values of odd types, front matter, data in
every format, posts with odd file names and dates, layouts, includes, Liquid using every tag and
filter with odd arguments) and renders it in memory with ``Site.load(...).outputs(jobs=1)``.
The run is derandomized (the same examples every time) and small by default; set
``LIQUIDPAGE_FUZZ_EXAMPLES`` (e.g. 20000) for a long run. A crash found here becomes a regular
test in ``tests/test_input_errors.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from liquidpage.errors import LiquidpageError  # noqa: E402
from liquidpage.filters import STANDARD  # noqa: E402
from liquidpage.jekyll_filters import FILTERS  # noqa: E402
from liquidpage.site import Site  # noqa: E402

EXAMPLES = int(os.environ.get("LIQUIDPAGE_FUZZ_EXAMPLES", "100"))
SEED = os.environ.get("LIQUIDPAGE_FUZZ_SEED")  # a long run with other examples than CI's
DEADLINE = dt.timedelta(seconds=float(os.environ.get("LIQUIDPAGE_FUZZ_DEADLINE", "20")))

# -- values -------------------------------------------------------------------------------------
_HUGE = [10**30, -10**30, 2**63, -(2**63) - 1, 10**400, 1e308, -1e308, float("inf"), float("nan")]
_ODD_TEXT = ["", " ", "-", "/", "..", "../x", ":title", ":year/:month", "/:categories/:title.html",
             "%", "%Y", "{{", "{%", "a b", "é", "\u2028", "\x00", "\ufeff", "none", "pretty", "date",
             "2017-02-30", "2017-02-30 10:00:00", "2017-01-01 10:00:00 +25:00", "9999-12-31",
             "1..99999999", "1,2,x", "true", "nil", "x" * 300]
_YAML_SCALARS = ["2017-02-30", "2017-02-30 10:00:00", "2017-01-01 10:00:00 +25:00",
                 "2017-01-01 10:00:00 +99", "0000-01-01", "9999-12-31 23:59:60Z", "2017-1-1",
                 "1e999", "-.inf", ".nan", "0x1F", "0o17", "0b101", "1_000", "~", "yes", "no",
                 "!!binary aGVsbG8=", "!!str 5", "!!int x", "!!float y", "!!timestamp 2017-13-01",
                 "!ruby/object:Foo {}", "&a [1]", "*a", "'x'", '"\\u0000"', '"\\x00"', "@x", "`x",
                 "? x", "|\n  block", "[", "{", "]", ":", "- - -", "%x", "''", '"\\uD800"']

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.sampled_from(_HUGE),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(_ODD_TEXT),
    st.text(max_size=12), st.dates(), st.datetimes(timezones=st.just(dt.timezone.utc)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=6), st.integers(0, 9)), inner, max_size=4)),
    max_leaves=12,
)


def deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value] if depth % 2 else {"a": value}
    return value


odd_values = st.one_of(values, values, values, values, st.integers(100, 3000).map(deep))


def _yaml_scalar_text(value: Any) -> str:
    """A YAML rendering of ``value`` that PyYAML's dumper cannot refuse."""
    import yaml

    try:
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip()
        return text[:-3].strip() if text.endswith("\n...") else text
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return "x"


def yaml_mapping(data: dict[str, Any], raw: list[tuple[str, str]]) -> str:
    lines = [f"{key}: {_yaml_scalar_text(value).replace(chr(10), ' ')}" for key, value in data.items()]
    lines += [f"{key}: {text}" for key, text in raw]
    return "\n".join(line for line in lines if not line.startswith("---")) + "\n"


CONFIG_KEYS = ["exclude", "include", "keep_files", "permalink", "timezone", "limit_posts", "collections",
               "liquid", "kramdown", "defaults", "markdown_ext", "excerpt_separator", "baseurl", "url",
               "layouts_dir", "data_dir", "includes_dir", "collections_dir", "plugins", "safe", "future",
               "show_drafts", "unpublished", "page_excerpts", "strict_front_matter", "highlighter",
               "markdown", "encoding", "csv_reader", "tsv_reader", "title", "lang", "data", "sass",
               "quiet", "incremental", "permalink", "output", "show_dir_listing", "exclude"]
KRAMDOWN_KEYS = ["toc_levels", "auto_ids", "entity_output", "smart_quotes", "input", "hard_wrap",
                 "footnote_nr", "syntax_highlighter", "syntax_highlighter_opts", "math_engine",
                 "header_offset", "auto_id_prefix", "parse_block_html", "line_width", "typographic_symbols"]
FM_KEYS = ["title", "date", "categories", "category", "tags", "tag", "permalink", "layout", "published",
           "slug", "excerpt_separator", "excerpt", "render_with_liquid", "sitemap", "lang", "name",
           "collection", "path", "url", "id", "content", "output", "next", "previous", "x"]
GOOD_CONFIG = {"time": "2024-05-01 12:00:00 +0000"}


def rarely(draw: Any) -> bool:
    """True for about one example in eight (hypothesis favours small integers, so not 0)."""
    return draw(st.integers(1, 8)) == 5


@st.composite
def configs(draw: Any) -> str:
    data = dict(GOOD_CONFIG)
    if not rarely(draw):  # most sites get a configuration Jekyll accepts, so rendering runs
        return yaml_mapping({**data, **draw(st.dictionaries(
            st.sampled_from(["title", "baseurl", "url", "lang", "excerpt_separator", "future", "show_drafts",
                             "page_excerpts", "x"]), scalars, max_size=3))}, [])
    for key in draw(st.lists(st.sampled_from(CONFIG_KEYS), max_size=3)):
        data[key] = draw(odd_values)
    if draw(st.booleans()):
        data["kramdown"] = {k: draw(values) for k in draw(st.lists(st.sampled_from(KRAMDOWN_KEYS), max_size=2))}
        data["kramdown"].update(draw(st.sampled_from([{}, {"toc_levels": "1..99999999"}, {"toc_levels": [0, 9]},
                                                      {"footnote_nr": 10**30}, {"header_offset": 10**9},
                                                      {"syntax_highlighter_opts": 5}])))
    if draw(st.booleans()):
        data["defaults"] = draw(st.lists(st.one_of(
            values, st.fixed_dictionaries({"scope": values, "values": values}),
            st.fixed_dictionaries({"scope": st.fixed_dictionaries({"path": values, "type": values}),
                                   "values": st.dictionaries(st.sampled_from(FM_KEYS), values, max_size=3)})),
            max_size=3))
    raw = [(k, draw(st.sampled_from(_YAML_SCALARS))) for k in draw(st.lists(st.sampled_from(["title", "x"]), max_size=1))]
    return yaml_mapping(data, raw)


# -- Liquid ---------------------------------------------------------------------------------------
FILTER_NAMES = sorted(set(STANDARD) | set(FILTERS))
ARGS = ["", "0", "-1", "1", "99999999999999999999", "1e308", "-0.0", "nil", "true", "'a'", "'%'",
        "'%Y-%m-%d'", "'%-10000Y'", "site", "page", "x", "(1..3)", "'x', 'y'", "1, 2", "'', 0",
        "'date'", "'title', 'x'", "'title', nil", "page.tags", "site.data", "9999999999"]
OBJECTS = ["x", "page", "site", "page.title", "page.date", "site.posts", "site.data", "content", "1",
           "'text'", "nil", "-5", "1.5", "99999999999999999999", "site.data.x", "page.categories",
           "(1..5)", "paginator", "site.time", "page.tags", "empty", "blank"]


@st.composite
def liquid(draw: Any) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9))
        obj = draw(st.sampled_from(OBJECTS))
        if kind <= 3:
            chain = "".join(f" | {draw(st.sampled_from(FILTER_NAMES))}"
                            + (f": {draw(st.sampled_from(ARGS))}" if draw(st.booleans()) else "")
                            for _ in range(draw(st.integers(1, 3))))
            parts.append("{{ " + obj + chain + " }}")
        else:
            parts.append(draw(st.sampled_from([
                "{% assign y = " + obj + " %}{{ y }}",
                "{% for i in " + obj + " limit: 3 %}{{ i }}{% endfor %}",
                "{% for i in (1..3) reversed offset: 1 %}{{ forloop.index }}{% else %}e{% endfor %}",
                "{% if " + obj + " %}a{% elsif x %}b{% else %}c{% endif %}",
                "{% unless " + obj + " contains 'a' %}u{% endunless %}",
                "{% case " + obj + " %}{% when 1, 'a' %}w{% else %}e{% endcase %}",
                "{% capture c %}{{ " + obj + " }}{% endcapture %}{{ c }}",
                "{% cycle 'a', 'b' %}", "{% increment n %}{% decrement n %}",
                "{% tablerow i in " + obj + " cols: 2 %}{{ i }}{% endtablerow %}",
                "{% raw %}{{ x }}{% endraw %}", "{% comment %}x{% endcomment %}",
                "{% include i.html a=" + obj + " %}", "{% include nope.html %}", "{% include {{ x }} %}",
                "{% include_relative p.md %}", "{% highlight ruby linenos %}x = 1{% endhighlight %}",
                "{% link p.md %}", "{% post_url 2017-02-30-x %}", "{% post_url nope %}",
                "{% liquid\nassign z = 1\necho z %}", "{% echo " + obj + " %}", "{% if %}",
                "{% for %}", "{% endif %}", "{{ ", "{% unknown %}", "{% render 'x' %}",
                "{% ifchanged %}a{% endifchanged %}", "{% break %}{% continue %}",
            ])))
    return "\n".join(parts)


# -- files ------------------------------------------------------------------------------------
@st.composite
def front_matter(draw: Any) -> str:
    data = {k: draw(odd_values) for k in draw(st.lists(st.sampled_from(FM_KEYS), max_size=4))}
    raw = [(k, draw(st.sampled_from(_YAML_SCALARS)))
           for k in draw(st.lists(st.sampled_from(["date", "title", "x", "categories"]), max_size=2))]
    return yaml_mapping(data, raw if rarely(draw) else [])


def page_text(fm: str, body: str) -> str:
    return f"---\n{fm}---\n{body}\n"


DATA_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list('ab,"\n\t\r :-[]{}#&*!|>\'%@`\\\x00é\ufeff')), max_size=40),
    odd_values.map(lambda v: _yaml_scalar_text(v) + "\n"),
    odd_values.map(lambda v: json.dumps(v, default=str) if _jsonable(v) else "{}"),
    st.sampled_from(["a,b\n1,2\n", 'a,b\n"x,2\n', "a\tb\n1\t2\"\n", "\ufeffa: 1\nb: 2\n",
                     "a: 1\n---\nb: [\n", "- 2017-02-30\n- 2017-02-30 10:00:00\n"]),
)


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value, default=str)
        return True
    except (ValueError, RecursionError, TypeError):
        return False


FILE_NAMES = ["2017-02-30-x.md", "2017-01-01-x.md", "2017-13-45-x.html", "9999-12-31-x.md",
              "0000-01-01-x.md", "2017-01-01-.md", "2017-01-01-a b%20c.md", "2017-01-01-é.md",
              "2017-01-01-x.markdown", "2017-01-01-x", "2017-01-01-x.yml", "2017-01-01-.x.md"]
PAGE_NAMES = ["p.md", "p.html", "index.html", "a b.md", "é.md", "x.json", "x.xml", "x.scss", "x.txt",
              "dir/p.md", "dir/index.md", "%.md", ".hidden.md", "_u.md", "x.", "x.md.md"]


@st.composite
def sites(draw: Any) -> dict[str, bytes]:
    files: dict[str, bytes] = {"_config.yml": draw(configs()).encode()}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(PAGE_NAMES))
        files[name] = page_text(draw(front_matter()), draw(liquid())).encode()
    for _ in range(draw(st.integers(0, 2))):
        folder = draw(st.sampled_from(["_posts/", "_posts/sub/", "_drafts/", "_things/", "cat/_posts/"]))
        files[folder + draw(st.sampled_from(FILE_NAMES))] = page_text(draw(front_matter()), draw(liquid())).encode()
    if draw(st.booleans()):
        files["_layouts/default.html"] = page_text(draw(front_matter()), "<b>{{ content }}</b>" + draw(liquid())).encode()
    if draw(st.booleans()):
        files["_includes/i.html"] = draw(liquid()).encode()
    for _ in range(draw(st.integers(0, 2))):
        ext = draw(st.sampled_from(["yml", "yaml", "json", "csv", "tsv"]))
        files[f"_data/{draw(st.sampled_from(['x', 'y', 'a b', 'd/x']))}.{ext}"] = draw(DATA_TEXT).encode()
    if rarely(draw):  # bytes that are not UTF-8, a BOM, NUL, a binary file
        target = draw(st.sampled_from(sorted(files)))
        files[target] = draw(st.sampled_from([b"\xef\xbb\xbf", b"", b"---\n\x89PNG\x00\xff\n"])) + \
            files[target].replace(b"e", draw(st.sampled_from([b"\xe9", b"e", b"\x00"])))
    return files


def build(files: dict[str, bytes], raw_names: list[bytes] = ()) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for name in raw_names:  # file names that are not UTF-8
            with open(os.path.join(os.fsencode(root), b"_posts", name), "wb") as handle:
                handle.write(b"---\n---\nx\n")
        try:
            site = Site.load(root)
            for _ in site.outputs(jobs=1):
                pass
        except LiquidpageError as err:
            err.format()  # formatting must not fail either


@pytest.fixture(autouse=True)
def _quiet() -> Any:
    logger = logging.getLogger("liquidpage")
    level, logger.level = logger.level, logging.CRITICAL
    yield
    logger.setLevel(level)


@settings(max_examples=EXAMPLES, deadline=DEADLINE, derandomize=SEED is None, database=None,
          suppress_health_check=list(HealthCheck))
@hypothesis.seed(int(SEED or 0))
@given(sites(), st.lists(st.sampled_from([b"2017-01-01-\xe9.md", b"2017-01-01-\xff\xfe.html"]), max_size=1))
def test_random_sites_fail_only_with_located_errors(files: dict[str, bytes], raw_names: list[bytes]) -> None:
    if raw_names:
        files = {**files, "_posts/2017-01-01-ok.md": b"---\n---\nok\n"}
    build(files, raw_names)
