"""The risk API as scripts use it: the register check as `govdx risks check --json` prints it,
risks written with numbers or labels, reviews, the acceptance round trip, appetite statements,
categories, filters, pages, query counts and the OpenAPI document.

Who may call what is proved in `test_permissions.py`; here the callers are allowed.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.core.services import api_token_create
from govdx.domain.governance.access import Role
from govdx.domain.risk import latest_acceptance_expiry
from govdx.risk import services
from govdx.risk.models import Acceptance, AppetiteStatement, Review, Risk, RiskCategory
from tests.factories import (
    AcceptanceFactory,
    ActionFactory,
    AppetiteStatementFactory,
    PersonFactory,
    RegisterFactory,
    RiskCategoryFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

CHECK_KEYS = [
    "as_of",
    "risks",
    "above_appetite",
    "target_outside_appetite",
    "unmanaged",
    "overdue_review",
    "expired_acceptances",
]


@pytest.fixture
def technology() -> RiskCategory:
    return RiskCategoryFactory(key="technology", name="Technology")


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="ada")


@pytest.fixture
def client(admin: Any, client_for: Callable[[Any], Client]) -> Client:
    return client_for(admin)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(
        path, json.dumps(body) if body is not None else None, content_type="application/json"
    )


def new_risk(technology: RiskCategory, **fields: Any) -> dict[str, Any]:
    return {
        "title": "Payroll system fails",
        "register_id": RegisterFactory().pk,
        "category_id": technology.pk,
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        **fields,
    }


# The register check.


def cli_check(as_of: date) -> dict[str, Any]:
    """What `govdx risks check --as-of DAY --json` prints, run in this test's database."""
    output = io.StringIO()
    with redirect_stdout(output):
        status = cli.main(["risks", "check", "--as-of", as_of.isoformat(), "--json"])
    assert status == 0
    return dict(json.loads(output.getvalue()))


def test_the_check_answers_with_the_command_lines_object_rule_by_rule(
    client: Client, technology: RiskCategory
) -> None:
    today = timezone.localdate()
    reviewed = {"category": technology, "last_reviewed_on": today}
    RiskFactory(reference="R1", inherent_likelihood=2, inherent_impact=2, **reviewed)
    managed = RiskFactory(reference="R2", inherent_likelihood=4, inherent_impact=4, **reviewed)
    ActionFactory(risk=managed, owner=PersonFactory(), due_on=today + timedelta(days=90))
    RiskFactory(reference="R10", inherent_likelihood=3, inherent_impact=4, target_likelihood=3,
                target_impact=4, category=technology, last_reviewed_on=None)  # fmt: skip
    lapsed = RiskFactory(reference="R3", inherent_likelihood=4, inherent_impact=4, **reviewed)
    AcceptanceFactory(risk=lapsed, state="accepted", decided_on=today - timedelta(days=300),
                      expires_on=today - timedelta(days=1))  # fmt: skip
    RiskFactory(reference="R4", status="closed", inherent_likelihood=5, inherent_impact=5)

    response = client.get(f"/api/risks/check?as_of={today.isoformat()}")

    assert response.status_code == 200
    assert list(response.json()) == CHECK_KEYS
    assert response.json() == {
        "as_of": today.isoformat(),
        "risks": ["R1", "R2", "R3", "R10"],
        "above_appetite": ["R2", "R3", "R10"],
        "target_outside_appetite": ["R10"],
        "unmanaged": ["R3", "R10"],
        "overdue_review": ["R10"],
        "expired_acceptances": ["R3"],
    }
    assert response.json() == cli_check(today)


def test_the_check_is_for_today_unless_a_day_is_given(
    client: Client, technology: RiskCategory
) -> None:
    RiskFactory(reference="R1", category=technology, last_reviewed_on=timezone.localdate())

    response = client.get("/api/risks/check")

    assert response.json()["as_of"] == timezone.localdate().isoformat()
    assert response.json()["overdue_review"] == []


