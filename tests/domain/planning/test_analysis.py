"""The analysis `govdx plan analyse --json` prints: a textbook PERT network's published answer,
the JSON contract, rounding, seeded reproducibility, the triangular option and the settings
refused."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from govdx.domain.errors import Invalid
from govdx.domain.planning.analysis import AnalysisSettingError, PlanAnalysis, analyse_plan
from govdx.domain.planning.network import Activity, Dependency, Link, PlanCycleError
from govdx.domain.planning.plan_file import read_plan
from govdx.domain.planning.simulation import simulate_schedule

# Heizer, Render and Munson, *Operations Management* (12th ed., Pearson, 2017), ch. 3 "Project
# Management", the Milwaukee Paper Manufacturing pollution-control facility (Examples 4 to 11):
# three-point estimates in weeks, written here in the file's order with H first, so that the
# file's order is not the network's.
MILWAUKEE_CSV = (
    "Milwaukee Paper Manufacturing,,,,,\n"
    "Activity ID,Activity name,Optimistic,Most likely,Pessimistic,Immediate predecessors\n"
    'H,Inspect and test,1,2,3,"F, G"\n'
    "A,Build internal components,1,2,3,\n"
    "B,Modify roof and floor,2,3,4,\n"
    "C,Construct collection stack,1,2,3,A\n"
    'D,Pour concrete and install frame,2,4,6,"A, B"\n'
    "E,Build high-temperature burner,1,4,7,C\n"
    "F,Install pollution control system,1,2,9,C\n"
    'G,Install air pollution device,3,4,11,"D, E"\n'
)
# Published: expected times 2, 3, 2, 4, 4, 3, 5, 2; ES, EF, LS, LF and slack below; critical
# path A-C-E-G-H; expected completion 15 weeks. Free float is not published; it follows from
# the published early starts (B: D starts at 3 when B ends; D: G starts at 8, D ends at 7;
# F: H starts at 13, F ends at 7).
PUBLISHED = {  # expected, ES, EF, LS, LF, total float (slack), free float
    "H": (2, 13, 15, 13, 15, 0, 0),
    "A": (2, 0, 2, 0, 2, 0, 0),
    "B": (3, 0, 3, 1, 4, 1, 0),
    "C": (2, 2, 4, 2, 4, 0, 0),
    "D": (4, 3, 7, 4, 8, 1, 1),
    "E": (4, 4, 8, 4, 8, 0, 0),
    "F": (3, 4, 7, 10, 13, 6, 6),
    "G": (5, 8, 13, 8, 13, 0, 0),
}
ACTIVITY_KEYS = [
    "expected", "es", "ef", "ls", "lf", "total_float", "free_float", "criticality", "sensitivity",
]  # fmt: skip


def milwaukee(tmp_path: Path, *, seed: int = 2025, iterations: int = 5_000) -> PlanAnalysis:
    """The example read from a real file, then analysed, as `govdx plan analyse` will."""
    path = tmp_path / "milwaukee.csv"
    path.write_text(MILWAUKEE_CSV, encoding="utf-8")
    plan = read_plan(path)
    return analyse_plan(
        plan.activities,
        plan.dependencies,
        project="Pollution control",
        seed=seed,
        iterations=iterations,
    )


def test_the_milwaukee_paper_pert_network_reproduces_the_published_schedule(tmp_path):
    analysis = milwaukee(tmp_path)
    assert analysis["project"] == "Pollution control"
    assert analysis["expected_duration"] == 15
    assert analysis["critical_path"] == ["A", "C", "E", "G", "H"]
    activities = analysis["activities"]
    assert {
        activity_id: tuple(values[key] for key in ACTIVITY_KEYS[:7])
        for activity_id, values in activities.items()
    } == PUBLISHED


def test_the_answer_has_exactly_the_keys_of_the_contract_in_file_order_and_is_json(tmp_path):
    analysis = milwaukee(tmp_path, iterations=1_000, seed=7)
    assert list(analysis) == [
        "project", "expected_duration", "critical_path", "activities", "simulation",
    ]  # fmt: skip
    activities = analysis["activities"]
    assert list(activities) == ["H", "A", "B", "C", "D", "E", "F", "G"]  # the file's order
    assert all(list(values) == ACTIVITY_KEYS for values in activities.values())
    simulation = analysis["simulation"]
    assert list(simulation) == ["iterations", "seed", "distribution", "mean", "p50", "p80", "p90"]
    assert (simulation["iterations"], simulation["seed"], simulation["distribution"]) == (
        1_000,
        7,
        "pert",
    )
    assert all(type(simulation[key]) is float for key in ("mean", "p50", "p80", "p90"))
    assert json.loads(json.dumps(analysis, allow_nan=False)) == analysis


def test_the_simulation_figures_are_the_kernels_rounded_and_the_risk_makes_sense(tmp_path):
    analysis = milwaukee(tmp_path, iterations=4_000, seed=11)
    path = tmp_path / "milwaukee.csv"
    network = read_plan(path).network()
    kernel = simulate_schedule(network, iterations=4_000, seed=11)
    simulation = analysis["simulation"]
    for key in ("mean", "p50", "p80", "p90"):
        assert simulation[key] == round(getattr(kernel, key), 2)
    activities = analysis["activities"]
    for risk in kernel.activities:
        assert activities[risk.id]["criticality"] == round(risk.criticality, 4)
        assert activities[risk.id]["sensitivity"] == round(risk.sensitivity, 4)
    # H ends every path, so it is critical in every iteration; F, with 6 weeks' float, rarely.
    assert activities["H"]["criticality"] == 1
    assert activities["F"]["criticality"] < 0.05
    # Merging paths make the simulated finish later than the critical path's 15 weeks.
    assert 15 < simulation["mean"] < simulation["p80"] < simulation["p90"]


def test_the_same_seed_gives_the_same_answer_and_another_seed_another(tmp_path):
    first = milwaukee(tmp_path, seed=99)
    assert milwaukee(tmp_path, seed=99) == first
    other = milwaukee(tmp_path, seed=100)
    assert other["simulation"] != first["simulation"]
    assert other["critical_path"] == first["critical_path"]


def chain() -> tuple[list[Activity], list[Dependency]]:
    activities = [Activity("A", 2, 4, 9), Activity("B", 1, 3, 8), Activity("C", 5, 6, 10)]
    return activities, [Dependency("A", "B"), Dependency("B", "C")]


def test_a_chain_finishes_on_average_at_the_sum_of_its_pert_means_within_sampling_error():
    """Independent calculation: along a chain the finish is the sum of the durations, so its
    mean is the sum of the beta-PERT means (a + 4m + b) / 6 and its variance the sum of
    (mean - a)(b - mean) / 7 (Vose, *Risk Analysis*, 3rd ed., ch. 9)."""
    activities, links = chain()
    iterations = 40_000
    analysis = analyse_plan(activities, links, project="Chain", seed=3, iterations=iterations)
    means = [(a.optimistic + 4 * a.most_likely + a.pessimistic) / 6 for a in activities]
    variance = sum(
        (mean - a.optimistic) * (a.pessimistic - mean) / 7
        for a, mean in zip(activities, means, strict=True)
    )
    error = math.sqrt(variance / iterations)
    assert analysis["expected_duration"] == round(sum(means), 2)
    assert abs(analysis["simulation"]["mean"] - sum(means)) < 4 * error + 0.005


def test_the_triangular_option_draws_from_triangles_whose_means_are_a_plus_m_plus_b_over_3():
    """Independent calculation: a triangular (a, m, b) has mean (a + m + b) / 3 and variance
    (a² + m² + b² - am - ab - mb) / 18; along a chain they add."""
    activities, links = chain()
    iterations = 40_000
    analysis = analyse_plan(
        activities, links, project="Chain", seed=3, iterations=iterations, distribution="triangular"
    )
    mean = sum((a.optimistic + a.most_likely + a.pessimistic) / 3 for a in activities)
    variance = sum(
        (a.optimistic**2 + a.most_likely**2 + a.pessimistic**2 - a.optimistic * a.most_likely
         - a.optimistic * a.pessimistic - a.most_likely * a.pessimistic) / 18
        for a in activities
    )  # fmt: skip
    simulation = analysis["simulation"]
    assert simulation["distribution"] == "triangular"
    assert abs(simulation["mean"] - mean) < 4 * math.sqrt(variance / iterations) + 0.005
    # The floats and critical path stay on the PERT expected durations whatever is drawn.
    pert = analyse_plan(activities, links, project="Chain", seed=3, iterations=iterations)
    assert analysis["expected_duration"] == pert["expected_duration"] == 14.5
    assert analysis["activities"]["B"]["expected"] == pert["activities"]["B"]["expected"]
    assert simulation["mean"] > pert["simulation"]["mean"] + 0.5  # right-skewed: 16 vs 14.5


def test_days_are_rounded_to_two_places_and_shares_to_four_with_no_negative_zero():
    """A (1, 2, 4) expects 13/6 days; B starts 1/3 day before A finishes (FS-1/3), at 11/6,
    and ends the plan at 17/6; C (1/6 day) runs beside them with float 17/6 - 1/6 = 8/3."""
    analysis = analyse_plan(
        [Activity("A", 1, 2, 4), Activity("B", 1, 1, 1), Activity.single("C", 1 / 6)],
        [Dependency("A", "B", Link.FINISH_TO_START, lag=-1 / 3)],
        project="Rounding",
        seed=1,
        iterations=500,
    )
    a, b, c = (analysis["activities"][key] for key in "ABC")
    assert a["expected"] == 2.17
    assert (b["es"], b["ef"]) == (1.83, 2.83)
    assert analysis["expected_duration"] == 2.83
    assert (c["expected"], c["total_float"], c["free_float"]) == (0.17, 2.67, 2.67)
    assert all(
        math.copysign(1, value) == 1
        for values in analysis["activities"].values()
        for value in values.values()
        if value == 0
    )
    assert c["criticality"] == 0 and c["sensitivity"] == 0
    assert len(str(a["sensitivity"]).split(".")[1]) <= 4


def test_link_types_and_lags_from_the_file_reach_the_schedule(tmp_path):
    """Hand-worked: A 0-4; B SS+1 after A runs 1-7; C FF+2 after B finishes at 9 (starts 7);
    D FS-1 after A starts at 3. T = 9; D has 9 - 5 = 4 days' float."""
    path = tmp_path / "links.csv"
    path.write_text(
        "ID,Duration,Predecessors\nA,4,\nB,6,A SS+1\nC,2,B FF+2\nD,2,A FS-1\n", encoding="utf-8"
    )
    plan = read_plan(path)
    analysis = analyse_plan(plan.activities, plan.dependencies, project="Links", seed=5)
    times = {key: (v["es"], v["ef"], v["total_float"]) for key, v in analysis["activities"].items()}
    assert times == {"A": (0, 4, 0), "B": (1, 7, 0), "C": (7, 9, 0), "D": (3, 5, 4)}
    assert analysis["expected_duration"] == 9
    assert analysis["critical_path"] == ["A", "B", "C"]
    # fixed durations: every iteration gives the same finish
    assert analysis["simulation"]["p50"] == analysis["simulation"]["p90"] == 9


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        ({"iterations": 0}, "iterations", "The number of iterations must be from 1 to 1,000,000; 0 was given."),  # noqa: E501
        ({"iterations": -5}, "iterations", "The number of iterations must be from 1 to 1,000,000; -5 was given."),  # noqa: E501
        ({"iterations": 1_000_001}, "iterations", "The number of iterations must be from 1 to 1,000,000; 1,000,001 was given."),  # noqa: E501
        ({"iterations": 2.5}, "iterations", "The number of iterations must be a whole number, not 2.5."),  # noqa: E501
        ({"iterations": True}, "iterations", "The number of iterations must be a whole number, not True."),  # noqa: E501
        ({"iterations": "100"}, "iterations", "The number of iterations must be a whole number, not '100'."),  # noqa: E501
        ({"seed": -1}, "seed", "The seed must be a whole number of 0 or more, not -1."),
        ({"seed": 1.5}, "seed", "The seed must be a whole number of 0 or more, not 1.5."),
        ({"distribution": "normal"}, "distribution", "The distribution must be “pert” or “triangular”, not 'normal'."),  # noqa: E501
        ({"distribution": ""}, "distribution", "The distribution must be “pert” or “triangular”, not ''."),  # noqa: E501
        ({"distribution": None}, "distribution", "The distribution must be “pert” or “triangular”, not None."),  # noqa: E501
    ],
)  # fmt: skip
def test_settings_the_analysis_cannot_use_are_refused_with_a_clear_message(
    settings, field, message
):
    activities, links = chain()
    options = {"seed": 1, "iterations": 100, **settings}
    with pytest.raises(ValueError) as refused:
        analyse_plan(activities, links, project="Chain", **options)
    assert isinstance(refused.value, AnalysisSettingError)
    assert isinstance(refused.value, Invalid)
    assert str(refused.value) == message
    assert refused.value.field_errors == {field: [message]}


def test_the_distribution_is_read_in_any_case_and_one_iteration_is_enough():
    activities, links = chain()
    analysis = analyse_plan(
        activities, links, project="Chain", seed=0, iterations=1, distribution=" Triangular "
    )
    assert analysis["simulation"]["distribution"] == "triangular"
    assert analysis["simulation"]["iterations"] == 1


def test_a_plan_with_a_loop_is_refused_naming_it():
    with pytest.raises(PlanCycleError) as refused:
        analyse_plan(
            [Activity.single("A", 1), Activity.single("B", 1)],
            [Dependency("A", "B"), Dependency("B", "A")],
            project="Loop",
            seed=1,
        )
    assert refused.value.cycle in (("A", "B", "A"), ("B", "A", "B"))
