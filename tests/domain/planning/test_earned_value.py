"""Earned value: a published worked example, the edge cases, and roll-up properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.earned_value import (
    ActivityProgress,
    EarnedValue,
    earned_value,
    planned_value,
    roll_up,
)

POUND = 100  # minor units


def fence() -> list[ActivityProgress]:
    """Four sides of a fence, one a day at 1,000 each, planned one after another; status at
    the end of day 3 (working days 0-2 done): sides 1 and 2 done for 1,000 and 1,200, side 3
    half done for 600, side 4 not started."""
    status = 3
    progress = [(100, 1_000), (100, 1_200), (50, 600), (0, 0)]
    return [
        ActivityProgress(
            id=f"Side {side + 1}",
            budget=1_000 * POUND,
            planned_value=planned_value(1_000 * POUND, side, side + 1, status),
            percent_complete=percent,
            actual_cost=spent * POUND,
        )
        for side, (percent, spent) in enumerate(progress)
    ]


def test_the_fence_example_matches_the_published_answers():
    """ "Earned Value Exercise", after Mulcahy, *PMP Exam Prep*, p. 210
    (studylib.net/doc/5898152/earned-value-exercise). Published: PV 3,000, EV 2,500,
    AC 2,800, BAC 4,000, CV -300, CPI .893, SV -500, SPI .833, EAC 4,479, ETC 1,679,
    VAC -479."""
    project = earned_value(fence())
    assert project.planned_value == 3_000 * POUND
    assert project.earned_value == 2_500 * POUND
    assert project.actual_cost == 2_800 * POUND
    assert project.budget_at_completion == 4_000 * POUND
    assert project.cost_variance == -300 * POUND
    assert project.schedule_variance == -500 * POUND
    assert project.cost_performance_index.quantize(Decimal("0.001")) == Decimal("0.893")
    assert project.schedule_performance_index.quantize(Decimal("0.001")) == Decimal("0.833")
    # The source divides by the CPI rounded to .893: 4,000 / .893 = 4,479.28. Unrounded,
    # BAC / CPI = 4,000 x 2,800 / 2,500 = 4,480 exactly, so ETC and VAC move by one too.
    assert round(4_000 / Decimal("0.893")) == 4_479
    assert project.estimate_at_completion == 4_480 * POUND
    assert project.estimate_to_complete == 1_680 * POUND
    assert project.variance_at_completion == -480 * POUND


def test_an_index_of_one_is_exactly_one():
    on_plan = EarnedValue(300, 100, 100, 100)
    assert on_plan.schedule_performance_index == on_plan.cost_performance_index == 1
    assert on_plan.estimate_at_completion == 300
    assert on_plan.variance_at_completion == 0


def test_measures_with_a_zero_divisor_are_none():
    not_started = EarnedValue(budget_at_completion=1_000, planned_value=0, earned_value=0,
                              actual_cost=0)  # fmt: skip
    assert not_started.schedule_performance_index is None
    assert not_started.cost_performance_index is None
    assert not_started.estimate_at_completion is None
    assert not_started.estimate_to_complete is None
    assert not_started.variance_at_completion is None
    spent_nothing_earned = EarnedValue(1_000, 100, 0, 50)
    assert spent_nothing_earned.cost_performance_index == 0
    assert spent_nothing_earned.estimate_at_completion is None


def test_earned_value_rounds_to_the_nearest_minor_unit_half_to_even():
    assert ActivityProgress("A", 1_001, 0, 50, 0).earned_value == 500  # 500.5
    assert ActivityProgress("A", 1_003, 0, 50, 0).earned_value == 502  # 501.5
    assert ActivityProgress("A", 1_000, 0, Decimal("33.3"), 0).earned_value == 333


def test_planned_value_accrues_evenly_over_the_scheduled_days():
    assert planned_value(1_000, start=2, finish=6, status=2) == 0
    assert planned_value(1_000, start=2, finish=6, status=3) == 250
    assert planned_value(1_000, start=2, finish=6, status=6) == 1_000
    assert planned_value(1_000, start=2, finish=6, status=9) == 1_000
    assert planned_value(1_000, start=4, finish=4, status=4) == 1_000  # a milestone
    assert planned_value(1_000, start=4, finish=4, status=3) == 0
    with pytest.raises(Invalid):
        planned_value(1_000, start=4, finish=3, status=3)


def test_bad_progress_is_refused_naming_the_activity():
    with pytest.raises(Invalid, match="Activity B: Percent complete"):
        earned_value([ActivityProgress("A", 1, 0, 0, 0), ActivityProgress("B", 1, 0, 101, 0)])
    with pytest.raises(Invalid, match="cannot be negative"):
        earned_value([ActivityProgress("A", 1, 0, 0, -5)])


def test_a_portfolio_index_is_not_the_mean_of_its_projects_indices():
    """A small project at CPI 0.5 and a large one at CPI 1: the portfolio, 1.0 of 1.1 spent
    well, is nearly on budget, not at the 0.75 the mean of the indices would say."""
    small = EarnedValue(100, 100, 50, 100)
    large = EarnedValue(10_000, 1_000, 1_000, 1_000)
    portfolio = roll_up([small, large])
    assert portfolio.cost_performance_index == Decimal(1_050) / Decimal(1_100)
    assert portfolio.cost_variance == small.cost_variance + large.cost_variance


money = st.integers(0, 10**9)
parts = st.builds(EarnedValue, money, money, money, money)


@given(st.lists(st.lists(parts, max_size=5), max_size=5))
def test_rolling_up_projects_equals_rolling_up_all_their_parts_at_once(projects):
    by_project = roll_up(roll_up(project) for project in projects)
    at_once = roll_up(part for project in projects for part in project)
    assert by_project == at_once
    everything = [part for project in projects for part in project]
    assert by_project.schedule_variance == sum(p.schedule_variance for p in everything)
    assert by_project.cost_variance == sum(p.cost_variance for p in everything)


@given(st.lists(st.builds(EarnedValue, money, money, money, money.filter(bool)), min_size=1))
def test_a_rolled_up_cost_index_lies_between_its_parts_indices(components):
    """The ratio of sums is a weighted mean of the ratios (for parts that have spent
    something; one that has earned without spending pulls the whole above every part)."""
    indices = [p.cost_performance_index for p in components]
    whole = roll_up(components).cost_performance_index
    assert whole is not None
    slack = Decimal("1e-20") * max(1, max(indices))  # 28 significant digits
    assert min(indices) - slack <= whole <= max(indices) + slack


@given(money.filter(bool), money, money.filter(bool), money.filter(bool))
def test_estimate_at_completion_is_budget_over_cost_index(budget, planned, earned, spent):
    figures = EarnedValue(budget, planned, earned, spent)
    exact = Decimal(budget) / figures.cost_performance_index
    assert abs(figures.estimate_at_completion - exact) <= Decimal("0.5") + exact * Decimal("1e-20")
    assert figures.variance_at_completion == budget - figures.estimate_at_completion


@given(st.integers(0, 10**9), st.integers(0, 100))
def test_earned_value_never_exceeds_the_budget_and_is_all_of_it_when_done(budget, percent):
    value = ActivityProgress("A", budget, 0, percent, 0).earned_value
    assert 0 <= value <= budget
    assert ActivityProgress("A", budget, 0, 100, 0).earned_value == budget
