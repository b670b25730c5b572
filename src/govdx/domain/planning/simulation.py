"""Schedule risk: a Monte Carlo of the plan's finish from three-point activity durations.

Method: in each iteration every activity's duration is drawn from its optimistic a, most likely
m and pessimistic b estimates, and the critical path method is run on the drawn durations.

- Durations: beta-PERT with lambda = 4 by default, alpha = 1 + 4(m - a)/(b - a),
  beta = 1 + 4(b - m)/(b - a), duration = a + (b - a) Beta(alpha, beta), mean (a + 4m + b)/6
  (Malcolm et al. 1959; Vose, "Risk Analysis", 3rd ed., 2008, ch. 9), drawn with numpy's
  `Generator.beta`; or triangular (a, m, b), mean (a + m + b)/3, with `Generator.triangular`.
  An activity with a = b (a single estimate, a milestone) always takes a.
- Forward pass: an activity starts at 0 or when its incoming links allow, whichever is later:
  finish-to-start ES >= EF(pred) + lag, start-to-start ES >= ES(pred) + lag, finish-to-finish
  EF >= EF(pred) + lag, start-to-finish EF >= ES(pred) + lag; EF = ES + duration. The plan's
  finish is the latest EF.
- Backward pass: every activity must finish by the plan's finish, and by what its outgoing
  links require of it (the same four rules read backwards); LS = LF - duration. Total float is
  LS - ES, and an activity is critical in an iteration when its total float is at most
  `CRITICAL_FLOAT` (1e-9 working days; the passes run in float64, whose rounding on plans of
  thousands of days is below 1e-11).
- Criticality index: the share of iterations in which the activity is critical (PMI,
  "Practice Standard for Scheduling", 3rd ed., 2019; Hulett, "Practical Schedule Risk
  Analysis", 2009, ch. 5). Sensitivity: the Pearson correlation across iterations of the
  activity's drawn duration with the plan's finish (Hulett, ch. 6), 0 for a fixed duration;
  sorted by size it is the tornado chart.
- Finish summaries: mean, standard deviation, P50, P80 and P90 (numpy's default percentile,
  linear interpolation between order statistics: method "linear", Hyndman and Fan type 7), a
  histogram of `HISTOGRAM_BINS` equal bins, and the S-curve: the share of iterations finished
  by each finish, the sorted finishes thinned to about `S_CURVE_POINTS` points.

Vectorised with numpy, never a loop per iteration. The activities are grouped by level (the
longest chain of links before them) and each level's links are taken together over a block of
iterations: slot k holds the k-th link of every activity that has one, gathered as one array
(rows x iterations) and folded in with one `np.maximum` forwards (`np.minimum` backwards). So
the passes cost a few numpy calls per level and per link slot, whatever the number of links or
iterations. The Python loops run over blocks, levels, slots and (to draw durations)
activities; a deep plan (a long chain) has many levels and runs slower than a wide one.

Memory: the iterations run in blocks of `BLOCK_ITERATIONS`, `THREADS` blocks at a time. A
block holds its durations (activities x block, float32, widened exactly to float64 in the
passes), ES, EF and LF (3 x activities x block, float64; LS is written over EF, which the
backward pass does not need) and the gathered rows of one slot; across blocks only the finish
of every iteration (float64) and sums per activity are kept. For 5,000 activities, blocks of
512 and two threads, the peak is about 140 MiB whatever the number of iterations
(benchmarks/schedule_mc.py measures it with tracemalloc), where activities x iterations arrays
for 10,000 iterations would take 400 MB each in float64.

Random numbers: numpy's PCG64; the caller's seed is split (`SeedSequence.spawn`) into one
independent stream per block, block k always draws from stream k, activity by activity in the
network's order, and the blocks' sums are added in block order. So a seed gives the same
result on every run and machine, whatever the threads, and `sample_durations` returns exactly
the durations a run uses.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import numpy as np
import numpy.typing as npt

from govdx.domain.errors import Invalid
from govdx.domain.planning.network import Network

PERT_LAMBDA = 4.0
CRITICAL_FLOAT = 1e-9
"""Total float (working days) at or below which an activity counts as critical."""
BLOCK_ITERATIONS = 512
"""Iterations simulated together; bounds the working memory (see the module docstring)."""
THREADS = 2
"""Blocks simulated at once, each in a thread of its own (numpy releases the GIL in its
draws and array loops). Fixed, and each block has its own stream, so a seed gives the same
result on every machine."""
MAX_ITERATIONS = 1_000_000
HISTOGRAM_BINS = 30
S_CURVE_POINTS = 100
PERCENTILE_METHOD: Final = "linear"

Float64Array = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.intp]


class Distribution(StrEnum):
    """How an activity's duration is drawn from its three estimates."""

    PERT = "pert"
    TRIANGULAR = "triangular"


