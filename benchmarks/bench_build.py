"""Time ``liquidpage build`` against ``jekyll build`` on generated sites: cold, warm and edit builds.

Each site comes from ``shared/bench/make_site.py`` (run from its own folder, never copied), with
``time:`` pinned in ``_config.yml``. Each builder gets its own copy of the source, so the two
caches (``.jekyll-cache/Jekyll`` and ``.jekyll-cache/liquidpage``) never meet, and its own
destination. Three kinds of build, each timed ``--repeat`` times with the builders alternating
(Jekyll first on even runs, liquidpage first on odd ones), medians reported:

- **cold**: no cache on disk and a fresh destination. Jekyll runs with ``--disable-disk-cache``
  after its ``.jekyll-cache`` is deleted; liquidpage with ``--disable-disk-cache`` when its
  ``build --help`` lists the flag, and its cache folder deleted either way.
- **warm**: the second build with nothing changed: the default build of each (Jekyll with its
  ``.jekyll-cache``, liquidpage with its own cache), into the previous output. One untimed
  default build fills the caches first.
- **edit**: as warm, but one post's body is changed (a line appended, different each time, the
  same for both builders) before each build.

For each build: wall time; CPU time (user + system of the build and of every process it waited
for, i.e. forked workers, from ``wait4``); peak memory of the whole process tree, sampled from
``/proc`` every 5 ms: the RSS of the build process plus the private memory (smaps_rollup's
Private_Clean + Private_Dirty, read every 50 ms) of its forked workers, so pages a worker still
shares with the parent count once (Jekyll is one process: its RSS). The peak summed RSS of
liquidpage's tree, which counts shared pages once per process, is printed too. The sampler (a
thread of this script) costs a few percent of one core. Ratios are Jekyll / liquidpage
(above 1: liquidpage is faster or smaller). ``--check`` compares the two output trees byte for
byte after every build of every kind (``identical`` is True only if all of them matched).

    python benchmarks/bench_build.py                              # sites M and L, 3 runs each
    python benchmarks/bench_build.py --sites M --repeat 5 --check
    python benchmarks/bench_build.py --sites small medium --modes cold   # the older presets
    python benchmarks/bench_build.py --sites M -j 1                      # liquidpage on one process

Not a test: speed is measured here only, never in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_SITE_CANDIDATES = [ROOT.parent / "shared" / "bench" / "make_site.py",
                        Path("/work/shared/bench/make_site.py")]
# name -> (publications, pages, posts)
SIZES = {
    "small": (100, 20, 20),
    "medium": (300, 40, 40),
    "large": (1000, 200, 100),
    "xlarge": (3000, 600, 300),
    "M": (2000, 400, 400),
    "L": (5000, 1000, 1000),
}
MODES = ("cold", "warm", "edit")
BUILDERS = ("jekyll", "liquidpage")
PINNED_TIME = "time: 2024-05-01 12:00:00 +0000\n"
SAMPLE_SECONDS = 0.005
PRIVATE_EVERY = 10  # samples: the workers' private memory every 50 ms
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def make_site(out: Path, pubs: int, pages: int, posts: int) -> None:
    """Generate a site with the shared generator, run from its own folder, and pin ``time:``."""
    script = next((p for p in MAKE_SITE_CANDIDATES if p.is_file()), None)
    if script is None:
        sys.exit("bench_build: shared/bench/make_site.py not found")
    subprocess.run([sys.executable, str(script), str(out), "--pubs", str(pubs), "--pages",
                    str(pages), "--posts", str(posts)], cwd=script.parent, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out / "_config.yml", "a", encoding="utf-8") as handle:
        handle.write(PINNED_TIME)


# -- measuring one process tree -----------------------------------------------------------------
def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _private(pid: int) -> int:
    """The pages only this process maps (Private_Clean + Private_Dirty of smaps_rollup), in bytes."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return total


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants (from /proc/PID/task/TID/children)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.append(pid)
            todo.extend(_children(pid))
    return found


def tree_rss(root: int) -> int:
    """The summed RSS in bytes of ``root`` and all its descendants."""
    return sum(_rss(pid) for pid in tree_pids(root))


