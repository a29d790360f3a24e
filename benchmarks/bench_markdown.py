#!/usr/bin/env python3
"""Time our kramdown port against Jekyll's kramdown on the same texts, in one run.

    python benchmarks/bench_markdown.py [--rounds N]

The texts are the long corpus documents (fixtures/md-corpus/docs/*.md). Ruby converts them
with Jekyll's own ``KramdownParser`` (Jekyll's default config, Rouge highlighting), Python with
``MarkdownConverter()``; each side converts all texts ``rounds`` times after one warm-up round and
keeps its fastest round of CPU time (the machine may be shared, so process CPU time and the minimum are the stable figures); the
ratio Ruby/Python of those best rounds is printed. Outputs are also compared, so a fast-but-wrong port is noticed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liquidpage.markdown import MarkdownConverter  # noqa: E402

RUBY = r'''
require "json"
require "jekyll"
texts = JSON.parse(STDIN.read)
rounds = Integer(ARGV[0])
config = Jekyll::Configuration.from(JSON.parse(ARGV[1]))
parser = Jekyll::Converters::Markdown::KramdownParser.new(config)
outputs = texts.map { |t| parser.convert(t) }
times = rounds.times.map do
  start = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
  texts.each { |t| parser.convert(t) }
  Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - start
end
puts JSON.generate({"seconds" => times.min, "outputs" => outputs})
'''


def load_texts() -> list[str]:
    docs = sorted((ROOT / "fixtures" / "md-corpus" / "docs").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in docs]


def time_python(texts: list[str], rounds: int, config: dict) -> tuple[float, list[str]]:
    converter = MarkdownConverter(config.get("kramdown"))
    outputs = [converter.convert_uncached(t) for t in texts]
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for t in texts:
            converter.convert_uncached(t)  # Jekyll's KramdownParser has no cache either
        best = min(best, time.process_time() - start)
    return best, outputs


def time_ruby(texts: list[str], rounds: int, config: dict) -> tuple[float, list[str]]:
    proc = subprocess.run(["ruby", "-e", RUBY, str(rounds), json.dumps(config)], input=json.dumps(texts),
                          capture_output=True, text=True, check=True)
    data = json.loads(proc.stdout)
    return data["seconds"], data["outputs"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    texts = load_texts()
    size = sum(len(t.encode()) for t in texts)
    n = len(texts)
    print(f"{len(texts)} documents, {size} bytes; best of {args.rounds} rounds per side")
    variants = [("Jekyll defaults (Rouge highlighting)", {}),
                ("no highlighting (kramdown.syntax_highlighter_opts.disable)",
                 {"kramdown": {"syntax_highlighter_opts": {"disable": True}}})]
    for title, config in variants:
        py_s, py_out = time_python(texts, args.rounds, config)
        rb_s, rb_out = time_ruby(texts, args.rounds, config)
        same = sum(a == b for a, b in zip(py_out, rb_out))
        print(f"\n{title}: identical outputs {same}/{len(texts)}")
        print(f"  kramdown (Ruby, Jekyll's KramdownParser): {rb_s * 1000:.1f} ms/round  ({rb_s / n * 1000:.2f} ms/doc)")
        print(f"  liquidpage.markdown (Python):             {py_s * 1000:.1f} ms/round  ({py_s / n * 1000:.2f} ms/doc)")
        print(f"  ratio kramdown/ours: {rb_s / py_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
