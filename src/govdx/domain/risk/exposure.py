"""Quantified exposure: a Monte Carlo of the register's total loss in a year.

Method: each risk occurs in a simulated year with its annual probability p (Bernoulli), and
when it occurs costs a draw from its impact distribution; the year's loss is the sum. Impacts:

- three points (low a, most likely m, high b): beta-PERT with lambda = 4,
  alpha = 1 + 4(m - a)/(b - a), beta = 1 + 4(b - m)/(b - a), cost = a + (b - a) Beta(alpha,
  beta), mean (a + 4m + b)/6 (Malcolm et al. 1959; Vose, "Risk Analysis", 3rd ed., 2008,
  ch. 9); a fixed cost when a == b;
- a 90% interval (5th and 95th percentiles p5, p95): lognormal with mu = (ln p5 + ln p95)/2
  and sigma = (ln p95 - ln p5)/(2 x 1.6448536), 1.6448536 being the standard normal's 95th
  percentile (Hubbard, "How to Measure Anything in Cybersecurity Risk", 2016, ch. 3).

Summaries of the simulated total: mean (expected annual loss), P50, P80, P95, VaR 99 (the
99th percentile), expected shortfall 99 (the mean of the losses at or above VaR 99), and the
loss exceedance curve (Hubbard, ch. 3). Percentiles are numpy's default, linear interpolation
between order statistics.

Vectorised with numpy: the loop runs over risks (and blocks of iterations), never over
iterations. For each risk and block the number of years it occurs in is drawn from the
binomial distribution, those years are chosen uniformly without replacement, and a cost is
drawn for each of them only: exactly independent Bernoulli occurrence per year, with costs
drawn only where the risk occurs. Memory is the loss of every iteration (8 bytes each) and a
few arrays the size of one block. Random numbers come from numpy's PCG64: the caller's seed
is split (`SeedSequence.spawn`) into `STREAMS` independent streams, each simulating its share
of the risks in a thread of its own (numpy releases the GIL while it draws), and the shares
are added in a fixed order, so a seed always gives the same result.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from govdx.domain.errors import Invalid

NORMAL_95TH_PERCENTILE = 1.6448536269514722
"""z such that P(Z <= z) = 0.95 for a standard normal Z."""

PERT_LAMBDA = 4.0
MAX_ITERATIONS = 10_000_000
BLOCK_ITERATIONS = 100_000
"""Iterations simulated together; bounds the working memory of one block to a few MB."""
STREAMS = 4
"""Independent random streams, each simulating every STREAMS-th risk in its own thread.

Fixed, not the number of processors, so a seed gives the same result on every machine."""

PERCENTILES = (50.0, 80.0, 95.0, 99.0)


@dataclass(frozen=True)
class ThreePointCost:
    """A cost given as low, most likely and high (beta-PERT)."""

    low: float
    most_likely: float
    high: float

    @property
    def mean(self) -> float:
        """(a + 4m + b) / 6."""
        return (self.low + PERT_LAMBDA * self.most_likely + self.high) / (PERT_LAMBDA + 2)


@dataclass(frozen=True)
class IntervalCost:
    """A cost given as a 90% interval: its 5th and 95th percentiles (lognormal)."""

    p5: float
    p95: float

    @property
    def mu(self) -> float:
        return (math.log(self.p5) + math.log(self.p95)) / 2

    @property
    def sigma(self) -> float:
        return (math.log(self.p95) - math.log(self.p5)) / (2 * NORMAL_95TH_PERCENTILE)

    @property
    def mean(self) -> float:
        """exp(mu + sigma^2 / 2)."""
        return math.exp(self.mu + self.sigma**2 / 2)


@dataclass(frozen=True)
class QuantifiedRisk:
    """A risk with an annual probability and a cost; building a broken one raises `Invalid`
    naming the risk's reference and what to correct."""

    reference: str
    probability: float
    cost: ThreePointCost | IntervalCost

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem is not None:
            field, message = problem
            text = f"Risk {self.reference}: {message}"
            raise Invalid(text, {field: [text]})


@dataclass(frozen=True)
class ExceedancePoint:
    """The probability that the year's total loss is more than `loss`."""

    loss: float
    probability: float