def test_the_check_uses_the_appetite_in_force_on_the_day_asked(
    client: Client, technology: RiskCategory
) -> None:
    takes_effect = timezone.localdate() + timedelta(days=10)
    AppetiteStatementFactory(
        category=technology, level="averse", state="approved", effective_from=takes_effect
    )
    RiskFactory(reference="R1", category=technology, inherent_likelihood=3, inherent_impact=2)

    before = client.get(f"/api/risks/check?as_of={takes_effect - timedelta(days=1)}").json()
    after = client.get(f"/api/risks/check?as_of={takes_effect}").json()

    assert (before["above_appetite"], after["above_appetite"]) == ([], ["R1"])
    assert after == cli_check(takes_effect)


def test_a_check_on_a_past_day_judges_the_register_as_it_stood_then(
    client: Client, technology: RiskCategory
) -> None:
    risk = RiskFactory(reference="R1", category=technology, inherent_likelihood=2,
                       inherent_impact=2)  # fmt: skip
    services.risk_update(
        instance=risk, data={"current_likelihood": 4, "current_impact": 4}, user=SYSTEM,
        expected_version=1,
    )  # fmt: skip
    rows = list(Risk.history.order_by("history_id"))
    for row, day in zip(rows, (date(2025, 1, 10), date(2025, 6, 10)), strict=True):
        Risk.history.filter(history_id=row.history_id).update(history_date=noon(day))
    # The history rows of a register of any age are not numbered like its risks.
    for offset, row in enumerate(rows, start=1):
        Risk.history.filter(history_id=row.history_id).update(history_id=10_000 + offset)

    before = client.get("/api/risks/check?as_of=2025-01-09").json()
    then = client.get("/api/risks/check?as_of=2025-03-01").json()
    now = client.get("/api/risks/check").json()

    assert before == cli_check(date(2025, 1, 9))
    assert then == cli_check(date(2025, 3, 1))
    assert (before["risks"], then["risks"], then["above_appetite"]) == ([], ["R1"], [])
    assert now["above_appetite"] == ["R1"]


