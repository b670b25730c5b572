"""A plan's analysis as one JSON-ready answer: the critical path method on the PERT expected
durations and a Monte Carlo of the finish, in the shape `govdx plan analyse --json` prints.

    analysis = analyse_plan(plan.activities, plan.dependencies, project="Data centre exit",
                            iterations=10_000, seed=42)
    analysis["critical_path"]           # ["A", "C", "E", "G", "H"]
    analysis["simulation"]["p80"]       # working days from the start

The keys are a stable contract: once released, none is renamed or removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn, TypedDict

import numpy as np

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import Activity, Dependency, build_network
from govdx.domain.planning.schedule import schedule_network
from govdx.domain.planning.simulation import MAX_ITERATIONS, Distribution, simulate_schedule

DEFAULT_ITERATIONS = 10_000
DAY_DECIMALS = 2
"""Working days (durations, dates, floats, finish percentiles) are rounded to 2 decimals."""
SHARE_DECIMALS = 4
"""Criticality (a share of iterations) and sensitivity (a correlation) to 4 decimals."""


class ActivityAnalysis(TypedDict):
    """One activity: its PERT expected duration, early and late start and finish, total and
    free float (working days from the start), criticality index (0 to 1) and sensitivity
    (correlation of its duration with the finish, -1 to 1)."""

    expected: float
    es: float
    ef: float
    ls: float
    lf: float
    total_float: float
    free_float: float
    criticality: float
    sensitivity: float


class SimulationSummary(TypedDict):
    """The Monte Carlo run: its settings and the finish's mean and percentiles (working days)."""

    iterations: int
    seed: int
    distribution: str
    mean: float
    p50: float
    p80: float
    p90: float


class PlanAnalysis(TypedDict):
    """The answer of `govdx plan analyse --json`."""

    project: str
    expected_duration: float
    critical_path: list[str]
    activities: dict[str, ActivityAnalysis]
    simulation: SimulationSummary


class AnalysisSettingError(Invalid, ValueError):
    """An iteration count, seed or distribution the analysis cannot use. An `Invalid`, so the
    command line and the API report it as bad input, and a `ValueError`, as a bad argument."""


def analyse_plan(
    activities: Iterable[Activity],
    dependencies: Iterable[Dependency],
    *,
    project: str,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    distribution: Distribution | str = Distribution.PERT,
) -> PlanAnalysis:
    """The critical path and the schedule risk of a plan, ready for `json.dumps`.

    Method: `build_network` checks and orders the plan (a loop raises PlanCycleError naming
    it); `schedule_network` runs the critical path method (forward and backward pass, the four
    link types with their lags) on each activity's PERT expected duration (a + 4m + b) / 6, in
    working days from the start, ignoring the calendar: that gives `expected_duration`, the
    critical path and every activity's dates and floats. `simulate_schedule` draws
    `iterations` durations per activity from `seed` (beta-PERT, lambda = 4, or triangular) for
    the finish's mean, P50, P80 and P90 and each activity's criticality and sensitivity.

    `activities` keeps the order given (the file's): the activities mapping follows it, while
    `critical_path` runs from start to finish.

    Rounding, with Python's `round` (half to even on the binary value), and -0.0 written as
    0.0: working days to `DAY_DECIMALS` (2) places, criticality and sensitivity to
    `SHARE_DECIMALS` (4). `iterations` must be a whole number from 1 to `MAX_ITERATIONS`
    (1,000,000, the simulation's own bound), `seed` a whole number of 0 or more and
    `distribution` "pert" or "triangular" (any case); otherwise AnalysisSettingError.
    """
    kind = _check_settings(iterations, seed, distribution)
    listed = list(activities)
    network = build_network(listed, dependencies)
    schedule = schedule_network(network)
    simulation = simulate_schedule(network, iterations=iterations, seed=seed, distribution=kind)
    risks = {risk.id: risk for risk in simulation.activities}
    result: dict[str, ActivityAnalysis] = {}
    for activity in listed:
        times = schedule[activity.id]
        risk = risks[activity.id]
        result[activity.id] = ActivityAnalysis(
            expected=_days(activity.expected),
            es=_days(times.es),
            ef=_days(times.ef),
            ls=_days(times.ls),
            lf=_days(times.lf),
            total_float=_days(times.total_float),
            free_float=_days(times.free_float),
            criticality=_share(risk.criticality),
            sensitivity=_share(risk.sensitivity),
        )
    return PlanAnalysis(
        project=project,
        expected_duration=_days(schedule.duration),
        critical_path=list(schedule.critical_path),
        activities=result,
        simulation=SimulationSummary(
            iterations=simulation.iterations,
            seed=simulation.seed,
            distribution=simulation.distribution.value,
            mean=_days(simulation.mean),
            p50=_days(simulation.p50),
            p80=_days(simulation.p80),
            p90=_days(simulation.p90),
        ),
    )


def _days(value: float) -> float:
    return round(float(value), DAY_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _share(value: float) -> float:
    return round(float(value), SHARE_DECIMALS) + 0.0


def _check_settings(iterations: int, seed: int, distribution: Distribution | str) -> Distribution:
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        _refuse(
            "iterations", f"The number of iterations must be a whole number, not {iterations!r}."
        )
    if not 1 <= iterations <= MAX_ITERATIONS:
        _refuse(
            "iterations",
            f"The number of iterations must be from 1 to {MAX_ITERATIONS:,}; "
            f"{iterations:,} was given.",
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        _refuse("seed", f"The seed must be a whole number of 0 or more, not {seed!r}.")
    kinds = {kind.value: kind for kind in Distribution}
    text = distribution.strip().casefold() if isinstance(distribution, str) else None
    if text not in kinds:
        choices = " or ".join(f"“{value}”" for value in kinds)
        _refuse("distribution", f"The distribution must be {choices}, not {distribution!r}.")
    return kinds[text]


def _refuse(field: str, message: str) -> NoReturn:
    raise AnalysisSettingError(message, {field: [message]})


__all__ = [
    "DEFAULT_ITERATIONS",
    "ActivityAnalysis",
    "AnalysisSettingError",
    "PlanAnalysis",
    "SimulationSummary",
    "analyse_plan",
]
