"""The demo council's people and culture change: groups impacted by the demo projects, two
readiness surveys (before and after training, 400 responses), readiness gates on go-live
milestones, deterministic and idempotent. The demo is loaded once for the package (see
conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from govdx.demo.generator import DEMO_SEED
from govdx.demo.people import (
    AFTER,
    BEFORE,
    FRAMEWORK,
    PULSES,
    load_people_demo,
    pulse_rows,
    survey_rows,
)
from govdx.people import selectors
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    PulseSurvey,
    ReadinessGate,
    SkillsFramework,
    Survey,
    SurveyResponse,
)

pytestmark = pytest.mark.django_db

BENEFITS = "Revenues and Benefits / Benefits assessors"
READINESS_KEYS = ("groups", "impacts", "surveys", "responses", "gates", "gates_met")


def test_the_demo_has_groups_impacted_by_its_projects_and_two_surveys_of_400_responses(
    demo: dict[str, Any],
) -> None:
    counts = demo["people_change"]
    assert {key: counts[key] for key in READINESS_KEYS} == {
        "groups": 8, "impacts": 16, "surveys": 2, "responses": 400, "gates": 3, "gates_met": 2,
    }  # fmt: skip
    assert PeopleGroup.objects.count() == 8
    assert set(ChangeImpact.objects.values_list("degree", flat=True)) == {
        "none", "low", "medium", "high"
    }  # fmt: skip
    assert list(Survey.objects.order_by("conducted_on").values_list("name", flat=True)) == [
        BEFORE, AFTER
    ]  # fmt: skip
    assert SurveyResponse.objects.count() == 400


def test_the_go_live_gate_of_online_revenues_was_not_met_before_training_and_is_met_after(
    demo: dict[str, Any],
) -> None:
    gate = ReadinessGate.objects.get(milestone__code="R22")
    state = selectors.gate_state(gate)
    assert (state.state, state.survey.name) == ("met", AFTER)
    assert (state.judgement.ready, state.judgement.respondents) == (36, 45)
    before = selectors.readiness_report(Survey.objects.get(name=BEFORE)).group(BENEFITS)
    assert (before.ready, before.respondents) == (18, 45)


def test_the_demo_gates_show_met_at_the_threshold_and_not_met(demo: dict[str, Any]) -> None:
    states = {s.gate.milestone.code: s for s in selectors.gate_states(ReadinessGate.objects.all())}
    assert states["C09"].state == "met"  # 30 of 50, exactly the 60% needed
    assert (states["C09"].judgement.ready, states["C09"].judgement.respondents) == (30, 50)
    assert states["S19"].state == "not met"


def test_loading_the_people_demo_again_changes_nothing(demo: dict[str, Any]) -> None:
    history = SurveyResponse.history.count() + PeopleGroup.history.count()
    pulse_history = PulseSurvey.history.count()
    assert load_people_demo(seed=DEMO_SEED) == demo["people_change"]
    assert SurveyResponse.history.count() + PeopleGroup.history.count() == history
    assert PulseSurvey.history.count() == pulse_history


def test_the_survey_files_are_the_same_for_the_same_seed(demo: dict[str, Any]) -> None:
    assert survey_rows(DEMO_SEED, 0) == survey_rows(DEMO_SEED, 0)
    assert survey_rows(DEMO_SEED, 0) != survey_rows(DEMO_SEED + 1, 0)


def test_the_demo_has_a_skills_framework_with_staff_assessed_and_training_some_completed(
    demo: dict[str, Any],
) -> None:
    counts = demo["people_change"]
    assert counts["frameworks"] == 1
    assert 24 <= counts["staff_roles"] <= 60
    assert counts["assessments"] >= 3 * counts["staff_roles"]
    assert 0 < counts["training_completed"] < counts["training_plans"]
    framework = SkillsFramework.objects.get(name=FRAMEWORK)
    assert framework.framework_version == 1
    assert framework.roles.count() == 5
    shown = selectors.gap_map(selectors.staff_role_list(), framework)
    assert len(shown.departments) == 5
    bands = {cell.band for cell in shown.cells.values()}
    assert "none" not in bands or len(bands) > 1  # some departments fall short somewhere
    assert any(cell.short for cell in shown.cells.values())


def test_the_demo_has_three_culture_pulses_with_comments_and_a_group_too_small_to_show(
    demo: dict[str, Any],
) -> None:
    counts = demo["people_change"]
    assert (counts["pulses"], counts["pulse_responses"]) == (3, 3 * 64)
    assert 0 < counts["pulse_comments"] < counts["pulse_responses"]
    latest = PulseSurvey.objects.order_by("-conducted_on").first()
    assert latest is not None and latest.name == PULSES[-1][0]
    report = selectors.pulse_report(latest)
    shown = {group.group: group.shown for group in report.groups}
    assert shown["Planning / Planning officers"] is False
    assert sum(shown.values()) == 5
    _, trends = selectors.pulse_trends()
    assert {point.direction for trend in trends for question in trend.questions
            for point in question.points} >= {"new", "up", "down"}  # fmt: skip


def test_the_pulse_files_are_the_same_for_the_same_seed(demo: dict[str, Any]) -> None:
    assert pulse_rows(DEMO_SEED, 1) == pulse_rows(DEMO_SEED, 1)
    assert pulse_rows(DEMO_SEED, 1) != pulse_rows(DEMO_SEED + 1, 1)
