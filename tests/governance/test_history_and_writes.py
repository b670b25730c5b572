"""The decision and action logs written through the API, and the links of decisions and
objectives kept in their history: on the record's page and in its history in the API, with
who linked or unlinked what, when and why."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.governance import services
from govdx.governance.models import Board, BoardAction, Decision
from govdx.programme.models import Benefit
from tests.factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def board() -> Board:
    return services.board_create(
        data={"name": "Transformation board", "kind": "transformation"}, user=SYSTEM
    )


@pytest.fixture
def member(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.BOARD_MEMBER, username="alovelace", first_name="Ada",
                     last_name="Lovelace")  # fmt: skip


@pytest.fixture
def client(member: Any, client_for: Callable[[Any], Client]) -> Client:
    return client_for(member)


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def _patch(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.patch(path, body, content_type="application/json")


def test_linking_then_unlinking_a_decisions_projects_shows_in_its_page_and_api_history(
    client: Client, board: Board
) -> None:
    online, phones = ProjectFactory(name="Claims online"), ProjectFactory(name="New phones")
    created = _post(client, "/api/decisions", {
        "board_id": board.pk, "decided_on": "2026-03-02", "title": "Go online first",
        "projects": [online.pk], "reason": "agreed at the March board",
    })  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    linked = _patch(
        client,
        f"/api/decisions/{pk}",
        {"projects": [online.pk, phones.pk], "version": 1, "reason": "phones too"},
    )
    unlinked = _patch(
        client,
        f"/api/decisions/{pk}",
        {"projects": [phones.pk], "version": 2, "reason": "claims deferred"},
    )

    assert (linked.status_code, unlinked.status_code) == (200, 200)
    assert unlinked.json()["projects"] == [phones.pk]
    history = client.get(f"/api/decisions/{pk}/history").json()
    assert [(e["kind"], e["who"], e["reason"]) for e in history] == [
        ("Changed", "Ada Lovelace", "claims deferred"),
        ("Changed", "Ada Lovelace", "phones too"),
        ("Created", "Ada Lovelace", "agreed at the March board"),
    ]
    assert [(c["label"], c["linked"], c["unlinked"]) for c in history[0]["changes"]] == [
        ("Projects", [], ["Claims online"])
    ]
    assert [(c["label"], c["linked"], c["unlinked"]) for c in history[1]["changes"]] == [
        ("Projects", ["New phones"], [])
    ]
    page = client.get(f"/governance/decisions/{pk}/").content.decode()
    assert "Projects: linked New phones</li>" in page
    assert "Projects: unlinked Claims online</li>" in page
    assert "(claims deferred)" in page


def test_an_objectives_benefits_linked_and_unlinked_show_in_its_history(
    client: Client, member: Any
) -> None:
    project = ProjectFactory()
    benefit = Benefit.objects.create(
        project=project, name="Fewer calls", type="non_cashable", measure="Calls", baseline=10,
        target=5, start_date=DAY, target_date=DAY,
    )  # fmt: skip
    objective = services.objective_create(data={"title": "Services online"}, user=SYSTEM)
    services.objective_update(instance=objective, data={"benefits": [benefit]}, user=member,
                              expected_version=1, reason="measured by calls")  # fmt: skip
    services.objective_update(instance=objective, data={"benefits": []}, user=member,
                              expected_version=2, reason="calls are not ours")  # fmt: skip

    history = client.get(f"/api/objectives/{objective.pk}/history").json()

    assert [(e["reason"], e["changes"][0]["linked"], e["changes"][0]["unlinked"])
            for e in history[:2]] == [
        ("calls are not ours", [], ["Fewer calls"]), ("measured by calls", ["Fewer calls"], []),
    ]  # fmt: skip
    page = client.get(f"/governance/objectives/{objective.pk}/").content.decode()
    assert "Benefits: linked Fewer calls</li>" in page
    assert "Benefits: unlinked Fewer calls</li>" in page


def test_an_action_is_added_and_changed_through_the_api(client: Client, board: Board) -> None:
    owner = PersonFactory()
    created = _post(client, "/api/board-actions", {
        "board_id": board.pk, "description": "Write the business case", "owner_id": owner.pk,
        "due_on": "2026-04-01",
    })  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]

    changed = _patch(
        client,
        f"/api/board-actions/{pk}",
        {"completed_on": "2026-03-20", "version": 1, "reason": "sent to the board"},
    )

    assert changed.status_code == 200
    assert (changed.json()["completed_on"], changed.json()["version"]) == ("2026-03-20", 2)
    [latest, _] = client.get(f"/api/board-actions/{pk}/history").json()
    assert latest["reason"] == "sent to the board"
    assert [(c["label"], c["new"]) for c in latest["changes"]] == [("Completed", "2026-03-20")]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"board_id": 9999}, "board_id", "There is no board numbered 9999."),
        ({"projects": [9999]}, "projects", "There is no project numbered 9999."),
        ({"title": ""}, "title", "This field cannot be blank."),
        ({"meeting_id": "other"}, "meeting", "That meeting is of Design authority, not of "
         "Transformation board."),
    ],
)  # fmt: skip
def test_a_decision_the_api_refuses_names_the_field_and_the_problem(
    client: Client, board: Board, body: dict[str, Any], field: str, message: str
) -> None:
    other = services.board_create(data={"name": "Design authority", "kind": "design_authority"},
                                  user=SYSTEM)  # fmt: skip
    meeting = services.meeting_create(board=other, data={"held_on": DAY}, user=SYSTEM)
    if body.get("meeting_id") == "other":
        body = {"meeting_id": meeting.pk}
    payload = {"board_id": board.pk, "decided_on": "2026-03-02", "title": "Go online", **body}

    response = _post(client, "/api/decisions", payload)

    assert response.status_code == 422
    assert message in response.json()["errors"][field]
    assert not Decision.objects.exists()


def test_an_action_of_another_boards_decision_or_nobody_is_refused(
    client: Client, board: Board
) -> None:
    other = services.board_create(data={"name": "Design authority", "kind": "design_authority"},
                                  user=SYSTEM)  # fmt: skip
    decision = services.decision_create(
        data={"board": other, "decided_on": DAY, "title": "Use the cloud"}, user=SYSTEM
    )
    body = {"board_id": board.pk, "description": "Act", "owner_id": PersonFactory().pk,
            "due_on": "2026-04-01"}  # fmt: skip

    wrong_board = _post(client, "/api/board-actions", {**body, "decision_id": decision.pk})
    nobody = _post(client, "/api/board-actions", {**body, "owner_id": 9999})

    assert wrong_board.json()["errors"] == {
        "decision": ["That decision is of Design authority, not of Transformation board."]
    }
    assert nobody.json()["errors"] == {"owner_id": ["There is no person numbered 9999."]}
    assert (wrong_board.status_code, nobody.status_code) == (422, 422)
    assert not BoardAction.objects.exists()


def test_a_change_without_a_version_or_with_a_stale_one_is_refused(
    client: Client, board: Board
) -> None:
    decision = services.decision_create(
        data={"board": board, "decided_on": DAY, "title": "Go online"}, user=SYSTEM
    )
    path = f"/api/decisions/{decision.pk}"
    services.decision_update(instance=decision, data={"title": "Go online first"}, user=SYSTEM,
                             expected_version=1)  # fmt: skip

    missing = _patch(client, path, {"title": "Mine"})
    stale = _patch(client, path, {"title": "Mine", "version": 1})

    assert (missing.status_code, stale.status_code) == (422, 409)
    assert "version" in missing.json()["errors"]
    decision.refresh_from_db()
    assert decision.title == "Go online first"
