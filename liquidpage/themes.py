"""Gem themes as Jekyll 4.3 uses them (Jekyll's theme.rb): where a theme is found, and its
folders (``_layouts``, ``_includes``, ``_sass``, ``assets``, ``_data``) and ``_config.yml``.

A theme named by ``theme:`` is looked for, in this order:

1. the folder named by ``theme_dir:`` (config) or ``--theme-dir`` (the theme's own root);
2. a Python package that declares it in the ``liquidpage.themes`` entry-point group;
3. installed Ruby gems: ``GEM_HOME``, ``GEM_PATH``, the user's and the system's gem folders
   (Debian's ``/usr/share/rubygems-integration/all``), highest version first;
4. liquidpage's own cache of downloaded gems (``liquidpage theme fetch NAME``).

Nothing of a theme is copied: its files are read where they are.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liquidpage.defaults import deep_merge_hashes
from liquidpage.errors import ConfigError

log = logging.getLogger("liquidpage")

ENTRY_POINT_GROUP = "liquidpage.themes"
_GEM_DIR = re.compile(r"\A(?P<name>.+)-(?P<version>\d[0-9A-Za-z.]*)\Z")
_RUNTIME_DEP = re.compile(r"add_runtime_dependency\(%q<([^>]+)>")
_DEPENDENCY = re.compile(r"(?:add_dependency|add_runtime_dependency)\(%q<([^>]+)>")


class ThemeError(ConfigError):
    """The theme named by ``theme:`` cannot be found or used."""


@dataclass(frozen=True)
class Theme:
    """``Jekyll::Theme``: a theme's root (symlinks resolved) and what its gemspec says."""

    name: str
    root: Path
    version: str | None = None
    runtime_dependencies: tuple[str, ...] = field(default=())
    origin: str = "folder"

    @property
    def basename(self) -> str:
        return self.root.name

    def path_for(self, folder: str) -> Path | None:
        """``Theme#path_for``: the folder, symlinks resolved, only if it stays inside the root
        and is a directory."""
        try:
            real = (self.root / folder).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != self.root and self.root not in real.parents:
            return None
        return real if real.is_dir() else None

    @property
    def includes_path(self) -> Path | None:
        return self.path_for("_includes")

    @property
    def layouts_path(self) -> Path | None:
        return self.path_for("_layouts")

    @property
    def sass_path(self) -> Path | None:
        return self.path_for("_sass")

    @property
    def assets_path(self) -> Path | None:
        return self.path_for("assets")

    @property
    def data_path(self) -> Path | None:
        return self.path_for("_data")


def gem_roots(env: Mapping[str, str] | None = None) -> list[Path]:
    """Folders that hold ``gems/`` and ``specifications/``, in RubyGems' search order."""
    env = os.environ if env is None else env
    roots: list[Path] = []
    for var in ("GEM_HOME", "GEM_PATH"):
        for part in (env.get(var) or "").split(os.pathsep):
            if part:
                roots.append(Path(part))
    home = Path(env.get("HOME") or Path.home())
    roots += sorted((home / ".gem" / "ruby").glob("*"), reverse=True)
    roots += sorted(Path("/var/lib/gems").glob("*"), reverse=True)
    roots += sorted(Path("/usr/local/lib/ruby/gems").glob("*"), reverse=True)
    roots += [Path("/usr/share/rubygems-integration/all")]
    roots += sorted(Path("/usr/share/rubygems-integration").glob("[0-9]*"), reverse=True)
    roots += sorted(Path("/usr/lib/ruby/gems").glob("*"), reverse=True)
    seen: list[Path] = []
    for root in roots:
        if root not in seen:
            seen.append(root)
    return seen


def _version_key(version: str) -> tuple[Any, ...]:
    """``Gem::Version`` order, roughly: numbers numerically, a pre-release before the release."""
    parts: list[Any] = []
    for piece in re.split(r"[.-]", version):
        parts.append((1, int(piece), "") if piece.isdigit() else (0, 0, piece))
    return tuple(parts) + ((2, 0, ""),)


def _gem_candidates(name: str, roots: Iterable[Path]) -> list[tuple[str, Path, Path | None]]:
    found: list[tuple[str, Path, Path | None]] = []
    for root in roots:
        gems = root / "gems"
        if not gems.is_dir():
            continue
        for folder in gems.glob(f"{name}-*"):
            match = _GEM_DIR.match(folder.name)
            if match and match["name"] == name and folder.is_dir():
                spec = root / "specifications" / f"{folder.name}.gemspec"
                found.append((match["version"], folder, spec if spec.is_file() else None))
    return found


def runtime_dependencies(gemspec_text: str) -> tuple[str, ...]:
    """The runtime dependencies a gemspec (Ruby stub) declares, ``jekyll`` left out."""
    names = _RUNTIME_DEP.findall(gemspec_text) or _DEPENDENCY.findall(gemspec_text)
    return tuple(n for n in dict.fromkeys(names) if n not in ("jekyll", "bundler"))


