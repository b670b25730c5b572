"""Who may do what in governance, pages and API alike: every role against every endpoint, and
for the RACI grid and maturity assessments inside and outside the department lead's scope
(Resources, with Finance below it; outside is Highways). Restricted papers have their own
matrix in test_papers.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.governance import services
from govdx.governance.models import Board, KpiActual, RaciRow
from tests.factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

INSIDE, OUTSIDE = "inside", "outside"
BOARD_WRITERS = {Role.ADMINISTRATOR, Role.BOARD_MEMBER}
RACI_WRITERS = {Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.DEPARTMENT_LEAD}
MATURITY_WRITERS = {Role.ADMINISTRATOR, Role.BOARD_MEMBER, Role.DEPARTMENT_LEAD}
STRATEGY_WRITERS = {Role.ADMINISTRATOR, Role.BOARD_MEMBER}


def reads(role: Role) -> bool:
    return role is not Role.SUPPLIER_CONTACT


def scoped(role: Role, writers: set[Role], scope: str) -> bool:
    return role in writers and not (role is Role.DEPARTMENT_LEAD and scope == OUTSIDE)


def expected(role: Role, scope: str) -> dict[str, int]:
    seen = reads(role)
    return {
        "home": 200 if seen else 403,
        "boards": 200 if seen else 403,
        "board": 200 if seen else 404,
        "add board": 200 if role in BOARD_WRITERS else 403,
        "add decision": 200 if role in BOARD_WRITERS else 403,
        "actions": 200 if seen else 403,
        "decisions": 200 if seen else 403,
        "check": 200 if seen else 403,
        "raci": 200 if seen else 404,
        "save raci": (302 if scoped(role, RACI_WRITERS, scope) else 403) if seen else 404,
        "maturity": 200 if seen else 403,
        "assess": (200 if scoped(role, MATURITY_WRITERS, scope) else 403) if seen else 404,
        "api boards": 200 if seen else 403,
        "api check": 200 if seen else 403,
        "objectives": 200 if seen else 403,
        "objective": 200 if seen else 404,
        "add objective": 200 if role in STRATEGY_WRITERS else 403,
        "add actual": (302 if role in STRATEGY_WRITERS else 403) if seen else 404,
        "api objectives": 200 if seen else 403,
        "api add decision": 201 if role in BOARD_WRITERS else 403,
        "api change decision": (200 if role in BOARD_WRITERS else 403) if seen else 404,
        "api add action": 201 if role in BOARD_WRITERS else 403,
        "api change action": (200 if role in BOARD_WRITERS else 403) if seen else 404,
        "api decision history": 200 if seen else 404,
    }


def _api_writes(client: Client, board: Board, person: Any) -> dict[str, int]:
    """Create and change a decision and an action through the API."""
    decision = services.decision_create(
        data={"board": board, "decided_on": datetime.date(2026, 1, 5), "title": "Go"}, user=SYSTEM
    )
    action = services.action_create(
        data={"board": board, "description": "Act", "owner": person,
              "due_on": datetime.date(2026, 2, 2)},
        user=SYSTEM,
    )  # fmt: skip
    new_decision = {"board_id": board.pk, "decided_on": "2026-01-06", "title": "Stop"}
    new_action = {"board_id": board.pk, "description": "Do", "owner_id": person.pk,
                  "due_on": "2026-02-03"}  # fmt: skip

    def send(method: Callable[..., Any], path: str, body: dict[str, Any]) -> int:
        return int(method(path, body, content_type="application/json").status_code)

    return {
        "api add decision": send(client.post, "/api/decisions", new_decision),
        "api change decision": send(client.patch, f"/api/decisions/{decision.pk}",
                                    {"title": "Go now", "version": 1}),
        "api add action": send(client.post, "/api/board-actions", new_action),
        "api change action": send(client.patch, f"/api/board-actions/{action.pk}",
                                  {"completed_on": "2026-01-20", "version": 1}),
        "api decision history": client.get(f"/api/decisions/{decision.pk}/history").status_code,
    }  # fmt: skip


@pytest.mark.parametrize("scope", [INSIDE, OUTSIDE])
@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_open_and_post_the_governance_pages_its_grant_allows(
    role: Role, scope: str, org: dict[str, Any], user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:  # fmt: skip
    department = org["finance"] if scope == INSIDE else org["highways"]
    board = services.board_create(data={"name": "Design authority", "kind": "design_authority"},
                                  user=SYSTEM)  # fmt: skip
    person = PersonFactory(department=department)
    project = ProjectFactory(department=department, senior_responsible_owner=person)
    objective = services.objective_create(data={"title": "Services online"}, user=SYSTEM)
    kpi = services.kpi_create(objective=objective, user=SYSTEM, data={
        "measure": "Claims online (%)", "baseline": 20, "target": 80,
        "baseline_on": datetime.date(2025, 1, 1), "target_on": datetime.date(2027, 1, 1),
    })  # fmt: skip
    client = client_for(user_in_scope(role))
    raci = f"/governance/projects/{project.pk}/raci/"
    save = {"person": [person.pk], "row-0": "Build", f"cell-0-{person.pk}": "A/R",
            "action": "save"}  # fmt: skip

    statuses = {
        "home": client.get("/governance/").status_code,
        "boards": client.get("/governance/boards/").status_code,
        "board": client.get(f"/governance/boards/{board.pk}/").status_code,
        "add board": client.get("/governance/boards/add/").status_code,
        "add decision": client.get("/governance/decisions/add/").status_code,
        "actions": client.get("/governance/actions/").status_code,
        "decisions": client.get("/governance/decisions/").status_code,
        "check": client.get("/governance/check/").status_code,
        "raci": client.get(raci).status_code,
        "save raci": client.post(raci, save).status_code,
        "maturity": client.get("/governance/maturity/").status_code,
        "assess": client.get(
            f"/governance/maturity/departments/{department.pk}/assess/"
        ).status_code,
        "api boards": client.get("/api/boards").status_code,
        "api check": client.get("/api/governance/check").status_code,
        "objectives": client.get("/governance/objectives/").status_code,
        "objective": client.get(f"/governance/objectives/{objective.pk}/").status_code,
        "add objective": client.get("/governance/objectives/add/").status_code,
        "add actual": client.post(
            f"/governance/kpis/{kpi.pk}/actuals/add/", {"measured_on": "2026-01-05", "value": "3"}
        ).status_code,
        "api objectives": client.get("/api/objectives").status_code,
        **_api_writes(client, board, person),
    }

    assert statuses == expected(role, scope)
    assert RaciRow.objects.exists() is (statuses["save raci"] == 302)
    assert Board.objects.count() == 1
    assert KpiActual.objects.exists() is (statuses["add actual"] == 302)


@pytest.mark.parametrize(
    "path", ["/governance/", "/governance/boards/", "/governance/papers/", "/governance/check/",
             "/governance/maturity/", "/governance/projects/1/raci/", "/governance/objectives/"],
)  # fmt: skip
def test_anonymous_visitors_are_sent_to_sign_in_from_every_governance_page(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={path}"


@pytest.mark.parametrize(
    "path", ["/api/boards", "/api/board-papers", "/api/governance/check", "/api/objectives",
             "/api/decisions/1/history"],
)  # fmt: skip
def test_the_governance_api_answers_401_without_a_token_or_a_session(path: str) -> None:
    assert Client().get(path).status_code == 401
