"""Jekyll's other commands and build output: clean, doctor, -V, the summary line, -v."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sitemaker import make_site

from liquidpage.cli import main


def _jekyll_doctor(site: Path) -> tuple[int, str]:
    if shutil.which("jekyll") is None:
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail("jekyll is not installed but LIQUIDPAGE_REQUIRE_JEKYLL=1")
        pytest.skip("jekyll not installed")
    proc = subprocess.run(["jekyll", "doctor", "-s", str(site)], cwd=site, capture_output=True, text=True,
                          env={**os.environ, "TZ": "UTC"}, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_build_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na", "b.txt": "b"})
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Built {tmp_path / 'out'}: 2 files in ") and out.endswith(" s\n") and out.count("\n") == 1


def test_quiet_build_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na"})
    assert main(["build", "-q", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    assert capsys.readouterr() == ("", "")


def test_verbose_build_prints_jekylls_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na"})
    assert main(["build", "-V", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    # The topics and their alignment are Jekyll's (commands/build.rb, configuration.rb).
    assert lines[0] == f"Configuration file: {(site / '_config.yml').resolve()}"
    assert lines[1] == f"            Source: {site.resolve()}"
    assert lines[2] == f"       Destination: {tmp_path / 'out'}"
    assert lines[3] == " Incremental build: disabled. Enable with --incremental"
    assert lines[4] == "      Generating... "
    assert lines[5].startswith("                    done in ") and lines[5].endswith(" seconds.")
    assert lines[6] == " Auto-regeneration: disabled. Use --watch to enable."


def test_limit_posts_and_strict_front_matter_flags(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "_posts/2024-01-01-a.md": "---\n---\na", "_posts/2024-01-02-b.md": "---\n---\nb",
        "index.html": "---\n---\n{{ site.posts | size }}"})
    assert main(["build", "-q", "-s", str(site), "-d", str(tmp_path / "out"), "--limit_posts", "1"]) == 0
    assert (tmp_path / "out" / "index.html").read_text() == "1"
    (site / "bad.md").write_text("---\nx: [\n---\nbad\n")
    assert main(["build", "-q", "-s", str(site), "-d", str(tmp_path / "out2"), "--strict_front_matter"]) == 1
    assert not (tmp_path / "out2").exists()


def test_lsi_flag_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na"})
    assert main(["build", "-s", str(site), "-d", str(tmp_path / "out"), "--lsi"]) == 0
    assert "LSI" in capsys.readouterr().err


def test_version_short_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["-v"])
    assert info.value.code == 0 and capsys.readouterr().out.startswith("liquidpage ")


def test_clean_removes_only_what_jekyll_clean_removes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na", "_keep.txt": "mine"})
    (site / ".jekyll-cache" / "x").mkdir(parents=True)
    (site / ".jekyll-metadata").write_text("m")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    assert main(["clean", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert f"           Cleaner: Removing {tmp_path / 'out'}..." in out  # as `jekyll clean` prints it
    assert "           Cleaner: Nothing to do for .sass-cache." in out
    assert not (tmp_path / "out").exists() and not (site / ".jekyll-cache").exists()
    assert not (site / ".jekyll-metadata").exists()
    assert (site / "_keep.txt").read_text() == "mine" and (site / "a.html").exists()
    assert main(["clean", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    assert f"Nothing to do for {tmp_path / 'out'}." in capsys.readouterr().out


def test_clean_refuses_the_source_as_destination(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na"})
    assert main(["clean", "-s", str(site), "-d", str(site)]) == 1
    assert (site / "a.html").exists()
    assert main(["clean", "-s", str(site), "-d", str(tmp_path)]) == 1
    assert (site / "a.html").exists()


def test_doctor_reports_what_jekyll_doctor_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {
        "_config.yml": "time: 2024-05-01\n",
        "a.md": "---\npermalink: /same.html\n---\na", "b.md": "---\npermalink: /same.html\n---\nb",
        "c.md": "---\npermalink: /Case.html\n---\nc", "d.md": "---\npermalink: /case.html\n---\nd",
    })
    monkeypatch.chdir(site)
    code, jekyll_out = _jekyll_doctor(site)
    assert main(["doctor", "-s", str(site)]) == 1 and code != 0
    ours = capsys.readouterr().err
    for line in ours.splitlines():
        if line.strip():
            assert line.strip() in jekyll_out, line


def test_doctor_healthy_site(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {"_config.yml": "url: https://example.org\n", "a.md": "---\n---\na"})
    monkeypatch.chdir(site)
    code, jekyll_out = _jekyll_doctor(site)
    assert code == 0 and "Everything looks fine." in jekyll_out
    assert main(["doctor", "-s", str(site)]) == 0
    ours = capsys.readouterr().out
    assert ours == "  Your test results are in. Everything looks fine.\n"
    assert ours in jekyll_out


def test_clean_leaves_a_sass_cache_outside_the_source(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "site", {"a.html": "---\n---\na"})
    (tmp_path / ".sass-cache").mkdir()
    (tmp_path / ".sass-cache" / "mine").write_text("keep")
    monkeypatch.chdir(tmp_path)  # Jekyll would remove ./.sass-cache here, outside the site
    assert main(["clean", "-s", str(site), "-d", str(tmp_path / "out")]) == 0
    assert (tmp_path / ".sass-cache" / "mine").read_text() == "keep"
    assert "Not removing" in capsys.readouterr().out
