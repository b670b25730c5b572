"""The critical path method over a `Network`: a forward pass for the early dates, a backward
pass for the late dates, total and free float, and the critical path.

Times are working days from the project start: an activity with early start 0 and duration 3
occupies working days 0, 1 and 2 and has early finish 3 (`calendar` turns them into dates).
The four precedence links, with lag L (negative: a lead), bind the successor s to the
predecessor p as the precedence diagramming method defines them (PMBOK Guide, 7th ed., §4.6;
Hendrickson, *Project Management for Construction*, §10.6):

    FS  ES(s) ≥ EF(p) + L        SS  ES(s) ≥ ES(p) + L
    FF  EF(s) ≥ EF(p) + L        SF  EF(s) ≥ ES(p) + L

The forward pass gives each activity the earliest start those links, day 0 and any "start no
earlier than" constraint allow. The project finishes at the latest early finish, T. The backward
pass mirrors it: each activity's late finish is the latest that its successors' late dates,
T and any "finish no later than" constraint allow, so no activity finishes after T just as none
starts before 0.

    schedule = schedule_network(network)
    schedule.duration                 # project duration in working days
    schedule.critical_path            # ("A", "B", ...)
    schedule["B"].total_float
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import Link, Network

TOLERANCE = 1e-9
"""Two times closer than this are equal: a float within it of zero is zero (critical)."""


@dataclass(frozen=True)
class ActivityTimes:
    """One activity's place in the schedule, in working days from the project start: early
    start and finish (`es`, `ef`), late start and finish (`ls`, `lf`), total float (LS - ES,
    negative where a "finish no later than" constraint cannot be met) and free float (how far
    it can slip without moving any successor's early dates, or the project finish)."""

    id: str
    duration: float
    es: float
    ef: float
    ls: float
    lf: float
    total_float: float
    free_float: float

    @property
    def critical(self) -> bool:
        """Total float zero or less, within `TOLERANCE`."""
        return self.total_float <= TOLERANCE


@dataclass(frozen=True)
class Schedule:
    """The critical path method's answer: each activity's times in the network's topological
    order, the project duration (the latest early finish) and one critical path.

    Every activity with `critical` set lies on some critical chain; where there are parallel
    chains, `critical_path` names one of them (see `schedule_network`)."""

    activities: tuple[ActivityTimes, ...]
    duration: float
    critical_path: tuple[str, ...]
    _by_id: dict[str, ActivityTimes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {times.id: times for times in self.activities})

    def __getitem__(self, activity_id: str) -> ActivityTimes:
        return self._by_id[activity_id]

    def __iter__(self) -> Iterator[ActivityTimes]:
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)


def schedule_network(
    network: Network,
    durations: Mapping[str, float] | Sequence[float] | None = None,
    *,
    start_no_earlier_than: Mapping[str, float] | None = None,
    finish_no_later_than: Mapping[str, float] | None = None,
) -> Schedule:
    """The critical path method (Kelley and Walker, 1959) by the forward and backward pass,
    with the precedence diagramming method's four link types and lags.

    `durations` gives each activity's duration in working days, by id or as a sequence in
    `network.order`; by default each activity's PERT expected duration (a + 4m + b) / 6.

    Constraints, in working days from the project start, follow the usual scheduling-tool
    meaning (Primavera P6, Microsoft Project): "start no earlier than" moves the early start
    later in the forward pass; "finish no later than" pulls the late finish earlier in the
    backward pass. Neither moves the other pass, so a deadline the network cannot meet shows as
    negative total float on the activities that drive it; it is reported, not clamped.

    Free float is the least slack any of the activity's links leaves its successor,
    per link type (FS: ES(s) - EF(p) - L; SS: ES(s) - ES(p) - L; FF: EF(s) - EF(p) - L;
    SF: EF(s) - ES(p) - L), and never more than T - EF(p): the project finish is an implicit
    successor of every activity, mirroring the backward pass, so that an activity tied to its
    successors only by its start (SS, SF) cannot show free float that would delay the project.
    For an activity without successors it is T - EF(p).

    The critical path is one chain of critical activities (total float ≤ 1e-9) joined by
    driving links (links that leave no slack). It ends at the first activity in topological
    order among the critical activities that finish last, and walks back through driving links
    to critical predecessors, taking the first in topological order wherever there is a choice,
    until it reaches an activity nothing critical drives. Where there are parallel critical
    chains it is therefore the chain that runs earliest in the network's order; the others are
    found through `ActivityTimes.critical`.
    """
    size = len(network.order)
    duration = _durations(network, durations)
    earliest = _constraint_days(network, start_no_earlier_than, "start no earlier than")
    deadline = _constraint_days(network, finish_no_later_than, "finish no later than")

    es = [0.0] * size
    ef = [0.0] * size
    for i in range(size):
        start = max(0.0, earliest.get(i, 0.0))
        for p, kind, lag in network.incoming[i]:
            start = max(start, _earliest_start(kind, es[p], ef[p], lag, duration[i]))
        es[i] = start
        ef[i] = start + duration[i]
    finish = max(ef, default=0.0)

    ls = [0.0] * size
    lf = [0.0] * size
    for i in reversed(range(size)):
        late = min(finish, deadline.get(i, math.inf))
        for s, kind, lag in network.outgoing[i]:
            late = min(late, _latest_finish(kind, ls[s], lf[s], lag, duration[i]))
        lf[i] = late
        ls[i] = late - duration[i]

    activities = tuple(
        ActivityTimes(
            id=network.order[i],
            duration=duration[i],
            es=es[i],
            ef=ef[i],
            ls=ls[i],
            lf=lf[i],
            total_float=ls[i] - es[i],
            free_float=min(
                [finish - ef[i]]
                + [
                    _link_slack(kind, es[i], ef[i], es[s], ef[s], lag)
                    for s, kind, lag in network.outgoing[i]
                ]
            ),
        )
        for i in range(size)
    )
    return Schedule(
        activities=activities,
        duration=finish,
        critical_path=_critical_path(network, activities),
    )


