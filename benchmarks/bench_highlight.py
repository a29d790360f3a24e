#!/usr/bin/env python3
"""Time our Rouge port (liquidpage.highlight) against Rouge 3.30 (Ruby) on the same code, in one run.

    python benchmarks/bench_highlight.py [--rounds N]

The snippets are (1) exactly what kramdown hands to Rouge while Jekyll's ``KramdownParser``
converts fixtures/md-corpus/docs/*.md (recorded in Ruby by wrapping
``Kramdown::Converter::SyntaxHighlighter::Rouge.call``: fenced blocks, and code spans under
Jekyll's ``default_lang: plaintext``), and (2) the highlighted code of fixtures/hl-corpus
(as tests/test_highlight_corpus.py extracts it; ``guess`` is left out: we do not port Rouge's
guessing).

Ruby runs what kramdown runs per snippet: ``Rouge::Lexer.find_fancy(lang, text)`` then
``Rouge::Formatters::HTMLLegacy.new(css_class: "highlight", wrap: block?).format(lexer.lex(text))``.
Python runs ``liquidpage.highlight.highlight(text, lang)`` (the HTMLLegacy wrapper is added
outside the timing to compare the outputs). Each side does all snippets ``rounds`` times after
one warm-up round and keeps its fastest round of process CPU time (the machine may be shared);
the ratio Rouge/ours of those best rounds is printed, for the docs' snippets alone (most are
code spans lexed as plaintext), for those of them not lexed as plaintext, and for all.
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
sys.path.insert(0, str(ROOT / "tests"))

from liquidpage.highlight import highlight  # noqa: E402

RUBY = r'''
require "json"
require "jekyll"
require "kramdown/converter/syntax_highlighter/rouge"
input = JSON.parse(STDIN.read)
rounds = Integer(ARGV[0])

# Record what kramdown highlights with Rouge while Jekyll converts the documents.
$recorded = []
module Recorder
  def call(converter, text, lang, type, call_opts)
    result = super
    $recorded << [text, lang || call_opts[:default_lang], type.to_s] if result
    result
  end
end
Kramdown::Converter::SyntaxHighlighter::Rouge.singleton_class.prepend(Recorder)
parser = Jekyll::Converters::Markdown::KramdownParser.new(Jekyll::Configuration.from({}))
input["docs"].each { |t| parser.convert(t) }
docs = $recorded.dup

def run_one(text, lang, type)
  lexer = Rouge::Lexer.find_fancy(lang, text)
  Rouge::Formatters::HTMLLegacy.new(css_class: "highlight", wrap: type == "block").format(lexer.lex(text))
end

def best(snippets, rounds)
  rounds.times.map do
    start = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
    snippets.each { |text, lang, type| run_one(text, lang, type) }
    Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - start
  end.min
end

all = docs + input["extra"]
outputs = all.map { |text, lang, type| run_one(text, lang, type) }
code = (0...docs.size).reject { |i| Rouge::Lexer.find_fancy(docs[i][1], docs[i][0]).tag == "plaintext" }
puts JSON.generate({"snippets" => all, "n_docs" => docs.size, "outputs" => outputs, "code" => code,
                    "docs_seconds" => best(docs, rounds), "all_seconds" => best(all, rounds),
                    "code_seconds" => best(code.map { |i| docs[i] }, rounds)})
'''

WRAP = ('<div class="highlight"><pre class="highlight"><code>', "</code></pre></div>")


def load_docs() -> list[str]:
    docs = sorted((ROOT / "fixtures" / "md-corpus" / "docs").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in docs]


def load_hl_corpus() -> list[list[str]]:
    from test_highlight_corpus import all_cases

    return [[c.code, c.lang, "block"] for c in all_cases()
            if not c.lang.startswith("guess") and highlight(c.code, c.lang) is not None]


def ours(snippets: list[list[str]]) -> list[str | None]:
    return [highlight(text, lang) for text, lang, _ in snippets]


def best_python(snippets: list[list[str]], rounds: int) -> float:
    ours(snippets)  # warm-up: tables built, regexes compiled
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text, lang, _ in snippets:
            highlight(text, lang)
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=50)
    args = ap.parse_args()
    payload = {"docs": load_docs(), "extra": load_hl_corpus()}
    proc = subprocess.run(["ruby", "-e", RUBY, str(args.rounds)], input=json.dumps(payload),
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(proc.stderr)
    data = json.loads(proc.stdout)
    snippets, n_docs = data["snippets"], data["n_docs"]
    mine = ours(snippets)
    same = 0
    for (text, lang, kind), theirs, got in zip(snippets, data["outputs"], mine):
        wrapped = f"{WRAP[0]}{got}{WRAP[1]}" if kind == "block" else got
        if wrapped == theirs:
            same += 1
        else:
            print(f"DIFFERENT: {lang!r} {text[:60]!r}")
    print(f"{len(snippets)} snippets ({n_docs} from md-corpus/docs, {len(snippets) - n_docs} from hl-corpus), "
          f"{sum(len(s[0].encode()) for s in snippets)} bytes; best of {args.rounds} rounds per side")
    print(f"identical outputs {same}/{len(snippets)}")
    code = [snippets[i] for i in data["code"]]
    for title, part, rb_s in [("md-corpus/docs snippets", snippets[:n_docs], data["docs_seconds"]),
                              ("md-corpus/docs snippets not lexed as plaintext", code,
                               data["code_seconds"]),
                              ("all snippets", snippets, data["all_seconds"])]:
        py_s = best_python(part, args.rounds)
        print(f"\n{title} ({len(part)}):")
        print(f"  Rouge (Ruby):                 {rb_s * 1000:.2f} ms/round")
        print(f"  liquidpage.highlight (Python): {py_s * 1000:.2f} ms/round")
        print(f"  ratio Rouge/ours: {rb_s / py_s:.2f}x")
    return 0 if same == len(snippets) else 1


if __name__ == "__main__":
    sys.exit(main())
