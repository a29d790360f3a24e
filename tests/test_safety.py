"""Never lose or leak a user's files (issue 12): the destination checks, output paths, the
atomic swap, and reads outside the source folder.

Jekyll's behaviour quoted below was observed with Jekyll 4.3.1 runs in /tmp (verified).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from goldens import FIXTURES
from sitemaker import make_site

from liquidpage import Site, safety
from liquidpage.cli import main
from liquidpage.errors import DestinationError, LiquidpageError, OutputConflictError

PAGE = {"index.html": "---\n---\nhi\n"}


def snapshot(root: Path) -> dict[str, str | bytes]:
    """Every entry under ``root``: file bytes, symlink targets, folders; nothing followed."""
    found: dict[str, str | bytes] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = path.read_bytes()
    return found


# -- 1. the destination ---------------------------------------------------------------------

# Jekyll 4.3.1 (site.rb Site#ensure_not_in_dest), `jekyll build -s . -d .` and `jekyll build -d ..`:
#   Destination directory cannot be or contain the Source directory. (Jekyll::Errors::FatalException)
# exit 1, nothing touched. With `-d link` where link -> the site folder Jekyll, comparing names
# only, deleted every file of the site (exit 1); liquidpage also compares real paths.
@pytest.mark.parametrize(("args", "links"), [
    pytest.param(["-s", ".", "-d", "."], {}, id="dest-is-source"),
    pytest.param(["-d", ".."], {}, id="dest-is-parent"),
    pytest.param(["-d", "../.."], {}, id="dest-is-grandparent"),
    pytest.param(["-d", "/"], {}, id="dest-is-root"),
    pytest.param(["-s", "sub/..", "-d", "."], {}, id="dest-is-source-by-dotdot"),
    pytest.param(["-d", "{tmp}/link"], {"link": "site"}, id="dest-symlink-to-source"),
    pytest.param(["-d", "{tmp}/up"], {"up": "."}, id="dest-symlink-to-parent"),
    pytest.param(["-d", "{tmp}/inner/x/.."], {"inner": "site"}, id="dest-through-symlinked-folder"),
])
def test_destination_that_is_or_contains_the_source_is_refused(
        args: list[str], links: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {**PAGE, "sub/a.txt": "a\n"})
    (tmp_path / "sibling.txt").write_text("precious\n")
    for name, target in links.items():
        os.symlink(tmp_path / target if target != "." else tmp_path, tmp_path / name)
    monkeypatch.chdir(site)
    before = snapshot(tmp_path)
    assert main(["build", *[a.format(tmp=tmp_path) for a in args]]) == 1
    err = capsys.readouterr().err
    assert "Destination directory cannot be or contain the Source directory." in err
    assert "Traceback" not in err and "internal error" not in err
    assert snapshot(tmp_path) == before


def test_destination_errors_are_destination_errors(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGE)
    loaded = Site.load(site)
    for dest in (site, tmp_path, Path("/")):
        with pytest.raises(DestinationError):
            loaded.build(dest)
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(DestinationError, match="is not a folder"):
        loaded.build(tmp_path / "file.txt")
    os.symlink(tmp_path / "missing", tmp_path / "dangling")
    with pytest.raises(DestinationError, match="does not exist"):
        loaded.build(tmp_path / "dangling")
    assert (tmp_path / "file.txt").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "file.txt", "site"]


def test_home_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """A deliberate addition (docs/parity.md): Jekyll would empty the home folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.tex").write_text("years of work\n")
    site = make_site(tmp_path / "site", PAGE)
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    assert main(["build", "-s", str(site), "-d", "~"]) == 1
    assert "Refusing to use" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_destination_file_is_not_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Jekyll 4.3.1: `jekyll build -d afile` fails (Errno::EEXIST from mkdir), the file survives.
    site = make_site(tmp_path / "site", PAGE)
    (tmp_path / "afile").write_text("precious\n")
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "afile")]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err
    assert (tmp_path / "afile").read_text() == "precious\n"


def test_destination_inside_the_source_is_fine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", PAGE)
    monkeypatch.chdir(site)
    for dest in ("_site", "deep/er/out", "out", "out"):
        assert main(["build", "-q", "-d", dest]) == 0
        assert (site / dest / "index.html").read_text() == "hi\n"
    # The destination is not read back as content (other folders are, as in Jekyll).
    assert sorted(p.relative_to(site / "out").as_posix() for p in (site / "out").rglob("*")) == [
        "deep", "deep/er", "deep/er/out", "deep/er/out/index.html", "index.html"]


def test_symlinked_destination_replaces_the_folder_it_points_to(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGE)
    real = tmp_path / "www" / "html"
    real.mkdir(parents=True)
    (real / "stale.html").write_text("old\n")
    (tmp_path / "www" / "other.txt").write_text("keep\n")
    os.symlink(real, tmp_path / "link")
    Site.load(site).build(tmp_path / "link")
    assert (tmp_path / "link").is_symlink()
    assert snapshot(tmp_path / "www") == {"html": "dir", "html/index.html": b"hi\n", "other.txt": b"keep\n"}


def test_destination_inside_a_symlinked_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", PAGE)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "via")
    Site.load(site).build(tmp_path / "via" / "_site")
    assert snapshot(tmp_path / "elsewhere") == {"_site": "dir", "_site/index.html": b"hi\n"}


def test_keep_files_keeps_a_symlinked_folder_as_a_link(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {**PAGE, "_config.yml": "time: 2024-05-01 12:00:00 +0000\n"
                                         "keep_files: [media]\n"})
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "big.bin").write_text("data\n")
    dest = tmp_path / "out"
    dest.mkdir()
    os.symlink(tmp_path / "store", dest / "media")
    Site.load(site).build(dest)
    assert os.readlink(dest / "media") == str(tmp_path / "store")
    assert (tmp_path / "store" / "big.bin").read_text() == "data\n"


