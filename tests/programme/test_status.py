"""Status reports, delivery confidence and gate reviews: the services' rules, the history with
its trend, the programme roll-up, recommendations tracked to closure, and who may do what."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.domain.planning.assurance import Level, Trend
from govdx.programme import selectors, services
from govdx.programme.models import GateReview, Project, Recommendation, StatusReport
from tests.factories import ProjectFactory, RiskFactory
from tests.programme.support import expected_status

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 31)


def report(project: Project, day: datetime.date, level: str, **data: Any) -> StatusReport:
    return services.status_report_create(
        project=project,
        data={"reported_on": day, "level": level, "narrative": "Progress as planned.", **data},
        user=SYSTEM,
    )


def test_a_status_report_keeps_its_month_rating_and_key_risks() -> None:
    project = ProjectFactory()
    risk = RiskFactory()

    saved = report(project, DAY, "amber_green", key_risks=[risk], decisions_needed="Fund beta.")

    assert saved.month == datetime.date(2026, 3, 1)
    assert saved.rating.label == "Amber/green"
    assert list(saved.key_risks.all()) == [risk]
    assert saved.history.count() == 1


def test_a_rating_off_its_scale_is_refused_naming_the_levels_the_scale_has() -> None:
    project = ProjectFactory()

    with pytest.raises(Invalid) as refused:
        report(project, DAY, "amber_green", scale="three_point")

    assert "Green, Amber, Red" in str(refused.value.field_errors["level"])
    assert not StatusReport.objects.exists()


def test_a_second_report_of_a_month_from_the_same_source_is_refused() -> None:
    project = ProjectFactory()
    report(project, DAY, "green")

    with pytest.raises(Invalid, match="already has a status report for March 2026"):
        report(project, DAY - datetime.timedelta(days=3), "amber")

    report(project, DAY - datetime.timedelta(days=2), "amber", source="independent_assurance")
    assert StatusReport.objects.count() == 2


def test_the_status_history_shows_each_months_trend_across_a_change_of_scale() -> None:
    project = ProjectFactory()
    report(project, datetime.date(2026, 1, 30), "green")
    report(project, datetime.date(2026, 2, 27), "amber_green")
    report(project, datetime.date(2026, 3, 31), "amber", scale="three_point")
    report(project, datetime.date(2026, 4, 30), "green", scale="three_point")

    history = selectors.status_history(project)

    assert [e.report.month.month for e in history] == [4, 3, 2, 1]
    assert [e.trend for e in history] == [
        Trend.IMPROVING, Trend.STABLE, Trend.DECLINING, Trend.NEW,
    ]  # fmt: skip


def test_the_programme_rolls_projects_up_with_their_trend_and_gate_review_outcomes() -> None:
    steady, slipping, reviewed = (ProjectFactory(name=n) for n in ("Steady", "Slipping", "Gated"))
    report(steady, datetime.date(2026, 2, 27), "green")
    report(steady, datetime.date(2026, 3, 20), "green")
    report(slipping, datetime.date(2026, 2, 27), "amber_green")
    report(slipping, datetime.date(2026, 3, 20), "amber_red")
    report(reviewed, datetime.date(2026, 3, 2), "green")
    services.gate_review_create(
        project=reviewed,
        data={"gate": 3, "held_on": datetime.date(2026, 3, 10), "level": "amber"},
        user=SYSTEM,
    )

    roll_up = selectors.programme_confidence(Project.objects.all(), DAY)

    assert [(p.project, p.latest.rating.level, p.trend) for p in roll_up.projects] == [
        ("Slipping", Level.AMBER_RED, Trend.DECLINING),
        ("Gated", Level.AMBER, Trend.NEW),
        ("Steady", Level.GREEN, Trend.STABLE),
    ]
    assert (roll_up.declined, roll_up.stable, roll_up.new) == (1, 1, 1)


def test_an_independent_rating_on_the_day_of_a_gate_review_is_refused() -> None:
    project = ProjectFactory()
    services.gate_review_create(
        project=project, data={"gate": 0, "held_on": DAY, "level": "green"}, user=SYSTEM
    )

    with pytest.raises(Invalid, match="gate review"):
        report(project, DAY, "amber", source="independent_assurance")
    report(project, DAY, "amber")  # the senior responsible owner's own is a different rating


def test_recommendations_are_tracked_to_closure_and_overdue_from_the_day_after_due() -> None:
    project = ProjectFactory()
    review = services.gate_review_create(
        project=project,
        data={"gate": 2, "held_on": datetime.date(2026, 1, 15), "level": "amber"},
        user=SYSTEM,
    )
    due = datetime.date(2026, 2, 28)
    first = services.recommendation_create(
        review=review, data={"reference": "1", "text": "Appoint a design authority.",
                             "due_on": due}, user=SYSTEM,
    )  # fmt: skip
    services.recommendation_create(
        review=review, data={"reference": "2", "text": "Re-plan testing.", "due_on": DAY},
        user=SYSTEM,
    )  # fmt: skip
    with pytest.raises(Invalid, match="before the review was held"):
        services.recommendation_create(
            review=review, data={"reference": "3", "text": "Too early.",
                                 "due_on": datetime.date(2026, 1, 1)}, user=SYSTEM,
        )  # fmt: skip

    (shown,) = selectors.gate_reviews_of(project, due)
    assert [item.overdue for item in shown.recommendations] == [False, False]
    (shown,) = selectors.gate_reviews_of(project, due + datetime.timedelta(days=1))
    assert [item.overdue for item in shown.recommendations] == [True, False]

    services.recommendation_close(recommendation=first, on=DAY, user=SYSTEM)

    summary = selectors.recommendations_summary(Project.objects.all(), DAY)
    assert (summary.total, summary.open, summary.closed, summary.overdue) == (2, 1, 1, 0)
    assert Recommendation.objects.get(pk=first.pk).closed_on == DAY
    with pytest.raises(Invalid, match="already closed"):
        services.recommendation_close(recommendation=first, on=DAY, user=SYSTEM)


def test_a_department_lead_reports_on_her_departments_project_only(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    inside = ProjectFactory(department=org["finance"])
    outside = ProjectFactory(department=org["highways"])

    services.status_report_create(
        project=inside, data={"reported_on": DAY, "level": "green", "narrative": "Fine."},
        user=lead,
    )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.status_report_create(
            project=outside, data={"reported_on": DAY, "level": "green", "narrative": "x"},
            user=lead,
        )  # fmt: skip


ROLES = list(Role)


@pytest.mark.parametrize("scope", ["inside", "outside"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_status_and_gate_review_pages_its_grant_allows(
    role: Role,
    scope: str,
    org: dict[str, Any],
    user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    project = ProjectFactory(department=org["finance" if scope == "inside" else "highways"])
    existing = report(project, datetime.date(2026, 2, 27), "green")
    review = services.gate_review_create(
        project=project, data={"gate": 1, "held_on": datetime.date(2026, 1, 5), "level": "green"},
        user=SYSTEM,
    )  # fmt: skip
    recommendation = services.recommendation_create(
        review=review, data={"reference": "1", "text": "Do it."}, user=SYSTEM
    )
    client = client_for(user_in_scope(role))
    today = timezone.localdate()
    reads = 404 if role is Role.SUPPLIER_CONTACT else 200

    statuses = {
        "detail": client.get(f"/programme/projects/{project.pk}/").status_code,
        "report": client.get(f"/programme/status/{existing.pk}/").status_code,
        "add form": client.get(f"/programme/projects/{project.pk}/status/add/").status_code,
        "add": client.post(
            f"/programme/projects/{project.pk}/status/add/",
            {
                "reported_on": today.isoformat(),
                "scale": "five_point",
                "level": "amber",
                "source": "senior_responsible_owner",
                "narrative": "Behind on testing.",
            },
        ).status_code,
        "change": client.post(
            f"/programme/status/{existing.pk}/change/",
            {
                "month": "2026-02-01",
                "reported_on": "2026-02-27",
                "scale": "five_point",
                "level": "amber_red",
                "source": "senior_responsible_owner",
                "narrative": "Worse.",
                "version": existing.version,
            },
        ).status_code,
        "gate review": client.post(
            f"/programme/projects/{project.pk}/gate-reviews/add/",
            {"gate": "2", "held_on": "2026-03-03", "scale": "three_point", "level": "amber"},
        ).status_code,
        "recommendation": client.post(
            f"/programme/gate-reviews/{review.pk}/recommendations/add/",
            {"reference": "2", "text": "Test more."},
        ).status_code,
        "close": client.post(f"/programme/recommendations/{recommendation.pk}/close/").status_code,
    }

    assert statuses == {
        "detail": reads,
        "report": reads,
        "add form": expected_status(role, scope, 200),
        "add": expected_status(role, scope, 302),
        "change": expected_status(role, scope, 302),
        "gate review": expected_status(role, scope, 302),
        "recommendation": expected_status(role, scope, 302),
        "close": expected_status(role, scope, 302),
    }
    written = expected_status(role, scope, 302) == 302
    assert StatusReport.objects.filter(project=project).count() == (2 if written else 1)
    assert GateReview.objects.filter(project=project).count() == (2 if written else 1)
    assert Recommendation.objects.filter(closed_on__isnull=False).exists() is written


def test_the_pages_show_the_ratings_definitions_history_trend_and_overdue_recommendations(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    project = ProjectFactory(name="Data centre exit")
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    report(project, last_month, "green")
    latest = report(project, today, "amber_red", decisions_needed="Approve the extra budget.")
    review = services.gate_review_create(
        project=project, data={"gate": 3, "held_on": last_month - datetime.timedelta(days=40),
                               "level": "amber", "review_team": "Assurance hub"}, user=SYSTEM,
    )  # fmt: skip
    services.recommendation_create(
        review=review, data={"reference": "R1", "text": "Agree the exit plan.",
                             "due_on": last_month - datetime.timedelta(days=1)}, user=SYSTEM,
    )  # fmt: skip
    client = client_for(make_user(Role.PROGRAMME_MANAGER))

    page = client.get(f"/programme/projects/{project.pk}/").content.decode()
    assert "Status history" in page and "Declining" in page
    assert "Gate 3: investment decision" in page and "Overdue" in page
    form = client.get(f"/programme/projects/{project.pk}/status/add/").content.decode()
    assert "Delivery is in doubt" in form  # the five-point amber/red definition
    assert "Delivery is feasible but not assured" in form  # the three-point amber definition
    detail = client.get(f"/programme/status/{latest.pk}/").content.decode()
    assert "Delivery is in doubt" in detail and "Approve the extra budget." in detail
    dashboard = client.get("/programme/").content.decode()
    assert "Delivery confidence by project" in dashboard
    assert "1 declining" in dashboard and "1 overdue" in dashboard
