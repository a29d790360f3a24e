"""The hl-corpus fixture: highlight() / linenos_table() against Rouge 3.30 output through Jekyll."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from liquidpage._highlight.rouge_lexers import REGISTRY
from liquidpage.highlight import escape, highlight, linenos_table

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hl-corpus"
FRONT = re.compile(r"\A---\n.*?^---\n", re.M | re.S)
MD_FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```$", re.M | re.S)
MD_OUT = re.compile(r'<div class="language-[^"]*? highlighter-rouge"><div class="highlight">'
                    r'<pre class="highlight"><code>(.*?)</code></pre></div></div>', re.S)
TAG_SRC = re.compile(r"\{% highlight (\S+)( linenos)? %\}\{% raw %\}(.*?)\{% endraw %\}", re.S)
TAG_OUT = re.compile(r'<figure class="highlight"><pre><code class="[^"]*" data-lang="[^"]*">'
                     r"(.*?)</code></pre></figure>", re.S)
LINE_TERMINATORS = re.compile(r"\A[\n\r]+|[\n\r]+\Z")

# Known differences from Rouge: case id -> reason (also listed in docs/parity.md, ## Highlighting).
XFAIL: dict[str, str] = {
    "md-options-4": "`guess` is lexed as plain text; Rouge detects the shell shebang",
    "tag-options-0": "`guess` is lexed as plain text; Rouge detects the shell shebang",
}


class Case(NamedTuple):
    id: str
    lang: str
    code: str
    linenos: bool
    expected: str

    def actual(self) -> str | None:
        """What liquidpage produces, in the same shape as the expected text."""
        if self.id.startswith("md-"):
            # kramdown passes the block with its final newline (kramdown's converter/html.rb Converter::Html#convert_codeblock).
            return highlight(self.code, self.lang)
        if self.linenos:
            out = linenos_table(self.code, self.lang)
        else:  # an unknown language gets Rouge's plain-text lexer in the tag (Jekyll's tags/highlight.rb HighlightBlock)
            out = highlight(self.code, self.lang) or escape(self.code)
        return out.removesuffix("\n")  # Jekyll's chomp (Jekyll's tags/highlight.rb HighlightBlock)


def read(path: Path) -> str:
    """The file's text with its line endings as they are (tag bodies keep CRs, Jekyll's tags/highlight.rb HighlightBlock)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def md_cases(page: Path) -> list[Case]:
    src = FRONT.sub("", read(page))
    expected = MD_OUT.findall(read(FIXTURE / "expected" / (page.stem + ".html")))
    fences = MD_FENCE.findall(src)
    assert len(fences) == len(expected), page
    return [Case(f"{page.stem}-{i}", lang.strip() or "plaintext", code, False, exp)
            for i, ((lang, code), exp) in enumerate(zip(fences, expected))]


def tag_cases(page: Path) -> list[Case]:
    src = read(page)
    expected = TAG_OUT.findall(read(FIXTURE / "expected" / page.name))
    tags = TAG_SRC.findall(src)
    assert len(tags) == len(expected), page
    return [Case(f"{page.stem}-{i}", lang.lower(), LINE_TERMINATORS.sub("", code), bool(ln), exp)
            for i, ((lang, ln, code), exp) in enumerate(zip(tags, expected))]


def all_cases() -> list[Case]:
    site = FIXTURE / "site"
    cases = [c for p in sorted(site.glob("md-*.md")) for c in md_cases(p)]
    return cases + [c for p in sorted(site.glob("tag-*.html")) for c in tag_cases(p)]


def params() -> list[object]:
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=XFAIL[c.id], strict=True)]
                         if c.id in XFAIL else []) for c in all_cases()]


@pytest.mark.parametrize("case", params())
def test_corpus_case(case: Case) -> None:
    assert case.actual() == case.expected


def language_of(case: Case) -> str:
    """The Rouge lexer a case exercises (its tag; ``guess`` or an unknown name as written)."""
    name = case.lang.split("?", 1)[0]
    return REGISTRY.get(name, name)


def report(verbose: bool = False) -> None:
    """Print identical/total per language (the table in docs/parity.md)."""
    same: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case in all_cases():
        lang = language_of(case)
        total[lang] += 1
        ok = case.actual() == case.expected
        same[lang] += ok
        if verbose and not ok:
            print(f"--- {case.id}\nexp: {case.expected!r}\ngot: {case.actual()!r}")
    for lang in sorted(total):
        print(f"| {lang} | {same[lang]} / {total[lang]} |")
    print(f"| total | {sum(same.values())} / {sum(total.values())} |")


if __name__ == "__main__":
    report(verbose="-v" in sys.argv)
