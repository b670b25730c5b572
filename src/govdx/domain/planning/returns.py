"""The major-project return: one row per project, in the shape of the returns UK central
government departments make for their major projects, with its rules.

A row gives the project, its department and description, its delivery confidence ratings (the
independent assurance review's and the senior responsible owner's own), its start and end
dates, this financial year's baseline and forecast with the variance between them, a
narrative explaining the variance, the whole-life cost and the total benefits.

Rules:

- The UK government financial year runs from 1 April to 31 March; `financial_year` gives the
  one containing a date (31 March 2026 is in 2025 to 2026, 1 April 2026 in 2026 to 2027).
- Variance is forecast minus baseline, in pence: positive when the forecast is over the
  baseline. Its percentage is of the baseline, worked to 28 significant digits; None when
  the baseline is nil.
- A narrative is required when the variance is more than 5% of the baseline, either way.
  Exactly 5% needs none. The test is made on whole pence, |forecast - baseline| x 100 >
  5 x baseline, so no rounding decides it; against a nil baseline any forecast needs one.
  A row that needs a narrative and has none is refused, naming the project.

Money is integer pence throughout; the cells give pounds as `Decimal` with two places, the
variance percentage rounded to two places (half to even). Writing the spreadsheet belongs to
the app: this module gives the ordered column headings (`COLUMNS`) and each row's cells in
that order (`return_cells`).

    row = MajorProjectReturnRow(project="Data centre exit", department="Digital",
                                description="Move every application out of the data centre",
                                start=date(2024, 4, 1), end=date(2027, 3, 31),
                                financial_year=financial_year(date(2025, 6, 30)),
                                baseline=100_000_000, forecast=104_000_000,
                                whole_life_cost=450_000_000, total_benefits=600_000_000)
    row.variance, row.variance_percent      # (4_000_000, Decimal('4'))
    return_cells(row)                       # in the order of COLUMNS
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import NoReturn, TypeAlias

from govdx.domain.errors import Invalid
from govdx.domain.planning.assurance import Rating
from govdx.domain.risk.dates import format_day

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)

NARRATIVE_THRESHOLD_PERCENT = 5
"""A variance of more than this percentage of the baseline, either way, needs a narrative."""

FIRST_MONTH = 4
"""The UK government financial year starts on 1 April."""

_CENT = Decimal("0.01")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The UK government financial year from 1 April of `start_year` to 31 March after."""

    start_year: int

    def __post_init__(self) -> None:
        if isinstance(self.start_year, bool) or not isinstance(self.start_year, int):
            message = f"A financial year starts in a year; {self.start_year!r} was given."
            raise Invalid(message, {"financial_year": [message]})

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """As GOV.UK writes a financial year: "2025 to 2026"."""
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def short_label(self) -> str:
        """The short form: "2025-26"."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end


def financial_year(day: datetime.date) -> FinancialYear:
    """The financial year containing `day`."""
    return FinancialYear(day.year if day.month >= FIRST_MONTH else day.year - 1)


def variance(baseline: int, forecast: int) -> int:
    """Forecast minus baseline, in pence: positive when the forecast is over the baseline."""
    return forecast - baseline


def variance_percent(baseline: int, forecast: int) -> Decimal | None:
    """The variance as a percentage of the baseline; None when the baseline is nil."""
    if baseline == 0:
        return None
    return _CONTEXT.divide(Decimal(variance(baseline, forecast) * 100), Decimal(baseline))


def narrative_required(baseline: int, forecast: int) -> bool:
    """True when the variance is more than 5% of the baseline either way (exactly 5% is not);
    decided on whole pence, with no rounding."""
    return abs(variance(baseline, forecast)) * 100 > NARRATIVE_THRESHOLD_PERCENT * baseline


def year_forecast(
    *,
    spent: int,
    remaining_planned: int,
    budget_at_completion: int,
    estimate_at_completion: int | None,
) -> int:
    """This financial year's forecast, in pence: what was spent in the year up to the status
    date, plus the work planned for the rest of the year at the cost efficiency so far, its
    planned value times EAC / BAC (that is, divided by the CPI: PMBOK Guide's "EAC = BAC /
    CPI" applied to the year's remaining work), rounded half to even to a whole penny. While
    the estimate at completion is unknown (nothing earned or spent yet) or the budget is nil,
    the remaining work is forecast at its planned value."""
    for name, value in (
        ("spent", spent),
        ("remaining_planned", remaining_planned),
        ("budget_at_completion", budget_at_completion),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            message = f"{name} must be a whole number of pence, 0 or more; {value!r} was given."
            raise Invalid(message, {name: [message]})
    if estimate_at_completion is None or budget_at_completion == 0:
        return spent + remaining_planned
    return spent + round(Fraction(remaining_planned * estimate_at_completion, budget_at_completion))


def format_pounds(pence: int) -> str:
    """Pence as pounds for a message: 123456 gives "£1,234.56", -5000 "-£50.00"."""
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{remainder:02d}"


@dataclass(frozen=True, kw_only=True)
class MajorProjectReturnRow:
    """One project's row of the return (see the module docstring). Money in pence.

    Refused with `Invalid`, naming the project: a missing project or department name, an end
    before the start, money that is not a whole number of pence or is negative, and a variance
    over 5% with no narrative.
    """

    project: str
    department: str
    description: str
    start: datetime.date
    end: datetime.date
    financial_year: FinancialYear
    baseline: int
    forecast: int
    whole_life_cost: int
    total_benefits: int
    narrative: str = ""
    independent_rating: Rating | None = None
    senior_responsible_owner_rating: Rating | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.project, str) or not self.project.strip():
            message = "A row of the major-project return must name its project."
            raise Invalid(message, {"project": [message]})
        object.__setattr__(self, "narrative", (self.narrative or "").strip())
        if not isinstance(self.department, str) or not self.department.strip():
            self._refuse("department", "the row must name the project's department.")
        if self.end < self.start:
            self._refuse(
                "end",
                f"the end date, {format_day(self.end)}, is before the start date, "
                f"{format_day(self.start)}.",
            )
        for field, words in (
            ("baseline", "this year's baseline"),
            ("forecast", "this year's forecast"),
            ("whole_life_cost", "the whole-life cost"),
            ("total_benefits", "the total benefits"),
        ):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self._refuse(
                    field,
                    f"{words} must be a whole number of pence, 0 or more; {value!r} was given.",
                )
        if self.narrative_required and not self.narrative:
            self._refuse("narrative", self._narrative_problem())

    def _refuse(self, field: str, problem: str) -> NoReturn:
        message = f"{self.project}: {problem}"
        raise Invalid(message, {field: [message]})

    def _narrative_problem(self) -> str:
        year = self.financial_year.label
        if self.baseline == 0:
            return (
                f"the {year} forecast, {format_pounds(self.forecast)}, is against a nil "
                "baseline; write a narrative explaining it."
            )
        percent = abs(self.variance_percent or Decimal(0)).quantize(_CENT, ROUND_HALF_EVEN)
        side = "over" if self.variance > 0 else "under"
        return (
            f"the {year} forecast, {format_pounds(self.forecast)}, is {percent}% {side} the "
            f"baseline, {format_pounds(self.baseline)}; a variance of more than "
            f"{NARRATIVE_THRESHOLD_PERCENT}% needs a narrative explaining it."
        )

    @property
    def variance(self) -> int:
        return variance(self.baseline, self.forecast)

    @property
    def variance_percent(self) -> Decimal | None:
        return variance_percent(self.baseline, self.forecast)

    @property
    def narrative_required(self) -> bool:
        return narrative_required(self.baseline, self.forecast)


COLUMNS: tuple[str, ...] = (
    "Project",
    "Department",
    "Description",
    "Delivery confidence: independent assurance",
    "Delivery confidence: senior responsible owner",
    "Start date",
    "End date",
    "Financial year",
    "Financial year baseline (£)",
    "Financial year forecast (£)",
    "Variance (£)",
    "Variance (%)",
    "Variance narrative",
    "Whole-life cost (£)",
    "Total benefits (£)",
)
"""The return's column headings, in order."""

Cell: TypeAlias = str | int | Decimal | datetime.date | None
"""A cell's value: text, a number, a date, or None for an empty cell."""


def return_cells(row: MajorProjectReturnRow) -> tuple[Cell, ...]:
    """The row's cells in the order of `COLUMNS`: money as pounds (`Decimal`, two places),
    the variance percentage to two places, ratings by their label, empty cells None."""
    percent = row.variance_percent
    return (
        row.project,
        row.department,
        row.description,
        None if row.independent_rating is None else row.independent_rating.label,
        None
        if row.senior_responsible_owner_rating is None
        else row.senior_responsible_owner_rating.label,
        row.start,
        row.end,
        row.financial_year.label,
        pounds(row.baseline),
        pounds(row.forecast),
        pounds(row.variance),
        None if percent is None else percent.quantize(_CENT, ROUND_HALF_EVEN),
        row.narrative or None,
        pounds(row.whole_life_cost),
        pounds(row.total_benefits),
    )


def pounds(pence: int) -> Decimal:
    """Pence as pounds with two places, exactly: 123456 gives Decimal('1234.56')."""
    return Decimal(pence).scaleb(-2)


def major_project_return(
    rows: Iterable[MajorProjectReturnRow],
) -> tuple[MajorProjectReturnRow, ...]:
    """The return's rows, by department then project. All must be for one financial year and
    each project must appear once; otherwise `Invalid` names the first that breaks the rule."""
    listed = list(rows)
    seen: set[str] = set()
    for row in listed:
        if row.financial_year != listed[0].financial_year:
            message = (
                f"{row.project}: the row is for {row.financial_year.label}, but the return is "
                f"for {listed[0].financial_year.label}; a return covers one financial year."
            )
            raise Invalid(message, {"financial_year": [message]})
        if row.project in seen:
            message = f"{row.project} appears twice in the return; give each project one row."
            raise Invalid(message, {"project": [message]})
        seen.add(row.project)
    return tuple(sorted(listed, key=lambda row: (row.department, row.project)))
