"""Schedule risk by Monte Carlo: checked against exact PERT moments, an independent numpy
calculation, hand-worked critical paths and the activity-by-activity critical path method of
`schedule_network`."""

from __future__ import annotations

import itertools
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import Activity, Dependency, Link, Network, build_network
from govdx.domain.planning.schedule import schedule_network
from govdx.domain.planning.simulation import (
    CRITICAL_FLOAT,
    Distribution,
    sample_durations,
    simulate_schedule,
)

FS, SS, FF, SF = (
    Link.FINISH_TO_START,
    Link.START_TO_START,
    Link.FINISH_TO_FINISH,
    Link.START_TO_FINISH,
)


def pert_variance(a: float, m: float, b: float) -> float:
    """Beta-PERT (lambda = 4): (mean - a)(b - mean) / 7."""
    mean = (a + 4 * m + b) / 6
    return (mean - a) * (b - mean) / 7


def pert_draws(generator: np.random.Generator, a: float, m: float, b: float, n: int) -> np.ndarray:
    alpha = 1 + 4 * (m - a) / (b - a)
    beta = 1 + 4 * (b - m) / (b - a)
    return a + (b - a) * generator.beta(alpha, beta, n)


def by_id(result: object) -> dict[str, tuple[float, float]]:
    return {a.id: (a.criticality, a.sensitivity) for a in result.activities}  # type: ignore[attr-defined]


def test_simulation_is_reproducible_with_the_same_seed_and_differs_with_another() -> None:
    network = build_network(
        [Activity("A", 2, 4, 9), Activity("B", 1, 3, 4), Activity("C", 3, 5, 6)],
        [Dependency("A", "B"), Dependency("A", "C", SS, 1)],
    )
    first = simulate_schedule(network, iterations=3_000, seed=7)
    assert simulate_schedule(network, iterations=3_000, seed=7) == first
    assert simulate_schedule(network, iterations=3_000, seed=8).mean != first.mean


def test_fixed_durations_give_the_critical_path_finish_and_criticality_one_or_zero() -> None:
    network = build_network(
        [Activity.single("A", 2), Activity.single("B", 3), Activity.single("C", 1)],
        [Dependency("A", "B"), Dependency("A", "C")],
    )
    result = simulate_schedule(network, iterations=1_000, seed=1)
    assert result.mean == result.p50 == result.p80 == result.p90 == 5.0
    assert result.deterministic_finish == 5.0
    assert result.standard_deviation == 0.0
    assert by_id(result) == {"A": (1.0, 0.0), "B": (1.0, 0.0), "C": (0.0, 0.0)}
    assert result.tornado() == ()


def test_serial_chain_finish_has_the_sum_of_pert_means_and_variances() -> None:
    estimates = [(2, 4, 9), (1, 3, 4), (5, 6, 12), (0.5, 1, 1.5)]
    activities = [Activity(f"A{n}", *abc) for n, abc in enumerate(estimates)]
    links = [Dependency(f"A{n}", f"A{n + 1}") for n in range(len(estimates) - 1)]
    iterations = 40_000
    result = simulate_schedule(build_network(activities, links), iterations=iterations, seed=2026)
    mean = sum((a + 4 * m + b) / 6 for a, m, b in estimates)
    variance = sum(pert_variance(*abc) for abc in estimates)
    assert abs(result.mean - mean) < 4 * math.sqrt(variance / iterations)
    # the sample variance's standard error is about variance * sqrt(2 / n), under 1% here
    assert result.standard_deviation**2 == pytest.approx(variance, rel=0.04)
    assert result.deterministic_finish == pytest.approx(mean)
    assert all(criticality == 1.0 for criticality, _ in by_id(result).values())


