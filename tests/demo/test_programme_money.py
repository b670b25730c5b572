"""The demo programme's money: progress and actual costs to today, so that earned value shows
on every project, rolled up to the programme."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govdx.demo.programme import PROGRAMME_NAME
from govdx.programme import selectors
from govdx.programme.models import Activity, ActualCost, Project

pytestmark = pytest.mark.django_db


def test_the_demo_records_progress_and_monthly_actual_costs_for_its_projects(
    demo: dict[str, Any],
) -> None:
    projects = Project.objects.filter(programme__name=PROGRAMME_NAME)
    assert ActualCost.objects.filter(project__in=projects).count() > 50
    assert Activity.objects.filter(project__in=projects, percent_complete__gt=0).count() > 20
    assert all(cost.source.endswith("-actuals.csv") for cost in ActualCost.objects.all()[:20])


def test_the_demo_programme_has_earned_value_on_every_started_project(
    demo: dict[str, Any],
) -> None:
    today = timezone.localdate()
    value = selectors.portfolio_earned_value(
        Project.objects.filter(programme__name=PROGRAMME_NAME), today
    )
    programme = value.programmes[0]
    assert programme.name == PROGRAMME_NAME
    started = [p for p in programme.projects if p.project.start_date <= today]
    assert started and all(p.figures.actual_cost > 0 for p in started)
    assert programme.figures.cost_performance_index is not None
    assert programme.figures.earned_value == sum(p.figures.earned_value for p in programme.projects)


def test_the_demo_projects_earned_value_grows_month_by_month_from_their_progress_history(
    demo: dict[str, Any],
) -> None:
    today = timezone.localdate()
    projects = Project.objects.filter(programme__name=PROGRAMME_NAME).order_by("pk")
    grown = 0
    for project in projects:
        series = selectors.project_earned_value(project, today).series
        earned = [point.earned_value for point in series if point.earned_value is not None]
        assert earned == sorted(earned), project.name
        if len(earned) >= 3:
            assert len(set(earned)) >= 3, (project.name, earned)
            assert 0 < earned[-2] < earned[-1] or earned[-2] == earned[-1] > 0, project.name
            grown += 1
    assert grown >= 3
