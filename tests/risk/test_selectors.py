"""The register check and the heat map on real rows: the stored risks, actions, acceptances and
appetite statements turned into the facts the domain judges, each rule at its boundary, and the
register as it stood on a past date judged by the appetite then in force.

The past is made by dating the history rows django-simple-history keeps, as they would be had
the changes been made on those days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.domain.risk import default_matrix
from govdx.risk import selectors, services
from govdx.risk.models import AppetiteStatement, Risk, RiskCategory
from tests.factories import (
    AcceptanceFactory,
    ActionFactory,
    AppetiteStatementFactory,
    PersonFactory,
    RiskCategoryFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 31)
YESTERDAY = AS_OF - timedelta(days=1)
TOMORROW = AS_OF + timedelta(days=1)


@pytest.fixture
def technology() -> RiskCategory:
    return RiskCategoryFactory(key="technology", name="Technology")


def check(**kwargs: Any) -> dict[str, Any]:
    return selectors.register_check(**{"as_of": AS_OF, **kwargs}).as_dict()


def reviewed(**fields: Any) -> Risk:
    """An open risk reviewed on the day, so that only the rule under test can flag it."""
    return RiskFactory(**{"last_reviewed_on": AS_OF, **fields})


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def date_history(record: Any, *days: date) -> None:
    """Date the record's history rows, oldest first, at noon on each of `days`."""
    rows = list(type(record).history.filter(id=record.pk).order_by("history_id"))
    assert len(rows) == len(days), f"{record} has {len(rows)} history rows"
    for row, day in zip(rows, days, strict=True):
        type(record).history.filter(history_id=row.history_id).update(history_date=noon(day))


# The rules, each at its boundary.


def test_the_check_lists_open_risks_only_sorted_by_reference_read_as_numbers(
    technology: RiskCategory,
) -> None:
    for reference in ("R10", "R2", "R1"):
        reviewed(reference=reference, category=technology)
    reviewed(reference="R3", category=technology, status="closed")
    reviewed(reference="R4", category=technology, status="materialised")

    assert check()["risks"] == ["R1", "R2", "R10"]


def test_a_score_equal_to_the_tolerance_is_not_above_appetite(technology: RiskCategory) -> None:
    # No approved statement: judged as cautious, tolerance 10.
    reviewed(reference="AT", category=technology, current_likelihood=2, current_impact=5)
    reviewed(reference="OVER", category=technology, current_likelihood=3, current_impact=4)
    reviewed(reference="INHERENT", category=technology, inherent_likelihood=4, inherent_impact=3)

    result = check()

    assert result["above_appetite"] == ["INHERENT", "OVER"]
    judgement = selectors.register_check(as_of=AS_OF).judgement("AT")
    assert (judgement.current_score, judgement.tolerance) == (10, 10)


def test_a_target_equal_to_the_tolerance_is_inside_appetite(technology: RiskCategory) -> None:
    reviewed(reference="AT", category=technology, target_likelihood=2, target_impact=5)
    reviewed(reference="OVER", category=technology, target_likelihood=3, target_impact=4)
    reviewed(reference="NONE", category=technology, inherent_likelihood=5, inherent_impact=5)

    assert check()["target_outside_appetite"] == ["OVER"]


def test_a_review_due_on_the_day_is_not_overdue_and_one_due_the_day_before_is(
    technology: RiskCategory,
) -> None:
    # Score 9 is reviewed every 90 days, 15 every 30 and 4 every 180.
    reviewed(reference="DUE", category=technology, last_reviewed_on=AS_OF - timedelta(days=90))
    reviewed(reference="LATE", category=technology, last_reviewed_on=AS_OF - timedelta(days=91))
    reviewed(
        reference="HIGH", category=technology, inherent_likelihood=5, inherent_impact=3,
        last_reviewed_on=AS_OF - timedelta(days=31),
    )  # fmt: skip
    reviewed(
        reference="LOW", category=technology, inherent_likelihood=2, inherent_impact=2,
        last_reviewed_on=AS_OF - timedelta(days=180),
    )  # fmt: skip
    reviewed(reference="NEVER", category=technology, last_reviewed_on=None)

    assert check()["overdue_review"] == ["HIGH", "LATE", "NEVER"]


