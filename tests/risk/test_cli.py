"""`govdx risks ...` as an operator runs it, in process on the test database: exit statuses,
the exact JSON contracts, problems on stderr and the emails `remind` sends."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.risk import services
from govdx.risk.models import AppetiteStatement, LossTolerance, Register, Risk, RiskCategory
from tests.factories import PersonFactory
from tests.risk.conftest import council_rows, write_workbook

CHECK_KEYS = ["as_of", "risks", "above_appetite", "target_outside_appetite", "unmanaged",
              "overdue_review", "expired_acceptances"]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def register(db: Any) -> Register:
    services.categories_load(user=SYSTEM)
    return services.register_create(
        data={"name": "Corporate risk register", "kind": "corporate"}, user=SYSTEM
    )


@pytest.fixture
def make_risk(register: Register) -> Callable[..., Risk]:
    def make(reference: str, category: str = "technology", **values: Any) -> Risk:
        data = {
            "reference": reference,
            "register": register,
            "title": f"Risk {reference}",
            "category": RiskCategory.objects.get(key=category),
            "inherent_likelihood": 3,
            "inherent_impact": 3,
            **values,
        }
        return services.risk_create(data=data, user=SYSTEM)

    return make


# --- risks import ----------------------------------------------------------------------------


def test_import_with_json_prints_exactly_the_three_counts(
    db: Any, council_workbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(council_workbook())

    status, out, err = run(capsys, "risks", "import", path, "--json")
    again_status, again, _ = run(capsys, "risks", "import", path, "--json")

    assert status == 0
    assert json.loads(out) == {"created": 4, "updated": 0, "unchanged": 0}
    assert list(json.loads(out)) == ["created", "updated", "unchanged"]
    assert "Columns not used: RAG Status, Comments" in err
    assert again_status == 0
    assert json.loads(again) == {"created": 0, "updated": 0, "unchanged": 4}


def test_import_of_a_bad_file_exits_one_listing_every_problem_and_writes_nothing(
    db: Any, council_workbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = council_rows()
    rows[1][6] = 7
    rows[2][1] = ""
    rows[3][0] = "CR-01"
    rows[0][18] = "31/02/2025"

    status, out, err = run(capsys, "risks", "import", str(council_workbook(rows)), "--json")

    lines = err.splitlines()
    assert status == 1
    assert out == ""
    assert lines[0].endswith("nothing was imported. Fix these and import again:")
    assert lines[1:] == [
        "row 5, column Date Last Reviewed: \u201c31/02/2025\u201d is not a date on the calendar; "
        "write it day first, like 31/12/2024 or 31 Dec 2024",
        "row 6, column Inherent Likelihood: Likelihood \u201c7\u201d is outside 1 to 5; write a "
        "whole number from 1 to 5, or one of: rare, unlikely, possible, likely, almost certain",
        "row 7, column Risk Title: a value is required",
        "row 8, column Risk Ref: CR-01 is also on row 5; each risk needs its own reference",
    ]
    assert Risk.objects.count() == 0


def test_import_dry_run_reports_and_writes_nothing(
    db: Any, council_workbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "risks", "import", str(council_workbook()), "--dry-run")

    assert status == 0
    assert "4 risks read: 4 would be created, 0 updated, 0 unchanged." in out
    assert "Dry run: nothing was written." in out
    assert Risk.objects.count() == 0


def test_import_of_a_missing_file_exits_one(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "risks", "import", str(tmp_path / "nowhere.xlsx"))

    assert status == 1
    assert "There is no file at" in err


def test_import_onto_a_named_register(
    db: Any, council_workbook: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys, "risks", "import", str(council_workbook()), "--register", "Audit register"
    )

    assert status == 0
    assert "New registers: Audit register" in out
    assert set(Risk.objects.values_list("register__name", flat=True)) == {"Audit register"}


def test_appetite_import_from_a_date_with_json(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_workbook(
        tmp_path / "appetite.xlsx", [["Technology", "Open"], ["Security", "Averse"]],
        ["Category", "Level"], title_rows=(),
    )  # fmt: skip

    status, out, _ = run(
        capsys, "risks", "appetite", "import", str(path), "--effective-from", "2026-04-01",
        "--json",
    )  # fmt: skip
    again_status, again, _ = run(
        capsys, "risks", "appetite", "import", str(path), "--effective-from", "2026-05-01"
    )

    assert status == 0
    assert json.loads(out) == {"effective_from": "2026-04-01", "approved": 2, "unchanged": 0,
                               "categories_created": []}  # fmt: skip
    assert again_status == 0
    assert "0 appetite statements were approved from 1 May 2026, 2 unchanged" in again
    assert set(AppetiteStatement.objects.values_list("state", "effective_from")) == {
        ("approved", datetime.date(2026, 4, 1))
    }


def test_appetite_import_of_a_bad_file_exits_one(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_workbook(tmp_path / "a.xlsx", [["Technology", "Bold"]], ["Category", "Level"],
                          title_rows=())  # fmt: skip

    status, _, err = run(capsys, "risks", "appetite", "import", str(path))

    assert status == 1
    assert "row 2, column Level: \u201cBold\u201d is not an appetite level" in err


# --- risks check -----------------------------------------------------------------------------


def test_check_json_prints_the_contract_keys_in_order_for_today(
    make_risk: Callable[..., Risk], today: datetime.date, capsys: pytest.CaptureFixture[str]
) -> None:
    make_risk("T-1")

    status, out, _ = run(capsys, "risks", "check", "--json")

    assert status == 0
    result = json.loads(out)
    assert list(result) == CHECK_KEYS
    assert result["as_of"] == today.isoformat()
    assert result["risks"] == ["T-1"]


def test_check_follows_each_rule_at_its_boundary(
    make_risk: Callable[..., Risk],
    staff: dict[str, Any],
    today: datetime.date,
    capsys: pytest.CaptureFixture[str],
) -> None:
    days = datetime.timedelta
    for key, tolerance in (("technology", 12), ("legal", 11)):
        statement = services.statement_create(
            data={"category": RiskCategory.objects.get(key=key), "level": "cautious",
                  "tolerance": tolerance, "effective_from": today - days(30)},
            user=SYSTEM,
        )  # fmt: skip
        services.statement_approve(statement=statement, user=SYSTEM, on=today - days(30))
    at = {"current_likelihood": 3, "current_impact": 4, "target_likelihood": 3, "target_impact": 4}
    make_risk("A-at-tolerance", **at, last_reviewed_on=today - days(90))  # review due today
    above = make_risk("B-above", "legal", **at, last_reviewed_on=today - days(91))
    managed = make_risk("C-managed", "legal", **at, last_reviewed_on=today)
    accepted = make_risk("D-accepted-to-today", "legal", **at, last_reviewed_on=today)
    lapsed = make_risk("E-acceptance-lapsed", "legal", **at, last_reviewed_on=today)
    make_risk("F-inherent-only", "legal", inherent_likelihood=4, inherent_impact=3,
              last_reviewed_on=today)  # fmt: skip
    make_risk("G-closed", "legal", **at, status="closed")
    services.action_create(
        data={"risk": managed, "description": "Fix", "owner": staff["aisha"],
              "due_on": today + days(1)},
        user=SYSTEM,
    )  # fmt: skip
    services.action_create(  # no due date, so it does not manage the risk
        data={"risk": above, "description": "Think about it", "owner": staff["aisha"]},
        user=SYSTEM,
    )
    for risk, decided, expires in (
        (accepted, today - days(100), today),
        (lapsed, today - days(200), today - days(1)),
    ):
        acceptance = services.acceptance_submit(risk=risk, reason="Costs", user=SYSTEM, on=decided)
        services.acceptance_decide(acceptance=acceptance, accept=True, note="", on=decided,
                                   expires_on=expires, user=SYSTEM)  # fmt: skip

    status, out, _ = run(capsys, "risks", "check", "--json")

    assert status == 0
    assert json.loads(out) == {
        "as_of": today.isoformat(),
        "risks": ["A-at-tolerance", "B-above", "C-managed", "D-accepted-to-today",
                  "E-acceptance-lapsed", "F-inherent-only"],
        "above_appetite": ["B-above", "C-managed", "D-accepted-to-today", "E-acceptance-lapsed",
                           "F-inherent-only"],
        "target_outside_appetite": ["B-above", "C-managed", "D-accepted-to-today",
                                    "E-acceptance-lapsed"],
        "unmanaged": ["B-above", "E-acceptance-lapsed", "F-inherent-only"],
        "overdue_review": ["B-above"],
        "expired_acceptances": ["E-acceptance-lapsed"],
    }  # fmt: skip


def test_check_as_of_a_past_day_judges_the_register_as_it_stood_then(
    make_risk: Callable[..., Risk], today: datetime.date, capsys: pytest.CaptureFixture[str]
) -> None:
    make_risk("T-1", current_likelihood=5, current_impact=5)  # recorded today

    _, before, _ = run(capsys, "risks", "check", "--as-of",
                       (today - datetime.timedelta(days=1)).isoformat(), "--json")  # fmt: skip
    _, now, _ = run(capsys, "risks", "check", "--as-of", today.isoformat(), "--json")

    assert json.loads(before)["risks"] == []
    assert json.loads(now)["above_appetite"] == ["T-1"]


def test_check_without_json_prints_a_readable_summary_with_reasons(
    make_risk: Callable[..., Risk], today: datetime.date, capsys: pytest.CaptureFixture[str]
) -> None:
    make_risk("T-1", current_likelihood=5, current_impact=5)

    status, out, _ = run(capsys, "risks", "check")

    assert status == 0
    assert out.splitlines()[0].endswith(": 1 open risk.")
    assert "Above appetite: 1: T-1" in out
    assert "T-1: Current score 25 (5 \u00d7 5) is above the tolerance of 10" in out


def test_check_refuses_a_date_it_cannot_read(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["risks", "check", "--as-of", "31/12/2026", "--json"])

    assert exited.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


# --- risks export ----------------------------------------------------------------------------


def test_export_then_import_through_the_command_changes_nothing(
    db: Any,
    council_workbook: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "risks", "import", str(council_workbook()))
    exported = tmp_path / "out.xlsx"

    status, out, _ = run(capsys, "risks", "export", str(exported))
    _, again, _ = run(capsys, "risks", "import", str(exported), "--json")

    assert status == 0
    assert "Exported 4 risks from 3 registers" in out
    assert json.loads(again) == {"created": 0, "updated": 0, "unchanged": 4}


def test_export_wants_an_xlsx_name_and_a_register_that_exists(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "risks", "export", str(tmp_path / "out.csv"))[0] == 2
    status, _, err = run(capsys, "risks", "export", str(tmp_path / "x.xlsx"), "--register", "No")
    assert status == 4
    assert "There is no register called \u201cNo\u201d" in err


# --- risks exposure --------------------------------------------------------------------------

EXPOSURE_KEYS = ["as_of", "currency", "unit", "iterations", "seed", "risks", "skipped",
                 "expected_annual_loss", "standard_error", "p50", "p80", "p95", "var_99",
                 "expected_shortfall_99", "loss_exceedance_curve", "loss_tolerance"]  # fmt: skip


def test_exposure_json_keys_and_the_same_figures_for_the_same_seed(
    make_risk: Callable[..., Risk], today: datetime.date, capsys: pytest.CaptureFixture[str]
) -> None:
    make_risk("Q-1", probability=Decimal("0.3"), cost_low=100_000_00, cost_likely=250_000_00,
              cost_high=900_000_00)  # fmt: skip
    make_risk("Q-2", probability=Decimal("0.1"), cost_p5=50_000_00, cost_p95=2_000_000_00)
    make_risk("Q-3", probability=Decimal("0.5"), cost_likely=10_000_00)  # a fixed cost
    make_risk("Q-4", probability=Decimal("0.5"), cost_low=1_00, cost_likely=5_00)  # incomplete
    make_risk("Q-5", probability=Decimal("0.9"), cost_likely=1_00, status="closed")
    make_risk("Q-6")  # not quantified
    LossTolerance.objects.create(amount=1_000_000_00, probability=Decimal("0.05"),
                                 effective_from=today)  # fmt: skip
    args = ("risks", "exposure", "--iterations", "20000", "--json")

    status, first, _ = run(capsys, *args, "--seed", "42")
    _, second, _ = run(capsys, *args, "--seed", "42")
    _, other, _ = run(capsys, *args, "--seed", "43")

    result = json.loads(first)
    assert status == 0
    assert list(result) == EXPOSURE_KEYS
    assert first == second
    assert json.loads(other)["expected_annual_loss"] != result["expected_annual_loss"]
    assert (result["currency"], result["unit"], result["iterations"], result["seed"]) == (
        "GBP", "major", 20000, 42,
    )  # fmt: skip
    assert result["risks"] == ["Q-1", "Q-2", "Q-3"]
    assert [s["reference"] for s in result["skipped"]] == ["Q-4"]
    expected = 0.3 * (100_000 + 4 * 250_000 + 900_000) / 6 + 0.5 * 10_000
    assert result["expected_annual_loss"] > expected  # Q-2's lognormal adds to it
    assert result["p50"] <= result["p80"] <= result["p95"] <= result["var_99"]
    assert result["var_99"] <= result["expected_shortfall_99"]
    curve = result["loss_exceedance_curve"]
    assert curve[0]["loss"] == 0 and 0 < curve[0]["probability"] < 1
    assert [p["probability"] for p in curve] == sorted((p["probability"] for p in curve),
                                                       reverse=True)  # fmt: skip
    tolerance = result["loss_tolerance"]
    assert (tolerance["amount"], tolerance["probability"]) == (1_000_000.0, 0.05)
    assert tolerance["within_tolerance"] == (tolerance["probability_of_exceeding"] <= 0.05)


def test_exposure_with_no_quantified_risks_is_all_zero(
    make_risk: Callable[..., Risk], capsys: pytest.CaptureFixture[str]
) -> None:
    make_risk("T-1")

    status, out, _ = run(capsys, "risks", "exposure", "--iterations", "100", "--json")

    result = json.loads(out)
    assert status == 0
    assert (result["risks"], result["expected_annual_loss"], result["var_99"]) == ([], 0, 0)
    assert result["loss_tolerance"] is None


def test_exposure_refuses_a_silly_number_of_iterations(
    db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "risks", "exposure", "--iterations", "0")

    assert status == 2
    assert "The number of iterations must be from 1" in err


# --- risks remind ----------------------------------------------------------------------------


def test_remind_emails_each_owner_once_listing_their_reviews_and_acceptances(
    make_risk: Callable[..., Risk],
    staff: dict[str, Any],
    today: datetime.date,
    capsys: pytest.CaptureFixture[str],
) -> None:
    days = datetime.timedelta
    aisha, ben, chloe = staff["aisha"], staff["ben"], staff["chloe"]
    # score 9: reviewed every 90 days, so due in 20 days
    make_risk("A-1", owner=aisha, last_reviewed_on=today - days(70))
    accepted = make_risk("A-2", owner=aisha, last_reviewed_on=today)
    acceptance = services.acceptance_submit(risk=accepted, reason="Costs", user=SYSTEM, on=today)
    services.acceptance_decide(acceptance=acceptance, accept=True, note="", on=today,
                               expires_on=today + days(10), user=SYSTEM)  # fmt: skip
    make_risk("A-3", owner=aisha, last_reviewed_on=today - days(200))  # overdue
    make_risk("A-4", owner=aisha, last_reviewed_on=today - days(10))  # not due for 80 days
    make_risk("B-1", owner=ben, last_reviewed_on=today)  # nothing due: no email for Ben
    make_risk("B-2", owner=ben, status="closed")  # closed risks are not reviewed
    make_risk("C-1", owner=chloe)  # never reviewed, but Chloe has no email
    make_risk("U-1")  # never reviewed, and no owner

    status, out, _ = run(capsys, "risks", "remind", "--json")

    assert status == 0
    assert json.loads(out) == {
        "as_of": today.isoformat(),
        "until": (today + days(30)).isoformat(),
        "emails_sent": 1,
        "risks": 5,
        "reviews_due": 4,
        "acceptances_expiring": 1,
        "recipients": ["aisha.ahmed@example.org"],
        "already_reminded_today": [],
        "owners_not_emailed": ["Chloe Chen"],
        "risks_without_owner": ["U-1"],
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aisha.ahmed@example.org"]
    assert message.subject.startswith("3 risks to review or renew by ")
    body = message.body
    assert "A-1 Risk A-1: review due by " in body
    assert "A-2 Risk A-2: acceptance above appetite expires on " in body
    assert "A-3 Risk A-3: review overdue since " in body
    assert "A-4" not in body


def test_remind_run_twice_on_one_day_mails_nobody_twice_but_mails_again_the_next_day(
    make_risk: Callable[..., Risk],
    staff: dict[str, Any],
    today: datetime.date,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_risk("A-1", owner=staff["aisha"])  # never reviewed: due every day until it is
    make_risk("B-1", owner=staff["ben"])

    run(capsys, "risks", "remind", "--as-of", today.isoformat())
    dev = PersonFactory(full_name="Dev Dhillon", email="dev.dhillon@example.org")
    make_risk("D-1", owner=dev)  # a new owner with something due, the same day
    status, out, _ = run(capsys, "risks", "remind", "--as-of", today.isoformat(), "--json")
    _, next_day, _ = run(capsys, "risks", "remind", "--as-of",
                         (today + datetime.timedelta(days=1)).isoformat(), "--json")  # fmt: skip

    assert status == 0
    second = json.loads(out)
    assert second["recipients"] == [dev.email]
    assert sorted(second["already_reminded_today"]) == sorted(
        [staff["aisha"].email, staff["ben"].email]
    )
    assert sorted(json.loads(next_day)["recipients"]) == sorted(
        [staff["aisha"].email, staff["ben"].email, dev.email]
    )
    assert [m.to for m in mail.outbox].count([staff["aisha"].email]) == 2  # today, tomorrow


def test_remind_on_a_given_day_with_nothing_due_sends_nothing(
    make_risk: Callable[..., Risk],
    staff: dict[str, Any],
    today: datetime.date,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_risk("A-1", owner=staff["aisha"], last_reviewed_on=today)

    status, out, _ = run(capsys, "risks", "remind", "--as-of", today.isoformat())
    _, later, _ = run(capsys, "risks", "remind", "--as-of",
                      (today + datetime.timedelta(days=61)).isoformat())  # fmt: skip

    assert status == 0
    assert out.startswith("Sent 0 emails about 0 risks")
    assert later.startswith("Sent 1 email about 1 risk: 1 review due or overdue and 0 acceptances")
    assert len(mail.outbox) == 1
