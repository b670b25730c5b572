"""Problems found in a file, each placed by row and column as the person who made it sees them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govdx.domain.errors import GovdxError


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `row` is the row number the spreadsheet shows, `column` the heading as
    the file writes it; either is None when the problem is not about one row or column.
    `element` places a problem in a file that has no rows and columns (an SBOM, a log), as a
    path to the element or a line, written as the reader should look for it: `components[3]`,
    `bom/components/component[2] (line 14)`, `line 12`.
    """

    row: int | None
    column: str | None
    message: str
    element: str | None = None

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        if self.element is not None:
            place.append(self.element)
        return f"{', '.join(place)}: {self.message}" if place else self.message


class ImportProblems(GovdxError):
    """A file cannot be imported; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if len(self.problems) == 1:
            message = str(self.problems[0])
        else:
            lines = "\n".join(str(problem) for problem in self.problems)
            message = f"The file cannot be imported:\n{lines}"
        super().__init__(message)


def in_file_order(
    read: Sequence[Problem], checked: Iterable[Problem], headings: Sequence[str]
) -> list[Problem]:
    """A reader's problems and further checks' merged by row and, within a row, by column in
    the order of `headings` (a problem of the whole row first): the reader's file-level
    problems first and its closing "and N more" last, as it placed them. The sort is stable,
    so the problems of one cell stay in the order they were found."""
    leading = 0
    while leading < len(read) and read[leading].row is None:
        leading += 1
    trailing = len(read)
    while trailing > leading and read[trailing - 1].row is None:
        trailing -= 1
    place = {heading: position for position, heading in enumerate(headings)}

    def key(problem: Problem) -> tuple[int, int]:
        row = -1 if problem.row is None else problem.row
        return row, -1 if problem.column is None else place.get(problem.column, len(place))

    middle = sorted([*read[leading:trailing], *checked], key=key)
    return [*read[:leading], *middle, *read[trailing:]]
