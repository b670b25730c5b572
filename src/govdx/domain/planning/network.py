"""A project plan as a network: activities with one or three duration estimates, and
dependencies finish-to-start, start-to-start, finish-to-finish or start-to-finish, each with a
lag, in working days. Plain Python; the schedule and the simulation work on the `Network` that
`build_network` makes, whose arrays follow one topological order.

    network = build_network(
        [Activity("A", 2, 4, 6), Activity("B", 3, 3, 3)],
        [Dependency("A", "B", Link.FINISH_TO_START, lag=1)],
    )
    network.order                 # ("A", "B")
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from numbers import Real

from govdx.domain.errors import Invalid


class Link(StrEnum):
    """How a successor depends on its predecessor (the four precedence types of the
    precedence diagramming method)."""

    FINISH_TO_START = "FS"
    START_TO_START = "SS"
    FINISH_TO_FINISH = "FF"
    START_TO_FINISH = "SF"

    @property
    def from_finish(self) -> bool:
        """The link runs from the predecessor's finish (FS, FF), not its start (SS, SF)."""
        return self is Link.FINISH_TO_START or self is Link.FINISH_TO_FINISH

    @property
    def to_finish(self) -> bool:
        """The link binds the successor's finish (FF, SF), not its start (FS, SS)."""
        return self is Link.FINISH_TO_FINISH or self is Link.START_TO_FINISH


@dataclass(frozen=True)
class Activity:
    """An activity: optimistic, most likely and pessimistic durations in working days (all
    three equal for a single estimate; all zero for a milestone)."""

    id: str
    optimistic: float
    most_likely: float
    pessimistic: float
    name: str = ""
    milestone: bool = False

    @classmethod
    def single(cls, id: str, duration: float, name: str = "", milestone: bool = False) -> Activity:
        return cls(id, duration, duration, duration, name=name, milestone=milestone)

    @property
    def expected(self) -> float:
        """The PERT expected duration (a + 4m + b) / 6."""
        return (self.optimistic + 4 * self.most_likely + self.pessimistic) / 6


@dataclass(frozen=True)
class Dependency:
    """`successor` depends on `predecessor` by `kind`, with `lag` working days (negative: a
    lead)."""

    predecessor: str
    successor: str
    kind: Link = Link.FINISH_TO_START
    lag: float = 0.0


class PlanCycleError(Invalid):
    """The dependencies loop back on themselves; `cycle` names the activities in the loop, in
    order, the first repeated at the end."""

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = tuple(cycle)
        super().__init__(
            "The dependencies go round in a loop: " + " → ".join(self.cycle) + ". Remove one "
            "of them so that the plan has a start and an end."
        )


@dataclass(frozen=True)
class Network:
    """Activities in one topological order (`order`), each with its position (`index`), and
    the dependencies as index pairs: `incoming[i]` lists (predecessor index, kind, lag) for
    activity i, `outgoing[i]` (successor index, kind, lag)."""

    activities: tuple[Activity, ...]
    order: tuple[str, ...]
    index: dict[str, int]
    incoming: tuple[tuple[tuple[int, Link, float], ...], ...]
    outgoing: tuple[tuple[tuple[int, Link, float], ...], ...]
    dependencies: tuple[Dependency, ...] = field(default=())


def build_network(activities: Iterable[Activity], dependencies: Iterable[Dependency]) -> Network:
    """Check the plan and order it: unique ids, dependencies between known activities, no
    activity depending on itself, known link types, finite lags, durations that are finite
    numbers with optimistic ≤ most likely ≤ pessimistic, and no loop (PlanCycleError names
    it). Raises Invalid, with the problems by activity id, for the others."""
    listed = list(activities)
    links = list(dependencies)
    problems: dict[str, list[str]] = defaultdict(list)
    by_id: dict[str, Activity] = {}
    for activity in listed:
        if activity.id in by_id:
            problems[activity.id].append(f"Activity {activity.id} is listed twice.")
        by_id[activity.id] = activity
        a, m, b = activity.optimistic, activity.most_likely, activity.pessimistic
        if not all(_is_number(value) for value in (a, m, b)):
            problems[activity.id].append(
                f"Activity {activity.id}: each duration must be a number of working days."
            )
        elif min(a, m, b) < 0:
            problems[activity.id].append(f"Activity {activity.id} has a negative duration.")
        elif not a <= m <= b:
            problems[activity.id].append(
                f"Activity {activity.id}: optimistic {a:g} ≤ most likely {m:g} ≤ pessimistic "
                f"{b:g} does not hold."
            )
    for link in links:
        for end in (link.predecessor, link.successor):
            if end not in by_id:
                problems[link.successor].append(f"There is no activity {end} to depend on.")
        if link.predecessor == link.successor:
            problems[link.successor].append(f"Activity {link.successor} depends on itself.")
        if link.kind not in _KINDS:
            problems[link.successor].append(
                f"The link from {link.predecessor} to {link.successor} must be one of "
                f"{', '.join(_KINDS)}, not {link.kind!r}."
            )
        if not _is_number(link.lag):
            problems[link.successor].append(
                f"The lag from {link.predecessor} to {link.successor} must be a number of "
                "working days."
            )
    if problems:
        first = next(iter(problems.values()))[0]
        raise Invalid(first, dict(problems))
    order = _topological_order(list(by_id), links)
    index = {activity_id: position for position, activity_id in enumerate(order)}
    incoming: list[list[tuple[int, Link, float]]] = [[] for _ in order]
    outgoing: list[list[tuple[int, Link, float]]] = [[] for _ in order]
    for link in links:
        before, after = index[link.predecessor], index[link.successor]
        kind = Link(link.kind)
        incoming[after].append((before, kind, float(link.lag)))
        outgoing[before].append((after, kind, float(link.lag)))
    return Network(
        activities=tuple(by_id[activity_id] for activity_id in order),
        order=tuple(order),
        index=index,
        incoming=tuple(tuple(edges) for edges in incoming),
        outgoing=tuple(tuple(edges) for edges in outgoing),
        dependencies=tuple(links),
    )


_KINDS = tuple(kind.value for kind in Link)


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and math.isfinite(value)


def _topological_order(ids: list[str], links: list[Dependency]) -> list[str]:
    """Kahn's algorithm, keeping the listed order among activities free at the same time;
    a loop is found by walking what is left."""
    successors: dict[str, list[str]] = defaultdict(list)
    waiting = dict.fromkeys(ids, 0)
    for link in links:
        successors[link.predecessor].append(link.successor)
        waiting[link.successor] += 1
    ready = deque(activity_id for activity_id in ids if waiting[activity_id] == 0)
    order: list[str] = []
    while ready:
        current = ready.popleft()
        order.append(current)
        for after in successors[current]:
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    if len(order) < len(ids):
        raise PlanCycleError(_find_cycle({a for a in ids if waiting[a] > 0}, links))
    return order


def _find_cycle(left: set[str], links: list[Dependency]) -> list[str]:
    """One loop among the activities Kahn's algorithm could not place."""
    predecessors: dict[str, list[str]] = defaultdict(list)
    for link in links:
        if link.successor in left and link.predecessor in left:
            predecessors[link.successor].append(link.predecessor)
    start = min(left)
    path: list[str] = []
    seen: dict[str, int] = {}
    current = start
    while current not in seen:
        seen[current] = len(path)
        path.append(current)
        current = predecessors[current][0]
    loop = path[seen[current] :]
    loop.reverse()  # predecessor first, as the plan reads
    return [*loop, loop[0]]
