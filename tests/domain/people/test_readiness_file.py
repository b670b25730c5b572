"""Reading a readiness survey from a CSV or workbook: every problem refused with its row and
column as the file shows them, and the whole file refused for any one."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from govdx.domain.people.adkar import Response, report_readiness
from govdx.domain.people.readiness_file import read_readiness_survey
from govdx.domain.tabular import ImportProblems, Problem

HEADINGS = "respondent,group,awareness,desire,knowledge,ability,reinforcement\n"
OUTSIDE = "is outside 1 to 5; give a score from 1 (lowest) to 5 (highest)"
NOT_WHOLE = "is not a whole number; give a score from 1 to 5"


def write_csv(tmp_path: Path, text: str, name: str = "survey.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "survey.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def problems_of(source: Path | io.BytesIO) -> list[Problem]:
    with pytest.raises(ImportProblems) as refused:
        read_readiness_survey(source)
    return list(refused.value.problems)


def test_a_csv_survey_is_read_with_rows_numbered_as_the_spreadsheet_shows(tmp_path):
    survey = read_readiness_survey(
        write_csv(
            tmp_path,
            "Readiness survey: before training,,,,,,\n"
            ",,,,,,\n" + HEADINGS + "r1,Revenues,5,4,4,4,4\nr2,Benefits,3,5,5,5,5\n",
        )
    )
    assert survey.header_row == 3
    assert [row.row for row in survey.rows] == [4, 5]
    assert survey.responses == (
        Response("r1", "Revenues", 5, 4, 4, 4, 4),
        Response("r2", "Benefits", 3, 5, 5, 5, 5),
    )


def test_a_workbook_survey_reads_numeric_cells_and_headings_in_any_case(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Respondent ID", "People group", "Awareness", "Desire", "Knowledge", "Ability",
             "Reinforcement", "Comment"],
            ["a@example.org", "Revenues", 5, 4.0, 4, 5, 4, "fine"],
            [1002, "Revenues", 2, 2, 2, 2, 2, None],
        ],
    )  # fmt: skip
    survey = read_readiness_survey(path)
    assert survey.responses == (
        Response("a@example.org", "Revenues", 5, 4, 4, 5, 4),
        Response("1002", "Revenues", 2, 2, 2, 2, 2),
    )
    assert survey.ignored_headings == ("Comment",)
    report = report_readiness("S", survey.responses).as_dict()
    assert report["groups"]["Revenues"]["barriers"]["none"] == 1


def test_a_group_spelt_differently_later_takes_its_first_spelling(tmp_path):
    survey = read_readiness_survey(
        write_csv(
            tmp_path,
            HEADINGS + "r1,Revenues,5,5,5,5,5\nr2,  revenues ,5,5,5,5,5\nr3,REVENUES,4,4,4,4,4\n",
        )
    )
    assert {response.group for response in survey.responses} == {"Revenues"}


def test_every_bad_cell_is_refused_with_its_row_and_column(tmp_path):
    problems = problems_of(
        write_csv(
            tmp_path,
            HEADINGS
            + "r1,Revenues,5,4,4,4,4\n"
            + "r2,Revenues,4,3.5,4,4,4\n"
            + "r3,Revenues,0,4,6,4,x\n"
            + "r4,,4,4,,4,4\n"
            + "R1,Benefits,4,4,4,4,4\n"
            + "r6,Benefits,4,4,4,4,4.0\n",
        )
    )
    assert problems == [
        Problem(3, "desire", f"\u201c3.5\u201d {NOT_WHOLE}"),
        Problem(4, "awareness", f"\u201c0\u201d {OUTSIDE}"),
        Problem(4, "knowledge", f"\u201c6\u201d {OUTSIDE}"),
        Problem(4, "reinforcement", f"\u201cx\u201d {NOT_WHOLE}"),
        Problem(5, "group", "a value is required"),
        Problem(5, "knowledge", "a value is required"),
        Problem(
            6, "respondent", "\u201cR1\u201d is also the respondent on row 2; each respondent "
            "answers once"
        ),
    ]  # fmt: skip


def test_the_boundaries_of_the_scale_are_accepted_and_their_neighbours_refused(tmp_path):
    ok = read_readiness_survey(write_csv(tmp_path, HEADINGS + "r1,G,1,5,1,5,1\n", "ok.csv"))
    assert ok.responses[0].scores == (1, 5, 1, 5, 1)
    problems = problems_of(write_csv(tmp_path, HEADINGS + "r1,G,0,6,1,5,1\n", "bad.csv"))
    assert [(p.row, p.column) for p in problems] == [(2, "awareness"), (2, "desire")]


def test_a_workbook_is_refused_naming_its_headings_as_written(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Survey before training"],
            ["Respondent", "Team", "Awareness", "Desire", "Knowledge", "Ability", "Reinforcement"],
            ["r1", "Revenues", 5, 5, 5, 5, 5],
            ["r2", "Revenues", 5, 7, 5, 2.5, None],
            ["r1", "Benefits", 5, 5, 5, 5, 5],
        ],
    )
    assert problems_of(path) == [
        Problem(4, "Desire", f"\u201c7\u201d {OUTSIDE}"),
        Problem(4, "Ability", f"\u201c2.5\u201d {NOT_WHOLE}"),
        Problem(4, "Reinforcement", "a value is required"),
        Problem(
            5, "Respondent", "\u201cr1\u201d is also the respondent on row 3; each respondent "
            "answers once"
        ),
    ]  # fmt: skip


def test_a_missing_column_refuses_the_file(tmp_path):
    problems = problems_of(
        write_csv(tmp_path, "respondent,group,awareness,desire,knowledge,ability\nr1,G,4,4,4,4\n")
    )
    assert len(problems) == 1
    assert problems[0].row is None
    assert "Missing: \u201creinforcement\u201d" in problems[0].message


def test_a_file_with_headings_and_no_responses_is_refused(tmp_path):
    assert problems_of(write_csv(tmp_path, HEADINGS)) == [
        Problem(1, None, "there are no responses below the headings")
    ]


def test_an_upload_is_read_from_a_binary_file_object():
    upload = io.BytesIO((HEADINGS + "r1,G,4,4,4,4,4\n").encode("utf-8"))
    assert read_readiness_survey(upload, filename="upload.csv").responses[0].respondent == "r1"
