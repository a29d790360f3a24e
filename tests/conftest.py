"""Suite-wide guard: no test leaves a build cache inside the repository's fixtures.

A build writes its cache into the site's source (``<source>/.jekyll-cache``, liquidpage/cache.py),
so a test that builds a folder of ``fixtures/`` must pass ``disable_disk_cache=True`` (or
``--disable-disk-cache``) or build a temporary copy. After each test, a cache folder that
appeared in a fixture's site is removed and the test fails, naming it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from liquidpage.cache import discard_pending

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_PATTERNS = ("*/site/.jekyll-cache", "*/site/*/.jekyll-cache", "*/.jekyll-cache")


def _caches() -> set[Path]:
    return {path for pattern in _PATTERNS for path in FIXTURES.glob(pattern)}


def _report(left: list[Path]) -> None:
    for path in left:
        shutil.rmtree(path, ignore_errors=True)
    if left:
        pytest.fail("the test left a build cache in the fixtures (pass disable_disk_cache=True, "
                    "--disable-disk-cache, or build a copy): "
                    + ", ".join(str(p.relative_to(FIXTURES)) for p in left), pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def _no_cache_in_fixtures_at_all() -> object:
    """The same for module- and session-scoped fixtures (set up before a test's own check)."""
    before = _caches()
    yield
    discard_pending()
    _report(sorted(_caches() - before))


@pytest.fixture(autouse=True)
def _no_cache_in_fixtures() -> object:
    before = _caches()
    yield
    discard_pending()  # what a test stored without building is never written by a later test
    _report(sorted(_caches() - before))
