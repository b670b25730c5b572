"""How often a risk is reviewed, from its current score.

Method: a score-tiered review cadence, as UK public bodies' risk management policies set it
(govdx issue 3): by default a current score of 15 or more is reviewed every 30 days, 7 to 14
every 90 days, and 6 or less every 180 days. A review is due on the last review date plus the
interval, and overdue only from the day after.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import overload

from govdx.domain.errors import Invalid


@dataclass(frozen=True)
class ReviewCadence:
    """Three tiers by current score: `high_from` and over every `high_days`; `medium_from` up
    to `high_from - 1` every `medium_days`; below `medium_from` every `low_days`.

    Building one with tiers out of order, or a worse risk reviewed less often than a milder
    one, raises `Invalid`.
    """

    high_from: int = 15
    high_days: int = 30
    medium_from: int = 7
    medium_days: int = 90
    low_days: int = 180

    def __post_init__(self) -> None:
        for name in ("high_from", "high_days", "medium_from", "medium_days", "low_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                message = f"The review cadence needs a whole number of 1 or more for {name}."
                raise Invalid(message, {name: [message]})
        if not 2 <= self.medium_from < self.high_from:
            message = (
                f"The medium tier must start above 1 and below the high tier: it starts at "
                f"{self.medium_from} and the high tier at {self.high_from}."
            )
            raise Invalid(message, {"medium_from": [message]})
        if not self.high_days <= self.medium_days <= self.low_days:
            message = (
                f"A higher score must be reviewed at least as often as a lower one: "
                f"{self.high_days}, {self.medium_days} and {self.low_days} days were given."
            )
            raise Invalid(message, {"medium_days": [message]})


DEFAULT_CADENCE = ReviewCadence()


def review_interval(score: int, cadence: ReviewCadence = DEFAULT_CADENCE) -> int:
    """Days between reviews of a risk with current `score` (score-tiered cadence)."""
    if isinstance(score, bool) or not isinstance(score, int) or score < 1:
        raise Invalid(f"A score must be a whole number of 1 or more; {score!r} was given.")
    if score >= cadence.high_from:
        return cadence.high_days
    if score >= cadence.medium_from:
        return cadence.medium_days
    return cadence.low_days


@overload
def next_review_due(
    last_review: datetime.date, score: int, cadence: ReviewCadence = ...
) -> datetime.date: ...
@overload
def next_review_due(last_review: None, score: int, cadence: ReviewCadence = ...) -> None: ...
def next_review_due(
    last_review: datetime.date | None, score: int, cadence: ReviewCadence = DEFAULT_CADENCE
) -> datetime.date | None:
    """The day the next review falls due: the last review plus `review_interval(score)`.

    None for a risk never reviewed: its first review is due at once.
    """
    interval = review_interval(score, cadence)
    if last_review is None:
        return None
    return last_review + datetime.timedelta(days=interval)


def is_review_overdue(
    last_review: datetime.date | None,
    score: int,
    as_of: datetime.date,
    cadence: ReviewCadence = DEFAULT_CADENCE,
) -> bool:
    """True when the risk was never reviewed, or its review fell due before `as_of`.

    A review due on `as_of` itself is not yet overdue.
    """
    due = next_review_due(last_review, score, cadence)
    return due is None or due < as_of