@dataclass(frozen=True)
class ExposureResult:
    """The simulated distribution of the total annual loss.

    `standard_error` is that of `expected_annual_loss` (sample standard deviation / sqrt(n)).
    `probability_above_tolerance` is P(loss > `loss_tolerance`), when a tolerance was given.
    """

    iterations: int
    seed: int
    expected_annual_loss: float
    standard_error: float
    p50: float
    p80: float
    p95: float
    var_99: float
    expected_shortfall_99: float
    exceedance_curve: tuple[ExceedancePoint, ...]
    loss_tolerance: float | None = None
    probability_above_tolerance: float | None = None


def expected_loss(risk: QuantifiedRisk) -> float:
    """The risk's expected annual loss, exactly: p x the mean of its cost distribution."""
    return risk.probability * risk.cost.mean


def simulate_exposure(
    risks: Sequence[QuantifiedRisk],
    iterations: int,
    seed: int,
    *,
    loss_tolerance: float | None = None,
    curve_points: int = 50,
) -> ExposureResult:
    """Monte Carlo of the total annual loss over `risks` (method in the module docstring).

    `iterations` simulated years, from numpy's PCG64 seeded with `seed`. The exceedance curve
    has `curve_points` points: loss 0 (the chance of any loss at all), then losses spaced
    evenly on a log scale from the smallest to the largest simulated loss above 0.
    """
    _check_run(iterations, seed, loss_tolerance, curve_points)
    shares = _shares(tuple(risks))
    generators = [
        np.random.Generator(np.random.PCG64(stream))
        for stream in np.random.SeedSequence(seed).spawn(STREAMS)
    ]
    losses = np.zeros(iterations, dtype=np.float64)
    buffers = [np.empty(min(iterations, BLOCK_ITERATIONS)) for _ in range(STREAMS)]
    with ThreadPoolExecutor(max_workers=STREAMS) as pool:
        for start in range(0, iterations, BLOCK_ITERATIONS):
            size = min(BLOCK_ITERATIONS, iterations - start)

            def simulate(stream: int, size: int = size) -> None:
                buffer = buffers[stream][:size]
                buffer.fill(0.0)
                _simulate_block(buffer, shares[stream], generators[stream])

            list(pool.map(simulate, range(STREAMS)))
            block = losses[start : start + size]
            for buffer in buffers:  # always in the same order, so the sums are reproducible
                block += buffer[:size]
    return _summarise(losses, seed, loss_tolerance, curve_points)


def _shares(risks: tuple[QuantifiedRisk, ...]) -> list[tuple[QuantifiedRisk, ...]]:
    """The risks dealt round-robin into `STREAMS` shares of about equal work."""
    return [risks[stream::STREAMS] for stream in range(STREAMS)]


def _simulate_block(
    block: npt.NDArray[np.float64], risks: Sequence[QuantifiedRisk], generator: np.random.Generator
) -> None:
    """Add each risk's losses into `block`, one row of years, in place."""
    size = block.shape[0]
    for risk in risks:
        if risk.probability <= 0.0:
            continue
        occurrences = int(generator.binomial(size, risk.probability))
        if occurrences == 0:
            continue
        costs = _costs(risk.cost, occurrences, generator)
        if occurrences == size:
            block += costs
        else:
            years = generator.choice(size, occurrences, replace=False, shuffle=False)
            block[years] += costs


def _costs(
    cost: ThreePointCost | IntervalCost, count: int, generator: np.random.Generator
) -> npt.NDArray[np.float64] | float:
    """`count` independent draws of the cost (a plain number for a fixed cost)."""
    if isinstance(cost, IntervalCost):
        draws = generator.standard_normal(count)
        draws *= cost.sigma
        draws += cost.mu
        np.exp(draws, out=draws)
        return draws
    low, high = float(cost.low), float(cost.high)
    if low == high:
        return low
    width = high - low
    alpha = 1 + PERT_LAMBDA * (cost.most_likely - low) / width
    beta = 1 + PERT_LAMBDA * (high - cost.most_likely) / width
    draws = generator.beta(alpha, beta, count)
    draws *= width
    draws += low
    return draws


