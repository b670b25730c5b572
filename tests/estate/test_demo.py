"""The demo council's estate where the offline lifecycle data is missing: it still loads, and says
what is missing. The demo as loaded is tested in tests/demo/test_estate.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govdx.demo.generator import DEMO_SEED, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_estate_loads_without_lifecycle_data_and_says_what_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    settings.SHARED_DATA_DIR = tmp_path

    counts = load_demo(seed=DEMO_SEED)["estate"]

    (note,) = counts["notes"]
    assert note.startswith(f"lifecycle data missing: there is no {tmp_path}")
    assert "run govdx estate lifecycle-data load FILE" in note
    assert 2_800 <= counts["devices"] <= 3_200
    assert counts["applications"] == 120
    assert counts["estate_risks"] == counts["end_of_life_cycles"] == 0
