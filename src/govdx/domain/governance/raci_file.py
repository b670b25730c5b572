"""A project's RACI grid read from a spreadsheet (CSV or workbook), all or nothing, through
`govdx.domain.tabular`: title rows may sit above the headings, and every problem is collected
as (row, column, message), placed as the spreadsheet shows them.

    grid = read_raci_grid("raci.xlsx")
    ProjectGovernance("Digital tax", sro, departments, grid.raci)

The grid: one column of row names, headed `Deliverable` (or Deliverables, Workstream,
Workstreams, Deliverable or workstream, Activity, Task, Work package, Row), and one column per
person, headed with the person's name or email as the file writes it (the people are not known
in advance: every other heading is a person). Each cell is the person's part in the row as
`parse_assignment` reads it: R, A, C, I or a combination such as "A/R" or "R, C"; a blank cell,
a dash or "n/a" is no part. A column with no heading is not read.

The file is read twice: once for its headings, then with a column declared for each person.

Refused, each problem naming its row and the column heading as the file writes it: a cell that
is not a RACI entry or gives a letter twice, a row with entries but no name, a row name already
on an earlier row (ignoring case and spaces), two headings naming the same person (ignoring
case, spaces and punctuation), a heading with no letters or digits, a file with no person
columns, and one with no rows below its headings. The RACI rules themselves (one Accountable, at
least one Responsible) are not refused here: a grid with gaps imports, and the governance check
reports them. Any problem refuses the whole file: `ImportProblems` lists them all.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass

from govdx.domain.errors import Invalid
from govdx.domain.governance.raci import Assignment, RaciRow, Responsibility, parse_assignment
from govdx.domain.tabular import (
    Cell,
    Column,
    ImportProblems,
    ParseError,
    Problem,
    Source,
    TableResult,
    in_file_order,
    read_table,
)
from govdx.domain.tabular.parsers import cell_to_text, normalise_label

ROW_COLUMN = Column(
    "row",
    "Deliverable",
    synonyms=(
        "Deliverables",
        "Workstream",
        "Workstreams",
        "Deliverable or workstream",
        "Activity",
        "Task",
        "Work package",
        "Row",
    ),
    required=True,
)
"""The column of row names; every other heading is a person."""

_PERSON_KEY = "person:{}"


def parse_raci_cell(cell: Cell) -> frozenset[Responsibility] | None:
    """A person's part in a row, as `parse_assignment` reads it; None for no part."""
    text = cell_to_text(cell)
    try:
        roles = parse_assignment(text)
    except Invalid as error:
        raise ParseError(error.message) from None
    return roles or None


@dataclass(frozen=True)
class RaciFileRow:
    """One grid row and the spreadsheet row it came from."""

    row: int
    raci: RaciRow


@dataclass(frozen=True)
class RaciFile:
    """A RACI grid that passed every check: its rows in file order, the people as the headings
    name them in file order (those with no part anywhere included), and the row of its
    headings."""

    rows: tuple[RaciFileRow, ...]
    people: tuple[str, ...]
    header_row: int

    @property
    def raci(self) -> tuple[RaciRow, ...]:
        """The grid as `ProjectGovernance` takes it."""
        return tuple(row.raci for row in self.rows)


def read_raci_grid(
    source: Source,
    *,
    filename: str | None = None,
    sheet: str | None = None,
    header_search_rows: int = 20,
) -> RaciFile:
    """Read and check a RACI grid (the layout and rules are in the module docstring).

    `source` is a path or a binary file such as an upload (read from its current position);
    `filename` names it in problems; `sheet` picks a workbook's sheet (by default the first
    visible one). Raises ImportProblems listing every problem, those of the whole file first,
    then by row and by column from left to right."""
    source = _rereadable(source)
    start = source.tell() if not isinstance(source, str | os.PathLike) else 0

    def read(columns: Sequence[Column]) -> TableResult:
        return read_table(
            source,
            columns,
            sheet=sheet,
            filename=filename,
            header_search_rows=header_search_rows,
        )

    first = read((ROW_COLUMN,))
    if first.header_row is None:  # unreadable, empty, or without the row names' heading
        raise ImportProblems(first.problems)
    people, heading_problems = _people(first.ignored_headings, first.header_row)
    if not first.ignored_headings:
        heading_problems.append(
            Problem(
                first.header_row,
                None,
                "there are no people: add a column for each person, headed with their name or "
                "email",
            )
        )
    if not isinstance(source, str | os.PathLike):
        source.seek(start)
    columns = [
        ROW_COLUMN,
        *(
            Column(_PERSON_KEY.format(index), person, parser=parse_raci_cell)
            for index, person in enumerate(people)
        ),
    ]
    table = read(columns)
    if table.header_row is None:
        raise ImportProblems(table.problems)
    rows, row_problems = _rows(table, len(people))
    problems = [*heading_problems, *row_problems]
    if not table.rows:
        problems.append(Problem(table.header_row, None, "there are no rows below the headings"))
    if table.problems or problems:
        order = [table.heading("row", ROW_COLUMN.label), *first.ignored_headings]
        raise ImportProblems(in_file_order(table.problems, problems, order))
    return RaciFile(rows, tuple(people), table.header_row)


def _rereadable(source: Source) -> Source:
    """The source, made seekable so that it can be read twice."""
    if isinstance(source, str | os.PathLike) or source.seekable():
        return source
    return io.BytesIO(source.read())


def _people(headings: Sequence[str], header_row: int) -> tuple[list[str], list[Problem]]:
    """The person headings, the first of any two naming one person (the reader reports the
    second); problems for headings that cannot name anyone."""
    people: list[str] = []
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for heading in headings:
        key = normalise_label(heading)
        if not key:
            problems.append(
                Problem(
                    header_row,
                    heading,
                    f"\u201c{heading}\u201d is not a person; head the column with a name or email",
                )
            )
            continue
        if key in first:
            continue  # the reader reports the second heading as a duplicate of the first
        first[key] = heading
        people.append(heading)
    return people, problems


def _rows(table: TableResult, people: int) -> tuple[tuple[RaciFileRow, ...], list[Problem]]:
    problems: list[Problem] = []
    rows: list[RaciFileRow] = []
    seen: dict[str, int] = {}
    row_heading = table.heading("row", ROW_COLUMN.label)
    for parsed in table.rows:
        name = parsed.values["row"]
        if not isinstance(name, str):
            continue  # blank: the reader has said so
        folded = " ".join(name.split()).casefold()
        earlier = seen.setdefault(folded, parsed.number)
        if earlier != parsed.number:
            problems.append(
                Problem(
                    parsed.number,
                    row_heading,
                    f"\u201c{name}\u201d is also the name of row {earlier}; give each row its "
                    "own name",
                )
            )
            continue
        if parsed.problems:
            continue
        assignments = []
        for index in range(people):
            key = _PERSON_KEY.format(index)
            roles = parsed.values[key]
            if isinstance(roles, frozenset):
                person = table.heading(key, "")
                assignments.append(Assignment(person, roles))
        rows.append(RaciFileRow(parsed.number, RaciRow(name, tuple(assignments))))
    return tuple(rows), problems


__all__ = [
    "ROW_COLUMN",
    "RaciFile",
    "RaciFileRow",
    "parse_raci_cell",
    "read_raci_grid",
]
