"""``liquidpage compare``: statuses, diffs, JSON, --ignore-whitespace and exit codes against Jekyll goldens."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liquidpage import Site
from liquidpage.cli import main
from liquidpage.compare import compare_site, normalise_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BASIC = FIXTURES / "compare-basic"
SOURCE = str(BASIC / "site")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``liquidpage compare -s compare-basic/site ARGS``; return (exit code, stdout, stderr)."""
    code = main(["compare", "-s", SOURCE, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    """A writable copy of Jekyll's output for compare-basic."""
    copy = tmp_path / "_site"
    shutil.copytree(BASIC / "expected", copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


# -- statuses and exit codes ------------------------------------------------------------------

def test_identical_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--against", str(BASIC / "expected"))
    assert (code, out, err) == (0, "4 identical, 0 differ, 0 missing, 0 extra\n", "")


def test_verbose_lists_identical_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--against", str(BASIC / "expected"), "-v")
    assert code == 0
    assert "identical about/index.html\n" in out and "identical assets/dot.png\n" in out


def test_changed_file_differs_with_diff(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    edit(golden / "index.html", "<h1>Home</h1>", "<h1>Start</h1>")
    code, out, _ = run(capsys, "--against", str(golden))
    assert code == 1
    assert "differs   index.html\n" in out
    assert f"--- {golden}/index.html\n+++ liquidpage/index.html\n" in out
    assert "\n-  <h1>Start</h1>\n+  <h1>Home</h1>\n" in out
    assert out.endswith("3 identical, 1 differ, 0 missing, 0 extra\n")


def test_missing_and_extra(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    (golden / "assets" / "site.css").unlink()  # Jekyll has no such file: liquidpage's is extra
    (golden / "feed.xml").write_text("<feed/>\n")  # only Jekyll has it: missing from liquidpage
    code, out, _ = run(capsys, "--against", str(golden))
    assert code == 1
    assert "missing   feed.xml\n" in out and "extra     assets/site.css\n" in out
    assert out.endswith("3 identical, 0 differ, 1 missing, 1 extra\n")


def test_all_statuses_and_diff_count(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    edit(golden / "index.html", "Home", "Hom")
    edit(golden / "about" / "index.html", "About", "Abou")
    (golden / "robots.txt").write_text("User-agent: *\n")
    code, out, _ = run(capsys, "--against", str(golden), "--diff", "0")
    assert code == 1 and "---" not in out and "@@" not in out
    assert out.endswith("2 identical, 2 differ, 1 missing, 0 extra\n")
    code, out, _ = run(capsys, "--against", str(golden), "--diff", "2")
    assert out.count("+++ liquidpage/") == 2


def test_binary_file_only_reported(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    png = golden / "assets" / "dot.png"
    png.write_bytes(png.read_bytes()[:-1] + b"\x00")
    code, out, _ = run(capsys, "--against", str(golden))
    assert code == 1
    assert "differs   assets/dot.png (binary)\n" in out
    assert f"Binary files {golden}/assets/dot.png and liquidpage/assets/dot.png differ\n" in out


def test_line_endings_and_final_newline(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    css = golden / "assets" / "site.css"
    css.write_bytes(css.read_bytes().replace(b"\n", b"\r\n"))
    code, out, _ = run(capsys, "--against", str(golden))
    assert code == 1 and "assets/site.css: only line endings differ (CRLF vs LF)\n" in out
    css.write_bytes(b"body { margin: 0; }")  # no final newline in Jekyll's copy
    code, out, _ = run(capsys, "--against", str(golden))
    assert "-body { margin: 0; }\n\\ No newline at end of file\n+body { margin: 0; }\n" in out


def test_json_report(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    edit(golden / "about" / "index.html", "About", "Info")
    (golden / "index.html").unlink()
    code, out, _ = run(capsys, "--against", str(golden), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["summary"] == {"identical": 2, "differs": 1, "missing": 0, "extra": 1, "ok": False}
    statuses = {f["path"]: f["status"] for f in doc["files"]}
    assert statuses == {"about/index.html": "differs", "assets/dot.png": "identical",
                        "assets/site.css": "identical", "index.html": "extra"}
    about = doc["files"][0]
    assert about["binary"] is False and "+  <title>About | Compare Basic</title>" in about["diff"]
    assert doc["against"] == str(golden) and doc["ignore_whitespace"] is False


def test_json_identical(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--against", str(BASIC / "expected"), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["ok"] is True


# -- --ignore-whitespace ----------------------------------------------------------------------

def test_ignore_whitespace_passes_whitespace_only_change(
        capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    page = golden / "index.html"
    edit(page, "  <li>item 1</li>\n", "<li>item 1</li>\n\n")
    edit(page, "Welcome to   compare", "Welcome\tto compare")
    edit(page, "</html>\n", "</html>")
    assert run(capsys, "--against", str(golden))[0] == 1
    code, out, _ = run(capsys, "--against", str(golden), "--ignore-whitespace")
    assert code == 0
    assert "note: 1 file(s) identical only after whitespace normalisation\n" in out
    assert out.endswith("4 identical, 0 differ, 0 missing, 0 extra\n")


@pytest.mark.parametrize(("page", "old", "new"), [
    ("index.html", "indented   line", "indented line"),  # <pre>
    ("index.html", "\n    deeper", "\n deeper"),  # <pre>, leading indentation
    ("about/index.html", "a  b</code>", "a b</code>"),
    ("about/index.html", "keep   this", "keep this"),  # <textarea>
    ("about/index.html", "two  spaces", "two spaces"),  # <script>
])
def test_ignore_whitespace_keeps_preformatted(capsys: pytest.CaptureFixture[str], golden: Path,
                                              page: str, old: str, new: str) -> None:
    edit(golden / page, old, new)
    code, out, _ = run(capsys, "--against", str(golden), "--ignore-whitespace")
    assert code == 1 and f"differs   {page}\n" in out


def test_ignore_whitespace_still_sees_text_change(capsys: pytest.CaptureFixture[str], golden: Path) -> None:
    edit(golden / "index.html", "  <li>item 2</li>", "<li>item two</li>")
    code, out, _ = run(capsys, "--against", str(golden), "--ignore-whitespace")
    assert code == 1 and "-<li>item two</li>\n+<li>item 2</li>\n" in out


def test_normalise_html() -> None:
    key, display = normalise_html("\n <p>a \n\t b&nbsp; c\u00a0 d</p>  <pre><b>x  y</b>\n z</pre> <em>e</em>\n")
    assert key == "<p>a b&nbsp; c\u00a0 d</p> <pre><b>x  y</b>\n z</pre> <em>e</em>"
    assert display == "<p>a\nb&nbsp; c\u00a0 d</p> <pre><b>x  y</b>\n z</pre> <em>e</em>"
    # whitespace is never dropped between two words or tags, only collapsed
    assert normalise_html("<b>a</b> <i>b</i>")[0] != normalise_html("<b>a</b><i>b</i>")[0]
    # tags (attribute spacing included) are kept verbatim
    assert normalise_html('<a  href="x">')[0] == '<a  href="x">'


# -- errors: exit 2, no traceback -------------------------------------------------------------

@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(BASIC / "site", site, ignore=shutil.ignore_patterns(".jekyll-cache"))
    (site / "_config.yml").write_text("title: [unclosed\ntime: 2024-05-01 12:00:00 +0000\n")
    return site


def test_broken_config_exit_2(capsys: pytest.CaptureFixture[str], broken_site: Path) -> None:
    code = main(["compare", "-s", str(broken_site), "--against", str(BASIC / "expected")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "_config.yml:2:" in err and "invalid YAML" in err and "Traceback" not in err


def test_missing_against_folder_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--against", str(tmp_path / "nope"))
    assert (code, out) == (2, "")
    assert err == f"error: --against folder not found: {tmp_path / 'nope'}\n"


def test_against_is_required() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["compare", "-s", SOURCE])
    assert exc.value.code == 2


def test_subprocess_no_traceback(broken_site: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "liquidpage", "compare", "-s", str(broken_site),
         "--against", str(BASIC / "expected")],
        capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "invalid YAML" in proc.stderr and "Traceback" not in proc.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "liquidpage", "compare", "-s", SOURCE, "--against", str(BASIC / "expected")],
        capture_output=True, text=True, cwd=tmp_path)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "4 identical, 0 differ, 0 missing, 0 extra\n", "")


# -- the lab site: compare agrees with an independent byte comparison of a real build ----------

@pytest.mark.parametrize("name", ["lab-site", "lab-site-alt"])
def test_lab_site_statuses_match_build(name: str, tmp_path: Path) -> None:
    """Whatever the lab site's parity today, compare reports exactly what a build + filecmp finds."""
    site = Site.load(FIXTURES / name / "site")
    expected = FIXTURES / name / "expected"
    comparison = compare_site(site, expected)
    built = Site.load(FIXTURES / name / "site", disable_disk_cache=True).build(tmp_path / "_site")
    ours = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    theirs = {p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file()}
    want = {rel: "extra" for rel in ours - theirs} | {rel: "missing" for rel in theirs - ours}
    for rel in ours & theirs:
        same = filecmp.cmp(built / rel, expected / rel, shallow=False)
        want[rel] = "identical" if same else "differs"
    assert {r.path: r.status for r in comparison.files} == want
    assert comparison.ok == all(status == "identical" for status in want.values())


@pytest.mark.parametrize("name", ["lab-site", "lab-site-alt"])
def test_lab_site_identical_exit_0(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The lab sites (Markdown, data loops, includes) render exactly as Jekyll's goldens."""
    fixture = FIXTURES / name
    code = main(["compare", "-s", str(fixture / "site"), "--against", str(fixture / "expected")])
    out, err = capsys.readouterr()
    n = sum(1 for p in (fixture / "expected").rglob("*") if p.is_file())
    assert (code, out, err) == (0, f"{n} identical, 0 differ, 0 missing, 0 extra\n", "")
