"""Reading a capability framework from a CSV or workbook: its roles, skills and levels, and
every problem refused with its row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govdx.domain.people.framework_file import read_capability_framework
from govdx.domain.people.skills import Level
from govdx.domain.tabular import ImportProblems

HEADINGS = "role family,role,role level,skill,skill level,description\n"
ROWS = (
    "Data,Data analyst,Senior data analyst,Data visualisation,practitioner,Designs dashboards\n"
    "Data,Data analyst,Senior data analyst,Statistical methods,Working,\n"
    "User-centred design,User researcher,User researcher,User research,expert,Plans research\n"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "framework.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ImportProblems) as refused:
        read_capability_framework(path)
    return [(p.row, p.column, p.message) for p in refused.value.problems]


def test_a_framework_file_gives_its_roles_skills_and_levels_in_file_order(tmp_path):
    framework = read_capability_framework(write(tmp_path, "Framework 2024\n" + HEADINGS + ROWS))
    assert framework.header_row == 2
    assert framework.roles == (
        ("Data", "Data analyst", "Senior data analyst"),
        ("User-centred design", "User researcher", "User researcher"),
    )
    assert framework.skills == ("Data visualisation", "Statistical methods", "User research")
    first = framework.rows[0]
    assert (first.row, first.level, first.description) == (3, Level.PRACTITIONER,
                                                             "Designs dashboards")  # fmt: skip
    assert framework.rows[1].level is Level.WORKING


def test_a_workbook_reads_as_the_csv_does(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADINGS.strip().split(","))
    for line in ROWS.strip().split("\n"):
        sheet.append(line.split(","))
    path = tmp_path / "framework.xlsx"
    workbook.save(path)
    assert len(read_capability_framework(path).rows) == 3


def test_a_bad_level_a_repeated_skill_and_a_role_in_two_families_are_refused_by_row(tmp_path):
    text = (
        HEADINGS
        + ROWS
        + (
            "Data,Data analyst,Senior data analyst,Data visualisation,expert,\n"
            "Digital,Data analyst,Data analyst,Data ethics,working,\n"
            "Data,Data engineer,Data engineer,Data modelling,master,\n"
            "Data,,Data engineer,Data modelling,working,\n"
        )
    )
    assert problems_of(write(tmp_path, text)) == [
        (5, "skill", "“Data visualisation” is already given for Data analyst (Senior data "
                     "analyst) on row 2; give each skill once per role level"),
        (6, "role family", "Data analyst is in the role family “Data” on row 2; a role "
                           "belongs to one role family"),
        (7, "skill level", "“master” is not one of: awareness, working, practitioner, expert"),
        (8, "role", "a value is required"),
    ]  # fmt: skip


def test_a_file_with_headings_and_no_rows_is_refused(tmp_path):
    assert problems_of(write(tmp_path, HEADINGS)) == [
        (1, None, "there are no roles below the headings")
    ]
