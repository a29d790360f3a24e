"""The pytest plugin: ``jekyll_site`` and ``page_snapshot`` through pytester runs in fresh processes."""

from __future__ import annotations

import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from liquidpage import Site
from liquidpage.pytest_plugin import HTMLSnapshotExtension

pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SNAPSHOT = Path("tests/__snapshots__/test_pages/test_home.html")

TEST_PAGES = """\
def test_home(jekyll_site, page_snapshot):
    site = jekyll_site("../site")
    assert site.render("index.html") == page_snapshot
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A user's project: ``site/`` (compare-basic) and ``tests/test_pages.py``."""
    shutil.copytree(FIXTURES / "compare-basic" / "site", pytester.path / "site", ignore=shutil.ignore_patterns(".jekyll-cache"))
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_pages.py").write_text(TEST_PAGES)
    return pytester


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_entry_point_declared() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert found.get("liquidpage") == "liquidpage.pytest_plugin"


def test_plugin_is_active_here(jekyll_site, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    """This very run loaded the plugin through the entry point (no -p, no conftest)."""
    assert request.config.pluginmanager.has_plugin("liquidpage")
    site = jekyll_site("../fixtures/compare-basic/site")
    assert isinstance(site, Site) and site.source == FIXTURES / "compare-basic" / "site"


def test_jekyll_site_passes_options(jekyll_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "extra.yml"
    extra.write_text("title: Overridden\n")
    site = jekyll_site("../fixtures/compare-basic/site",
                       config_files=[FIXTURES / "compare-basic" / "site" / "_config.yml", extra])
    assert "<title>Home | Overridden</title>" in site.render("index.html")


def test_extension_is_html() -> None:
    assert HTMLSnapshotExtension is not None and HTMLSnapshotExtension.file_extension == "html"


def test_record_pass_fail_update(project: pytest.Pytester) -> None:
    site = Site.load(project.path / "site")
    recorded = project.runpytest_subprocess("--snapshot-update")
    recorded.assert_outcomes(passed=1)
    recorded.stdout.fnmatch_lines(["plugins: *liquidpage-*", "*1 snapshot generated*"])  # via entry point
    snapshot = project.path / SNAPSHOT
    assert snapshot.read_bytes() == site.render("index.html").encode("utf-8")  # one .html file, exact

    project.runpytest_subprocess().assert_outcomes(passed=1)

    edit(project.path / "site" / "index.html", "Welcome to", "Greetings from")
    failed = project.runpytest_subprocess()
    failed.assert_outcomes(failed=1)
    out = failed.stdout.str()
    assert "- <p>Welcome to   compare basic.</p>" in out  # the snapshot's line
    assert "+ <p>Greetings from   compare basic.</p>" in out  # the new rendering
    assert "1 snapshot failed" in out

    project.runpytest_subprocess("--snapshot-update").stdout.fnmatch_lines(["*1 snapshot updated*"])
    assert b"Greetings from   compare basic." in snapshot.read_bytes()
    project.runpytest_subprocess().assert_outcomes(passed=1)


def test_snapshot_keeps_exact_bytes(project: pytest.Pytester) -> None:
    """CRLF and trailing spaces survive the round trip, and a lone whitespace change fails."""
    page = project.path / "site" / "raw.html"
    page.write_bytes(b"---\n---\r\nline one  \r\nline two\r\n")
    (project.path / "tests" / "test_pages.py").write_text(
        TEST_PAGES.replace("index.html", "raw.html").replace("test_home", "test_raw"))
    project.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=1)
    stored = project.path / "tests" / "__snapshots__" / "test_pages" / "test_raw.html"
    assert stored.read_bytes() == b"line one  \r\nline two\r\n"
    project.runpytest_subprocess().assert_outcomes(passed=1)
    page.write_bytes(b"---\n---\r\nline one \r\nline two\r\n")
    project.runpytest_subprocess().assert_outcomes(failed=1)


def test_bytes_accepted_other_types_refused(project: pytest.Pytester) -> None:
    (project.path / "tests" / "test_pages.py").write_text(
        "def test_bytes(jekyll_site, page_snapshot):\n"
        "    outputs = dict(jekyll_site('../site').outputs())\n"
        "    assert outputs['index.html'] == page_snapshot\n"
        "def test_dict(page_snapshot):\n"
        "    assert {'a': 1} == page_snapshot\n")
    result = project.runpytest_subprocess("--snapshot-update")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*TypeError: page_snapshot compares HTML text (str or UTF-8 bytes), got dict*"])
    stored = project.path / "tests" / "__snapshots__" / "test_pages" / "test_bytes.html"
    assert stored.read_bytes() == (FIXTURES / "compare-basic" / "expected" / "index.html").read_bytes()


def test_without_syrupy(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """With syrupy unimportable the plugin still loads; only page_snapshot reports how to install it."""
    hidden = project.path / "hide"
    (hidden / "syrupy").mkdir(parents=True)
    (hidden / "syrupy" / "__init__.py").write_text("raise ImportError('syrupy hidden by the test')\n")
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    (project.path / "tests" / "test_other.py").write_text(
        "def test_render(jekyll_site):\n"
        "    assert '<h1>Home</h1>' in jekyll_site('../site').render('index.html')\n")
    result = project.runpytest_subprocess("-p", "no:syrupy")
    result.assert_outcomes(passed=1, errors=1)
    assert "UsageError: page_snapshot needs syrupy: pip install 'liquidpage[pytest]'" in result.stdout.str()


def test_syrupy_plugin_disabled(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-p", "no:syrupy")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*page_snapshot needs syrupy's 'snapshot' fixture*-p no:syrupy*"])


def test_render_error_is_reported_with_its_location(project: pytest.Pytester) -> None:
    edit(project.path / "site" / "index.html", "<h1>{{ page.title }}</h1>", "<h1>{{ page.title }}</h1>\n{% if %}")
    result = project.runpytest_subprocess("tests", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "raised TemplateError:" in out
    assert "site/index.html:" in out and "^" in out
    assert "site.py" not in out and "renderer.py" not in out  # no traceback through the library