def test_failed_swap_puts_the_previous_output_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", PAGE)
    dest = tmp_path / "out"
    (dest / "sub").mkdir(parents=True)
    (dest / "sub" / "old.html").write_text("old\n")
    before = snapshot(tmp_path)
    real_rename = os.rename
    calls: list[str] = []

    def failing_rename(src: str, dst: str) -> None:
        calls.append(str(dst))
        if len(calls) == 2:  # the staging folder -> the destination
            raise PermissionError(13, "Permission denied")
        real_rename(src, dst)

    loaded = Site.load(site)
    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(DestinationError, match="could not replace the destination"):
        loaded.build(dest)
    assert snapshot(tmp_path) == before  # no staging or old-tree folder left either


# -- output paths -------------------------------------------------------------------------------

def test_permalink_with_dotdot_stays_inside(tmp_path: Path) -> None:
    # Jekyll 4.3.1: `permalink: /../../x.html` and `/a/%2e%2e/%2e%2e/y.html` are written as
    # _site/x.html and _site/y.html (URL#sanitize_url, Jekyll.sanitized_path).
    site = make_site(tmp_path / "a" / "b" / "site", {
        "up.md": "---\npermalink: /../../x.html\n---\nup\n",
        "enc.md": "---\npermalink: /a/%2e%2e/%2e%2e/y.html\n---\nenc\n"})
    before = snapshot(tmp_path / "a")
    Site.load(site).build(tmp_path / "a" / "b" / "out")
    after = snapshot(tmp_path / "a")
    assert {k for k in after if k not in before} == {"b/out", "b/out/x.html", "b/out/y.html"}


def test_file_and_folder_conflict_fails_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Jekyll 4.3.1 fails on this site: `unlink': Is a directory @ apply2files - <dest>/foo
    # (Errno::EISDIR). liquidpage used to copy the static file into the folder (out/foo/foo).
    site = make_site(tmp_path / "site", {"foo": "static\n",
                                         "p.md": "---\ntitle: t\npermalink: /foo/index.html\n---\nx\n"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "prev.html").write_text("prev\n")
    before = snapshot(tmp_path)
    with pytest.raises(OutputConflictError) as info:
        Site.load(site).build(tmp_path / "out")
    assert info.value.location is not None and info.value.location.line == 3  # the permalink line
    assert snapshot(tmp_path) == before
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "p.md:3:1: Output path conflict:" in err and "Traceback" not in err


def test_nul_in_a_permalink_is_an_error(tmp_path: Path) -> None:
    # Jekyll 4.3.1: `expand_path': path name contains null byte (ArgumentError), exit 1.
    site = make_site(tmp_path / "site", {"p.md": "---\npermalink: /n%00x.html\n---\nx\n"})
    with pytest.raises(DestinationError, match="NUL"):
        Site.load(site).build(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_output_path_checks() -> None:
    for bad in ("", "/etc/passwd", "../x", "a/../../x", "a//b", "./x", "a\x00b"):
        with pytest.raises(DestinationError):
            safety.check_output_path(bad)
    safety.check_output_path("a/b..c/.d/x.html")
    assert safety.output_conflicts(["a", "a/b", "c/d", "c/d/e/f", "cd/e"]) == [("a", "a/b"), ("c/d", "c/d/e/f")]


def test_conflict_warning_names_the_destination_like_jekyll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """features/permalinks.feature "Using the same permalink twice". Jekyll 4.3.1 printed:
        Conflict: The following destination is shared by multiple files.
                  The written file may end up with unexpected contents.
                  <source>/_site/amazing.html
                   - awesome.md
                   - cool.md
                   - <source>/amazing.html
        ... <source>/_site/puppies/2009/03/27/rover.html
                   - <source>/_posts/2009-03-27-rover.markdown
                   - <source>/_puppies/rover.md
    """
    site = make_site(tmp_path / "site", {
        "cool.md": "---\npermalink: /amazing.html\n---\nI am cool\n",
        "awesome.md": "---\npermalink: /amazing.html\n---\nI am also awesome\n",
        "amazing.html": "Hello World\nI'm a static file\n",
        "_config.yml": "time: 2024-05-01 12:00:00 +0000\ncollections:\n  puppies:\n    output: true\n"
                       "    permalink: /:collection/:year/:month/:day/:title:output_ext\n",
        "_puppies/rover.md": "---\ntitle: Rover\ndate: 2009-03-27\n---\ncontent for Rover.\n",
        "_posts/2009-03-27-rover.markdown": "---\ntitle: Rover\ndate: 2009-03-27\nlayout: none\n"
                                            "category: puppies\n---\nLuke, I am your father.\n"})
    monkeypatch.chdir(site)
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert err.count("WARNING: Conflict: The following destination is shared by multiple files.") == 2
    assert (f"{site}/_site/amazing.html\n - awesome.md\n - cool.md\n - {site}/amazing.html\n") in err
    assert (f"{site}/_site/puppies/2009/03/27/rover.html\n - {site}/_posts/2009-03-27-rover.markdown\n"
            f" - {site}/_puppies/rover.md\n") in err
    # The feature's own checks (regular expressions on the build output):
    for text in ("_site/amazing.html", "awesome.md", "cool.md", "amazing.html",
                 "_site/puppies/2009/03/27/rover.html", "_posts/2009-03-27-rover.markdown",
                 "_puppies/rover.md"):
        assert text in err
