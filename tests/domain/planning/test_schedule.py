"""The critical path method: textbook networks with published answers, the four link types
with lags, constraints, and properties of any network."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import Activity, Dependency, Link, Network, build_network
from govdx.domain.planning.schedule import TOLERANCE, schedule_network

FS, SS, FF, SF = (
    Link.FINISH_TO_START,
    Link.START_TO_START,
    Link.FINISH_TO_FINISH,
    Link.START_TO_FINISH,
)


def plan(durations: dict[str, float], links: list[tuple[str, str]] | list[Dependency]) -> Network:
    return build_network(
        [Activity.single(activity_id, days) for activity_id, days in durations.items()],
        [link if isinstance(link, Dependency) else Dependency(*link) for link in links],
    )


def table(network: Network, **constraints: dict[str, float]) -> dict[str, tuple[float, ...]]:
    schedule = schedule_network(network, **constraints)
    return {
        times.id: (times.es, times.ef, times.ls, times.lf, times.total_float) for times in schedule
    }


def test_taylor_seven_activity_network_matches_the_published_times_and_slack():
    """Taylor, *Introduction to Management Science*, ch. 8 "Project Management", solutions
    manual, the seven-activity network 1-2 … 5-6 (activity-on-arrow, read here on nodes: an
    arrow i-j precedes every arrow leaving j). Published: the table below and
    "Critical path = 1 - 3 - 4 - 5 - 6". (https://ar.scribd.com/doc/47113515/TaylCh08)"""
    network = plan(
        {"1-2": 7, "1-3": 10, "2-4": 6, "3-4": 5, "3-5": 4, "4-5": 3, "5-6": 2},
        [
            ("1-2", "2-4"),
            ("1-3", "3-4"),
            ("1-3", "3-5"),
            ("2-4", "4-5"),
            ("3-4", "4-5"),
            ("3-5", "5-6"),
            ("4-5", "5-6"),
        ],
    )
    published = {  # ES, EF, LS, LF, slack
        "1-2": (0, 7, 2, 9, 2),
        "1-3": (0, 10, 0, 10, 0),
        "2-4": (7, 13, 9, 15, 2),
        "3-4": (10, 15, 10, 15, 0),
        "3-5": (10, 14, 14, 18, 4),
        "4-5": (15, 18, 15, 18, 0),
        "5-6": (18, 20, 18, 20, 0),
    }
    assert table(network) == published
    schedule = schedule_network(network)
    assert schedule.duration == 20
    assert schedule.critical_path == ("1-3", "3-4", "4-5", "5-6")


def test_prototype_assembly_example_matches_the_published_table():
    """ "Example 1: Draw the network for the events in Table 1 … Find ES, EF, LS, LF, and
    slack", Table 2 (studylib.net/doc/8378728). Published: critical path A-B-D-E-G of 16
    hours, C and F with slack 1."""
    network = plan(
        {"A": 6, "B": 2, "C": 2, "D": 3, "E": 4, "F": 2, "G": 1},
        [("A", "B"), ("A", "C"), ("B", "D"), ("C", "F"), ("D", "E"), ("F", "E"), ("E", "G")],
    )
    assert table(network) == {
        "A": (0, 6, 0, 6, 0),
        "B": (6, 8, 6, 8, 0),
        "C": (6, 8, 7, 9, 1),
        "D": (8, 11, 8, 11, 0),
        "E": (11, 15, 11, 15, 0),
        "F": (8, 10, 9, 11, 1),
        "G": (15, 16, 15, 16, 0),
    }
    assert schedule_network(network).critical_path == ("A", "B", "D", "E", "G")


def test_bizhelp24_example_matches_the_published_total_and_free_float():
    """bizhelp24, "Critical Path Analysis, part 2"
    (bizhelp24.com/small-business-portal/critical-path-analysis-part-2-4.html). Published: EST,
    LFT, total float and free float for A-G, critical path A-B-D-F-G of 11 weeks. The diagram
    is a picture; the predecessors here are the ones its published table implies (E starts when
    C ends at 3; F starts at 7 when D ends and waits for E)."""
    network = plan(
        {"A": 1, "B": 3, "C": 2, "D": 3, "E": 3, "F": 2, "G": 2},
        [("A", "B"), ("A", "C"), ("B", "D"), ("C", "E"), ("D", "F"), ("E", "F"), ("F", "G")],
    )
    schedule = schedule_network(network)
    published = {  # EST, LFT, total float, free float
        "A": (0, 1, 0, 0),
        "B": (1, 4, 0, 0),
        "C": (1, 4, 1, 0),
        "D": (4, 7, 0, 0),
        "E": (3, 7, 1, 1),
        "F": (7, 9, 0, 0),
        "G": (9, 11, 0, 0),
    }
    assert {t.id: (t.es, t.lf, t.total_float, t.free_float) for t in schedule} == published
    assert schedule.duration == 11
    assert schedule.critical_path == ("A", "B", "D", "F", "G")


WATT_DURATIONS = {
    "A": 2, "B": 10, "C": 13, "D": 12, "E": 12, "F": 7, "G": 10,
    "H": 16, "I": 6, "J": 12, "K": 5, "L": 8, "M": 5, "N": 3,
}  # fmt: skip


def test_watt_finish_to_start_network_has_the_published_critical_path_of_41_days():
    """Watt, *Project Management* (2nd ed., BCcampus Open Education, 2014), ch. 10,
    "Network Construction - Critical Path Method". Published: the five path lengths 35, 41,
    30, 39, 38 and the critical path A-B-F-I-K-L-N. Floats are not published; those below
    follow from the path lengths (C's longest path is 30, so 11 days' float; D's 39, 2 days)."""
    network = plan(
        WATT_DURATIONS,
        [
            ("A", "B"), ("A", "C"), ("A", "D"), ("B", "E"), ("B", "F"), ("D", "G"), ("D", "H"),
            ("F", "I"), ("C", "J"), ("G", "J"), ("I", "K"), ("E", "L"), ("K", "L"), ("H", "M"),
            ("J", "N"), ("L", "N"), ("M", "N"),
        ],
    )  # fmt: skip
    schedule = schedule_network(network)
    assert schedule.duration == 41
    assert schedule.critical_path == ("A", "B", "F", "I", "K", "L", "N")
    assert {t.id: t.total_float for t in schedule if not t.critical} == {
        "C": 11, "D": 2, "E": 6, "G": 2, "H": 3, "J": 2, "M": 3,
    }  # fmt: skip


def test_watt_precedence_diagram_with_start_to_start_links():
    """Watt, *Project Management* (2nd ed., BCcampus, 2014), ch. 10, "Network Construction -
    Precedence Diagram Method": the same activities with B start-to-start after A, J
    start-to-start after G and K start-to-start after I (and L, N given extra predecessors).
    The network is published; the times below were worked by hand with the textbook's rules,
    so this test checks the start-to-start arithmetic rather than reproducing a table."""
    network = plan(
        WATT_DURATIONS,
        [
            Dependency("A", "B", SS), Dependency("A", "C"), Dependency("A", "D"),
            Dependency("B", "E"), Dependency("B", "F"), Dependency("D", "G"),
            Dependency("D", "H"), Dependency("F", "I"), Dependency("C", "J"),
            Dependency("G", "J", SS), Dependency("I", "K", SS), Dependency("E", "L"),
            Dependency("I", "L"), Dependency("K", "L"), Dependency("H", "M"),
            Dependency("G", "N"), Dependency("J", "N"), Dependency("L", "N"),
            Dependency("M", "N"),
        ],
    )  # fmt: skip
    schedule = schedule_network(network)
    assert schedule.duration == 38
    assert schedule.critical_path == ("A", "D", "H", "M", "N")
    assert (schedule["B"].es, schedule["B"].ef) == (0, 10)
    assert (schedule["J"].es, schedule["J"].ef) == (15, 27)  # C finishes at 15, after G starts
    assert (schedule["K"].es, schedule["K"].ef) == (17, 22)  # starts with I
    assert (schedule["L"].es, schedule["L"].ef) == (23, 31)


def test_each_link_type_with_a_lag_binds_the_successor_as_defined():
    """Predecessor P: days 2 to 7 (it waits for S0). One successor per link type, lag 2."""
    base = {"S0": 2, "P": 5}
    cases = {
        FS: (9, 12),  # ES ≥ EF(P) + 2 = 9
        SS: (4, 7),  # ES ≥ ES(P) + 2 = 4
        FF: (6, 9),  # EF ≥ EF(P) + 2 = 9
        SF: (1, 4),  # EF ≥ ES(P) + 2 = 4
    }
    for kind, (es, ef) in cases.items():
        network = plan({**base, "X": 3}, [Dependency("S0", "P"), Dependency("P", "X", kind, lag=2)])
        times = schedule_network(network)["X"]
        assert (times.es, times.ef) == (es, ef), kind


def test_a_finish_to_finish_lead_never_starts_an_activity_before_day_zero():
    network = plan({"P": 2, "X": 6}, [Dependency("P", "X", FF, lag=-1)])
    schedule = schedule_network(network)
    assert (schedule["X"].es, schedule["X"].ef) == (0, 6)
    assert schedule.duration == 6
    assert schedule.critical_path == ("X",)


def test_backward_pass_mirrors_start_to_start_and_finish_to_finish_links():
    """A (4) SS+1 B (6) FF+2 C (2): hand-worked. Forward: A 0-4, B 1-7, C 7-9 (FF: EF ≥ 9).
    Backward from 9: C 7-9; B's finish ≤ LF(C) - 2 = 7, so B 1-7; A's start ≤ LS(B) - 1 = 0
    and finish ≤ 9, so A 0-4 with its finish free: A is critical through its start."""
    network = plan(
        {"A": 4, "B": 6, "C": 2},
        [Dependency("A", "B", SS, lag=1), Dependency("B", "C", FF, lag=2)],
    )
    assert table(network) == {
        "A": (0, 4, 0, 4, 0),
        "B": (1, 7, 1, 7, 0),
        "C": (7, 9, 7, 9, 0),
    }
    assert schedule_network(network).critical_path == ("A", "B", "C")


def test_free_float_on_a_start_to_start_link_is_capped_by_the_project_finish():
    """A (10) SS B (1), B also after Z (5): B starts at 5, so the link leaves A 5 days, but A
    delayed 5 days would finish at 15, past the project's 10."""
    network = plan({"A": 10, "Z": 5, "B": 1}, [Dependency("A", "B", SS), Dependency("Z", "B")])
    schedule = schedule_network(network)
    assert schedule["A"].free_float == 0
    assert schedule["A"].total_float == 0
    assert schedule["B"].free_float == schedule["B"].total_float == 4


def test_the_default_durations_are_the_pert_expected_durations():
    network = build_network(
        [Activity("A", 2, 4, 12), Activity("B", 1, 1, 1)], [Dependency("A", "B")]
    )
    schedule = schedule_network(network)
    assert schedule["A"].duration == 5
    assert schedule.duration == 6


def test_durations_can_be_given_by_id_or_in_network_order():
    network = plan({"A": 1, "B": 1}, [("A", "B")])
    assert schedule_network(network, {"A": 3, "B": 4}).duration == 7
    assert schedule_network(network, [3, 4]).duration == 7


def test_start_no_earlier_than_delays_the_early_dates():
    network = plan({"A": 2, "B": 3, "C": 1}, [("A", "C"), ("B", "C")])
    schedule = schedule_network(network, start_no_earlier_than={"A": 5})
    assert (schedule["A"].es, schedule["A"].ef) == (5, 7)
    assert schedule.duration == 8
    assert schedule["B"].total_float == 4
    assert schedule.critical_path == ("A", "C")


def test_finish_no_later_than_that_cannot_be_met_shows_as_negative_float():
    network = plan({"A": 4, "B": 3, "C": 2}, [("A", "B"), ("B", "C")])
    schedule = schedule_network(network, finish_no_later_than={"B": 5})
    assert schedule.duration == 9
    assert [schedule[a].total_float for a in "ABC"] == [-2, -2, 0]
    assert (schedule["B"].ls, schedule["B"].lf) == (2, 5)
    assert schedule["A"].critical
    assert schedule.critical_path == ("A", "B", "C")


def test_a_deadline_after_the_early_finish_leaves_the_dates_alone_but_cuts_float():
    network = plan({"A": 2, "B": 6}, [])
    schedule = schedule_network(network, finish_no_later_than={"A": 4})
    assert (schedule["A"].ls, schedule["A"].lf, schedule["A"].total_float) == (2, 4, 2)


def test_parallel_critical_chains_give_the_one_earliest_in_network_order():
    network = plan(
        {"Start": 1, "Upper": 3, "Lower": 3, "End": 1},
        [("Start", "Upper"), ("Start", "Lower"), ("Upper", "End"), ("Lower", "End")],
    )
    schedule = schedule_network(network)
    assert schedule.critical_path == ("Start", "Upper", "End")
    assert all(times.critical for times in schedule)


def test_an_empty_network_takes_no_time():
    schedule = schedule_network(build_network([], []))
    assert (schedule.duration, schedule.critical_path, len(schedule)) == (0, (), 0)


def test_unknown_activities_and_bad_durations_are_refused():
    network = plan({"A": 1}, [])
    with pytest.raises(Invalid, match="no activity Z"):
        schedule_network(network, start_no_earlier_than={"Z": 1})
    with pytest.raises(Invalid, match="duration for activity A"):
        schedule_network(network, {})
    with pytest.raises(Invalid, match="not a number"):
        schedule_network(network, [-1])
    with pytest.raises(Invalid, match="one duration for each"):
        schedule_network(network, [1, 2])
    with pytest.raises(KeyError):
        schedule_network(network)["Z"]


# Properties ------------------------------------------------------------------------------


@st.composite
def networks(draw: st.DrawFn, kinds: tuple[Link, ...] = (FS, SS, FF, SF)) -> Network:
    """Random acyclic plans: an edge only from a lower to a higher number, then listed in a
    shuffled order so the topological sort has work to do."""
    size = draw(st.integers(1, 12))
    ids = [f"T{i}" for i in range(size)]
    activities = [
        Activity.single(activity_id, draw(st.integers(0, 10) | st.floats(0, 10)))
        for activity_id in ids
    ]
    pairs = [(i, j) for i in range(size) for j in range(i + 1, size)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=20)) if pairs else []
    links = [
        Dependency(
            ids[i],
            ids[j],
            draw(st.sampled_from(kinds)),
            draw(st.integers(-3, 5)) if len(kinds) > 1 else 0,
        )
        for i, j in chosen
    ]
    return build_network(draw(st.permutations(activities)), links)