@dataclass(frozen=True)
class ActivityRisk:
    """One activity's part in the schedule risk.

    `criticality` is the share of iterations in which it was critical (0 to 1); `sensitivity`
    the correlation of its duration with the plan's finish (-1 to 1; 0 for a fixed duration).
    """

    id: str
    criticality: float
    sensitivity: float


@dataclass(frozen=True)
class FinishPoint:
    """On the S-curve: `share` of the iterations finished by `finish` (working days)."""

    finish: float
    share: float


@dataclass(frozen=True)
class ScheduleSimulation:
    """The simulated distribution of the plan's finish (working days from its start) and each
    activity's criticality and sensitivity, in the network's order.

    `histogram_counts[k]` iterations finished in [`histogram_edges[k]`,
    `histogram_edges[k + 1]`) (the last bin includes its right edge). `deterministic_finish`
    is the critical path finish with every activity at its expected duration.
    """

    iterations: int
    seed: int
    distribution: Distribution
    mean: float
    standard_deviation: float
    p50: float
    p80: float
    p90: float
    deterministic_finish: float
    histogram_counts: tuple[int, ...]
    histogram_edges: tuple[float, ...]
    s_curve: tuple[FinishPoint, ...]
    activities: tuple[ActivityRisk, ...]

    def tornado(self, limit: int = 10) -> tuple[ActivityRisk, ...]:
        """The `limit` activities whose durations move the finish most, largest |sensitivity|
        first (ties in the network's order); those with no sensitivity are left out."""
        ranked = sorted(
            (activity for activity in self.activities if activity.sensitivity != 0.0),
            key=lambda activity: -abs(activity.sensitivity),
        )
        return tuple(ranked[:limit])


def simulate_schedule(
    network: Network,
    *,
    iterations: int = 10_000,
    seed: int,
    distribution: Distribution | str = Distribution.PERT,
) -> ScheduleSimulation:
    """Monte Carlo of the plan's finish (method in the module docstring): `iterations` runs of
    the critical path method on durations drawn from `seed`."""
    kind = _check_run(network, iterations, seed, distribution)
    plan = _Plan(network)
    count = len(network.activities)
    expected = plan.expected[plan.order]
    deterministic = float(plan.passes(expected[:, None])[0][0])
    shifts = _Shifts(expected.astype(np.float32)[:, None], deterministic)
    finishes = np.empty(iterations, dtype=np.float64)
    zeros = np.zeros(count, dtype=np.float64)
    total = _Block(finishes[:0], np.zeros(count, dtype=np.intp), zeros, zeros, zeros, 0.0, 0.0)
    start = 0
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        runs = pool.map(
            lambda stream, size: _simulate_block(plan, stream, size, kind, shifts),
            *_streams(iterations, seed),
        )
        for block in runs:  # in block order, so the sums are the same on every run
            size = block.finish.shape[0]
            finishes[start : start + size] = block.finish
            start += size
            total = total.merge(block)
    criticality = total.critical[plan.rank] / iterations
    sensitivity = total.correlation(iterations)[plan.rank]
    sensitivity[np.asarray(plan.width == 0.0)] = 0.0
    return _summarise(
        finishes, seed, kind, deterministic, network, criticality, sensitivity.tolist()
    )


def sample_durations(
    network: Network,
    *,
    iterations: int,
    seed: int,
    distribution: Distribution | str = Distribution.PERT,
) -> Float32Array:
    """The durations `simulate_schedule` draws for the same arguments: activities (in the
    network's order) x iterations, float32. For checking and for baselines; it holds the
    whole array, so keep `iterations` small on a large plan."""
    kind = _check_run(network, iterations, seed, distribution)
    plan = _Plan(network)
    blocks = [
        _draw(plan, stream, size, kind)
        for stream, size in zip(*_streams(iterations, seed), strict=True)
    ]
    return np.concatenate(blocks, axis=1)[plan.rank]


# --- the plan as arrays ----------------------------------------------------------------------


