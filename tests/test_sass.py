"""Sass options beyond what fixtures/core-sass pins (jekyll-sass-converter 2.2, §8.1)."""

from __future__ import annotations

from pathlib import Path

from liquidpage import Site


def test_line_comments_name_the_page(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("sass:\n  line_comments: true\n", encoding="utf-8")
    (tmp_path / "style.scss").write_text("---\n---\n.top { x: y; }\n", encoding="utf-8")
    site = Site.load(tmp_path)
    out = site.render("style.scss")
    # what Debian's Jekyll 4.3.1 wrote for this page (checked by hand)
    assert out == "/* line 1, style.scss */ .top { x: y; }\n\n/*# sourceMappingURL=style.css.map */"