def bound(kind: Link, es: float, ef: float, lag: float) -> tuple[str, float]:
    return {
        FS: ("start", ef + lag),
        SS: ("start", es + lag),
        FF: ("finish", ef + lag),
        SF: ("finish", es + lag),
    }[kind]


@settings(max_examples=300)
@given(networks())
def test_without_constraints_floats_are_never_negative_and_free_never_exceeds_total(network):
    schedule = schedule_network(network)
    for times in schedule:
        assert times.es >= 0
        assert times.es <= times.ls + TOLERANCE
        assert times.lf <= schedule.duration + TOLERANCE
        assert -TOLERANCE <= times.free_float <= times.total_float + TOLERANCE
        assert times.ef - times.es == pytest.approx(times.duration)
    assert schedule.duration == max((t.ef for t in schedule), default=0)


@settings(max_examples=300)
@given(networks())
def test_early_and_late_dates_both_honour_every_link(network):
    schedule = schedule_network(network)
    for dependency in network.dependencies:
        p, s = schedule[dependency.predecessor], schedule[dependency.successor]
        for p_start, p_finish, s_start, s_finish in (
            (p.es, p.ef, s.es, s.ef),
            (p.ls, p.lf, s.ls, s.lf),
        ):
            end, earliest = bound(dependency.kind, p_start, p_finish, dependency.lag)
            assert (s_start if end == "start" else s_finish) >= earliest - TOLERANCE


@settings(max_examples=300)
@given(networks())
def test_every_early_start_is_day_zero_or_held_there_by_a_link(network):
    schedule = schedule_network(network)
    for index, times in enumerate(schedule):
        assert times.id == network.order[index]
        held = [
            bound(kind, schedule.activities[p].es, schedule.activities[p].ef, lag)
            for p, kind, lag in network.incoming[index]
        ]
        starts = [0.0] + [day if end == "start" else day - times.duration for end, day in held]
        assert times.es == pytest.approx(max(starts))


@settings(max_examples=300)
@given(networks(kinds=(FS,)))
def test_finish_to_start_critical_path_durations_add_up_to_the_project_duration(network):
    schedule = schedule_network(network)
    path = schedule.critical_path
    assert path
    assert all(schedule[a].critical for a in path)
    assert schedule[path[0]].es == 0
    # Times within TOLERANCE count as equal, so the chain may be that much short.
    assert schedule[path[-1]].ef == pytest.approx(schedule.duration, abs=1e-6)
    linked = {(d.predecessor, d.successor) for d in network.dependencies}
    assert all(pair in linked for pair in itertools.pairwise(path))
    assert sum(schedule[a].duration for a in path) == pytest.approx(schedule.duration, abs=1e-6)
