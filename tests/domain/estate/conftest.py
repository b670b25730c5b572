"""Fixtures for the estate kernels' tests: the shared sample files (see SOURCES.md beside them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The shared sample files: `shared/data/samples` beside the repository, or under the data
    folder GOVDX_SHARED_DATA names. Missing samples fail the test rather than skip it.
    """
    configured = os.environ.get("GOVDX_SHARED_DATA")
    data = Path(configured) if configured else Path(__file__).parents[3].parent / "shared" / "data"
    folder = data / "samples"
    if not folder.is_dir():
        pytest.fail(
            f"The shared sample files are not at {folder}: lay shared/data beside the "
            "repository, or set GOVDX_SHARED_DATA to the shared data folder."
        )
    return folder
