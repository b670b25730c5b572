"""Risk register and appetite imports, and the export they read back: real workbooks, the real
database, all or nothing, idempotent."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govdx.core.permissions import SYSTEM
from govdx.domain.tabular import ImportProblems
from govdx.risk import services
from govdx.risk.importers import export_register, import_appetite, import_register
from govdx.risk.models import (
    Acceptance,
    Action,
    AppetiteStatement,
    Control,
    Register,
    Risk,
    RiskCategory,
)
from tests.risk.conftest import COUNCIL_HEADINGS, council_rows, write_workbook

TODAY = datetime.date(2026, 1, 15)
MODELS = (Risk, Control, Action, Acceptance, Register, RiskCategory, AppetiteStatement)


def snapshot() -> dict[str, Any]:
    """Every row and every history row the imports touch, to prove nothing changed."""
    return {
        "risks": sorted(
            Risk.objects.values_list(
                "reference", "title", "version", "current_likelihood", "register__name"
            )
        ),
        "rows": {model.__name__: model.objects.count() for model in MODELS},
        "history": {model.__name__: model.history.count() for model in MODELS},
    }


def problems_of(raised: pytest.ExceptionInfo[ImportProblems]) -> list[str]:
    return [str(problem) for problem in raised.value.problems]


def test_council_workbook_imports_title_rows_synonyms_labels_and_day_first_dates(
    db: Any, council_workbook: Callable[..., Path], staff: dict[str, Any], org: dict[str, Any]
) -> None:
    result = import_register(council_workbook(), user=None, today=TODAY)

    assert result.as_dict() == {"created": 4, "updated": 0, "unchanged": 0}
    assert result.ignored_headings == ("RAG Status", "Comments")
    assert sorted(result.registers_created) == ["Corporate risk register",
                                                "Place risk register",
                                                "Resources risk register"]  # fmt: skip
    ransomware = Risk.objects.get(reference="CR-01")
    assert (ransomware.inherent_likelihood, ransomware.inherent_impact) == (4, 5)
    assert (ransomware.current_likelihood, ransomware.current_impact) == (3, 5)
    assert (ransomware.target_likelihood, ransomware.target_impact) == (2, 4)
    assert ransomware.cause == "phishing and unpatched servers."
    assert ransomware.event == "attackers encrypt core systems."
    assert ransomware.consequence == "services stop for weeks."
    assert ransomware.category.key == "security"
    assert ransomware.owner == staff["aisha"]
    assert ransomware.department == org["resources"]
    assert ransomware.register.name == "Resources risk register"
    assert ransomware.register.department == org["resources"]
    assert ransomware.last_reviewed_on == datetime.date(2025, 10, 1)
    assert sorted(ransomware.controls.values_list("description", flat=True)) == [
        "Daily offline backups",
        "Endpoint protection on every device",
    ]
    assert sorted(ransomware.actions.values_list("description", "owner__full_name", "due_on")) == [
        ("Deliver phishing training", "Aisha Ahmed", datetime.date(2026, 3, 31)),
        ("Patch servers within 14 days", "Aisha Ahmed", datetime.date(2026, 3, 31)),
    ]
    budget = Risk.objects.get(reference="CR-02")
    assert (budget.current_likelihood, budget.current_impact) == (3, 4)
    assert budget.last_reviewed_on == datetime.date(2025, 9, 15)
    assert budget.event == "Savings plans fall short of the gap"
    assert budget.cause == budget.consequence == ""
    acceptance = budget.acceptances.get()
    assert acceptance.state == "accepted"
    assert acceptance.expires_on == datetime.date(2026, 6, 30)
    assert acceptance.decided_on == TODAY
    assert acceptance.decision_note == "Accepted by Audit Committee."
    revenues = Risk.objects.get(reference="CR-03")
    assert revenues.owner == staff["chloe"]
    assert revenues.category.key == "technology"
    assert revenues.register.name == "Corporate risk register"
    assert revenues.current_likelihood is None
    assert revenues.last_reviewed_on == datetime.date(2025, 12, 1)
    assert Risk.objects.get(reference="CR-04").owner is None
    assert RiskCategory.objects.count() == 13  # the Orange Book's, loaded for a new organisation


def test_reimporting_the_same_workbook_reports_every_risk_unchanged_and_writes_nothing(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    path = council_workbook()
    import_register(path, user=None, today=TODAY)
    before = snapshot()

    again = import_register(path, user=None, today=TODAY + datetime.timedelta(days=40))

    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 4}
    assert snapshot() == before


def test_an_edited_workbook_updates_exactly_the_changed_risks(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)
    before = dict(Risk.objects.values_list("reference", "version"))
    rows = council_rows()
    rows[1][10], rows[1][12] = "Likely", 16  # CR-02 residual likelihood 3 -> 4, score to match
    rows[3][1] = "Shortage of qualified social workers"  # CR-04 retitled
    rows[0][17] = "30/04/2026"  # CR-01's actions now due a month later

    result = import_register(council_workbook(rows, "edited.xlsx"), user=None, today=TODAY)

    assert result.as_dict() == {"created": 0, "updated": 3, "unchanged": 1}
    assert sorted(result.updated) == ["CR-01", "CR-02", "CR-04"]
    after = dict(Risk.objects.values_list("reference", "version"))
    assert after["CR-02"] == before["CR-02"] + 1
    assert after["CR-04"] == before["CR-04"] + 1
    assert after["CR-01"] == before["CR-01"]  # only its actions changed
    assert after["CR-03"] == before["CR-03"]
    assert Risk.objects.get(reference="CR-02").current_likelihood == 4
    assert set(Action.objects.filter(risk__reference="CR-01").values_list("due_on", flat=True)) == {
        datetime.date(2026, 4, 30)
    }
    assert Action.objects.count() == 3  # moved, not duplicated


BAD_ROWS = [
    pytest.param(
        (1, 6, 7),
        "row 6, column Inherent Likelihood: Likelihood \u201c7\u201d is outside 1 to 5",
        id="out-of-range likelihood",
    ),
    pytest.param((2, 1, ""), "row 7, column Risk Title: a value is required", id="missing title"),
    pytest.param(
        (3, 0, "cr-01"),
        "row 8, column Risk Ref: cr-01 is also on row 5; each risk needs its own reference",
        id="duplicate reference",
    ),
    pytest.param(
        (0, 18, "31/02/2025"),
        "row 5, column Date Last Reviewed: \u201c31/02/2025\u201d is not a date on the calendar",
        id="impossible date",
    ),
    pytest.param(
        (1, 12, 15),
        "row 6, column Current Risk Score: the file says 15, but Residual Likelihood \u00d7 "
        "Residual Impact is 3 \u00d7 4 = 12",
        id="score that is not likelihood x impact",
    ),
    pytest.param(
        (3, 8, "Low"),
        "row 8, column Inherent Score: the file says \u201cLow\u201d, but 2 \u00d7 3 = 6 is Medium",
        id="band that does not match the score",
    ),
    pytest.param(
        (0, 3, "Cyber"),
        "row 5, column Category: the organisation has no category \u201cCyber\u201d",
        id="unknown category",
    ),
    pytest.param(
        (1, 4, "Bob Smith"),
        "row 6, column Risk Owner: no one called \u201cBob Smith\u201d is on the staff list",
        id="unknown owner",
    ),
    pytest.param(
        (2, 5, "Nowhere"),
        "row 7, column Directorate: there is no department called \u201cNowhere\u201d",
        id="unknown directorate",
    ),
    pytest.param(
        (1, 20, ""),
        "row 6, column Acceptance Expiry: give the date the acceptance expires",
        id="acceptance without expiry",
    ),
    pytest.param(
        (1, 20, "30/06/2027"),
        "row 6, column Acceptance Expiry: An acceptance lasts at most 12 months",
        id="acceptance longer than a year",
    ),
    pytest.param(
        (0, 11, ""),
        "row 5, column Residual Impact: give the current impact too",
        id="current likelihood without impact",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BAD_ROWS)
def test_one_bad_row_refuses_the_whole_file_naming_row_and_column(
    db: Any, council_workbook: Callable[..., Path], change: tuple[int, int, Any], expected: str
) -> None:
    rows = council_rows()
    row, column, value = change
    rows[row][column] = value

    with pytest.raises(ImportProblems) as raised:
        import_register(council_workbook(rows), user=None, today=TODAY)

    problems = problems_of(raised)
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems[0]
    assert Risk.objects.count() == 0
    assert Register.objects.count() == 0
    assert Acceptance.objects.count() == 0


def test_every_problem_is_listed_in_file_order(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    rows = council_rows()
    rows[3][6] = "Very likely"
    rows[0][1] = ""
    rows[2][4] = "Nobody"

    with pytest.raises(ImportProblems) as raised:
        import_register(council_workbook(rows), user=None, today=TODAY)

    assert [p.split(":")[0] for p in problems_of(raised)] == [
        "row 5, column Risk Title",
        "row 7, column Risk Owner",
        "row 8, column Inherent Likelihood",
    ]


def test_an_unchanged_risk_on_the_database_still_refuses_the_file_when_a_later_row_is_bad(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)
    before = snapshot()
    rows = council_rows()
    rows[0][1] = "Ransomware attack"  # a good change, which must not be kept
    rows[3][7] = 9

    with pytest.raises(ImportProblems):
        import_register(council_workbook(rows, "bad.xlsx"), user=None, today=TODAY)

    assert snapshot() == before


def test_create_categories_adds_a_category_the_organisation_does_not_have(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    rows = council_rows()
    rows[0][3] = "Cyber resilience"

    result = import_register(council_workbook(rows), user=None, today=TODAY, create_categories=True)

    assert result.categories_created == ["Cyber resilience"]
    category = Risk.objects.get(reference="CR-01").category
    assert (category.key, category.name) == ("cyber-resilience", "Cyber resilience")


def test_dry_run_reports_what_it_would_do_and_writes_nothing(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    result = import_register(council_workbook(), user=None, today=TODAY, dry_run=True)

    assert result.as_dict() == {"created": 4, "updated": 0, "unchanged": 0}
    assert snapshot()["rows"] == dict.fromkeys((m.__name__ for m in MODELS), 0)


def test_register_option_puts_every_row_on_that_register_making_it_when_missing(
    db: Any, council_workbook: Callable[..., Path]
) -> None:
    result = import_register(
        council_workbook(), user=None, today=TODAY, register="Corporate risk register"
    )

    assert result.registers_created == ["Corporate risk register"]
    assert set(Risk.objects.values_list("register__name", flat=True)) == {"Corporate risk register"}
    assert Register.objects.get().kind == "corporate"


def test_rows_without_a_reference_get_one_and_are_recognised_by_title_next_time(
    db: Any, tmp_path: Path, staff: dict[str, Any]
) -> None:
    headings = ["Risk Title", "Category", "Gross Likelihood", "Gross Impact", "Directorate"]
    rows = [
        ["Fraud in supplier payments", "Financial", "Possible", "Major", "Resources"],
        ["Data breach by email", "Information", 3, 3, "Resources"],
    ]
    path = write_workbook(tmp_path / "noref.xlsx", rows, headings, title_rows=())

    first = import_register(path, user=None, today=TODAY)
    second = import_register(path, user=None, today=TODAY)

    assert sorted(first.created) == ["R-0001", "R-0002"]
    assert second.as_dict() == {"created": 0, "updated": 0, "unchanged": 2}


def test_a_csv_register_with_a_title_row_imports_too(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Place directorate risk register"])
        writer.writerow(
            ["Ref", "Title", "Risk Category", "Original Likelihood", "Original Impact",
             "Net Likelihood", "Net Impact", "Net Score"]
        )  # fmt: skip
        writer.writerow(
            ["PL-1", "Winter gritting salt shortage", "Operations", "4 - Likely", "critical",
             "2", "5", "10"]
        )  # fmt: skip

    result = import_register(path, user=None, today=TODAY)

    risk = Risk.objects.get(reference="PL-1")
    assert result.as_dict()["created"] == 1
    assert (risk.inherent_likelihood, risk.inherent_impact, risk.current_likelihood) == (4, 5, 2)


def test_a_file_with_no_such_headings_is_refused_saying_which_are_missing(
    db: Any, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "wrong.xlsx", [["x", "y"]], ["Name", "Colour"])

    with pytest.raises(ImportProblems) as raised:
        import_register(path, user=None, today=TODAY)

    assert "Missing: \u201cRisk Title\u201d" in problems_of(raised)[0]


# --- export ----------------------------------------------------------------------------------


def _enrich(staff: dict[str, Any]) -> None:
    """What a register gains on the web: a second action with another owner and no date, a
    closed risk, quantified costs, an acceptance decided by the board."""
    ransomware = Risk.objects.get(reference="CR-01")
    services.action_create(
        data={"risk": ransomware, "description": "Test restores each quarter",
              "owner": staff["ben"], "due_on": None},
        user=SYSTEM,
    )  # fmt: skip
    revenues = Risk.objects.get(reference="CR-03")
    services.risk_update(
        instance=revenues,
        data={"status": "closed", "treatment": "terminate", "probability": Decimal("0.2"),
              "cost_low": 1_000_000, "cost_likely": 2_500_050, "cost_high": 9_000_000,
              "cause": "Vendor withdrew\nsupport"},
        user=SYSTEM,
        expected_version=None,
    )  # fmt: skip


def test_export_then_import_changes_nothing(
    db: Any, council_workbook: Callable[..., Path], staff: dict[str, Any], tmp_path: Path
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)
    _enrich(staff)
    before = snapshot()

    exported = export_register(tmp_path / "export.xlsx", today=TODAY)
    result = import_register(exported.path, user=None, today=TODAY)

    assert exported.risks == 4
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 4}
    assert result.ignored_headings == ()
    assert snapshot() == before


def test_export_into_an_empty_organisation_recreates_the_risks(
    db: Any, council_workbook: Callable[..., Path], staff: dict[str, Any], tmp_path: Path
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)
    _enrich(staff)
    exported = export_register(tmp_path / "export.xlsx", today=TODAY)
    fields = (
        "reference", "title", "cause", "status", "treatment", "probability", "cost_likely",
        "inherent_likelihood", "current_impact", "target_likelihood", "last_reviewed_on",
        "owner__full_name", "department__name", "category__key", "register__name",
    )  # fmt: skip
    before = sorted(Risk.objects.values_list(*fields))
    actions = sorted(Action.objects.values_list("description", "owner__full_name", "due_on"))
    Risk.objects.all().delete()

    import_register(exported.path, user=None, today=TODAY)

    after = sorted(Risk.objects.values_list(*fields))
    assert [row[:2] for row in after] == [row[:2] for row in before]
    assert after[2][2] == "Vendor withdrew support"  # line breaks in text become spaces
    assert [row[3:] for row in after] == [row[3:] for row in before]
    assert sorted(Action.objects.values_list("description", "owner__full_name", "due_on")) == (
        actions
    )


def test_export_has_a_labelled_heat_map_of_current_positions(
    db: Any, council_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)

    exported = export_register(tmp_path / "export.xlsx", today=TODAY)

    workbook = openpyxl.load_workbook(exported.path)
    assert workbook.sheetnames == ["Risk register", "Heat map"]
    rows = [list(row) for row in workbook["Heat map"].iter_rows(values_only=True)]
    assert rows[1][:7] == ["Likelihood \u2193 / Impact \u2192", "1 Insignificant", "2 Minor",
                           "3 Moderate", "4 Major", "5 Critical", "Total"]  # fmt: skip
    grid = {row[0]: row[1:6] for row in rows[2:7]}
    assert grid["5 Almost certain"] == [0, 0, 0, 1, 0]  # CR-03: no current, so its inherent 5x4
    assert grid["3 Possible"] == [0, 0, 0, 1, 1]  # CR-02 at 3x4, CR-01 at 3x5
    assert grid["2 Unlikely"] == [0, 0, 1, 0, 0]  # CR-04
    assert rows[7][6] == 4


def test_export_of_one_register_only_holds_its_risks(
    db: Any, council_workbook: Callable[..., Path], tmp_path: Path
) -> None:
    import_register(council_workbook(), user=None, today=TODAY)

    exported = export_register(tmp_path / "place.xlsx", register="place risk register", today=TODAY)

    assert exported.risks == 2
    assert exported.registers == ("Place risk register",)


# --- appetite --------------------------------------------------------------------------------


def write_appetite(path: Path, rows: list[list[Any]]) -> Path:
    return write_workbook(path, rows, ["Risk Category", "Appetite Level", "Tolerance"],
                          title_rows=(["Risk appetite approved by the board"],))  # fmt: skip


def statements() -> list[tuple[Any, ...]]:
    return sorted(
        AppetiteStatement.objects.values_list(
            "category__name", "level", "tolerance", "effective_from", "state"
        )
    )


def test_appetite_import_records_approved_statements_and_creates_the_categories_it_names(
    db: Any, tmp_path: Path
) -> None:
    path = write_appetite(
        tmp_path / "appetite.xlsx",
        [["Technology", "Open", ""], ["security", "AVERSE", 3], ["Climate", "cautious", 8]],
    )

    result = import_appetite(path, user=None, effective_from=TODAY, today=TODAY)

    assert result.as_dict() == {"effective_from": "2026-01-15", "approved": 3, "unchanged": 0,
                                "categories_created": ["Climate"]}  # fmt: skip
    assert statements() == [
        ("Climate", "cautious", 8, TODAY, "approved"),
        ("Security", "averse", 3, TODAY, "approved"),
        ("Technology", "open", None, TODAY, "approved"),
    ]
    assert set(AppetiteStatement.objects.values_list("approved_on", flat=True)) == {TODAY}


def test_appetite_reimport_changes_nothing_and_a_new_level_is_a_new_statement(
    db: Any, tmp_path: Path
) -> None:
    path = write_appetite(
        tmp_path / "a.xlsx", [["Technology", "Open", ""], ["Legal", "Minimal", ""]]
    )
    import_appetite(path, user=None, effective_from=TODAY, today=TODAY)
    later = TODAY + datetime.timedelta(days=30)

    again = import_appetite(path, user=None, effective_from=later, today=later)
    changed = import_appetite(
        write_appetite(
            tmp_path / "b.xlsx", [["Technology", "Cautious", ""], ["Legal", "Minimal", ""]]
        ),
        user=None,
        effective_from=later,
        today=later,
    )

    assert (again.as_dict()["approved"], again.as_dict()["unchanged"]) == (0, 2)
    assert (changed.approved, changed.unchanged) == (["Technology"], ["Legal"])
    assert statements() == [
        ("Legal", "minimal", None, TODAY, "approved"),
        ("Technology", "cautious", None, later, "approved"),
        ("Technology", "open", None, TODAY, "approved"),
    ]


def test_appetite_changed_the_same_day_withdraws_the_statement_it_replaces(
    db: Any, tmp_path: Path
) -> None:
    import_appetite(write_appetite(tmp_path / "a.xlsx", [["Technology", "Open", ""]]),
                    user=None, effective_from=TODAY, today=TODAY)  # fmt: skip

    import_appetite(write_appetite(tmp_path / "b.xlsx", [["Technology", "Eager", 18]]),
                    user=None, effective_from=TODAY, today=TODAY)  # fmt: skip

    assert statements() == [
        ("Technology", "eager", 18, TODAY, "approved"),
        ("Technology", "open", None, TODAY, "withdrawn"),
    ]


def test_a_bad_appetite_file_is_refused_whole(db: Any, tmp_path: Path) -> None:
    path = write_appetite(
        tmp_path / "bad.xlsx",
        [["Technology", "Open", ""], ["Legal", "Reckless", ""], ["People", "Open", 40],
         ["technology", "Eager", ""]],
    )  # fmt: skip

    with pytest.raises(ImportProblems) as raised:
        import_appetite(path, user=None, effective_from=TODAY, today=TODAY)

    assert problems_of(raised) == [
        "row 4, column Appetite Level: \u201cReckless\u201d is not an appetite level; write one "
        "of averse, minimal, cautious, open, eager",
        "row 5, column Tolerance: 40 is not a score on the matrix; a tolerance is the highest "
        "current score accepted, from 1 to 25",
        "row 6, column Risk Category: Technology is also on row 3; give each category once",
    ]
    assert AppetiteStatement.objects.count() == 0


def test_the_council_headings_are_the_export_headings_the_issue_names(db: Any) -> None:
    from govdx.risk.importers import LABELS

    named = {"Risk Ref", "Risk Title", "Category", "Risk Owner", "Directorate",
             "Inherent Likelihood", "Inherent Impact", "Existing Controls", "Current Likelihood",
             "Current Impact", "Target Likelihood", "Target Impact", "Further Actions Required",
             "Action Owner", "Action Due Date", "Date Last Reviewed", "Accepted By",
             "Acceptance Expiry", "Description (Cause, Event, Consequence)"}  # fmt: skip
    assert named <= set(LABELS.values())
    assert set(COUNCIL_HEADINGS) - set(LABELS.values()) >= {"RAG Status", "Comments"}


def test_an_empty_register_exports_and_imports_back_as_nothing(db: Any, tmp_path: Path) -> None:
    exported = export_register(tmp_path / "empty.xlsx", today=TODAY)

    result = import_register(exported.path, user=None, today=TODAY)

    assert (exported.risks, result.as_dict()) == (0, {"created": 0, "updated": 0, "unchanged": 0})
    assert Register.objects.count() == 0
