"""The ``liquidpage`` command: Jekyll's words (``build``, ``render``); the only code that prints."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import logging
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from liquidpage._version import __version__
from liquidpage import safety
from liquidpage.doctor import check as doctor_check
from liquidpage.doctor import log_line
from liquidpage.errors import LiquidpageError


def _config_list(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--source", default=".", metavar="SOURCE",
                        help="the site's source folder (default: .)")
    parser.add_argument("--config", type=_config_list, metavar="FILES",
                        help="custom configuration files, comma-separated; later files win")
    parser.add_argument("--strict", action="store_true",
                        help="fail (exit 1) when the build logs any warning")


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only="build"`` makes only ``build`` (all a build needs: the no-op
    check then starts without importing the other commands)."""
    parser = argparse.ArgumentParser(
        prog="liquidpage",
        description="Render Jekyll pages and sites exactly as Jekyll 4.3 does.",
    )
    parser.add_argument("-v", "--version", action="version", version=f"liquidpage {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", aliases=["b"], help="build the site into a folder",
                                description="Build the site, as `jekyll build` does.")
    _add_site_options(build)
    build.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="render on N processes (default: every core; 1 renders in one process)")
    build.add_argument("-d", "--destination", metavar="DESTINATION",
                       help="the output folder (default: ./_site)")
    _add_build_flags(build)
    _add_watch_flags(build)
    build.set_defaults(source=None)  # no -s: the working folder, or `source:` in its _config.yml
    if only == "build":
        return parser
    from liquidpage.serve import add_parser as add_serve_parser

    add_serve_parser(commands, _add_site_options, _add_build_flags)
    clean = commands.add_parser("clean", help="remove the built site and caches (as `jekyll clean`)",
                                description="Remove the destination, .jekyll-metadata, the cache folder "
                                            "and .sass-cache, as `jekyll clean` does; nothing else.")
    _add_site_options(clean)
    clean.add_argument("-d", "--destination", metavar="DESTINATION", help="the output folder (default: ./_site)")
    clean.set_defaults(source=None)
    doctor = commands.add_parser("doctor", aliases=["hyde"], help="check the site for problems (as `jekyll doctor`)",
                                 description="Read the site and report what `jekyll doctor` reports: URL "
                                             "conflicts, URLs that differ only by case, a missing or "
                                             "relative site url, deprecated settings. Exit 1 if any.")
    _add_site_options(doctor)
    doctor.set_defaults(source=None)
    render = commands.add_parser("render", help="print one page's final HTML",
                                 description="Render one page (layouts applied) to standard output.")
    render.add_argument("page", metavar="PAGE", help="the page's path, relative to SOURCE")
    _add_site_options(render)
    compare = commands.add_parser("compare", help="compare the rendered site with a folder",
                                  description="Render the site in memory and compare every file with "
                                              "DIR (e.g. Jekyll's _site): exit 0 identical, 1 differs, 2 error.")
    _add_site_options(compare)
    from liquidpage import compare as compare_mod  # here: html.parser, difflib, json

    compare_mod.add_arguments(compare)
    new = commands.add_parser("new", help="write a new site (as `jekyll new`)",
                              description="Write a new Jekyll site into PATH: the minima theme, "
                                          "jekyll-feed, a first post, an about page and a 404 page.")
    new.add_argument("path", metavar="PATH")
    new.add_argument("--blank", action="store_true", help="a blank site: no theme, no posts (jekyll new --blank)")
    new.add_argument("--force", action="store_true", help="write into PATH even if it is not empty")
    theme = commands.add_parser("theme", help="manage gem themes",
                                description="Gem themes: download one into liquidpage's cache.")
    theme_commands = theme.add_subparsers(dest="theme_command", metavar="ACTION", required=True)
    fetch = theme_commands.add_parser(
        "fetch", help="download, verify and unpack a theme gem (NAME or NAME@VERSION)",
        description="Download a theme gem as Bundler would (no Ruby needed), verify its checksums, "
                    "and unpack it into liquidpage's cache, where builds find it.")
    fetch.add_argument("gem", metavar="NAME[@VERSION]")
    fetch.add_argument("--source", metavar="URL",
                       help="the RubyGems server (default: $LIQUIDPAGE_GEM_SOURCE or https://rubygems.org)")
    return parser


def _load(args: argparse.Namespace, **overrides: object) -> object:
    from liquidpage.site import Site

    site = Site.load(args.source, config_files=args.config, **overrides)
    args.loaded_site = site  # build --watch takes what it ignores from the configuration last read
    return site


