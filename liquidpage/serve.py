"""``liquidpage serve``: build, watch, serve the destination as Jekyll's WEBrick does, live reload.

Jekyll's ``serve`` (jekyll lib/jekyll/commands/serve.rb, serve/servlet.rb, serve/live_reload_reactor.rb)
on the standard library: ``http.server.ThreadingHTTPServer`` serves the files, and live reload is a
Server-Sent Events stream (``EventSource`` in the page) instead of the LiveReload WebSocket
protocol; no third-party web stack. File watching is ``watchfiles``. Every change rebuilds the
whole site, re-reading ``_config.yml``; a build error is printed and shown as an overlay in the
browser until the next good build. See docs/serve.md.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import html
import mimetypes
import os
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liquidpage import cache, safety
from liquidpage import watch as watcher
from liquidpage.doctor import log_line
from liquidpage.errors import LiquidpageError

if TYPE_CHECKING:  # imported where used: http.server costs ~15 ms, and every command builds the parser
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENTS_PATH = "/__liquidpage/events"
SCRIPT_PATH = "/__liquidpage/livereload.js"
OVERLAY_ID = "liquidpage-error-overlay"

# The client: it knows the build generation its page was served from; the event stream says the
# current one on connect (so a build that finished while the page loaded is not missed) and after
# every build. A different generation reloads the page.
_CLIENT_JS = """\
(function () {
  var me = document.currentScript;
  var gen = me.getAttribute("data-generation");
  var es = new EventSource(me.getAttribute("data-events"));
  es.addEventListener("build", function (e) {
    if (e.data !== gen) { es.close(); location.reload(); }
  });
})();
"""

# Jekyll's servlet: text types are sent with a UTF-8 charset (serve/servlet.rb Servlet#set_defaults).
_EXTRA_TYPES = {".js": "application/javascript", ".mjs": "application/javascript", ".json": "application/json",
                ".xml": "application/xml", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
                ".woff": "font/woff", ".woff2": "font/woff2", ".wasm": "application/wasm", ".md": "text/markdown"}


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    kind = _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml"):
        kind += "; charset=utf-8"
    return kind


def default_url(host: str, port: int) -> str:
    """Jekyll's ``Serve.default_url``: ``site.url`` while serving in development."""
    return f"http://{'localhost' if host == '127.0.0.1' else host}:{port}"


class BuildState:
    """The last build's generation and error; waiters are woken after every build."""

    def __init__(self) -> None:
        self.generation = 0
        self.error: str | None = None
        self.error_path: str | None = None
        self.cond = threading.Condition()
        self.stopping = False

    def finished(self, error: str | None, error_path: str | None = None, announce: bool = True) -> None:
        with self.cond:
            if not announce and error is None and self.error is None:
                return  # built, but the open pages keep their generation: no reload
            self.generation += 1
            self.error = error
            self.error_path = error_path
            self.cond.notify_all()

    def wait_change(self, seen: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.generation != seen or self.stopping, timeout=timeout)
            return self.generation


def overlay_html(message: str) -> str:
    return (f'<div id="{OVERLAY_ID}" style="position:fixed;inset:0;z-index:2147483647;'
            'background:rgba(20,20,20,.92);color:#f66;padding:2em;overflow:auto;'
            'font:14px/1.4 monospace;white-space:pre">'
            '<strong style="color:#fff">liquidpage: build failed</strong>\n\n'
            f'{html.escape(message)}</div>')


def inject(body: bytes, snippet: str) -> bytes:
    """Insert ``snippet`` before the last ``</body>`` (or at the end when there is none)."""
    data = snippet.encode("utf-8")
    at = body.lower().rfind(b"</body>")
    return body + data if at < 0 else body[:at] + data + body[at:]