class _Slot:
    """The k-th link of each activity in a level that has at least k + 1 of them: the rows to
    gather (the other end's start row, or its finish row = activity row + activities), the
    lags, and the links whose near end is not the one being set, with the duration rows to
    subtract (forward) or add (backward) for them."""

    def __init__(
        self, rows: list[int], lags: list[float], adjust_links: list[int], adjust_rows: list[int]
    ) -> None:
        self.size = len(rows)
        self.rows = np.asarray(rows, dtype=np.intp)
        self.lags: Float64Array | None = (
            np.asarray(lags, dtype=np.float64)[:, None] if any(lags) else None
        )
        self.adjust_links = np.asarray(adjust_links, dtype=np.intp)
        self.adjust_rows = np.asarray(adjust_rows, dtype=np.intp)

    def gather(
        self, times: Float64Array, durations: Float32Array | Float64Array, forward: bool
    ) -> Float64Array:
        """Each link's bound on its activity's start (forward) or finish (backward)."""
        gathered = times[self.rows]
        if self.lags is not None:
            if forward:
                gathered += self.lags
            else:
                gathered -= self.lags
        if self.adjust_links.size:
            if forward:
                gathered[self.adjust_links] -= durations[self.adjust_rows]
            else:
                gathered[self.adjust_links] += durations[self.adjust_rows]
        return gathered


class _Level:
    """One level's links for one direction of pass, as slots: `targets` (positions in the
    level) lists the activities with links, most links first, so that the activities with a
    k-th link are the first `slots[k].size` targets; `everyone` when that is the whole level
    in order."""

    def __init__(self, targets: list[int], slots: list[_Slot], width: int) -> None:
        self.targets = np.asarray(targets, dtype=np.intp)
        self.slots = slots
        self.everyone = targets == list(range(width))

    def bound(
        self, times: Float64Array, durations: Float32Array | Float64Array, forward: bool
    ) -> Float64Array:
        """The latest (forward) or earliest (backward) bound over each target's links."""
        combine = np.maximum if forward else np.minimum
        result = self.slots[0].gather(times, durations, forward)
        for slot in self.slots[1:]:
            head = result[: slot.size]
            combine(head, slot.gather(times, durations, forward), out=head)
        return result


