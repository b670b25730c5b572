"""The demo council's governance: boards with a year of meetings, a restricted paper,
decisions and actions, RACI grids with deliberate gaps, and two maturity assessments per
directorate. The demo is loaded once for the package (see conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone
from simple_history.models import HistoryDescriptor

from govdx.demo.generator import DEMO_SEED
from govdx.demo.governance import RESTRICTED_PAPER, load_governance_demo
from govdx.domain.governance.strategy import KpiState
from govdx.governance import selectors
from govdx.governance.models import Board, BoardAction, MaturityAssessment, Objective, Paper
from govdx.org.models import Department

pytestmark = pytest.mark.django_db


def test_the_demo_council_has_boards_with_a_year_of_meetings_decisions_and_actions(
    demo: dict[str, Any],
) -> None:
    counts = demo["governance"]

    assert counts["boards"] == Board.objects.count() == 3
    transformation = Board.objects.get(kind="transformation")
    assert transformation.meetings.count() == 13  # a year of monthly meetings and the next
    assert counts["decisions"] == 6 and counts["actions"] >= 12
    assert BoardAction.objects.filter(completed_on__isnull=True).exists()
    paper = Paper.objects.get(title=RESTRICTED_PAPER)
    assert paper.restricted and paper.meeting.board == transformation
    assert transformation.memberships.filter(person__user__username="board").exists()
    assert not transformation.memberships.filter(person__user__username="viewer").exists()


def test_the_demo_raci_grids_carry_deliberate_gaps_the_check_finds(demo: dict[str, Any]) -> None:
    check = selectors.governance_check()

    problems = {problem.problem.value for problem in check.raci_problems}
    assert problems == {"no accountable", "more than one accountable", "no responsible"}
    assert demo["governance"]["raci_rows"] == 36


def test_each_directorate_has_two_maturity_assessments_a_year_apart(demo: dict[str, Any]) -> None:
    directorates = Department.objects.filter(kind="directorate")
    for directorate in directorates:
        assert MaturityAssessment.objects.filter(department=directorate).count() == 2
    assert demo["governance"]["maturity_assessments"] == 2 * directorates.count()


def test_the_demo_strategy_has_objectives_with_kpis_actuals_and_the_work_serving_them(
    demo: dict[str, Any],
) -> None:
    counts = demo["governance"]

    assert counts["objectives"] == Objective.objects.count() == 3
    assert counts["kpis"] == 6 and counts["kpi_actuals"] == 17
    today = timezone.localdate()
    for objective in Objective.objects.all():
        assert objective.projects.exists() and objective.benefits.exists()
        for shown in selectors.objective_kpis(objective, today):
            assert shown.progress.state is not KpiState.NOT_MEASURED
    online = Objective.objects.get(title="Services online by default")
    assert online.projects.filter(name="Online revenues and benefits").exists()


def test_loading_the_governance_demo_again_changes_nothing(demo: dict[str, Any]) -> None:
    models = apps.get_app_config("governance").get_models()
    tracked = [m for m in models if isinstance(m.__dict__.get("history"), HistoryDescriptor)]
    history = {m.__name__: m.history.count() for m in tracked}  # type: ignore[attr-defined]
    assert sum(history.values()) > 0, "no governance model keeps history"

    assert load_governance_demo(seed=DEMO_SEED) == demo["governance"]
    assert {m.__name__: m.history.count() for m in tracked} == history  # type: ignore[attr-defined]