class PeakSampler(threading.Thread):
    """Samples the process tree of ``pid`` every 5 ms until stopped.

    ``peak``: the largest "combined" memory, the RSS of ``pid`` plus the private pages of each
    descendant (a forked worker's pages still shared with the parent are the parent's and
    count once; those it wrote to, or mapped itself, are its own). The descendants' private
    sizes come from smaps_rollup, which costs ~1 ms for a 150 MB process, so they are read
    every 50 ms and the last value is used in between. ``peak_rss_sum``: the largest summed
    RSS of the tree (shared pages counted once per process: an over-count with workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = self.peak_rss_sum = 0
        self._done = threading.Event()

    def run(self) -> None:
        tick, private = 0, 0
        while not self._done.is_set():
            pids = tree_pids(self.pid)
            rss = [_rss(p) for p in pids]
            if tick % PRIVATE_EVERY == 0:
                private = sum(_private(p) for p in pids[1:])
            self.peak = max(self.peak, rss[0] + private)
            self.peak_rss_sum = max(self.peak_rss_sum, sum(rss))
            tick += 1
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> tuple[int, int]:
        self._done.set()
        self.join()
        return self.peak, self.peak_rss_sum


@dataclass
class Sample:
    wall: float
    cpu: float
    peak: int  # bytes: RSS of the build process + private memory of its descendants
    peak_rss_sum: int  # bytes: summed RSS of the tree


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> Sample:
    """Run ``cmd`` to the end: wall seconds, CPU seconds of the tree, peak tree RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = PeakSampler(proc.pid)
    sampler.start()
    assert proc.stderr is not None
    errors = proc.stderr.read()  # drained while it runs; the process ends before EOF
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    peak, peak_rss_sum = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"bench_build: {' '.join(cmd)} failed ({proc.returncode}):\n{errors.decode(errors='replace')}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, peak_rss_sum)


# -- the builders ----------------------------------------------------------------------------
def liquidpage_has_flag(flag: str, env: dict[str, str]) -> bool:
    out = subprocess.run([sys.executable, "-m", "liquidpage", "build", "--help"], env=env,
                         capture_output=True, text=True, check=False).stdout
    return flag in out


def command(builder: str, source: Path, dest: Path, cold: bool, lp_disable_flag: bool,
            jobs: int | None = None) -> list[str]:
    if builder == "jekyll":
        cmd = ["jekyll", "build", "--quiet", "-s", str(source), "-d", str(dest)]
        return cmd + (["--disable-disk-cache"] if cold else [])
    cmd = [sys.executable, "-m", "liquidpage", "build", "-q", "-s", str(source), "-d", str(dest)]
    if jobs is not None:
        cmd += ["-j", str(jobs)]
    return cmd + (["--disable-disk-cache"] if cold and lp_disable_flag else [])


def drop_caches(source: Path) -> None:
    """Delete the disk caches in ``source`` (Jekyll's and liquidpage's both live in
    ``.jekyll-cache``; ``.sass-cache`` is Sass's)."""
    for name in (".jekyll-cache", ".sass-cache", ".jekyll-metadata"):
        path = source / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def edit_post(source: Path, run: int) -> None:
    """Append a line to the first post's body (the same text for both builders' copies)."""
    post = sorted((source / "_posts").glob("*.md"))[0]
    with open(post, "a", encoding="utf-8") as handle:
        handle.write(f"\nEdited for run {run}: the body changes and nothing else.\n")


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


@dataclass
class Result:
    site: str
    mode: str
    samples: dict[str, list[Sample]] = field(default_factory=lambda: {b: [] for b in BUILDERS})
    identical: bool | None = None

    def median(self, builder: str, what: str) -> float:
        return statistics.median(getattr(s, what) for s in self.samples[builder])


