"""Collecting the warnings liquidpage logs (logger ``liquidpage``) while something runs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LOGGER = "liquidpage"


class _Collector(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[list[str]]:
    """``with collect_warnings() as found:`` — every warning logged inside, as its text."""
    found: list[str] = []
    logger = logging.getLogger(LOGGER)
    handler = _Collector(found)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
