"""Quantified exposure: the Monte Carlo against published and hand-computed answers."""

from __future__ import annotations

import itertools
import math
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    IntervalCost,
    QuantifiedRisk,
    ThreePointCost,
    expected_loss,
    simulate_exposure,
)
from govdx.domain.risk.exposure import BLOCK_ITERATIONS

ITERATIONS = 20_000


def fixed(reference: str, probability: float, cost: float) -> QuantifiedRisk:
    return QuantifiedRisk(reference, probability, ThreePointCost(cost, cost, cost))


def test_a_certain_risk_with_a_fixed_cost_costs_exactly_that_at_every_percentile():
    result = simulate_exposure([fixed("R1", 1.0, 1_000.0)], 1_000, seed=1)
    figures = (
        result.expected_annual_loss,
        result.p50,
        result.p80,
        result.p95,
        result.var_99,
        result.expected_shortfall_99,
    )
    assert figures == (1_000.0,) * 6
    assert result.standard_error == 0.0
    assert [(point.loss, point.probability) for point in result.exceedance_curve] == [
        (0.0, 1.0),
        (1_000.0, 0.0),
    ]


def test_a_risk_that_never_occurs_costs_nothing():
    result = simulate_exposure([fixed("R1", 0.0, 1_000.0)], 1_000, seed=1)
    assert result.expected_annual_loss == result.var_99 == result.expected_shortfall_99 == 0.0
    assert [(point.loss, point.probability) for point in result.exceedance_curve] == [(0.0, 0.0)]


def test_an_empty_register_costs_nothing():
    assert simulate_exposure([], 10, seed=1).p95 == 0.0


def test_the_pert_mean_is_a_plus_four_m_plus_b_over_six():
    risk = QuantifiedRisk("R1", 1.0, ThreePointCost(100.0, 200.0, 600.0))
    assert expected_loss(risk) == 250.0
    result = simulate_exposure([risk], ITERATIONS, seed=2)
    assert abs(result.expected_annual_loss - 250.0) < 4 * result.standard_error
    assert 100.0 <= result.p50 <= result.var_99 <= 600.0


def test_a_pert_with_most_likely_at_an_end_still_samples_within_its_range():
    risk = QuantifiedRisk("R1", 1.0, ThreePointCost(0.0, 0.0, 60.0))  # Beta(1, 5)
    result = simulate_exposure([risk], ITERATIONS, seed=3)
    assert abs(result.expected_annual_loss - 10.0) < 4 * result.standard_error
    assert 0.0 <= result.p50 < result.expected_shortfall_99 <= 60.0


def test_the_lognormal_recovers_its_90_percent_interval():
    risk = QuantifiedRisk("R1", 1.0, IntervalCost(1_000.0, 9_000.0))
    result = simulate_exposure([risk], ITERATIONS, seed=4)
    assert result.p50 == pytest.approx(3_000.0, rel=0.03)  # the median is sqrt(p5 x p95)
    assert result.p95 == pytest.approx(9_000.0, rel=0.04)
    sigma = math.log(9) / (2 * 1.6448536)
    mean = 3_000.0 * math.exp(sigma**2 / 2)
    assert expected_loss(risk) == pytest.approx(mean)
    assert abs(result.expected_annual_loss - mean) < 4 * result.standard_error


def test_a_risk_occurs_in_the_share_of_years_its_probability_gives():
    result = simulate_exposure([fixed("R1", 0.3, 100.0)], ITERATIONS, seed=5)
    any_loss = result.exceedance_curve[0]
    assert any_loss.loss == 0.0
    assert abs(any_loss.probability - 0.3) < 4 * math.sqrt(0.3 * 0.7 / ITERATIONS)
    assert (result.p50, result.p80) == (0.0, 100.0)


def test_risks_occur_independently_of_each_other():
    risks = [fixed("R1", 0.5, 1.0), fixed("R2", 0.5, 10.0)]
    both = simulate_exposure(risks, ITERATIONS, seed=6, loss_tolerance=10.0)
    either = simulate_exposure(risks, ITERATIONS, seed=6, loss_tolerance=1.0)
    error = 4 * math.sqrt(0.25 * 0.75 / ITERATIONS)
    assert abs(both.probability_above_tolerance - 0.25) < error  # type: ignore[operator]
    assert abs(either.probability_above_tolerance - 0.5) < error  # type: ignore[operator]
    assert both.expected_annual_loss == pytest.approx(5.5, rel=0.02)


def test_expected_shortfall_is_the_mean_of_the_losses_at_or_above_var_99():
    # A 2% chance of 1,000: the worst 1% of years all lose 1,000.
    rare = simulate_exposure([fixed("R1", 0.02, 1_000.0)], ITERATIONS, seed=7)
    assert (rare.var_99, rare.expected_shortfall_99) == (1_000.0, 1_000.0)
    # A 0.5% chance: VaR 99 is 0, so every year is at or above it and ES 99 is the mean.
    rarer = simulate_exposure([fixed("R1", 0.005, 1_000.0)], ITERATIONS, seed=7)
    assert rarer.var_99 == 0.0
    assert rarer.expected_shortfall_99 == pytest.approx(rarer.expected_annual_loss)


