"""Build throwaway Jekyll sites for tests from a dict of path -> text (mkdocs' tests do this)."""

from __future__ import annotations

from pathlib import Path


def make_site(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under ``root`` and return ``root``. A ``_config.yml`` pins ``time``."""
    files = {"_config.yml": "time: 2024-05-01 12:00:00 +0000\n", **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
