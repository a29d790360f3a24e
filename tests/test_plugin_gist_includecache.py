"""jekyll-gist and jekyll-include-cache: what the Jekyll-built fixtures cannot hold (errors, which
stop Jekyll, and a build that is not --quiet). Expected texts were read from Jekyll 4.3.1 runs
with the Debian gems (jekyll-gist 1.5.0, jekyll-include-cache 0.2.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from liquid import Undefined
from sitemaker import make_site

from liquidpage.cli import main
from liquidpage.plugins.gist import determine_arguments
from liquidpage.plugins.include_cache import params_key

GIST = {"_config.yml": "plugins: [jekyll-gist]\ntime: 2024-05-01 12:00:00 +0000\n"}
CACHE = {"_config.yml": "plugins: [jekyll-include-cache]\ntime: 2024-05-01 12:00:00 +0000\n"}


# `jekyll build` (not --quiet): Jekyll.logger.warn returns true, and the gem prints it.
def test_gist_without_quiet_prints_true_and_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {**GIST, "index.md": "---\n---\nA {% gist 1234 %}\n"})
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").read_text() == (
        '<p>A true<script src="https://gist.github.com/1234.js"> </script></p>\n')
    err = capsys.readouterr().err
    assert "The <noscript> tag for your gist 1234 could not be generated" in err
    assert main(["build", "--quiet", "-d", str(tmp_path / "out2")]) == 0
    assert (tmp_path / "out2" / "index.html").read_text() == (
        '<p>A false<script src="https://gist.github.com/1234.js"> </script></p>\n')


@pytest.mark.parametrize(("markup", "where", "shown"), [
    ("{% gist %}", "index.md:4:4:", "markup: Valid syntax: {% gist user/1234567 %}"),
    ("{% gist a b c %}", "index.md:4:4:", "markup: a b c Valid syntax:"),
    ("{% for p in site.pages %}{% gist {{ p.title }} %}{% endfor %}", "index.md:4:29:",
     "markup: {{ p.title }} Valid syntax:"),
])
def test_gist_bad_markup_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch, markup: str, where: str, shown: str) -> None:
    site = make_site(tmp_path / "site", {**GIST, "index.md": f"---\n---\nline\n{markup}\n"})
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first = next(line for line in err.splitlines() if not line.startswith("WARNING"))
    assert first.startswith(where), err
    assert "Syntax error in tag 'gist' while parsing the following " + shown in first
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("markup", "expected"), [
    ("1234", ("1234", "")),
    ("user/1234 foo.rb", ("user/1234", "foo.rb")),
    ("user name/12 f.rb", ("user name/12 f.rb", "")),
    ("a/b\tc", ("a/b", "c")),
    ("a b c", None),
    ("", None),
])
def test_gist_determine_arguments(markup: str, expected: tuple[str, str] | None) -> None:
    assert determine_arguments(markup) == expected


def test_include_cached_missing_file_is_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {**CACHE, "index.md": "---\n---\nIntro\n\nText {% include_cached nope.html a=1 %}\n"})
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("index.md:5:9:"), err
    assert "Could not locate the included file 'nope.html'" in err


def test_include_cached_key_ignores_names_not_types() -> None:
    """Tag#quick_hash hashes the values in key order, never the names; Ruby's #hash tells 1,
    1.0, "1" and true apart."""
    assert params_key({"x": 1}) == params_key({"y": 1})
    assert params_key({"a": 1, "b": 2}) == params_key({"c": 1, "d": 2})
    assert params_key({"a": 1, "b": 2}) != params_key({"b": 1, "a": 2})
    assert len({params_key({"x": v}) for v in (1, 1.0, "1", True, None)}) == 5
    assert params_key(None) != params_key({})
    assert params_key({"x": Undefined("nope")}) == params_key({"y": None})
    assert params_key({"d": {"k": 1, "v": ["a"]}}) == params_key({"e": {"v": ["a"], "k": 1}})
