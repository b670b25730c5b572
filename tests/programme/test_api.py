"""The programme's API: the same import and analysis as the command line, projects with their
schedules, and baselines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.programme import selectors
from govdx.programme.models import Baseline, Project
from tests.programme.conftest import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user: Callable[..., Any], client_for: Callable[[Any], Client]) -> Client:
    return client_for(make_user(Role.PROGRAMME_MANAGER))


def upload(client: Client, path: Path, **fields: Any) -> Any:
    with path.open("rb") as handle:
        return client.post("/api/plans/import", {"file": handle, **fields})


def test_importing_a_plan_through_the_api_answers_the_command_lines_object(
    manager: Client, plan_file: Path
) -> None:
    response = upload(manager, plan_file, project="Data centre exit", start_date="2026-01-05")

    assert response.status_code == 201, response.content
    project = Project.objects.get()
    assert response.json() == {
        "project": "Data centre exit",
        "project_created": True,
        "activities": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
        "dependencies": {"created": 5, "updated": 0, "unchanged": 0, "removed": 0},
        "project_id": project.pk,
    }
    dry = upload(manager, plan_file, project="Data centre exit", dry_run="true")
    assert dry.json()["activities"]["unchanged"] == 5


def test_a_refused_plan_gets_400_with_every_problem_and_writes_nothing(
    manager: Client, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv", [["A", "x", 1, 2, 3, "B", ""], ["B", "y", 3, 2, 1, "A", ""]]
    )

    response = upload(manager, path, project="Loop")

    assert response.status_code == 400
    problems = response.json()["problems"]
    assert any("A → B → A" in problem for problem in problems), problems
    assert any(problem.startswith("row 3, column") for problem in problems), problems
    assert not Project.objects.exists()


def test_projects_are_listed_and_read_with_their_schedule(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    listed = manager.get("/api/projects?q=centre")
    read = manager.get(f"/api/projects/{project.pk}")

    assert listed.status_code == 200
    assert [(p["name"], p["activity_count"]) for p in listed.json()["items"]] == [
        ("Data centre exit", 5)
    ]
    body = read.json()
    assert body["expected_duration"] == 13.0
    assert body["finish_date"] == "2026-01-22"
    assert body["critical_path"] == ["A", "B", "C"]
    assert [a["id"] for a in body["activities"]] == ["A", "B", "C", "D", "M"]
    assert body["activities"][3] | {"start_date": "", "finish_date": ""} == {
        "id": "D", "name": "Train staff", "milestone": False, "expected": 3.0, "es": 0.0,
        "ef": 3.0, "total_float": 10.0, "free_float": 10.0, "critical": False, "start_date": "",
        "finish_date": "", "baseline_finish_date": None, "slip": None,
    }  # fmt: skip
    assert manager.get("/api/projects/999999").status_code == 404


def test_the_analysis_endpoint_answers_what_plan_analyse_prints(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    response = manager.get(f"/api/projects/{project.pk}/analysis?iterations=800&seed=5")

    assert response.status_code == 200
    assert response.json() == selectors.project_analysis(project, iterations=800, seed=5)
    bad = manager.get(f"/api/projects/{project.pk}/analysis?distribution=uniform")
    assert bad.status_code == 422
    assert "distribution" in bad.json()["errors"]


def test_a_baseline_saved_through_the_api_shows_in_the_project(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()

    created = manager.post(
        f"/api/projects/{project.pk}/baselines",
        {"name": "Business case"},
        content_type="application/json",
    )
    again = manager.post(
        f"/api/projects/{project.pk}/baselines",
        {"name": "Business case"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["activities"] == 5
    assert again.status_code == 422
    assert again.json()["errors"] == {
        "name": ["The project already has a baseline called “Business case”; choose another name."]
    }
    assert manager.get(f"/api/projects/{project.pk}").json()["baseline"] == "Business case"
    assert Baseline.objects.count() == 1
