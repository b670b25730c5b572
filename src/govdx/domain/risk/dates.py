"""Calendar helpers for the risk kernels: GOV.UK date text and whole-month steps."""

from __future__ import annotations

import calendar
import datetime

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_day(day: datetime.date) -> str:
    """A date as GOV.UK writes it, "1 April 2025", whatever the locale."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months on, or the month's last day where it is shorter.

    29 February 2024 plus 12 months is 28 February 2025; 31 January plus 1 month is the last
    day of February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
