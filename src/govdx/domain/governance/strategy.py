"""Strategy: how far a key performance indicator has moved from its baseline towards its target.

Method: a KPI has a measure, a baseline (its value on the baseline date), a target and the
date by which the target should be reached, and actuals (the measure as observed on dated
occasions). As with benefit profiles in UK central government's benefits management guidance,
progress is measured from the baseline towards the target, so a falling measure (days to
decide a claim, down from 30 to 10) and a rising one (share of claims made online, up from 20%
to 80%) count the same way.

- **Progress** on a day is (latest actual on or before the day - baseline) / (target -
  baseline): 0 at the baseline, 1 at the target, negative when the measure has moved away from
  the target, above 1 beyond it. None when nothing has been measured by then.
- **Expected** on a day is the share of the time from the baseline date to the target date
  that has passed: a straight line, 0 before the baseline date, 1 from the target date.
- **State**: not measured; achieved (progress reached 1); moving away (progress below 0);
  missed (the target date has passed and progress is short of 1); on track (progress at least
  the expected share); else behind.

Values are whole numbers or `Decimal`; binary floats are refused so that a figure compares as
written. Shares are `Decimal`, worked to 28 significant digits.

    kpi = Kpi(baseline=Decimal(30), target=Decimal(10), baseline_on=date(2025, 1, 1),
              target_on=date(2027, 1, 1), actuals=(Measurement(date(2026, 1, 1), Decimal(20)),))
    progress = kpi_progress(kpi, on=date(2026, 1, 1))
    progress.progress   # Decimal("0.5"): half-way from 30 down to 10
    progress.state      # KpiState.ON_TRACK: 365 of 730 days have passed
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import StrEnum

from govdx.domain.errors import Invalid

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class KpiState(StrEnum):
    NOT_MEASURED = "not measured"
    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    BEHIND = "behind"
    MOVING_AWAY = "moving away"
    MISSED = "missed"


@dataclass(frozen=True)
class Measurement:
    """The KPI's measure as observed on a day."""

    on: datetime.date
    value: int | Decimal


@dataclass(frozen=True)
class Kpi:
    baseline: int | Decimal
    target: int | Decimal
    baseline_on: datetime.date
    target_on: datetime.date
    actuals: Sequence[Measurement] = ()


@dataclass(frozen=True)
class KpiProgress:
    """Where the KPI stands on `on`: its latest actual, progress and expected share, state."""

    on: datetime.date
    latest: Measurement | None
    progress: Decimal | None
    expected: Decimal
    state: KpiState

    @property
    def progress_percent(self) -> int | None:
        """Progress as a whole percentage, rounded half to even."""
        if self.progress is None:
            return None
        return int((self.progress * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))

    @property
    def expected_percent(self) -> int:
        return int((self.expected * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def format_measure(value: int | Decimal) -> str:
    """A measure as written, without trailing zeros or an exponent: 1,250.5 or 10."""
    return f"{Decimal(value).normalize():,f}"


def _decimal(value: int | Decimal, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise Invalid(f"The {name} must be a whole number or a decimal, not {value!r}.")
    return Decimal(value)


def check_kpi(
    *,
    baseline: int | Decimal,
    target: int | Decimal,
    baseline_on: datetime.date,
    target_on: datetime.date,
) -> None:
    """Refuse a KPI whose progress cannot be measured: a target equal to its baseline, or a
    target date not after the baseline date."""
    problems: dict[str, list[str]] = {}
    if _decimal(baseline, "baseline") == _decimal(target, "target"):
        problems["target"] = ["The target must differ from the baseline."]
    if target_on <= baseline_on:
        problems["target_on"] = ["The target date must be after the baseline date."]
    if problems:
        raise Invalid(" ".join(m for messages in problems.values() for m in messages), problems)


def expected_share(kpi: Kpi, on: datetime.date) -> Decimal:
    """The share of the time from the baseline date to the target date passed by `on`."""
    if on <= kpi.baseline_on:
        return Decimal(0)
    if on >= kpi.target_on:
        return Decimal(1)
    passed = (on - kpi.baseline_on).days
    whole = (kpi.target_on - kpi.baseline_on).days
    return _CONTEXT.divide(Decimal(passed), Decimal(whole))


def kpi_progress(kpi: Kpi, *, on: datetime.date) -> KpiProgress:
    """How far the KPI has moved from its baseline towards its target by `on`, and its state."""
    check_kpi(baseline=kpi.baseline, target=kpi.target, baseline_on=kpi.baseline_on,
              target_on=kpi.target_on)  # fmt: skip
    baseline = _decimal(kpi.baseline, "baseline")
    span = _CONTEXT.subtract(_decimal(kpi.target, "target"), baseline)
    measured = [m for m in kpi.actuals if m.on <= on]
    latest = max(measured, key=lambda m: m.on) if measured else None
    expected = expected_share(kpi, on)
    if latest is None:
        return KpiProgress(on, None, None, expected, KpiState.NOT_MEASURED)
    moved = _CONTEXT.subtract(_decimal(latest.value, "actual"), baseline)
    progress = _CONTEXT.divide(moved, span)
    if progress >= 1:
        state = KpiState.ACHIEVED
    elif progress < 0:
        state = KpiState.MOVING_AWAY
    elif on > kpi.target_on:
        state = KpiState.MISSED
    elif progress >= expected:
        state = KpiState.ON_TRACK
    else:
        state = KpiState.BEHIND
    return KpiProgress(on, latest, progress, expected, state)
