"""Estate risk scores: likelihood from exposure, impact from the applications' criticality."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.estate.risks import (
    impact_from_criticality,
    judge_exposure,
    likelihood_from_exposure,
)


def test_likelihood_steps_at_each_boundary_of_devices() -> None:
    assert [likelihood_from_exposure(n, 0)[0] for n in (0, 1, 4, 5, 19, 20, 99, 100, 5000)] == [
        1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip


def test_a_year_past_end_of_life_adds_one_but_never_above_five() -> None:
    assert likelihood_from_exposure(3, 364)[0] == 2
    assert likelihood_from_exposure(3, 365) == (
        3,
        "3 devices run it, 365 days past its end of life",
    )
    assert likelihood_from_exposure(500, 2000)[0] == 5


def test_impact_is_the_most_critical_application() -> None:
    assert impact_from_criticality(["low", "critical", "medium"])[0] == 5
    assert impact_from_criticality(["high"], servers=3) == (
        4, "the most critical application affected is high",
    )  # fmt: skip
    assert impact_from_criticality([])[0] == 2
    assert impact_from_criticality([], servers=1)[0] == 3


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 3650))
def test_likelihood_never_falls_as_exposure_grows(fewer: int, extra: int, days: int) -> None:
    assert (
        likelihood_from_exposure(fewer, days)[0] <= likelihood_from_exposure(fewer + extra, days)[0]
    )
    assert 1 <= likelihood_from_exposure(fewer, days)[0] <= 5


def test_judge_exposure_gives_both_reasons() -> None:
    score = judge_exposure(devices=37, days_past_eol=420, criticalities=["high"], servers=12)
    assert (score.likelihood, score.impact) == (5, 4)
    assert "37 devices" in score.likelihood_reason
