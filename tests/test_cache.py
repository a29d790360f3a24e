"""The build cache (liquidpage/cache.py): Jekyll's features/cache.feature, and what the cache
must never change: the bytes a build writes.

Jekyll keeps its cache in ``<cache_dir>/Jekyll/Cache/<name>``; liquidpage keeps its own in
``<cache_dir>/liquidpage/<name>`` (docs/parity.md), so where the feature checks Jekyll's
internal folder these tests check ours, and real Jekyll (when installed) is run on the same
scenario for the part both share: which cache folder exists, and the page's bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from goldens import assert_same_tree, copy_fixture_site, missing_requirements, tree
from sitemaker import make_site

from liquidpage import Site
from liquidpage import cache as cache_mod
from liquidpage.cache import Cache, cache_root
from liquidpage.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "liquidpage", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300)


def _jekyll(*args: str, cwd: Path) -> subprocess.CompletedProcess[str] | None:
    if shutil.which("jekyll") is None:
        if os.environ.get("LIQUIDPAGE_REQUIRE_JEKYLL") == "1":
            pytest.fail("jekyll is not installed but LIQUIDPAGE_REQUIRE_JEKYLL=1")
        return None
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    return subprocess.run(["jekyll", "build", *args], cwd=cwd, capture_output=True, text=True,
                          env={**env, "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, timeout=300)


# -- features/cache.feature ------------------------------------------------------------------
# Given I have an "index.md" page that contains "{{ site.title }}" (a page with empty front
# matter), and a configuration file with "title" set to "Hello World" (plus the scenario's keys).
def _feature_site(root: Path, config: str = "") -> Path:
    return make_site(root, {"_config.yml": f"title: Hello World\n{config}", "index.md": "---\n---\n\n{{ site.title }}"})


SCENARIOS = {
    # name: (extra configuration, build flags, cache folder that should exist, folders that should not)
    "Default Cache directory": ("", [], ".jekyll-cache", []),
    "Custom Cache directory": ("cache_dir: .foo-cache\n", [], ".foo-cache", [".jekyll-cache"]),
    "Disk usage in safe mode": ("", ["--safe"], None, [".jekyll-cache"]),
    "Disabling disk usage in non-safe mode": ("", ["--disable-disk-cache"], None, [".jekyll-cache"]),
    # Not in the feature file: the same switch in the configuration (site.rb Site#configure_cache).
    "disable_disk_cache in the configuration": ("disable_disk_cache: true\n", [], None, [".jekyll-cache"]),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_cache_feature(tmp_path: Path, scenario: str) -> None:
    config, flags, made, absent = SCENARIOS[scenario]
    site = _feature_site(tmp_path / "site", config)
    proc = _cli("build", *flags, cwd=site)
    assert proc.returncode == 0, proc.stderr  # Then I should get a zero exit status
    assert proc.stderr == ""
    assert (site / "_site").is_dir()
    assert "<p>Hello World</p>" in (site / "_site" / "index.html").read_text()
    if made is not None:
        assert (site / made).is_dir()
        # Jekyll: the <made>/Jekyll/Cache/Jekyll--Cache directory should exist; ours:
        assert (site / made / "liquidpage").is_dir()
        assert (site / made / ".gitignore").read_text() == "# ignore everything in this directory\n*\n"
    else:
        assert not any(p.name.endswith("-cache") for p in site.iterdir())
    for name in absent:
        assert not (site / name).exists()
    # The same scenario in real Jekyll: the same cache folders, the same page.
    copy = _feature_site(tmp_path / "jekyll", config)
    done = _jekyll(*flags, cwd=copy)
    if done is None:
        return
    assert done.returncode == 0, done.stderr
    assert (copy / "_site" / "index.html").read_bytes() == (site / "_site" / "index.html").read_bytes()
    if made is not None:
        assert (copy / made / "Jekyll" / "Cache" / "Jekyll--Cache").is_dir()
        assert (copy / made / ".gitignore").read_bytes() == (site / made / ".gitignore").read_bytes()
    for name in absent:
        assert not (copy / name).exists()


def test_clean_removes_the_cache_and_the_metadata(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _feature_site(tmp_path / "site", "cache_dir: .foo-cache\n")
    assert main(["build", "-q", "-s", str(site), "-d", str(site / "_site")]) == 0
    cache_mod.flush_all()
    (site / ".jekyll-metadata").write_text("{}")
    assert (site / ".foo-cache" / "liquidpage").is_dir()
    assert main(["clean", "-s", str(site), "-d", str(site / "_site")]) == 0
    out = capsys.readouterr().out
    assert f"Cleaner: Removing {site / '.foo-cache'}..." in out
    assert not (site / ".foo-cache").exists() and not (site / ".jekyll-metadata").exists()
    assert not (site / "_site").exists() and (site / "index.md").exists()


@pytest.mark.parametrize("cache_dir", ["..", ".", "/", "../.."])
def test_clean_never_removes_the_source_or_above(tmp_path: Path, cache_dir: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # Jekyll's clean.rb removes File.join(source, cache_dir): for `..` the folder holding the
    # site. Forced inside the source, it is the source itself, which is never removed.
    site = _feature_site(tmp_path / "a" / "site", f"cache_dir: {cache_dir!r}\n")
    (tmp_path / "a" / "mine.txt").write_text("keep")
    assert main(["clean", "-s", str(site), "-d", str(site / "_site")]) == 0
    assert (site / "index.md").exists() and (tmp_path / "a" / "mine.txt").exists()
    assert "Not removing" in capsys.readouterr().out
    assert cache_root({"source": str(site), "cache_dir": cache_dir}) is None  # and no cache there


def test_cache_dir_is_forced_inside_the_source(tmp_path: Path) -> None:
    source = str(tmp_path / "site")
    for given, found in [("../out", "out"), ("/elsewhere/c", "elsewhere/c"), (".c", ".c"), ("", ".jekyll-cache"),
                         (None, ".jekyll-cache")]:
        assert cache_root({"source": source, "cache_dir": given}) == Path(source) / found / "liquidpage"
    assert cache_root({"source": source, "safe": True}) is None
    assert cache_root({"source": source, "disable_disk_cache": True}) is None
    assert cache_root({"source": source, "disable_disk_cache": False}) is not None
    assert cache_root({"cache_dir": ".c"}) is None  # no source, no disk cache


# -- the cache itself ------------------------------------------------------------------------
def _config(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "src").mkdir(exist_ok=True)
    return {"source": str(tmp_path / "src")}


def _files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "src" / ".jekyll-cache").rglob("*") if p.is_file() and p.name != ".gitignore")


def test_get_set_getset_delete_clear(tmp_path: Path) -> None:
    config = _config(tmp_path)
    cache = Cache(config, "Test")
    assert cache.get("a") is None and cache.get("a", 5) == 5 and "a" not in cache
    cache.set("a", {"x": [1, 2]})
    value = cache.get("a")
    value["x"].append(3)  # what a caller does with a value never changes the cache
    assert cache.get("a") == {"x": [1, 2]}
    calls = []
    assert cache.getset("b", lambda: calls.append(1) or "made") == "made"
    assert cache.getset("b", lambda: calls.append(1) or "again") == "made" and calls == [1]
    cache.flush()
    cache_mod.forget_memory()  # as a new process: only the disk
    again = Cache(config, "Test")
    assert again.get("a") == {"x": [1, 2]} and again.get("b") == "made"
    again.delete("a")
    again.flush()
    cache_mod.forget_memory()
    assert Cache(config, "Test").get("a") is None and Cache(config, "Test").get("b") == "made"
    Cache(config, "Test").clear()
    cache_mod.forget_memory()
    assert Cache(config, "Test").get("b") is None and _files(tmp_path) == []


def test_memory_only_without_a_disk_cache(tmp_path: Path) -> None:
    config = {**_config(tmp_path), "disable_disk_cache": True}
    cache = Cache(config, "Test")
    cache.set("k", "v")
    assert cache.get("k") == "v" and not cache.disk_cache_enabled
    cache_mod.flush_all()
    assert not (tmp_path / "src" / ".jekyll-cache").exists()


def test_a_new_version_never_reads_an_old_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _config(tmp_path)
    Cache(config, "Test").set("k", "old")
    cache_mod.flush_all()
    cache_mod.forget_memory()
    monkeypatch.setattr(cache_mod, "_code_fingerprint", "another version")
    assert Cache(config, "Test").get("k") is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped", "foreign-pickle"])
def test_damaged_files_are_misses(tmp_path: Path, damage: str) -> None:
    config = _config(tmp_path)
    cache = Cache(config, "Test")
    for i in range(5):
        cache.set(f"k{i}", {"v": i})
    cache.flush()
    cache_mod.forget_memory()
    for path in _files(tmp_path):
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(os.urandom(len(data)))
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif damage == "flipped":
            path.write_bytes(data[:-3] + bytes([data[-3] ^ 1]) + data[-2:])
        else:  # a record that passes every check but asks the unpickler for os.system
            fresh = Cache(config, "Test")
            digest = fresh._digest("k0")
            payload = b"cos\nsystem\n(S'touch " + str(tmp_path / "owned").encode() + b"'\ntR."
            record = cache_mod._RECORD.pack(cache_mod._MAGIC, digest, len(payload), zlib.crc32(payload))
            path.write_bytes(record + payload)
    cache = Cache(config, "Test")
    values = [cache.get(f"k{i}") for i in range(5)]
    assert not (tmp_path / "owned").exists()
    if damage == "truncated":  # the records before the cut are whole and kept
        assert all(v in (None, {"v": i}) for i, v in enumerate(values)) and values[-1] is None
    elif damage == "flipped":  # only the last record is hit
        assert values[:4] == [{"v": i} for i in range(4)] and values[4] is None
    else:
        assert values == [None] * 5
    cache.set("k4", "new")  # a miss is stored again, and read back
    cache.flush()
    cache_mod.forget_memory()
    assert Cache(config, "Test").get("k4") == "new"


def test_values_round_trip_with_their_types(tmp_path: Path) -> None:
    import datetime as dt
    import math
    import zoneinfo

    from liquidpage.yamlload import load_yaml

    zone = zoneinfo.ZoneInfo("Europe/Berlin")
    value = load_yaml("a: 2020-01-01 10:00:00\nb: 2020-01-01\nc: 2020-01-01 10:00:00 +0000\n"
                      "d: 2020-01-01 10:00:00Z\ne: 2020-01-01 10:00:00 +0200\nf: !!binary aGVsbG8=\n"
                      "g: &x [1, {y: 2}]\nh: *x\ni: .nan\nj: 12345678901234567890\n", zone)
    config = _config(tmp_path)
    Cache(config, "Test").set("k", value)
    cache_mod.flush_all()
    cache_mod.forget_memory()
    back = Cache(config, "Test").get("k")
    assert back["a"] == value["a"] and back["a"].tzinfo is zone
    assert back["d"].tzinfo is dt.timezone.utc and repr(back["c"].tzinfo) == "_ZeroOffset()"
    assert [back[k] for k in "bef"] == [value[k] for k in "bef"] and back["j"] == value["j"]
    assert back["g"] is back["h"] and back["g"] == [1, {"y": 2}] and math.isnan(back["i"])


def test_many_segments_are_merged(tmp_path: Path) -> None:
    config = _config(tmp_path)
    for i in range(cache_mod.MAX_SEGMENTS + 3):  # one process after another, each adding one
        cache_mod.forget_memory()
        Cache(config, "Test").set(f"k{i}", i)
        cache_mod.flush_all()
        assert len(_files(tmp_path)) <= cache_mod.MAX_SEGMENTS + 1  # a load past the limit merges them
    cache_mod.forget_memory()
    cache = Cache(config, "Test")
    assert [cache.get(f"k{i}") for i in range(cache_mod.MAX_SEGMENTS + 3)] == list(range(cache_mod.MAX_SEGMENTS + 3))
    assert len(_files(tmp_path)) == 3


def test_parallel_writers(tmp_path: Path) -> None:
    config = _config(tmp_path)
    code = ("import sys; from liquidpage.cache import Cache; c = Cache({'source': sys.argv[1]}, 'Test');"
            "[c.set(f'k{i}', i * int(sys.argv[2])) for i in range(200)]; c.flush()")
    procs = [subprocess.Popen([sys.executable, "-c", code, config["source"], str(n)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}) for n in (1, 1, 1)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    cache_mod.forget_memory()
    cache = Cache(config, "Test")
    assert [cache.get(f"k{i}") for i in range(200)] == list(range(200))


def test_nothing_is_written_for_a_site_that_is_gone(tmp_path: Path) -> None:
    config = _config(tmp_path)
    Cache(config, "Test").set("k", "v")
    shutil.rmtree(tmp_path / "src")
    cache_mod.flush_all()
    assert not (tmp_path / "src").exists()


def test_the_module_imports_only_the_standard_library() -> None:
    import ast

    tree_ = ast.parse((ROOT / "liquidpage" / "cache.py").read_text())
    names = [alias.name for node in tree_.body if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module or "" for node in tree_.body if isinstance(node, ast.ImportFrom)]
    assert names and all(n.split(".")[0] in sys.stdlib_module_names for n in names if n != "__future__"), names


# -- builds: the cache never changes a byte ----------------------------------------------------
def _rich_site(root: Path, config: str = "") -> Path:
    return make_site(root, {
        "_config.yml": f"time: 2024-05-01 12:00:00 +0000\ntimezone: Europe/Berlin\n{config}",
        "_data/people.yml": "- name: Ada\n  born: 2020-01-01 10:00:00\n",
        "_data/table.csv": "a,b\n1,2\n",
        "_data/nested/more.json": '{"x": [1, 2]}',
        "_sass/_vars.scss": "$c: red;\n",
        "assets/main.scss": "---\n---\n@import \"vars\";\nbody { color: $c; }\n",
        "_posts/2024-01-01-hello.md": "---\ntitle: Hi\ndate: 2024-01-01 10:00:00\n---\n# Hello\n\n"
                                      "```ruby\nputs 1\n```\n\nSome *text*.",
        "code.md": "---\n---\n{% highlight python linenos %}\nprint(1)\n{% endhighlight %}\n"
                   "{% highlight ruby %}\nx = 1\n{% endhighlight %}\n",
        "index.html": "---\n---\n{{ site.data | jsonify }} {{ site.posts.first.date }} {{ 'a *b*' | markdownify }}",
    })


def _build(site: Path, dest: Path, *flags: str) -> dict[str, bytes]:
    proc = _cli("build", "-q", "-s", str(site), "-d", str(dest), *flags, cwd=site)
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == "", proc.stderr
    return tree(dest)


def test_cached_build_equals_uncached_and_damage_is_ignored(tmp_path: Path) -> None:
    site = _rich_site(tmp_path / "site")
    plain = _build(site, tmp_path / "plain", "--disable-disk-cache")
    assert not (site / ".jekyll-cache").exists()
    cold = _build(site, tmp_path / "cold")
    names = {p.name for p in (site / ".jekyll-cache" / "liquidpage").iterdir()}
    assert names >= {"FrontMatter", "Data", "Markdown", "Sass", "Rouge"}
    warm = _build(site, tmp_path / "warm")
    assert cold == plain and warm == plain
    files = [p for p in (site / ".jekyll-cache").rglob("*") if p.is_file() and p.name != ".gitignore"]
    for path in files:  # garbage in every cache file: the same bytes out, no error
        path.write_bytes(b"\x80\x04garbage" * 3)
    assert _build(site, tmp_path / "damaged") == plain
    assert _build(site, tmp_path / "again") == plain


@pytest.mark.parametrize(("before", "after"), [
    ("kramdown:\n  auto_ids: true\n", "kramdown:\n  auto_ids: false\n"),
    ("", "timezone: America/New_York\n"),
    ("", "csv_reader:\n  converters: [numeric]\n"),
    ("", "sass:\n  style: compressed\n"),
])
def test_a_changed_option_is_a_new_entry(tmp_path: Path, before: str, after: str) -> None:
    site = _rich_site(tmp_path / "site", before)
    first = _build(site, tmp_path / "first")
    _rich_site(site, after)  # the same files, the new configuration
    changed = _build(site, tmp_path / "changed")
    shutil.rmtree(site / ".jekyll-cache")
    assert changed == _build(site, tmp_path / "plain", "--disable-disk-cache")
    assert changed != first


def test_a_changed_sass_import_is_seen(tmp_path: Path) -> None:
    site = _rich_site(tmp_path / "site")
    _build(site, tmp_path / "first")
    (site / "_sass" / "_vars.scss").write_text("$c: blue;\n")
    assert b"blue" in _build(site, tmp_path / "second")["assets/main.css"]
    (site / "_sass" / "_vars.scss").rename(site / "_sass" / "_colors.scss")
    (site / "_sass" / "_vars.scss").write_text('@import "colors";\n')
    (site / "_sass" / "_colors.scss").write_text("$c: green;\n")
    assert b"green" in _build(site, tmp_path / "third")["assets/main.css"]
    (site / "_sass" / "_colors.scss").write_text("$c: yellow;\n")  # an import of an import
    assert b"yellow" in _build(site, tmp_path / "fourth")["assets/main.css"]


def test_a_changed_data_file_or_front_matter_is_seen(tmp_path: Path) -> None:
    site = _rich_site(tmp_path / "site")
    _build(site, tmp_path / "first")
    (site / "_data" / "people.yml").write_text("- name: Grace\n")
    (site / "_posts" / "2024-01-01-hello.md").write_text("---\ntitle: Hi\ndate: 2024-01-02 10:00:00\n---\nx")
    out = _build(site, tmp_path / "second")["index.html"].decode()
    assert "Grace" in out and "2024-01-02" in out


# Fixtures (Markdown, CommonMark, Rouge, Sass from load paths and from a theme, plugins, data):
# a cold-cache and a warm-cache build write what a build without the disk cache writes.
FIXTURE_SITES = ["lab-site", "theme-minima-basic", "theme-minima-override", "plugin-all-seven",
                 "md-commonmark-gfm", "hl-corpus", "core-sass-bootstrap4", "core-sass-minima"]


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_builds_with_a_cache(tmp_path: Path, name: str) -> None:
    missing = missing_requirements(name)
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")
    site = copy_fixture_site(name, tmp_path / "site")
    cache_mod.forget_memory()
    Site.load(site, disable_disk_cache=True).build(tmp_path / "plain")
    assert not (site / ".jekyll-cache").exists()
    for run in ("cold", "warm"):
        cache_mod.forget_memory()  # each build as a new process: the warm one reads the disk
        Site.load(site).build(tmp_path / run)
        cache_mod.flush_all()
        assert_same_tree(tmp_path / "plain", tmp_path / run)
    assert (site / ".jekyll-cache" / "liquidpage").is_dir()


def test_a_process_keeps_a_bounded_number_of_sites(tmp_path: Path) -> None:
    cache_mod.forget_memory()
    first = {"source": str(tmp_path / "first")}
    (tmp_path / "first").mkdir()
    keep = Cache(first, "Test")
    keep.set("k", "unwritten")  # pending: never forgotten before it is written
    for i in range(cache_mod.MAX_SITES + 5):
        (tmp_path / f"s{i}").mkdir()
        other = Cache({"source": str(tmp_path / f"s{i}")}, "Test")
        other.set("k", i)
        other.flush()
    assert len(cache_mod._STORES) <= cache_mod.MAX_SITES + 1
    keep.set("k2", "also")  # the instance still works after the others came and went
    cache_mod.flush_all(first)
    cache_mod.forget_memory()
    assert Cache(first, "Test").get("k") == "unwritten" and Cache(first, "Test").get("k2") == "also"
