"""Readiness imports, all or nothing, and readiness gates judged on the latest results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.domain.tabular import ImportProblems
from govdx.people import selectors, services
from govdx.people.models import ChangeImpact, ReadinessGate, Survey, SurveyResponse
from tests.people.conftest import FINANCE, HIGHWAYS, ROWS

pytestmark = pytest.mark.django_db


def test_readiness_import_creates_the_survey_and_its_responses_matched_to_groups(import_survey):
    result = import_survey()
    assert result.as_dict() == {
        "survey": "Before training",
        "survey_created": True,
        "rows": 4,
        "responses": {"created": 4, "updated": 0, "unchanged": 0, "removed": 0},
        "groups": [FINANCE, HIGHWAYS],
    }
    survey = Survey.objects.get(name="Before training")
    assert survey.source == "Before training.csv"
    assert survey.responses.filter(group__role_family="Finance officers").count() == 3


def test_readiness_report_counts_barriers_means_and_share_ready_per_group(import_survey):
    import_survey()
    report = selectors.readiness_report(selectors.survey_find("before TRAINING")).as_dict()
    assert report["respondents"] == 4
    finance = report["groups"][FINANCE]
    assert finance["respondents"] == 3
    assert finance["barriers"] == {"awareness": 0, "desire": 0, "knowledge": 1, "ability": 0,
                                   "reinforcement": 0, "none": 2}  # fmt: skip
    assert finance["means"]["awareness"] == pytest.approx(4.33)
    assert finance["ready_share"] == pytest.approx(0.6667)
    assert report["groups"][HIGHWAYS]["barriers"]["awareness"] == 1


def test_reimporting_the_same_file_changes_nothing(import_survey):
    import_survey()
    history = SurveyResponse.history.count()
    again = import_survey()
    assert again.responses.as_dict() == {"created": 0, "updated": 0, "unchanged": 4, "removed": 0}
    assert SurveyResponse.history.count() == history


def test_the_file_is_the_survey_changed_scores_update_and_missing_respondents_go(import_survey):
    import_survey()
    rows = [row[:] for row in ROWS[:3]]
    rows[1][4] = 5  # r2 is now ready
    result = import_survey(rows)
    assert result.responses.as_dict() == {"created": 0, "updated": 1, "unchanged": 2, "removed": 1}
    assert not SurveyResponse.objects.filter(respondent="r4").exists()
    assert SurveyResponse.objects.get(respondent="r2").history.first().history_change_reason == (
        "imported from Before training.csv"
    )


def test_readiness_import_refuses_the_whole_file_naming_an_unknown_group_by_row_and_column(
    import_survey,
):
    rows = [*ROWS, ["r5", "Finance / Auditors", 5, 5, 5, 5, 5]]
    with pytest.raises(ImportProblems) as refused:
        import_survey(rows)
    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (6, "group")
    assert "“Finance / Auditors” is not a people group" in problem.message
    assert not Survey.objects.exists()
    assert not SurveyResponse.objects.exists()


def test_readiness_import_refuses_a_score_outside_1_to_5_naming_row_and_column(import_survey):
    rows = [row[:] for row in ROWS]
    rows[2][6] = 6
    with pytest.raises(ImportProblems) as refused:
        import_survey(rows)
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "reinforcement")]
    assert not SurveyResponse.objects.exists()


def test_a_dry_run_reports_what_would_change_and_writes_nothing(import_survey):
    result = import_survey(dry_run=True)
    assert result.responses.created == 4
    assert result.survey_id is None
    assert not Survey.objects.exists()


def test_a_workbook_with_a_title_row_imports_like_a_csv(groups, survey_file):
    path = survey_file(name="survey.xlsx")
    result = services.readiness_import(path, survey_name="Pulse", user=SYSTEM)
    assert result.responses.created == 4


def test_only_change_managers_and_administrators_import_surveys(import_survey, make_user):
    for role in (Role.PROGRAMME_MANAGER, Role.VIEWER, Role.DEPARTMENT_LEAD):
        with pytest.raises(NotAllowed):
            import_survey(user=make_user(role))
    assert import_survey(user=make_user(Role.CHANGE_MANAGER)).responses.created == 4


def test_an_empty_survey_name_is_refused(import_survey):
    with pytest.raises(Invalid, match="Name the survey"):
        import_survey(survey="  ")


def test_a_change_impact_is_one_per_project_and_group(groups, go_live):
    data = {"project": go_live.project, "group": groups["finance"], "degree": "high"}
    services.change_impact_create(data=data, user=SYSTEM)
    with pytest.raises(Invalid, match="already recorded"):
        services.change_impact_create(data={**data, "degree": "low"}, user=SYSTEM)
    assert ChangeImpact.objects.get().degree == "high"


def test_a_readiness_gate_is_set_on_a_milestone_only(groups, go_live):
    activity = go_live.project.activities.get(code="A")
    with pytest.raises(Invalid, match="not one"):
        services.readiness_gate_create(
            data={"milestone": activity, "group": groups["finance"], "threshold": Decimal("0.7")},
            user=SYSTEM,
        )


def _gate(groups: dict[str, Any], milestone: Any, threshold: str = "0.6") -> ReadinessGate:
    return services.readiness_gate_create(
        data={"milestone": milestone, "group": groups["finance"], "threshold": Decimal(threshold)},
        user=SYSTEM,
    )


def test_a_readiness_gate_changes_state_when_new_survey_results_arrive(
    import_survey, groups, go_live
):
    gate = _gate(groups, go_live, "0.7")
    assert selectors.gate_state(gate).state == "no survey yet"

    import_survey(survey="Before training")  # Finance: 2 of 3 ready
    before = selectors.gate_state(gate)
    assert (before.state, before.survey.name) == ("not met", "Before training")
    assert (before.judgement.ready, before.judgement.respondents) == (2, 3)

    after = [row[:] for row in ROWS]
    after[1][4] = 4  # r2 past the knowledge barrier: 3 of 3 ready
    import_survey(after, survey="After training", conducted_on=before.survey.conducted_on)
    now = selectors.gate_state(gate)
    assert (now.state, now.survey.name) == ("met", "After training")
    assert "3 of 3 in Finance / Finance officers are ready (100%)" in now.message


def test_a_gate_naming_its_survey_is_judged_on_that_survey_only(import_survey, groups, go_live):
    import_survey(survey="Before training")
    gate = _gate(groups, go_live, "0.7")
    services.readiness_gate_update(
        instance=gate, data={"survey": Survey.objects.get()}, user=SYSTEM, expected_version=None
    )
    after = [row[:] for row in ROWS]
    after[1][4] = 4
    import_survey(after, survey="After training")
    state = selectors.gate_state(ReadinessGate.objects.get())
    assert (state.state, state.survey.name) == ("not met", "Before training")


def test_a_gate_at_exactly_its_threshold_is_met(import_survey, groups, go_live):
    rows = [*ROWS[:2], ["r3", FINANCE, 5, 5, 5, 5, 5], ["r5", FINANCE, 1, 1, 1, 1, 1]]
    import_survey(rows)  # Finance: 2 of 4 ready
    assert selectors.gate_state(_gate(groups, go_live, "0.5")).state == "met"


def test_judging_the_gates_takes_the_same_queries_however_many_gates(
    import_survey, groups, go_live, django_assert_num_queries
):
    import_survey(survey="Before training")
    for group in groups.values():
        services.readiness_gate_create(
            data={"milestone": go_live, "group": group, "threshold": Decimal("0.7")}, user=SYSTEM
        )
    with django_assert_num_queries(4):  # the gates, the latest surveys (2), the responses
        states = selectors.gate_states(selectors.readiness_gate_list())
    assert sorted((s.gate.group.name, s.state, s.judgement.ready) for s in states) == [
        ("Finance / Finance officers", "not met", 2),
        ("Highways / Inspectors", "not met", 0),
    ]