class Server:
    """One ``serve`` session: ``start()`` builds (unless skipped), starts the HTTP server(s) and
    the watcher; ``stop()`` ends them. Ports 0 pick free ports (tests)."""

    def __init__(self, source: str | os.PathLike[str] | None, destination: str | os.PathLike[str] | None = None, *,
                 config_files: Sequence[str] | None = None, overrides: Mapping[str, Any] | None = None,
                 host: str = "127.0.0.1", port: int = 4000, baseurl: str | None = None,
                 livereload: bool = False, livereload_port: int = 35729,
                 livereload_ignore: Sequence[str] = (), watch: bool = True, skip_initial_build: bool = False,
                 jobs: int | None = 1, log: Callable[[str], None] | None = None,
                 error_log: Callable[[str], None] | None = None, debounce_ms: int = 100,
                 force_polling: bool = False) -> None:
        self.source = source
        self.destination = destination
        self.config_files = list(config_files) if config_files else None
        self.overrides = dict(overrides or {})
        self.host, self.port = host, port
        self.baseurl = baseurl
        self.baseurl_option = baseurl  # -b as given: later reads take the configuration's again
        self.livereload, self.livereload_port = livereload, livereload_port
        self.livereload_ignore = list(livereload_ignore)
        self.watch, self.skip_initial_build = watch, skip_initial_build
        self.jobs = jobs
        self.log = log or (lambda line: print(line, flush=True))
        self.error_log = error_log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.debounce_ms = debounce_ms
        self.force_polling = force_polling
        self.state = BuildState()
        self.dest: Path | None = None
        self.site_source: Path | None = None
        self._ignore: watcher.Ignore | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._lrd: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._watching = threading.Event()

    # -- building --------------------------------------------------------------------------
    def _load(self) -> Any:
        from liquidpage.site import Site

        overrides = dict(self.overrides)
        if self.destination is not None:
            overrides["destination"] = safety.expand_path(str(self.destination))
        if self.baseurl_option is not None:
            overrides["baseurl"] = self.baseurl_option
        config: dict[str, Any] = {}
        if os.environ.get("JEKYLL_ENV", "development") == "development":
            config["url"] = default_url(self.host, self.port)
        return Site.load(self.source, self.config_files, config=config, **overrides)

    def _locate(self, site: Any) -> None:
        cfg = site.config
        self.site_source = Path(str(site.source))
        self.dest = Path(cfg.get("destination") or safety.expand_path("_site")).resolve()
        self._ignore = watcher.Ignore(self.site_source, cfg)
        if self.baseurl_option is None:
            self.baseurl = str(cfg.get("baseurl") or "")

    def rebuild(self, announce: bool = True) -> bool:
        """Read the whole site again (configuration included) and write it. A build error is
        printed and kept for the overlay; returns whether the build succeeded."""
        started = time.perf_counter()
        try:
            site = self._load()
            self._locate(site)
            site.build(self.dest, jobs=self.jobs)
            cache.flush_all()  # the build cache, written after a good build only (liquidpage/cache.py)
        except LiquidpageError as err:
            cache.discard_pending()
            text = err.format()
            self.error_log(text)
            self.state.finished(text, err.location.path if err.location else None)
            return False
        except Exception as err:  # noqa: BLE001 - the server stays up; the message goes to the page
            cache.discard_pending()
            text = f"error: internal error ({type(err).__name__}: {err}); please report it"
            self.error_log(text)
            self.state.finished(text)
            return False
        if getattr(site, "profiler", None) is not None:  # --profile: Jekyll's tables after each build
            self.log(site.profiler.report().rstrip("\n"))
        build = getattr(site, "_build", None)  # what the cache let it skip (liquidpage/incremental.py)
        reuse = f" ({build.summary()})" if build is not None else ""
        self.log(f"Built {self.dest} in {time.perf_counter() - started:.2f} s{reuse}")
        self.state.finished(None, announce=announce)
        return True

    # -- watching (liquidpage/watch.py) ---------------------------------------------------
    def _ignored(self, paths: set[str]) -> bool:
        """Whether every changed path matches a ``--livereload-ignore`` glob (no reload then)."""
        if not self.livereload_ignore or self.site_source is None:
            return False
        for path in paths:
            try:
                rel = Path(path).resolve().relative_to(self.site_source).as_posix()
            except ValueError:
                rel = path
            if not any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(Path(rel).name, g) for g in self.livereload_ignore):
                return False
        return True

    def _watch_loop(self) -> None:
        root = self.site_source or Path(str(self.source or ".")).resolve()
        for paths in watcher.changes(root, lambda: self._ignore or watcher.Ignore(root, {}), self._stop,
                                     debounce_ms=self.debounce_ms, ready=self._watching.set,
                                     force_polling=self.force_polling or None):
            for line in watcher.regenerating_lines(paths, root, dt.datetime.now()):
                self.log(line)
            self.rebuild(announce=not self._ignored(set(paths)))

    # -- serving ---------------------------------------------------------------------------
    def _handler(self, events_only: bool) -> type[BaseHTTPRequestHandler]:
        from http.server import BaseHTTPRequestHandler

        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "liquidpage"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet, as Jekyll
                pass

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _send(self, status: int, body: bytes, kind: str, head: bool,
                      extra: Mapping[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                if not head:
                    self.wfile.write(body)

            def _serve(self, head: bool) -> None:
                path = urllib.parse.urlsplit(self.path).path
                if path == EVENTS_PATH:
                    return self._events()
                if path == SCRIPT_PATH:
                    return self._send(200, _CLIENT_JS.encode(), "application/javascript; charset=utf-8", head,
                                      {"Access-Control-Allow-Origin": "*"})
                if events_only:
                    return self._send(404, b"Not Found\n", "text/plain; charset=utf-8", head)
                server._serve_file(self, path, head)

            def _events(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                seen = server.state.generation
                try:
                    self.wfile.write(f"retry: 500\nevent: build\ndata: {seen}\n\n".encode())
                    self.wfile.flush()
                    while not server._stop.is_set():
                        now = server.state.wait_change(seen, timeout=10)
                        if server._stop.is_set():
                            break
                        self.wfile.write(f"event: build\ndata: {now}\n\n".encode() if now != seen else b": ping\n\n")
                        self.wfile.flush()
                        seen = now
                except OSError:
                    pass

            def _send_file(self, status: int, file: Path, head: bool) -> None:
                body = file.read_bytes()
                kind = content_type(file)
                if kind.startswith("text/html"):
                    body = server._decorate(body, self.headers.get("Host"))
                self._send(status, body, kind, head)

        return Handler

    def _decorate(self, body: bytes, host_header: str | None = None) -> bytes:
        snippet = ""
        error = self.state.error
        if error is not None:
            snippet += overlay_html(error)
        if self.livereload:
            lr = self._lrd.server_address[1] if self._lrd is not None else self.livereload_port
            host = urllib.parse.urlsplit(f"//{host_header}").hostname if host_header else None
            host = host or self._public_host()
            host = f"[{host}]" if ":" in host else host
            events = f"http://{host}:{lr}{EVENTS_PATH}"
            snippet += (f'<script src="http://{host}:{lr}{SCRIPT_PATH}" '
                        f'data-events="{events}" data-generation="{self.state.generation}"></script>')
        return inject(body, snippet) if snippet else body

    def _public_host(self) -> str:
        return "localhost" if self.host == "127.0.0.1" else self.host

    def _find(self, rel: str) -> Path | None:
        """Jekyll's servlet lookup: the file, a folder's index.html (index.htm, index.xhtml), or
        ``name.html`` / ``name.xhtml`` for an extension-less URL (serve/servlet.rb search_file)."""
        assert self.dest is not None
        target = (self.dest / rel).resolve() if rel else self.dest
        if target != self.dest and self.dest not in target.parents:
            return None
        if target.is_file():
            return target
        if target.is_dir():
            for name in ("index.html", "index.htm", "index.xhtml"):
                if (target / name).is_file():
                    return target / name
            return None
        for ext in (".html", ".xhtml"):
            candidate = target.with_name(target.name + ext)
            if rel and candidate.is_file():
                return candidate
        return None

    def _serve_file(self, handler: Any, path: str, head: bool) -> None:
        base = "/" + (self.baseurl or "").strip("/")
        base = "" if base == "/" else base
        decoded = urllib.parse.unquote(path)
        if self.dest is None:
            return handler._send(503, b"The site has not been built yet.\n", "text/plain; charset=utf-8", head)
        if base and decoded == base:
            return handler._send(301, b"", "text/plain", head, {"Location": urllib.parse.quote(base + "/")})
        if base and not decoded.startswith(base + "/"):
            return self._not_found(handler, head)
        rel = decoded[len(base):].lstrip("/")
        if "\0" in rel:
            return self._not_found(handler, head)
        folder = (self.dest / rel) if rel else self.dest
        if rel and not decoded.endswith("/") and folder.is_dir():
            return handler._send(301, b"", "text/plain", head, {"Location": urllib.parse.quote(decoded + "/")})
        found = self._find(rel)
        if found is None:
            return self._not_found(handler, head)
        handler._send_file(200, found, head)

    def _not_found(self, handler: Any, head: bool) -> None:
        page = self.dest / "404.html" if self.dest is not None else None
        if page is not None and page.is_file():
            return handler._send_file(404, page, head)
        body = self._decorate(b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>\n",
                              handler.headers.get("Host"))
        handler._send(404, body, "text/html; charset=utf-8", head)

    # -- life cycle ------------------------------------------------------------------------
    def start(self, before_serving: Callable[[], None] | None = None) -> None:
        # Bind first: with port 0 the port is known before the first build writes site.url.
        from http.server import ThreadingHTTPServer

        self._httpd = ThreadingHTTPServer((self.host, self.port), self._handler(events_only=False))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        if self.livereload:
            self._lrd = ThreadingHTTPServer((self.host, self.livereload_port), self._handler(events_only=True))
            self._lrd.daemon_threads = True
            self.livereload_port = self._lrd.server_address[1]
        if not self.skip_initial_build:
            self.rebuild()
        if self.dest is None:  # skipped, or the first read failed: find the destination anyway
            try:
                self._locate(self._load())
            except Exception:  # noqa: BLE001 - the error is already on screen; serve ./_site
                self.dest = Path(safety.expand_path(str(self.destination or "_site"))).resolve()
        if self.watch:  # watching before it is announced: a change made after that is seen
            self._spawn(self._watch_loop)
            self._watching.wait(timeout=10)
        if before_serving is not None:  # the addresses are printed before anything is answered
            before_serving()
        for srv in (self._httpd, self._lrd):
            if srv is not None:
                self._spawn(srv.serve_forever)

    def _spawn(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    @property
    def url(self) -> str:
        base = "/" + (self.baseurl or "").strip("/")
        return f"http://{self.host}:{self.port}{base.rstrip('/')}/"

    def stop(self) -> None:
        self._stop.set()
        with self.state.cond:
            self.state.stopping = True
            self.state.cond.notify_all()
        for srv in (self._httpd, self._lrd):
            if srv is not None:
                srv.shutdown()
                srv.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def run(args: Any, overrides: Mapping[str, Any]) -> int:
    """The ``serve`` command (cli.py parses; this runs until Ctrl-C, then exits 0)."""
    server = Server(args.source, args.destination, config_files=args.config, overrides=overrides,
                    host=args.host, port=args.port, baseurl=args.baseurl, livereload=args.livereload,
                    livereload_port=args.livereload_port, livereload_ignore=args.livereload_ignore or (),
                    watch=not args.no_watch, skip_initial_build=args.skip_initial_build, jobs=args.jobs or 1,
                    force_polling=args.force_polling)
    if threading.current_thread() is threading.main_thread():
        # Jekyll's serve.rb traps INT and TERM and shuts the server down: Ctrl-C works even
        # where SIGINT was ignored (a background job), and `kill` stops it cleanly too.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    def announce() -> None:
        source = server.site_source or Path(str(args.source or ".")).resolve()
        # Jekyll's build.rb Build#process / jekyll-watch's Watcher#watch, before the server's lines.
        print(log_line("Auto-regeneration:", f"enabled for '{source}'" if server.watch
                               else "disabled. Use --watch to enable."), flush=True)
        print(f"    Server address: {server.url}", flush=True)
        if args.livereload:
            print(f"LiveReload address: http://{server.host}:{server.livereload_port}", flush=True)
        print("  Server running... press ctrl-c to stop.", flush=True)

    try:
        try:
            server.start(before_serving=announce)
        except OSError as err:
            print(f"error: cannot serve on {args.host}: {err.strerror or err}", file=sys.stderr)
            return 1
        if args.open_url:
            import webbrowser

            webbrowser.open(server.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _globs(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def add_parser(commands: Any, add_site_options: Callable[[Any], None], add_build_flags: Callable[[Any], None]) -> None:
    """The ``serve`` subcommand's flags (Jekyll's serve.rb COMMAND_OPTIONS, plus the build flags)."""
    serve = commands.add_parser("serve", aliases=["s"], help="build, watch and serve the site locally",
                                description="Build the site, rebuild it when a file changes, and serve it "
                                            "on http://127.0.0.1:4000, as `jekyll serve` does (docs/serve.md).")
    add_site_options(serve)
    serve.add_argument("-d", "--destination", metavar="DESTINATION", help="the output folder (default: ./_site)")
    serve.add_argument("-j", "--jobs", type=int, metavar="N", help="render on N processes (default: 1)")
    add_build_flags(serve)
    serve.add_argument("-H", "--host", default="127.0.0.1", help="host to bind to (default: 127.0.0.1)")
    serve.add_argument("-P", "--port", type=int, default=4000, help="port to listen on (default: 4000)")
    serve.add_argument("-l", "--livereload", action="store_true", help="reload the page in the browser after a build")
    serve.add_argument("--livereload-port", "--livereload_port", type=int, default=35729, dest="livereload_port",
                       help="port of the live-reload event stream (default: 35729)")
    serve.add_argument("--livereload-ignore", "--livereload_ignore", type=_globs, dest="livereload_ignore",
                       metavar="GLOBS", help="comma-separated globs of files whose change does not reload the page")
    serve.add_argument("-o", "--open-url", "--open_url", action="store_true", dest="open_url",
                       help="open the site in the default browser")
    serve.add_argument("--skip-initial-build", "--skip_initial_build", action="store_true",
                       dest="skip_initial_build", help="serve without building first")
    serve.add_argument("--no-watch", "--no_watch", action="store_true", dest="no_watch",
                       help="do not watch for changes")
    serve.add_argument("-w", "--watch", action="store_false", dest="no_watch",
                       help="watch for changes and rebuild (the default)")
    serve.add_argument("--force_polling", "--force-polling", action="store_true", dest="force_polling",
                       help="watch by polling the files instead of file-system events")
    serve.set_defaults(source=None)