def test_an_acceptance_expiring_on_the_day_is_still_in_force(technology: RiskCategory) -> None:
    above = {"category": technology, "inherent_likelihood": 4, "inherent_impact": 4}
    on_the_day = reviewed(reference="ON-DAY", **above)
    lapsed = reviewed(reference="LAPSED", **above)
    not_yet = reviewed(reference="NOT-YET", **above)
    rejected = reviewed(reference="REJECTED", **above)
    accepted = {"state": "accepted", "decided_on": date(2025, 4, 1)}
    AcceptanceFactory(risk=on_the_day, expires_on=AS_OF, **accepted)
    AcceptanceFactory(risk=lapsed, expires_on=YESTERDAY, **accepted)
    AcceptanceFactory(
        risk=not_yet, state="accepted", decided_on=TOMORROW, expires_on=date(2027, 3, 1)
    )
    AcceptanceFactory(risk=rejected, state="rejected", decided_on=date(2025, 4, 1))

    result = check()

    assert result["unmanaged"] == ["LAPSED", "NOT-YET", "REJECTED"]
    assert result["expired_acceptances"] == ["LAPSED"]


def test_an_action_manages_a_risk_only_when_open_with_an_owner_and_a_due_date(
    technology: RiskCategory,
) -> None:
    owner = PersonFactory()
    above = {"category": technology, "inherent_likelihood": 4, "inherent_impact": 4}
    cases = {
        "MANAGED": {"owner": owner, "due_on": AS_OF},
        "NO-OWNER": {"owner": None, "due_on": AS_OF},
        "NO-DUE": {"owner": owner, "due_on": None},
        "DONE": {"owner": owner, "due_on": AS_OF, "status": "done"},
        "CANCELLED": {"owner": owner, "due_on": AS_OF, "status": "cancelled"},
    }
    for reference, action in cases.items():
        ActionFactory(risk=reviewed(reference=reference, **above), **action)
    reviewed(reference="NO-ACTION", **above)
    reviewed(reference="WITHIN", category=technology, inherent_likelihood=2, inherent_impact=2)

    assert check()["unmanaged"] == ["CANCELLED", "DONE", "NO-ACTION", "NO-DUE", "NO-OWNER"]


def test_statements_count_only_once_approved_and_from_their_effective_date(
    technology: RiskCategory,
) -> None:
    people = RiskCategoryFactory(key="people", name="People")
    legal = RiskCategoryFactory(key="legal", name="Legal")
    # Averse (4) would put a score of 6 above appetite; cautious (10) would not.
    AppetiteStatementFactory(category=technology, level="averse", effective_from=date(2025, 1, 1))
    AppetiteStatementFactory(
        category=people, level="averse", state="approved", effective_from=TOMORROW
    )
    AppetiteStatementFactory(category=legal, level="averse", state="approved", effective_from=AS_OF)
    for reference, category in (("T", technology), ("P", people), ("L", legal)):
        reviewed(reference=reference, category=category, inherent_likelihood=3, inherent_impact=2)

    assert check()["above_appetite"] == ["L"]
    assert check(as_of=TOMORROW)["above_appetite"] == ["L", "P"]


def test_a_statement_may_set_its_own_tolerance(technology: RiskCategory) -> None:
    AppetiteStatementFactory(
        category=technology, level="open", tolerance=8, state="approved",
        effective_from=date(2025, 1, 1),
    )  # fmt: skip
    reviewed(reference="EIGHT", category=technology, inherent_likelihood=2, inherent_impact=4)
    reviewed(reference="NINE", category=technology, inherent_likelihood=3, inherent_impact=3)

    assert check()["above_appetite"] == ["NINE"]


def test_the_latest_statement_in_force_sets_the_appetite(technology: RiskCategory) -> None:
    AppetiteStatementFactory(
        category=technology, level="averse", state="approved", effective_from=date(2024, 4, 1)
    )
    AppetiteStatementFactory(
        category=technology, level="eager", state="approved", effective_from=date(2025, 4, 1)
    )
    reviewed(reference="R1", category=technology, inherent_likelihood=4, inherent_impact=4)

    assert check()["above_appetite"] == []
    assert check(as_of=date(2025, 3, 31))["above_appetite"] == ["R1"]