def bench_site(name: str, modes: list[str], repeat: int, check: bool, work: Path,
               env: dict[str, str], lp_disable_flag: bool, jobs: int | None = None) -> list[Result]:
    pubs, pages, posts = SIZES[name]
    base = work / f"site-{name}"
    make_site(base, pubs, pages, posts)
    sources = {b: work / f"src-{name}-{b}" for b in BUILDERS}
    dests = {b: work / f"out-{name}-{b}" for b in BUILDERS}
    for builder in BUILDERS:
        shutil.copytree(base, sources[builder])
    results = []

    def build(builder: str, mode: str) -> Sample:
        source, dest = sources[builder], dests[builder]
        if mode == "cold":
            drop_caches(source)
            shutil.rmtree(dest, ignore_errors=True)
        return measure(command(builder, source, dest, mode == "cold", lp_disable_flag, jobs), env, source)

    warmed = False
    for mode in modes:
        result = Result(name, mode)
        if mode != "cold" and not warmed:  # fill the caches (and the destination) once, untimed
            for builder in BUILDERS:
                build(builder, "warm")
        warmed = mode != "cold"
        for run in range(repeat):
            if mode == "edit":
                for builder in BUILDERS:
                    edit_post(sources[builder], run)
            order = BUILDERS if run % 2 == 0 else tuple(reversed(BUILDERS))
            for builder in order:
                result.samples[builder].append(build(builder, mode))
            if check:
                same = same_tree(dests["jekyll"], dests["liquidpage"])
                result.identical = same if result.identical is None else (result.identical and same)
        results.append(result)
        print(f"bench_build: {name} {mode} done", file=sys.stderr, flush=True)
    return results


def table(results: list[Result]) -> str:
    lines = [
        "| site (pubs/pages/posts) | build | jekyll s | liquidpage s | wall ratio | jekyll CPU s "
        "| liquidpage CPU s | CPU ratio | jekyll MiB | liquidpage MiB | memory ratio "
        "| liquidpage RSS sum MiB | identical |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        pubs, pages, posts = SIZES[r.site]
        js, ls = r.median("jekyll", "wall"), r.median("liquidpage", "wall")
        jc, lc = r.median("jekyll", "cpu"), r.median("liquidpage", "cpu")
        jm, lm = r.median("jekyll", "peak") / 2**20, r.median("liquidpage", "peak") / 2**20
        lsum = r.median("liquidpage", "peak_rss_sum") / 2**20
        ident = "-" if r.identical is None else str(r.identical)
        lines.append(f"| {r.site} ({pubs}/{pages}/{posts}) | {r.mode} | {js:.2f} | {ls:.2f} | {js / ls:.2f} "
                     f"| {jc:.2f} | {lc:.2f} | {jc / lc:.2f} | {jm:.0f} | {lm:.0f} | {jm / lm:.2f} "
                     f"| {lsum:.0f} | {ident} |")
    return "\n".join(lines)


def _git_head() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", "--sizes", nargs="+", choices=list(SIZES), default=["M", "L"], dest="sites",
                    help="generated sites to build (default: M L)")
    ap.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES), help="kinds of build (default: all)")
    ap.add_argument("--repeat", type=int, default=3, help="timed builds per builder, site and kind (default: 3)")
    ap.add_argument("--check", action="store_true", help="compare the two output trees after every build")
    ap.add_argument("-j", "--jobs", type=int, metavar="N",
                    help="liquidpage's -j N (default: liquidpage's own default, every core)")
    args = ap.parse_args(argv)
    if shutil.which("jekyll") is None:
        print("bench_build: jekyll is not installed", file=sys.stderr)
        return 2
    if not Path("/proc/self/statm").exists():
        print("bench_build: needs Linux's /proc to sample memory", file=sys.stderr)
        return 2
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONPATH=str(ROOT))
    # As an installed package is (pip compiles it): bytecode for every module, so that start-up
    # is not a compile of the sources on every run (PYTHONDONTWRITEBYTECODE=1 would make it so).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "liquidpage")], check=True)
    lp_disable_flag = liquidpage_has_flag("--disable-disk-cache", env)
    load_before = os.getloadavg()
    started = dt.datetime.now(dt.timezone.utc)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for name in args.sites:
            results.extend(bench_site(name, args.modes, args.repeat, args.check, Path(tmp), env,
                                      lp_disable_flag, args.jobs))
    load_after = os.getloadavg()
    print(f"Run of {started:%Y-%m-%d %H:%M} UTC, {args.repeat} runs per builder, site and kind, medians; "
          f"load average (1/5/15 min) {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f} before, "
          f"{load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f} after; {os.cpu_count()} cores; "
          f"Python {platform.python_version()}; liquidpage at {_git_head()}; liquidpage "
          f"{'-j ' + str(args.jobs) if args.jobs else 'on every core (default -j)'}; cold builds "
          f"{'with --disable-disk-cache' if lp_disable_flag else 'with the cache folder deleted (no --disable-disk-cache flag)'}.")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
