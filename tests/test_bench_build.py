"""benchmarks/bench_build.py's measuring helpers (no timings are checked: speed is measured by
the benchmark itself, never by tests)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "bench_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


# A parent that forks a worker; the worker writes 96 MiB of its own, holds it, and exits.
FORKING = """
import os, time
pid = os.fork()
if pid == 0:
    block = bytearray(96 * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    time.sleep(0.4)
    os._exit(0)
os.waitpid(pid, 0)
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_memory_of_a_forked_worker_counts_in_the_tree(tmp_path: Path) -> None:
    bench = _bench()
    sample = bench.measure([sys.executable, "-c", FORKING], dict(os.environ), tmp_path)
    assert sample.peak >= 96 * 2**20  # the parent's RSS plus the worker's private pages
    assert sample.peak_rss_sum >= sample.peak - 2**20
    assert sample.cpu > 0  # the worker's CPU time reaches the parent through wait4


def test_same_tree_and_edit_post(tmp_path: Path) -> None:
    bench = _bench()
    for side in ("a", "b"):
        (tmp_path / side / "_posts").mkdir(parents=True)
        (tmp_path / side / "_posts" / "2024-01-01-x.md").write_text("---\n---\nBody\n")
    assert bench.same_tree(tmp_path / "a", tmp_path / "b")
    bench.edit_post(tmp_path / "a", 1)
    assert not bench.same_tree(tmp_path / "a", tmp_path / "b")
    bench.edit_post(tmp_path / "b", 1)
    assert bench.same_tree(tmp_path / "a", tmp_path / "b")