def test_of_two_statements_effective_the_same_day_the_one_approved_last_rules(
    technology: RiskCategory,
) -> None:
    first = services.statement_create(
        data={"category": technology, "level": "eager", "effective_from": date(2025, 4, 1)},
        user=SYSTEM,
    )
    services.statement_approve(statement=first, user=SYSTEM, on=date(2025, 3, 1))
    correction = services.statement_create(
        data={"category": technology, "level": "averse", "effective_from": date(2025, 4, 1)},
        user=SYSTEM,
    )
    services.statement_approve(statement=correction, user=SYSTEM, on=date(2025, 3, 20))
    reviewed(reference="R1", category=technology, inherent_likelihood=3, inherent_impact=2)

    assert check()["above_appetite"] == ["R1"]


def test_the_check_judges_only_the_risks_it_is_given(technology: RiskCategory) -> None:
    reviewed(reference="MINE", category=technology, inherent_likelihood=5, inherent_impact=5)
    reviewed(reference="OTHER", category=technology, inherent_likelihood=5, inherent_impact=5)

    result = check(risks=Risk.objects.filter(reference="MINE"))

    assert (result["risks"], result["above_appetite"]) == (["MINE"], ["MINE"])


def test_the_check_reads_a_fixed_number_of_queries_however_many_risks(
    technology: RiskCategory,
) -> None:
    def queries_for(count: int) -> int:
        for _ in range(count):
            risk = reviewed(category=technology, inherent_likelihood=4, inherent_impact=4)
            ActionFactory(risk=risk, owner=PersonFactory(), due_on=AS_OF)
            AcceptanceFactory(risk=risk)
        with CaptureQueriesContext(connection) as queries:
            selectors.register_check(as_of=AS_OF)
        return len(queries)

    assert queries_for(2) == queries_for(20)


def test_the_json_keys_are_the_command_line_contract(technology: RiskCategory) -> None:
    reviewed(reference="R1", category=technology)

    assert list(check()) == [
        "as_of", "risks", "above_appetite", "target_outside_appetite", "unmanaged",
        "overdue_review", "expired_acceptances",
    ]  # fmt: skip
    assert check()["as_of"] == "2026-03-31"


# The register as it stood on a past date, against the appetite then in force.


def test_a_past_register_is_judged_by_the_scores_it_had_then(technology: RiskCategory) -> None:
    risk = RiskFactory(
        reference="R1", category=technology, current_likelihood=2, current_impact=2,
        last_reviewed_on=date(2025, 1, 10),
    )  # fmt: skip
    services.risk_update(
        instance=risk, data={"current_likelihood": 4, "current_impact": 4}, user=SYSTEM,
        expected_version=1,
    )  # fmt: skip
    date_history(risk, date(2025, 1, 10), date(2025, 6, 10))

    def above(day: date, historical: bool) -> list[str]:
        return check(as_of=day, historical=historical)["above_appetite"]

    assert check(as_of=date(2025, 1, 9), historical=True)["risks"] == []  # not yet identified
    assert above(date(2025, 3, 1), historical=True) == []
    assert above(date(2025, 6, 10), historical=True) == ["R1"]  # changed that day
    assert above(date(2025, 3, 1), historical=False) == ["R1"]  # as it is now


def test_a_past_register_is_judged_by_the_appetite_in_force_then(
    technology: RiskCategory,
) -> None:
    RiskFactory(
        reference="R1", category=technology, inherent_likelihood=3, inherent_impact=2,
        last_reviewed_on=date(2025, 1, 10),
    )  # fmt: skip
    date_history(Risk.objects.get(), date(2025, 1, 10))
    statement = services.statement_create(
        data={"category": technology, "level": "averse", "effective_from": date(2025, 1, 1)},
        user=SYSTEM,
    )
    services.statement_approve(statement=statement, user=SYSTEM, on=date(2025, 4, 1))
    date_history(statement, date(2025, 1, 10), date(2025, 4, 1))

    def above(day: date, historical: bool) -> list[str]:
        return check(as_of=day, historical=historical)["above_appetite"]

    assert above(date(2025, 3, 31), historical=True) == []  # a draft then: cautious, 10
    assert above(date(2025, 4, 1), historical=True) == ["R1"]  # approved: averse, 4
    assert above(date(2025, 3, 31), historical=False) == ["R1"]  # approved now, effective Jan


