"""jekyll-commonmark 1.4.0: naming it in ``plugins`` makes ``markdown: CommonMark`` available
(the gem defines ``Jekyll::Converters::Markdown::CommonMark``); the converter is
``liquidpage.commonmark.CommonMarkConverter``, chosen by ``Site.markdown``."""

from __future__ import annotations

from typing import Any


def register(registry: Any) -> None:
    """Nothing to add to the registry: ``Site.markdown`` looks for this plugin's name."""
