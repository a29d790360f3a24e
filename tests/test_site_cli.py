"""``liquidpage build`` flags that mirror ``jekyll build`` (--drafts, --future, --unpublished, ...)."""

from __future__ import annotations

from pathlib import Path

import pytest

from liquidpage.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(("fixture", "flags"), [
    ("site-drafts", ["--drafts"]),
    ("site-future-flags", ["--future", "--unpublished"]),
    ("site-future", []),
])
def test_build_flags_match_jekyll_args(fixture: str, flags: list[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    dest = tmp_path / "_site"
    assert main(["build", "-q", "-s", str(FIXTURES / fixture / "site"), "-d", str(dest), "--disable-disk-cache",
                 *flags]) == 0
    expected = FIXTURES / fixture / "expected"
    assert _files(dest) == _files(expected)
    for rel in _files(expected):
        assert (dest / rel).read_bytes() == (expected / rel).read_bytes(), rel


def test_baseurl_flag_overrides_the_config(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "_config.yml").write_text("baseurl: /conf\ntime: 2024-05-01 12:00:00 +0000\n")
    (src / "index.html").write_text("---\n---\n{{ site.baseurl }}|{{ '/x' | relative_url }}\n")
    dest = tmp_path / "out"
    assert main(["build", "-q", "-s", str(src), "-d", str(dest), "--baseurl", "/flag"]) == 0
    assert (dest / "index.html").read_text() == "/flag|/flag/x\n"


def test_quiet_hides_warnings_and_trace_prints_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.html").write_text("---\nlayout: missing\n---\nx\n")
    assert main(["build", "-q", "-s", str(src), "-d", str(tmp_path / "a")]) == 0
    assert "missing" not in capsys.readouterr().err
    assert main(["build", "-s", str(src), "-d", str(tmp_path / "b")]) == 0
    assert "Layout 'missing' requested" in capsys.readouterr().err
    (src / "bad.html").write_text("---\n---\n{{ 1 | divided_by: 0 }}\n")
    assert main(["build", "--trace", "-s", str(src), "-d", str(tmp_path / "c")]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err
