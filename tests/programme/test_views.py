"""The programme pages: the dashboard, the project page with its Gantt chart, the simulation
results, the plan import page with its dry run, and saving a baseline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.programme.models import Baseline, Project
from tests.factories import ProjectFactory
from tests.programme.conftest import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.PROGRAMME_MANAGER))


def test_the_dashboard_lists_each_project_with_its_durations_activities_and_budget(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    project.budget = 2_500_000_00
    project.save()
    ProjectFactory(name="Digital skills for all staff")

    page = manager.get("/programme/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Programme dashboard" in html
    assert f'href="/programme/projects/{project.pk}/"' in html
    assert "13.0" in html  # expected duration
    assert "£2,500,000.00" in html
    assert "No plan yet" in html
    assert 'href="/programme/import/"' in html


def test_the_project_page_draws_the_gantt_chart_with_the_critical_path_and_a_table(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    page = manager.get(f"/programme/projects/{project.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="govdx-chart govdx-gantt"' in html
    assert html.count(">Critical</text>") == 4  # A, B, C and the milestone M
    assert html.count("<polygon") == 1  # the milestone, a diamond
    assert "The schedule as a table" in html
    assert "A → B → C" in html
    assert "2026-01-22" in html
    assert "No baseline saved yet" in html
    assert "govdx-gantt__baseline" not in html


def test_saving_a_baseline_on_the_project_page_draws_it_and_shows_the_slip(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    saved = manager.post(f"/programme/projects/{project.pk}/baselines/add/", {"name": "Plan A"})
    again = manager.post(f"/programme/projects/{project.pk}/baselines/add/", {"name": "plan a"})

    assert saved.status_code == 302 and saved["Location"] == f"/programme/projects/{project.pk}/"
    assert again.status_code == 422
    assert "already has a baseline called" in again.content.decode()
    html = manager.get(f"/programme/projects/{project.pk}/").content.decode()
    assert html.count('class="govdx-gantt__baseline"') == 5
    assert "On time" in html
    assert Baseline.objects.count() == 1


def test_the_simulation_page_shows_the_finish_distribution_tornado_and_criticality(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    page = manager.get(f"/programme/projects/{project.pk}/simulation/?iterations=1000&seed=3")

    html = page.content.decode()
    assert page.status_code == 200
    for ident in ("histogram", "s-curve", "tornado"):
        assert f'id="{ident}-title"' in html
    assert "Criticality and sensitivity of every activity" in html
    assert "1,000 iterations" in html or "1000 iterations" in html
    refused = manager.get(f"/programme/projects/{project.pk}/simulation/?iterations=5")
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()


def test_the_import_page_dry_runs_then_imports_and_goes_to_the_project(
    manager: Client, plan_file: Path
) -> None:
    assert manager.get("/programme/import/").status_code == 200
    with plan_file.open("rb") as handle:
        dry = manager.post(
            "/programme/import/", {"file": handle, "project": "Payroll", "dry_run": "on"}
        )
    assert dry.status_code == 200
    assert "Dry run: nothing was written" in dry.content.decode()
    assert not Project.objects.exists()

    with plan_file.open("rb") as handle:
        done = manager.post("/programme/import/", {"file": handle, "project": "Payroll"})
    project = Project.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/programme/projects/{project.pk}/"


def test_a_refused_plan_shows_every_problem_on_the_import_page(
    manager: Client, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv", [["A", "x", 1, 2, 3, "A", ""], ["", "y", 1, 1, 1, "", ""]]
    )
    with path.open("rb") as handle:
        page = manager.post("/programme/import/", {"file": handle, "project": "Payroll"})

    html = page.content.decode()
    assert page.status_code == 422
    assert "The file was refused: nothing was imported" in html
    assert "row 2, column predecessors" in html and "row 3, column id" in html
    assert not Project.objects.exists()


def test_a_project_is_added_and_changed_on_its_form(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    form = {
        "name": "Data centre exit phase 2",
        "programme": project.programme_id,
        "start_date": "2026-02-02",
        "version": project.version,
    }

    changed = manager.post(f"/programme/projects/{project.pk}/change/", form)

    assert changed.status_code == 302
    project.refresh_from_db()
    assert project.name == "Data centre exit phase 2"
    assert project.history.first().history_user is not None
    added = manager.post("/programme/projects/add/", {**form, "name": "DATA CENTRE EXIT PHASE 2"})
    assert added.status_code == 422
    assert "already a project called" in added.content.decode()


def test_the_project_list_filters_and_keeps_its_queries_few(
    manager: Client, import_plan: Callable[..., Project], django_assert_max_num_queries: Any
) -> None:
    import_plan()
    for number in range(10):
        ProjectFactory(name=f"Project {number}")

    with django_assert_max_num_queries(20):
        page = manager.get("/programme/projects/?q=centre")

    assert page.status_code == 200
    assert "Data centre exit" in page.content.decode()
    assert "Project 3" not in page.content.decode()
