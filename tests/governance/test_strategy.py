"""The strategy: objectives with their KPIs and actuals, the projects and benefits serving them,
through the services, the pages and the API."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govdx.core.history import history_for
from govdx.core.permissions import SYSTEM
from govdx.domain.errors import Invalid
from govdx.domain.governance.access import Role
from govdx.governance import services
from govdx.governance.models import KeyPerformanceIndicator, KpiActual, Objective
from govdx.programme.models import Benefit
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

BASELINE_ON, TARGET_ON = datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)


def _objective(title: str = "Services online by default", **data: Any) -> Objective:
    return services.objective_create(data={"title": title, **data}, user=SYSTEM)


def _kpi(objective: Objective, measure: str = "Claims made online (%)") -> Any:
    return services.kpi_create(
        objective=objective, user=SYSTEM,
        data={"measure": measure, "baseline": Decimal(20), "target": Decimal(80),
              "baseline_on": BASELINE_ON, "target_on": TARGET_ON},
    )  # fmt: skip


def _benefit(project: Any, name: str = "Claims made online") -> Benefit:
    return Benefit.objects.create(
        project=project, name=name, type="non_cashable", measure="Share (%)", baseline=20,
        target=80, start_date=BASELINE_ON, target_date=TARGET_ON,
    )  # fmt: skip


@pytest.fixture
def board_client(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.BOARD_MEMBER))


def test_linking_projects_and_benefits_to_an_objective_is_kept_in_its_history() -> None:
    project = ProjectFactory()
    benefit = _benefit(project)
    objective = _objective()

    links = {"projects": [project], "benefits": [benefit]}
    services.objective_update(instance=objective, data=links, user=SYSTEM, expected_version=None)

    assert list(project.objectives.all()) == [objective]
    assert list(benefit.objectives.all()) == [objective]
    objective.refresh_from_db()
    assert objective.version == 2
    [linked, _] = history_for(objective)
    assert {(c.label, c.linked) for c in linked.changes} == {
        ("Projects", (project.name,)),
        ("Benefits", (benefit.name,)),
    }
    services.objective_update(instance=objective, data={"projects": [project]}, user=SYSTEM,
                              expected_version=None)  # fmt: skip
    objective.refresh_from_db()
    assert objective.version == 2  # the same links again change nothing


@pytest.mark.parametrize(
    ("data", "field"),
    [({"target": Decimal(20)}, "target"), ({"target_on": BASELINE_ON}, "target_on")],
)
def test_a_kpi_whose_progress_cannot_be_measured_is_refused(
    data: dict[str, Any], field: str
) -> None:
    kpi = _kpi(_objective())
    with pytest.raises(Invalid) as refused:
        services.kpi_update(instance=kpi, data=data, user=SYSTEM, expected_version=None)
    assert field in refused.value.field_errors


def test_an_actual_recorded_again_on_the_same_day_replaces_the_first() -> None:
    kpi = _kpi(_objective())
    day = datetime.date(2026, 1, 5)

    services.kpi_actual_record(kpi=kpi, measured_on=day, value=Decimal(40), user=SYSTEM)
    services.kpi_actual_record(kpi=kpi, measured_on=day, value=Decimal(45), user=SYSTEM)

    assert [(a.measured_on, a.value) for a in KpiActual.objects.all()] == [(day, Decimal(45))]


def test_the_objective_page_shows_each_kpi_with_its_chart_table_and_the_work_serving_it(
    board_client: Client,
) -> None:
    project = ProjectFactory(name="Online revenues and benefits")
    objective = _objective(outcomes="Residents apply online\nFewer calls")
    links = {"projects": [project], "benefits": [_benefit(project)]}
    services.objective_update(instance=objective, data=links, user=SYSTEM, expected_version=None)
    kpi = _kpi(objective)
    services.kpi_actual_record(kpi=kpi, measured_on=datetime.date(2025, 7, 1),
                               value=Decimal("35.5"), user=SYSTEM)  # fmt: skip

    page = board_client.get(objective.get_absolute_url()).content.decode()

    assert "Residents apply online" in page
    assert f'id="kpi-{kpi.pk}"' in page
    assert f'aria-labelledby="kpi-{kpi.pk}-title' in page  # the chart
    assert "Actuals of Claims made online (%)" in page and "35.5" in page  # its table
    assert "Online revenues and benefits" in page and "Claims made online" in page
    assert "Record an actual" in page


def test_a_board_member_adds_an_objective_a_kpi_and_an_actual_through_the_forms(
    board_client: Client,
) -> None:
    project = ProjectFactory()
    added = board_client.post("/governance/objectives/add/", {
        "title": "A digitally confident workforce", "outcomes": "Staff ready",
        "projects": [project.pk]})  # fmt: skip
    objective = Objective.objects.get()
    assert added.status_code == 302 and list(objective.projects.all()) == [project]

    refused = board_client.post(f"/governance/objectives/{objective.pk}/kpis/add/", {
        "measure": "Staff trained (%)", "baseline": "5", "target": "5",
        "baseline_on": "2025-01-01", "target_on": "2026-01-01"})  # fmt: skip
    assert refused.status_code == 422
    assert "The target must differ from the baseline." in refused.content.decode()

    board_client.post(f"/governance/objectives/{objective.pk}/kpis/add/", {
        "measure": "Staff trained (%)", "baseline": "5", "target": "90",
        "baseline_on": "2025-01-01", "target_on": "2026-01-01"})  # fmt: skip
    kpi = KeyPerformanceIndicator.objects.get()
    recorded = board_client.post(f"/governance/kpis/{kpi.pk}/actuals/add/",
                                 {"measured_on": "2025-07-01", "value": "41"})  # fmt: skip
    assert recorded.status_code == 302
    assert kpi.actuals.get().value == Decimal(41)


def test_the_api_reads_an_objective_with_its_kpis_progress_and_links(
    board_client: Client,
) -> None:
    project = ProjectFactory()
    objective = _objective(outcomes="Residents apply online")
    services.objective_update(instance=objective, data={"projects": [project]}, user=SYSTEM,
                              expected_version=None)  # fmt: skip
    kpi = _kpi(objective)
    services.kpi_actual_record(kpi=kpi, measured_on=datetime.date(2025, 1, 2), value=Decimal(50),
                               user=SYSTEM)  # fmt: skip

    listed = board_client.get("/api/objectives").json()
    read = board_client.get(f"/api/objectives/{objective.pk}").json()

    assert [item["title"] for item in listed["items"]] == ["Services online by default"]
    assert read["projects"] == [project.pk] and read["outcomes"] == ["Residents apply online"]
    (shown,) = read["kpis"]
    assert shown["baseline"] == "20" and shown["target"] == "80"
    assert shown["actuals"] == [{"measured_on": "2025-01-02", "value": "50"}]
    assert shown["progress"] == 0.5
    assert shown["state"] in {"on track", "behind", "missed"}  # depends on today


def test_the_objective_list_reads_a_fixed_number_of_queries_however_many_objectives(
    board_client: Client,
) -> None:
    def queries_for(count: int) -> int:
        while Objective.objects.count() < count:
            objective = _objective(f"Objective {Objective.objects.count()}")
            objective.projects.set([ProjectFactory()])
            _kpi(objective)
        with CaptureQueriesContext(connection) as queries:
            assert board_client.get("/governance/objectives/").status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(12)
