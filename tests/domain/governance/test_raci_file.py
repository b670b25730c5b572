"""Reading a RACI grid from a CSV or workbook: people read from the headings, cells read as
RACI entries, and every bad cell or heading refused with its row and column."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from govdx.domain.governance.raci import (
    ProjectGovernance,
    Responsibility,
    check_governance,
)
from govdx.domain.governance.raci_file import read_raci_grid
from govdx.domain.tabular import ImportProblems, Problem

R, A, C, INFORMED = (
    Responsibility.RESPONSIBLE,
    Responsibility.ACCOUNTABLE,
    Responsibility.CONSULTED,
    Responsibility.INFORMED,
)
NOT_RACI = (
    "is not a RACI entry; write R, A, C or I, or a combination such as \u201cA/R\u201d or "
    "\u201cR, C\u201d (Responsible, Accountable, Consulted, Informed)"
)


def write_csv(tmp_path: Path, text: str, name: str = "raci.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "raci.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append(values)
    path = tmp_path / name
    workbook.save(path)
    return path


def problems_of(source: Path | io.BytesIO) -> list[Problem]:
    with pytest.raises(ImportProblems) as refused:
        read_raci_grid(source)
    return list(refused.value.problems)


def cells(grid) -> list[tuple[int, str, list[tuple[str, set[Responsibility]]]]]:
    return [
        (
            entry.row,
            entry.raci.name,
            [(a.person, set(a.roles)) for a in entry.raci.assignments],
        )
        for entry in grid.rows
    ]


def test_a_csv_grid_reads_people_from_the_headings_and_parts_from_the_cells(tmp_path):
    grid = read_raci_grid(
        write_csv(
            tmp_path,
            "RACI: digital tax,,,\n"
            "Deliverable,Ana Example,ben@example.org,Cai Example\n"
            "Business case,A/R,C,\n"
            'Pilot,A,"R, C",I\n'
            "Go-live,-,,\n",
        )
    )
    assert grid.header_row == 2
    assert grid.people == ("Ana Example", "ben@example.org", "Cai Example")
    assert cells(grid) == [
        (3, "Business case", [("Ana Example", {A, R}), ("ben@example.org", {C})]),
        (
            4,
            "Pilot",
            [("Ana Example", {A}), ("ben@example.org", {R, C}), ("Cai Example", {INFORMED})],
        ),
        (5, "Go-live", []),
    ]


def test_a_workbook_grid_with_the_row_names_not_first_and_a_workstream_heading(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Ana", "Workstream", "Ben"],
            ["a", "Data migration", "r"],
            [None, "Training", "A/R"],
        ],
    )
    grid = read_raci_grid(path)
    assert grid.people == ("Ana", "Ben")
    assert cells(grid) == [
        (2, "Data migration", [("Ana", {A}), ("Ben", {R})]),
        (3, "Training", [("Ben", {A, R})]),
    ]


def test_a_grid_with_gaps_imports_and_the_check_reports_them(tmp_path):
    grid = read_raci_grid(
        write_csv(tmp_path, "Deliverable,Ana,Ben\nBusiness case,A,A/R\nPilot,C,I\n")
    )
    check = check_governance(
        [ProjectGovernance("Digital tax", "Ana", ("Revenues",), grid.raci)],
        departments={"Ana": "Digital", "Ben": "Revenues"},
    )
    assert check.as_dict() == {
        "projects_without_sro": [],
        "raci_problems": [
            {
                "project": "Digital tax",
                "row": "Business case",
                "problem": "more than one accountable",
            },
            {"project": "Digital tax", "row": "Pilot", "problem": "no accountable"},
            {"project": "Digital tax", "row": "Pilot", "problem": "no responsible"},
        ],
        "departments_unrepresented": [],
        "overloaded_people": [],
    }


def test_every_bad_cell_is_refused_with_its_row_and_column(tmp_path):
    problems = problems_of(
        write_csv(
            tmp_path,
            "Deliverable,Ana,Ben,Cai\n"
            "Business case,A/R,X,\n"
            "Pilot,R R,C,lead\n"
            "business  CASE,A,,\n"
            ",R,,\n",
        )
    )
    assert problems == [
        Problem(2, "Ben", f"\u201cX\u201d {NOT_RACI}"),
        Problem(3, "Ana", "\u201cR R\u201d gives R more than once; give each letter once"),
        Problem(3, "Cai", f"\u201clead\u201d {NOT_RACI}"),
        Problem(
            4,
            "Deliverable",
            "\u201cbusiness CASE\u201d is also the name of row 2; give each row its own name",
        ),
        Problem(5, "Deliverable", "a value is required"),
    ]


def test_a_workbook_is_refused_naming_the_people_as_the_headings_write_them(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["Programme RACI"],
            [],
            ["Task", "ana@example.org", "Ben Example"],
            ["Plan", "A", 5],
            ["Build", "Q", "R"],
        ],
    )
    assert problems_of(path) == [
        Problem(4, "Ben Example", f"\u201c5\u201d {NOT_RACI}"),
        Problem(5, "ana@example.org", f"\u201cQ\u201d {NOT_RACI}"),
    ]


def test_two_headings_naming_one_person_and_a_heading_naming_no_one_are_refused(tmp_path):
    problems = problems_of(
        write_csv(tmp_path, "Deliverable,Ana Example,?,ana example\nPlan,A/R,,\n")
    )
    assert problems == [
        Problem(1, "?", "\u201c?\u201d is not a person; head the column with a name or email"),
        Problem(
            1,
            "ana example",
            "this heading and \u201cAna Example\u201d both mean the same column; keep one",
        ),
    ]


def test_a_grid_without_people_or_rows_is_refused(tmp_path):
    assert problems_of(write_csv(tmp_path, "Deliverable\nPlan\n", "nobody.csv")) == [
        Problem(
            1,
            None,
            "there are no people: add a column for each person, headed with their name or email",
        )
    ]
    assert problems_of(write_csv(tmp_path, "Deliverable,Ana\n", "empty.csv")) == [
        Problem(1, None, "there are no rows below the headings")
    ]


def test_a_grid_without_a_row_names_heading_is_refused(tmp_path):
    problems = problems_of(write_csv(tmp_path, "Thing,Ana\nPlan,A\n"))
    assert len(problems) == 1
    assert problems[0].row is None
    assert "Missing: \u201cDeliverable\u201d (or \u201cDeliverables\u201d" in problems[0].message


def test_an_upload_that_cannot_seek_is_read_twice_all_the_same():
    class Stream(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer) -> int:
            chunk = self.inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = Stream(b"Deliverable,Ana\nPlan,A/R\n")
    # a raw stream is a binary file in all but its declared type
    grid = read_raci_grid(stream, filename="upload.csv")  # type: ignore[arg-type]
    assert cells(grid) == [(2, "Plan", [("Ana", {A, R})])]


def test_an_upload_is_read_from_its_current_position():
    upload = io.BytesIO(b"ignored prefix" + b"Deliverable,Ana\nPlan,A/R\n")
    upload.seek(len(b"ignored prefix"))
    assert read_raci_grid(upload).people == ("Ana",)
