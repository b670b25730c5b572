"""Risk appetite: the level the board sets for each category, and the tolerance it gives.

Method: the risk appetite scale of HM Treasury's Orange Book (2020) and its Risk Appetite
Guidance Note (2021): averse, minimal, cautious, open, eager. Each level carries a tolerance,
the highest current score (likelihood x impact) the organisation accepts in that category;
by default averse 4, minimal 6, cautious 10, open 15, eager 20. A statement may set its own
tolerance instead.

Statements are versioned by the date they take effect: a day is judged by the latest approved
statement for the category effective on or before it, so the register as it stood on a past
date is judged by the appetite then in force. A category with no such statement is judged as
cautious.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from govdx.domain.errors import Invalid
from govdx.domain.risk.dates import format_day
from govdx.domain.tabular.parsers import normalise_label


class AppetiteLevel(StrEnum):
    AVERSE = "averse"
    MINIMAL = "minimal"
    CAUTIOUS = "cautious"
    OPEN = "open"
    EAGER = "eager"


LEVEL_LABELS: dict[AppetiteLevel, str] = {
    AppetiteLevel.AVERSE: "Averse",
    AppetiteLevel.MINIMAL: "Minimal",
    AppetiteLevel.CAUTIOUS: "Cautious",
    AppetiteLevel.OPEN: "Open",
    AppetiteLevel.EAGER: "Eager",
}

# Short paraphrases of the Orange Book Risk Appetite Guidance Note's definitions.
LEVEL_DEFINITIONS: dict[AppetiteLevel, str] = {
    AppetiteLevel.AVERSE: (
        "Avoid risk and uncertainty in key deliverables: take on only activities that carry "
        "virtually no inherent risk."
    ),
    AppetiteLevel.MINIMAL: (
        "Prefer very safe options with a low degree of inherent risk; the chance of greater "
        "benefit is not a key driver."
    ),
    AppetiteLevel.CAUTIOUS: (
        "Prefer safe options with a low degree of risk; accept some risk where there is scope "
        "for significant benefit and the risk can largely be controlled."
    ),
    AppetiteLevel.OPEN: (
        "Consider all options and choose the one most likely to succeed while giving an "
        "acceptable benefit and value for money, even with a high degree of residual risk."
    ),
    AppetiteLevel.EAGER: (
        "Seek innovation and choose options that maximise opportunity and benefit, even where "
        "they carry very high residual risk."
    ),
}

DEFAULT_TOLERANCES: dict[AppetiteLevel, int] = {
    AppetiteLevel.AVERSE: 4,
    AppetiteLevel.MINIMAL: 6,
    AppetiteLevel.CAUTIOUS: 10,
    AppetiteLevel.OPEN: 15,
    AppetiteLevel.EAGER: 20,
}

DEFAULT_LEVEL = AppetiteLevel.CAUTIOUS
"""The level of a category with no approved statement in force."""


def parse_appetite_level(value: str) -> AppetiteLevel:
    """The appetite level named by `value`, in any case ("Cautious", " OPEN ")."""
    level = {normalise_label(level.value): level for level in AppetiteLevel}.get(
        normalise_label(value) if isinstance(value, str) else ""
    )
    if level is None:
        message = (
            f"\u201c{value}\u201d is not an appetite level; write one of "
            f"{', '.join(level.value for level in AppetiteLevel)}."
        )
        raise Invalid(message, {"level": [message]})
    return level


@dataclass(frozen=True)
class AppetiteStatement:
    """The board's appetite for one category from `effective_from` on.

    `tolerance` overrides the level's tolerance when given. Only approved statements count.
    `identifier` is the caller's own key for the statement (its database id, say), carried
    into `Tolerance` so a page can link to the statement a judgement came from.
    """

    category: str
    level: AppetiteLevel
    effective_from: datetime.date
    approved: bool
    tolerance: int | None = None
    identifier: int | str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.level, AppetiteLevel):
            object.__setattr__(self, "level", parse_appetite_level(self.level))
        if self.tolerance is not None and (
            isinstance(self.tolerance, bool)
            or not isinstance(self.tolerance, int)
            or self.tolerance < 0
        ):
            message = (
                f"The tolerance for {self.category} must be a whole number of 0 or more "
                f"(the highest current score accepted); {self.tolerance!r} was given."
            )
            raise Invalid(message, {"tolerance": [message]})


@dataclass(frozen=True)
class Tolerance:
    """The highest current score accepted in `category` on `day`, and where it came from.

    `statement` is the approved statement in force, or None when there was none and the
    category was judged as cautious. `from_statement_tolerance` says whether the statement
    set its own figure rather than taking its level's.
    """

    category: str
    day: datetime.date
    level: AppetiteLevel
    highest_score: int
    statement: AppetiteStatement | None

    @property
    def from_statement_tolerance(self) -> bool:
        return self.statement is not None and self.statement.tolerance is not None

    def describe(self) -> str:
        """One sentence a page can show beside the figure."""
        level = self.level.value
        if self.statement is None:
            return (
                f"Tolerance {self.highest_score} for {self.category}: {level} appetite, used "
                f"because no approved statement for {self.category} was in force on "
                f"{format_day(self.day)}."
            )
        effective = format_day(self.statement.effective_from)
        if self.from_statement_tolerance:
            return (
                f"Tolerance {self.highest_score} for {self.category}: set by the statement "
                f"effective {effective} ({level} appetite)."
            )
        return (
            f"Tolerance {self.highest_score} for {self.category}: {level} appetite, from the "
            f"statement effective {effective}."
        )


def statement_in_force(
    category: str, statements: Iterable[AppetiteStatement], day: datetime.date
) -> AppetiteStatement | None:
    """The latest approved statement for `category` effective on or before `day`.

    Two approved statements effective the same day: the later one in `statements` wins, so
    pass them in the order they were approved.
    """
    chosen: AppetiteStatement | None = None
    for statement in statements:
        if (
            statement.category == category
            and statement.approved
            and statement.effective_from <= day
            and (chosen is None or statement.effective_from >= chosen.effective_from)
        ):
            chosen = statement
    return chosen


def tolerance_on(
    category: str,
    statements: Iterable[AppetiteStatement],
    day: datetime.date,
    *,
    level_tolerances: Mapping[AppetiteLevel, int] = DEFAULT_TOLERANCES,
) -> Tolerance:
    """The tolerance of `category` on `day` (Orange Book appetite levels; see the module).

    `level_tolerances` are the organisation's tolerances per level, the defaults unless it
    set its own. Categories are matched exactly, by key.
    """
    _check_level_tolerances(level_tolerances)
    statement = statement_in_force(category, statements, day)
    if statement is None:
        return Tolerance(category, day, DEFAULT_LEVEL, level_tolerances[DEFAULT_LEVEL], None)
    highest = (
        statement.tolerance
        if statement.tolerance is not None
        else level_tolerances[statement.level]
    )
    return Tolerance(category, day, statement.level, highest, statement)


def appetite_lookup(
    statements: Iterable[AppetiteStatement],
    day: datetime.date,
    *,
    level_tolerances: Mapping[AppetiteLevel, int] = DEFAULT_TOLERANCES,
) -> Callable[[str], Tolerance]:
    """category -> `Tolerance` on `day`, as `tolerance_on` gives it, remembered per category."""
    _check_level_tolerances(level_tolerances)
    by_category: dict[str, list[AppetiteStatement]] = {}
    for statement in statements:
        by_category.setdefault(statement.category, []).append(statement)
    known: dict[str, Tolerance] = {}

    def lookup(category: str) -> Tolerance:
        if category not in known:
            known[category] = tolerance_on(
                category, by_category.get(category, ()), day, level_tolerances=level_tolerances
            )
        return known[category]

    return lookup


def _check_level_tolerances(level_tolerances: Mapping[AppetiteLevel, int]) -> None:
    missing = [level.value for level in AppetiteLevel if level not in level_tolerances]
    if missing:
        raise Invalid(f"Set a tolerance for every appetite level; missing: {', '.join(missing)}.")
    below: AppetiteLevel | None = None
    for level in AppetiteLevel:
        value = level_tolerances[level]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Invalid(
                f"The tolerance for the {level.value} level must be a whole number of 0 or "
                f"more; {value!r} was given."
            )
        if below is not None and value < level_tolerances[below]:
            raise Invalid(
                f"The {level.value} level tolerates {value}, less than the "
                f"{below.value} level's {level_tolerances[below]}; a more open appetite must "
                "tolerate at least as much."
            )
        below = level
