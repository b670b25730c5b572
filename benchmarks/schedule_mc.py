"""How fast govdx.domain.planning.simulate_schedule runs, against a per-iteration Python loop.

Workload: a seeded random layered plan of 5,000 activities (50 layers of 100) with about
8,000 dependencies, mostly finish-to-start, some start-to-start and finish-to-finish, a few
with lags; three-point durations (beta-PERT) for all but a handful of zero-length milestones;
10,000 iterations.

Baseline: the same simulation as a straightforward plain Python loop: for each iteration, a
forward and a backward pass activity by activity over the same links, then the critical
activities. It would take minutes at full size, so it runs fewer iterations and its time is
scaled linearly to the full count; the output says so. It is fed exactly the durations the
kernel draws for those iterations and that seed (`sample_durations`), so the two must agree on
P50, P80 and every criticality index to rounding. The baseline's time leaves out drawing the
durations, the kernel's includes it, so the ratio understates the kernel. The script exits
non-zero only if they do not agree, never on timing.

    .venv/bin/python benchmarks/schedule_mc.py [--activities 5000] [--dependencies 8000]
        [--iterations 10000] [--baseline-iterations 200] [--seed 20260401] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys

import numpy as np
from measure import peak_memory, timed

from govdx.domain.planning.network import Activity, Dependency, Link, Network, build_network
from govdx.domain.planning.simulation import (
    BLOCK_ITERATIONS,
    CRITICAL_FLOAT,
    ScheduleSimulation,
    sample_durations,
    simulate_schedule,
)

LAYERS = 50
AGREEMENT = 1e-6  # working days: float32 durations summed in float64 by both


def make_plan(activities: int, dependencies: int, seed: int) -> Network:
    """A layered plan: each activity after the first layer depends on one or more activities
    in the few layers before it, so the network is wide and about `LAYERS` levels deep."""
    draw = random.Random(seed)
    width = activities // LAYERS
    listed = []
    for n in range(activities):
        if draw.random() < 0.02:
            listed.append(Activity.single(f"M{n:05d}", 0, milestone=True))
            continue
        most_likely = draw.uniform(2, 20)
        low = most_likely * draw.uniform(0.6, 0.95)
        high = most_likely * draw.uniform(1.1, 2.5)
        listed.append(Activity(f"A{n:05d}", round(low, 1), round(most_likely, 1), round(high, 1)))
    links: set[tuple[int, int]] = set()
    later = range(width, activities)
    for successor in later:  # every activity after the first layer has a predecessor
        layer = successor // width
        links.add((_earlier(draw, layer, width), successor))
    while len(links) < dependencies:
        successor = draw.choice(later)
        links.add((_earlier(draw, successor // width, width), successor))
    kinds = [Link.FINISH_TO_START] * 16 + [Link.START_TO_START] * 2 + [Link.FINISH_TO_FINISH] * 2
    dependencies_listed = []
    for predecessor, successor in sorted(links):
        kind = draw.choice(kinds)
        lag = 0.0 if draw.random() < 0.8 else float(draw.randint(-2, 5))
        dependencies_listed.append(
            Dependency(listed[predecessor].id, listed[successor].id, kind, lag)
        )
    return build_network(listed, dependencies_listed)


def _earlier(draw: random.Random, layer: int, width: int) -> int:
    back = min(layer, draw.choice((1, 1, 1, 2, 3)))
    return (layer - back) * width + draw.randrange(width)


def baseline(network: Network, durations: np.ndarray) -> tuple[list[float], list[int]]:
    """Iteration by iteration, activity by activity: the textbook critical path method."""
    count, iterations = durations.shape
    incoming, outgoing = network.incoming, network.outgoing
    finishes: list[float] = []
    critical = [0] * count
    for iteration in range(iterations):
        duration = [float(value) for value in durations[:, iteration].tolist()]
        early_start = [0.0] * count
        early_finish = [0.0] * count
        for j in range(count):
            start = 0.0
            for i, kind, lag in incoming[j]:
                if kind is Link.FINISH_TO_START:
                    start = max(start, early_finish[i] + lag)
                elif kind is Link.START_TO_START:
                    start = max(start, early_start[i] + lag)
                elif kind is Link.FINISH_TO_FINISH:
                    start = max(start, early_finish[i] + lag - duration[j])
                else:
                    start = max(start, early_start[i] + lag - duration[j])
            early_start[j] = start
            early_finish[j] = start + duration[j]
        finish = max(early_finish)
        late_start = [0.0] * count
        late_finish = [0.0] * count
        for i in reversed(range(count)):
            end = finish
            for j, kind, lag in outgoing[i]:
                if kind is Link.FINISH_TO_START:
                    end = min(end, late_start[j] - lag)
                elif kind is Link.START_TO_START:
                    end = min(end, late_start[j] - lag + duration[i])
                elif kind is Link.FINISH_TO_FINISH:
                    end = min(end, late_finish[j] - lag)
                else:
                    end = min(end, late_finish[j] - lag + duration[i])
            late_finish[i] = end
            late_start[i] = end - duration[i]
            if late_start[i] - early_start[i] <= CRITICAL_FLOAT:
                critical[i] += 1
        finishes.append(finish)
    return finishes, critical


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--activities", type=int, default=5_000)
    parser.add_argument("--dependencies", type=int, default=8_000)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--baseline-iterations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260401)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    arguments = parser.parse_args()
    network = make_plan(arguments.activities, arguments.dependencies, arguments.seed)
    iterations, small, seed = arguments.iterations, arguments.baseline_iterations, arguments.seed
    count = len(network.activities)

    def simulate() -> ScheduleSimulation:
        return simulate_schedule(network, iterations=iterations, seed=seed)

    runs = [timed(simulate)[0] for _ in range(arguments.repeat)]
    ours = min(runs)
    our_peak = peak_memory(simulate)

    kernel_small = simulate_schedule(network, iterations=small, seed=seed)
    durations = sample_durations(network, iterations=small, seed=seed)
    base_time, (base_finishes, base_critical) = timed(lambda: baseline(network, durations))
    scaled = base_time * iterations / small
    base_p50, base_p80 = (float(q) for q in np.percentile(base_finishes, (50.0, 80.0)))
    criticality_apart = max(
        abs(activity.criticality - critical / small)
        for activity, critical in zip(kernel_small.activities, base_critical, strict=True)
    )
    links = len(network.dependencies)
    kinds = {kind: sum(d.kind is kind for d in network.dependencies) for kind in Link}
    uncertain = sum(a.optimistic < a.pessimistic for a in network.activities)
    print(
        f"plan: {count:,} activities ({uncertain:,} three-point beta-PERT, "
        f"{count - uncertain:,} fixed), {links:,} dependencies "
        f"({', '.join(f'{kind.value} {number:,}' for kind, number in kinds.items())}), "
        f"{sum(d.lag != 0 for d in network.dependencies):,} with lags; seed {seed}"
    )
    print(
        f"govdx simulate_schedule: {iterations:,} iterations in {ours:.3f} s (best of "
        f"{len(runs)}: {', '.join(f'{run:.3f}' for run in runs)} s), "
        f"{iterations * count / ours:,.0f} iterations x activities/s, peak "
        f"{our_peak / 2**20:.1f} MiB (tracemalloc; blocks of {BLOCK_ITERATIONS} iterations)"
    )
    print(
        f"baseline plain Python loop: {small:,} iterations in {base_time:.3f} s, "
        f"{small * count / base_time:,.0f} iterations x activities/s (given the drawn "
        "durations: its time leaves out drawing them, govdx's includes it)"
    )
    print(
        f"baseline scaled linearly to {iterations:,} iterations (not run at full size): "
        f"{scaled:.1f} s"
    )
    print(f"ratio (baseline / govdx time for {iterations:,} iterations): {scaled / ours:,.0f}x")
    result = simulate()
    print(
        f"govdx at {iterations:,}: mean {result.mean:.2f}, P50 {result.p50:.2f}, P80 "
        f"{result.p80:.2f}, P90 {result.p90:.2f} working days (expected-duration CPM "
        f"{result.deterministic_finish:.2f})"
    )
    print(
        f"same {small:,} iterations and durations: P50 govdx {kernel_small.p50:.6f} baseline "
        f"{base_p50:.6f}; P80 govdx {kernel_small.p80:.6f} baseline {base_p80:.6f}; largest "
        f"criticality difference {criticality_apart:g}"
    )
    apart = max(abs(kernel_small.p50 - base_p50), abs(kernel_small.p80 - base_p80))
    if apart > AGREEMENT or criticality_apart > 0:
        sys.exit(
            f"INCONSISTENT: govdx and the baseline differ by {apart:g} working days on P50/P80 "
            f"and {criticality_apart:g} on a criticality index, on the same durations"
        )
    print("consistent: same P50, P80 and criticality indices on the same durations")


if __name__ == "__main__":
    main()
