"""liquidpage.rubyfnmatch against Ruby's own File.fnmatch? (flags 0), as EntryFilter uses it (Jekyll's entry_filter.rb EntryFilter#filter).

tests/fnmatch_ruby.json was printed once by Ruby 3.1.2 (the command is in its "comment");
its expected values never come from liquidpage.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from liquidpage.rubyfnmatch import brace_expand, fnmatch, glob

DATA = json.loads((Path(__file__).parent / "fnmatch_ruby.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("index", "pattern"), list(enumerate(DATA["patterns"])))
def test_pattern_matches_like_ruby(index: int, pattern: str) -> None:
    expected = DATA["matches"][index]
    got = "".join("1" if fnmatch(pattern, path) else "0" for path in DATA["paths"])
    wrong = [(path, e) for path, e, g in zip(DATA["paths"], expected, got) if e != g]
    assert not wrong, f"{pattern!r}: Ruby says (path, match) {wrong}"


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("/src/*", "/src/a/b/c", True),          # * crosses /
    ("/src/?", "/src/a", True),
    ("/src/a?b", "/src/a/b", True),          # ? matches / too
    ("/src/[!a].txt", "/src/b.txt", True),
    ("/src/[^a].txt", "/src/a.txt", False),
    ("/src/[z-a].txt", "/src/m.txt", False),  # a reversed range matches only its ends
    ("/src/[z-a].txt", "/src/a.txt", True),
    ("/src/[].txt", "/src/].txt", False),    # ] right after [ closes an empty class
    ("/src/[!].txt", "/src/x.txt", True),
    ("/src/[abc", "/src/[abc", False),       # an unclosed class matches nothing
    ("/src/\\*.txt", "/src/*.txt", True),
    ("/src/\\*.txt", "/src/a.txt", False),
    ("/src/{a,b}.txt", "/src/a.txt", False),  # no braces
    ("*x", ".x", False),                     # a leading dot needs a literal dot
])
def test_documented_rules(pattern: str, path: str, matches: bool) -> None:
    assert fnmatch(pattern, path) is matches


# -- Dir.glob (front matter defaults' scope paths) ------------------------------------------------
GLOB = json.loads((Path(__file__).parent / "dirglob_ruby.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def glob_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("glob") / "root"
    for rel in GLOB["files"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)
    for link, target in GLOB["links"].items():
        os.symlink(target, root / link)
    return root


@pytest.mark.parametrize(("index", "pattern"), list(enumerate(GLOB["patterns"])))
def test_dir_glob_like_ruby(index: int, pattern: str, glob_tree: Path) -> None:
    prefix = str(glob_tree) + "/"
    got = sorted(m[len(prefix):] for m in glob(prefix + pattern))
    assert got == GLOB["matches"][index]


def test_brace_expand() -> None:
    assert brace_expand("a{b,c{d,e}}f") == ["abf", "acdf", "acef"]
    assert brace_expand("{a,b") == ["{a,b"]
    assert brace_expand("a\\{b,c}") == ["a\\{b,c}"]


@pytest.mark.parametrize(("index", "pattern"), list(enumerate(GLOB["patterns"])))
def test_dir_glob_relative_in_root(index: int, pattern: str, glob_tree: Path) -> None:
    """``Dir.chdir(root) { Dir.glob(pattern) }``: the same matches, relative (Ruby drops the
    empty match of the folder itself for a relative ``**/``)."""
    expected = [m for m in GLOB["matches"][index] if m]
    assert sorted(glob(pattern, root=str(glob_tree))) == expected
