"""Benefits: what a project is for, planned over time, measured as it is realised, and rolled up
to the programme.

Method: a benefits register and benefit profiles in the manner of UK central government's
benefits management guidance (the HM Treasury Green Book's cashable and non-cashable benefits,
with societal benefits, those to citizens and society, counted apart). Each benefit has a
measure, a baseline (the measure before the change) and a target (the measure once the benefit
is fully realised), a start date and a target date, the milestones it depends on, and actuals:
the measure as observed on dated occasions.

- **Planned profile.** Before the start nothing is planned; from the start to the target date
  the measure moves in a straight line from baseline to target; after the target date the
  target holds. A stepped profile, when given, replaces the straight line: from each step's
  date the planned measure is that step's value, the baseline before the first step. Its last
  step must reach the target.
- **Improvement.** Planned and realised are improvements, measured from the baseline towards
  the target, so a benefit whose measure falls (calls a month down from 10,000 to 6,000) and
  one whose measure rises count the same way. Realised is the latest actual on or before the
  date minus the baseline, for a rising measure; the baseline minus it, for a falling one. It
  is negative when the measure has moved away from the target, and None when nothing has been
  measured by then.
- **Realised versus planned** is realised / planned, a `Decimal`; None where nothing is
  planned yet (before or on the start) or nothing measured.
- **Roll-up** adds money only for cashable benefits, in integer pence, exactly: the target,
  planned and realised improvements (a cashable benefit not yet measured adds nothing
  realised). Benefits of every type are counted: how many, how many achieved (realised has
  reached the target), at risk and not yet measured. Rolling up projects and then the
  programme gives the same answer as rolling up all the benefits at once.
- **At risk**: a benefit is at risk when a milestone it depends on has slipped; the caller
  says which milestones have slipped (from the schedule against its baseline).

Money is integer pence, so a cashable benefit's baseline, target, steps and actuals must be
whole numbers, and a planned amount is rounded to the nearest penny (half to even). Other
measures may be whole numbers or `Decimal`; their planned values are worked to 28 significant
digits. Binary floats are refused, so that a figure compares as written.

    saving = Benefit("B1", "Online revenues and benefits", BenefitType.CASHABLE,
                     "Postage saved a year (pence)", baseline=0, target=12_000_000,
                     start=date(2025, 4, 1), target_date=date(2026, 4, 1),
                     actuals=[Actual(date(2025, 10, 1), 5_000_000)])
    saving.planned(date(2025, 10, 1))        # 6_016_438: 183 of 365 days
    saving.realised(date(2025, 10, 1))       # 5_000_000
    roll_up_benefits([saving], on=date(2025, 10, 1)).cashable_realised
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import NoReturn, TypeAlias

from govdx.domain.errors import Invalid
from govdx.domain.risk.dates import format_day

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

Amount: TypeAlias = int | Decimal
"""A value of a benefit's measure: integer pence for a cashable benefit; a whole number or a
`Decimal` for any other."""


class BenefitType(StrEnum):
    CASHABLE = "cashable"
    NON_CASHABLE = "non_cashable"
    SOCIETAL = "societal"

    @property
    def label(self) -> str:
        return BENEFIT_TYPE_LABELS[self]


BENEFIT_TYPE_LABELS: dict[BenefitType, str] = {
    BenefitType.CASHABLE: "Cashable",
    BenefitType.NON_CASHABLE: "Non-cashable",
    BenefitType.SOCIETAL: "Societal",
}

BENEFIT_TYPE_DEFINITIONS: dict[BenefitType, str] = {
    BenefitType.CASHABLE: (
        "Money released from a budget, which can be taken out or spent on something else."
    ),
    BenefitType.NON_CASHABLE: (
        "An improvement to the organisation, such as staff time saved or errors avoided, that "
        "does not release money from a budget."
    ),
    BenefitType.SOCIETAL: (
        "An improvement for the people and businesses the organisation serves, or for society "
        "as a whole, rather than for the organisation itself."
    ),
}


@dataclass(frozen=True)
class Actual:
    """The benefit's measure as observed on a date."""

    on: datetime.date
    value: Amount