def _earliest_start(kind: Link, es: float, ef: float, lag: float, duration: float) -> float:
    """The earliest start a link from a predecessor with early dates (es, ef) allows."""
    if kind == Link.FINISH_TO_START:
        return ef + lag
    if kind == Link.START_TO_START:
        return es + lag
    if kind == Link.FINISH_TO_FINISH:
        return ef + lag - duration
    return es + lag - duration  # START_TO_FINISH


def _latest_finish(kind: Link, ls: float, lf: float, lag: float, duration: float) -> float:
    """The latest finish a link to a successor with late dates (ls, lf) allows its
    predecessor: the forward rules solved for the predecessor."""
    if kind == Link.FINISH_TO_START:
        return ls - lag
    if kind == Link.START_TO_START:
        return ls - lag + duration
    if kind == Link.FINISH_TO_FINISH:
        return lf - lag
    return lf - lag + duration  # START_TO_FINISH


def _link_slack(
    kind: Link, es: float, ef: float, successor_es: float, successor_ef: float, lag: float
) -> float:
    """How much later the predecessor's early dates could be before the link binds."""
    if kind == Link.FINISH_TO_START:
        return successor_es - ef - lag
    if kind == Link.START_TO_START:
        return successor_es - es - lag
    if kind == Link.FINISH_TO_FINISH:
        return successor_ef - ef - lag
    return successor_ef - es - lag  # START_TO_FINISH


def _critical_path(network: Network, activities: tuple[ActivityTimes, ...]) -> tuple[str, ...]:
    critical = [i for i, times in enumerate(activities) if times.critical]
    if not critical:
        return ()
    last = max(activities[i].ef for i in critical)
    current = next(i for i in critical if activities[i].ef >= last - TOLERANCE)
    path = [current]
    while True:
        times = activities[current]
        drivers = [
            p
            for p, kind, lag in network.incoming[current]
            if activities[p].critical
            and abs(_link_slack(kind, activities[p].es, activities[p].ef, times.es, times.ef, lag))
            <= TOLERANCE
        ]
        if not drivers:
            break
        current = min(drivers)
        path.append(current)
    return tuple(network.order[i] for i in reversed(path))


def _durations(
    network: Network, durations: Mapping[str, float] | Sequence[float] | None
) -> list[float]:
    if durations is None:
        return [activity.expected for activity in network.activities]
    if isinstance(durations, Mapping):
        missing = [a for a in network.order if a not in durations]
        if missing:
            raise Invalid(
                f"Give a duration for activity {missing[0]}.",
                {a: ["There is no duration for this activity."] for a in missing},
            )
        values = [float(durations[a]) for a in network.order]
    else:
        values = [float(value) for value in durations]
        if len(values) != len(network.order):
            raise Invalid(
                f"Give one duration for each of the {len(network.order)} activities, not "
                f"{len(values)}."
            )
    bad = {
        network.order[i]: ["A duration must be a number of working days, zero or more."]
        for i, value in enumerate(values)
        if not (math.isfinite(value) and value >= 0)
    }
    if bad:
        raise Invalid(f"Activity {next(iter(bad))} has a duration that is not a number ≥ 0.", bad)
    return values


def _constraint_days(
    network: Network, constraints: Mapping[str, float] | None, name: str
) -> dict[int, float]:
    if not constraints:
        return {}
    problems: dict[str, list[str]] = {}
    days: dict[int, float] = {}
    for activity_id, day in constraints.items():
        if activity_id not in network.index:
            problems[activity_id] = [f"There is no activity {activity_id} to {name}."]
        elif not math.isfinite(float(day)):
            problems[activity_id] = [f"The {name} day must be a number of working days."]
        else:
            days[network.index[activity_id]] = float(day)
    if problems:
        raise Invalid(next(iter(problems.values()))[0], problems)
    return days