class _Plan:
    """The network renumbered by level (the longest chain of links before an activity), most
    incoming links first within a level: `order[row]` is the network position of a row and
    `rank[position]` its row, so each level is a slice of rows."""

    def __init__(self, network: Network) -> None:
        count = len(network.activities)
        level = [0] * count
        for position in range(count):  # the network's order is topological
            for before, _, _ in network.incoming[position]:
                level[position] = max(level[position], level[before] + 1)
        indegree = [len(edges) for edges in network.incoming]
        self.count = count
        self.order: IndexArray = np.lexsort(
            (np.arange(count), -np.asarray(indegree), np.asarray(level))
        ).astype(np.intp)
        self.rank: IndexArray = np.empty(count, dtype=np.intp)
        self.rank[self.order] = np.arange(count)
        bounds = np.searchsorted(np.asarray(level)[self.order], np.arange(max(level) + 2))
        self.slices = [(int(bounds[k]), int(bounds[k + 1])) for k in range(len(bounds) - 1)]
        activities = network.activities
        self.low = np.array([activities[p].optimistic for p in self.order], dtype=np.float64)
        self.mode = np.array([activities[p].most_likely for p in self.order], dtype=np.float64)
        self.high = np.array([activities[p].pessimistic for p in self.order], dtype=np.float64)
        self.width = (self.high - self.low)[self.rank]
        self.offset = self.low.astype(np.float32)[:, None]
        self.scale = (self.high - self.low).astype(np.float32)[:, None]
        uncertain = [int(row) for row in self.rank if self.high[row] > self.low[row]]
        spans = [(self.mode[r] - self.low[r]) / (self.high[r] - self.low[r]) for r in uncertain]
        self.pert = [
            (row, 1 + PERT_LAMBDA * span, 1 + PERT_LAMBDA * (1 - span))
            for row, span in zip(uncertain, spans, strict=True)
        ]
        self.triangular = list(zip(uncertain, spans, strict=True))
        self.expected = np.array([a.expected for a in activities], dtype=np.float64)
        self.forward = [self._level(network, s, e, forward=True) for s, e in self.slices]
        self.backward = [self._level(network, s, e, forward=False) for s, e in self.slices]

    def _level(self, network: Network, start: int, end: int, *, forward: bool) -> _Level:
        count = self.count
        edges = network.incoming if forward else network.outgoing
        linked = [
            (row - start, edges[int(self.order[row])])
            for row in range(start, end)
            if edges[int(self.order[row])]
        ]
        linked.sort(key=lambda item: -len(item[1]))  # stable: row order among equals
        slots: list[_Slot] = []
        for k in range(len(linked[0][1]) if linked else 0):
            rows: list[int] = []
            lags: list[float] = []
            adjust_links: list[int] = []
            adjust_rows: list[int] = []
            for local, links in linked:
                if len(links) <= k:
                    break
                other, kind, lag = links[k]
                if forward:  # the link bounds this one's finish, or starts at the other's finish
                    adjust = kind.to_finish
                    finish = kind.from_finish
                else:  # the link starts at this one's start, or bounds the other's finish
                    adjust = not kind.from_finish
                    finish = kind.to_finish
                if adjust:
                    adjust_links.append(len(rows))
                    adjust_rows.append(start + local)
                rows.append(int(self.rank[other]) + (count if finish else 0))
                lags.append(lag)
            slots.append(_Slot(rows, lags, adjust_links, adjust_rows))
        return _Level([local for local, _ in linked], slots, end - start)

    def passes(self, durations: Float32Array | Float64Array) -> tuple[Float64Array, IndexArray]:
        """Forward and backward passes over one block (rows x iterations): the finish of each
        iteration and, per row, the number of iterations in which it was critical."""
        count, size = durations.shape
        # ES rows, then EF rows, then LF rows; the backward pass needs no EF, so it writes LS
        # over them: `early` is ES and EF, `late` LS and LF.
        times = np.empty((3 * count, size), dtype=np.float64)
        early, late = times[: 2 * count], times[count:]
        for (start, end), level in zip(self.slices, self.forward, strict=True):
            starts = early[start:end]
            if level.slots:
                latest = level.bound(early, durations, forward=True)
                np.maximum(latest, 0.0, out=latest)  # nothing starts before the plan
                if level.everyone:
                    starts[...] = latest
                else:
                    starts.fill(0.0)
                    starts[level.targets] = latest
            else:
                starts.fill(0.0)
            np.add(starts, durations[start:end], out=early[count + start : count + end])
        finish = early[count:].max(axis=0)
        for (start, end), level in zip(reversed(self.slices), reversed(self.backward), strict=True):
            finishes = late[count + start : count + end]
            if level.slots:
                earliest = level.bound(late, durations, forward=False)
                np.minimum(earliest, finish, out=earliest)  # nothing finishes after the plan
                if level.everyone:
                    finishes[...] = earliest
                else:
                    finishes[...] = finish
                    finishes[level.targets] = earliest
            else:
                finishes[...] = finish
            np.subtract(finishes, durations[start:end], out=late[start:end])
        total_float = late[:count]
        total_float -= early[:count]
        critical = np.count_nonzero(total_float <= CRITICAL_FLOAT, axis=1)
        return finish, np.asarray(critical, dtype=np.intp)


# --- blocks of iterations --------------------------------------------------------------------


def _streams(iterations: int, seed: int) -> tuple[list[np.random.SeedSequence], list[int]]:
    """One independent random stream per block of iterations, and each block's size."""
    sizes = [
        min(BLOCK_ITERATIONS, iterations - start)
        for start in range(0, iterations, BLOCK_ITERATIONS)
    ]
    return np.random.SeedSequence(seed).spawn(len(sizes)), sizes


def _draw(
    plan: _Plan, stream: np.random.SeedSequence, size: int, kind: Distribution
) -> Float32Array:
    """One block's durations (rows x block, float32) from its own stream: a draw on [0, 1]
    for each uncertain activity in the network's order, then a + (b - a) x draw for all."""
    generator = np.random.Generator(np.random.PCG64(stream))
    durations = np.zeros((plan.count, size), dtype=np.float32)
    if kind is Distribution.PERT:
        for row, alpha, beta in plan.pert:
            durations[row] = generator.beta(alpha, beta, size)
    else:
        for row, mode in plan.triangular:
            durations[row] = generator.triangular(0.0, mode, 1.0, size)
    durations *= plan.scale
    durations += plan.offset
    return durations


@dataclass(frozen=True)
class _Shifts:
    """Subtracted before the sums of squares and products are taken (each activity's expected
    duration, the expected-duration finish), so that they stay exact enough in float32 within
    a block and float64 across blocks."""

    durations: Float32Array
    finish: float


