"""Downloading theme gems (liquidpage/gemfetch.py) from a RubyGems server on this machine.

The server is a thread on 127.0.0.1 serving a ``.gem`` the test packs from the installed Debian
minima gem (its files, a gemspec YAML written here, real checksums), so nothing leaves the host.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitemaker import make_site

from liquidpage import Site
from liquidpage.gemfetch import GemFetchError, fetch_gem, parse_spec

MINIMA = Path("/usr/share/rubygems-integration/all/gems/minima-2.5.1")

GEMSPEC_YAML = """--- !ruby/object:Gem::Specification
name: minima
version: !ruby/object:Gem::Version
  version: 2.5.1
platform: ruby
dependencies:
- !ruby/object:Gem::Dependency
  name: jekyll
  requirement: !ruby/object:Gem::Requirement
    requirements:
    - - ">="
      - !ruby/object:Gem::Version
        version: '3.5'
  type: :runtime
  prerelease: false
- !ruby/object:Gem::Dependency
  name: jekyll-feed
  type: :runtime
- !ruby/object:Gem::Dependency
  name: jekyll-seo-tag
  type: :runtime
- !ruby/object:Gem::Dependency
  name: bundler
  type: :development
"""


def _tar(entries: list[tuple[str, bytes | None]], gz: bool) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if gz else "w:") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            if data is None:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def pack_gem(files: list[tuple[str, bytes | None]], *, tamper: bool = False) -> bytes:
    data = _tar(files, gz=True)
    metadata = gzip.compress(GEMSPEC_YAML.encode())
    sums = {"SHA256": {"metadata.gz": hashlib.sha256(metadata).hexdigest(),
                       "data.tar.gz": hashlib.sha256(data if not tamper else b"x").hexdigest()}}
    import yaml

    checksums = gzip.compress(yaml.safe_dump(sums).encode())
    return _tar([("metadata.gz", metadata), ("data.tar.gz", data), ("checksums.yaml.gz", checksums)], gz=False)


def minima_files() -> list[tuple[str, bytes | None]]:
    return [(p.relative_to(MINIMA).as_posix(), p.read_bytes()) for p in sorted(MINIMA.rglob("*")) if p.is_file()]


class GemServer:
    def __init__(self, gems: dict[str, bytes], listed_sha: dict[str, str] | None = None) -> None:
        self.gems = gems
        self.listed = listed_sha or {k: hashlib.sha256(v).hexdigest() for k, v in gems.items()}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append(self.path)
                body = server.answer(self.path)
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"not found")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, path: str) -> bytes | None:
        if path == "/api/v1/versions/minima/latest.json":
            return json.dumps({"version": "2.5.1"}).encode()
        if path == "/api/v1/versions/minima.json":
            return json.dumps([{"number": k.split("-")[-1], "platform": "ruby", "sha": sha}
                               for k, sha in self.listed.items()]).encode()
        if path.startswith("/gems/") and path.endswith(".gem"):
            return self.gems.get(path[len("/gems/"):-len(".gem")])
        return None

    def __enter__(self) -> GemServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


needs_minima = pytest.mark.skipif(not MINIMA.is_dir(), reason="the Debian minima gem is not installed")


@pytest.fixture
def server() -> Iterator[GemServer]:
    with GemServer({"minima-2.5.1": pack_gem(minima_files())}) as running:
        yield running


@needs_minima
def test_fetch_unpacks_a_verified_gem(server: GemServer, tmp_path: Path) -> None:
    folder = fetch_gem("minima", source=server.url, cache=tmp_path / "gems")
    assert folder == tmp_path / "gems" / "minima-2.5.1"
    assert (folder / "_layouts" / "home.html").read_bytes() == (MINIMA / "_layouts" / "home.html").read_bytes()
    assert (folder / ".liquidpage-dependencies").read_text() == "jekyll-feed\njekyll-seo-tag\n"
    assert server.requests == ["/api/v1/versions/minima/latest.json", "/api/v1/versions/minima.json",
                               "/gems/minima-2.5.1.gem"]
    fetch_gem("minima", "2.5.1", source=server.url, cache=tmp_path / "gems")  # cached: no download
    assert len(server.requests) == 3


@needs_minima
def test_build_fetches_the_theme_when_allowed(server: GemServer, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIQUIDPAGE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GEM_PATH", str(tmp_path / "no-gems"))
    monkeypatch.setenv("HOME", str(tmp_path))
    import liquidpage.themes as themes

    monkeypatch.setattr(themes, "gem_roots", lambda env=None: [tmp_path / "no-gems"])
    site_dir = make_site(tmp_path / "site", {
        "_config.yml": f"theme: minima\nfetch_theme: true\ngem_source: {server.url}\n",
        "_includes/head.html": "<head></head>", "index.md": "---\nlayout: page\ntitle: T\n---\nhi\n"})
    site = Site.load(site_dir)
    assert site.theme is not None and site.theme.origin == "cache" and site.theme.version == "2.5.1"
    assert site.theme.runtime_dependencies == ("jekyll-feed", "jekyll-seo-tag")
    assert '<h1 class="post-title">T</h1>' in site.render("index.md")


def test_without_permission_the_build_does_not_download(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import liquidpage.themes as themes
    from liquidpage.themes import ThemeError

    monkeypatch.setattr(themes, "gem_roots", lambda env=None: [])
    monkeypatch.setenv("LIQUIDPAGE_CACHE", str(tmp_path / "cache"))
    site_dir = make_site(tmp_path / "site", {"_config.yml": "theme: minima\ngem_source: http://127.0.0.1:9\n"})
    with pytest.raises(ThemeError, match="liquidpage theme fetch minima"):
        Site.load(site_dir)


@needs_minima
def test_a_gem_whose_checksum_differs_is_refused(tmp_path: Path) -> None:
    gem = pack_gem(minima_files())
    with GemServer({"minima-2.5.1": gem}, {"minima-2.5.1": "0" * 64}) as server:
        with pytest.raises(GemFetchError, match="SHA-256 .* is not the 0000"):
            fetch_gem("minima", source=server.url, cache=tmp_path / "gems")
    assert not (tmp_path / "gems" / "minima-2.5.1").exists()


def test_a_part_that_does_not_match_checksums_yaml_is_refused(tmp_path: Path) -> None:
    with GemServer({"minima-2.5.1": pack_gem([("_layouts/x.html", b"x")], tamper=True)}) as server:
        with pytest.raises(GemFetchError, match="data.tar.gz does not match"):
            fetch_gem("minima", source=server.url, cache=tmp_path / "gems")


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil.txt", "_layouts/../../evil.txt"])
def test_entries_that_leave_the_folder_are_refused(entry: str, tmp_path: Path) -> None:
    with GemServer({"minima-2.5.1": pack_gem([("_layouts/a.html", b"a"), (entry, b"evil")])}) as server:
        with pytest.raises(GemFetchError, match="leaves the gem's folder"):
            fetch_gem("minima", source=server.url, cache=tmp_path / "cache" / "gems")
    assert not list(tmp_path.rglob("evil.txt"))
    assert not (tmp_path / "cache" / "gems" / "minima-2.5.1").exists()


def test_links_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("_includes/link.html")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    data = buffer.getvalue()
    metadata = gzip.compress(GEMSPEC_YAML.encode())
    import yaml

    sums = gzip.compress(yaml.safe_dump({"SHA256": {"metadata.gz": hashlib.sha256(metadata).hexdigest(),
                                                    "data.tar.gz": hashlib.sha256(data).hexdigest()}}).encode())
    gem = _tar([("metadata.gz", metadata), ("data.tar.gz", data), ("checksums.yaml.gz", sums)], gz=False)
    with GemServer({"minima-2.5.1": gem}) as server:
        with pytest.raises(GemFetchError, match="only files and folders"):
            fetch_gem("minima", source=server.url, cache=tmp_path / "gems")


def test_names_and_sources_are_checked() -> None:
    assert parse_spec("minima@2.5.1") == ("minima", "2.5.1")
    assert parse_spec("minima") == ("minima", "")
    with pytest.raises(GemFetchError):
        parse_spec("../x")
    with pytest.raises(GemFetchError, match="http"):
        fetch_gem("minima", source="file:///etc")


@needs_minima
def test_cli_theme_fetch(server: GemServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    from liquidpage.cli import main

    monkeypatch.setenv("LIQUIDPAGE_CACHE", str(tmp_path / "cache"))
    assert main(["theme", "fetch", "minima@2.5.1", "--source", server.url]) == 0
    assert capsys.readouterr().out == f"minima: {tmp_path / 'cache' / 'gems' / 'minima-2.5.1'}\n"
    assert main(["theme", "fetch", "no/such", "--source", server.url]) == 1
    assert "not a gem name" in capsys.readouterr().err


def test_cli_theme_dir_flag(tmp_path: Path) -> None:
    from liquidpage.cli import main

    theme = make_site(tmp_path / "mytheme", {"_layouts/default.html": "[{{ content }}]"})
    site_dir = make_site(tmp_path / "site", {"_config.yml": "theme: mytheme\n",
                                            "index.html": "---\nlayout: default\n---\nhi"})
    assert main(["build", "-s", str(site_dir), "-d", str(tmp_path / "out"), "--theme-dir", str(theme)]) == 0
    assert (tmp_path / "out" / "index.html").read_text() == "[hi]"