def test_more_iterations_than_one_block_are_simulated_in_full():
    risks = [fixed("R1", 0.5, 1.0), QuantifiedRisk("R2", 0.5, IntervalCost(1.0, 2.0))]
    iterations = BLOCK_ITERATIONS + 7
    result = simulate_exposure(risks, iterations, seed=8)
    assert result.iterations == iterations
    assert abs(result.expected_annual_loss - sum(map(expected_loss, risks))) < (
        4 * result.standard_error
    )


def test_memory_stays_bounded_for_a_large_register():
    risks = [fixed(f"R{n}", 0.2, 10.0) for n in range(200)]
    tracemalloc.start()
    try:
        simulate_exposure(risks, 100_000, seed=9)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    full_matrix = 200 * 100_000 * 8
    assert peak < full_matrix / 5


def test_the_exceedance_curve_marks_the_chance_of_going_past_a_tolerance():
    result = simulate_exposure([fixed("R1", 1.0, 50.0)], 100, seed=1, loss_tolerance=49.0)
    assert result.loss_tolerance == 49.0
    assert result.probability_above_tolerance == 1.0
    assert simulate_exposure([], 10, seed=1).probability_above_tolerance is None


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probability", "cost", "field", "says"),
    [
        (1.5, ThreePointCost(1, 2, 3), "probability", "from 0 to 1; 1.5 was given"),
        (-0.1, ThreePointCost(1, 2, 3), "probability", "from 0 to 1"),
        (math.nan, ThreePointCost(1, 2, 3), "probability", "from 0 to 1"),
        (0.5, ThreePointCost(5, 4, 3), "low", "low cost \\(5\\) is above the high cost \\(3\\)"),
        (0.5, ThreePointCost(1, 9, 3), "most_likely", "most likely cost \\(9\\) must be from"),
        (0.5, ThreePointCost(-1, 2, 3), "low", "low cost cannot be negative"),
        (0.5, ThreePointCost(1, math.inf, 3), "most_likely", "most likely cost must be a number"),
        (0.5, IntervalCost(9, 3), "p5", "5th percentile cost \\(9\\) must be below the 95th"),
        (0.5, IntervalCost(3, 3), "p5", "must be below the 95th"),
        (0.5, IntervalCost(0, 3), "p5", "5th percentile cost must be a number above 0"),
        (0.5, IntervalCost(-2, 3), "p5", "above 0"),
        (0.5, "a lot", "cost", "three points .* or a 90% interval"),
    ],
)
def test_a_broken_risk_is_refused_naming_its_reference(probability, cost, field, says):
    with pytest.raises(Invalid, match=f"^Risk CR7: .*{says}") as refused:
        QuantifiedRisk("CR7", probability, cost)
    assert list(refused.value.field_errors) == [field]


@pytest.mark.parametrize(
    ("iterations", "seed", "says"),
    [
        (0, 1, "iterations must be from 1 to 10,000,000"),
        (10_000_001, 1, "iterations must be from 1"),
        (1.5, 1, "whole number"),
        (10, -1, "seed must be a whole number of 0 or more"),
    ],
)
def test_a_broken_run_is_refused(iterations, seed, says):
    with pytest.raises(Invalid, match=says):
        simulate_exposure([], iterations, seed)


def test_a_negative_loss_tolerance_is_refused():
    with pytest.raises(Invalid, match="loss tolerance must be an amount of 0 or more"):
        simulate_exposure([], 10, 1, loss_tolerance=-5.0)


# --- properties ----------------------------------------------------------------------------

amounts = st.floats(0.0, 1e7, allow_nan=False)


@st.composite
def quantified_risks(draw: st.DrawFn) -> QuantifiedRisk:
    probability = draw(st.floats(0.0, 1.0))
    if draw(st.booleans()):
        low, most_likely, high = sorted(draw(st.tuples(amounts, amounts, amounts)))
        cost: ThreePointCost | IntervalCost = ThreePointCost(low, most_likely, high)
    else:
        p5 = draw(st.floats(1.0, 1e6))
        cost = IntervalCost(p5, p5 * draw(st.floats(1.01, 100.0)))
    return QuantifiedRisk("R", probability, cost)


registers = st.lists(quantified_risks(), max_size=6)


@settings(max_examples=60, deadline=None)
@given(registers, st.integers(0, 2**32), st.integers(1, 400))
def test_percentiles_are_ordered_and_the_exceedance_curve_never_rises(risks, seed, iterations):
    result = simulate_exposure(risks, iterations, seed)
    assert 0.0 <= result.p50 <= result.p80 <= result.p95 <= result.var_99
    assert result.var_99 <= result.expected_shortfall_99
    assert result.expected_annual_loss >= 0.0
    curve = result.exceedance_curve
    assert 2 <= len(curve) <= 50 or curve == (curve[0],)
    assert curve[0].loss == 0.0
    for before, after in itertools.pairwise(curve):
        assert before.loss < after.loss
        assert before.probability >= after.probability
    assert all(0.0 <= point.probability <= 1.0 for point in curve)
    assert curve[-1].probability == 0.0


@settings(max_examples=25, deadline=None)
@given(registers, st.integers(0, 2**32))
def test_a_seed_always_gives_the_same_result(risks, seed):
    assert simulate_exposure(risks, 300, seed) == simulate_exposure(risks, 300, seed)
