"""KPI progress from baseline towards target, with no database."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.governance.strategy import (
    Kpi,
    KpiState,
    Measurement,
    expected_share,
    kpi_progress,
)

START, END = datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)  # 730 days
HALF_WAY = datetime.date(2026, 1, 1)


def falling(*actuals: tuple[datetime.date, int]) -> Kpi:
    """Days to decide a claim, from 30 down to 10."""
    return Kpi(30, 10, START, END, tuple(Measurement(on, value) for on, value in actuals))


def test_a_falling_measure_half_way_to_its_target_at_half_time_is_on_track() -> None:
    progress = kpi_progress(falling((HALF_WAY, 20)), on=HALF_WAY)

    assert progress.progress == Decimal("0.5")
    assert progress.expected == Decimal("0.5")
    assert progress.state is KpiState.ON_TRACK
    assert progress.progress_percent == progress.expected_percent == 50


def test_progress_reads_the_latest_actual_on_or_before_the_day() -> None:
    kpi = falling((datetime.date(2025, 6, 1), 25), (HALF_WAY, 28), (datetime.date(2026, 6, 1), 10))

    progress = kpi_progress(kpi, on=HALF_WAY)

    assert progress.latest == Measurement(HALF_WAY, 28)
    assert progress.progress == Decimal("0.1")
    assert progress.state is KpiState.BEHIND


@pytest.mark.parametrize(
    ("value", "on", "state"),
    [
        (10, HALF_WAY, KpiState.ACHIEVED),  # exactly the target
        (5, HALF_WAY, KpiState.ACHIEVED),  # beyond it
        (31, HALF_WAY, KpiState.MOVING_AWAY),  # away from the target
        (30, HALF_WAY, KpiState.BEHIND),  # still at the baseline
        (11, END + datetime.timedelta(days=1), KpiState.MISSED),  # short, after the date
        (11, END, KpiState.BEHIND),  # short on the target date itself: not missed yet
    ],
)
def test_the_state_at_its_boundaries(value: int, on: datetime.date, state: KpiState) -> None:
    assert kpi_progress(falling((HALF_WAY, value)), on=on).state is state


def test_nothing_measured_yet_has_no_progress() -> None:
    progress = kpi_progress(falling((HALF_WAY, 20)), on=datetime.date(2025, 12, 31))

    assert progress.latest is None and progress.progress is None
    assert progress.progress_percent is None
    assert progress.state is KpiState.NOT_MEASURED


def test_the_expected_share_is_a_straight_line_held_at_each_end() -> None:
    kpi = falling()
    assert expected_share(kpi, START - datetime.timedelta(days=5)) == 0
    assert expected_share(kpi, START) == 0
    assert expected_share(kpi, datetime.date(2025, 7, 2)) == Decimal(182) / Decimal(730)
    assert expected_share(kpi, END + datetime.timedelta(days=5)) == 1


def test_a_kpi_whose_progress_cannot_be_measured_is_refused() -> None:
    with pytest.raises(Invalid) as same:
        kpi_progress(Kpi(5, 5, START, END), on=HALF_WAY)
    assert "target" in same.value.field_errors
    with pytest.raises(Invalid) as backwards:
        kpi_progress(Kpi(5, 6, END, START), on=HALF_WAY)
    assert "target_on" in backwards.value.field_errors


def test_a_binary_float_is_refused() -> None:
    with pytest.raises(Invalid, match="whole number or a decimal"):
        kpi_progress(Kpi(0.1, 1, START, END), on=HALF_WAY)  # type: ignore[arg-type]  # on purpose


@given(
    baseline=st.integers(-1000, 1000),
    step=st.integers(1, 1000),
    rising=st.booleans(),
    share=st.fractions(min_value=0, max_value=2, max_denominator=50),
)
def test_a_rising_and_a_falling_measure_moved_the_same_share_show_the_same_progress(
    baseline: int, step: int, rising: bool, share: Fraction
) -> None:
    target = baseline + step if rising else baseline - step
    exact = Decimal(share.numerator) / Decimal(share.denominator)
    moved = Decimal(step) * exact
    value = Decimal(baseline) + (moved if rising else -moved)
    kpi = Kpi(baseline, target, START, END, (Measurement(HALF_WAY, value),))

    progress = kpi_progress(kpi, on=HALF_WAY).progress

    assert progress is not None
    assert abs(progress - exact) < Decimal("1e-20")
