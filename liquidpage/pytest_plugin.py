"""pytest plugin (entry point ``pytest11``): the ``jekyll_site`` and ``page_snapshot`` fixtures."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from liquidpage.site import Site

INSTALL_HINT = "page_snapshot needs syrupy: pip install 'liquidpage[pytest]'"

try:  # the entry point loads in every pytest run: syrupy is optional here
    from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
except ImportError:  # pragma: no cover - exercised through a pytester run with syrupy hidden
    SingleFileSnapshotExtension = None  # type: ignore[assignment,misc]


if SingleFileSnapshotExtension is not None:

    class HTMLSnapshotExtension(SingleFileSnapshotExtension):  # type: ignore[misc,valid-type]
        """One ``.html`` file per snapshot, UTF-8 text, bytes kept exactly (no newline translation)."""

        file_extension = "html"  # syrupy >= 5
        _file_extension = "html"  # syrupy 4
        _write_mode = WriteMode.TEXT

        def serialize(self, data: Any, **_: Any) -> str:
            """Keep text as is; decode UTF-8 bytes (``site.outputs()``); refuse anything else."""
            if isinstance(data, (bytes, bytearray)):
                return bytes(data).decode("utf-8")
            if not isinstance(data, str):
                raise TypeError(f"page_snapshot compares HTML text (str or UTF-8 bytes), "
                                f"got {type(data).__name__}; compare site.render(...)")
            return data

        def read_snapshot_data_from_location(
            self, *, snapshot_location: str, snapshot_name: str, session_id: str
        ) -> str | None:
            """Read the snapshot file without universal-newline translation."""
            try:
                with open(snapshot_location, encoding="utf-8", newline="") as handle:
                    return handle.read()
            except FileNotFoundError:
                return None

        @classmethod
        def write_snapshot_collection(cls, *, snapshot_collection: Any, **_: Any) -> None:
            """Write the snapshot's text as UTF-8 exactly as given (``\\r\\n`` stays ``\\r\\n``)."""
            data = next(iter(snapshot_collection)).data
            Path(snapshot_collection.location).parent.mkdir(parents=True, exist_ok=True)
            with open(snapshot_collection.location, "w", encoding="utf-8", newline="") as handle:
                handle.write(data)

else:
    HTMLSnapshotExtension = None  # type: ignore[assignment,misc]


@pytest.fixture
def jekyll_site(request: pytest.FixtureRequest) -> Callable[..., Site]:
    """A factory ``jekyll_site(path, **options) -> Site``; ``path`` is relative to the test file's folder."""
    base = Path(request.path).parent

    def load(path: str | Path, **options: Any) -> Site:
        from liquidpage.site import Site  # imported lazily: the plugin loads in every pytest run

        return Site.load(base / path, **options)

    return load


@pytest.fixture
def page_snapshot(request: pytest.FixtureRequest) -> Any:
    """A syrupy snapshot stored as one ``.html`` file per assertion under ``__snapshots__/``."""
    if HTMLSnapshotExtension is None:
        raise pytest.UsageError(INSTALL_HINT)
    try:
        snapshot = request.getfixturevalue("snapshot")
    except pytest.FixtureLookupError:
        raise pytest.UsageError(
            "page_snapshot needs syrupy's 'snapshot' fixture; is syrupy's plugin disabled "
            "(-p no:syrupy)? " + INSTALL_HINT) from None
    return snapshot.use_extension(HTMLSnapshotExtension)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A test that fails with a liquidpage error (a broken template, bad front matter …) is
    reported as the error's ``path:line:col: message``, source line and caret, not as a
    traceback through the library."""
    outcome = yield
    report = outcome.get_result()
    errors = sys.modules.get("liquidpage.errors")  # not imported: then no liquidpage error was raised
    if errors is None or call.excinfo is None or not report.failed:
        return
    err = call.excinfo.value
    if isinstance(err, errors.LiquidpageError):
        where = f"{item.nodeid} raised {type(err).__name__}:"
        report.longrepr = f"{where}\n{err.format()}"