# -- `jekyll build` flags (whole-site helper's block) -----------------------------------------
def _add_build_flags(build: argparse.ArgumentParser) -> None:
    """Jekyll's build flags: --drafts, --future, --unpublished, --baseurl, --safe, -q, -V, --trace."""
    build.add_argument("-D", "--drafts", action="store_true", help="render posts in _drafts")
    build.add_argument("--future", action="store_true", help="publish posts with a future date")
    build.add_argument("--unpublished", action="store_true",
                       help="render posts that were marked as unpublished")
    build.add_argument("-b", "--baseurl", metavar="URL", help="serve the website from the given base URL")
    build.add_argument("--safe", action="store_true",
                       help="safe mode: skip symlinks that point outside the source (Jekyll's --safe)")
    build.add_argument("--allow-outside-source", action="store_true",
                       help="read symlinks that resolve outside the source folder, as Jekyll does "
                            "without --safe (config: allow_outside_source: true)")
    build.add_argument("--theme-dir", metavar="DIR",
                       help="use the theme in folder DIR (config: theme_dir)")
    build.add_argument("--fetch-theme", action="store_true",
                       help="download the site's theme gem when it is not installed (config: fetch_theme: true)")
    build.add_argument("--disable-disk-cache", action="store_true", dest="disable_disk_cache",
                       help="keep no cache in the cache folder (config: disable_disk_cache: true)")
    build.add_argument("--limit_posts", "--limit-posts", type=int, metavar="N", dest="limit_posts",
                       help="build only the N most recent posts")
    build.add_argument("--strict_front_matter", "--strict-front-matter", action="store_true",
                       dest="strict_front_matter", help="fail on front matter with YAML errors")
    build.add_argument("--lsi", action="store_true",
                       help="Jekyll's LSI related posts (not available: related_posts stays the recent posts)")
    build.add_argument("--profile", action="store_true",
                       help="print Jekyll's profile after each build: the time of each build stage and of "
                            "each template file (renders in one process, as Jekyll does; config: profile: true)")
    build.add_argument("-I", "--incremental", action="store_true",
                       help="accepted for Jekyll's sake: with the cache on (the default), every build "
                            "renders only what changed (see docs/performance.md)")
    build.add_argument("-q", "--quiet", action="store_true", help="silence output (errors only)")
    build.add_argument("-V", "--verbose", action="store_true", help="print verbose output")
    build.add_argument("-t", "--trace", action="store_true", help="show the full backtrace on errors")


def _build_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Configuration overrides from build flags (Jekyll's command-line options, Jekyll's configuration.rb Configuration::DEFAULTS)."""
    overrides: dict[str, object] = {}
    if args.drafts:
        overrides["show_drafts"] = True
    if args.future:
        overrides["future"] = True
    if args.unpublished:
        overrides["unpublished"] = True
    if args.baseurl is not None:
        overrides["baseurl"] = args.baseurl
    if args.safe:
        overrides["safe"] = True
    if args.allow_outside_source:
        overrides[safety.ALLOW_OUTSIDE_KEY] = True
    if args.theme_dir is not None:
        overrides["theme_dir"] = safety.expand_path(args.theme_dir)
    if args.fetch_theme:
        overrides["fetch_theme"] = True
    if args.limit_posts is not None:
        overrides["limit_posts"] = args.limit_posts
    if args.strict_front_matter:
        overrides["strict_front_matter"] = True
    if args.profile:
        overrides["profile"] = True
    if args.disable_disk_cache:
        overrides["disable_disk_cache"] = True
    return overrides


def _info(args: argparse.Namespace, topic: str, message: str = "") -> None:
    """Jekyll's log line, printed with ``-V``."""
    if getattr(args, "verbose", False) and not getattr(args, "quiet", False):
        print(log_line(topic, message), flush=True)


