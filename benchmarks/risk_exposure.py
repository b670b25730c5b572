"""How fast govdx.domain.risk.simulate_exposure runs, against a plain Python loop.

Workload: a seeded register of 1,000 risks, half with three-point costs (beta-PERT) and half with
90% intervals (lognormal), annual probabilities drawn uniformly from 0.01 to 0.5; 100,000
simulated years.

Baseline: the same maths as a plain Python loop over years and risks with the `random` module
(`random.random`, `betavariate`, `lognormvariate`). It would take minutes at full size, so it
runs a smaller number of years and its time is scaled linearly to the full count; the output
says so. The two must agree on the expected annual loss within sampling error (and with the
exact figure, sum of p x mean cost); the script exits non-zero only if they do not, never on
timing.

    .venv/bin/python benchmarks/risk_exposure.py [--risks 1000] [--iterations 100000]
        [--baseline-iterations 5000] [--seed 20260401] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
from collections.abc import Sequence

from measure import peak_memory, timed

from govdx.domain.risk import (
    ExposureResult,
    IntervalCost,
    QuantifiedRisk,
    ThreePointCost,
    expected_loss,
    simulate_exposure,
)
from govdx.domain.risk.exposure import PERT_LAMBDA

AGREEMENT = 4.0  # standard errors: a seeded run this far apart means the maths differ


def make_register(count: int, seed: int) -> list[QuantifiedRisk]:
    """Realistic-looking risks: costs from thousands to a few million pounds."""
    draw = random.Random(seed)
    risks = []
    for n in range(count):
        probability = draw.uniform(0.01, 0.5)
        cost: ThreePointCost | IntervalCost
        if n % 2 == 0:
            low = draw.uniform(5_000, 200_000)
            most_likely = low * draw.uniform(1.2, 3.0)
            cost = ThreePointCost(low, most_likely, most_likely * draw.uniform(1.5, 5.0))
        else:
            p5 = draw.uniform(5_000, 200_000)
            cost = IntervalCost(p5, p5 * draw.uniform(3.0, 30.0))
        risks.append(QuantifiedRisk(f"R{n + 1:04d}", probability, cost))
    return risks


def baseline(risks: Sequence[QuantifiedRisk], iterations: int, seed: int) -> list[float]:
    """Year by year, risk by risk: the textbook loop, with the same distributions."""
    draw = random.Random(seed)
    plan = []
    for risk in risks:
        cost = risk.cost
        if isinstance(cost, IntervalCost):
            plan.append((risk.probability, False, cost.mu, cost.sigma, 0.0, 0.0))
        elif cost.high == cost.low:
            plan.append((risk.probability, True, 1.0, 1.0, cost.low, 0.0))
        else:
            width = cost.high - cost.low
            alpha = 1 + PERT_LAMBDA * (cost.most_likely - cost.low) / width
            beta = 1 + PERT_LAMBDA * (cost.high - cost.most_likely) / width
            plan.append((risk.probability, True, alpha, beta, cost.low, width))
    losses = []
    for _ in range(iterations):
        total = 0.0
        for probability, pert, first, second, low, width in plan:
            if draw.random() < probability:
                if not pert:
                    total += draw.lognormvariate(first, second)
                elif width:
                    total += low + width * draw.betavariate(first, second)
                else:
                    total += low
        losses.append(total)
    return losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=1_000)
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--baseline-iterations", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20260401)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is kept")
    arguments = parser.parse_args()
    risks = make_register(arguments.risks, arguments.seed)
    iterations, small = arguments.iterations, arguments.baseline_iterations

    def simulate() -> ExposureResult:
        return simulate_exposure(risks, iterations, arguments.seed)

    first, result = timed(simulate)
    runs = [first] + [timed(simulate)[0] for _ in range(arguments.repeat - 1)]
    ours = min(runs)
    our_peak = peak_memory(simulate)

    base_time, base_losses = timed(lambda: baseline(risks, small, arguments.seed))
    base_peak = peak_memory(lambda: baseline(risks, small, arguments.seed))
    scaled = base_time * iterations / small

    exact = math.fsum(expected_loss(risk) for risk in risks)
    base_mean = statistics.fmean(base_losses)
    base_error = statistics.stdev(base_losses) / math.sqrt(small) if small > 1 else math.inf
    combined = math.hypot(result.standard_error, base_error)
    apart = abs(result.expected_annual_loss - base_mean) / combined
    from_exact = abs(result.expected_annual_loss - exact) / (result.standard_error or math.inf)

    pert = sum(isinstance(risk.cost, ThreePointCost) for risk in risks)
    print(
        f"risks: {len(risks):,} ({pert:,} three-point beta-PERT, {len(risks) - pert:,} "
        f"lognormal 90% intervals), annual probabilities 0.01-0.5, seed {arguments.seed}"
    )
    print(
        f"govdx simulate_exposure: {iterations:,} iterations in {ours:.3f} s "
        f"(best of {len(runs)}: {', '.join(f'{run:.3f}' for run in runs)} s), "
        f"{iterations / ours:,.0f} iterations/s, peak {our_peak / 2**20:.1f} MiB"
    )
    print(
        f"baseline plain Python loop (random module): {small:,} iterations in "
        f"{base_time:.3f} s, {small / base_time:,.0f} iterations/s, peak "
        f"{base_peak / 2**20:.1f} MiB at {small:,} iterations"
    )
    print(
        f"baseline scaled linearly to {iterations:,} iterations (not run at full size): "
        f"{scaled:.1f} s"
    )
    print(f"ratio (baseline / govdx time for {iterations:,} iterations): {scaled / ours:,.0f}x")
    print(
        f"expected annual loss: govdx {result.expected_annual_loss:,.0f} "
        f"(standard error {result.standard_error:,.0f}), baseline {base_mean:,.0f} "
        f"(standard error {base_error:,.0f}), exact {exact:,.0f}"
    )
    print(
        f"govdx P50 {result.p50:,.0f}, P80 {result.p80:,.0f}, P95 {result.p95:,.0f}, "
        f"VaR 99 {result.var_99:,.0f}, ES 99 {result.expected_shortfall_99:,.0f}"
    )
    if apart > AGREEMENT or from_exact > AGREEMENT:
        sys.exit(
            f"INCONSISTENT: govdx and the baseline differ by {apart:.1f} standard errors, "
            f"govdx and the exact mean by {from_exact:.1f}; more than {AGREEMENT:g} means the "
            "two implementations do not compute the same thing"
        )
    print(
        f"consistent: govdx is {apart:.1f} standard errors from the baseline and "
        f"{from_exact:.1f} from the exact mean"
    )


if __name__ == "__main__":
    main()
