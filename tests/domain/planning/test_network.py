"""Checking and ordering a plan: `build_network` refuses bad input with the problems by
activity and names a loop."""

from __future__ import annotations

import math

import pytest

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import (
    Activity,
    Dependency,
    Link,
    PlanCycleError,
    build_network,
)


def test_the_order_is_topological_and_keeps_the_listed_order_among_equals():
    network = build_network(
        [Activity.single("C", 1), Activity.single("A", 1), Activity.single("B", 1)],
        [Dependency("A", "C"), Dependency("B", "C", Link.START_TO_START, 2)],
    )
    assert network.order == ("A", "B", "C")
    assert network.incoming[2] == ((0, Link.FINISH_TO_START, 0.0), (1, Link.START_TO_START, 2.0))
    assert network.outgoing[1] == ((2, Link.START_TO_START, 2.0),)


def test_a_link_type_given_as_its_code_is_read_as_the_link():
    network = build_network(
        [Activity.single("A", 1), Activity.single("B", 1)],
        [Dependency("A", "B", "FF")],  # type: ignore[arg-type]
    )
    assert network.incoming[1] == ((0, Link.FINISH_TO_FINISH, 0.0),)
    assert type(network.incoming[1][0][1]) is Link


@pytest.mark.parametrize(
    ("activities", "dependencies", "field", "words"),
    [
        ([Activity.single("A", 1), Activity.single("A", 2)], [], "A", "listed twice"),
        ([Activity("A", 1, 2, -3)], [], "A", "negative"),
        ([Activity("A", 3, 2, 4)], [], "A", "does not hold"),
        ([Activity("A", 1, 2, math.inf)], [], "A", "number of working days"),
        ([Activity("A", 1, math.nan, 3)], [], "A", "number of working days"),
        ([Activity("A", 1, "2", 3)], [], "A", "number of working days"),  # type: ignore[arg-type]
        ([Activity.single("A", 1)], [Dependency("A", "Z")], "Z", "no activity Z"),
        ([Activity.single("A", 1)], [Dependency("A", "A")], "A", "depends on itself"),
        (
            [Activity.single("A", 1), Activity.single("B", 1)],
            [Dependency("A", "B", "XX")],  # type: ignore[arg-type]
            "B",
            "must be one of FS, SS, FF, SF",
        ),
        (
            [Activity.single("A", 1), Activity.single("B", 1)],
            [Dependency("A", "B", lag=math.inf)],
            "B",
            "lag from A to B",
        ),
    ],
)
def test_bad_plans_are_refused_with_the_problem_against_the_activity(
    activities, dependencies, field, words
):
    with pytest.raises(Invalid, match=words) as refused:
        build_network(activities, dependencies)
    assert list(refused.value.field_errors) == [field]
    assert words in refused.value.field_errors[field][0]


def test_a_loop_is_named_in_the_order_the_plan_reads():
    activities = [Activity.single(a, 1) for a in "SABC"]
    links = [
        Dependency("S", "A"),
        Dependency("A", "B"),
        Dependency("B", "C"),
        Dependency("C", "A"),
    ]
    with pytest.raises(PlanCycleError) as refused:
        build_network(activities, links)
    assert refused.value.cycle == ("B", "C", "A", "B")
    assert "B → C → A → B" in str(refused.value)