def test_parallel_paths_criticality_matches_an_independent_sampling_of_the_two_sums() -> None:
    network = build_network(
        [Activity("A", 2, 5, 10), Activity("B", 1, 2, 6), Activity("C", 3, 8, 12)],
        [Dependency("A", "B")],
    )
    iterations = 20_000
    result = simulate_schedule(network, iterations=iterations, seed=11)
    indices = by_id(result)
    assert indices["A"][0] == indices["B"][0]
    assert indices["A"][0] + indices["C"][0] == pytest.approx(1.0)

    generator = np.random.default_rng(99)
    n = 400_000
    upper = pert_draws(generator, 2, 5, 10, n) + pert_draws(generator, 1, 2, 6, n)
    lower = pert_draws(generator, 3, 8, 12, n)
    p = float(np.mean(upper > lower))
    error = math.sqrt(p * (1 - p) / iterations + p * (1 - p) / n)
    assert abs(indices["A"][0] - p) < 3 * error


def test_triangular_option_has_mean_a_plus_m_plus_b_over_three() -> None:
    network = build_network([Activity("A", 2, 3, 10)], [])
    iterations = 20_000
    result = simulate_schedule(
        network, iterations=iterations, seed=5, distribution=Distribution.TRIANGULAR
    )
    a, m, b = 2, 3, 10
    variance = (a * a + m * m + b * b - a * m - a * b - m * b) / 18
    assert abs(result.mean - (a + m + b) / 3) < 4 * math.sqrt(variance / iterations)
    assert result.distribution is Distribution.TRIANGULAR
    pert = simulate_schedule(network, iterations=iterations, seed=5, distribution="pert")
    assert abs(pert.mean - (a + 4 * m + b) / 6) < 4 * math.sqrt(pert_variance(a, m, b) / iterations)


def test_start_and_finish_links_with_lags_and_leads_follow_the_worked_critical_path() -> None:
    # A 0-5; B SS+2: 2-5; C FF+1: finishes 6, 2-6; D SF+3: finishes 3, 1-3; E FS-1 after C:
    # 5-6. Finish 6; backwards A must finish by 5 (C's FF), so A, C and E are critical.
    network = build_network(
        [Activity.single(name, d) for name, d in zip("ABCDE", (5, 3, 4, 2, 1), strict=True)],
        [
            Dependency("A", "B", SS, 2),
            Dependency("A", "C", FF, 1),
            Dependency("A", "D", SF, 3),
            Dependency("C", "E", FS, -1),
        ],
    )
    result = simulate_schedule(network, iterations=600, seed=3)
    assert result.p50 == 6.0
    assert {key: value[0] for key, value in by_id(result).items()} == {
        "A": 1.0,
        "B": 0.0,
        "C": 1.0,
        "D": 0.0,
        "E": 1.0,
    }


@st.composite
def plans(draw: st.DrawFn) -> tuple[Network, list[float]]:
    count = draw(st.integers(1, 12))
    durations = draw(st.lists(st.integers(0, 20).map(float), min_size=count, max_size=count))
    activities = [Activity.single(f"T{n}", d) for n, d in enumerate(durations)]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
            max_size=2 * count,
            unique=True,
        )
    )
    links = [
        Dependency(
            f"T{min(i, j)}",
            f"T{max(i, j)}",
            draw(st.sampled_from(list(Link))),
            float(draw(st.integers(-3, 5))),
        )
        for i, j in pairs
        if i != j
    ]
    network = build_network(activities, links)
    return network, [a.optimistic for a in network.activities]


@settings(max_examples=80, deadline=None)
@given(plans())
def test_fixed_durations_agree_with_a_plain_critical_path_method(
    plan: tuple[Network, list[float]],
) -> None:
    network, durations = plan
    schedule = schedule_network(network, durations)
    result = simulate_schedule(network, iterations=3, seed=0)
    assert result.p50 == pytest.approx(schedule.duration, abs=1e-9)
    assert result.deterministic_finish == pytest.approx(schedule.duration, abs=1e-9)
    assert [a.criticality for a in result.activities] == [
        float(times.total_float <= CRITICAL_FLOAT) for times in schedule
    ]