def run_build(args: argparse.Namespace) -> int:
    # Jekyll's priority: -d, then `destination:` in the configuration (both relative to the
    # working folder), then ./_site in the working folder. The destination is checked
    # (liquidpage/safety.py) before anything is rendered or written; the stages are
    # Site#process's, with --strict's warning count checked between render and write.
    logger = logging.getLogger("liquidpage")
    logger.setLevel(logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.WARNING)
    started = time.perf_counter()
    started_ns = time.time_ns()
    overrides = _build_overrides(args)
    if args.destination is not None:
        overrides["destination"] = safety.expand_path(args.destination)
    noop_key = _noop_key(args)
    if noop_key is not None:  # nothing changed since the last build: nothing to read or write
        from liquidpage.incremental import noop

        done = noop(Path(args.source or ".").resolve(), noop_key)
        if done is not None:
            if not args.quiet:
                count = done[1]
                print(f"Built {done[0]}: {count} file{'s' if count != 1 else ''} in "
                      f"{time.perf_counter() - started:.2f} s (nothing changed)", flush=True)
            return 0
    try:
        site = _load(args, **overrides)
        site.build_started_ns = started_ns  # type: ignore[attr-defined]
        config = site.config  # type: ignore[attr-defined]
        _config_lines(args, site)
        dest = config.get("destination") or safety.expand_path("_site")
        _info(args, "Source:", str(site.source))  # type: ignore[attr-defined]
        _info(args, "Destination:", str(dest))
        _info(args, "Incremental build:", "enabled" if args.incremental else "disabled. Enable with --incremental")
        _info(args, "Generating...")
        if args.lsi:
            logger.warning("LSI: liquidpage has no latent semantic indexing; site.related_posts "
                           "lists the ten most recent posts, as Jekyll does without --lsi")
        site.check_destination(dest)  # type: ignore[attr-defined]
        outputs = site.render_all(show_progress=not args.quiet, jobs=args.jobs)  # type: ignore[attr-defined]
        if site._build is not None:  # type: ignore[attr-defined]
            site._build.noop_key = noop_key  # type: ignore[attr-defined]
            logger.debug("%s", log_line("Reuse:", site._build.summary()))  # type: ignore[attr-defined]
        counter = getattr(args, "warning_counter", None)
        if args.strict and counter is not None and counter.count:
            if site._build is not None:  # type: ignore[attr-defined]
                site._build.close()  # type: ignore[attr-defined]
            return 0  # main() reports the warnings as the failure; the destination is untouched
        site.cleanup()  # type: ignore[attr-defined]
        written = site.write(outputs, dest)  # type: ignore[attr-defined]
        if args.incremental:
            _write_metadata(Path(str(site.source)))  # type: ignore[attr-defined]
    except Exception:
        if args.trace:
            import traceback

            traceback.print_exc()
        raise
    elapsed = time.perf_counter() - started
    profiler = getattr(site, "profiler", None)
    if profiler is not None and not args.quiet:  # --profile: Jekyll's tables, before "done in"
        sys.stdout.write(profiler.report())
        sys.stdout.flush()
    _info(args, "", f"done in {round(elapsed, 3)} seconds.")
    watching = getattr(args, "watch", False)
    if not watching:
        _info(args, "Auto-regeneration:", "disabled. Use --watch to enable.")
    if not args.quiet and not args.verbose and not getattr(args, "rebuild", False):
        count = len(outputs)
        print(f"Built {written}: {count} file{'s' if count != 1 else ''} in {elapsed:.2f} s", flush=True)
    if watching and not getattr(args, "rebuild", False):
        return _run_watch(args)
    return 0


# -- build --watch (liquidpage/watch.py) --------------------------------------------------------
def _add_watch_flags(build: argparse.ArgumentParser) -> None:
    """Jekyll's ``-w, --[no-]watch`` and ``--force_polling`` (commands/build.rb via command.rb)."""
    build.add_argument("-w", "--watch", action="store_true", help="watch for changes and rebuild")
    build.add_argument("--no-watch", "--no_watch", action="store_false", dest="watch",
                       help="build once (the default)")
    build.add_argument("--force_polling", "--force-polling", action="store_true", dest="force_polling",
                       help="watch by polling the files instead of file-system events")


def _run_watch(args: argparse.Namespace) -> int:
    """After the first build: watch the source and rebuild on every change until Ctrl-C, then
    exit 0 (Jekyll's commands/build.rb Build#watch, jekyll-watch's watcher.rb Watcher#watch and
    #listen_handler). A rebuild is the same build as the first (run_build), logging only the
    watcher's lines, as jekyll-watch's Watcher#process calls Site#process; a failed rebuild
    prints its error (path:line:col, source line, caret) and watching goes on, the previous
    output left as it was. The configuration is read again on every rebuild."""
    from liquidpage import watch

    site = args.loaded_site
    source = Path(str(site.source))
    ignore = [watch.Ignore(source, site.config)]
    rebuild = argparse.Namespace(**vars(args))
    rebuild.verbose, rebuild.rebuild = False, True
    counter = getattr(args, "warning_counter", None)

    def say(line: str) -> None:
        if not args.quiet:
            print(line, flush=True)

    def ready() -> None:
        say(log_line("Auto-regeneration:", f"enabled for '{source}'"))

    # Watcher#watch traps INT itself, so Ctrl-C stops it even where SIGINT was ignored (a
    # background job of a non-interactive shell).
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)

    try:
        for paths in watch.changes(source, lambda: ignore[0], force_polling=args.force_polling or None, ready=ready):
            started = time.time()
            for line in watch.regenerating_lines(paths, source, dt.datetime.now()):
                say(line)
            if counter is not None:
                counter.count = 0
            rebuild.loaded_site = None
            ok = _rebuild(rebuild, counter)
            if rebuild.loaded_site is not None:
                ignore[0] = watch.Ignore(rebuild.loaded_site.source, rebuild.loaded_site.config)
            build = getattr(rebuild.loaded_site, "_build", None)
            if ok and args.verbose and build is not None:  # -V: what the cache let it skip (incremental.py)
                say(log_line("Reuse:", build.summary()))
            if ok:
                say(log_line("", f"...done in {round(time.time() - started, 9)} seconds."))
            say(log_line(""))
    except KeyboardInterrupt:
        say(log_line("", "Halting auto-regeneration."))
    return 0


