"""Writing a build: keep_files and cleanup as Jekyll's Cleaner, atomicity, conflicts (Jekyll's site.rb Site#process, Site#write, cleaner.rb Cleaner)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from liquidpage import Site
from liquidpage.errors import LiquidpageError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() + ("/" if p.is_dir() else "")
                  for p in root.rglob("*"))


def test_cleanup_keeps_keep_files_like_jekyll(tmp_path: Path) -> None:
    # The old destination and the expected result were observed with `jekyll build`.
    src, dest = tmp_path / "src", tmp_path / "dest"
    _write(src, {"_config.yml": "time: 2024-05-01 12:00:00 +0000\nkeep_files: [.git, kept]\n",
                 "index.html": "---\n---\nhi\n"})
    _write(dest, {".git/HEAD": "h", "kept/sub/a.txt": "k", "keptfile.txt": "k2",
                  ".gitignore": "g", "stale.html": "s", ".hidden": "h", "olddir/x": "o",
                  "index.html": "old"})
    (dest / "emptydir").mkdir()
    Site.load(src).build(dest)
    assert _tree(dest) == [".git/", ".git/HEAD", ".gitignore", "index.html", "kept/",
                           "kept/sub/", "kept/sub/a.txt", "keptfile.txt"]
    assert (dest / "index.html").read_text() == "hi\n"
    assert (dest / ".git/HEAD").read_text() == "h"
    assert not list(tmp_path.glob(".dest*")), "no staging folder is left behind"


def test_failed_build_leaves_the_destination_untouched(tmp_path: Path) -> None:
    src, dest = tmp_path / "src", tmp_path / "dest"
    _write(src, {"_config.yml": "time: 2024-05-01 12:00:00 +0000\n",
                 "a.html": "---\n---\nfine\n",
                 "z.html": "---\n---\n{{ 1 | divided_by: 0 }}\n"})
    _write(dest, {"old.html": "old", "a.html": "previous"})
    before = {rel: (dest / rel).read_bytes() for rel in _tree(dest) if not rel.endswith("/")}
    with pytest.raises(LiquidpageError):
        Site.load(src).build(dest)
    after = {rel: (dest / rel).read_bytes() for rel in _tree(dest) if not rel.endswith("/")}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dest", "src"]


def test_conflicts_are_reported_and_the_last_writer_wins(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    dest = tmp_path / "_site"
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        Site.load(FIXTURES / "site-conflicts" / "site", disable_disk_cache=True).build(dest)
    conflicts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Conflict:")]
    assert len(conflicts) == 2
    same = next(m for m in conflicts if "same.html" in m.splitlines()[2])
    # As Jekyll's Doctor.conflicting_urls prints it: the absolute destination path, then each
    # file's `path` (pages: relative; static files and documents: absolute).
    source = FIXTURES / "site-conflicts" / "site"
    assert same.splitlines()[2:] == [str(dest / "same.html"), " - one.html", " - two.html",
                                     f" - {source / 'same.html'}", f" - {source / '_posts/2021-01-01-p.md'}"]
    assert (dest / "same.html").read_text() == "<p>post</p>\n"


def test_future_posts_are_skipped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="liquidpage"):
        site = Site.load(FIXTURES / "site-future" / "site")
    assert "Skipping: _posts/2030-01-01-future.md has a future date" in caplog.text
    assert [d.relative_path for d in site.posts] == ["_posts/2024-04-30-past.md",
                                                    "_posts/2024-05-01-today.md"]
    docs = {d.relative_path: d.write for d in site.collections["docs"].docs}
    assert docs == {"_docs/future-doc.md": False}


def test_nested_keep_files_prefix_keeps_what_jekyll_keeps(tmp_path: Path) -> None:
    # Jekyll 4.3.1 (cleaner.rb keep_file_regex, checked with `jekyll build`): keep_files
    # [sub/keep] keeps out/sub/keep.txt and out/sub/keepdir/x, and removes out/sub/other.txt
    # and out/sub/deep/y. Only folders leading to a kept path are walked.
    src = tmp_path / "src"
    _write(src, {"_config.yml": "time: 2024-05-01 12:00:00 +0000\nkeep_files: [sub/keep]\n",
                 "index.html": "---\n---\nx\n"})
    out = tmp_path / "out"
    for rel in ("sub/keep.txt", "sub/keepdir/x", "sub/other.txt", "sub/deep/y"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel)
    Site.load(src, disable_disk_cache=True).build(out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        ["index.html", "sub/keep.txt", "sub/keepdir/x"]