def _summarise(
    losses: npt.NDArray[np.float64],
    seed: int,
    loss_tolerance: float | None,
    curve_points: int,
) -> ExposureResult:
    count = losses.shape[0]
    ordered = np.sort(losses)
    p50, p80, p95, var_99 = (float(q) for q in np.percentile(ordered, PERCENTILES))
    tail = ordered[int(np.searchsorted(ordered, var_99, side="left")) :]
    # Every loss in the tail is at least VaR 99, so their mean is too; max() keeps rounding
    # in the sum from breaking that.
    shortfall = max(float(tail.mean()), var_99) if tail.size else var_99
    mean = float(ordered.mean())
    error = float(ordered.std(ddof=1)) / math.sqrt(count) if count > 1 else 0.0
    above = None
    if loss_tolerance is not None:
        above = _exceeding(ordered, np.array([loss_tolerance]))[0]
    return ExposureResult(
        iterations=count,
        seed=seed,
        expected_annual_loss=mean,
        standard_error=error,
        p50=p50,
        p80=p80,
        p95=p95,
        var_99=var_99,
        expected_shortfall_99=shortfall,
        exceedance_curve=_exceedance_curve(ordered, curve_points),
        loss_tolerance=loss_tolerance,
        probability_above_tolerance=float(above) if above is not None else None,
    )


def _exceedance_curve(ordered: npt.NDArray[np.float64], points: int) -> tuple[ExceedancePoint, ...]:
    positive = ordered[ordered > 0]
    if positive.size == 0:
        return (ExceedancePoint(0.0, 0.0),)
    smallest, largest = float(positive[0]), float(ordered[-1])
    if smallest == largest:
        grid = np.array([0.0, largest])
    else:
        # unique(): a very narrow range can round two grid points to the same loss.
        grid = np.unique(np.concatenate(([0.0], np.geomspace(smallest, largest, points - 1))))
    probabilities = _exceeding(ordered, grid)
    return tuple(
        ExceedancePoint(float(loss), float(probability))
        for loss, probability in zip(grid, probabilities, strict=True)
    )


def _exceeding(
    ordered: npt.NDArray[np.float64], losses: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """P(total loss > each of `losses`), from the sorted simulated losses."""
    count = ordered.shape[0]
    at_or_below = np.searchsorted(ordered, losses, side="right")
    return np.asarray((count - at_or_below) / count, dtype=np.float64)


# --- validation ----------------------------------------------------------------------------


def _finite_number(value: object) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _problem(risk: QuantifiedRisk) -> tuple[str, str] | None:
    """(field, message) for the first thing wrong with the risk, or None."""
    p = risk.probability
    if not _finite_number(p) or not 0.0 <= float(p) <= 1.0:
        return "probability", f"the annual probability must be from 0 to 1; {p!r} was given."
    cost = risk.cost
    if isinstance(cost, ThreePointCost):
        points = {"low": cost.low, "most_likely": cost.most_likely, "high": cost.high}
        for name, value in points.items():
            if not _finite_number(value):
                return name, f"the {name.replace('_', ' ')} cost must be a number."
            if value < 0:
                return name, f"the {name.replace('_', ' ')} cost cannot be negative."
        if cost.low > cost.high:
            return "low", f"the low cost ({cost.low:,}) is above the high cost ({cost.high:,})."
        if not cost.low <= cost.most_likely <= cost.high:
            return (
                "most_likely",
                f"the most likely cost ({cost.most_likely:,}) must be from the low "
                f"({cost.low:,}) to the high ({cost.high:,}).",
            )
        return None
    if isinstance(cost, IntervalCost):
        for name, value in (("p5", cost.p5), ("p95", cost.p95)):
            if not _finite_number(value) or value <= 0:
                return (
                    name,
                    f"the {name[1:]}th percentile cost must be a number above 0 for a "
                    f"lognormal cost; {value!r} was given.",
                )
        if cost.p5 >= cost.p95:
            return (
                "p5",
                f"the 5th percentile cost ({cost.p5:,}) must be below the 95th "
                f"({cost.p95:,}); give a fixed cost as three equal points instead.",
            )
        return None
    return "cost", "the cost must be three points (low, most likely, high) or a 90% interval."


def _check_run(iterations: int, seed: int, loss_tolerance: float | None, points: int) -> None:
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        raise Invalid("The number of iterations must be a whole number.")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise Invalid(
            f"The number of iterations must be from 1 to {MAX_ITERATIONS:,}; "
            f"{iterations:,} was given."
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise Invalid(f"The seed must be a whole number of 0 or more; {seed!r} was given.")
    if loss_tolerance is not None and (not _finite_number(loss_tolerance) or loss_tolerance < 0):
        raise Invalid(
            f"The loss tolerance must be an amount of 0 or more; {loss_tolerance!r} was given."
        )
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= 1000:
        raise Invalid(f"The exceedance curve needs from 2 to 1000 points; {points!r} was given.")
