"""The programme's API: the same import and analysis as the command line, projects with their
schedules, and baselines."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.programme import selectors
from govdx.programme.models import (
    Baseline,
    Benefit,
    BenefitActual,
    Project,
    Recommendation,
    StatusReport,
)
from tests.factories import PersonFactory, RiskFactory
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


# --- status reports, gate reviews, recommendations and benefits --------------------------------


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_status_reports_are_added_listed_across_projects_read_and_changed(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    other = import_plan(project="Digital skills for all staff")
    risk, author = RiskFactory(), PersonFactory()
    url = f"/api/projects/{project.pk}/status-reports"
    report = {"reported_on": "2026-03-27", "level": "amber", "narrative": "Behind on testing.",
              "key_risks": [risk.pk], "author": author.pk}  # fmt: skip

    created = send(manager, "post", url, report)
    again = send(manager, "post", url, report)
    three_point = {"month": "2026-02-01", "scale": "three_point", "level": "amber_red"}
    off_scale = send(manager, "post", url, {**report, **three_point})
    unknown = send(manager, "post", url, {**report, "month": "2026-01-01", "key_risks": [999999]})
    send(manager, "post", f"/api/projects/{other.pk}/status-reports",
         {**report, "level": "green", "key_risks": []})  # fmt: skip

    assert created.status_code == 201, created.content
    body = created.json()
    assert body | {"id": 0, "version": 0} == {
        "id": 0, "project_id": project.pk, "project": "Data centre exit", "month": "2026-03-01",
        "reported_on": "2026-03-27", "scale": "five_point", "level": "amber",
        "source": "senior_responsible_owner", "narrative": "Behind on testing.",
        "decisions_needed": "", "key_risks": [risk.pk], "author_id": author.pk, "version": 0,
    }  # fmt: skip
    assert again.status_code == 422
    assert again.json()["errors"]["month"] == [
        "Data centre exit already has a status report for March 2026 from this source; change "
        "that one instead."
    ]
    assert off_scale.status_code == 422
    assert "level" in off_scale.json()["errors"]
    assert unknown.json()["errors"] == {"key_risks": ["There is no risk 999999."]}
    assert StatusReport.objects.count() == 2

    mine = manager.get(url).json()["items"]
    amber = manager.get("/api/status-reports?level=amber").json()["items"]
    everyone = manager.get("/api/status-reports?month_from=2026-03-01").json()["items"]
    assert [r["id"] for r in mine] == [body["id"]]
    assert [r["id"] for r in amber] == [body["id"]]
    assert len(everyone) == 2
    assert manager.get("/api/status-reports?level=purple").status_code == 422

    record = f"/api/status-reports/{body['id']}"
    unversioned = send(manager, "patch", record, {"level": "red"})
    changed = send(manager, "patch", record, {"level": "red", "version": body["version"]})
    stale = send(manager, "patch", record, {"level": "green", "version": body["version"]})
    assert unversioned.status_code == 422
    assert "version" in unversioned.json()["errors"]
    assert changed.status_code == 200
    assert changed.json()["level"] == "red"
    assert stale.status_code == 409
    assert manager.get(record).json()["level"] == "red"
    assert StatusReport.history.filter(id=body["id"]).count() == 2
    assert manager.get("/api/status-reports/999999").status_code == 404


def test_a_gate_review_is_recorded_with_recommendations_tracked_to_closure(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    created = send(manager, "post", f"/api/projects/{project.pk}/gate-reviews",
                   {"gate": 2, "held_on": "2026-02-10", "level": "amber_green"})  # fmt: skip
    assert created.status_code == 201, created.content
    review = created.json()
    assert (review["gate"], review["gate_name"], review["recommendations"]) == (
        2, "Gate 2: delivery strategy", []
    )  # fmt: skip
    url = f"/api/gate-reviews/{review['id']}/recommendations"

    added = send(manager, "post", url, {"reference": "R1", "text": "Test more.",
                                        "due_on": "2026-03-31"})  # fmt: skip
    early = send(manager, "post", url, {"reference": "R2", "text": "x", "due_on": "2026-01-01"})
    assert added.status_code == 201, added.content
    assert added.json()["status"] == "open"
    assert early.status_code == 422
    assert "recommendation R2 is due" in early.json()["detail"]
    assert early.json()["detail"].endswith("before the review was held.")

    recommendation = added.json()
    record = f"/api/recommendations/{recommendation['id']}"
    version = recommendation["version"]
    changed = send(manager, "patch", record, {"text": "Test the payments.", "version": version})
    closed = send(manager, "post", f"{record}/close", {"on": "2026-03-02"})
    twice = send(manager, "post", f"{record}/close", {})
    assert changed.json()["text"] == "Test the payments."
    assert (closed.status_code, closed.json()["status"], closed.json()["closed_on"]) == (
        200, "closed", "2026-03-02"
    )  # fmt: skip
    assert twice.status_code == 422

    read = manager.get(f"/api/gate-reviews/{review['id']}").json()
    assert [r["reference"] for r in read["recommendations"]] == ["R1"]
    later = send(manager, "patch", f"/api/gate-reviews/{review['id']}",
                 {"held_on": "2026-04-01", "version": read["version"]})  # fmt: skip
    moved = send(manager, "patch", f"/api/gate-reviews/{review['id']}",
                 {"summary": "Ready to proceed.", "version": read["version"]})  # fmt: skip
    stale = send(manager, "patch", f"/api/gate-reviews/{review['id']}",
                 {"summary": "Again.", "version": read["version"]})  # fmt: skip
    assert later.status_code == 422
    assert "held_on" in later.json()["errors"]
    assert moved.status_code == 200
    assert moved.json()["summary"] == "Ready to proceed."
    assert stale.status_code == 409
    listed = manager.get(f"/api/projects/{project.pk}/gate-reviews").json()["items"]
    assert [r["id"] for r in listed] == [review["id"]]
    assert Recommendation.objects.get().closed_on == datetime.date(2026, 3, 2)


def test_benefits_and_their_actuals_are_kept_through_the_api(
    manager: Client, import_plan: Callable[..., Project]
) -> None:
    project = import_plan()
    url = f"/api/projects/{project.pk}/benefits"
    benefit = {"name": "Postage saved", "type": "cashable", "measure": "Postage a year (pence)",
               "baseline": "0", "target": "12000000", "start_date": "2026-04-01",
               "target_date": "2027-04-01", "milestones": ["m"]}  # fmt: skip

    created = send(manager, "post", url, benefit)
    unknown = send(manager, "post", url, {**benefit, "name": "B", "milestones": ["Z"]})
    not_milestone = send(manager, "post", url, {**benefit, "name": "C", "milestones": ["A"]})
    flat = send(manager, "post", url, {**benefit, "name": "D", "target": "0"})

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["milestones"], Decimal(body["target"])) == (
        "Postage saved", ["M"], Decimal(12_000_000)
    )  # fmt: skip
    assert unknown.json()["errors"] == {"milestones": ["Data centre exit has no activity “Z”."]}
    assert not_milestone.status_code == 422
    assert "milestones" in not_milestone.json()["errors"]
    assert flat.status_code == 422
    assert Benefit.objects.count() == 1

    record = f"/api/benefits/{body['id']}"
    measured = send(manager, "post", f"{record}/actuals",
                    {"measured_on": "2026-06-30", "value": "100000"})  # fmt: skip
    fraction = send(manager, "post", f"{record}/actuals",
                    {"measured_on": "2026-07-31", "value": "0.5"})  # fmt: skip
    assert measured.status_code == 201, measured.content
    assert fraction.status_code == 422
    assert "value" in fraction.json()["errors"]
    actuals = manager.get(f"{record}/actuals").json()
    assert [(a["measured_on"], Decimal(a["value"])) for a in actuals] == [
        ("2026-06-30", Decimal(100_000))
    ]

    changed = send(manager, "patch", record, {"target": "9000000", "version": body["version"]})
    stale = send(manager, "patch", record, {"target": "1", "version": body["version"]})
    assert Decimal(changed.json()["target"]) == Decimal(9_000_000)
    assert stale.status_code == 409
    assert [b["id"] for b in manager.get(url).json()["items"]] == [body["id"]]

    deleted = manager.delete(record)
    assert deleted.json() == {"deleted": True}
    assert manager.get(record).status_code == 404
    assert not BenefitActual.objects.exists()
    assert Benefit.history.filter(id=body["id"], history_type="-").exists()
