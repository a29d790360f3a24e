#!/usr/bin/env python3
"""Whole-site build benchmark: ``jekyll build`` against ``liquidpage build`` on generated sites.

Sites come from ``shared/bench/make_site.py`` (run from its own folder) at several sizes, with
``time:`` pinned. For every size the two builders run alternately, ``--repeat`` times each, in
fresh destination folders; wall time, CPU time and the child's peak RSS are measured with
``/usr/bin/time`` (falling back to ``resource.getrusage`` deltas). Medians and ratios
(Jekyll / liquidpage: above 1 means liquidpage is faster or smaller) are printed as a
Markdown table. Jekyll runs with ``--disable-disk-cache`` so every run is cold.

    python benchmarks/bench_build.py                 # default sizes, 3 repetitions
    python benchmarks/bench_build.py --sizes small medium --repeat 5 --check
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_SITE_CANDIDATES = [ROOT.parent / "shared" / "bench" / "make_site.py",
                        Path("/work/shared/bench/make_site.py")]
SIZES = {
    "small": (100, 20, 20),
    "medium": (300, 40, 40),
    "large": (1000, 200, 100),
    "xlarge": (3000, 600, 300),
}
PINNED_TIME = "time: 2024-05-01 12:00:00 +0000\n"


def make_site(out: Path, pubs: int, pages: int, posts: int) -> None:
    """Generate a site with the shared generator, run from its own folder."""
    script = next((p for p in MAKE_SITE_CANDIDATES if p.is_file()), None)
    if script is None:
        sys.exit("bench_build: shared/bench/make_site.py not found")
    subprocess.run([sys.executable, str(script), str(out), "--pubs", str(pubs), "--pages",
                    str(pages), "--posts", str(posts)], cwd=script.parent, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out / "_config.yml", "a", encoding="utf-8") as handle:
        handle.write(PINNED_TIME)


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Run ``cmd``; return (wall seconds, CPU seconds, peak RSS in KiB of the child).

    CPU time (user + system) is printed too: on a busy machine it is the steadier number.
    """
    if Path("/usr/bin/time").exists():
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *cmd],
                           env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall, user, system, rss = report.read().split()[-4:]
            return float(wall), float(user) + float(system), int(rss)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of children is a running maximum: a lower bound if an earlier child peaked higher.
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss)


def commands(source: Path, dest: Path) -> dict[str, list[str]]:
    return {
        "jekyll": ["jekyll", "build", "--quiet", "--disable-disk-cache", "-s", str(source),
                   "-d", str(dest / "jekyll")],
        "liquidpage": [sys.executable, "-m", "liquidpage", "build", "-q", "-s", str(source),
                       "-d", str(dest / "liquidpage")],
    }


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def bench_size(name: str, repeat: int, check: bool, work: Path) -> dict[str, object]:
    pubs, pages, posts = SIZES[name]
    source = work / f"site-{name}"
    make_site(source, pubs, pages, posts)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JEKYLL_")}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONPATH=str(ROOT))
    results: dict[str, list[tuple[float, float, int]]] = {"jekyll": [], "liquidpage": []}
    for run in range(repeat):
        order = ["jekyll", "liquidpage"] if run % 2 == 0 else ["liquidpage", "jekyll"]
        for tool in order:
            dest = work / f"out-{name}-{run}"
            results[tool].append(measure(commands(source, dest)[tool], env))
            shutil.rmtree(source / ".jekyll-cache", ignore_errors=True)
    identical = None
    if check:
        dest = work / f"out-{name}-0"
        identical = same_tree(dest / "jekyll", dest / "liquidpage")
    row: dict[str, object] = {"size": name, "pubs": pubs, "pages": pages, "posts": posts,
                              "identical": identical}
    for tool, samples in results.items():
        row[f"{tool}_s"] = statistics.median(s for s, _, _ in samples)
        row[f"{tool}_cpu"] = statistics.median(c for _, c, _ in samples)
        row[f"{tool}_kib"] = statistics.median(k for _, _, k in samples)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["small", "medium", "large"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="also compare the two output trees")
    args = ap.parse_args(argv)
    if shutil.which("jekyll") is None:
        print("bench_build: jekyll is not installed", file=sys.stderr)
        return 2
    print("| size (pubs/pages/posts) | jekyll s | liquidpage s | wall ratio | jekyll CPU s "
          "| liquidpage CPU s | CPU ratio | jekyll MiB | liquidpage MiB | memory ratio | identical |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for name in args.sizes:
            r = bench_size(name, args.repeat, args.check, Path(tmp))
            js, ls = float(r["jekyll_s"]), float(r["liquidpage_s"])  # type: ignore[arg-type]
            jc, lc = float(r["jekyll_cpu"]), float(r["liquidpage_cpu"])  # type: ignore[arg-type]
            jm, lm = float(r["jekyll_kib"]) / 1024, float(r["liquidpage_kib"]) / 1024  # type: ignore[arg-type]
            print(f"| {name} ({r['pubs']}/{r['pages']}/{r['posts']}) | {js:.2f} | {ls:.2f} | "
                  f"{js / ls:.2f} | {jc:.2f} | {lc:.2f} | {jc / lc:.2f} | {jm:.0f} | {lm:.0f} | "
                  f"{jm / lm:.2f} | {'-' if r['identical'] is None else r['identical']} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
