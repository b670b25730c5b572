"""Board papers marked restricted are seen only by that board's members (issue 6, acceptance
point 4): their page, their file, their API entry and every list that shows them, tested as a
matrix of every role, with the user's person inside the board and outside it.

Organisation-wide administrators see every record, restricted papers included: the access
kernel treats them as all-seeing, and govdx keeps that one rule for every kind of record.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from govdx.core.permissions import SYSTEM
from govdx.domain.governance.access import Role
from govdx.governance import services
from govdx.governance.models import Board, Meeting, Paper
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROLES = list(Role)
INSIDE, OUTSIDE = "inside", "outside"


@pytest.fixture
def papers(org: dict[str, Any]) -> dict[str, Paper]:
    board = services.board_create(
        data={"name": "Transformation board", "kind": "transformation"}, user=SYSTEM
    )
    meeting = services.meeting_create(
        board=board, data={"held_on": datetime.date(2026, 2, 3)}, user=SYSTEM
    )
    open_paper = services.paper_create(
        meeting=meeting, data={"title": "Programme update", "restricted": False}, user=SYSTEM,
        upload=SimpleUploadedFile("update.txt", b"open"),
    )  # fmt: skip
    secret = services.paper_create(
        meeting=meeting, data={"title": "Supplier exit costs", "restricted": True}, user=SYSTEM,
        upload=SimpleUploadedFile("exit.txt", b"restricted figures"),
    )  # fmt: skip
    return {"open": open_paper, "restricted": secret}


def _user(role: Role, scope: str, make: Callable[..., Any], org: dict[str, Any]) -> Any:
    user = make(role)
    if role is not Role.SUPPLIER_CONTACT:
        person = PersonFactory(user=user, department=org["finance"])
        if scope == INSIDE:
            board = Board.objects.get()
            services.membership_add(board=board, person=person, role="member", user=SYSTEM)
    return user


def sees_restricted(role: Role, scope: str) -> bool:
    if role is Role.SUPPLIER_CONTACT:
        return False
    return scope == INSIDE or role is Role.ADMINISTRATOR


@pytest.mark.parametrize("scope", [INSIDE, OUTSIDE])
@pytest.mark.parametrize("role", ROLES)
def test_a_restricted_paper_is_seen_only_by_the_boards_members_on_every_page_and_endpoint(
    role: Role,
    scope: str,
    papers: dict[str, Paper],
    user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
    org: dict[str, Any],
) -> None:
    client = client_for(_user(role, scope, user_in_scope, org))
    secret, open_paper = papers["restricted"], papers["open"]
    meeting = Meeting.objects.get()
    reads = role is not Role.SUPPLIER_CONTACT
    shown = sees_restricted(role, scope)
    hidden = 200 if shown else 404

    assert client.get(f"/governance/papers/{secret.pk}/").status_code == hidden
    download = client.get(f"/governance/papers/{secret.pk}/file/")
    assert download.status_code == hidden
    if shown:
        assert (
            b"".join(download.streaming_content if download.streaming else [download.content])
            == b"restricted figures"
        )
    assert client.get(f"/api/board-papers/{secret.pk}").status_code == hidden
    assert client.get(f"/api/board-papers/{secret.pk}/file").status_code == hidden
    assert client.get(f"/governance/papers/{open_paper.pk}/").status_code == (200 if reads else 404)

    pages = {
        "papers": client.get("/governance/papers/"),
        "search": client.get("/governance/papers/?q=costs"),
        "board": client.get(f"/governance/boards/{meeting.board_id}/"),
        "meeting": client.get(f"/governance/meetings/{meeting.pk}/"),
    }
    for name, response in pages.items():
        if not reads:
            assert response.status_code in (403, 404), name
            continue
        assert response.status_code == 200, name
        assert ("Supplier exit costs" in response.content.decode()) is shown, name
    listed = client.get("/api/board-papers")
    if reads:
        titles = {item["title"] for item in listed.json()["items"]}
        assert ("Supplier exit costs" in titles) is shown
        assert "Programme update" in titles
    else:
        assert listed.status_code == 403


def test_a_board_member_who_leaves_the_board_no_longer_sees_its_restricted_papers(
    papers: dict[str, Paper], make_user: Callable[..., Any], client_for: Callable[[Any], Client],
    org: dict[str, Any],
) -> None:  # fmt: skip
    user = _user(Role.BOARD_MEMBER, INSIDE, make_user, org)
    client = client_for(user)
    url = f"/governance/papers/{papers['restricted'].pk}/"
    assert client.get(url).status_code == 200

    membership = Board.objects.get().memberships.get()
    services.membership_remove(membership=membership, user=SYSTEM)

    assert client.get(url).status_code == 404


def test_a_board_member_adds_a_restricted_paper_with_its_file_through_the_form(
    papers: dict[str, Paper], make_user: Callable[..., Any], client_for: Callable[[Any], Client],
    org: dict[str, Any],
) -> None:  # fmt: skip
    client = client_for(_user(Role.BOARD_MEMBER, INSIDE, make_user, org))
    meeting = Meeting.objects.get()
    response = client.post(
        f"/governance/meetings/{meeting.pk}/papers/add/",
        {"title": "Business case", "kind": "paper", "restricted": "on",
         "file": SimpleUploadedFile("case.txt", b"case")},
    )  # fmt: skip
    assert response.status_code == 302
    paper = Paper.objects.get(title="Business case")
    assert paper.restricted and bytes(paper.content) == b"case" and paper.filename == "case.txt"
    assert paper.history.count() == 1
