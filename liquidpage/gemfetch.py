"""Downloading a theme gem as Bundler would, without Ruby: ``liquidpage theme fetch NAME``.

The ``.gem`` file comes from a RubyGems server (``https://rubygems.org`` unless ``gem_source:``,
``--source`` or ``$LIQUIDPAGE_GEM_SOURCE`` names another). Before anything is unpacked:

- its SHA-256 must be the one the server's versions API lists for that version;
- inside it (a tar of ``metadata.gz``, ``data.tar.gz`` and ``checksums.yaml.gz``), both parts must
  match the SHA-256 sums of ``checksums.yaml.gz``;
- every entry of ``data.tar.gz`` must be a plain file or folder that stays inside the target
  (no absolute paths, no ``..``, no links, no devices).

The files go to ``<cache>/NAME-VERSION/`` (see :func:`cache_root`), written to a temporary
folder first and renamed into place, with the gemspec's runtime dependencies beside them in
``.liquidpage-dependencies``. Nothing is run.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from liquidpage.errors import LiquidpageError

DEFAULT_SOURCE = "https://rubygems.org"
_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_VERSION = re.compile(r"\A[0-9][0-9A-Za-z.]*\Z")
MAX_GEM_BYTES = 64 * 1024 * 1024

Opener = Callable[[str], bytes]


class GemFetchError(LiquidpageError):
    """A gem could not be downloaded, verified or unpacked; nothing was installed."""


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """Where downloaded gems are unpacked: ``$LIQUIDPAGE_CACHE/gems`` or the user's cache folder."""
    env = os.environ if env is None else env
    if env.get("LIQUIDPAGE_CACHE"):
        return Path(env["LIQUIDPAGE_CACHE"]) / "gems"
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME") or Path.home()) / ".cache")
    return Path(base) / "liquidpage" / "gems"