def test_sensitivity_of_the_only_uncertain_activity_is_one() -> None:
    network = build_network(
        [
            Activity.single("A", 3),
            Activity("B", 4, 6, 11),
            Activity.single("C", 2),
            Activity.single("D", 1),
        ],
        [Dependency("A", "B"), Dependency("B", "C"), Dependency("A", "D")],
    )
    result = simulate_schedule(network, iterations=5_000, seed=4)
    sensitivity = {key: value[1] for key, value in by_id(result).items()}
    assert sensitivity["B"] == pytest.approx(1.0, abs=1e-6)
    assert sensitivity["A"] == sensitivity["C"] == sensitivity["D"] == 0.0
    assert [a.id for a in result.tornado()] == ["B"]


def test_tornado_ranks_activities_by_how_much_they_move_the_finish() -> None:
    network = build_network(
        [Activity("Wide", 1, 5, 30), Activity("Narrow", 4, 5, 6), Activity("Mid", 2, 5, 12)],
        [Dependency("Wide", "Narrow"), Dependency("Narrow", "Mid")],
    )
    result = simulate_schedule(network, iterations=5_000, seed=6)
    assert [a.id for a in result.tornado()] == ["Wide", "Mid", "Narrow"]
    assert [a.id for a in result.tornado(limit=1)] == ["Wide"]


def test_finish_summaries_histogram_and_s_curve_are_consistent() -> None:
    network = build_network(
        [Activity("A", 2, 4, 9), Activity("B", 1, 3, 8), Activity("C", 5, 6, 7)],
        [Dependency("A", "C"), Dependency("B", "C")],
    )
    iterations = 4_321
    result = simulate_schedule(network, iterations=iterations, seed=9)
    assert result.p50 <= result.p80 <= result.p90
    assert sum(result.histogram_counts) == iterations
    assert len(result.histogram_edges) == len(result.histogram_counts) + 1 == 31
    curve = result.s_curve
    assert 90 <= len(curve) <= 100
    assert curve[-1].share == 1.0
    assert curve[-1].finish == result.histogram_edges[-1]
    assert curve[0].finish == result.histogram_edges[0]
    assert all(a.finish <= b.finish and a.share < b.share for a, b in itertools.pairwise(curve))


def test_sample_durations_are_the_durations_the_simulation_uses() -> None:
    network = build_network([Activity("A", 1, 2, 7), Activity.single("B", 3)], [])
    durations = sample_durations(network, iterations=1_500, seed=12)
    assert durations.shape == (2, 1_500)
    assert np.all(durations[1] == 3.0)
    assert durations[0].min() >= 1.0 and durations[0].max() <= 7.0
    result = simulate_schedule(network, iterations=1_500, seed=12)
    finishes = np.maximum(durations[0].astype(np.float64), 3.0)
    assert result.p80 == float(np.percentile(finishes, 80))
    assert result.mean == pytest.approx(float(finishes.mean()), rel=1e-12)


def test_working_memory_stays_bounded_by_blocks_not_iterations() -> None:
    count = 1_000
    activities = [Activity(f"T{n}", 1, 2, 4) for n in range(count)]
    links = [Dependency(f"T{n}", f"T{n + 1 + n % 7}") for n in range(count - 8)]
    network = build_network(activities, links)
    tracemalloc.start()
    try:
        simulate_schedule(network, iterations=10_000, seed=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    whole = count * 10_000 * 8  # one float64 array of activities x iterations
    assert peak < whole / 2


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"iterations": 0, "seed": 1}, "iterations"),
        ({"iterations": 10, "seed": -1}, "seed"),
        ({"iterations": 10, "seed": 1, "distribution": "normal"}, "distribution"),
    ],
)
def test_simulation_refuses_bad_arguments_with_a_message(
    arguments: dict[str, object], words: str
) -> None:
    network = build_network([Activity("A", 1, 2, 3)], [])
    with pytest.raises(Invalid, match=words) as refused:
        simulate_schedule(network, **arguments)  # type: ignore[arg-type]
    assert list(refused.value.field_errors) == [words]