def _from_gem_folder(name: str, version: str, folder: Path, spec: Path | None, origin: str) -> Theme:
    deps: tuple[str, ...] = ()
    if spec is not None:
        deps = runtime_dependencies(spec.read_text(encoding="utf-8", errors="replace"))
    else:
        meta = folder / ".liquidpage-dependencies"  # written by `liquidpage theme fetch`
        if meta.is_file():
            deps = tuple(line for line in meta.read_text().split() if line)
    return Theme(name, folder.resolve(), version, deps, origin)


def _from_entry_point(name: str) -> Theme | None:
    from importlib.metadata import entry_points  # here: ~8 ms to import, needed once per build

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name != name:
            continue
        target = ep.load()
        if callable(target) and not isinstance(target, (str, os.PathLike)):
            target = target()
        if hasattr(target, "__file__") and target.__file__:
            root = Path(target.__file__).parent
        else:
            root = Path(str(target))
        deps = tuple(getattr(ep.load(), "RUNTIME_DEPENDENCIES", ()) or ())
        return Theme(name, root.resolve(), None, deps, "python")
    return None


def find_theme(name: str, config: Mapping[str, Any], *, env: Mapping[str, str] | None = None) -> Theme:
    """The theme ``name`` (``Jekyll::Theme.new``: the name is downcased and stripped)."""
    name = name.lower().strip()
    folder = config.get("theme_dir")
    if folder:
        root = Path(str(folder)).expanduser()
        if not root.is_dir():
            raise ThemeError(f"theme_dir '{folder}' is not a folder (it should hold the {name} "
                             "theme's _layouts, _includes, _sass and assets)")
        deps: tuple[str, ...] = ()
        specs = sorted(root.glob("*.gemspec"))
        if specs:
            deps = runtime_dependencies(specs[0].read_text(encoding="utf-8", errors="replace"))
        return Theme(name, root.resolve(), None, deps, "folder")
    theme = _from_entry_point(name)
    if theme is not None:
        return theme
    candidates = _gem_candidates(name, gem_roots(env))
    origin = "gem"
    if not candidates:
        # here, not at the top: gemfetch imports urllib.request, ssl, tarfile (~10 ms)
        from liquidpage.gemfetch import cache_root, fetch_gem, gem_source

        candidates = [(m["version"], f, None) for f in sorted(cache_root(env).glob(f"{name}-*"))
                      if (m := _GEM_DIR.match(f.name)) and m["name"] == name and f.is_dir()]
        origin = "cache"
    if not candidates and _truthy(config.get("fetch_theme")):
        # The user allowed the build to download the theme (fetch_theme: true, --fetch-theme).
        log.info("Theme: downloading %s from %s", name, gem_source(config, env))
        folder_path = fetch_gem(name, source=gem_source(config, env), cache=cache_root(env))
        match = _GEM_DIR.match(folder_path.name)
        candidates = [(match["version"] if match else "0", folder_path, None)]
    if not candidates:
        raise ThemeError(
            f"The {name} theme could not be found. Install its gem (Debian: apt-get install "
            f"jekyll-theme-{name}, or gem install {name}), name its folder with theme_dir: in "
            f"_config.yml or --theme-dir, or download it: liquidpage theme fetch {name} "
            "(or let the build download it: fetch_theme: true / --fetch-theme)")
    version, path, spec = max(candidates, key=lambda c: _version_key(c[0]))
    return _from_gem_folder(name, version, path, spec, origin)


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def configure_theme(config: Mapping[str, Any]) -> Theme | None:
    """``Site#configure_theme``: no theme, a theme, or a warning when ``theme`` is not a string."""
    value = config.get("theme")
    if value is None:
        return None
    if not isinstance(value, str):
        log.warning("Theme: value of 'theme' in config should be String to use gem-based themes, "
                    "but got %s", _ruby_class(value))
        return None
    return find_theme(value, config)


def _ruby_class(value: Any) -> str:
    if isinstance(value, bool):
        return "TrueClass" if value else "FalseClass"
    return {int: "Integer", float: "Float", list: "Array", dict: "Hash"}.get(type(value), type(value).__name__)


def theme_configuration(theme: Theme, config: dict[str, Any], defaults: Iterable[str],
                        load: Any) -> dict[str, Any]:
    """``Site#load_theme_configuration``: the theme's ``_config.yml`` under the site's, without
    the keys Jekyll has defaults for; skipped for ``ignore_theme_config: true`` and a symlink."""
    if config.get("ignore_theme_config") is True:
        return config
    path = theme.root / "_config.yml"
    if not path.exists() or path.is_symlink():
        return config
    theme_config = load(path)
    if not isinstance(theme_config, dict):
        return config
    log.info("Theme Config file: %s", path)
    skip = set(defaults)
    theme_config = {k: v for k, v in theme_config.items() if k not in skip}
    return deep_merge_hashes(theme_config, config)