def _error_text(err: LiquidpageError) -> str:
    """An error as the command line prints it: ``path:line:col: message``, source line, caret."""
    return f"error: {err.format()}" if err.location is None else err.format()


def _rebuild(args: argparse.Namespace, counter: _WarningCounter | None) -> bool:
    """One rebuild under --watch; an error is printed, never raised. A failed rebuild leaves
    nothing of itself in the build cache, as a failed build (main's ``discard_pending``)."""
    ok = False
    try:
        run_build(args)
        ok = not (args.strict and counter is not None and counter.count)
        if not ok:
            print(f"error: {counter.count} warning(s) and --strict is set", file=sys.stderr, flush=True)  # type: ignore[union-attr]
    except LiquidpageError as err:
        print(_error_text(err), file=sys.stderr, flush=True)
    except Exception as err:  # noqa: BLE001 - watching goes on; one line, no traceback
        print(f"error: internal error ({type(err).__name__}: {err}); please report it", file=sys.stderr, flush=True)
    finally:
        cache = sys.modules.get("liquidpage.cache")
        if not ok and cache is not None:
            cache.discard_pending()
    return ok


def _write_metadata(source: Path) -> None:
    """``jekyll build -I`` writes ``.jekyll-metadata`` (regenerator.rb Regenerator#write_metadata,
    a Marshal dump of path -> mtime and dependencies). liquidpage keeps its own records in the
    cache and writes an empty Marshal hash there, so that a later ``jekyll build -I`` renders
    everything instead of trusting times recorded before liquidpage rewrote the destination."""
    path, empty = source / ".jekyll-metadata", b"\x04\x08{\x00"
    try:
        if not path.is_file() or path.read_bytes() != empty:  # unchanged: the no-op check stays valid
            path.write_bytes(empty)
    except OSError:
        pass


def _noop_key(args: argparse.Namespace) -> tuple[str, bool] | None:
    """What makes two builds the same command (liquidpage/incremental.py ``noop``): every flag
    and the working folder. None when the build must run whatever changed: -V and --strict
    (their output comes from the work), --watch, and builds that take options from elsewhere."""
    if any(getattr(args, name, False) for name in ("verbose", "strict", "watch", "profile", "trace", "lsi")):
        return None
    flags = sorted((k, repr(v)) for k, v in vars(args).items() if k not in ("warning_counter", "func"))
    return (repr((os.getcwd(), flags)), False)


def _config_lines(args: argparse.Namespace, site: object) -> None:
    """``Configuration file: PATH`` for each file read (or ``none``), as Jekyll logs them."""
    source = Path(str(getattr(site, "source", ".")))
    files = [Path(f) for f in args.config] if args.config else [
        p for p in (source / "_config.yml", source / "_config.yaml", source / "_config.toml") if p.is_file()][:1]
    if not files:
        _info(args, "Configuration file:", "none")
    for path in files:
        _info(args, "Configuration file:", str(path.resolve()))


