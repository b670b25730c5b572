"""A file of a project's actual costs by month (CSV or workbook), read all or nothing through
`govdx.domain.tabular`, as `govdx plan actuals import` takes it.

    actuals = read_actuals("actuals.xlsx")
    actuals.rows[0].month, actuals.rows[0].amount       # the first of the month; pence

Columns (other headings accepted in brackets):

- `Month` (Period, Date), required: the month the cost fell in, as `2026-03`, `Mar 2026`,
  `March 2026`, or any day of it as a date (`31/03/2026`, `2026-03-31`, a date cell); kept as
  the first of the month.
- `Activity` (Activity ID, ID, Task ID, Code), optional: the id of the project's activity the
  cost is booked to, as in the plan file; blank for a cost of the project as a whole.
- `Amount` (Actual cost, Actual, Cost, Spend, AC), required: money as the tabular parser
  reads it ("£1,234.56"), held in minor units (pence); not negative.
- `Note` (Notes, Comment, Description), optional.

Refused, each problem naming its row and the column heading as the file writes it: a month or
amount that is missing or does not read, a negative amount, and a month and activity given on
two rows (add them up first). Whether an activity id names an activity of the project is for
the caller, who knows the plan (`ActualsRow.row` places its problem).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from govdx.domain.tabular import (
    Cell,
    Column,
    ImportProblems,
    ParseError,
    Problem,
    Source,
    in_file_order,
    parse_date,
    parse_money,
    parse_text,
    read_table,
)
from govdx.domain.tabular.parsers import cell_to_text

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[ -]?(\d{4})", re.IGNORECASE)
_MONTH_HELP = "write a month like 2026-03 or Mar 2026, or any day of it"


def parse_month(cell: Cell) -> datetime.date | None:
    """A month, as its first day: "2026-03", "Mar 2026", "March 2026", or a date in it."""
    text = cell_to_text(cell)
    if not text:
        return None
    if isinstance(cell, str):
        numeric = _YEAR_MONTH.fullmatch(text)
        named = _MONTH_YEAR.fullmatch(text)
        if numeric is not None:
            year, month = int(numeric[1]), int(numeric[2])
            if 1 <= month <= 12:
                return datetime.date(year, month, 1)
            raise ParseError(f"\u201c{text}\u201d is not a month; {_MONTH_HELP}")
        if named is not None:
            prefix = named[1][:3].casefold()
            if prefix in _MONTH_NAMES and (
                named[1].casefold() in {prefix, "sept"} or named[1].casefold().startswith(prefix)
            ):
                return datetime.date(int(named[2]), _MONTH_NAMES.index(prefix) + 1, 1)
    try:
        day = parse_date(cell)
    except ParseError:
        raise ParseError(f"\u201c{text}\u201d is not a month; {_MONTH_HELP}") from None
    return None if day is None else day.replace(day=1)


def parse_amount(cell: Cell) -> int | None:
    """An actual cost in minor units (pence), as `parse_money` reads it, not negative."""
    pence = parse_money(cell)
    if pence is not None and pence < 0:
        raise ParseError(
            f"\u201c{cell_to_text(cell)}\u201d is negative; an actual cost is 0 or more (book a "
            "credit against the month it corrects)"
        )
    return pence


COLUMNS: tuple[Column, ...] = (
    Column("month", "Month", synonyms=("Period", "Date"), parser=parse_month, required=True),
    Column("activity", "Activity", synonyms=("Activity ID", "ID", "Task ID", "Code")),
    Column(
        "amount",
        "Amount",
        synonyms=("Actual cost", "Actual", "Actuals", "Cost", "Spend", "AC"),
        parser=parse_amount,
        required=True,
    ),
    Column("note", "Note", synonyms=("Notes", "Comment", "Description"), parser=parse_text),
)
"""The columns of an actual costs file."""

_LABELS = {column.key: column.label for column in COLUMNS}


@dataclass(frozen=True)
class ActualsRow:
    """One month's actual cost: `row` is the spreadsheet's row number, `month` the first day
    of the month, `activity` the activity's id (None for the project as a whole), `amount`
    in minor units (pence)."""

    row: int
    month: datetime.date
    activity: str | None
    amount: int
    note: str = ""


@dataclass(frozen=True)
class ActualsFile:
    """An actual costs file that passed every check, its rows in file order."""

    rows: tuple[ActualsRow, ...]
    header_row: int
    ignored_headings: tuple[str, ...] = ()
    headings: tuple[tuple[str, str], ...] = ()

    def heading(self, key: str) -> str:
        """The heading the file gives column `key`, for naming it in a problem."""
        return dict(self.headings).get(key, _LABELS[key])


def read_actuals(
    source: Source, *, filename: str | None = None, sheet: str | None = None
) -> ActualsFile:
    """Read and check an actual costs file (the columns and rules are in the module
    docstring). Raises ImportProblems listing every problem, by row and column."""
    table = read_table(source, COLUMNS, sheet=sheet, filename=filename)
    if table.header_row is None:
        raise ImportProblems(table.problems)
    problems: list[Problem] = []
    rows: list[ActualsRow] = []
    seen: dict[tuple[datetime.date, str], int] = {}
    if not table.rows:
        problems.append(Problem(table.header_row, None, "there are no costs below the headings"))
    for row in table.rows:
        values = row.values
        month, amount = values["month"], values["amount"]
        activity = values["activity"] if isinstance(values["activity"], str) else None
        unreadable = {problem.column for problem in row.problems}
        for key, value in (("month", month), ("amount", amount)):
            heading = table.heading(key, _LABELS[key])
            if value is None and heading not in unreadable:
                what = "the month the cost fell in" if key == "month" else "the amount spent"
                problems.append(Problem(row.number, heading, f"give {what}"))
        if not isinstance(month, datetime.date) or not isinstance(amount, int) or row.problems:
            continue
        slot = (month, (activity or "").casefold())
        if slot in seen:
            where = f"activity {activity}" if activity else "the project as a whole"
            problems.append(
                Problem(
                    row.number,
                    table.heading("month", "Month"),
                    f"{month:%B %Y} for {where} is also on row {seen[slot]}; give each month "
                    "and activity one row, adding up their costs",
                )
            )
            continue
        seen[slot] = row.number
        note = values["note"]
        rows.append(
            ActualsRow(row.number, month, activity, amount, note if isinstance(note, str) else "")
        )
    if table.problems or problems:
        raise ImportProblems(in_file_order(table.problems, problems, list(table.headings.values())))
    return ActualsFile(
        tuple(rows), table.header_row, table.ignored_headings, tuple(table.headings.items())
    )


__all__ = ["COLUMNS", "ActualsFile", "ActualsRow", "parse_amount", "parse_month", "read_actuals"]