@dataclass(frozen=True)
class ProfileStep:
    """A step of a stepped profile: from `on` the planned measure is `value`."""

    on: datetime.date
    value: Amount


@dataclass(frozen=True)
class Benefit:
    """A benefit of `project` (see the module docstring for the rules).

    `milestones` are the ids of the milestones the benefit depends on; `actuals` and `profile`
    may be given in any order and are kept in date order. A benefit whose target equals its
    baseline, whose target date is not after its start, with two actuals or two steps on one
    day, a step outside its start and target date, a stepped profile not ending at the target,
    or a binary float (or, when cashable, a fraction of a penny) anywhere raises `Invalid`
    naming the benefit.
    """

    id: str
    project: str
    type: BenefitType
    measure: str
    baseline: Amount
    target: Amount
    start: datetime.date
    target_date: datetime.date
    name: str = ""
    owner: str = ""
    milestones: tuple[str, ...] = ()
    actuals: tuple[Actual, ...] = ()
    profile: tuple[ProfileStep, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise Invalid("A benefit needs an id.", {"id": ["A benefit needs an id."]})
        try:
            object.__setattr__(self, "type", BenefitType(self.type))
        except ValueError:
            self._refuse(
                "type",
                f"\u201c{self.type}\u201d is not a benefit type; use one of "
                f"{', '.join(kind.value for kind in BenefitType)}.",
            )
        milestones = (self.milestones,) if isinstance(self.milestones, str) else self.milestones
        object.__setattr__(self, "milestones", tuple(dict.fromkeys(milestones)))
        object.__setattr__(self, "actuals", tuple(sorted(self.actuals, key=lambda a: a.on)))
        object.__setattr__(self, "profile", tuple(sorted(self.profile, key=lambda s: s.on)))

        self._check_amount("baseline", self.baseline, "the baseline")
        self._check_amount("target", self.target, "the target")
        for actual in self.actuals:
            self._check_amount("actuals", actual.value, f"the actual on {format_day(actual.on)}")
        for step in self.profile:
            self._check_amount("profile", step.value, f"the step on {format_day(step.on)}")
        if self.target == self.baseline:
            self._refuse(
                "target", "its target equals its baseline, so there is nothing to realise."
            )
        if self.target_date <= self.start:
            self._refuse(
                "target_date",
                f"its target date, {format_day(self.target_date)}, must be after its start, "
                f"{format_day(self.start)}.",
            )
        for field, what, days in (
            ("actuals", "actuals", [actual.on for actual in self.actuals]),
            ("profile", "profile steps", [step.on for step in self.profile]),
        ):
            for earlier, later in pairwise(days):
                if earlier == later:
                    self._refuse(field, f"it has two {what} on {format_day(later)}; keep one.")
        if self.profile:
            outside = [s for s in self.profile if not self.start <= s.on <= self.target_date]
            if outside:
                self._refuse(
                    "profile",
                    f"its profile step on {format_day(outside[0].on)} is outside its start "
                    f"and target date ({format_day(self.start)} to "
                    f"{format_day(self.target_date)}).",
                )
            if self.profile[-1].value != self.target:
                self._refuse(
                    "profile",
                    f"its stepped profile ends at {self.profile[-1].value}, not at its target, "
                    f"{self.target}.",
                )

    def _refuse(self, field: str, problem: str) -> NoReturn:
        message = f"Benefit {self.id}: {problem}"
        raise Invalid(message, {field: [message]})

    def _check_amount(self, field: str, value: object, what: str) -> None:
        cashable = self.type is BenefitType.CASHABLE
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            kind = "a whole number of pence" if cashable else "a whole number or a Decimal"
            self._refuse(field, f"{what} must be {kind}; {value!r} was given.")
        if isinstance(value, Decimal) and not value.is_finite():
            self._refuse(field, f"{what} must be a finite number; {value!r} was given.")
        if cashable and not isinstance(value, int):
            self._refuse(
                field, f"{what} is money, so must be a whole number of pence; {value!r} was given."
            )

    @property
    def direction(self) -> int:
        """1 when the target is above the baseline (the measure should rise), -1 when below."""
        return 1 if self.target > self.baseline else -1

    @property
    def target_improvement(self) -> Amount:
        """The full improvement the benefit aims at: the distance from baseline to target."""
        return (self.target - self.baseline) * self.direction

    def planned_level(self, on: datetime.date) -> Amount:
        """The measure planned for `on`: the profile's value (see the module docstring)."""
        return self.baseline + self.direction * self.planned(on)

    def planned(self, on: datetime.date) -> Amount:
        """The improvement planned by `on`: 0 up to the start, the target improvement from the
        target date; between, the straight line (to the nearest penny for a cashable benefit)
        or the stepped profile."""
        if self.profile:
            reached = [step for step in self.profile if step.on <= on]
            if not reached:
                return 0
            return (reached[-1].value - self.baseline) * self.direction
        if on <= self.start:
            return 0
        if on >= self.target_date:
            return self.target_improvement
        share = Fraction((on - self.start).days, (self.target_date - self.start).days)
        exact = Fraction(self.target_improvement) * share
        if self.type is BenefitType.CASHABLE:
            return round(exact)
        return _decimal(exact)

    def latest_actual(self, on: datetime.date) -> Actual | None:
        """The latest actual on or before `on`; None when nothing had been measured by then."""
        measured = [actual for actual in self.actuals if actual.on <= on]
        return measured[-1] if measured else None

    def realised(self, on: datetime.date) -> Amount | None:
        """The improvement realised by `on`: the latest actual on or before it less the
        baseline (the other way round for a falling measure); None when nothing measured."""
        actual = self.latest_actual(on)
        if actual is None:
            return None
        return (actual.value - self.baseline) * self.direction

    def realised_share(self, on: datetime.date) -> Decimal | None:
        """Realised / planned on `on`; None where nothing is planned yet or nothing measured."""
        planned = self.planned(on)
        realised = self.realised(on)
        if planned == 0 or realised is None:
            return None
        return _CONTEXT.divide(Decimal(realised), Decimal(planned))

    def slipped_milestones(self, slipped: Collection[str]) -> tuple[str, ...]:
        """The milestones this benefit depends on that have slipped, in the benefit's order."""
        return tuple(milestone for milestone in self.milestones if milestone in slipped)

    def at_risk(self, slipped: Collection[str]) -> bool:
        """True when a milestone the benefit depends on has slipped."""
        return bool(self.slipped_milestones(slipped))


@dataclass(frozen=True)
class BenefitProgress:
    """A benefit on a date: the improvement planned and realised, their ratio, and the
    slipped milestones that put it at risk (the evidence for `at_risk`)."""

    benefit: Benefit
    on: datetime.date
    planned: Amount
    realised: Amount | None
    share: Decimal | None
    slipped_milestones: tuple[str, ...]

    @property
    def at_risk(self) -> bool:
        return bool(self.slipped_milestones)

    @property
    def measured(self) -> bool:
        return self.realised is not None

    @property
    def achieved(self) -> bool:
        """Realised has reached the target improvement."""
        return self.realised is not None and self.realised >= self.benefit.target_improvement


def benefit_progress(
    benefit: Benefit, on: datetime.date, slipped_milestones: Collection[str] = ()
) -> BenefitProgress:
    """`benefit` as it stood on `on`, given the ids of the milestones that have slipped."""
    return BenefitProgress(
        benefit=benefit,
        on=on,
        planned=benefit.planned(on),
        realised=benefit.realised(on),
        share=benefit.realised_share(on),
        slipped_milestones=benefit.slipped_milestones(slipped_milestones),
    )


def benefits_at_risk(
    benefits: Iterable[Benefit], slipped_milestones: Collection[str]
) -> tuple[Benefit, ...]:
    """The benefits that depend on a milestone that has slipped, in the order given."""
    return tuple(benefit for benefit in benefits if benefit.at_risk(slipped_milestones))


@dataclass(frozen=True)
class BenefitCount:
    """How many benefits of one type: in all, achieved, at risk, not yet measured."""

    total: int = 0
    achieved: int = 0
    at_risk: int = 0
    not_measured: int = 0


@dataclass(frozen=True)
class BenefitsRollUp:
    """Benefits of a project or a programme on a date: the cashable money in pence (target,
    planned and realised improvement, summed exactly) and the benefits of every type counted
    (`counts` has every type, zeros included)."""

    on: datetime.date
    cashable_target: int
    cashable_planned: int
    cashable_realised: int
    counts: dict[BenefitType, BenefitCount]

    @property
    def cashable_share(self) -> Decimal | None:
        """Cashable realised / planned; None while nothing cashable is planned."""
        if self.cashable_planned == 0:
            return None
        return _CONTEXT.divide(Decimal(self.cashable_realised), Decimal(self.cashable_planned))

    @property
    def total(self) -> int:
        return sum(count.total for count in self.counts.values())

    @property
    def at_risk(self) -> int:
        return sum(count.at_risk for count in self.counts.values())


def roll_up_benefits(
    benefits: Iterable[Benefit],
    on: datetime.date,
    slipped_milestones: Collection[str] = (),
) -> BenefitsRollUp:
    """Roll `benefits` up as they stood on `on`: money for the cashable ones, counts for all
    (see the module docstring). Two benefits with one id are refused."""
    listed = _unique(benefits)
    progress = [benefit_progress(b, on, slipped_milestones) for b in listed]
    cashable = [p for p in progress if p.benefit.type is BenefitType.CASHABLE]
    counts: dict[BenefitType, BenefitCount] = {}
    for kind in BenefitType:
        of_kind = [p for p in progress if p.benefit.type is kind]
        counts[kind] = BenefitCount(
            total=len(of_kind),
            achieved=sum(p.achieved for p in of_kind),
            at_risk=sum(p.at_risk for p in of_kind),
            not_measured=sum(not p.measured for p in of_kind),
        )
    return BenefitsRollUp(
        on=on,
        cashable_target=sum(int(p.benefit.target_improvement) for p in cashable),
        cashable_planned=sum(int(p.planned) for p in cashable),
        cashable_realised=sum(int(p.realised or 0) for p in cashable),
        counts=counts,
    )


def roll_up_by_project(
    benefits: Iterable[Benefit],
    on: datetime.date,
    slipped_milestones: Collection[str] = (),
) -> dict[str, BenefitsRollUp]:
    """A roll-up per project, the projects in name order."""
    by_project: dict[str, list[Benefit]] = {}
    for benefit in _unique(benefits):
        by_project.setdefault(benefit.project, []).append(benefit)
    return {
        project: roll_up_benefits(by_project[project], on, slipped_milestones)
        for project in sorted(by_project)
    }


def combine_roll_ups(parts: Iterable[BenefitsRollUp], on: datetime.date) -> BenefitsRollUp:
    """A programme's roll-up from its projects' (all as they stood on `on`): sums and counts
    added, so it equals rolling up all their benefits at once."""
    listed = list(parts)
    stale = [part.on for part in listed if part.on != on]
    if stale:
        raise Invalid(
            f"Every roll-up combined must be as at {format_day(on)}; one is as at "
            f"{format_day(stale[0])}."
        )
    return BenefitsRollUp(
        on=on,
        cashable_target=sum(p.cashable_target for p in listed),
        cashable_planned=sum(p.cashable_planned for p in listed),
        cashable_realised=sum(p.cashable_realised for p in listed),
        counts={
            kind: BenefitCount(
                total=sum(p.counts[kind].total for p in listed),
                achieved=sum(p.counts[kind].achieved for p in listed),
                at_risk=sum(p.counts[kind].at_risk for p in listed),
                not_measured=sum(p.counts[kind].not_measured for p in listed),
            )
            for kind in BenefitType
        },
    )


def _unique(benefits: Iterable[Benefit]) -> list[Benefit]:
    listed = list(benefits)
    seen: set[str] = set()
    for benefit in listed:
        if benefit.id in seen:
            message = f"Benefit {benefit.id} is listed twice; give each benefit its own id."
            raise Invalid(message, {"id": [message]})
        seen.add(benefit.id)
    return listed


def _decimal(value: Fraction) -> Decimal:
    return _CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
