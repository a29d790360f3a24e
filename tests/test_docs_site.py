"""``docs/`` is a Jekyll site (minima) that liquidpage and Jekyll build to the same bytes, and its
command-line reference names every flag the parser has.

The Jekyll build runs here (the oracle): skipped without Jekyll, a failure instead when
``LIQUIDPAGE_REQUIRE_JEKYLL=1`` (CI). Both builds write into temporary folders and keep no cache:
nothing is left inside ``docs/``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

import pytest
from goldens import jekyll_or_skip

from liquidpage import Site
from liquidpage.cli import make_parser
from liquidpage.yamlload import load_yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _jekyll() -> str:
    return jekyll_or_skip()


def _minima_installed() -> bool:
    from liquidpage import themes

    try:
        return themes.configure_theme({"theme": "minima", "source": str(DOCS)}) is not None
    except Exception:  # noqa: BLE001 - not installed: the test says so
        return False


def _listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_docs_site_builds_as_jekyll_builds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _minima_installed():
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail("the minima theme is not installed but LIQUIDPAGE_REQUIRE_JEKYLL=1")
        pytest.skip("the minima theme is not installed (apt-get install jekyll-theme-minima)")
    before = _listing(DOCS)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.chdir(tmp_path)
    ours = Site.load(DOCS, config={"disable_disk_cache": True}).build(tmp_path / "liquidpage", jobs=1)
    built = _tree(ours)
    assert "index.html" in built and "cli.html" in built and "parity.html" in built
    assert b'href="/cli.html"' in built["index.html"]  # jekyll-relative-links made the .md link a page link
    assert _listing(DOCS) == before  # nothing written into docs/

    jekyll = _jekyll()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    dest = tmp_path / "jekyll"
    # In the docs folder, as `jekyll build` is run there (Sass source maps name files relative
    # to the working folder: docs/parity.md).
    proc = subprocess.run([jekyll, "build", "--quiet", "--disable-disk-cache", "-s", str(DOCS), "-d", str(dest)],
                          cwd=DOCS, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _listing(DOCS) == before  # no _site, no .jekyll-cache left in docs/
    theirs = _tree(dest)
    assert sorted(built) == sorted(theirs)
    differ = [path for path in theirs if theirs[path] != built[path]]
    assert not differ, differ


def _sections(text: str) -> dict[str, str]:
    """``## `liquidpage NAME` ...`` heading -> the text up to the next ``## `` heading."""
    found: dict[str, str] = {}
    for match in re.finditer(r"^## `liquidpage ([a-z ]+)`[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        found[match.group(1)] = match.group(0)
    return found


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) in seen:
                    continue  # an alias
                seen.add(id(sub))
                inner = _commands(sub, f"{prefix}{name} ")
                found.update(inner or {f"{prefix}{name}": sub})
    return found


def test_cli_reference_names_every_command_and_flag() -> None:
    """docs/cli.md is written by hand; this keeps it complete: every command (and alias) has its
    section, and every flag of `liquidpage CMD --help` appears in that section."""
    text = (DOCS / "cli.md").read_text("utf-8")
    sections = _sections(text)
    parser = make_parser()
    commands = _commands(parser)
    assert set(commands) == set(sections), (sorted(commands), sorted(sections))
    missing = []
    for name, sub in commands.items():
        section = sections[name]
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # -h/--help: once, in the table every command shares
            for flag in action.option_strings:
                if not re.search(rf"`{re.escape(flag)}[` ]", section):
                    missing.append(f"{name} {flag}")
    top = text.split("\n## ", 1)[0]
    for action in parser._actions:  # liquidpage -v / --version / -h / --help: before the commands
        for flag in action.option_strings:
            if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", top):
                missing.append(flag)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if sub.prog.split()[-1] != name and f"(alias `{name}`)" not in text:
                    missing.append(f"alias {name}")
    assert not missing, missing


def test_every_page_is_a_page_of_the_site() -> None:
    """Each Markdown file of docs/ has front matter with a title (else Jekyll would copy it as a
    static file), and the navigation names existing pages."""
    config = load_yaml((DOCS / "_config.yml").read_text("utf-8"))
    assert config["theme"] == "minima" and config.get("time")
    for page in config["header_pages"]:
        assert (DOCS / page).is_file(), page
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text("utf-8")
        assert text.startswith("---\n"), path
        front = load_yaml(text[4:].split("\n---\n", 1)[0])
        assert front.get("title"), path


def test_readme_links_into_docs_exist() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    links = re.findall(r"\]\(((?:docs|fixtures)/[^)#]+)(?:#([^)]+))?\)", text)
    assert links
    for target, anchor in links:
        assert (ROOT / target).is_file(), target
        if anchor:
            headings = re.findall(r"^#+ (.+)$", (ROOT / target).read_text("utf-8"), re.M)
            assert anchor in {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}, anchor
