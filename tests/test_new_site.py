"""``liquidpage new`` and ``jekyll new`` sites: liquidpage builds them as Jekyll does.

The Jekyll side runs here (the oracle): ``jekyll new`` writes its own site (nothing of it is
committed) and ``jekyll build`` builds both kinds; ``liquidpage compare`` must find every file
identical.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from goldens import jekyll_or_skip

from liquidpage import LiquidpageError, Site
from liquidpage.cli import main
from liquidpage.compare import compare_site
from liquidpage.scaffold import new_site


def _jekyll() -> str:
    return jekyll_or_skip()


def _jekyll_build(source: Path, dest: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    proc = subprocess.run([_jekyll(), "build", "--quiet", "--disable-disk-cache", "-s", str(source), "-d", str(dest)],
                          cwd=source, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _pin_time(site: Path) -> None:
    config = site / "_config.yml"
    config.write_text(config.read_text() + "\ntime: 2030-01-01 12:00:00 +0000\n")  # after the first post


def _assert_identical(site: Path, jekyll_out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    result = compare_site(Site.load(site), jekyll_out)
    bad = [(r.path, r.status) for r in result.files if r.status != "identical"]
    assert not bad, bad


def test_new_writes_the_jekyll_new_structure(tmp_path: Path) -> None:
    written = new_site(tmp_path / "blog", today=dt.date(2024, 5, 1))
    names = sorted(p.relative_to(tmp_path / "blog").as_posix() for p in written)
    assert names == [".gitignore", "404.html", "Gemfile", "_config.yml", "_posts/2024-05-01-hello-world.markdown",
                     "about.markdown", "index.markdown"]
    config = (tmp_path / "blog" / "_config.yml").read_text()
    assert "theme: minima" in config and "- jekyll-feed" in config


def test_new_blank(tmp_path: Path) -> None:
    new_site(tmp_path / "b", blank=True)
    found = sorted(p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*"))
    assert found == ["_config.yml", "_data", "_drafts", "_includes", "_layouts", "_layouts/default.html", "_posts",
                     "_sass", "_sass/main.scss", "assets", "assets/css", "assets/css/main.scss", "index.md"]


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    with pytest.raises(LiquidpageError, match="exists and is not empty"):
        new_site(tmp_path / "x")
    assert main(["new", str(tmp_path / "x")]) == 1
    assert "exists and is not empty" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "x"), "--force", "--blank"]) == 0
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


BLANK_OR_DEFAULT = [pytest.param(False, id="default"), pytest.param(True, id="blank")]


@pytest.mark.parametrize("blank", BLANK_OR_DEFAULT)
def test_liquidpage_new_site_builds_as_jekyll_builds_it(blank: bool, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _jekyll()
    site = tmp_path / "site"
    assert main(["new", str(site)] + (["--blank"] if blank else [])) == 0
    _pin_time(site)
    _jekyll_build(site, tmp_path / "jekyll")
    _assert_identical(site, tmp_path / "jekyll", monkeypatch)


@pytest.mark.parametrize("blank", BLANK_OR_DEFAULT)
def test_jekyll_new_site_builds_as_jekyll_builds_it(blank: bool, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    jekyll = _jekyll()
    site = tmp_path / "site"
    args = [jekyll, "new", str(site)] + (["--blank"] if blank else ["--skip-bundle"])
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _pin_time(site)
    _jekyll_build(site, tmp_path / "jekyll")
    _assert_identical(site, tmp_path / "jekyll", monkeypatch)