@pytest.mark.parametrize("as_of", ["31/03/2026", "2026-02-30", "yesterday"])
def test_the_check_refuses_a_day_that_is_not_a_date(client: Client, as_of: str) -> None:
    response = client.get(f"/api/risks/check?as_of={as_of}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "as_of"]


def test_a_script_checks_the_register_with_a_token(
    make_user: Callable[..., Any], technology: RiskCategory
) -> None:
    RiskFactory(reference="R1", category=technology)
    _, key = api_token_create(user=make_user(Role.VIEWER), name="nightly check")

    response = Client().get("/api/risks/check", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 200
    assert response.json()["risks"] == ["R1"]


# Risks: created and changed with numbers or labels, under the model's rules.


def test_a_risk_is_created_with_labels_for_its_levels_and_gets_a_reference(
    client: Client, technology: RiskCategory
) -> None:
    response = send(
        client,
        "post",
        "/api/risks",
        new_risk(
            technology,
            inherent_likelihood="Almost certain",
            inherent_impact="severe",
            current_likelihood="3 - Possible",
            current_impact=" Major ",
            target_likelihood="2",
            target_impact=1,
        ),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "R-0001"
    assert (body["inherent_likelihood"], body["inherent_impact"]) == (5, 5)
    assert (body["current_likelihood"], body["current_impact"]) == (3, 4)
    assert (body["target_likelihood"], body["target_impact"]) == (2, 1)
    assert (body["inherent_score"], body["current_score"], body["target_score"]) == (25, 12, 2)
    assert body["identified_on"] == timezone.localdate().isoformat()
    assert (body["status"], body["kind"], body["version"]) == ("open", "threat", 1)


def test_a_level_that_is_not_on_the_matrix_gets_422_naming_the_field(
    client: Client, technology: RiskCategory
) -> None:
    response = send(
        client,
        "post",
        "/api/risks",
        new_risk(technology, inherent_likelihood=6, current_likelihood="often", current_impact=2),
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["inherent_likelihood", "current_likelihood"]
    assert errors["inherent_likelihood"][0].startswith("Likelihood “6” is outside 1 to 5")
    assert "“often” is not on the matrix" in errors["current_likelihood"][0]
    assert not Risk.objects.exists()


def test_a_risk_breaking_a_rule_gets_422_with_the_problem_by_field(
    client: Client, technology: RiskCategory
) -> None:
    half = send(client, "post", "/api/risks", new_risk(technology, current_likelihood=2))
    unpriced = send(client, "post", "/api/risks", new_risk(technology, probability=0.2))
    both = send(
        client,
        "post",
        "/api/risks",
        new_risk(technology, probability=0.2, cost_likely=100, cost_p5=10, cost_p95=900),
    )
    too_likely = send(client, "post", "/api/risks", new_risk(technology, probability=1.5))

    assert half.status_code == unpriced.status_code == both.status_code == 422
    assert half.json()["errors"] == {
        "current_impact": ["Give both the current likelihood and the current impact, or neither."]
    }
    assert list(unpriced.json()["errors"]) == ["cost_likely"]
    assert list(both.json()["errors"]) == ["cost_p5"]
    assert too_likely.status_code == 422
    assert not Risk.objects.exists()


def test_a_quantified_risk_reads_back_its_probability_as_a_number(
    client: Client, technology: RiskCategory
) -> None:
    created = send(
        client,
        "post",
        "/api/risks",
        new_risk(technology, probability=0.125, cost_low=1, cost_likely=2, cost_high=3),
    )

    assert created.status_code == 201
    assert created.json()["probability"] == 0.125
    assert client.get(f"/api/risks/{created.json()['id']}").json()["probability"] == 0.125


def test_a_duplicate_reference_gets_422(client: Client, technology: RiskCategory) -> None:
    RiskFactory(reference="CR-1")

    response = send(client, "post", "/api/risks", new_risk(technology, reference="CR-1"))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reference"]


def test_a_risk_is_changed_with_the_version_read_and_a_stale_version_gets_409(
    client: Client, technology: RiskCategory
) -> None:
    risk = RiskFactory(category=technology, title="Payroll system fails")

    unversioned = send(client, "patch", f"/api/risks/{risk.pk}", {"title": "X"})
    changed = send(
        client,
        "patch",
        f"/api/risks/{risk.pk}",
        {"current_likelihood": "unlikely", "current_impact": "minor", "version": 1},
    )
    stale = send(client, "patch", f"/api/risks/{risk.pk}", {"title": "X", "version": 1})

    assert unversioned.status_code == 422
    assert "version" in unversioned.json()["errors"]
    assert changed.status_code == 200
    assert (changed.json()["current_score"], changed.json()["version"]) == (4, 2)
    assert stale.status_code == 409
    risk.refresh_from_db()
    assert (risk.title, risk.current_likelihood, risk.current_impact) == (
        "Payroll system fails",
        2,
        2,
    )


def test_a_risk_that_does_not_exist_gets_404_everywhere(client: Client) -> None:
    assert client.get("/api/risks/999999").json() == {"detail": "No risk 999999."}
    assert send(client, "patch", "/api/risks/999999", {"version": 1}).status_code == 404
    assert client.delete("/api/risks/999999").status_code == 404
    review = {"likelihood": 1, "impact": 1}
    assert send(client, "post", "/api/risks/999999/reviews", review).status_code == 404
    acceptance = {"reason": "Why not"}
    assert send(client, "post", "/api/risks/999999/acceptances", acceptance).status_code == 404
    decision = {"accept": True}
    assert send(client, "post", "/api/acceptances/999999/decide", decision).status_code == 404
    assert send(client, "post", "/api/acceptances/999999/revoke", {}).status_code == 404
    assert send(client, "post", "/api/appetite-statements/999999/approve").status_code == 404


# Lists: filters shared with the pages, pages of results, a fixed number of queries.


def test_risks_filter_by_category_department_register_status_and_text(
    org: dict[str, Any], client: Client, technology: RiskCategory
) -> None:
    people = RiskCategoryFactory(key="people", name="People")
    register = RegisterFactory(name="Finance register")
    RiskFactory(reference="A", title="Payroll fails", category=technology,
                department=org["finance"], register=register)  # fmt: skip
    RiskFactory(reference="B", title="Strike", category=people, department=org["highways"])
    RiskFactory(reference="C", title="Old payroll", category=technology, status="closed",
                department=org["highways"])  # fmt: skip

    def references(query: str) -> list[str]:
        response = client.get(f"/api/risks?{query}")
        assert response.status_code == 200, response.json()
        return [item["reference"] for item in response.json()["items"]]

    assert references("") == ["A", "B", "C"]
    assert references(f"category={technology.pk}") == ["A", "C"]
    assert references(f"department={org['highways'].pk}") == ["B", "C"]
    assert references(f"register={register.pk}") == ["A"]
    assert references("status=closed") == ["C"]
    assert references("q=PAYROLL") == ["A", "C"]
    assert references(f"q=payroll&category={technology.pk}&status=open") == ["A"]


def test_risks_filter_by_the_judgements_the_register_page_filters_by(
    client: Client, technology: RiskCategory
) -> None:
    today = timezone.localdate()
    owner = PersonFactory(full_name="Owen Owner")
    RiskFactory(reference="HIGH", category=technology, inherent_likelihood=4, inherent_impact=4,
                last_reviewed_on=today, owner=owner)  # fmt: skip
    RiskFactory(reference="LOW", category=technology, inherent_likelihood=1, inherent_impact=2,
                last_reviewed_on=None)  # fmt: skip

    def references(query: str) -> list[str]:
        response = client.get(f"/api/risks?{query}")
        assert response.status_code == 200, response.json()
        return [item["reference"] for item in response.json()["items"]]

    assert references("above=true") == ["HIGH"]
    assert references("above=false") == ["LOW"]
    assert references("unmanaged=true") == ["HIGH"]
    assert references("overdue=true") == ["LOW"]
    assert references(f"owner={owner.pk}") == ["HIGH"]
    assert references("band=Low") == ["LOW"]
    assert references("likelihood=4&impact=4") == ["HIGH"]


def test_an_invalid_risk_filter_gets_422_naming_the_filter(client: Client) -> None:
    response = client.get("/api/risks?category=999999&status=sleeping")

    assert response.status_code == 422
    assert response.json()["detail"] == "Some filters are not valid."
    assert set(response.json()["errors"]) == {"category", "status"}


def test_risks_come_in_pages_with_the_total_count(client: Client, technology: RiskCategory) -> None:
    for number in range(1, 31):
        RiskFactory(reference=f"R-{number:03d}", category=technology)

    first = client.get("/api/risks?page_size=20").json()
    second = client.get("/api/risks?page=2&page_size=20").json()

    assert (first["count"], len(first["items"]), len(second["items"])) == (30, 20, 10)
    assert first["items"][0]["reference"] == "R-001"
    assert second["items"][-1]["reference"] == "R-030"


def test_the_risk_list_makes_the_same_number_of_queries_for_40_risks_as_for_4(
    client: Client, technology: RiskCategory
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count: int) -> int:
        for _ in range(count):
            risk = RiskFactory(category=technology, owner=PersonFactory())
            ActionFactory(risk=risk, owner=PersonFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/risks?page_size=100").status_code == 200
            assert client.get("/api/risks/check").status_code == 200
        return len(queries)

    assert queries_for(4) == queries_for(36)


# Reviews.


def test_a_review_sets_the_risks_current_position_and_names_the_reviewer(
    client: Client, admin: Any, technology: RiskCategory
) -> None:
    me = PersonFactory(full_name="Ada Admin", user=admin)
    risk = RiskFactory(category=technology, current_likelihood=4, current_impact=4)
    day = timezone.localdate()

    mine = send(
        client,
        "post",
        f"/api/risks/{risk.pk}/reviews",
        {"likelihood": "unlikely", "impact": "moderate", "comment": "Backups tested."},
    )
    colleague = PersonFactory(full_name="Rhea Reviewer")
    theirs = send(
        client,
        "post",
        f"/api/risks/{risk.pk}/reviews",
        {"likelihood": 1, "impact": 3, "reviewer_id": colleague.pk, "reviewed_on": str(day)},
    )

    assert mine.status_code == theirs.status_code == 201
    assert mine.json() | {"id": 0} == {
        "id": 0,
        "risk_id": risk.pk,
        "reviewed_on": day.isoformat(),
        "reviewer_id": me.pk,
        "likelihood": 2,
        "impact": 3,
        "comment": "Backups tested.",
        "version": 1,
    }
    assert theirs.json()["reviewer_id"] == colleague.pk
    read = client.get(f"/api/risks/{risk.pk}").json()
    assert (read["current_likelihood"], read["current_impact"]) == (1, 3)
    assert read["last_reviewed_on"] == day.isoformat()


def test_a_review_before_the_last_or_off_the_matrix_or_by_nobody_known_gets_422(
    client: Client, technology: RiskCategory
) -> None:
    risk = RiskFactory(category=technology, last_reviewed_on=date(2026, 3, 2))
    path = f"/api/risks/{risk.pk}/reviews"

    early = send(client, "post", path, {"likelihood": 1, "impact": 1, "reviewed_on": "2026-03-01"})
    off = send(client, "post", path, {"likelihood": 9, "impact": "huge"})
    nobody = send(client, "post", path, {"likelihood": 1, "impact": 1, "reviewer_id": 999999})

    assert early.status_code == off.status_code == nobody.status_code == 422
    assert list(early.json()["errors"]) == ["reviewed_on"]
    assert list(off.json()["errors"]) == ["likelihood", "impact"]
    assert list(nobody.json()["errors"]) == ["reviewer_id"]
    assert not Review.objects.exists()


# Acceptances: submitted, decided, revoked.


def test_an_acceptance_is_submitted_accepted_for_twelve_months_and_revoked(
    client: Client, admin: Any, technology: RiskCategory
) -> None:
    risk = RiskFactory(reference="R1", category=technology, current_likelihood=5,
                       current_impact=4)  # fmt: skip
    today = timezone.localdate()

    submitted = send(client, "post", f"/api/risks/{risk.pk}/acceptances", {"reason": "Costly."})
    pk = submitted.json()["id"]
    again = send(client, "post", f"/api/risks/{risk.pk}/acceptances", {"reason": "Again."})
    accepted = send(client, "post", f"/api/acceptances/{pk}/decide", {"accept": True})
    read = client.get(f"/api/acceptances/{pk}")
    revoked = send(client, "post", f"/api/acceptances/{pk}/revoke", {"note": "Supplier failed."})
    revoked_again = send(client, "post", f"/api/acceptances/{pk}/revoke", {})

    assert submitted.status_code == 201
    assert submitted.json()["state"] == "submitted"
    assert (submitted.json()["submitted_by_id"], submitted.json()["submitted_on"]) == (
        admin.pk,
        today.isoformat(),
    )
    assert again.status_code == 422
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["state"] == "accepted"
    assert (body["decided_on"], body["decided_by_id"]) == (today.isoformat(), admin.pk)
    assert body["expires_on"] == latest_acceptance_expiry(today).isoformat()
    assert (body["snapshot"]["reference"], body["snapshot"]["current_likelihood"]) == ("R1", 5)
    assert read.json() == body
    assert revoked.status_code == 200
    assert (revoked.json()["state"], revoked.json()["decision_note"]) == (
        "revoked",
        "Supplier failed.",
    )
    assert revoked_again.status_code == 422


def test_an_acceptance_longer_than_twelve_months_gets_422_and_stays_undecided(
    client: Client,
) -> None:
    acceptance = AcceptanceFactory()
    too_late = latest_acceptance_expiry(timezone.localdate()) + timedelta(days=1)

    response = send(
        client,
        "post",
        f"/api/acceptances/{acceptance.pk}/decide",
        {"accept": True, "expires_on": too_late.isoformat()},
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["expires_on"]
    assert "An acceptance lasts at most 12 months" in response.json()["detail"]
    acceptance.refresh_from_db()
    assert (acceptance.state, acceptance.expires_on) == ("submitted", None)


def test_a_rejected_acceptance_has_no_expiry_and_cannot_be_decided_again(
    client: Client,
) -> None:
    acceptance = AcceptanceFactory()
    path = f"/api/acceptances/{acceptance.pk}/decide"

    rejected = send(client, "post", path, {"accept": False, "note": "Treat it."})
    again = send(client, "post", path, {"accept": True})

    assert rejected.status_code == 200
    assert (rejected.json()["state"], rejected.json()["expires_on"]) == ("rejected", None)
    assert rejected.json()["snapshot"] is None
    assert again.status_code == 422
    assert again.json() == {"detail": "This acceptance is already rejected."}
    assert Acceptance.objects.get().state == "rejected"


# Appetite statements and categories.


def test_a_statement_is_drafted_then_approved_once_and_only_then_counts(
    client: Client, admin: Any, technology: RiskCategory
) -> None:
    RiskFactory(reference="R1", category=technology, inherent_likelihood=3, inherent_impact=2)
    today = timezone.localdate()

    drafted = send(
        client,
        "post",
        "/api/appetite-statements",
        {"category_id": technology.pk, "level": " Averse ", "effective_from": "2025-01-01",
         "statement": "We avoid technology risk."},
    )  # fmt: skip
    pk = drafted.json()["id"]
    before = client.get("/api/risks/check").json()["above_appetite"]
    approved = send(client, "post", f"/api/appetite-statements/{pk}/approve")
    again = send(client, "post", f"/api/appetite-statements/{pk}/approve")
    after = client.get("/api/risks/check").json()["above_appetite"]

    assert drafted.status_code == 201
    assert drafted.json() | {"id": 0} == {
        "id": 0,
        "category_id": technology.pk,
        "level": "averse",
        "tolerance": None,
        "statement": "We avoid technology risk.",
        "effective_from": "2025-01-01",
        "state": "draft",
        "approved_by_id": None,
        "approved_on": None,
        "version": 1,
    }
    assert (before, after) == ([], ["R1"])
    assert approved.status_code == 200
    assert (approved.json()["state"], approved.json()["approved_on"]) == (
        "approved",
        today.isoformat(),
    )
    assert approved.json()["approved_by_id"] == admin.pk
    assert again.status_code == 422
    assert again.json() == {"detail": "This statement is approved, not a draft."}


def test_a_statement_with_an_unknown_level_or_a_tolerance_off_the_scale_gets_422(
    client: Client, technology: RiskCategory
) -> None:
    statement = {"category_id": technology.pk, "effective_from": "2025-01-01"}

    unknown = send(client, "post", "/api/appetite-statements", {**statement, "level": "bold"})
    too_high = send(
        client, "post", "/api/appetite-statements", {**statement, "level": "open", "tolerance": 0}
    )

    assert unknown.status_code == too_high.status_code == 422
    assert unknown.json()["errors"] == {
        "level": ["“bold” is not an appetite level; write one of averse, minimal, cautious, "
                  "open, eager."]
    }  # fmt: skip
    assert not AppetiteStatement.objects.exists()


def test_statements_list_filters_by_category_and_state(
    client: Client, technology: RiskCategory
) -> None:
    people = RiskCategoryFactory(key="people", name="People", order=1)
    AppetiteStatementFactory(category=technology, level="open", state="approved")
    AppetiteStatementFactory(category=people, level="minimal")
    AppetiteStatementFactory(category=people, level="averse", state="approved")

    def levels(query: str) -> list[str]:
        return [s["level"] for s in client.get(f"/api/appetite-statements?{query}").json()["items"]]

    assert levels("") == ["averse", "minimal", "open"]  # category order, newest first
    assert levels(f"category={people.pk}") == ["averse", "minimal"]
    assert levels("state=approved") == ["averse", "open"]
    assert levels(f"state=draft&category={technology.pk}") == []


def test_categories_are_listed_added_and_renamed_with_the_version_read(
    client: Client, technology: RiskCategory
) -> None:
    listed = client.get("/api/risk-categories").json()
    added = send(
        client, "post", "/api/risk-categories", {"key": "climate", "name": "Climate", "order": 5}
    )
    duplicate = send(client, "post", "/api/risk-categories", {"key": "technology", "name": "T"})
    unversioned = send(client, "patch", f"/api/risk-categories/{technology.pk}", {"name": "X"})
    renamed = send(
        client,
        "patch",
        f"/api/risk-categories/{technology.pk}",
        {"name": "Digital", "version": technology.version},
    )
    stale = send(
        client, "patch", f"/api/risk-categories/{technology.pk}", {"name": "Y", "version": 1}
    )

    assert [c["key"] for c in listed["items"]] == ["technology"]
    assert added.status_code == 201
    assert added.json() | {"id": 0} == {
        "id": 0, "key": "climate", "name": "Climate", "description": "", "order": 5,
        "is_active": True, "version": 1,
    }  # fmt: skip
    assert duplicate.status_code == 422
    assert list(duplicate.json()["errors"]) == ["key"]
    assert unversioned.status_code == 422
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["version"]) == ("Digital", 2)
    assert stale.status_code == 409
    assert [c["key"] for c in client.get("/api/risk-categories").json()["items"]] == [
        "climate",
        "technology",
    ]


def test_registers_filter_by_kind(client: Client) -> None:
    RegisterFactory(name="Corporate risk register", kind="corporate")
    RegisterFactory(name="Place risk register", kind="department")

    response = client.get("/api/risk-registers?kind=corporate")

    assert [r["name"] for r in response.json()["items"]] == ["Corporate risk register"]


def test_a_register_holding_risks_cannot_be_deleted(client: Client) -> None:
    risk = RiskFactory()

    response = client.delete(f"/api/risk-registers/{risk.register_id}")

    assert response.status_code == 422
    assert "risks still refer to it" in response.json()["detail"]


# The OpenAPI document.


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_the_openapi_document_has_every_risk_route_with_unique_operations() -> None:
    response = Client().get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    expected = {
        "/api/risk-registers": {"get", "post"},
        "/api/risk-registers/{pk}": {"get", "patch", "delete"},
        "/api/risks": {"get", "post"},
        "/api/risks/{pk}": {"get", "patch", "delete"},
        "/api/risks/check": {"get"},
        "/api/risks/{pk}/reviews": {"post"},
        "/api/risks/{pk}/acceptances": {"post"},
        "/api/risk-categories": {"get", "post"},
        "/api/risk-categories/{pk}": {"get", "patch"},
        "/api/appetite-statements": {"get", "post"},
        "/api/appetite-statements/{pk}": {"get"},
        "/api/appetite-statements/{pk}/approve": {"post"},
        "/api/acceptances/{pk}": {"get"},
        "/api/acceptances/{pk}/decide": {"post"},
        "/api/acceptances/{pk}/revoke": {"post"},
    }
    assert {path: set(paths[path]) for path in expected} == expected
    operation_ids = [op["operationId"] for path in paths.values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for path, operations in paths.items():
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), (path, declared)
            assert operation["responses"], path
    for ref in _refs(document):
        assert ref.rsplit("/", 1)[1] in document["components"]["schemas"]
    check = paths["/api/risks/check"]["get"]
    assert [p["name"] for p in check["parameters"]] == ["as_of"]
    assert {"type": "string", "format": "date"} in check["parameters"][0]["schema"]["anyOf"]
    check_schema = check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert list(
        document["components"]["schemas"][check_schema.rsplit("/", 1)[1]]["properties"]
    ) == (CHECK_KEYS)
    listing = {p["name"] for p in paths["/api/risks"]["get"]["parameters"]}
    assert {"page", "page_size", "q", "register", "category", "department", "status"} <= listing
