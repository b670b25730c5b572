"""The governance lists read a fixed number of queries however many records they show."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.governance import services
from tests.factories import DepartmentFactory, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _add_board(number: int) -> None:
    """A board with a member, a meeting, a restricted paper, a decision with a project and an
    action following from it."""
    board = services.board_create(
        data={"name": f"Board {number}", "kind": "departmental",
              "department": DepartmentFactory()},
        user=SYSTEM,
    )  # fmt: skip
    person = PersonFactory()
    services.membership_add(board=board, person=person, role="chair", user=SYSTEM)
    day = datetime.date(2026, 1, 5) + datetime.timedelta(days=number)
    meeting = services.meeting_create(board=board, data={"held_on": day}, user=SYSTEM)
    services.paper_create(meeting=meeting, data={"title": f"Paper {number}", "restricted": True},
                          user=SYSTEM)  # fmt: skip
    decision = services.decision_create(
        data={"board": board, "meeting": meeting, "decided_on": day, "title": f"Decision {number}",
              "projects": [ProjectFactory()]},
        user=SYSTEM,
    )  # fmt: skip
    services.action_create(
        data={"board": board, "decision": decision, "description": f"Action {number}",
              "owner": person, "due_on": day},
        user=SYSTEM,
    )  # fmt: skip


@pytest.mark.parametrize(
    "path", ["/governance/boards/", "/governance/papers/", "/governance/decisions/",
             "/governance/actions/", "/api/decisions", "/api/board-actions",
             "/api/board-papers"],
)  # fmt: skip
@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VIEWER])
def test_a_governance_list_reads_a_fixed_number_of_queries_however_many_records(
    path: str, role: Role, make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(role))
    made = 0

    def queries_for(count: int) -> int:
        nonlocal made
        while made < count:
            made += 1
            _add_board(made)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few, many = queries_for(2), queries_for(12)
    assert few == many, f"{path}: {few} queries for 2 boards, {many} for 12"
