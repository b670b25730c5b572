"""Who may do what to the risk registers, pages and API alike: every role against every endpoint,
inside and outside the scope of its grant (issue 3, acceptance point 4).

The matrix user's scope is the one `user_in_scope` gives: a department lead leads Resources
(and Finance below it), a supplier contact works for Acme Hosting. A risk inside that scope
belongs to Finance and concerns Acme; one outside belongs to Highways and concerns
Brightwater.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govdx.domain.governance.access import Role
from govdx.risk.models import Acceptance, AppetiteStatement, Register, Review, Risk, RiskCategory
from tests.factories import (
    AcceptanceFactory,
    AppetiteStatementFactory,
    RegisterFactory,
    RiskCategoryFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

ROLES = list(Role)
INSIDE, OUTSIDE = "inside", "outside"
SCOPES = [INSIDE, OUTSIDE]

RISK_WRITERS = {Role.ADMINISTRATOR, Role.RISK_MANAGER, Role.DEPARTMENT_LEAD}
REFERENCE_WRITERS = {Role.ADMINISTRATOR, Role.RISK_MANAGER}  # registers, categories, appetite
APPROVERS = {Role.ADMINISTRATOR, Role.BOARD_MEMBER}


def approver_roles() -> list[Any]:
    """Every role: only the board member and the administrator may approve."""
    return list(ROLES)


# What each role may do, written out once for the page and the API matrices.


def reads_risk(role: Role, scope: str) -> bool:
    """Everyone inside the organisation reads every risk; a supplier contact only their own."""
    return role is not Role.SUPPLIER_CONTACT or scope == INSIDE


def writes_risk(role: Role, scope: str) -> bool:
    if role is Role.DEPARTMENT_LEAD and scope == OUTSIDE:
        return False
    return role in RISK_WRITERS


def for_risk(role: Role, scope: str, success: int) -> int:
    """Acting on a risk: unseen risks are not found, unwritable ones forbidden."""
    if not reads_risk(role, scope):
        return 404
    return success if writes_risk(role, scope) else 403


def reads_register(role: Role) -> bool:
    return role is not Role.SUPPLIER_CONTACT


def for_reference(role: Role, success: int, writers: set[Role] = REFERENCE_WRITERS) -> int:
    """Acting on a register, a category or a statement: suppliers see none of them."""
    if not reads_register(role):
        return 404
    return success if role in writers else 403


def for_approval(role: Role, scope: str, success: int = 200) -> int:
    if not reads_risk(role, scope):
        return 404
    return success if role in APPROVERS else 403


# The records the matrices act on.


@pytest.fixture
def world(org: dict[str, Any]) -> dict[str, Any]:
    technology = RiskCategoryFactory(key="technology", name="Technology")
    corporate = RegisterFactory(name="Corporate risk register", kind="corporate")
    return {
        **org,
        "technology": technology,
        "corporate": corporate,
        INSIDE: RegisterFactory(
            name="Resources risk register", department=org["resources"], parent=corporate
        ),
        OUTSIDE: RegisterFactory(
            name="Place risk register", department=org["place"], parent=corporate
        ),
    }


@pytest.fixture
def role_client(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> Client:
    """A client signed in as a user holding the test's `role` in the matrices' scope."""
    return client_for(user_in_scope(role))


def department(scope: str, world: dict[str, Any]) -> Any:
    return world["finance"] if scope == INSIDE else world["highways"]


def supplier(scope: str, world: dict[str, Any]) -> Any:
    return world["supplier_a"] if scope == INSIDE else world["supplier_b"]


def make_risk(scope: str, world: dict[str, Any], **fields: Any) -> Risk:
    values = {
        "reference": "FIN-1" if scope == INSIDE else "HWY-1",
        "title": "Payroll system fails" if scope == INSIDE else "Bridge closes",
        "register": world[scope],
        "category": world["technology"],
        "department": department(scope, world),
        "supplier": supplier(scope, world),
        "inherent_likelihood": 4,
        "inherent_impact": 4,
        **fields,
    }
    return RiskFactory(**values)


def risk_form(risk: Risk | None, scope: str, world: dict[str, Any], title: str) -> dict[str, Any]:
    """The risk form as its page posts it: a new risk in `scope`, or `risk` renamed."""
    if risk is None:
        return {
            "reference": "NEW-1",
            "title": title,
            "kind": "threat",
            "register": world[scope].pk,
            "category": world["technology"].pk,
            "department": department(scope, world).pk,
            "status": "open",
            "identified_on": "2026-01-05",
            "inherent_likelihood": 3,
            "inherent_impact": 4,
        }
    return {
        "reference": risk.reference,
        "title": title,
        "kind": risk.kind,
        "register": risk.register_id,
        "category": risk.category_id,
        "department": risk.department_id or "",
        "supplier": risk.supplier_id or "",
        "status": risk.status,
        "identified_on": risk.identified_on.isoformat(),
        "inherent_likelihood": risk.inherent_likelihood,
        "inherent_impact": risk.inherent_impact,
        "version": risk.version,
    }


def register_form(register: Register | None, scope: str, world: dict[str, Any]) -> dict[str, Any]:
    if register is None:
        return {
            "name": "Pensions risk register",
            "kind": "department",
            "department": department(scope, world).pk,
            "parent": world["corporate"].pk,
        }
    return {
        "name": f"{register.name} renamed",
        "kind": register.kind,
        "department": register.department_id or "",
        "parent": register.parent_id or "",
        "version": register.version,
    }


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    if method == "get":
        return client.get(path)
    return getattr(client, method)(
        path, json.dumps(body) if body is not None else None, content_type="application/json"
    )


def title_of(risk: Risk) -> str:
    return Risk.objects.get(pk=risk.pk).title


# The pages: one test is one row of the matrix, every status compared at once.


def expected_risk_pages(role: Role, scope: str) -> dict[str, int]:
    if role not in RISK_WRITERS:
        add = 403
    elif writes_risk(role, scope):
        add = 302
    else:
        add = 422  # the form offers only the departments the user leads
    return {
        "dashboard": 200,
        "list": 200,
        "detail": 200 if reads_risk(role, scope) else 404,
        "add form": 200 if role in RISK_WRITERS else 403,
        "add": add,
        "change form": for_risk(role, scope, 200),
        "change": for_risk(role, scope, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_risk_pages_its_grant_allows_inside_and_outside_its_scope(
    role: Role,
    scope: str,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    risk = make_risk(scope, world)
    client = role_client
    record = f"/risk/risks/{risk.pk}/"

    listed = client.get("/risk/risks/")
    statuses = {
        "dashboard": client.get("/risk/").status_code,
        "list": listed.status_code,
        "detail": client.get(record).status_code,
        "add form": client.get("/risk/risks/add/").status_code,
        "add": client.post("/risk/risks/add/", risk_form(None, scope, world, "New")).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(
            f"{record}change/", risk_form(risk, scope, world, "Renamed")
        ).status_code,
    }

    expected = expected_risk_pages(role, scope)
    assert statuses == expected
    assert Risk.objects.filter(reference="NEW-1").exists() is (expected["add"] == 302)
    assert title_of(risk) == ("Renamed" if expected["change"] == 302 else risk.title)
    assert (f'href="{record}"' in listed.content.decode()) is reads_risk(role, scope)


def expected_register_pages(role: Role) -> dict[str, int]:
    return {
        "list": 200 if reads_register(role) else 403,
        "detail": 200 if reads_register(role) else 404,
        "add form": 200 if role in REFERENCE_WRITERS else 403,
        "add": 302 if role in REFERENCE_WRITERS else 403,
        "change form": for_reference(role, 200),
        "change": for_reference(role, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_register_pages_its_grant_allows(
    role: Role,
    scope: str,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    register = world[scope]
    client = role_client
    record = f"/risk/registers/{register.pk}/"

    statuses = {
        "list": client.get("/risk/registers/").status_code,
        "detail": client.get(record).status_code,
        "add form": client.get("/risk/registers/add/").status_code,
        "add": client.post("/risk/registers/add/", register_form(None, scope, world)).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(
            f"{record}change/", register_form(register, scope, world)
        ).status_code,
    }

    expected = expected_register_pages(role)
    assert statuses == expected
    assert Register.objects.filter(name="Pensions risk register").exists() is (
        expected["add"] == 302
    )
    renamed = Register.objects.get(pk=register.pk).name == f"{register.name} renamed"
    assert renamed is (expected["change"] == 302)


PAGES = [
    "/risk/",
    "/risk/registers/",
    "/risk/registers/add/",
    "/risk/registers/1/",
    "/risk/registers/1/change/",
    "/risk/risks/",
    "/risk/risks/add/",
    "/risk/risks/1/",
    "/risk/risks/1/change/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_risk_page(path: str) -> None:
    for response in (Client().get(path), Client().post(path, {"title": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"


# The API: the same promises, endpoint by endpoint.


def expected_risk_endpoints(role: Role, scope: str) -> dict[str, int]:
    return {
        "list": 200,
        "read": 200 if reads_risk(role, scope) else 404,
        "check": 200,
        "create": 201 if writes_risk(role, scope) else 403,
        "change": for_risk(role, scope, 200),
        "review": for_risk(role, scope, 201),
        "submit acceptance": for_risk(role, scope, 201),
        "delete": for_risk(role, scope, 200),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_risk_endpoints_its_grant_allows_inside_and_outside_its_scope(
    role: Role,
    scope: str,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    risk = make_risk(scope, world, current_likelihood=4, current_impact=4)
    client = role_client
    record = f"/api/risks/{risk.pk}"
    new = {
        "reference": "NEW-1",
        "title": "New",
        "register_id": world[scope].pk,
        "category_id": world["technology"].pk,
        "department_id": department(scope, world).pk,
        "inherent_likelihood": 3,
        "inherent_impact": "major",
    }

    listed = client.get("/api/risks")
    read = client.get(record)
    checked = client.get("/api/risks/check")
    created = send(client, "post", "/api/risks", new)
    changed = send(client, "patch", record, {"title": "Renamed", "version": risk.version})
    reviewed = send(
        client, "post", f"{record}/reviews", {"likelihood": 2, "impact": 2, "comment": "Better."}
    )
    submitted = send(client, "post", f"{record}/acceptances", {"reason": "Too costly to treat."})
    renamed = title_of(risk)
    has_review = Review.objects.filter(risk_id=risk.pk).exists()
    has_acceptance = Acceptance.objects.filter(risk_id=risk.pk).exists()
    deleted = client.delete(record)

    expected = expected_risk_endpoints(role, scope)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "check": checked.status_code,
        "create": created.status_code,
        "change": changed.status_code,
        "review": reviewed.status_code,
        "submit acceptance": submitted.status_code,
        "delete": deleted.status_code,
    } == expected
    sees = reads_risk(role, scope)
    assert (risk.pk in [item["id"] for item in listed.json()["items"]]) is sees
    assert (risk.reference in checked.json()["risks"]) is sees
    assert Risk.objects.filter(reference="NEW-1").exists() is (expected["create"] == 201)
    assert renamed == ("Renamed" if expected["change"] == 200 else risk.title)
    assert has_review is (expected["review"] == 201)
    assert has_acceptance is (expected["submit acceptance"] == 201)
    assert Risk.objects.filter(pk=risk.pk).exists() is (expected["delete"] != 200)
    if expected["create"] == 403:
        assert "may not add" in created.json()["detail"]


def expected_register_endpoints(role: Role) -> dict[str, int]:
    return {
        "list": 200 if reads_register(role) else 403,
        "read": 200 if reads_register(role) else 404,
        "create": 201 if role in REFERENCE_WRITERS else 403,
        "change": for_reference(role, 200),
        "delete": for_reference(role, 200),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_register_endpoints_its_grant_allows(
    role: Role,
    scope: str,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    register = RegisterFactory(name="Projects risk register", department=department(scope, world))
    client = role_client
    record = f"/api/risk-registers/{register.pk}"
    new = {"name": "Pensions risk register", "kind": "department"}

    listed = client.get("/api/risk-registers")
    read = client.get(record)
    created = send(client, "post", "/api/risk-registers", new)
    changed = send(client, "patch", record, {"name": "Renamed", "version": register.version})
    renamed = Register.objects.get(pk=register.pk).name
    deleted = client.delete(record)

    expected = expected_register_endpoints(role)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "create": created.status_code,
        "change": changed.status_code,
        "delete": deleted.status_code,
    } == expected
    assert renamed == ("Renamed" if expected["change"] == 200 else "Projects risk register")
    assert Register.objects.filter(pk=register.pk).exists() is (expected["delete"] != 200)


def expected_reference_endpoints(role: Role) -> dict[str, int]:
    return {
        "categories": 200 if reads_register(role) else 403,
        "category": 200 if reads_register(role) else 404,
        "add category": 201 if role in REFERENCE_WRITERS else 403,
        "change category": for_reference(role, 200),
        "statements": 200 if reads_register(role) else 403,
        "statement": 200 if reads_register(role) else 404,
        "draft statement": 201 if role in REFERENCE_WRITERS else 403,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_category_and_appetite_endpoints_its_grant_allows(
    role: Role,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    category = world["technology"]
    statement = AppetiteStatementFactory(category=category, level="open")
    client = role_client
    draft = {"category_id": category.pk, "level": "averse", "effective_from": "2026-04-01"}

    statuses = {
        "categories": client.get("/api/risk-categories").status_code,
        "category": client.get(f"/api/risk-categories/{category.pk}").status_code,
        "add category": send(
            client, "post", "/api/risk-categories", {"key": "climate", "name": "Climate"}
        ).status_code,
        "change category": send(
            client,
            "patch",
            f"/api/risk-categories/{category.pk}",
            {"name": "Digital", "version": category.version},
        ).status_code,
        "statements": client.get("/api/appetite-statements").status_code,
        "statement": client.get(f"/api/appetite-statements/{statement.pk}").status_code,
        "draft statement": send(client, "post", "/api/appetite-statements", draft).status_code,
    }

    expected = expected_reference_endpoints(role)
    assert statuses == expected
    assert RiskCategory.objects.filter(key="climate").exists() is (expected["add category"] == 201)
    assert RiskCategory.objects.get(pk=category.pk).name == (
        "Digital" if expected["change category"] == 200 else "Technology"
    )
    assert AppetiteStatement.objects.filter(level="averse", state="draft").exists() is (
        expected["draft statement"] == 201
    )


def expected_approvals(role: Role, scope: str) -> dict[str, int]:
    return {
        "approve statement": for_reference(role, 200, APPROVERS),
        "accept": for_approval(role, scope),
        "reject": for_approval(role, scope),
        "revoke": for_approval(role, scope),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", approver_roles())
def test_only_a_board_member_or_an_administrator_approves_appetite_and_acceptances(
    role: Role,
    scope: str,
    world: dict[str, Any],
    role_client: Client,
) -> None:
    risk = make_risk(scope, world)
    statement = AppetiteStatementFactory(category=world["technology"], level="open")
    to_accept = AcceptanceFactory(risk=risk)
    to_reject = AcceptanceFactory(risk=make_risk(scope, world, reference=f"{risk.reference}-B"))
    to_revoke = AcceptanceFactory(
        risk=make_risk(scope, world, reference=f"{risk.reference}-C"),
        state="accepted",
        decided_on=date(2026, 1, 5),
        expires_on=date(2026, 12, 31),
    )
    client = role_client

    statuses = {
        "approve statement": send(
            client, "post", f"/api/appetite-statements/{statement.pk}/approve"
        ).status_code,
        "accept": send(
            client, "post", f"/api/acceptances/{to_accept.pk}/decide", {"accept": True}
        ).status_code,
        "reject": send(
            client,
            "post",
            f"/api/acceptances/{to_reject.pk}/decide",
            {"accept": False, "note": "Treat it instead."},
        ).status_code,
        "revoke": send(
            client,
            "post",
            f"/api/acceptances/{to_revoke.pk}/revoke",
            {"note": "Circumstances changed."},
        ).status_code,
    }

    expected = expected_approvals(role, scope)
    assert statuses == expected
    states = {
        "approve statement": AppetiteStatement.objects.get(pk=statement.pk).state,
        "accept": Acceptance.objects.get(pk=to_accept.pk).state,
        "reject": Acceptance.objects.get(pk=to_reject.pk).state,
        "revoke": Acceptance.objects.get(pk=to_revoke.pk).state,
    }
    done = {"approve statement": "approved", "accept": "accepted", "reject": "rejected",
            "revoke": "revoked"}  # fmt: skip
    before = {"approve statement": "draft", "accept": "submitted", "reject": "submitted",
              "revoke": "accepted"}  # fmt: skip
    assert states == {
        action: done[action] if status == 200 else before[action]
        for action, status in expected.items()
    }


API_ENDPOINTS = [
    ("get", "/api/risks"),
    ("post", "/api/risks"),
    ("get", "/api/risks/1"),
    ("patch", "/api/risks/1"),
    ("delete", "/api/risks/1"),
    ("get", "/api/risks/check"),
    ("post", "/api/risks/1/reviews"),
    ("post", "/api/risks/1/acceptances"),
    ("get", "/api/risk-registers"),
    ("post", "/api/risk-registers"),
    ("get", "/api/risk-registers/1"),
    ("patch", "/api/risk-registers/1"),
    ("delete", "/api/risk-registers/1"),
    ("get", "/api/risk-categories"),
    ("post", "/api/risk-categories"),
    ("get", "/api/risk-categories/1"),
    ("patch", "/api/risk-categories/1"),
    ("get", "/api/appetite-statements"),
    ("post", "/api/appetite-statements"),
    ("get", "/api/appetite-statements/1"),
    ("post", "/api/appetite-statements/1/approve"),
    ("get", "/api/acceptances/1"),
    ("post", "/api/acceptances/1/decide"),
    ("post", "/api/acceptances/1/revoke"),
]


@pytest.mark.parametrize(("method", "path"), API_ENDPOINTS)
def test_risk_api_answers_401_without_a_token_or_a_session(method: str, path: str) -> None:
    response = send(Client(), method, path, {})

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


# The promises of acceptance point 4, one by one as people would say them.


def test_department_lead_edits_the_risks_of_their_own_department_only_on_the_page_and_in_the_api(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = make_risk(INSIDE, world)
    theirs = make_risk(OUTSIDE, world)
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=world["resources"]))

    page_ours = client.post(
        f"/risk/risks/{ours.pk}/change/", risk_form(ours, INSIDE, world, "Ours, renamed")
    )
    page_theirs = client.post(
        f"/risk/risks/{theirs.pk}/change/", risk_form(theirs, OUTSIDE, world, "Theirs, renamed")
    )
    api_ours = send(client, "patch", f"/api/risks/{ours.pk}", {"cause": "Old kit", "version": 2})
    api_theirs = send(
        client, "patch", f"/api/risks/{theirs.pk}", {"cause": "Old kit", "version": 1}
    )
    ours_page = client.get(f"/risk/risks/{ours.pk}/").content.decode()
    theirs_page = client.get(f"/risk/risks/{theirs.pk}/").content.decode()

    assert (page_ours.status_code, page_theirs.status_code) == (302, 403)
    assert (api_ours.status_code, api_theirs.status_code) == (200, 403)
    assert api_theirs.json() == {
        "detail": "You may not change this risk. Ask an administrator if you need to."
    }
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.title, ours.cause) == ("Ours, renamed", "Old kit")
    assert (theirs.title, theirs.cause) == ("Bridge closes", "")
    assert f'href="/risk/risks/{ours.pk}/change/"' in ours_page
    assert f'href="/risk/risks/{theirs.pk}/change/"' not in theirs_page


def test_department_lead_cannot_move_a_risk_out_of_their_department_or_add_one_outside_it(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = make_risk(INSIDE, world)
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=world["resources"]))

    moved_out = send(
        client,
        "patch",
        f"/api/risks/{ours.pk}",
        {"department_id": world["highways"].pk, "version": 1},
    )
    moved_within = send(
        client,
        "patch",
        f"/api/risks/{ours.pk}",
        {"department_id": world["resources"].pk, "version": 1},
    )
    added_outside = send(
        client,
        "post",
        "/api/risks",
        {
            "title": "Roads flood",
            "register_id": world[OUTSIDE].pk,
            "category_id": world["technology"].pk,
            "department_id": world["highways"].pk,
            "inherent_likelihood": 3,
            "inherent_impact": 3,
        },
    )
    added_nowhere = send(
        client,
        "post",
        "/api/risks",
        {
            "title": "Council-wide outage",
            "register_id": world["corporate"].pk,
            "category_id": world["technology"].pk,
            "inherent_likelihood": 3,
            "inherent_impact": 3,
        },
    )

    assert moved_out.status_code == 403
    assert moved_within.status_code == 200
    assert added_outside.status_code == 403
    assert added_nowhere.status_code == 403  # a risk of no department is an organisation matter
    assert Risk.objects.get(pk=ours.pk).department == world["resources"]
    assert Risk.objects.count() == 1


def test_department_lead_reviews_and_submits_acceptances_only_for_their_own_risks(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = make_risk(INSIDE, world)
    theirs = make_risk(OUTSIDE, world)
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=world["resources"]))
    review = {"likelihood": 2, "impact": 3, "comment": "Controls working."}
    acceptance = {"reason": "Cost of treatment outweighs the benefit."}

    assert send(client, "post", f"/api/risks/{ours.pk}/reviews", review).status_code == 201
    assert send(client, "post", f"/api/risks/{theirs.pk}/reviews", review).status_code == 403
    assert send(client, "post", f"/api/risks/{ours.pk}/acceptances", acceptance).status_code == 201
    assert (
        send(client, "post", f"/api/risks/{theirs.pk}/acceptances", acceptance).status_code == 403
    )
    assert list(Review.objects.values_list("risk__reference", flat=True)) == ["FIN-1"]
    assert list(Acceptance.objects.values_list("risk__reference", flat=True)) == ["FIN-1"]


def test_a_risk_manager_drafts_appetite_but_may_not_approve_it_nor_decide_acceptances(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    risk = make_risk(INSIDE, world)
    acceptance = AcceptanceFactory(risk=risk)
    client = client_for(make_user(Role.RISK_MANAGER))

    drafted = send(
        client,
        "post",
        "/api/appetite-statements",
        {"category_id": world["technology"].pk, "level": "minimal", "effective_from": "2026-04-01"},
    )
    approved = send(client, "post", f"/api/appetite-statements/{drafted.json()['id']}/approve")
    decided = send(client, "post", f"/api/acceptances/{acceptance.pk}/decide", {"accept": True})

    assert drafted.status_code == 201
    assert drafted.json()["state"] == "draft"
    assert approved.status_code == 403
    assert approved.json() == {
        "detail": "Only a board member or an administrator may approve a risk appetite statement."
    }
    assert decided.status_code == 403
    assert decided.json() == {
        "detail": "Only a board member or an administrator may accept a risk above appetite."
    }
    assert AppetiteStatement.objects.get().state == "draft"
    assert Acceptance.objects.get().state == "submitted"


def test_an_administrator_approves_appetite_and_accepts_a_risk(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    risk = make_risk(INSIDE, world)
    statement = AppetiteStatementFactory(category=world["technology"], level="minimal")
    acceptance = AcceptanceFactory(risk=risk)
    administrator = make_user(Role.ADMINISTRATOR)
    client = client_for(administrator)
    today = timezone.localdate()

    approved = send(client, "post", f"/api/appetite-statements/{statement.pk}/approve")
    accepted = send(client, "post", f"/api/acceptances/{acceptance.pk}/decide", {"accept": True})

    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert approved.json()["approved_by_id"] == administrator.pk
    assert approved.json()["approved_on"] == today.isoformat()
    assert accepted.status_code == 200
    assert accepted.json()["decided_by_id"] == administrator.pk


def test_a_board_member_approves_appetite_and_accepts_a_risk(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    risk = make_risk(INSIDE, world)
    statement = AppetiteStatementFactory(category=world["technology"], level="minimal")
    acceptance = AcceptanceFactory(risk=risk)
    client = client_for(make_user(Role.BOARD_MEMBER))

    approved = send(client, "post", f"/api/appetite-statements/{statement.pk}/approve")
    accepted = send(client, "post", f"/api/acceptances/{acceptance.pk}/decide", {"accept": True})

    assert (approved.status_code, accepted.status_code) == (200, 200)


def test_a_board_member_may_not_write_risks(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    risk = make_risk(INSIDE, world)
    client = client_for(make_user(Role.BOARD_MEMBER))

    changed = send(client, "patch", f"/api/risks/{risk.pk}", {"title": "X", "version": 1})

    assert changed.status_code == 403
    assert title_of(risk) == "Payroll system fails"


def test_a_viewer_reads_every_risk_but_cannot_write_on_the_page_or_in_the_api(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    risk = make_risk(OUTSIDE, world)
    client = client_for(make_user(Role.VIEWER))

    page = client.get(f"/risk/risks/{risk.pk}/")
    list_page = client.get("/risk/risks/").content.decode()
    page_change = client.post(
        f"/risk/risks/{risk.pk}/change/", risk_form(risk, OUTSIDE, world, "X")
    )
    api_change = send(client, "patch", f"/api/risks/{risk.pk}", {"title": "X", "version": 1})
    review = send(client, "post", f"/api/risks/{risk.pk}/reviews", {"likelihood": 1, "impact": 1})
    statement = send(
        client,
        "post",
        "/api/appetite-statements",
        {"category_id": world["technology"].pk, "level": "open", "effective_from": "2026-04-01"},
    )

    assert page.status_code == 200
    assert f'href="/risk/risks/{risk.pk}/change/"' not in page.content.decode()
    assert 'href="/risk/risks/add/"' not in list_page
    assert (page_change.status_code, api_change.status_code) == (403, 403)
    assert (review.status_code, statement.status_code) == (403, 403)
    assert title_of(risk) == "Bridge closes"
    assert not Review.objects.exists()
    assert not AppetiteStatement.objects.exists()


def test_supplier_contact_sees_only_the_risks_whose_supplier_is_theirs(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = make_risk(INSIDE, world)
    theirs = make_risk(OUTSIDE, world)
    internal = make_risk(INSIDE, world, reference="FIN-2", title="Payroll overpaid", supplier=None)
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=world["supplier_a"]))

    api_list = client.get("/api/risks").json()
    check = client.get("/api/risks/check").json()
    page = client.get("/risk/risks/").content.decode()
    by_their_supplier = client.get(f"/api/risks?q={theirs.reference}").json()

    assert [item["reference"] for item in api_list["items"]] == ["FIN-1"]
    assert check["risks"] == ["FIN-1"]
    assert f'href="/risk/risks/{ours.pk}/"' in page
    assert f'href="/risk/risks/{theirs.pk}/"' not in page
    assert f'href="/risk/risks/{internal.pk}/"' not in page
    assert by_their_supplier["count"] == 0
    assert client.get(f"/api/risks/{ours.pk}").status_code == 200
    assert client.get(f"/api/risks/{theirs.pk}").status_code == 404
    assert client.get(f"/api/risks/{internal.pk}").status_code == 404
    assert client.get(f"/risk/risks/{theirs.pk}/").status_code == 404
    assert client.get("/api/risk-registers").status_code == 403
    assert client.get("/risk/registers/").status_code == 403
