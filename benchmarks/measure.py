"""Timing and peak memory, as every benchmark here measures them (run the scripts from the
repository root: `python benchmarks/NAME.py`, which puts this folder on the import path)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    """Seconds `function` took, and what it answered."""
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def peak_memory(function: Callable[[], object]) -> int:
    """The most bytes Python allocated at once while `function` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
