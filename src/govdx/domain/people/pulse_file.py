"""A culture pulse read from a spreadsheet (CSV or workbook), all or nothing, through
`govdx.domain.tabular`, with the same rules as the readiness survey file
(`readiness_file`): title rows may sit above the headings, headings match ignoring case,
spaces and punctuation, and every problem is collected as (row, column, message).

    pulse = read_pulse_survey("pulse.csv")                       # a new pulse: its questions
    pulse = read_pulse_survey("pulse.csv", questions=known)      # a pulse already there

Columns:

- `respondent` and `group`, required, as in the readiness survey file (a respondent once per
  file; a group written differently in case or spacing takes its first row's spelling).
- `comment` (Comments, Free text), optional: what the respondent wrote, or blank.
- Every other column is a **question**, its heading the question's wording, each cell a whole
  number from 1 to 5 and none blank. A pulse's questions are declared by its first file, in
  that file's order (1 to 12 of them); a later file for the same pulse must have the same
  questions (ignoring case, spacing and order): a missing question or one the pulse does not
  ask refuses the file, naming the heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from govdx.domain.people.pulse import MOST_QUESTIONS, PulseResponse
from govdx.domain.people.readiness_file import RESPONDENT_COLUMNS, parse_score, respondent_rows
from govdx.domain.tabular import (
    Column,
    ImportProblems,
    Problem,
    Source,
    in_file_order,
    read_table,
)
from govdx.domain.tabular.parsers import normalise_label

COMMENT = Column("comment", "comment", synonyms=("Comments", "Free text"))
FIXED_COLUMNS: tuple[Column, ...] = (*RESPONDENT_COLUMNS, COMMENT)
"""The columns every pulse file has; every other column is a question."""


@dataclass(frozen=True)
class PulseRow:
    """One response and the spreadsheet row it came from."""

    row: int
    response: PulseResponse


@dataclass(frozen=True)
class PulseFile:
    """A pulse file that passed every check: its questions in the pulse's order, its responses
    (scores in that order) in file order and the row of its headings."""

    questions: tuple[str, ...]
    rows: tuple[PulseRow, ...]
    header_row: int

    @property
    def responses(self) -> tuple[PulseResponse, ...]:
        return tuple(row.response for row in self.rows)


def _questions_of(
    source: Source, filename: str | None, sheet: str | None
) -> tuple[tuple[str, ...], int]:
    """The question headings of a new pulse's file: every heading no fixed column claims."""
    table = read_table(source, FIXED_COLUMNS, sheet=sheet, filename=filename)
    if table.header_row is None:
        raise ImportProblems(table.problems)
    questions = tuple(" ".join(heading.split()) for heading in table.ignored_headings)
    problems = []
    if not questions:
        problems.append(Problem(table.header_row, None, "there are no questions: add a column "
                                "per question, its heading the question"))  # fmt: skip
    if len(questions) > MOST_QUESTIONS:
        problems.append(Problem(table.header_row, questions[MOST_QUESTIONS],
                                f"a pulse is short: at most {MOST_QUESTIONS} questions, and "
                                f"this file has {len(questions)}"))  # fmt: skip
    seen: dict[str, str] = {}
    for question in questions:
        key = normalise_label(question)
        if not key:
            problems.append(Problem(table.header_row, question,
                                    "a question needs words, not only punctuation"))  # fmt: skip
        elif key in seen:
            problems.append(Problem(table.header_row, question,
                                    f"this question reads the same as \u201c{seen[key]}\u201d; "
                                    "keep one"))  # fmt: skip
        else:
            seen[key] = question
    if problems:
        raise ImportProblems(problems)
    return questions, table.header_row


def read_pulse_survey(
    source: Source,
    *,
    questions: Sequence[str] | None = None,
    filename: str | None = None,
    sheet: str | None = None,
) -> PulseFile:
    """Read and check a pulse file (the columns and rules are in the module docstring).
    `questions` are those of the pulse already there; None for a new pulse, whose questions
    the file's headings declare. Raises ImportProblems listing every problem, in file order."""
    if questions is None:
        start = source.tell() if hasattr(source, "tell") else None
        questions, _ = _questions_of(source, filename, sheet)
        if start is not None:  # a file object: read it again from where it stood
            source.seek(start)  # type: ignore[union-attr]  # it has tell, so it seeks
    questions = tuple(questions)
    keys = [f"q{index + 1}" for index in range(len(questions))]
    columns = (
        *FIXED_COLUMNS,
        *(Column(key, question, parser=parse_score, required=True)
          for key, question in zip(keys, questions, strict=True)),
    )  # fmt: skip
    table = read_table(source, columns, sheet=sheet, filename=filename)
    if table.header_row is None:
        raise ImportProblems(table.problems)
    checked, answers = respondent_rows(table, "responses")
    checked.extend(
        Problem(table.header_row, heading, "the pulse does not ask this question: a pulse keeps "
                "the questions of its first file; import it as a new pulse instead")
        for heading in table.ignored_headings
    )  # fmt: skip
    if table.problems or checked:
        raise ImportProblems(in_file_order(table.problems, checked, list(table.headings.values())))
    rows = tuple(
        PulseRow(
            answer.row.number,
            PulseResponse(
                answer.respondent,
                answer.group,
                tuple(int(answer.row.values[key]) for key in keys),  # type: ignore[call-overload]  # parse_score gave an int
                str(answer.row.values["comment"] or ""),
            ),
        )
        for answer in answers
    )
    return PulseFile(questions, rows, table.header_row)


__all__ = ["COMMENT", "FIXED_COLUMNS", "PulseFile", "PulseRow", "read_pulse_survey"]