def gem_source(config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    value = (config or {}).get("gem_source") or env.get("LIQUIDPAGE_GEM_SOURCE") or DEFAULT_SOURCE
    return str(value).rstrip("/")


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "liquidpage"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http(s) only
            data = response.read(MAX_GEM_BYTES + 1)
    except (urllib.error.URLError, OSError) as err:
        raise GemFetchError(f"could not download {url}: {getattr(err, 'reason', err)}") from None
    if len(data) > MAX_GEM_BYTES:
        raise GemFetchError(f"{url} is larger than {MAX_GEM_BYTES} bytes")
    return data


def _json(opener: Opener, url: str) -> Any:
    try:
        return json.loads(opener(url).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise GemFetchError(f"{url} did not answer with JSON") from None


def parse_spec(text: str) -> tuple[str, str]:
    """``NAME`` or ``NAME@VERSION``."""
    name, _, version = text.partition("@")
    if not _NAME.match(name) or (version and not _VERSION.match(version)):
        raise GemFetchError(f"not a gem name or NAME@VERSION: {text!r}")
    return name, version


def fetch_gem(name: str, version: str = "", *, source: str = DEFAULT_SOURCE, cache: Path | None = None,
              opener: Opener = _download) -> Path:
    """Download, verify and unpack gem ``name`` (the latest version when none is given); return
    the folder it is in. A version already in the cache is not downloaded again."""
    if not _NAME.match(name) or (version and not _VERSION.match(version)):
        raise GemFetchError(f"not a gem name or version: {name!r} {version!r}")
    if urllib.parse.urlsplit(source).scheme not in ("http", "https"):
        raise GemFetchError(f"the gem source must be an http(s) URL, not {source!r}")
    cache = cache or cache_root()
    quoted = urllib.parse.quote(name)
    if not version:
        latest = _json(opener, f"{source}/api/v1/versions/{quoted}/latest.json")
        version = str(latest.get("version") or "") if isinstance(latest, dict) else ""
        if not _VERSION.match(version):
            raise GemFetchError(f"{source} knows no version of the gem '{name}'")
    target = cache / f"{name}-{version}"
    if target.is_dir():
        return target
    versions = _json(opener, f"{source}/api/v1/versions/{quoted}.json")
    expected = next((str(v.get("sha") or "") for v in versions if isinstance(v, dict)
                     and v.get("number") == version and v.get("platform", "ruby") == "ruby"), "") \
        if isinstance(versions, list) else ""
    if not expected:
        raise GemFetchError(f"{source} lists no version {version} of the gem '{name}' (or no checksum for it)")
    data = opener(f"{source}/gems/{quoted}-{version}.gem")
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise GemFetchError(f"{name}-{version}.gem: SHA-256 {actual} is not the {expected} the server lists")
    metadata, files = open_gem(data, f"{name}-{version}.gem")
    deps = runtime_dependencies(metadata)
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-{version}.", dir=cache))
    try:
        unpack(files, staging, f"{name}-{version}.gem")
        (staging / ".liquidpage-dependencies").write_text("".join(d + "\n" for d in deps))
        (staging / ".liquidpage-gem.json").write_text(json.dumps(
            {"name": name, "version": version, "source": source, "sha256": actual}) + "\n")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def open_gem(data: bytes, label: str) -> tuple[bytes, bytes]:
    """The gemspec YAML and ``data.tar.gz`` of a ``.gem``, both checked against its checksums."""
    parts: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as outer:
            for member in outer.getmembers():
                if member.isfile() and member.name in ("metadata.gz", "data.tar.gz", "checksums.yaml.gz"):
                    handle = outer.extractfile(member)
                    parts[member.name] = handle.read() if handle is not None else b""
    except tarfile.TarError as err:
        raise GemFetchError(f"{label} is not a gem archive: {err}") from None
    missing = [n for n in ("metadata.gz", "data.tar.gz", "checksums.yaml.gz") if n not in parts]
    if missing:
        raise GemFetchError(f"{label} lacks {', '.join(missing)}")
    try:
        sums = yaml.safe_load(gzip.decompress(parts["checksums.yaml.gz"]))
        metadata = gzip.decompress(parts["metadata.gz"])
    except (OSError, EOFError, yaml.YAMLError) as err:
        raise GemFetchError(f"{label}: unreadable checksums or metadata ({err})") from None
    sha256 = (sums or {}).get("SHA256") if isinstance(sums, dict) else None
    if not isinstance(sha256, dict):
        raise GemFetchError(f"{label}: checksums.yaml has no SHA256 sums")
    for part in ("metadata.gz", "data.tar.gz"):
        if hashlib.sha256(parts[part]).hexdigest() != str(sha256.get(part)):
            raise GemFetchError(f"{label}: {part} does not match its SHA-256 in checksums.yaml")
    return metadata, parts["data.tar.gz"]


class _RubyYAMLLoader(yaml.SafeLoader):
    """Reads a gemspec's YAML: Ruby object tags become plain mappings, scalars or lists."""


def _ruby_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_RubyYAMLLoader.add_multi_constructor("!ruby/", _ruby_tag)


def runtime_dependencies(metadata: bytes) -> list[str]:
    """The gemspec's runtime dependencies but jekyll (``Gem::Specification#runtime_dependencies``)."""
    try:
        spec = yaml.load(metadata, Loader=_RubyYAMLLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as err:
        raise GemFetchError(f"unreadable gemspec: {err}") from None
    deps = spec.get("dependencies") if isinstance(spec, dict) else None
    names: list[str] = []
    for dep in deps if isinstance(deps, list) else []:
        if isinstance(dep, dict) and str(dep.get("type", ":runtime")).lstrip(":") == "runtime":
            name = str(dep.get("name") or "")
            if name and name not in ("jekyll", "bundler") and name not in names:
                names.append(name)
    return names


def unpack(data_tar_gz: bytes, target: Path, label: str) -> None:
    """Extract ``data.tar.gz`` into ``target``: plain files and folders only, all inside it."""
    root = target.resolve()
    try:
        with tarfile.open(fileobj=io.BytesIO(data_tar_gz), mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                name = member.name
                dest = (root / name).resolve()
                if name.startswith("/") or ".." in Path(name).parts or (dest != root and root not in dest.parents):
                    raise GemFetchError(f"{label}: refusing the entry {name!r}: it leaves the gem's folder")
                if not (member.isfile() or member.isdir()):
                    raise GemFetchError(f"{label}: refusing the entry {name!r}: only files and folders are unpacked")
            for member in members:
                dest = root / member.name
                if member.isdir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                handle = tar.extractfile(member)
                with open(dest, "wb") as out:
                    shutil.copyfileobj(handle, out)  # type: ignore[misc]
                os.chmod(dest, 0o644)
    except (tarfile.TarError, OSError, EOFError) as err:
        raise GemFetchError(f"{label}: data.tar.gz cannot be unpacked: {err}") from None
