"""A generated bench site (shared/bench/make_site.py) built by Jekyll and by liquidpage, compared."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from liquidpage import Site

ROOT = Path(__file__).resolve().parent.parent
MAKE_SITE_CANDIDATES = [ROOT.parent / "shared" / "bench" / "make_site.py",
                        Path("/work/shared/bench/make_site.py")]
SIZE = ["--pubs", "300", "--pages", "40", "--posts", "40"]
PINNED_TIME = "time: 2024-05-01 12:00:00 +0000\n"


def _require(what: str) -> None:
    """Skip when a prerequisite is missing, unless CI requires Jekyll (then fail)."""
    if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
        pytest.fail(f"{what} (LIQUIDPAGE_REQUIRE_JEKYLL=1)")
    pytest.skip(what)


@pytest.fixture(scope="module")
def bench_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(source, jekyll output, liquidpage output) for one moderate generated site."""
    if shutil.which("jekyll") is None:
        _require("jekyll not installed")
    make_site = next((p for p in MAKE_SITE_CANDIDATES if p.is_file()), None)
    if make_site is None:
        _require("shared/bench/make_site.py not found")
    assert make_site is not None
    tmp = tmp_path_factory.mktemp("bench")
    source = tmp / "site"
    subprocess.run([sys.executable, str(make_site), str(source), *SIZE], cwd=make_site.parent,
                   check=True, capture_output=True)
    with open(source / "_config.yml", "a", encoding="utf-8") as handle:
        handle.write(PINNED_TIME)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    jekyll_out = tmp / "jekyll"
    subprocess.run(["jekyll", "build", "--quiet", "--disable-disk-cache", "-s", str(source),
                    "-d", str(jekyll_out)], env=env, check=True, capture_output=True)
    ours = tmp / "liquidpage"
    Site.load(source).build(ours)
    return source, jekyll_out, ours


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_bench_site_same_files(bench_site: tuple[Path, Path, Path]) -> None:
    _, jekyll_out, ours = bench_site
    assert _files(ours) == _files(jekyll_out)


def test_bench_site_byte_identical(bench_site: tuple[Path, Path, Path]) -> None:
    _, jekyll_out, ours = bench_site
    differing = [rel for rel in _files(jekyll_out)
                 if (ours / rel).is_file() and (ours / rel).read_bytes() != (jekyll_out / rel).read_bytes()]
    assert differing == []
