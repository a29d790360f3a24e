"""The public API and the CLI's render/build agree (issue 2, interfaces)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from goldens import FIXTURES
from sitemaker import make_site

import liquidpage
from liquidpage import LiquidpageError, Site, render_page
from liquidpage.cli import main

LAB = FIXTURES / "core-include" / "site"


def test_public_api_is_exactly_all() -> None:
    assert set(liquidpage.__all__) <= set(dir(liquidpage))
    assert {"Site", "render_page", "build", "load_site", "LiquidpageError"} <= set(liquidpage.__all__)


def test_render_page_finds_the_site_root() -> None:
    expected = (FIXTURES / "core-include" / "expected" / "docs" / "rel.html").read_text()
    assert render_page(LAB / "docs" / "rel.html") == expected


def test_render_page_without_config_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("---\n---\nx\n")
    with pytest.raises(LiquidpageError, match="no _config.yml found"):
        render_page(tmp_path / "p.md")


def test_render_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"p.html": "---\n---\n{{ 1 | plus: 2 }}\n"})
    assert Site.load(site).render("p.html") == "3\n"
    assert not (site / "_site").exists()


def test_cli_render_prints_what_build_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "-s", str(LAB), "-d", str(tmp_path / "out"), "--disable-disk-cache"]) == 0
    capsys.readouterr()
    assert main(["render", "index.html", "-s", str(LAB)]) == 0
    assert capsys.readouterr().out == (tmp_path / "out" / "index.html").read_text()


def test_cli_config_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path, {"a.yml": "title: A\nx: a\n", "b.yml": "title: B\n",
                                "p.html": "---\n---\n{{ site.title }}{{ site.x }}\n"})
    assert main(["render", "p.html", "-s", str(site), "--config", f"{site}/a.yml,{site}/b.yml"]) == 0
    assert capsys.readouterr().out == "Ba\n"


def test_version_and_help() -> None:
    out = subprocess.run([sys.executable, "-m", "liquidpage", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("liquidpage ")
    for command in ("build", "render"):
        helped = subprocess.run([sys.executable, "-m", "liquidpage", command, "--help"],
                                capture_output=True, text=True)
        assert helped.returncode == 0 and "--source" in helped.stdout and "--config" in helped.stdout


def test_unported_plugins_are_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = make_site(tmp_path, {"_config.yml": "plugins: [jekyll-no-such-plugin]\n",
                                "p.html": "---\n---\nx\n"})
    Site.load(site)
    assert "Plugin 'jekyll-no-such-plugin' is not available in liquidpage" in caplog.text