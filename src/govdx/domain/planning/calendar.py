"""A working calendar: turns the schedule's working-day offsets into dates and back.

The convention, the one scheduling tools use for whole days:

- Working day 0 is the project start date, or the first working day after it when the start
  falls on a weekend or holiday. Working day n is the n-th working day after that (negative n:
  before it).
- An activity with early start s and duration d ≥ 1 starts at the beginning of working day s
  and finishes at the end of working day s + d - 1, so its early finish EF = s + d, the first
  working day its successors may start, is the day after it finishes. A milestone (d = 0)
  starts and finishes on working day s.
- A date that is not a working day has the offset of the next working day, when work can next
  happen.

    calendar = WorkingCalendar(date(2025, 4, 14), holidays=england_and_wales_2025)
    calendar.day_for(4)                      # 22 April 2025: Good Friday, Easter Monday skipped
    calendar.offset_for(date(2025, 4, 22))   # 4
    calendar.dates_for(start=0, duration=5)  # (14 April, 22 April)
"""

from __future__ import annotations

import datetime
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from govdx.domain.errors import Invalid

SATURDAY_AND_SUNDAY = frozenset({5, 6})
"""`date.weekday()` numbers of the usual weekend (Monday is 0)."""


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days from `start`: every day except the `weekend` weekdays and the `holidays`
    (public holidays, closures), given as dates."""

    start: datetime.date
    holidays: frozenset[datetime.date] = field(default=frozenset())
    weekend: frozenset[int] = SATURDAY_AND_SUNDAY
    _closed: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _origin: int = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        start: datetime.date,
        holidays: Iterable[datetime.date] = (),
        weekend: Iterable[int] = SATURDAY_AND_SUNDAY,
    ) -> None:
        weekend = frozenset(weekend)
        if not weekend < frozenset(range(7)):
            raise Invalid(
                "The weekend must be some of the weekdays 0 (Monday) to 6 (Sunday), leaving at "
                "least one working day a week."
            )
        holidays = frozenset(holidays)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "weekend", weekend)
        # Holidays that fall on working weekdays, as ordinals, sorted: the only ones to count.
        closed = sorted(day.toordinal() for day in holidays if day.weekday() not in weekend)
        object.__setattr__(self, "_closed", tuple(closed))
        object.__setattr__(self, "_origin", 0)
        object.__setattr__(self, "_origin", self._count_before(self._next_working(start)))

    def is_working_day(self, day: datetime.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def offset_for(self, day: datetime.date) -> int:
        """The working-day offset of `day` from the project start (of the next working day, if
        `day` is not one)."""
        return self._count_before(day) - self._origin

    def day_for(self, offset: int) -> datetime.date:
        """The date of working day `offset` (0: the first working day on or after the start)."""
        target = offset + self._origin
        # The working day sought is the last date d with _count_before(d) == target whose
        # successor counts one more: find the smallest d with _count_before(d + 1) > target.
        low = high = self.start.toordinal() + offset
        step = 8
        while self._count_ordinal(low + 1) > target:
            low -= step
            step *= 2
        step = 8
        while self._count_ordinal(high + 1) <= target:
            high += step
            step *= 2
        while low < high:  # invariant: count(low + 1) ≤ target < count(high + 1)
            middle = (low + high) // 2
            if self._count_ordinal(middle + 1) > target:
                high = middle
            else:
                low = middle + 1
        return datetime.date.fromordinal(high)

    def dates_for(self, start: int, duration: int) -> tuple[datetime.date, datetime.date]:
        """The first and last working dates of an activity starting on working day `start` and
        lasting `duration` working days (a milestone: the same date twice)."""
        if duration < 0:
            raise Invalid("A duration must be zero or more working days.")
        return self.day_for(start), self.day_for(start + max(duration, 1) - 1)

    def finish_day_for(self, early_finish: int) -> datetime.date:
        """The date an activity with this (early or late) finish offset ends on: the end of
        working day `early_finish` - 1. Not for milestones, which finish where they start."""
        return self.day_for(early_finish - 1)

    def _next_working(self, day: datetime.date) -> datetime.date:
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def _count_before(self, day: datetime.date) -> int:
        return self._count_ordinal(day.toordinal())

    def _count_ordinal(self, ordinal: int) -> int:
        """Working days before the day with this ordinal, counted from an arbitrary fixed
        origin (ordinal 0, a notional Sunday, since date.fromordinal(1) is a Monday): weekdays
        in whole weeks and the part week, less the holidays on working weekdays."""
        weeks, rest = divmod(ordinal - 1, 7)  # ordinal 1 is weekday 0
        per_week = 7 - len(self.weekend)
        part = sum(1 for weekday in range(rest) if weekday not in self.weekend)
        return weeks * per_week + part - bisect_left(self._closed, ordinal)
