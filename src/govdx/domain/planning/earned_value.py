"""Earned value management: planned value, earned value and actual cost, their variances and
indices, and the estimate at completion, for activities rolled up to a project and to a
portfolio of projects.

The measures are those of the PMBOK Guide (PMI, 6th ed., §7.4.2.2) and the Association for
Project Management's *Earned Value Handbook* (2nd ed., 2013):

    SV = EV - PV      SPI = EV / PV
    CV = EV - AC      CPI = EV / AC
    EAC = BAC / CPI   VAC = BAC - EAC      ETC = EAC - AC

Money is integer minor units (pence) in and out, so sums are exact. The indices are
`Decimal`, worked to 28 significant digits in a local context, so that an index of exactly 1
is 1 and a threshold such as 0.95 compares as written, with no binary-float residue. The
estimate at completion is money, so it is rounded to a whole minor unit (half to even), and it
is worked exactly, as the fraction BAC x AC / EV, rather than from a rounded CPI; so are earned
and planned value. A measure whose divisor
is zero (no planned value yet, nothing spent, nothing earned) is None, not infinity.

Roll-up adds the money first and works the ratios from the sums. The ratio of sums is the
mean of the parts' ratios weighted by their money (the CPI of a programme is the mean of its
projects' CPIs weighted by actual cost), so a £1,000 task running late does not count for as
much as a £1,000,000 one; averaging the ratios would. It also keeps the roll-up consistent:
the variances of the whole are the sums of the parts' variances, and rolling up projects gives
the same answer as rolling up all their activities at once.

    project = earned_value([ActivityProgress("A", budget=100_000, planned_value=100_000,
                                              percent_complete=50, actual_cost=60_000)])
    project.cost_performance_index      # Decimal('0.8333…')
    portfolio = roll_up([project, other_project])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from govdx.domain.errors import Invalid

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class ActivityProgress:
    """An activity at the status date: its budget (BAC), the value planned to be done by then
    (PV), how much of it is done (percent 0-100) and what it has cost (AC). Money in minor
    units."""

    id: str
    budget: int
    planned_value: int
    percent_complete: Decimal | int
    actual_cost: int

    @property
    def earned_value(self) -> int:
        """Budget x percent complete, to the nearest minor unit (half to even)."""
        return round(self.budget * Fraction(self.percent_complete) / 100)


@dataclass(frozen=True)
class EarnedValue:
    """Earned value figures for an activity, a project or a portfolio: the four amounts in
    minor units, and the measures worked from them."""

    budget_at_completion: int
    planned_value: int
    earned_value: int
    actual_cost: int

    @property
    def schedule_variance(self) -> int:
        return self.earned_value - self.planned_value

    @property
    def cost_variance(self) -> int:
        return self.earned_value - self.actual_cost

    @property
    def schedule_performance_index(self) -> Decimal | None:
        return _ratio(self.earned_value, self.planned_value)

    @property
    def cost_performance_index(self) -> Decimal | None:
        return _ratio(self.earned_value, self.actual_cost)

    @property
    def estimate_at_completion(self) -> int | None:
        """BAC / CPI, i.e. BAC x AC / EV: the budget at the cost efficiency so far. None where
        nothing has been spent or nothing earned."""
        if self.actual_cost == 0 or self.earned_value == 0:
            return None
        return round(Fraction(self.budget_at_completion * self.actual_cost, self.earned_value))

    @property
    def estimate_to_complete(self) -> int | None:
        estimate = self.estimate_at_completion
        return None if estimate is None else estimate - self.actual_cost

    @property
    def variance_at_completion(self) -> int | None:
        estimate = self.estimate_at_completion
        return None if estimate is None else self.budget_at_completion - estimate


def planned_value(budget: int, start: float, finish: float, status: float) -> int:
    """The value planned to be done by working day `status` for an activity scheduled from
    working day `start` to `finish` (the schedule's offsets, the finish exclusive), its budget
    spread evenly over its days (linear accrual), to the nearest minor unit. A milestone
    (start = finish) is worth its whole budget once the status reaches it."""
    if finish < start:
        raise Invalid("An activity cannot finish before it starts.")
    if status >= finish:
        return budget
    if status <= start:
        return 0
    return round(
        budget * (Fraction(status) - Fraction(start)) / (Fraction(finish) - Fraction(start))
    )


def earned_value(activities: Iterable[ActivityProgress]) -> EarnedValue:
    """Earned value for a project from its activities: each activity's earned value is its
    budget x percent complete (the percent-complete method), then the amounts are summed."""
    listed = list(activities)
    problems: dict[str, list[str]] = {}
    for activity in listed:
        if not 0 <= activity.percent_complete <= 100:
            problems[activity.id] = ["Percent complete must be between 0 and 100."]
        elif min(activity.budget, activity.planned_value, activity.actual_cost) < 0:
            problems[activity.id] = ["Budget, planned value and actual cost cannot be negative."]
    if problems:
        first = next(iter(problems))
        raise Invalid(f"Activity {first}: {problems[first][0]}", problems)
    return EarnedValue(
        budget_at_completion=sum(a.budget for a in listed),
        planned_value=sum(a.planned_value for a in listed),
        earned_value=sum(a.earned_value for a in listed),
        actual_cost=sum(a.actual_cost for a in listed),
    )


def roll_up(parts: Iterable[EarnedValue]) -> EarnedValue:
    """Earned value for a portfolio from its projects (or a project from its work packages):
    the amounts summed, the measures then worked from the sums (see the module docstring)."""
    listed = list(parts)
    return EarnedValue(
        budget_at_completion=sum(p.budget_at_completion for p in listed),
        planned_value=sum(p.planned_value for p in listed),
        earned_value=sum(p.earned_value for p in listed),
        actual_cost=sum(p.actual_cost for p in listed),
    )


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    if denominator == 0:
        return None
    return _CONTEXT.divide(Decimal(numerator), Decimal(denominator))
