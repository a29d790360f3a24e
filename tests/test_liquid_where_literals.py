"""``where`` against ``nil``/``empty``/``blank``/strings over properties of every shape
(fixtures/liquid-where-literals, built by Jekyll 4.3.1: Jekyll's features/embed_filters.feature
"Filter posts by given property and value", plus `''`, `false`, `0` and `where_exp`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from goldens import FIXTURES, assert_same_tree, load_fixture


def test_where_literals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    out = load_fixture("liquid-where-literals").build(tmp_path / "_site")
    assert_same_tree(FIXTURES / "liquid-where-literals" / "expected", out)
