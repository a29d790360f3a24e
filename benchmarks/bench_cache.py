"""What the build cache (liquidpage/cache.py) saves, per cached input.

For each site, three builds in fresh processes: ``off`` (``--disable-disk-cache``), ``cold``
(an empty cache: parse and store) and ``warm`` (a second build: load). In each, the CPU time
spent where each input is parsed or loaded is summed (front matter: ``Reader.read_front_matter``;
data: ``read_data_file``; Markdown: the converter's ``convert``; Sass: ``compile_page``;
Rouge: the highlight tag), with the whole build's CPU time (user + system, workers included).
The minimum of ``--repeat`` runs is printed, in milliseconds.

The rebuild engine's records (``.jekyll-cache/liquidpage/build``, liquidpage/incremental.py)
are removed before every build, so that every page renders: what is measured is the parsed
inputs' cache alone, as in a rebuild after an edit every page depends on (a layout, the
configuration). ``--keep-renders`` keeps them (a warm build then reuses every render).

    python benchmarks/bench_cache.py --site /tmp/siteM [--site fixtures/core-sass-bootstrap4/site ...]

Each site is copied to a temporary folder first (its cache goes there).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, os, resource, sys, time
from liquidpage import data, highlight, sass
from liquidpage.commonmark import CommonMarkConverter
from liquidpage.markdown import MarkdownConverter
from liquidpage.reader import Reader
from liquidpage.site import Site

totals = {}

def timed(owner, name, label):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.process_time() - start
    setattr(owner, name, wrapper)

timed(Reader, "read_front_matter", "front matter")
timed(data, "read_data_file", "data")
timed(MarkdownConverter, "convert", "markdown")
timed(CommonMarkConverter, "convert", "commonmark")
timed(sass, "compile_page", "sass")
timed(highlight, "cached", "rouge tag")
source, dest, mode, jobs = sys.argv[1:5]
site = Site.load(source, disable_disk_cache=True if mode == "off" else None)
site.build(dest, jobs=int(jobs))
from liquidpage.cache import flush_all
flush_all()
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
totals["build"] = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps(totals))
"""


def run(source: Path, dest: Path, mode: str, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(source), str(dest), mode, str(jobs)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", required=True, help="a site folder (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=1, help="render processes (default 1)")
    parser.add_argument("--keep-renders", action="store_true",
                        help="keep the rebuild engine's records (warm builds reuse renders)")
    args = parser.parse_args()
    for given in args.site:
        with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
            source = Path(tmp) / "site"
            shutil.copytree(given, source, symlinks=True)
            best: dict[str, dict[str, float]] = {}
            for _ in range(args.repeat):
                for mode in ("off", "cold", "warm"):
                    if mode == "cold":
                        shutil.rmtree(source / ".jekyll-cache", ignore_errors=True)
                    if not args.keep_renders:
                        shutil.rmtree(source / ".jekyll-cache" / "liquidpage" / "build", ignore_errors=True)
                    found = run(source, Path(tmp) / "out", mode, args.jobs)
                    for key, value in found.items():
                        slot = best.setdefault(key, {})
                        slot[mode] = min(slot.get(mode, float("inf")), value)
            print(f"{given} (-j {args.jobs}, min of {args.repeat}; CPU ms)")
            print(f"  {'input':<14}{'off':>10}{'cold':>10}{'warm':>10}")
            for key in ["front matter", "data", "markdown", "commonmark", "sass", "rouge tag", "build"]:
                if key in best:
                    row = best[key]
                    print(f"  {key:<14}" + "".join(f"{row.get(m, float('nan')) * 1000:>10.1f}" for m in ("off", "cold", "warm")))


if __name__ == "__main__":
    main()
