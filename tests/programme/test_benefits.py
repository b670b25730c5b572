"""The benefits register: the services' rules (the benefits kernel's, with clear refusals),
progress and roll-ups with exact figures, at risk when a milestone slips against the latest
baseline, the pages, and who may do what inside and outside their department."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.governance.access import Role
from govdx.domain.planning.benefits import BenefitType
from govdx.programme import selectors, services
from govdx.programme.models import Activity, Benefit, BenefitActual, Project
from tests.factories import PersonFactory, ProjectFactory
from tests.programme.conftest import PLAN_ROWS
from tests.programme.support import expected_status

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 10, 1)
START = datetime.date(2026, 4, 1)
TARGET_DATE = datetime.date(2027, 4, 1)  # 365 days after the start: 183 of them by ON

# The plan again with Build longer: expected 10 working days instead of 6, so the milestone M
# (Go live) finishes 4 working days after the baseline's.
SLIPPED_ROWS = [["B", "Build", 3, 9, 21, "A", ""] if row[0] == "B" else row for row in PLAN_ROWS]


def saving(project: Project, **data: Any) -> Benefit:
    return services.benefit_create(
        project=project,
        data={
            "name": "Postage saved",
            "type": "cashable",
            "measure": "Postage a year (pence)",
            "baseline": 0,
            "target": 12_000_000,
            "start_date": START,
            "target_date": TARGET_DATE,
            **data,
        },
        user=SYSTEM,
    )


def record(benefit: Benefit, day: datetime.date, value: Any) -> BenefitActual:
    return services.benefit_actual_record(
        benefit=benefit, measured_on=day, value=value, user=SYSTEM
    )


@pytest.fixture
def slipped_project(import_plan: Callable[..., Project]) -> Project:
    """The conftest plan, baselined, then re-imported with Build 4 working days longer."""
    project = import_plan()
    services.baseline_save(project=project, name="Business case", user=SYSTEM, today=ON)
    return import_plan(SLIPPED_ROWS)


# --- services --------------------------------------------------------------------------------


def test_a_benefit_is_saved_with_its_milestones_and_history(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    owner = PersonFactory(full_name="Priya Shah")
    live = Activity.objects.get(project=project, code="M")

    benefit = saving(project, owner=owner, milestones=[live], description="From the case.")

    assert list(benefit.milestones.all()) == [live]
    assert benefit.owner == owner and benefit.cashable
    assert benefit.history.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"target": 0}, "target", "its target equals its baseline"),
        ({"target_date": START}, "target_date", "must be after its start"),
        ({"target": Decimal("12000000.5")}, "target", "must be a whole number of pence"),
        ({"measure": " "}, "measure", "Say what is measured"),
        ({"type": "priceless"}, "type", "is not a benefit type"),
    ],
)
def test_a_benefit_breaking_the_kernels_rules_is_refused_naming_the_field(
    data: dict[str, Any], field: str, words: str
) -> None:
    project = ProjectFactory()

    with pytest.raises(Invalid) as refused:
        saving(project, **data)

    assert words in " ".join(refused.value.field_errors[field])
    assert not Benefit.objects.exists()


def test_a_benefit_depends_only_on_its_own_projects_milestones(
    import_plan: Callable[..., Project],
) -> None:
    project = import_plan()
    other = import_plan(project="Digital skills for all staff")
    build = Activity.objects.get(project=project, code="B")
    elsewhere = Activity.objects.get(project=other, code="M")

    for milestone in (build, elsewhere):
        with pytest.raises(Invalid, match="is not a milestone of Data centre exit"):
            saving(project, milestones=[milestone])
    saving(project)
    with pytest.raises(Invalid, match="already has a benefit called “Postage saved”"):
        saving(project, name="postage  SAVED")


def test_an_actual_is_recorded_and_a_second_on_the_same_day_replaces_it() -> None:
    benefit = saving(ProjectFactory())

    record(benefit, ON, 4_000_000)
    actual = record(benefit, ON, 5_000_000)

    assert BenefitActual.objects.get() == actual
    assert actual.value == 5_000_000
    assert actual.history.count() == 2


def test_an_actual_of_a_fraction_of_a_penny_is_refused_on_the_value() -> None:
    benefit = saving(ProjectFactory())

    with pytest.raises(Invalid) as refused:
        record(benefit, ON, Decimal("10.25"))

    assert "whole number of pence" in refused.value.field_errors["value"][0]
    assert not BenefitActual.objects.exists()


def test_a_benefit_with_fractional_actuals_cannot_become_cashable() -> None:
    benefit = saving(
        ProjectFactory(), type="non_cashable", measure="Hours a week", baseline=Decimal("9.5"),
        target=6,
    )  # fmt: skip
    record(benefit, ON, Decimal("9.25"))

    with pytest.raises(Invalid, match="must be a whole number of pence"):
        services.benefit_update(
            instance=benefit, data={"type": "cashable"}, user=SYSTEM, expected_version=None
        )
    benefit.refresh_from_db()
    assert benefit.type == "non_cashable"


def test_deleting_a_benefit_removes_its_actuals() -> None:
    benefit = saving(ProjectFactory())
    record(benefit, ON, 1_000)

    services.benefit_delete(instance=benefit, user=SYSTEM)

    assert not Benefit.objects.exists() and not BenefitActual.objects.exists()


def test_a_department_lead_keeps_the_register_of_her_departments_projects_only(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    inside = ProjectFactory(department=org["finance"])
    outside = ProjectFactory(department=org["highways"])
    theirs = saving(outside)
    data = {"name": "Postage saved", "type": "cashable", "measure": "Postage (pence)",
            "baseline": 0, "target": 100, "start_date": START,
            "target_date": TARGET_DATE}  # fmt: skip

    services.benefit_create(project=inside, data=data, user=lead)
    with pytest.raises(NotAllowed):
        services.benefit_create(project=outside, data={**data, "name": "Other"}, user=lead)
    with pytest.raises(NotAllowed):
        services.benefit_actual_record(benefit=theirs, measured_on=ON, value=1, user=lead)
    with pytest.raises(NotAllowed):
        services.benefit_delete(instance=theirs, user=lead)


# --- selectors -------------------------------------------------------------------------------


def test_progress_is_planned_on_a_straight_line_and_realised_from_the_latest_actual() -> None:
    project = ProjectFactory()
    benefit = saving(project)
    record(benefit, datetime.date(2026, 7, 1), 2_000_000)
    record(benefit, ON, 5_000_000)
    record(benefit, datetime.date(2026, 12, 1), 9_000_000)  # after the day asked about

    (row,) = selectors.project_benefits(project, ON).rows

    assert row.progress.planned == 6_016_438  # 12,000,000 x 183 / 365, to the penny
    assert row.progress.realised == 5_000_000
    assert row.share_percent == Decimal("83.1")
    assert row.measured_on == ON
    assert not row.at_risk


def test_a_falling_measure_counts_its_fall_as_the_improvement() -> None:
    project = ProjectFactory()
    calls = saving(
        project, name="Fewer calls", type="non_cashable", measure="Calls a month",
        baseline=10_000, target=6_000, target_date=START + datetime.timedelta(days=100),
    )  # fmt: skip
    record(calls, datetime.date(2026, 5, 1), 8_800)

    (row,) = selectors.project_benefits(project, START + datetime.timedelta(days=40)).rows

    assert row.progress.planned == Decimal(1600)
    assert row.progress.realised == 1200
    assert row.share_percent == Decimal("75.0")


def test_a_benefit_is_at_risk_when_a_milestone_it_depends_on_slips_against_the_baseline(
    slipped_project: Project,
) -> None:
    live = Activity.objects.get(project=slipped_project, code="M")
    test = Activity.objects.get(project=slipped_project, code="C")
    saving(slipped_project, milestones=[live])
    saving(slipped_project, name="No milestone")
    with pytest.raises(Invalid):  # C is work, not a milestone
        saving(slipped_project, name="On work", milestones=[test])

    benefits = selectors.project_benefits(slipped_project, ON)

    at_risk, safe = benefits.rows[1], benefits.rows[0]
    assert at_risk.benefit.name == "Postage saved" and at_risk.at_risk
    assert [(s.activity.code, s.slip) for s in at_risk.slipped] == [("M", 4)]
    assert not safe.at_risk
    assert benefits.roll_up.at_risk == 1


def test_the_programme_rolls_the_projects_benefits_up_exactly(
    slipped_project: Project,
) -> None:
    live = Activity.objects.get(project=slipped_project, code="M")
    record(saving(slipped_project, milestones=[live]), ON, 5_000_000)
    other = ProjectFactory(name="Digital skills for all staff")
    saving(other, name="Training costs saved", baseline=2_000_000, target=1_000_000)
    saving(other, name="Residents helped", type="societal", measure="Residents a month",
           baseline=0, target=400)  # fmt: skip

    programme = selectors.programme_benefits(Project.objects.all(), ON)

    roll_up = programme.roll_up
    assert roll_up.cashable_target == 13_000_000
    assert roll_up.cashable_planned == 6_016_438 + 501_370  # 1,000,000 x 183 / 365 rounded
    assert roll_up.cashable_realised == 5_000_000
    assert roll_up.counts[BenefitType.CASHABLE].total == 2
    assert roll_up.counts[BenefitType.CASHABLE].not_measured == 1
    assert roll_up.counts[BenefitType.SOCIETAL].not_measured == 1
    assert (roll_up.total, roll_up.at_risk) == (3, 1)
    assert [row.benefit.name for row in programme.at_risk] == ["Postage saved"]
    assert programme.cashable_percent == Decimal("76.7")  # 5,000,000 / 6,517,808


# --- pages -----------------------------------------------------------------------------------


@pytest.fixture
def manager(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.PROGRAMME_MANAGER))


def test_the_project_page_shows_the_register_with_the_slipped_milestone_named(
    manager: Client, slipped_project: Project
) -> None:
    live = Activity.objects.get(project=slipped_project, code="M")
    benefit = saving(slipped_project, milestones=[live], owner=PersonFactory(full_name="Ann Lee"))
    record(benefit, ON, 5_000_000)

    html = manager.get(f"/programme/projects/{slipped_project.pk}/").content.decode()

    assert 'id="benefits"' in html and "Benefits register" in html
    assert "Postage saved" in html and "Ann Lee" in html and "Cashable" in html
    assert "£120,000.00" in html and "£50,000.00" in html
    assert "M: Go live has slipped 4 working days" in html
    assert f"/programme/benefits/{benefit.pk}/actuals/add/" in html


def test_the_project_page_reads_the_register_in_a_fixed_number_of_queries(
    manager: Client, slipped_project: Project
) -> None:
    live = Activity.objects.get(project=slipped_project, code="M")
    record(saving(slipped_project, milestones=[live]), ON, 1)
    url = f"/programme/projects/{slipped_project.pk}/"
    with CaptureQueriesContext(connection) as one:
        manager.get(url)
    for number in range(3):
        record(saving(slipped_project, name=f"More {number}", milestones=[live]), ON, 1)
    with CaptureQueriesContext(connection) as four:
        manager.get(url)

    assert len(four) == len(one)


def test_a_manager_adds_a_benefit_and_records_an_actual_through_the_forms(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    live = Activity.objects.get(project=project, code="M")
    url = f"/programme/projects/{project.pk}/benefits/add/"
    form = manager.get(url).content.decode()
    assert "M: Go live" in form and "Discovery" not in form  # only milestones are offered
    data = {"name": "Calls avoided", "type": "non_cashable", "measure": "Calls a month",
            "baseline": "10000", "target": "10000", "start_date": "2026-04-01",
            "target_date": "2027-04-01", "milestones": [live.pk]}  # fmt: skip

    refused = manager.post(url, data)
    assert refused.status_code == 422
    assert "its target equals its baseline" in refused.content.decode()

    saved = manager.post(url, {**data, "target": "6000"})
    assert saved.status_code == 302 and saved["Location"].endswith("#benefits")
    benefit = Benefit.objects.get()
    answer = manager.post(
        f"/programme/benefits/{benefit.pk}/actuals/add/", {"measured_on": "2026-06-30",
                                                           "value": "9200"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert BenefitActual.objects.get().value == 9200
    changed = manager.post(
        f"/programme/benefits/{benefit.pk}/change/",
        {**data, "target": "5000", "version": benefit.version},
    )
    assert changed.status_code == 302
    benefit.refresh_from_db()
    assert benefit.target == 5000 and list(benefit.milestones.all()) == [live]


def test_the_dashboard_rolls_the_benefits_up_with_those_at_risk(
    manager: Client, slipped_project: Project
) -> None:
    live = Activity.objects.get(project=slipped_project, code="M")
    record(saving(slipped_project, milestones=[live]), ON, 5_000_000)

    html = manager.get("/programme/").content.decode()

    assert "Benefits by type" in html and "Benefits at risk" in html
    assert "£50,000.00" in html  # cashable realised
    assert "M: Go live, 4 working days late" in html


ROLES = list(Role)


@pytest.mark.parametrize("scope", ["inside", "outside"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_benefit_pages_its_grant_allows(
    role: Role,
    scope: str,
    org: dict[str, Any],
    user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    project = ProjectFactory(department=org["finance" if scope == "inside" else "highways"])
    benefit = saving(project)
    client = client_for(user_in_scope(role))
    form = {"name": "Staff time saved", "type": "non_cashable", "measure": "Hours a week",
            "baseline": "40", "target": "25", "start_date": "2026-04-01",
            "target_date": "2027-04-01"}  # fmt: skip

    statuses = {
        "detail": client.get(f"/programme/projects/{project.pk}/").status_code,
        "add form": client.get(f"/programme/projects/{project.pk}/benefits/add/").status_code,
        "add": client.post(f"/programme/projects/{project.pk}/benefits/add/", form).status_code,
        "change form": client.get(f"/programme/benefits/{benefit.pk}/change/").status_code,
        "change": client.post(
            f"/programme/benefits/{benefit.pk}/change/",
            {
                "name": "Postage saved",
                "type": "cashable",
                "measure": "Postage (pence)",
                "baseline": "0",
                "target": "9000000",
                "start_date": "2026-04-01",
                "target_date": "2027-04-01",
                "version": benefit.version,
            },
        ).status_code,
        "actual": client.post(
            f"/programme/benefits/{benefit.pk}/actuals/add/",
            {"measured_on": "2026-06-30", "value": "100000"},
        ).status_code,
    }

    reads = 404 if role is Role.SUPPLIER_CONTACT else 200
    assert statuses == {
        "detail": reads,
        "add form": expected_status(role, scope, 200),
        "add": expected_status(role, scope, 302),
        "change form": expected_status(role, scope, 200),
        "change": expected_status(role, scope, 302),
        "actual": expected_status(role, scope, 302),
    }
    written = expected_status(role, scope, 302) == 302
    assert Benefit.objects.filter(project=project).count() == (2 if written else 1)
    assert BenefitActual.objects.filter(benefit=benefit).exists() is written
    benefit.refresh_from_db()
    assert (benefit.target == 9_000_000) is written
