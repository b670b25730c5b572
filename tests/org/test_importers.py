"""The staff-list import: real CSV and XLSX files, all or nothing, idempotent."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govdx import cli
from govdx.domain.tabular import ImportProblems
from govdx.org.importers import import_departments_and_people
from govdx.org.models import Department, Person
from tests.factories import PersonFactory

HEADINGS = ["Staff number", "Full name", "Directorate", "Team", "Job title", "E-mail address"]
GOOD_ROWS = [
    ["NS001", "Aisha Ahmed", "Resources", "Finance", "Accountant", "aisha.ahmed@example.org"],
    ["NS002", "Ben Baker", "Resources", "Finance", "Finance Officer", "ben.baker@example.org"],
    ["NS003", "Chloe Chen", "Resources", "", "Director of Resources", "chloe.chen@example.org"],
    [
        "NS004",
        "Daniel Davies",
        "Place",
        "Highways",
        "Highways Engineer",
        "Daniel.Davies@Example.org",
    ],
    ["NS005", "Emma Evans", "Place", "Waste and Recycling", "Waste Officer", ""],
]


def write_csv(path: Path, rows: list[list[str]], *, title: bool = True) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        if title:
            writer.writerow(["Northshire Council staff list, exported 2026-03-31"])
            writer.writerow([])
        writer.writerow(HEADINGS)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Staff"
    sheet.append(["Staff list"])
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "staff.csv", GOOD_ROWS)


def snapshot() -> dict[str, Any]:
    return {
        "departments": sorted(Department.objects.values_list("name", "parent__name", "version")),
        "people": sorted(
            Person.objects.values_list(
                "staff_number", "full_name", "department__name", "email", "version"
            )
        ),
        "history": sum(model.history.count() for model in (Department, Person)),
    }


def test_staff_list_import_creates_directorates_teams_and_people(db: Any, good_csv: Path) -> None:
    result = import_departments_and_people(good_csv, user=None)

    assert result.rows == 5
    assert result.people_created == 5
    assert sorted(result.departments_created) == [
        "Finance (Resources)",
        "Highways (Place)",
        "Place",
        "Resources",
        "Waste and Recycling (Place)",
    ]
    finance = Department.objects.get(name="Finance")
    assert finance.parent is not None and finance.parent.name == "Resources"
    assert finance.kind == "team"
    assert Department.objects.get(name="Resources").kind == "directorate"
    chloe = Person.objects.get(staff_number="NS003")
    assert chloe.department.name == "Resources"
    assert chloe.job_title == "Director of Resources"
    assert Person.objects.get(staff_number="NS004").email == "daniel.davies@example.org"
    assert Person.objects.get(staff_number="NS005").email is None


def test_importing_the_same_file_again_changes_nothing(db: Any, good_csv: Path) -> None:
    import_departments_and_people(good_csv, user=None)
    before = snapshot()

    again = import_departments_and_people(good_csv, user=None)

    assert again.people_created == 0
    assert again.people_updated == 0
    assert again.people_unchanged == 5
    assert again.departments_created == []
    assert snapshot() == before


def test_import_refuses_the_whole_file_when_one_row_is_bad(db: Any, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[3][5] = "daniel.davies-at-example.org"  # the fourth person: spreadsheet row 7
    bad = write_csv(tmp_path / "bad.csv", rows)

    with pytest.raises(ImportProblems) as raised:
        import_departments_and_people(bad, user=None)

    problems = raised.value.problems
    assert len(problems) == 1
    assert problems[0].row == 7
    assert problems[0].column == "E-mail address"
    assert str(problems[0]).startswith("row 7, column E-mail address: ")
    assert Department.objects.count() == 0
    assert Person.objects.count() == 0


def test_import_names_every_bad_row_not_just_the_first(db: Any, tmp_path: Path) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][2] = ""  # no directorate: row 4
    rows[4][0] = ""  # neither staff number nor email: row 8
    rows[2][0] = "NS002"  # staff number repeated from row 5: row 6
    bad = write_csv(tmp_path / "bad.csv", rows)

    with pytest.raises(ImportProblems) as raised:
        import_departments_and_people(bad, user=None)

    found = {(p.row, p.column) for p in raised.value.problems}
    assert (4, "Directorate") in found
    assert (8, "Staff number") in found
    assert (6, "Staff number") in found
    assert all(p.row is not None for p in raised.value.problems)
    assert Person.objects.count() == 0


def test_import_refuses_a_file_without_the_required_headings(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("Surname,Salary\nSmith,30000\n", encoding="utf-8")

    with pytest.raises(ImportProblems) as raised:
        import_departments_and_people(path, user=None)

    message = str(raised.value)
    assert "Directorate" in message
    assert "Name" in message
    assert Department.objects.count() == 0


def test_a_changed_row_updates_the_person_and_keeps_history(db: Any, tmp_path: Path) -> None:
    import_departments_and_people(write_csv(tmp_path / "v1.csv", GOOD_ROWS), user=None)
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][4] = "Senior Finance Officer"
    rows[1][3] = "Procurement"

    result = import_departments_and_people(write_csv(tmp_path / "v2.csv", rows), user=None)

    assert result.people_updated == 1
    assert result.people_unchanged == 4
    assert result.departments_created == ["Procurement (Resources)"]
    ben = Person.objects.get(staff_number="NS002")
    assert ben.job_title == "Senior Finance Officer"
    assert ben.department.name == "Procurement"
    latest = ben.history.latest()
    assert latest.history_change_reason == "imported from v2.csv"
    assert latest.history_user is None


def test_xlsx_staff_list_imports_from_its_named_sheet(db: Any, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "staff.xlsx", GOOD_ROWS)

    result = import_departments_and_people(path, user=None, sheet="staff")

    assert result.people_created == 5
    assert Person.objects.filter(department__name="Highways").count() == 1


def test_dry_run_reports_but_writes_nothing(db: Any, good_csv: Path) -> None:
    result = import_departments_and_people(good_csv, user=None, dry_run=True)

    assert result.people_created == 5
    assert Person.objects.count() == 0
    assert Department.objects.count() == 0


def test_cli_import_prints_json_and_exits_zero(
    db: Any, good_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["org", "import", str(good_csv), "--json"])

    output = json.loads(capsys.readouterr().out)
    assert status == 0
    assert output["ok"] is True
    assert output["people_created"] == 5
    assert Person.objects.count() == 5


def test_cli_import_of_a_bad_file_exits_two_naming_row_and_column(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[3][5] = "not-an-email"
    bad = write_csv(tmp_path / "bad.csv", rows)

    status = cli.main(["org", "import", str(bad)])

    err = capsys.readouterr().err
    assert status == 2
    assert "nothing was imported" in err
    assert "row 7, column E-mail address:" in err
    assert Person.objects.count() == 0


def test_cli_import_json_lists_problems(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [list(row) for row in GOOD_ROWS]
    rows[3][5] = "not-an-email"
    bad = write_csv(tmp_path / "bad.csv", rows)

    status = cli.main(["org", "import", str(bad), "--json"])

    output = json.loads(capsys.readouterr().out)
    assert status == 2
    assert output["ok"] is False
    assert output["problems"][0]["row"] == 7
    assert output["problems"][0]["column"] == "E-mail address"


def test_cli_import_of_a_missing_file_says_so(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = cli.main(["org", "import", str(tmp_path / "nowhere.csv")])

    assert status == 2
    assert "There is no file at" in capsys.readouterr().err


def test_a_row_clashing_with_the_database_rolls_back_everything_written_before_it(
    db: Any, tmp_path: Path
) -> None:
    import_departments_and_people(write_csv(tmp_path / "v1.csv", GOOD_ROWS), user=None)
    PersonFactory(email="zara@example.org", staff_number="NS900")
    before = snapshot()
    rows = [list(row) for row in GOOD_ROWS]
    rows.insert(0, ["NS100", "Farah Khan", "Communities", "Libraries", "Librarian", "farah@x.org"])
    rows[2][5] = "zara@example.org"  # Ben (NS002) given Zara's email, not in the file: row 6

    with pytest.raises(ImportProblems) as raised:
        import_departments_and_people(write_csv(tmp_path / "v2.csv", rows), user=None)

    problem = raised.value.problems[0]
    assert problem.row == 6
    assert problem.column == "E-mail address"
    assert "email" in problem.message.lower()
    assert snapshot() == before
    assert not Department.objects.filter(name="Communities").exists()
