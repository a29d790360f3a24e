"""Jekyll's own acceptance scenarios, features/site_configuration.feature (jekyll/jekyll), ported.

Each scenario that builds is a fixture, ``fixtures/feature-siteconfig-<name>/site``, written as
the feature's steps write it (features/step_definitions.rb: "page" files get ``layout: none``
front matter, posts get their table row as front matter; ``time:`` pinned where the scenario
does not set it), with ``expected/`` made by real Jekyll (``python fixtures/regen.py``). A
``jekyll-cwd`` file marks a fixture built as the feature builds it, ``jekyll build`` in the
site folder with no ``-s``/``-d`` (so ``source:``/``destination:`` of its _config.yml apply).

Here liquidpage builds each fixture the same way (``liquidpage build`` in a copy of site/), the
output must be byte-identical to Jekyll's, and the scenario's own ``Then`` steps are checked on
both outputs. The three scenarios where Jekyll refuses to build (source and destination
overlap) are checked against the message Jekyll printed, and against Jekyll itself when it is
installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree

from liquidpage.cli import main

# scenario -> (fixture names, Then steps). A step is ("see", path, regex), ("not see", path,
# regex), ("exists", path) or ("absent", path), paths relative to the folder Jekyll runs in.
SCENARIOS: dict[str, tuple[list[str], list[tuple[str, ...]]]] = {
    "Change source directory": (["change-source"], [
        ("see", "_site/index.html", "Changing source directory")]),
    "Change destination directory": (["change-destination"], [
        ("see", "_mysite/index.html", "Changing destination directory")]),
    "Similarly named source and destination: mysite_source, mysite": (["similar-1"], [
        ("exists", "mysite_source"), ("exists", "mysite/index.html"),
        ("see", "mysite_source/index.md", "markdown")]),
    "Similarly named source and destination: mysite, mysite_dest": (["similar-2"], [
        ("exists", "mysite"), ("exists", "mysite_dest/index.html"), ("see", "mysite/index.md", "markdown")]),
    "Similarly named source and destination: mysite, mysite/dest": (["similar-6"], [
        ("exists", "mysite"), ("exists", "mysite/dest/index.html"), ("see", "mysite/index.md", "markdown")]),
    "Exclude files inline": (["exclude-inline"], [
        ("see", "_site/index.html", "I want to be included"), ("absent", "_site/Gemfile"),
        ("absent", "_site/Rakefile"), ("absent", "_site/README")]),
    "Exclude files with YAML array": (["exclude-yaml-array"], [
        ("see", "_site/index.html", "I want to be included"), ("absent", "_site/Rakefile"),
        ("absent", "_site/README"), ("absent", "_site/Gemfile")]),
    "Copy over excluded files when their directory is explicitly included": (["include-excluded-dir"], [
        ("exists", "_site"), ("absent", "_site/.htaccess"), ("see", "_site/.gitignore", ".DS_Store"),
        ("see", "_site/Gemfile", "gem 'include-me'"),
        ("see", "_site/node_modules/bazinga.js", "var c = 'Bazinga!';"),
        ("see", "_site/node_modules/warning.js", "var w = 'Winter is coming!';")]),
    "Copy over excluded files only when they are explicitly included": (["include-excluded-files"], [
        ("exists", "_site"), ("absent", "_site/.htaccess"), ("see", "_site/.gitignore", ".DS_Store"),
        ("see", "_site/node_modules/bazinga.js", "var c = 'Bazinga!';"),
        ("absent", "_site/node_modules/warning.js")]),
    "Copy over excluded wild-card files only when they are explicitly included (first build)": (
        ["exclude-wildcard-1"], [
            ("exists", "_site"), ("absent", "_site/.gitignore"), ("absent", "_site/foo.txt"),
            ("absent", "_site/index.html"), ("absent", "_site/about.html"), ("exists", "_site/.htaccess")]),
    "Copy over excluded wild-card files only when they are explicitly included (second build)": (
        ["exclude-wildcard-2"], [
            ("exists", "_site"), ("absent", "_site/.gitignore"), ("absent", "_site/foo.txt"),
            ("absent", "_site/index.html"), ("absent", "_site/.htaccess"), ("exists", "_site/about.html"),
            ("see", "_site/about.html", "John Doe")]),
    "Process included files only once (first build)": (["include-once-1"], [
        ("exists", "_site"), ("absent", "_site/.foobar"), ("absent", "_site/_redirects"),
        ("see", "_site/index.html", "Dotpages: 0"), ("see", "_site/index.html", "Dotstatics: 0")]),
    "Process included files only once (second build)": (["include-once-2"], [
        ("no conflict",), ("exists", "_site"), ("exists", "_site/.foobar"), ("exists", "_site/_redirects"),
        ("see", "_site/index.html", "Dotpages: 1"), ("see", "_site/index.html", "Dotstatics: 1")]),
    "Use Kramdown for markup": (["kramdown"], [
        ("exists", "_site"), ("see", "_site/index.html", '<a href=\\"https://www.google.com\\">Google</a>')]),
    "Highlight code with rouge": (["rouge"], [
        ("exists", "_site"), ("see", "_site/index.html", "Hello world!"),
        ("see", "_site/index.html", 'class=\\"highlight\\"')]),
    "Rouge renders code block once": (["rouge-once"], [
        ("not see", "_site/2014/04/27/foo.html", "highlight(.*)highlight")]),
    "Set time and no future dated posts": (["time-no-future"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 1 on 2010-01-01"),
        ("see", "_site/2007/12/31/entry1.html", "Post Layout: <p>content for entry1.</p>"),
        ("absent", "_site/2020/01/31/entry2.html")]),
    "Set time and future dated posts allowed": (["time-future"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 2 on 2010-01-01"),
        ("see", "_site/2007/12/31/entry1.html", "Post Layout: <p>content for entry1.</p>"),
        ("see", "_site/2020/01/31/entry2.html", "Post Layout: <p>content for entry2.</p>")]),
    "Generate proper dates with explicitly set timezone (same as posts' time)": (["tz-new-york"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 2"),
        ("see", "_site/2013/04/09/entry1.html", "Post Layout: <p>content for entry1.</p>\\n built at"),
        ("see", "_site/2013/04/10/entry2.html", "Post Layout: <p>content for entry2.</p>\\n built at"),
        ("see", "_site/2013/04/09/entry1.html", "2013-04-09T23:22:00-04:00"),
        ("see", "_site/2013/04/10/entry2.html", "2013-04-10T03:14:00-04:00")]),
    "Generate proper dates with explicitly set timezone (different than posts' time)": (["tz-honolulu"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 2"),
        ("exists", "_site/2013/04/09/entry1.html"), ("exists", "_site/2013/04/09/entry2.html"),
        ("see", "_site/2013/04/09/entry1.html",
         "Post Layout: <p>content for entry1.</p>\\n built at 2013-04-09T09:22:00-10:00"),
        ("see", "_site/2013/04/09/entry2.html",
         "Post Layout: <p>content for entry2.</p>\\n built at 2013-04-09T13:14:00-10:00")]),
    "Generate proper dates with explicitly set timezone (using non-half hour offset )": (["tz-eucla"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 2"),
        ("exists", "_site/2013/04/10/entry1.html"), ("exists", "_site/2013/04/10/entry2.html"),
        ("see", "_site/2013/04/10/entry1.html",
         "Post Layout: <p>content for entry1.</p>\\n built at 2013-04-10T04:07:00\\+08:45"),
        ("see", "_site/2013/04/10/entry2.html",
         "Post Layout: <p>content for entry2.</p>\\n built at 2013-04-10T07:59:00\\+08:45")]),
    "Limit the number of posts generated by most recent date": (["limit-posts"], [
        ("exists", "_site"), ("exists", "_site/2009/04/05/bananas.html"),
        ("exists", "_site/2009/04/01/oranges.html"), ("absent", "_site/2009/03/27/apples.html")]),
    "Using a different layouts directory": (["layouts-dir"], [
        ("exists", "_site"), ("see", "_site/index.html", "Page Layout: 2 on 2010-01-01"),
        ("see", "_site/2007/12/31/entry1.html", "Post Layout: <p>content for entry1.</p>"),
        ("see", "_site/2020/01/31/entry2.html", "Post Layout: <p>content for entry2.</p>")]),
    "arbitrary file reads via layouts": (["arbitrary-layouts"], [
        ("exists", "_site"), ("see", "_site/index.html", "FOO"), ("not see", "_site/index.html", " ")]),
}


def _out_dir(name: str) -> str:
    marker = FIXTURES / f"feature-siteconfig-{name}" / "jekyll-cwd"
    return marker.read_text().strip() if marker.exists() else "_site"


def _check(step: tuple[str, ...], root: Path, err: str) -> None:
    kind = step[0]
    if kind == "no conflict":
        assert not re.search("Conflict:", err)
        return
    path = root / step[1]
    if kind == "exists":
        assert path.exists(), step
    elif kind == "absent":
        assert not path.exists(), step
    else:
        assert path.is_file(), step
        found = re.search(step[2], path.read_text(), re.S)
        assert bool(found) is (kind == "see"), step


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_scenario(scenario: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TZ", "UTC")
    names, steps = SCENARIOS[scenario]
    for name in names:
        fixture = FIXTURES / f"feature-siteconfig-{name}"
        work = tmp_path / name
        shutil.copytree(fixture / "site", work, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
        monkeypatch.chdir(work)
        assert main(["build"]) == 0  # "Then I should get a zero exit status"
        err = capsys.readouterr().err
        out = _out_dir(name)
        assert_same_tree(fixture / "expected", work / out)
        for step in steps:
            _check(step, work, err)
            # The same step holds on Jekyll's output (it checks the fixture, not us).
            if step[0] != "no conflict" and (step[1] + "/").startswith(out + "/"):
                mirror = tmp_path / "jekyll" / name
                if not mirror.exists():
                    shutil.copytree(fixture / "site", mirror, symlinks=True, ignore=shutil.ignore_patterns(".jekyll-cache"))
                    shutil.rmtree(mirror / out, ignore_errors=True)
                    shutil.copytree(fixture / "expected", mirror / out, symlinks=True)
                _check(step, mirror, "")


# Jekyll 4.3.1 on these three examples of "Similarly named source and destination" (verified,
# `jekyll build` in a folder whose _config.yml sets source and destination):
#   Destination directory cannot be or contain the Source directory. (exit 1, nothing written)
REFUSED = [("mysite/", "mysite"), ("mysite", "./mysite"), ("mysite/source", "mysite")]


def _refused_site(root: Path, source: str, dest: str) -> None:
    (root / source).mkdir(parents=True)
    (root / source / "index.md").write_text("---\nlayout: none\n---\n\nmarkdown\n")
    (root / "_config.yml").write_text(f"source: {source}\ndestination: {dest}\n"
                                      "time: 2024-03-01 10:00:00 +0000\n")


@pytest.mark.parametrize(("source", "dest"), REFUSED)
def test_similarly_named_source_and_destination_refused(
        source: str, dest: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    _refused_site(work, source, dest)
    monkeypatch.chdir(work)
    assert main(["build"]) == 1
    assert "Destination directory cannot be or contain the Source directory." in capsys.readouterr().err
    # The scenario's Then steps.
    assert (work / source).is_dir()
    assert not (work / dest / "index.html").exists()
    assert re.search("markdown", (work / source / "index.md").read_text())


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="Jekyll is not installed")
@pytest.mark.parametrize(("source", "dest"), REFUSED)
def test_similarly_named_source_and_destination_refused_by_jekyll(source: str, dest: str, tmp_path: Path) -> None:
    """The oracle for the test above: Jekyll itself refuses these (no golden to record)."""
    work = tmp_path / "work"
    _refused_site(work, source, dest)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    proc = subprocess.run(["jekyll", "build", "--quiet", "--disable-disk-cache"], cwd=work, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "Destination directory cannot be or contain the Source directory." in proc.stdout + proc.stderr
    assert not (work / dest / "index.html").exists()
