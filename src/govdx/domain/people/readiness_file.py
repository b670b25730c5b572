"""A readiness survey read from a spreadsheet (CSV or workbook), all or nothing, through
`govdx.domain.tabular`: title rows may sit above the headings, headings match ignoring case,
spaces and punctuation, and every problem is collected as (row, column, message), placed as the
spreadsheet shows them.

    survey = read_readiness_survey("readiness.csv")
    report_readiness("Before training", survey.responses)

Columns, all required (other headings accepted in brackets):

- `respondent` (Respondent ID, Response ID, Participant, Email): who answered, once per file,
  told apart ignoring case and spaces.
- `group` (People group, Team): the people group the respondent belongs to. A group written
  differently in case or spacing on a later row ("revenues", "Revenues ") takes the spelling of
  its first row, so that it is one group in the report.
- `awareness`, `desire`, `knowledge`, `ability`, `reinforcement`: whole numbers from 1 to 5
  ("4", "4.0" and numeric cells).

Refused, each problem naming its row and the column heading as the file writes it: a blank
cell, a score that is not a whole number, a score outside 1 to 5, a respondent already on an
earlier row, and a file with no responses below its headings. Any problem refuses the whole
file: `ImportProblems` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from govdx.domain.people.adkar import ELEMENTS, HIGHEST_SCORE, LOWEST_SCORE, Response
from govdx.domain.tabular import (
    Cell,
    Column,
    ImportProblems,
    ParsedRow,
    ParseError,
    Problem,
    Source,
    TableResult,
    in_file_order,
    parse_integer,
    read_table,
)
from govdx.domain.tabular.parsers import cell_to_text


def parse_score(cell: Cell) -> int | None:
    """An ADKAR score: a whole number from 1 to 5."""
    text = cell_to_text(cell)
    if not text:
        return None
    try:
        score = parse_integer(cell)
    except ParseError:
        raise ParseError(
            f"\u201c{text}\u201d is not a whole number; give a score from {LOWEST_SCORE} to "
            f"{HIGHEST_SCORE}"
        ) from None
    if score is None or not LOWEST_SCORE <= score <= HIGHEST_SCORE:
        raise ParseError(
            f"\u201c{text}\u201d is outside {LOWEST_SCORE} to {HIGHEST_SCORE}; give a score from "
            f"{LOWEST_SCORE} (lowest) to {HIGHEST_SCORE} (highest)"
        )
    return score


RESPONDENT_COLUMNS: tuple[Column, ...] = (
    Column(
        "respondent",
        "respondent",
        synonyms=("Respondent ID", "Response ID", "Participant", "Email"),
        required=True,
    ),
    Column("group", "group", synonyms=("People group", "Team"), required=True),
)
"""Who answered and their people group: the first two columns of every survey file."""

COLUMNS: tuple[Column, ...] = (
    *RESPONDENT_COLUMNS,
    *(
        Column(element.value, element.value, parser=parse_score, required=True)
        for element in ELEMENTS
    ),
)
"""The columns of a readiness survey file, in the order `govdx people readiness import`
documents them."""

_LABELS = {column.key: column.label for column in COLUMNS}


@dataclass(frozen=True)
class SurveyRow:
    """One response and the spreadsheet row it came from."""

    row: int
    response: Response


@dataclass(frozen=True)
class SurveyFile:
    """A survey file that passed every check: its responses in file order, the row of its
    headings, and the headings no column wanted (to tell the user they were skipped)."""

    rows: tuple[SurveyRow, ...]
    header_row: int
    ignored_headings: tuple[str, ...] = ()

    @property
    def responses(self) -> tuple[Response, ...]:
        return tuple(row.response for row in self.rows)


def read_readiness_survey(
    source: Source, *, filename: str | None = None, sheet: str | None = None
) -> SurveyFile:
    """Read and check a readiness survey file (the columns and rules are in the module
    docstring). `source` is a path or a binary file such as an upload; `filename` names it in
    problems; `sheet` picks a workbook's sheet (by default the first visible one). Raises
    ImportProblems listing every problem, those of the whole file first, then by row and by
    column from left to right."""
    table = read_table(source, COLUMNS, sheet=sheet, filename=filename)
    if table.header_row is None:  # unreadable, empty, or without the headings
        raise ImportProblems(table.problems)
    checked, answers = respondent_rows(table, "responses")
    rows = [
        SurveyRow(
            answer.row.number,
            Response(
                answer.respondent,
                answer.group,
                *(_score(answer.row.values[element.value]) for element in ELEMENTS),
            ),
        )
        for answer in answers
    ]
    if table.problems or checked:
        raise ImportProblems(in_file_order(table.problems, checked, list(table.headings.values())))
    return SurveyFile(tuple(rows), table.header_row, table.ignored_headings)


@dataclass(frozen=True)
class Answer:
    """A row that passed the checks every survey file shares: its respondent and its group
    (spelled as the group's first row spells it)."""

    row: ParsedRow
    respondent: str
    group: str


def respondent_rows(table: TableResult, noun: str) -> tuple[list[Problem], list[Answer]]:
    """The checks every survey file shares (the readiness survey's and the culture pulse's):
    a file with no `noun` below its headings, and a respondent already on an earlier row, are
    problems; a group written differently in case or spacing takes its first row's spelling.
    Gives the problems found and the rows with none, in file order."""
    checked: list[Problem] = []
    if not table.rows:
        checked.append(Problem(table.header_row, None, f"there are no {noun} below the headings"))
    first_row: dict[str, tuple[int, str]] = {}  # respondent, folded -> (row, as written)
    group_spelling: dict[str, str] = {}  # group, folded -> its first spelling
    answers: list[Answer] = []
    for row in table.rows:
        respondent, group = row.values["respondent"], row.values["group"]
        if isinstance(respondent, str):
            first = first_row.setdefault(_folded(respondent), (row.number, respondent))
            if first[0] != row.number:
                checked.append(
                    Problem(
                        row.number,
                        table.heading("respondent", _LABELS["respondent"]),
                        f"\u201c{respondent}\u201d is also the respondent on row {first[0]}; "
                        "each respondent answers once",
                    )
                )
                continue
        if row.problems or not isinstance(respondent, str) or not isinstance(group, str):
            continue
        answers.append(Answer(row, respondent, group_spelling.setdefault(_folded(group), group)))
    return checked, answers


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _score(value: object) -> int:
    if not isinstance(value, int):  # the reader refused the cell, so the row was skipped
        raise TypeError(f"a score was not read: {value!r}")
    return value


__all__ = [
    "COLUMNS",
    "RESPONDENT_COLUMNS",
    "Answer",
    "SurveyFile",
    "SurveyRow",
    "parse_score",
    "read_readiness_survey",
    "respondent_rows",
]
