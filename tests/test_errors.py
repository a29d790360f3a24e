"""Bad input gives `path:line:col: message`, the source line, exit 1 and no traceback (issue 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitemaker import make_site

from liquidpage.cli import main
from liquidpage.errors import (
    ConfigError,
    ConversionError,
    DataError,
    FrontMatterError,
    IncludeError,
    LiquidpageError,
    TemplateError,
)
from liquidpage.site import Site

GOOD_LAYOUT = {"_layouts/default.html": "<main>{{ content }}</main>\n"}

# (id, error class, files, expected exit code, expected `path:line:col:` prefix, text in the message)
CASES = [
    ("config-yaml", ConfigError, {"_config.yml": "title: ok\nurl: [unclosed\n"},
     1, "_config.yml:2:15:", "invalid YAML in configuration file"),
    ("config-not-mapping", ConfigError, {"_config.yml": "- a\n- b\n"},
     1, "_config.yml:1:1:", "must contain a mapping"),
    ("data-yaml", DataError, {"_data/publist.yml": "- title: a\n  year: [2020\n", "index.md": "---\n---\nx\n"},
     1, "_data/publist.yml:2:14:", "invalid YAML in data file"),
    ("front-matter-list", FrontMatterError, {"index.md": "---\n- a\n- b\n---\nbody\n"},
     1, "index.md:2:1:", "Invalid YAML front matter"),
    ("missing-include", IncludeError, {"index.md": "---\n---\nIntro\n\nText {% include nope.html %}\n"},
     1, "index.md:5:9:", "Could not locate the included file 'nope.html'"),
    ("include-bad-params", TemplateError, {"_includes/a.html": "a", "p.html": "---\n---\n{% include a.html x=page.t | upcase %}\n"},
     1, "p.html:3:", "Invalid syntax for include tag"),
    ("include-bad-name", IncludeError, {"p.html": "---\n---\n{% include ../secret.txt %}\n"},
     1, "p.html:3:", "File contains invalid characters or sequences"),
    ("divided-by-zero", TemplateError, {"p.md": "---\ntitle: x\n---\n\nline\n{{ 10 | divided_by: 0 }}\n"},
     1, "p.md:6:9:", "divided_by"),
    ("error-in-layout", TemplateError, {"_layouts/default.html": "<main>\n{{ content }}\n{{ 1 | modulo: 0 }}\n</main>\n",
                         "p.md": "---\nlayout: default\n---\nx\n"},
     1, "_layouts/default.html:3:", "modulo"),
    ("error-in-include", TemplateError, {"_includes/card.html": "<div>\n  {{ include.n | divided_by: 0 }}\n</div>\n",
                          "p.html": "---\n---\n{% include card.html n=3 %}\n"},
     1, "_includes/card.html:2:", "(while rendering p.html)"),
    ("render-tag", TemplateError, {"p.html": "---\n---\nok\n{% render 'x' %}\n"},
     1, "p.html:4:", ""),
    ("markdownify-missing-engine", TemplateError, {"_config.yml": "kramdown:\n  math_engine: katex\n",
                                    "p.html": "---\n---\n\n<p>{{ 'x' | markdownify }}</p>\n"},
     1, "p.html:4:13:", "kramdown-math-katex"),
    ("scssify-bad-css", TemplateError, {"p.html": "---\n---\n{{ '.a { color: red' | scssify }}\n"},
     1, "p.html:3:", "Sass error"),
    ("markdown-page-missing-engine", ConversionError, {"_config.yml": "kramdown:\n  math_engine: katex\n",
                                      "p.md": "---\ntitle: x\n---\n$$a$$\n"},
     1, "p.md:4:1:", "kramdown-math-katex"),
]


@pytest.mark.parametrize(("kind", "files", "code", "where", "text"),
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_error_table(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                     kind: type[LiquidpageError], files: dict[str, str], code: int, where: str, text: str) -> None:
    site = make_site(tmp_path / "site", {**GOOD_LAYOUT, **files})
    monkeypatch.chdir(site)
    with pytest.raises(LiquidpageError) as info:  # the API raises the class the table names
        list(Site.load(".").outputs(jobs=1))
    assert type(info.value) is kind, info.value
    assert main(["build", "-d", str(tmp_path / "out")]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first = next(line for line in err.splitlines() if not line.startswith("WARNING"))
    assert first.startswith(where), err
    assert text in err
    # the source line and a caret follow the message
    lines = err.splitlines()
    index = lines.index(first)
    assert lines[index + 1].split(" | ", 1)[0].strip().isdigit(), err
    assert lines[index + 2].strip() == "^", err
    assert not (tmp_path / "out").exists()


def test_missing_layout_warns_like_jekyll_and_fails_with_strict(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {"p.md": "---\ntitle: t\nlayout: nosuch\n---\n*x*\n"})
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "p.md:3:1: Build Warning: Layout 'nosuch' requested in p.md does not exist." in err
    # Jekyll's renderer.rb Renderer#place_in_layouts: rendered without a layout
    assert (tmp_path / "out" / "p.html").read_text() == "<p><em>x</em></p>\n"
    assert main(["build", "--strict", "-d", str(tmp_path / "out2")]) == 1


def test_syntax_error_warns_and_renders_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Jekyll 4.3.1 (verified): "Liquid Warning: Liquid syntax error (line 1): Expected id but
    # found pipe", and the lax parser renders `aXb`.
    site = make_site(tmp_path / "site", {"p.html": '---\n---\na{{ "x" | | upcase }}b\n'})
    monkeypatch.chdir(site)
    assert main(["build", "-d", str(tmp_path / "out")]) == 0
    assert "p.html:3:" in capsys.readouterr().err
    assert (tmp_path / "out" / "p.html").read_text() == "aXb\n"


def test_failed_build_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"p.html": "---\n---\nfirst\n", "s.txt": "static\n"})
    monkeypatch.chdir(site)
    out = tmp_path / "out"
    assert main(["build", "-d", str(out)]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (site / "p.html").write_text("---\n---\nsecond {{ 1 | divided_by: 0 }}\n")
    (site / "new.html").write_text("---\n---\nnew\n")
    assert main(["build", "-d", str(out)]) == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no staging left


def test_unknown_page_for_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"p.html": "---\n---\nx\n"})
    assert main(["render", "nope.md", "-s", str(site)]) == 1
    assert "no page or document with front matter at 'nope.md'" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"_data/x.yml": "a: [\n", "p.html": "---\n---\n{{ site.data.x }}\n"})
    proc = subprocess.run([sys.executable, "-m", "liquidpage", "build", "-s", str(site)],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("site/_data/x.yml:1:5: invalid YAML in data file")