def test_a_past_register_counts_only_the_actions_there_were_then(
    technology: RiskCategory,
) -> None:
    risk = RiskFactory(
        reference="R1", category=technology, inherent_likelihood=4, inherent_impact=4,
        last_reviewed_on=date(2025, 1, 10),
    )  # fmt: skip
    action = ActionFactory(risk=risk, owner=PersonFactory(), due_on=date(2025, 9, 30))
    date_history(risk, date(2025, 1, 10))
    date_history(action, date(2025, 6, 1))

    assert check(as_of=date(2025, 5, 31), historical=True)["unmanaged"] == ["R1"]
    assert check(as_of=date(2025, 6, 1), historical=True)["unmanaged"] == []


def test_a_past_register_leaves_out_a_risk_deleted_before_the_day(
    technology: RiskCategory,
) -> None:
    risk = RiskFactory(reference="R1", category=technology)
    pk = risk.pk
    services.risk_delete(instance=risk, user=SYSTEM)
    risk.pk = pk
    date_history(risk, date(2025, 1, 10), date(2025, 6, 1))

    assert check(as_of=date(2025, 5, 31), historical=True)["risks"] == ["R1"]
    assert check(as_of=date(2025, 6, 1), historical=True)["risks"] == []


def test_a_past_register_judges_only_the_risks_it_is_given(technology: RiskCategory) -> None:
    mine = RiskFactory(reference="MINE", category=technology)
    other = RiskFactory(reference="OTHER", category=technology)
    date_history(mine, date(2025, 1, 10))
    date_history(other, date(2025, 1, 10))
    # Number the history rows far from the risks' ids, as they are in a register of any age.
    for offset, row in enumerate(Risk.history.order_by("history_id"), start=1):
        Risk.history.filter(history_id=row.history_id).update(history_id=10_000 + offset)

    result = check(
        as_of=date(2025, 3, 1), historical=True, risks=Risk.objects.filter(reference="MINE")
    )

    assert result["risks"] == ["MINE"]


# The heat map.


def test_the_heat_map_counts_open_risks_in_their_cells_highest_likelihood_first(
    technology: RiskCategory,
) -> None:
    severe = {"category": technology, "inherent_likelihood": 5, "inherent_impact": 5}
    RiskFactory(reference="A", current_likelihood=2, current_impact=3, **severe)
    RiskFactory(
        reference="B", current_likelihood=2, current_impact=3, target_likelihood=1,
        target_impact=1, **severe,
    )  # fmt: skip
    RiskFactory(reference="C", category=technology, inherent_likelihood=4, inherent_impact=1)
    RiskFactory(
        reference="D", category=technology, inherent_likelihood=2, inherent_impact=3,
        status="closed",
    )  # fmt: skip
    risks = list(Risk.objects.all())
    matrix = default_matrix()

    def counts(stage: str) -> dict[tuple[int, int], list[str]]:
        rows = selectors.heat_map(risks, matrix=matrix, stage=stage)
        return {
            (cell["likelihood"], cell["impact"]): cell["references"]
            for row in rows
            for cell in row
            if cell["references"]
        }

    rows = selectors.heat_map(risks, matrix=matrix)
    assert [row[0]["likelihood"] for row in rows] == [5, 4, 3, 2, 1]
    assert [cell["impact"] for cell in rows[0]] == [1, 2, 3, 4, 5]
    assert (rows[0][4]["score"], rows[0][4]["band"].name) == (25, "Very high")
    assert (rows[4][0]["score"], rows[4][0]["band"].name) == (1, "Low")
    assert counts("current") == {(2, 3): ["A", "B"], (4, 1): ["C"]}
    assert counts("inherent") == {(5, 5): ["A", "B"], (4, 1): ["C"]}
    assert counts("target") == {(1, 1): ["B"]}
    assert sum(len(cell["references"]) for row in rows for cell in row) == 3


def test_the_matrix_in_force_is_the_default_until_one_is_set() -> None:
    assert selectors.matrix_on(AS_OF) == default_matrix()


def test_statements_read_for_the_check_name_their_category_by_key(
    technology: RiskCategory, make_user: Callable[..., Any]
) -> None:
    AppetiteStatementFactory(category=technology, level="minimal", tolerance=7, state="approved")

    (facts,) = selectors.statements_facts(AppetiteStatement.objects.all())

    assert (facts.category, facts.level.value, facts.tolerance, facts.approved) == (
        "technology",
        "minimal",
        7,
        True,
    )
