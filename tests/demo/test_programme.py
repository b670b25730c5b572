"""The demo council's transformation programme, loaded as a programme manager would: plan files
imported, a baseline saved, a revised plan imported over it. The demo is loaded once for the
package (see conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from govdx.demo.generator import DEMO_SEED
from govdx.demo.programme import PROGRAMME_NAME, PROJECTS, load_programme_demo
from govdx.programme import selectors
from govdx.programme.models import (
    Activity,
    Baseline,
    Benefit,
    BenefitActual,
    Dependency,
    GateReview,
    Programme,
    Project,
    StatusReport,
)

pytestmark = pytest.mark.django_db


def test_the_demo_council_runs_a_programme_of_six_planned_projects_with_slippage(
    demo: dict[str, Any],
) -> None:
    counts = demo["programme"]

    projects = Project.objects.filter(programme__name=PROGRAMME_NAME)
    assert sorted(projects.values_list("name", flat=True)) == sorted(p.name for p in PROJECTS)
    assert counts["projects"] == 6
    assert 140 <= Activity.objects.count() == counts["activities"] <= 160
    assert Dependency.objects.count() == counts["dependencies"] >= Activity.objects.count()
    assert counts["baselines"] == Baseline.objects.count() == 6
    # Accountable people, budgets, owners and three-point estimates throughout
    assert not projects.filter(senior_responsible_owner__isnull=True)
    assert not projects.filter(project_manager__isnull=True)
    assert not projects.filter(budget__isnull=True)
    work = Activity.objects.filter(milestone=False)
    assert not work.filter(owner__isnull=True) and not work.filter(budget__isnull=True)
    assert all(a.optimistic < a.most_likely < a.pessimistic for a in work)
    assert Activity.objects.filter(milestone=True).count() >= 25
    assert Dependency.objects.exclude(kind="FS").exists()
    assert Dependency.objects.exclude(lag=0).exists()
    # Imported from the plan files, CSV and workbook both, by the programme manager
    sources = set(Activity.objects.values_list("source", flat=True))
    assert {s.rsplit(".", 1)[1] for s in sources} == {"csv", "xlsx"}
    assert any("revised" in s for s in sources)
    history = Activity.history.filter(history_type="+").first()
    assert history is not None and history.history_user.username == "programme"
    # The revised plan has slipped against the baseline the business case set
    revenues = projects.get(name="Online revenues and benefits")
    schedule = selectors.project_schedule(revenues)
    assert schedule.baseline is not None and schedule.baseline.name == "Business case"
    live = next(row for row in schedule.milestones if row.activity.code == "R22")
    assert live.slip is not None and live.slip > 0
    assert counts["milestones_slipped"] >= 12
    assert revenues.applications.exists()
    # Six months of status reports, the latest this month, rolled up with their trend
    assert counts["status_reports"] == StatusReport.objects.count() >= 30
    assert StatusReport.objects.filter(project=revenues).count() == 6
    assert StatusReport.objects.filter(scale="three_point").exists()
    assert StatusReport.objects.filter(key_risks__isnull=False).exists()
    today = timezone.localdate()
    roll_up = selectors.programme_confidence(projects, today)
    assert len(roll_up.projects) == 6
    assert roll_up.declined >= 1 and roll_up.improved >= 1
    # Gate reviews with recommendations, one of them overdue
    assert counts["gate_reviews"] == GateReview.objects.count() == 2
    assert counts["recommendations_overdue"] >= 1
    # A benefits register per project, of every type, with actuals; one benefit at risk
    assert counts["benefits"] == Benefit.objects.count() == 18
    assert set(Benefit.objects.values_list("type", flat=True)) == {
        "cashable", "non_cashable", "societal",
    }  # fmt: skip
    assert all(p.benefits.count() == 3 for p in projects)
    assert counts["benefit_actuals"] == BenefitActual.objects.count() >= 12
    benefits = selectors.programme_benefits(projects, today)
    assert [(row.benefit.name, [s.activity.code for s in row.slipped])
            for row in benefits.at_risk] == [("Postage and printing saved", ["R22"])]  # fmt: skip
    assert counts["benefits_at_risk"] == 1
    assert 0 < benefits.roll_up.cashable_realised < benefits.roll_up.cashable_target


def _as_loaded() -> dict[str, Any]:
    return {
        "projects": sorted(
            Project.objects.values_list(
                "name", "start_date", "budget", "senior_responsible_owner__full_name",
                "project_manager__full_name",
            )
        ),
        "activities": sorted(
            Activity.objects.values_list(
                "project__name", "code", "optimistic", "most_likely", "pessimistic",
                "owner__email", "budget",
            )
        ),
        "dependencies": sorted(
            Dependency.objects.values_list("predecessor__code", "successor__code", "kind", "lag")
        ),
        "benefits": sorted(
            Benefit.objects.values_list(
                "project__name", "name", "type", "baseline", "target", "start_date",
                "target_date", "owner__full_name",
            )
        ),
        "actuals": sorted(
            BenefitActual.objects.values_list("benefit__name", "measured_on", "value")
        ),
    }  # fmt: skip


def test_the_same_seed_gives_the_same_programme_and_loading_again_changes_nothing(
    demo: dict[str, Any],
) -> None:
    first = demo["programme"]
    first_programme = _as_loaded()
    history = Activity.history.count()

    again = load_programme_demo(seed=DEMO_SEED)
    assert again == first
    assert Activity.history.count() == history
    benefit_history = Benefit.history.count()
    # A database loaded before the benefits register gains it once, and only once
    Benefit.objects.all().delete()
    assert load_programme_demo(seed=DEMO_SEED) == first
    assert load_programme_demo(seed=DEMO_SEED) == first
    assert Benefit.history.filter(history_type="+").count() == benefit_history + 18

    with transaction.atomic():
        Project.objects.all().delete()
        Programme.objects.all().delete()
        assert not Activity.objects.exists()
        second = load_programme_demo(seed=DEMO_SEED)
        assert second == first
        assert _as_loaded() == first_programme
        transaction.set_rollback(True)


def test_the_demo_projects_depend_on_each_other_across_the_programme(
    demo: dict[str, Any],
) -> None:
    projects = Project.objects.filter(programme__name=PROGRAMME_NAME)
    links = selectors.cross_project_links(projects)

    pairs = sorted((link.dependency.predecessor.code, link.dependency.successor.code)
                   for link in links)  # fmt: skip
    assert pairs == [("R09", "D10"), ("R10", "P06")]
    centre = projects.get(name="Data centre exit")
    analysis = selectors.project_analysis(centre, iterations=200)
    assert "R09" not in analysis["activities"]
    assert all(not code.startswith("[") for code in analysis["critical_path"])
