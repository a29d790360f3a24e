#!/usr/bin/env python3
"""Start-up benchmark: what importing liquidpage costs, per entry point.

For each set of modules, a fresh ``python -c "import ..."`` runs ``--repeat`` times (with
``-X importtime``): the median wall time of the whole process, and the median cumulative
import time of the named modules as ``-X importtime`` reports it (a module imported by an
earlier one in the list counts once). A bare ``python -c pass`` is timed too, the floor.

The sets:

- ``cli``: ``liquidpage.cli``, what every command imports first;
- ``noop``: ``liquidpage.cli``, ``config``, ``yamlload``, ``incremental`` (and ``cache`` where
  it exists), what a build that finds nothing changed needs;
- ``render``: ``liquidpage.site``, the whole render path (python-liquid, the Markdown port, …),
  what a build that renders anything needs.

Compiled ``.pyc`` files are used when the environment allows them (run once to write them;
``PYTHONDONTWRITEBYTECODE`` set means every run compiles liquidpage's sources again, tens of
milliseconds more). The machine is noisy: compare medians of runs made at the same time.

    python benchmarks/bench_startup.py --repeat 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETS = {
    "cli": ["liquidpage.cli"],
    "noop": ["liquidpage.cli", "liquidpage.config", "liquidpage.yamlload", "liquidpage.incremental"]
    + (["liquidpage.cache"] if (ROOT / "liquidpage" / "cache.py").is_file() else []),
    "render": ["liquidpage.site"],
}


def run(modules: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, cumulative import seconds of ``modules``) of one fresh interpreter."""
    code = "import " + ", ".join(modules) if modules else "pass"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    total = 0
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        # top-level lines only (nested ones are indented): a named module imported by an
        # earlier one is inside that one's cumulative time already
        if len(parts) == 3 and not parts[2].startswith("  ") and parts[2].strip() in modules:
            total += int(parts[1])  # cumulative microseconds
    return wall, total / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=11, help="runs per set (default 11)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC")
    run(["liquidpage.site", *SETS["noop"]], env)  # writes the .pyc files where allowed
    rows = [("bare python", [])] + [(name, modules) for name, modules in SETS.items()]
    print(f"| set | modules | wall ms (median of {args.repeat}) | import ms (median) |")
    print("|---|---|---|---|")
    for name, modules in rows:
        walls, imports = zip(*(run(modules, env) for _ in range(args.repeat)))
        print(f"| {name} | {', '.join(modules) or '-'} | {statistics.median(walls) * 1000:.1f} "
              f"| {statistics.median(imports) * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
