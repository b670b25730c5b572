"""Every write to the risk registers through its service, on the real database: reviews,
escalation, the acceptance state machine and its twelve-month limit, appetite approval, the
Orange Book categories and the rules a risk must keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.risk import services
from govdx.risk.models import Acceptance, AppetiteStatement, Escalation, Review, Risk, RiskCategory
from tests.factories import (
    AcceptanceFactory,
    AppetiteStatementFactory,
    PersonFactory,
    RegisterFactory,
    RiskCategoryFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMINISTRATOR, username="ada")


@pytest.fixture
def technology() -> RiskCategory:
    return RiskCategoryFactory(key="technology", name="Technology")


def new_risk(technology: RiskCategory, **fields: Any) -> dict[str, Any]:
    return {
        "register": RegisterFactory(),
        "title": "Payroll system fails",
        "category": technology,
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        **fields,
    }


# Reviews.


def test_a_review_sets_the_current_scores_and_the_last_review_date_and_is_kept_in_history(
    admin: Any,
) -> None:
    risk = RiskFactory(current_likelihood=4, current_impact=4)
    reviewer = PersonFactory(full_name="Rhea Reviewer")

    review = services.review_record(
        risk=risk,
        reviewed_on=date(2026, 3, 2),
        likelihood=2,
        impact=3,
        comment="New backups tested.",
        reviewer=reviewer,
        user=admin,
    )

    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact) == (2, 3)
    assert risk.last_reviewed_on == date(2026, 3, 2)
    assert risk.version == 2
    assert Review.objects.get() == review
    assert (review.likelihood, review.impact, review.reviewer) == (2, 3, reviewer)
    assert review.comment == "New backups tested."
    latest = risk.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "review on 2026-03-02"
    assert latest.history_user == admin
    before = risk.history.order_by("history_date", "history_id").first()
    assert (before.current_likelihood, before.current_impact) == (4, 4)
    assert review.history.get().history_user == admin


def test_a_review_dated_before_the_last_one_is_refused_and_nothing_is_written(admin: Any) -> None:
    risk = RiskFactory(current_likelihood=4, current_impact=4, last_reviewed_on=date(2026, 3, 2))

    with pytest.raises(Invalid) as refused:
        services.review_record(
            risk=risk, reviewed_on=date(2026, 3, 1), likelihood=1, impact=1, comment="",
            reviewer=None, user=admin,
        )  # fmt: skip

    assert refused.value.message == (
        "The risk was last reviewed on 2026-03-02; a review cannot be dated before it."
    )
    assert list(refused.value.field_errors) == ["reviewed_on"]
    assert not Review.objects.exists()
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.last_reviewed_on) == (4, date(2026, 3, 2))


def test_a_second_review_on_the_day_of_the_last_is_accepted(admin: Any) -> None:
    risk = RiskFactory(last_reviewed_on=date(2026, 3, 2))

    services.review_record(
        risk=risk, reviewed_on=date(2026, 3, 2), likelihood=2, impact=2, comment="Again.",
        reviewer=None, user=admin,
    )  # fmt: skip

    assert Review.objects.count() == 1


def test_a_review_off_the_scale_is_refused(admin: Any) -> None:
    risk = RiskFactory()

    with pytest.raises(Invalid) as refused:
        services.review_record(
            risk=risk, reviewed_on=date(2026, 3, 2), likelihood=0, impact=3, comment="",
            reviewer=None, user=admin,
        )  # fmt: skip

    assert "likelihood" in refused.value.field_errors
    assert not Review.objects.exists()


def test_a_department_lead_may_not_review_a_risk_outside_their_department(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    ours = RiskFactory(department=org["finance"])
    theirs = RiskFactory(department=org["highways"])

    services.review_record(
        risk=ours, reviewed_on=date(2026, 3, 2), likelihood=2, impact=2, comment="",
        reviewer=None, user=lead,
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.review_record(
            risk=theirs, reviewed_on=date(2026, 3, 2), likelihood=2, impact=2, comment="",
            reviewer=None, user=lead,
        )  # fmt: skip

    assert list(Review.objects.values_list("risk", flat=True)) == [ours.pk]


# Escalation.


def test_escalating_moves_the_risk_and_keeps_where_from_where_to_when_and_why(admin: Any) -> None:
    corporate = RegisterFactory(name="Corporate", kind="corporate")
    finance = RegisterFactory(name="Finance", parent=corporate)
    risk = RiskFactory(register=finance)

    escalation = services.escalate(
        risk=risk, to_register=corporate, reason="  Council-wide impact.  ",
        on=date(2026, 2, 10), user=admin,
    )  # fmt: skip

    risk.refresh_from_db()
    assert risk.register == corporate
    assert Escalation.objects.get() == escalation
    assert (escalation.from_register, escalation.to_register) == (finance, corporate)
    assert (escalation.escalated_on, escalation.reason) == (
        date(2026, 2, 10),
        "Council-wide impact.",
    )
    assert risk.history.order_by("-history_date").first().history_change_reason == (
        "escalated to Corporate"
    )


def test_escalating_needs_another_register_and_a_reason(admin: Any) -> None:
    corporate = RegisterFactory(name="Corporate", kind="corporate")
    risk = RiskFactory()

    with pytest.raises(Invalid) as same:
        services.escalate(
            risk=risk, to_register=risk.register, reason="Why not", on=date(2026, 2, 10),
            user=admin,
        )  # fmt: skip
    with pytest.raises(Invalid) as blank:
        services.escalate(
            risk=risk, to_register=corporate, reason="   ", on=date(2026, 2, 10), user=admin
        )

    assert same.value.message == "The risk is already on that register."
    assert blank.value.field_errors == {"reason": ["Give a reason."]}
    assert not Escalation.objects.exists()
    assert Risk.objects.get().register != corporate


# Acceptances: submitted, then accepted or rejected; an accepted one can be revoked.


def test_an_acceptance_is_submitted_then_accepted_with_a_frozen_copy_and_then_revoked(
    admin: Any,
) -> None:
    risk = RiskFactory(reference="R-7", current_likelihood=4, current_impact=5)

    submitted = services.acceptance_submit(
        risk=risk, reason=" Treatment costs more than the loss. ", user=admin, on=date(2026, 1, 5)
    )
    accepted = services.acceptance_decide(
        acceptance=submitted, accept=True, note="For one year.", on=date(2026, 1, 12),
        expires_on=date(2026, 12, 31), user=admin,
    )  # fmt: skip
    revoked = services.acceptance_revoke(acceptance=accepted, note="Supplier failed.", user=admin)

    assert submitted.state == "submitted"
    assert (submitted.reason, submitted.submitted_by, submitted.submitted_on) == (
        "Treatment costs more than the loss.",
        admin,
        date(2026, 1, 5),
    )
    assert accepted.state == "accepted"
    assert (accepted.decided_on, accepted.decided_by, accepted.expires_on) == (
        date(2026, 1, 12),
        admin,
        date(2026, 12, 31),
    )
    assert accepted.snapshot["reference"] == "R-7"
    assert (accepted.snapshot["current_likelihood"], accepted.snapshot["current_impact"]) == (4, 5)
    assert revoked.state == "revoked"
    assert revoked.decision_note == "Supplier failed."
    assert [row.history_change_reason for row in revoked.history.order_by("history_date")] == [
        None,
        "decided",
        "revoked",
    ]


def test_a_rejected_acceptance_keeps_no_expiry_and_no_copy_and_cannot_be_revoked(
    admin: Any,
) -> None:
    acceptance = AcceptanceFactory()

    rejected = services.acceptance_decide(
        acceptance=acceptance, accept=False, note="Treat it instead.", on=date(2026, 1, 12),
        expires_on=None, user=admin,
    )  # fmt: skip

    assert (rejected.state, rejected.expires_on, rejected.snapshot) == ("rejected", None, None)
    with pytest.raises(Invalid) as refused:
        services.acceptance_revoke(acceptance=rejected, note="", user=admin)
    assert refused.value.message == "Only an accepted risk can have its acceptance revoked."


def test_a_decided_acceptance_cannot_be_decided_again(admin: Any) -> None:
    acceptance = AcceptanceFactory()
    services.acceptance_decide(
        acceptance=acceptance, accept=True, note="", on=date(2026, 1, 12), expires_on=None,
        user=admin,
    )  # fmt: skip

    with pytest.raises(Invalid) as refused:
        services.acceptance_decide(
            acceptance=Acceptance.objects.get(), accept=False, note="", on=date(2026, 1, 13),
            expires_on=None, user=admin,
        )  # fmt: skip

    assert refused.value.message == "This acceptance is already accepted."
    assert Acceptance.objects.get().state == "accepted"


def test_a_submitted_acceptance_cannot_be_revoked(admin: Any) -> None:
    with pytest.raises(Invalid):
        services.acceptance_revoke(acceptance=AcceptanceFactory(), note="", user=admin)

    assert Acceptance.objects.get().state == "submitted"


def test_only_one_acceptance_of_a_risk_waits_for_a_decision_at_a_time(admin: Any) -> None:
    risk = RiskFactory()
    services.acceptance_submit(risk=risk, reason="First.", user=admin, on=date(2026, 1, 5))

    with pytest.raises(Invalid) as refused:
        services.acceptance_submit(risk=risk, reason="Second.", user=admin, on=date(2026, 1, 6))
    with pytest.raises(Invalid) as blank:
        services.acceptance_submit(risk=RiskFactory(), reason=" ", user=admin, on=date(2026, 1, 6))

    assert refused.value.message == "An acceptance of this risk is already waiting for a decision."
    assert blank.value.field_errors == {"reason": ["Give a reason."]}
    assert Acceptance.objects.count() == 1


def test_an_acceptance_runs_twelve_months_by_default_and_no_longer(admin: Any) -> None:
    by_default = services.acceptance_decide(
        acceptance=AcceptanceFactory(), accept=True, note="", on=date(2026, 1, 12),
        expires_on=None, user=admin,
    )  # fmt: skip
    longest = services.acceptance_decide(
        acceptance=AcceptanceFactory(), accept=True, note="", on=date(2026, 1, 12),
        expires_on=date(2027, 1, 12), user=admin,
    )  # fmt: skip
    too_long = AcceptanceFactory()

    with pytest.raises(Invalid) as refused:
        services.acceptance_decide(
            acceptance=too_long, accept=True, note="", on=date(2026, 1, 12),
            expires_on=date(2027, 1, 13), user=admin,
        )  # fmt: skip

    assert by_default.expires_on == longest.expires_on == date(2027, 1, 12)
    assert refused.value.field_errors == {
        "expires_on": [
            "An acceptance lasts at most 12 months: decided on 12 January 2026, it must expire "
            "by 12 January 2027."
        ]
    }
    too_long.refresh_from_db()
    assert (too_long.state, too_long.expires_on, too_long.snapshot) == ("submitted", None, None)


def test_an_acceptance_decided_on_29_february_runs_to_28_february_at_the_latest(
    admin: Any,
) -> None:
    leap_day = date(2024, 2, 29)
    by_default = services.acceptance_decide(
        acceptance=AcceptanceFactory(), accept=True, note="", on=leap_day, expires_on=None,
        user=admin,
    )  # fmt: skip

    with pytest.raises(Invalid) as refused:
        services.acceptance_decide(
            acceptance=AcceptanceFactory(), accept=True, note="", on=leap_day,
            expires_on=date(2025, 3, 1), user=admin,
        )  # fmt: skip

    assert by_default.expires_on == date(2025, 2, 28)
    assert "must expire by 28 February 2025" in refused.value.message


def test_an_acceptance_cannot_expire_before_it_is_decided(admin: Any) -> None:
    with pytest.raises(Invalid) as refused:
        services.acceptance_decide(
            acceptance=AcceptanceFactory(), accept=True, note="", on=date(2026, 1, 12),
            expires_on=date(2026, 1, 11), user=admin,
        )  # fmt: skip

    assert "cannot expire (11 January 2026) before it is decided" in refused.value.message


def test_the_copy_an_acceptance_keeps_does_not_change_when_the_risk_does(admin: Any) -> None:
    risk = RiskFactory(title="Payroll system fails", current_likelihood=4, current_impact=5)
    acceptance = services.acceptance_decide(
        acceptance=AcceptanceFactory(risk=risk), accept=True, note="", on=date(2026, 1, 12),
        expires_on=None, user=admin,
    )  # fmt: skip
    frozen = dict(acceptance.snapshot)

    services.risk_update(
        instance=risk, data={"title": "Payroll and HR system fails", "current_impact": 3},
        user=admin, expected_version=None,
    )  # fmt: skip
    services.review_record(
        risk=Risk.objects.get(), reviewed_on=date(2026, 2, 1), likelihood=1, impact=1,
        comment="", reviewer=None, user=admin,
    )  # fmt: skip

    acceptance.refresh_from_db()
    assert acceptance.snapshot == frozen
    assert (acceptance.snapshot["title"], acceptance.snapshot["current_impact"]) == (
        "Payroll system fails",
        5,
    )
    assert acceptance.snapshot["category"] == "Technology"


def test_only_a_board_member_or_an_administrator_decides_or_revokes_an_acceptance(
    make_user: Callable[..., Any],
) -> None:
    risk_manager = make_user(Role.RISK_MANAGER)
    acceptance = AcceptanceFactory()

    with pytest.raises(NotAllowed) as decide:
        services.acceptance_decide(
            acceptance=acceptance, accept=True, note="", on=date(2026, 1, 12), expires_on=None,
            user=risk_manager,
        )  # fmt: skip
    accepted = services.acceptance_decide(
        acceptance=acceptance, accept=True, note="", on=date(2026, 1, 12), expires_on=None,
        user=SYSTEM,
    )  # fmt: skip
    with pytest.raises(NotAllowed) as revoke:
        services.acceptance_revoke(acceptance=accepted, note="", user=risk_manager)

    assert decide.value.message == (
        "Only a board member or an administrator may accept a risk above appetite."
    )
    assert (
        revoke.value.message == "Only a board member or an administrator may revoke an acceptance."
    )
    assert Acceptance.objects.get().state == "accepted"


def test_a_board_member_decides_an_acceptance_and_approves_a_statement(
    make_user: Callable[..., Any],
) -> None:
    board = make_user(Role.BOARD_MEMBER)

    accepted = services.acceptance_decide(
        acceptance=AcceptanceFactory(), accept=True, note="", on=date(2026, 1, 12),
        expires_on=None, user=board,
    )  # fmt: skip
    approved = services.statement_approve(
        statement=AppetiteStatementFactory(), user=board, on=date(2026, 1, 12)
    )

    assert (accepted.decided_by, approved.approved_by) == (board, board)


# Appetite statements.


def test_a_statement_is_drafted_then_approved_once(admin: Any, technology: RiskCategory) -> None:
    statement = services.statement_create(
        data={"category": technology, "level": "minimal", "effective_from": date(2026, 4, 1),
              "state": "approved"},
        user=admin,
    )  # fmt: skip

    assert statement.state == "draft"  # a draft whatever the caller says
    approved = services.statement_approve(statement=statement, user=admin, on=date(2026, 3, 18))
    assert (approved.state, approved.approved_by, approved.approved_on) == (
        "approved",
        admin,
        date(2026, 3, 18),
    )
    with pytest.raises(Invalid) as again:
        services.statement_approve(statement=approved, user=admin, on=date(2026, 3, 19))
    assert again.value.message == "This statement is approved, not a draft."
    assert AppetiteStatement.objects.get().approved_on == date(2026, 3, 18)


def test_a_withdrawn_statement_cannot_be_approved(admin: Any) -> None:
    withdrawn = AppetiteStatementFactory(state="withdrawn")

    with pytest.raises(Invalid) as refused:
        services.statement_approve(statement=withdrawn, user=admin, on=date(2026, 3, 18))

    assert refused.value.message == "This statement is withdrawn, not a draft."


def test_a_risk_manager_drafts_a_statement_but_may_not_approve_it(
    make_user: Callable[..., Any], technology: RiskCategory
) -> None:
    risk_manager = make_user(Role.RISK_MANAGER)
    statement = services.statement_create(
        data={"category": technology, "level": "open", "effective_from": date(2026, 4, 1)},
        user=risk_manager,
    )

    with pytest.raises(NotAllowed):
        services.statement_approve(statement=statement, user=risk_manager, on=date(2026, 3, 18))

    assert AppetiteStatement.objects.get().state == "draft"


# The Orange Book categories.


def test_loading_the_orange_book_categories_twice_leaves_the_thirteen_once(admin: Any) -> None:
    first = services.categories_load(user=admin)
    second = services.categories_load(user=admin)

    assert (first, second) == (13, 0)
    assert RiskCategory.objects.count() == 13
    assert list(RiskCategory.objects.values_list("key", flat=True)) == [
        "strategy", "governance", "operations", "legal", "property", "financial", "commercial",
        "people", "technology", "information", "security", "project-programme", "reputational",
    ]  # fmt: skip


def test_loading_the_categories_keeps_a_renamed_category_and_adds_only_the_missing(
    admin: Any,
) -> None:
    services.categories_load(user=admin)
    technology = RiskCategory.objects.get(key="technology")
    services.category_update(
        instance=technology, data={"name": "Digital and technology"}, user=admin,
        expected_version=technology.version,
    )  # fmt: skip
    RiskCategory.objects.filter(key="legal").delete()

    added = services.categories_load(user=admin)

    assert added == 1
    assert RiskCategory.objects.count() == 13
    assert RiskCategory.objects.get(key="technology").name == "Digital and technology"


# The rules a risk keeps (Risk.clean, applied by the services).


def test_a_new_risk_without_a_reference_gets_one_not_taken(
    admin: Any, technology: RiskCategory
) -> None:
    first = services.risk_create(data=new_risk(technology), user=admin)
    second = services.risk_create(data=new_risk(technology, reference=""), user=admin)
    RiskFactory(reference="R-0003")
    third = services.risk_create(data=new_risk(technology), user=admin)
    own = services.risk_create(data=new_risk(technology, reference="CR-9"), user=admin)

    assert (first.reference, second.reference) == ("R-0001", "R-0002")
    assert third.reference == "R-0004"  # R-0003 was taken
    assert own.reference == "CR-9"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"current_likelihood": 3}, "current_impact"),
        ({"current_impact": 3}, "current_impact"),
        ({"target_likelihood": 2}, "target_impact"),
    ],
)
def test_a_current_or_target_position_needs_both_likelihood_and_impact(
    admin: Any, technology: RiskCategory, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(Invalid) as refused:
        services.risk_create(data=new_risk(technology, **fields), user=admin)

    stage = field.split("_")[0]
    assert refused.value.field_errors == {
        field: [f"Give both the {stage} likelihood and the {stage} impact, or neither."]
    }
    assert not Risk.objects.exists()


def test_a_cost_is_three_points_or_an_interval_not_both(
    admin: Any, technology: RiskCategory
) -> None:
    both = {"probability": Decimal("0.2"), "cost_likely": 100_000, "cost_p5": 10_000,
            "cost_p95": 900_000}  # fmt: skip

    with pytest.raises(Invalid) as refused:
        services.risk_create(data=new_risk(technology, **both), user=admin)

    assert refused.value.field_errors == {
        "cost_p5": ["Give the cost as three points or as a 90% interval, not both."]
    }


def test_a_probability_needs_a_cost(admin: Any, technology: RiskCategory) -> None:
    with pytest.raises(Invalid) as refused:
        services.risk_create(data=new_risk(technology, probability=Decimal("0.2")), user=admin)

    assert refused.value.field_errors == {
        "cost_likely": ["A probability needs a cost impact to quantify exposure."]
    }


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"current_likelihood": 2, "current_impact": 3, "target_likelihood": 1, "target_impact": 2},
        {"probability": Decimal("0.25"), "cost_low": 1, "cost_likely": 2, "cost_high": 3},
        {"probability": Decimal("0.25"), "cost_p5": 1_000, "cost_p95": 90_000},
        {"cost_likely": 50_000},
    ],
)
def test_a_risk_keeping_the_rules_is_saved(
    admin: Any, technology: RiskCategory, fields: dict[str, Any]
) -> None:
    services.risk_create(data=new_risk(technology, **fields), user=admin)

    assert Risk.objects.count() == 1


def test_a_change_that_breaks_a_rule_is_refused_and_the_risk_is_left_as_it_was(
    admin: Any,
) -> None:
    risk = RiskFactory(current_likelihood=2, current_impact=2)

    with pytest.raises(Invalid):
        services.risk_update(
            instance=risk, data={"current_impact": None}, user=admin, expected_version=1
        )

    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact, risk.version) == (2, 2, 1)
