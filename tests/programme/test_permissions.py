"""Who may do what to the programme, pages and API alike: every role against every endpoint,
inside and outside the scope of its grant.

The matrix user's scope is the one `user_in_scope` gives: a department lead leads Resources
(and Finance below it). A project inside that scope belongs to Finance; one outside belongs to
Highways. Everyone inside the organisation reads every project; a supplier contact reads none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.programme.models import Baseline, Project
from tests.factories import ProjectFactory
from tests.programme.conftest import PLAN_ROWS, START, write_csv

pytestmark = pytest.mark.django_db

ROLES = list(Role)
INSIDE, OUTSIDE = "inside", "outside"
SCOPES = [INSIDE, OUTSIDE]
WRITERS = {Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.DEPARTMENT_LEAD}


def reads(role: Role) -> bool:
    return role is not Role.SUPPLIER_CONTACT


def writes(role: Role, scope: str) -> bool:
    if role is Role.DEPARTMENT_LEAD and scope == OUTSIDE:
        return False
    return role in WRITERS


def for_project(role: Role, scope: str, success: int) -> int:
    """Acting on a project: unseen projects are not found, unwritable ones forbidden."""
    if not reads(role):
        return 404
    return success if writes(role, scope) else 403


@pytest.fixture
def role_client(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> Client:
    return client_for(user_in_scope(role))


@pytest.fixture
def project(scope: str, org: dict[str, Any], tmp_path: Path) -> Project:
    from govdx.core.permissions import SYSTEM
    from govdx.programme import services

    department = org["finance"] if scope == INSIDE else org["highways"]
    made = ProjectFactory(name=f"Project {scope}", department=department, start_date=START)
    services.plan_import(
        write_csv(tmp_path / "plan.csv", PLAN_ROWS), project_name=made.name, user=SYSTEM
    )
    return made


def upload(client: Client, url: str, path: Path, **fields: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(url, {"file": handle, **fields})


def expected_pages(role: Role, scope: str) -> dict[str, int]:
    return {
        "dashboard": 200 if reads(role) else 403,
        "list": 200 if reads(role) else 403,
        "detail": 200 if reads(role) else 404,
        "simulation": 200 if reads(role) else 404,
        "import form": 200 if role in WRITERS else 403,
        "import": 302 if writes(role, scope) else 403,
        "baseline": for_project(role, scope, 302),
        "change form": for_project(role, scope, 200),
        "change": for_project(role, scope, 302),
        "return": 200 if reads(role) else 403,
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_programme_pages_its_grant_allows(
    role: Role, scope: str, project: Project, role_client: Client, tmp_path: Path
) -> None:
    client = role_client
    record = f"/programme/projects/{project.pk}/"
    rows = [row[:] for row in PLAN_ROWS]
    rows[0][1] = "Discovery renamed"
    changed_plan = write_csv(tmp_path / "changed.csv", rows)
    form = {"name": f"{project.name} renamed", "programme": project.programme_id,
            "department": project.department_id, "start_date": "2026-01-05",
            "version": project.version}  # fmt: skip

    listed = client.get("/programme/projects/")
    statuses = {
        "dashboard": client.get("/programme/").status_code,
        "list": listed.status_code,
        "detail": client.get(record).status_code,
        "simulation": client.get(f"{record}simulation/?iterations=200").status_code,
        "import form": client.get("/programme/import/").status_code,
        "import": upload(
            client, "/programme/import/", changed_plan, project=project.name
        ).status_code,
        "baseline": client.post(f"{record}baselines/add/", {"name": "Plan A"}).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(f"{record}change/", form).status_code,
        "return": client.get("/programme/return.xlsx").status_code,
    }

    expected = expected_pages(role, scope)
    assert statuses == expected
    renamed = project.activities.get(code="A").name == "Discovery renamed"
    assert renamed is (expected["import"] == 302)
    assert Baseline.objects.filter(project=project).exists() is (expected["baseline"] == 302)
    assert Project.objects.get(pk=project.pk).name.endswith("renamed") is (
        expected["change"] == 302
    )
    assert (f'href="{record}"' in listed.content.decode()) is reads(role)


def expected_endpoints(role: Role, scope: str) -> dict[str, int]:
    return {
        "list": 200 if reads(role) else 403,
        "read": 200 if reads(role) else 404,
        "analysis": 200 if reads(role) else 404,
        "import": 201 if writes(role, scope) else 403,
        "baseline": for_project(role, scope, 201),
        "return": 200 if reads(role) else 403,
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_programme_endpoints_its_grant_allows(
    role: Role, scope: str, project: Project, role_client: Client, tmp_path: Path
) -> None:
    client = role_client
    record = f"/api/projects/{project.pk}"
    plan = write_csv(tmp_path / "again.csv", PLAN_ROWS)

    listed = client.get("/api/projects")
    statuses = {
        "list": listed.status_code,
        "read": client.get(record).status_code,
        "analysis": client.get(f"{record}/analysis?iterations=200").status_code,
        "import": upload(client, "/api/plans/import", plan, project=project.name).status_code,
        "baseline": client.post(
            f"{record}/baselines", json.dumps({"name": "Plan A"}), content_type="application/json"
        ).status_code,
        "return": client.get("/api/plans/major-project-return").status_code,
    }

    expected = expected_endpoints(role, scope)
    assert statuses == expected
    if reads(role):
        assert project.pk in [item["id"] for item in listed.json()["items"]]
    assert Baseline.objects.filter(project=project).exists() is (expected["baseline"] == 201)


PAGES = [
    "/programme/",
    "/programme/projects/",
    "/programme/import/",
    "/programme/projects/1/",
    "/programme/projects/1/simulation/",
    "/programme/projects/1/change/",
    "/programme/projects/1/baselines/add/",
    "/programme/projects/1/money/",
    "/programme/projects/1/costs/add/",
    "/programme/projects/1/costs/import/",
    "/programme/activities/1/progress/",
    "/programme/benefits/1/delete/",
    "/programme/return.xlsx",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_programme_page(path: str) -> None:
    for response in (Client().get(path), Client().post(path, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/projects"), ("get", "/api/projects/1"), ("get", "/api/projects/1/analysis"),
     ("post", "/api/projects/1/baselines"), ("post", "/api/plans/import"),
     ("get", "/api/projects/1/earned-value"), ("get", "/api/plans/earned-value"),
     ("post", "/api/projects/1/actual-costs"), ("post", "/api/projects/1/actual-costs/import"),
     ("get", "/api/plans/major-project-return"), ("get", "/api/projects/1/status-reports"),
     ("post", "/api/projects/1/status-reports"), ("get", "/api/status-reports"),
     ("patch", "/api/status-reports/1"), ("get", "/api/projects/1/gate-reviews"),
     ("post", "/api/projects/1/gate-reviews"), ("patch", "/api/gate-reviews/1"),
     ("post", "/api/gate-reviews/1/recommendations"), ("patch", "/api/recommendations/1"),
     ("post", "/api/recommendations/1/close"), ("get", "/api/projects/1/benefits"),
     ("post", "/api/projects/1/benefits"), ("get", "/api/benefits/1"),
     ("patch", "/api/benefits/1"), ("delete", "/api/benefits/1"),
     ("get", "/api/benefits/1/actuals"), ("post", "/api/benefits/1/actuals")],
)  # fmt: skip
def test_the_programme_api_answers_401_without_a_token_or_a_session(method: str, path: str) -> None:
    response = getattr(Client(), method)(path)
    assert response.status_code == 401


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_see_and_record_the_money_of_a_project_its_grant_allows(
    role: Role, scope: str, project: Project, role_client: Client, tmp_path: Path
) -> None:
    from govdx.programme.models import ActualCost

    client = role_client
    record = f"/programme/projects/{project.pk}/"
    activity = project.activities.get(code="A")
    costs = tmp_path / "costs.csv"
    costs.write_text("month,activity,amount\n2026-02,A,£50\n", encoding="utf-8")
    api = f"/api/projects/{project.pk}"

    statuses = {
        "money": client.get(f"{record}money/").status_code,
        "cost form": client.get(f"{record}costs/add/").status_code,
        "cost": client.post(
            f"{record}costs/add/", {"month": "2026-01-01", "amount": "100"}
        ).status_code,
        "import": upload(client, f"{record}costs/import/", costs).status_code,
        "progress": client.post(
            f"/programme/activities/{activity.pk}/progress/", {"percent_complete": "50"}
        ).status_code,
        "api read": client.get(f"{api}/earned-value").status_code,
        "api portfolio": client.get("/api/plans/earned-value").status_code,
        "api cost": client.post(
            f"{api}/actual-costs", json.dumps({"month": "2026-03-01", "amount": 5}),
            content_type="application/json",
        ).status_code,
        "api import": upload(client, f"{api}/actual-costs/import", costs).status_code,
    }  # fmt: skip

    assert statuses == {
        "money": 200 if reads(role) else 404,
        "cost form": for_project(role, scope, 200),
        "cost": for_project(role, scope, 302),
        "import": for_project(role, scope, 302),
        "progress": for_project(role, scope, 302),
        "api read": 200 if reads(role) else 404,
        "api portfolio": 200 if reads(role) else 403,
        "api cost": for_project(role, scope, 201),
        "api import": for_project(role, scope, 201),
    }
    assert ActualCost.objects.filter(project=project).count() == (3 if writes(role, scope) else 0)


def _json(client: Client, method: str, url: str, body: dict[str, Any]) -> int:
    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    return int(response.status_code)


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_keep_status_gate_reviews_and_benefits_as_its_grant_allows(
    role: Role, scope: str, project: Project, role_client: Client
) -> None:
    import datetime

    from govdx.core.permissions import SYSTEM
    from govdx.programme import services
    from govdx.programme.models import Benefit, GateReview, Recommendation, StatusReport

    client = role_client
    report = services.status_report_create(
        project=project, user=SYSTEM,
        data={"reported_on": datetime.date(2026, 2, 27), "level": "green", "narrative": "On."},
    )  # fmt: skip
    review = services.gate_review_create(
        project=project, data={"gate": 1, "held_on": datetime.date(2026, 1, 5), "level": "green"},
        user=SYSTEM,
    )  # fmt: skip
    recommendation = services.recommendation_create(
        review=review, data={"reference": "1", "text": "Do it."}, user=SYSTEM
    )
    benefit_data = {"type": "non_cashable", "measure": "Hours a week", "baseline": 40,
                    "target": 25, "start_date": datetime.date(2026, 4, 1),
                    "target_date": datetime.date(2027, 4, 1)}  # fmt: skip
    benefit = services.benefit_create(
        project=project, data={"name": "Staff time saved", **benefit_data}, user=SYSTEM
    )
    doomed = services.benefit_create(
        project=project, data={"name": "Calls avoided", **benefit_data}, user=SYSTEM
    )
    api, page = f"/api/projects/{project.pk}", f"/programme/benefits/{doomed.pk}/delete/"
    new_benefit = {**benefit_data, "name": "Fewer letters", "start_date": "2026-04-01",
                   "target_date": "2027-04-01"}  # fmt: skip

    across = client.get("/api/status-reports")
    statuses = {
        "status list": client.get(f"{api}/status-reports").status_code,
        "status across": across.status_code,
        "status read": client.get(f"/api/status-reports/{report.pk}").status_code,
        "status create": _json(client, "post", f"{api}/status-reports", {
            "reported_on": "2026-03-27", "level": "amber", "narrative": "Behind."}),
        "status change": _json(client, "patch", f"/api/status-reports/{report.pk}",
                               {"level": "amber", "version": report.version}),
        "gate list": client.get(f"{api}/gate-reviews").status_code,
        "gate read": client.get(f"/api/gate-reviews/{review.pk}").status_code,
        "gate create": _json(client, "post", f"{api}/gate-reviews",
                             {"gate": 2, "held_on": "2026-03-03", "level": "amber"}),
        "gate change": _json(client, "patch", f"/api/gate-reviews/{review.pk}",
                             {"summary": "Proceed.", "version": review.version}),
        "recommendation create": _json(client, "post",
                                       f"/api/gate-reviews/{review.pk}/recommendations",
                                       {"reference": "2", "text": "Test more."}),
        "recommendation read": client.get(
            f"/api/recommendations/{recommendation.pk}").status_code,
        "recommendation change": _json(client, "patch",
                                       f"/api/recommendations/{recommendation.pk}",
                                       {"text": "Do it now.", "version": recommendation.version}),
        "recommendation close": _json(client, "post",
                                      f"/api/recommendations/{recommendation.pk}/close", {}),
        "benefit list": client.get(f"{api}/benefits").status_code,
        "benefit read": client.get(f"/api/benefits/{benefit.pk}").status_code,
        "benefit create": _json(client, "post", f"{api}/benefits", new_benefit),
        "benefit change": _json(client, "patch", f"/api/benefits/{benefit.pk}",
                                {"target": "20", "version": benefit.version}),
        "actual list": client.get(f"/api/benefits/{benefit.pk}/actuals").status_code,
        "actual record": _json(client, "post", f"/api/benefits/{benefit.pk}/actuals",
                               {"measured_on": "2026-06-30", "value": "38"}),
        "benefit delete": client.delete(f"/api/benefits/{benefit.pk}").status_code,
        "delete page": client.get(page).status_code,
        "delete": client.post(page).status_code,
    }  # fmt: skip

    read = 200 if reads(role) else 404
    assert statuses == {
        "status list": read,
        "status across": 200 if reads(role) else 403,
        "status read": read,
        "status create": for_project(role, scope, 201),
        "status change": for_project(role, scope, 200),
        "gate list": read,
        "gate read": read,
        "gate create": for_project(role, scope, 201),
        "gate change": for_project(role, scope, 200),
        "recommendation create": for_project(role, scope, 201),
        "recommendation read": read,
        "recommendation change": for_project(role, scope, 200),
        "recommendation close": for_project(role, scope, 200),
        "benefit list": read,
        "benefit read": read,
        "benefit create": for_project(role, scope, 201),
        "benefit change": for_project(role, scope, 200),
        "actual list": read,
        "actual record": for_project(role, scope, 201),
        "benefit delete": for_project(role, scope, 200),
        "delete page": for_project(role, scope, 200),
        "delete": for_project(role, scope, 302),
    }
    written = writes(role, scope)
    if reads(role):
        assert report.pk in [item["id"] for item in across.json()["items"]]
    assert StatusReport.objects.filter(project=project).count() == (2 if written else 1)
    assert GateReview.objects.filter(project=project).count() == (2 if written else 1)
    assert Recommendation.objects.filter(review__project=project).count() == (2 if written else 1)
    assert Recommendation.objects.get(pk=recommendation.pk).closed_on is not None or not written
    assert list(Benefit.objects.filter(project=project).values_list("name", flat=True)) == (
        ["Fewer letters"] if written else ["Calls avoided", "Staff time saved"]
    )
