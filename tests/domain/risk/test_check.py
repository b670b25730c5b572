"""The register check (`govdx risks check`): every rule at its boundary, and the explanations."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    AcceptanceFacts,
    AcceptanceState,
    ActionFacts,
    AppetiteLevel,
    AppetiteStatement,
    Flag,
    ReviewCadence,
    RiskFacts,
    RiskStatus,
    acceptance_expiry_valid,
    check_register,
    judge_risk,
    latest_acceptance_expiry,
    reference_order,
    tolerance_on,
    validate_acceptance_expiry,
)

AS_OF = datetime.date(2026, 3, 31)
YESTERDAY = AS_OF - datetime.timedelta(days=1)
TOMORROW = AS_OF + datetime.timedelta(days=1)
MANAGING = ActionFacts(open=True, has_owner=True, due_on=datetime.date(2026, 6, 30))


def risk(
    reference: str = "R1",
    *,
    category: str = "technology",
    status: RiskStatus = RiskStatus.OPEN,
    inherent: tuple[int, int] = (5, 5),
    current: tuple[int, int] | None = None,
    target: tuple[int, int] | None = None,
    last_review: datetime.date | None = AS_OF,
    actions: tuple[ActionFacts, ...] = (MANAGING,),
    acceptances: tuple[AcceptanceFacts, ...] = (),
) -> RiskFacts:
    return RiskFacts(
        reference,
        category,
        status,
        inherent,
        current,
        target,
        last_review,
        actions,
        acceptances,
    )


def check(*risks: RiskFacts, tolerance: int = 10, as_of: datetime.date = AS_OF):
    return check_register(risks, tolerance=lambda category: tolerance, as_of=as_of)


def accepted(decided_on: datetime.date, expires_on: datetime.date | None) -> AcceptanceFacts:
    return AcceptanceFacts(AcceptanceState.ACCEPTED, decided_on, expires_on)


# --- which risks are judged ----------------------------------------------------------------


def test_only_open_risks_are_judged():
    result = check(
        risk("R1"),
        risk("R2", status=RiskStatus.CLOSED, last_review=None),
        risk("R3", status=RiskStatus.MATERIALISED, last_review=None),
    )
    assert result.risks == ("R1",)
    assert result.overdue_review == ()
    assert [judgement.reference for judgement in result.judgements] == ["R1"]


def test_lists_are_sorted_by_reference_reading_numbers_as_numbers():
    references = ["CR10", "CR2", "cr3", "AB-1", "CR1"]
    result = check(*(risk(reference, current=(5, 4)) for reference in references))
    expected = ("AB-1", "CR1", "CR2", "cr3", "CR10")
    assert result.risks == expected
    assert result.above_appetite == expected


def test_a_reference_given_twice_is_refused():
    with pytest.raises(Invalid, match="R1 appears twice"):
        check(risk("R1"), risk("R1", status=RiskStatus.CLOSED))


# --- above appetite ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "above"),
    [((3, 3), False), ((1, 9), False), ((1, 1), False), ((2, 5), True), ((5, 2), True)],
)
def test_a_score_equal_to_the_tolerance_is_not_above_appetite(current, above):
    assert (check(risk(current=current), tolerance=9).above_appetite == ("R1",)) is above


def test_the_current_score_comes_from_inherent_when_no_current_is_given():
    judgement = check(risk(inherent=(3, 4), current=None)).judgement("R1")
    assert judgement.score_from == "inherent"
    assert judgement.current_score == 12
    assert judgement.above_appetite
    lower = check(risk(inherent=(5, 5), current=(2, 2))).judgement("R1")
    assert lower.score_from == "current"
    assert lower.current_score == 4
    assert not lower.above_appetite


def test_each_category_is_judged_by_its_own_tolerance():
    tolerances = {"security": 4, "commercial": 20}
    result = check_register(
        [
            risk("R1", category="security", current=(1, 5)),
            risk("R2", category="commercial", current=(4, 5)),
        ],
        tolerance=tolerances.__getitem__,
        as_of=AS_OF,
    )
    assert result.above_appetite == ("R1",)


# --- target outside appetite ---------------------------------------------------------------


@pytest.mark.parametrize(("target", "outside"), [((3, 3), False), ((2, 5), True), (None, False)])
def test_a_target_is_outside_appetite_only_when_its_score_exceeds_the_tolerance(target, outside):
    result = check(risk(target=target), tolerance=9)
    assert (result.target_outside_appetite == ("R1",)) is outside


# --- unmanaged -----------------------------------------------------------------------------


def test_above_appetite_with_an_open_owned_dated_action_is_managed():
    judgement = check(risk(current=(4, 4))).judgement("R1")
    assert judgement.above_appetite
    assert not judgement.unmanaged
    assert judgement.managing_action == MANAGING


@pytest.mark.parametrize(
    "action",
    [
        ActionFacts(open=False, has_owner=True, due_on=AS_OF),
        ActionFacts(open=True, has_owner=False, due_on=AS_OF),
        ActionFacts(open=True, has_owner=True, due_on=None),
    ],
)
def test_an_action_closed_ownerless_or_undated_does_not_manage_a_risk(action):
    result = check(risk(current=(4, 4), actions=(action,)))
    assert result.unmanaged == ("R1",)


def test_a_risk_within_appetite_is_never_unmanaged():
    assert check(risk(current=(2, 5), actions=())).unmanaged == ()


@pytest.mark.parametrize(
    ("acceptance", "unmanaged"),
    [
        (accepted(YESTERDAY, AS_OF), False),  # expiring on the day: still in force
        (accepted(AS_OF, TOMORROW), False),  # decided on the day: in force
        (accepted(datetime.date(2025, 4, 1), YESTERDAY), True),  # expired the day before
        (accepted(TOMORROW, datetime.date(2026, 12, 31)), True),  # not yet decided on the day
        (accepted(YESTERDAY, None), True),  # no expiry recorded: not in force
        (AcceptanceFacts(AcceptanceState.SUBMITTED, None, TOMORROW), True),
        (AcceptanceFacts(AcceptanceState.REJECTED, YESTERDAY, TOMORROW), True),
        (AcceptanceFacts(AcceptanceState.REVOKED, YESTERDAY, TOMORROW), True),
    ],
)
def test_an_acceptance_keeps_a_risk_managed_only_while_in_force(acceptance, unmanaged):
    result = check(risk(current=(4, 4), actions=(), acceptances=(acceptance,)))
    assert (result.unmanaged == ("R1",)) is unmanaged


# --- overdue review ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "days_ago", "overdue"),
    [
        ((4, 4), 30, False),  # score 16: every 30 days, due today
        ((4, 4), 31, True),
        ((3, 3), 90, False),  # score 9: every 90 days
        ((3, 3), 91, True),
        ((2, 3), 180, False),  # score 6: every 180 days
        ((2, 3), 181, True),
    ],
)
def test_a_review_due_on_the_day_is_not_overdue(current, days_ago, overdue):
    last_review = AS_OF - datetime.timedelta(days=days_ago)
    result = check(risk(current=current, last_review=last_review), tolerance=25)
    assert (result.overdue_review == ("R1",)) is overdue


def test_a_risk_never_reviewed_is_overdue():
    result = check(risk(last_review=None))
    assert result.overdue_review == ("R1",)
    assert result.judgement("R1").review_due is None


def test_the_organisations_cadence_is_used():
    slow = ReviewCadence(high_days=60, medium_days=120, low_days=365)
    facts = [risk(current=(4, 4), last_review=AS_OF - datetime.timedelta(days=45))]
    assert check_register(facts, tolerance=lambda _: 25, as_of=AS_OF).overdue_review == ("R1",)
    assert check_register(facts, tolerance=lambda _: 25, as_of=AS_OF, cadence=slow).risks
    assert not check_register(
        facts, tolerance=lambda _: 25, as_of=AS_OF, cadence=slow
    ).overdue_review


# --- expired acceptances -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acceptance", "expired"),
    [
        (accepted(datetime.date(2025, 4, 1), YESTERDAY), True),
        (accepted(datetime.date(2025, 4, 1), AS_OF), False),
        (AcceptanceFacts(AcceptanceState.REVOKED, datetime.date(2025, 4, 1), YESTERDAY), False),
        (AcceptanceFacts(AcceptanceState.REJECTED, datetime.date(2025, 4, 1), YESTERDAY), False),
        (accepted(datetime.date(2025, 4, 1), None), False),
    ],
)
def test_an_accepted_acceptance_expiring_before_the_day_is_expired(acceptance, expired):
    result = check(risk(current=(1, 1), acceptances=(acceptance,)))
    assert (result.expired_acceptances == ("R1",)) is expired


def test_an_expired_acceptance_is_listed_even_when_a_renewal_is_in_force():
    old = accepted(datetime.date(2025, 3, 1), datetime.date(2026, 2, 28))
    renewal = accepted(datetime.date(2026, 3, 1), datetime.date(2027, 2, 28))
    result = check(risk(current=(4, 4), actions=(), acceptances=(old, renewal)))
    assert result.expired_acceptances == ("R1",)
    assert result.unmanaged == ()


# --- acceptance expiry: at most 12 months --------------------------------------------------


@pytest.mark.parametrize(
    ("decided_on", "latest"),
    [
        (datetime.date(2025, 3, 31), datetime.date(2026, 3, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (datetime.date(2023, 2, 28), datetime.date(2024, 2, 28)),
        (datetime.date(2023, 3, 1), datetime.date(2024, 3, 1)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 12, 31)),
    ],
)
def test_an_acceptance_may_run_twelve_calendar_months_and_no_further(decided_on, latest):
    assert latest_acceptance_expiry(decided_on) == latest
    assert acceptance_expiry_valid(decided_on, latest)
    assert acceptance_expiry_valid(decided_on, decided_on)
    assert not acceptance_expiry_valid(decided_on, latest + datetime.timedelta(days=1))
    assert not acceptance_expiry_valid(decided_on, decided_on - datetime.timedelta(days=1))


def test_an_acceptance_expiry_too_late_or_too_early_is_refused_with_the_allowed_dates():
    with pytest.raises(Invalid) as too_late:
        validate_acceptance_expiry(datetime.date(2024, 2, 29), datetime.date(2025, 3, 1))
    assert too_late.value.message == (
        "An acceptance lasts at most 12 months: decided on 29 February 2024, it must expire by "
        "28 February 2025."
    )
    assert too_late.value.field_errors == {"expires_on": [too_late.value.message]}
    with pytest.raises(Invalid, match="choose a date from 1 March 2025 to 1 March 2026"):
        validate_acceptance_expiry(datetime.date(2025, 3, 1), datetime.date(2025, 2, 1))
    validate_acceptance_expiry(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))


# --- appetite statements and explanations --------------------------------------------------


def test_statements_judge_the_register_by_the_appetite_in_force_on_the_day():
    statements = [
        AppetiteStatement("technology", AppetiteLevel.OPEN, datetime.date(2024, 4, 1), True),
        AppetiteStatement("technology", AppetiteLevel.AVERSE, datetime.date(2026, 4, 1), True),
    ]
    facts = [risk(current=(3, 4))]
    before = check_register(facts, tolerance=statements, as_of=AS_OF)
    after = check_register(facts, tolerance=statements, as_of=TOMORROW)
    assert before.above_appetite == ()
    assert after.above_appetite == ("R1",)
    assert after.judgement("R1").appetite == tolerance_on("technology", statements, TOMORROW)


def test_every_flag_comes_with_its_figures_and_a_reason():
    statements = [
        AppetiteStatement("technology", AppetiteLevel.CAUTIOUS, datetime.date(2025, 4, 1), True)
    ]
    facts = risk(
        current=(4, 4),
        target=(3, 4),
        last_review=datetime.date(2026, 1, 1),
        actions=(),
        acceptances=(accepted(datetime.date(2025, 1, 10), datetime.date(2026, 1, 10)),),
    )
    judgement = check_register([facts], tolerance=statements, as_of=AS_OF).judgement("R1")
    assert judgement.flags == (
        Flag.ABOVE_APPETITE,
        Flag.TARGET_OUTSIDE_APPETITE,
        Flag.UNMANAGED,
        Flag.OVERDUE_REVIEW,
        Flag.EXPIRED_ACCEPTANCE,
    )
    assert (judgement.current_score, judgement.target_score, judgement.tolerance) == (16, 12, 10)
    assert judgement.review_due == datetime.date(2026, 1, 31)
    assert judgement.review_interval_days == 30
    messages = [reason.message for reason in judgement.reasons]
    assert messages == [
        "Current score 16 (4 \u00d7 4) is above the tolerance of 10 for technology (cautious "
        "appetite, statement effective 1 April 2025).",
        "Target score 12 (3 \u00d7 4) is above the tolerance of 10 for technology (cautious "
        "appetite, statement effective 1 April 2025).",
        "Above appetite with no open action that has an owner and a due date, and no "
        "acceptance in force on 31 March 2026.",
        "Last reviewed 1 January 2026; a current score of 16 is reviewed every 30 days, so the "
        "review was due 31 January 2026.",
        "An acceptance, decided 10 January 2025, expired on 10 January 2026, before 31 March 2026.",
    ]


def test_a_risk_inside_every_rule_has_no_reasons():
    judgement = judge_risk(risk(current=(2, 2), target=(1, 2)), tolerance=10, as_of=AS_OF)
    assert judgement.reasons == ()
    assert judgement.appetite is None


def test_the_json_of_the_check_follows_the_command_line_contract():
    result = check(risk("R1", current=(4, 4), actions=()), risk("R2", last_review=None))
    as_json = json.loads(json.dumps(result.as_dict()))
    assert list(as_json) == [
        "as_of",
        "risks",
        "above_appetite",
        "target_outside_appetite",
        "unmanaged",
        "overdue_review",
        "expired_acceptances",
    ]
    assert as_json["as_of"] == "2026-03-31"
    assert as_json["risks"] == ["R1", "R2"]
    assert as_json["above_appetite"] == ["R1", "R2"]
    assert as_json["unmanaged"] == ["R1"]
    assert as_json["overdue_review"] == ["R2"]


@pytest.mark.parametrize("assessment", [(0, 3), (3,), ("3", 4)])
def test_a_broken_assessment_is_refused_naming_the_risk(assessment):
    with pytest.raises(Invalid, match="Risk R1: the current assessment"):
        check(risk(current=assessment))


# --- properties ----------------------------------------------------------------------------

levels = st.integers(1, 5)
assessments = st.tuples(levels, levels)
actions = st.builds(
    ActionFacts,
    open=st.booleans(),
    has_owner=st.booleans(),
    due_on=st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)),
)
acceptances = st.builds(
    AcceptanceFacts,
    state=st.sampled_from(list(AcceptanceState)),
    decided_on=st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)),
    expires_on=st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)),
)
registers = st.lists(
    st.builds(
        risk,
        reference=st.just(""),
        status=st.sampled_from(list(RiskStatus)),
        inherent=assessments,
        current=st.none() | assessments,
        target=st.none() | assessments,
        last_review=st.none() | st.dates(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)),
        actions=st.lists(actions, max_size=3).map(tuple),
        acceptances=st.lists(acceptances, max_size=3).map(tuple),
    ),
    max_size=12,
)


@given(registers, st.integers(0, 25))
def test_every_list_is_a_sorted_subset_of_the_judged_risks(register, tolerance):
    facts = [replace(item, reference=f"R{n}") for n, item in enumerate(register)]
    result = check(*facts, tolerance=tolerance)
    judged = set(result.risks)
    assert judged == {f.reference for f in facts if f.status == RiskStatus.OPEN}
    assert list(result.risks) == sorted(result.risks, key=reference_order)
    for name in ("above_appetite", "target_outside_appetite", "unmanaged", "overdue_review"):
        listed = getattr(result, name)
        assert set(listed) <= judged
        assert list(listed) == sorted(listed, key=reference_order)
    assert set(result.unmanaged) <= set(result.above_appetite)
    for judgement in result.judgements:
        assert judgement.above_appetite is (judgement.current_score > tolerance)