def run_clean(args: argparse.Namespace) -> int:
    """``jekyll clean``: the destination, ``.jekyll-metadata``, ``cache_dir`` and ``.sass-cache``.

    The destination must pass the build's own check first (never the source or a folder above
    it), and the cache folders are removed only inside the source."""
    import shutil

    overrides: dict[str, object] = {}
    if args.destination is not None:
        overrides["destination"] = safety.expand_path(args.destination)
    site = _load(args, **overrides)
    config = site.config  # type: ignore[attr-defined]
    source = Path(str(site.source))  # type: ignore[attr-defined]
    dest = site.check_destination(config.get("destination") or safety.expand_path("_site"))  # type: ignore[attr-defined]
    from liquidpage.cache import cache_dir as cache_folder

    cache_dir = cache_folder(config)  # forced inside the source (Site#initialize's in_source_dir)
    targets = [(dest, True), (source / ".jekyll-metadata", False), (cache_dir, True), (Path(".sass-cache"), True)]
    for path, folder in targets:
        exists = path.is_dir() if folder else path.is_file()
        if exists and path != dest and safety.is_within(os.path.realpath(source), os.path.realpath(path)):
            # `cache_dir: ..` (or `.`): Jekyll's File.join(source, cache_dir) removes the source's
            # parent (or the source); sanitized, it is the source, which is never removed.
            print(log_line("Cleaner:", f"Not removing {path.resolve()}: it is the source {source}."))
            continue
        if exists and path != dest and not safety.is_within(os.path.realpath(path), str(source)):
            # Jekyll removes ./.sass-cache wherever the command runs; liquidpage deletes nothing
            # outside the destination and the source.
            print(log_line("Cleaner:", f"Not removing {path.resolve()}: it is outside the source {source}."))
            continue
        if exists and not path.is_symlink():
            print(log_line("Cleaner:", f"Removing {path}..."))
            shutil.rmtree(path) if folder else path.unlink()
        else:
            print(log_line("Cleaner:", f"Nothing to do for {path}."))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    """``jekyll doctor``: read and generate the site, then Jekyll's checks (commands/doctor.rb)."""
    site = _load(args)
    problems = doctor_check(site)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        return 1
    print(log_line("Your test results", "are in. Everything looks fine."))
    return 0


# -- end of build flags -------------------------------------------------------------------------


def run_theme(args: argparse.Namespace) -> int:
    """``liquidpage theme fetch NAME[@VERSION]``."""
    from liquidpage import gemfetch

    name, version = gemfetch.parse_spec(args.gem)
    source = (args.source or gemfetch.gem_source()).rstrip("/")
    folder = gemfetch.fetch_gem(name, version, source=source)
    print(f"{name}: {folder}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    """``liquidpage new PATH [--blank] [--force]``."""
    from liquidpage.scaffold import new_site

    new_site(args.path, blank=args.blank, force=args.force)
    where = Path(args.path)
    print(f"New {'blank ' if args.blank else ''}site installed in {where.resolve()}.")
    if not args.blank:
        print("It uses the minima theme: `liquidpage build --fetch-theme` downloads it when it is not installed.")
    print(f"Build it: liquidpage build -s {where} -d {where / '_site'}")
    return 0


def run_render(args: argparse.Namespace) -> int:
    site = _load(args)
    page = Path(args.page)
    if page.is_absolute():
        page = page.relative_to(Path(args.source).resolve())
    sys.stdout.write(site.render(page.as_posix()))  # type: ignore[attr-defined]
    return 0


class _StderrHandler(logging.Handler):
    """Writes ``WARNING: message`` to whatever ``sys.stderr`` is when the record is emitted."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


class _WarningCounter(logging.Handler):
    """Counts warnings for ``--strict``."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 build error, 2 usage)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser(only="build" if words[:1] in (["build"], ["b"]) else None)
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help()
        return 2
    logger = logging.getLogger("liquidpage")
    counter = _WarningCounter()
    handlers = [counter, _StderrHandler()]
    saved = (logger.level, logger.propagate)
    for handler in handlers:
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        if args.command in ("build", "b"):
            args.warning_counter = counter
            code = run_build(args)
        elif args.command in ("serve", "s"):
            from liquidpage.serve import run as run_serve

            code = run_serve(args, _build_overrides(args))
        elif args.command == "compare":
            
            from liquidpage import compare as compare_mod

            code = compare_mod.run(args)
        elif args.command == "theme":
            code = run_theme(args)
        elif args.command == "new":
            code = run_new(args)
        elif args.command == "clean":
            code = run_clean(args)
        elif args.command in ("doctor", "hyde"):
            code = run_doctor(args)
        else:
            code = run_render(args)
        if code == 0 and getattr(args, "strict", False) and counter.count:
            print(f"error: {counter.count} warning(s) and --strict is set", file=sys.stderr)
            code = 1
        return code
    except LiquidpageError as err:
        print(_error_text(err), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - a bug of ours: one line, no traceback
        print(f"error: internal error ({type(err).__name__}: {err}); please report it", file=sys.stderr)
        return 1
    finally:
        cache = sys.modules.get("liquidpage.cache")  # (not imported by a no-op build)
        if cache is not None:
            cache.discard_pending()  # the build cache is written by a good build only (Site.write)
        for handler in handlers:
            logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
