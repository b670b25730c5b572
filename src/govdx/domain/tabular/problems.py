"""Problems found in a file, each placed by row and column as the person who made it sees them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govdx.domain.errors import GovdxError


@dataclass(frozen=True)
class Problem:
    """One thing wrong: `row` is the row number the spreadsheet shows, `column` the heading as
    the file writes it; either is None when the problem is not about one row or column.
    """

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
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
