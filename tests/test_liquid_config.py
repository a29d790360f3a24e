"""The ``liquid:`` configuration (Jekyll's liquid_renderer.rb LiquidRenderer, renderer.rb Renderer#render_liquid): error_mode, strict_variables, strict_filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from liquidpage import Site
from liquidpage.errors import LiquidpageError, TemplateError

from liquid_standin import render


def _site(tmp_path: Path, liquid: str, pages: dict[str, str]) -> Site:
    root = tmp_path / "site"
    (root / "_includes").mkdir(parents=True)
    (root / "_config.yml").write_text(f"time: 2024-05-01 12:00:00 +0000\nliquid:\n{liquid}")
    (root / "_includes" / "card.html").write_text("[{{ include.missing }}]\n")
    for name, text in pages.items():
        (root / name).write_text(text)
    return Site.load(root)


def test_strict_variables_reports_every_undefined_variable(tmp_path: Path) -> None:
    page = "---\ntitle: T\n---\n{{ page.title }}\n{{ nope }}\n{% if site.data.missing.deep %}{% endif %}\n{% include card.html x=1 %}\n"
    site = _site(tmp_path, "  strict_variables: true\n", {"a.html": page})
    with pytest.raises(TemplateError) as info:
        site.render("a.html")
    text = str(info.value)
    assert "a.html:5:4: Liquid error: undefined variable nope\n" in text  # its location once
    assert "a.html:6: undefined variable missing" in text
    assert "card.html:1: undefined variable missing" in text
    assert "undefined variable title" not in text


def test_strict_variables_off_renders_empty(tmp_path: Path) -> None:
    site = _site(tmp_path, "  strict_variables: false\n", {"a.html": "---\n---\n[{{ nope }}]\n"})
    assert site.render("a.html") == "[]\n"


def test_strict_filters(tmp_path: Path) -> None:
    site = _site(tmp_path, "  strict_filters: true\n", {"a.html": "---\n---\n{{ 'x' | nosuch }}\n"})
    with pytest.raises(LiquidpageError, match="undefined filter nosuch"):  # Jekyll's wording
        site.render("a.html")


def test_unknown_filter_is_skipped_by_default() -> None:
    assert render("{{ 'x' | nosuch | upcase }}") == "X"


@pytest.mark.parametrize("filter_name", ["squish", "has", "reject", "find_index", "sum", "safe", "escapejs"])
def test_python_liquid_only_filters_are_unknown(filter_name: str) -> None:
    assert render("{{ 'a  b' | %s: 'x' }}" % filter_name) == "a  b"


def test_warn_mode_renders_on_after_syntax_error(tmp_path: Path) -> None:
    site = _site(tmp_path, "  error_mode: warn\n", {"a.html": "---\n---\na{{ 'x' | | upcase }}b\n"})
    assert site.render("a.html").startswith("a")


def test_strict_mode_aborts_on_syntax_error(tmp_path: Path) -> None:
    site = _site(tmp_path, "  error_mode: strict\n", {"a.html": "---\n---\na{{ 'x' | | upcase }}b\n"})
    with pytest.raises(LiquidpageError):
        site.render("a.html")


def test_lax_mode_is_silent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = _site(tmp_path, "  error_mode: lax\n", {"a.html": "---\n---\na{{ 'x' | | upcase }}b\n"})
    site.render("a.html")
    assert "Liquid" not in caplog.text


@pytest.mark.parametrize("mode", ["lax", "warn", "strict"])
def test_unknown_tag_aborts_in_every_mode(tmp_path: Path, mode: str) -> None:
    site = _site(tmp_path, f"  error_mode: {mode}\n", {"a.html": "---\n---\n{% seo %}\n"})
    with pytest.raises(LiquidpageError, match="Unknown tag 'seo'"):
        site.render("a.html")


def test_highlight_in_markdown_gets_newlines() -> None:
    out = render("{% highlight text %}x{% endhighlight %}", {"highlighter_prefix": "\n", "highlighter_suffix": "\n"})
    assert out == '\n<figure class="highlight"><pre><code class="language-text" data-lang="text">x</code></pre></figure>\n'


def test_highlight_without_rouge_only_escapes() -> None:
    out = render("{% highlight ruby %}\n a < b \n{% endhighlight %}", highlighter=None)
    assert out == '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">a &lt; b</code></pre></figure>'