@dataclass(frozen=True)
class _Block:
    """What a block of iterations adds up to: each iteration's finish, each row's count of
    critical iterations, and the shifted sums for the correlations."""

    finish: Float64Array
    critical: IndexArray
    sum: Float64Array
    squares: Float64Array
    products: Float64Array
    finish_sum: float
    finish_squares: float

    def merge(self, other: _Block) -> _Block:
        return _Block(
            other.finish,
            self.critical + other.critical,
            self.sum + other.sum,
            self.squares + other.squares,
            self.products + other.products,
            self.finish_sum + other.finish_sum,
            self.finish_squares + other.finish_squares,
        )

    def correlation(self, n: int) -> Float64Array:
        """Pearson's r of each row's duration with the finish, 0 where either is constant."""
        mean = self.sum / n
        finish_mean = self.finish_sum / n
        covariance = self.products / n - mean * finish_mean
        variance = np.maximum(self.squares / n - mean * mean, 0.0)
        finish_variance = max(self.finish_squares / n - finish_mean * finish_mean, 0.0)
        scale = np.sqrt(variance * finish_variance)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where(scale > 0, covariance / scale, 0.0)
        return np.asarray(np.clip(result, -1.0, 1.0), dtype=np.float64)


def _simulate_block(
    plan: _Plan, stream: np.random.SeedSequence, size: int, kind: Distribution, shifts: _Shifts
) -> _Block:
    """Draw one block's durations, run both passes, and sum what the summaries need."""
    durations = _draw(plan, stream, size, kind)
    finish, critical = plan.passes(durations)
    durations -= shifts.durations
    other = (finish - shifts.finish).astype(np.float32)
    return _Block(
        finish,
        critical,
        durations.sum(axis=1, dtype=np.float64),
        np.einsum("ij,ij->i", durations, durations, dtype=np.float64),
        np.einsum("ij,j->i", durations, other, dtype=np.float64),
        float(other.sum(dtype=np.float64)),
        float(np.dot(other.astype(np.float64), other.astype(np.float64))),
    )


# --- summaries -------------------------------------------------------------------------------


def _summarise(
    finishes: Float64Array,
    seed: int,
    kind: Distribution,
    deterministic: float,
    network: Network,
    criticality: Float64Array,
    sensitivity: list[float],
) -> ScheduleSimulation:
    count = finishes.shape[0]
    ordered = np.sort(finishes)
    p50, p80, p90 = (
        float(q) for q in np.percentile(ordered, (50.0, 80.0, 90.0), method=PERCENTILE_METHOD)
    )
    counts, edges = np.histogram(ordered, bins=HISTOGRAM_BINS)
    picks = np.unique(np.linspace(0, count - 1, min(count, S_CURVE_POINTS)).round().astype(int))
    curve = tuple(FinishPoint(float(ordered[k]), (int(k) + 1) / count) for k in picks.tolist())
    return ScheduleSimulation(
        iterations=count,
        seed=seed,
        distribution=kind,
        mean=float(ordered.mean()),
        standard_deviation=float(ordered.std(ddof=1)) if count > 1 else 0.0,
        p50=p50,
        p80=p80,
        p90=p90,
        deterministic_finish=deterministic,
        histogram_counts=tuple(int(c) for c in counts),
        histogram_edges=tuple(float(e) for e in edges),
        s_curve=curve,
        activities=tuple(
            ActivityRisk(activity.id, float(index), float(correlation))
            for activity, index, correlation in zip(
                network.activities, criticality.tolist(), sensitivity, strict=True
            )
        ),
    )


def _check_run(
    network: Network, iterations: int, seed: int, distribution: Distribution | str
) -> Distribution:
    if not network.activities:
        raise Invalid("The plan has no activities to simulate; add at least one.")
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        message = "The number of iterations must be a whole number."
        raise Invalid(message, {"iterations": [message]})
    if not 1 <= iterations <= MAX_ITERATIONS:
        message = (
            f"The number of iterations must be from 1 to {MAX_ITERATIONS:,}; "
            f"{iterations:,} was given."
        )
        raise Invalid(message, {"iterations": [message]})
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        message = f"The seed must be a whole number of 0 or more; {seed!r} was given."
        raise Invalid(message, {"seed": [message]})
    try:
        return Distribution(distribution)
    except ValueError:
        message = (
            f"The distribution must be {Distribution.PERT.value!r} or "
            f"{Distribution.TRIANGULAR.value!r}; {distribution!r} was given."
        )
        raise Invalid(message, {"distribution": [message]}) from None


__all__ = [
    "CRITICAL_FLOAT",
    "PERT_LAMBDA",
    "ActivityRisk",
    "Distribution",
    "FinishPoint",
    "ScheduleSimulation",
    "sample_durations",
    "simulate_schedule",
]
