"""The organisation's API as scripts and the browser use it: the permission matrix, the OpenAPI
document, session authentication with CSRF, pages of results, filters and error bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from govdx.domain.governance.access import Role
from govdx.org.models import Contract, Person, Supplier
from tests.factories import ContractFactory, DepartmentFactory, PersonFactory, SupplierFactory
from tests.org.access_matrix import (
    INSIDE,
    MODELS,
    RESOURCES,
    ROLES,
    SCOPES,
    expected_for_record,
    make_target,
    reads,
    reads_list,
    writes,
)

pytestmark = pytest.mark.django_db

NAME_FIELD = {
    "departments": "name",
    "people": "full_name",
    "suppliers": "name",
    "contracts": "title",
}


def new_record(resource: str, scope: str, org: dict[str, Any]) -> dict[str, Any]:
    department = org["finance"] if scope == INSIDE else org["highways"]
    supplier = org["supplier_a"] if scope == INSIDE else org["supplier_b"]
    return {
        "departments": {"code": "pensions", "name": "Pensions", "parent_id": department.pk},
        "people": {
            "full_name": "New Starter",
            "department_id": department.pk,
            "email": "new.starter@example.org",
        },
        "suppliers": {"name": "Newco Ltd"},
        "contracts": {
            "supplier_id": supplier.pk,
            "reference": "C-NEW",
            "title": "Hosting",
            "start_date": "2025-04-01",
            "end_date": "2028-03-31",
            "value_minor": 125_000_000,
            "department_id": department.pk,
        },
    }[resource]


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    if method == "get":
        return client.get(path)
    return getattr(client, method)(
        path, json.dumps(body) if body is not None else None, content_type="application/json"
    )


def name_of(obj: Any, resource: str) -> str:
    return str(getattr(type(obj).objects.get(pk=obj.pk), NAME_FIELD[resource]))


# The permission matrix: every role against every endpoint, inside and outside their scope.


def expected_endpoints(role: Role, resource: str, scope: str) -> dict[str, int]:
    return {
        "list": 200 if reads_list(role, resource) else 403,
        "read": 200 if reads(role, resource, scope) else 404,
        "create": 201 if writes(role, resource, scope) else 403,
        "change": expected_for_record(role, resource, scope),
        "delete": expected_for_record(role, resource, scope),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_endpoints_its_grant_allows_inside_and_outside_its_scope(
    role: Role,
    resource: str,
    scope: str,
    org: dict[str, Any],
    user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    model = MODELS[resource]
    target = make_target(resource, scope, org)
    name = name_of(target, resource)
    count = model.objects.count()
    client = client_for(user_in_scope(role))
    record = f"/api/{resource}/{target.pk}"

    listed = client.get(f"/api/{resource}")
    read = client.get(record)
    created = send(client, "post", f"/api/{resource}", new_record(resource, scope, org))
    added = model.objects.count() - count
    changed = send(
        client, "patch", record, {NAME_FIELD[resource]: "Renamed", "version": target.version}
    )
    renamed = name_of(target, resource)
    deleted = client.delete(record)

    expected = expected_endpoints(role, resource, scope)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "create": created.status_code,
        "change": changed.status_code,
        "delete": deleted.status_code,
    } == expected
    assert added == (1 if expected["create"] == 201 else 0)
    assert renamed == ("Renamed" if expected["change"] == 200 else name)
    assert model.objects.filter(pk=target.pk).exists() is (expected["delete"] != 200)
    if expected["list"] == 200:
        listed_ids = [item["id"] for item in listed.json()["items"]]
        assert (target.pk in listed_ids) is (expected["read"] == 200)
    if expected["read"] == 200:
        assert read.json()["id"] == target.pk
    if expected["change"] == 200:
        assert changed.json()["version"] == target.version + 1
    if expected["delete"] == 200:
        assert deleted.json() == {"deleted": True}
    if expected["create"] == 403:
        assert "may not add" in created.json()["detail"]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", ""), ("get", "/1"), ("patch", "/1"), ("delete", "/1")],
)
def test_api_answers_401_without_a_token_or_a_session(
    resource: str, method: str, suffix: str
) -> None:
    response = send(Client(), method, f"/api/{resource}{suffix}", {})

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


# The promises one by one.


def test_a_viewer_cannot_write_through_the_api(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    client = client_for(make_user(Role.VIEWER))

    created = send(client, "post", "/api/people", new_record("people", INSIDE, org))
    changed = send(client, "patch", f"/api/people/{person.pk}", {"full_name": "X"})
    deleted = client.delete(f"/api/people/{person.pk}")

    assert (created.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert changed.json() == {
        "detail": "You may not change this person. Ask an administrator if you need to."
    }
    assert Person.objects.get().full_name == "Aisha Ahmed"


def test_department_lead_cannot_change_a_person_in_another_department_through_the_api(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["highways"], full_name="Ben Baker")
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=org["resources"]))

    response = send(client, "patch", f"/api/people/{person.pk}", {"job_title": "Boss"})

    assert response.status_code == 403
    assert Person.objects.get().job_title == "Officer"


def test_department_lead_cannot_move_a_person_into_another_department_through_the_api(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"])
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=org["resources"]))

    moved_out = send(
        client,
        "patch",
        f"/api/people/{person.pk}",
        {"department_id": org["highways"].pk, "version": 1},
    )
    moved_within = send(
        client,
        "patch",
        f"/api/people/{person.pk}",
        {"department_id": org["resources"].pk, "version": 1},
    )

    assert moved_out.status_code == 403
    assert moved_within.status_code == 200
    assert Person.objects.get().department == org["resources"]


def test_a_change_without_the_version_read_is_refused_so_nothing_is_overwritten_blindly(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], job_title="Officer")
    client = client_for(make_user(Role.ADMINISTRATOR))

    response = send(client, "patch", f"/api/people/{person.pk}", {"job_title": "Boss"})

    assert response.status_code == 422
    assert "version" in response.json()["errors"]
    assert Person.objects.get().job_title == "Officer"


def test_department_lead_moves_teams_only_inside_their_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    payroll = DepartmentFactory(name="Payroll", code="payroll", parent=org["finance"])
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=org["resources"]))

    out = send(
        client,
        "patch",
        f"/api/departments/{payroll.pk}",
        {"parent_id": org["place"].pk, "version": 1},
    )
    top = send(client, "patch", f"/api/departments/{payroll.pk}", {"parent_id": None, "version": 1})
    own = send(
        client,
        "patch",
        f"/api/departments/{org['resources'].pk}",
        {"parent_id": None, "version": org["resources"].version},
    )
    within = send(
        client,
        "patch",
        f"/api/departments/{payroll.pk}",
        {"parent_id": org["resources"].pk, "version": 1},
    )

    assert (out.status_code, top.status_code) == (403, 403)
    assert "You may not move this department there" in out.json()["detail"]
    assert own.status_code == 200  # unchanged: Resources is already top-level
    assert within.status_code == 200
    payroll.refresh_from_db()
    assert payroll.parent == org["resources"]


def test_supplier_contact_lists_only_their_supplier_and_its_contracts(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = ContractFactory(supplier=org["supplier_a"], reference="ACME-1")
    theirs = ContractFactory(supplier=org["supplier_b"], reference="BRIGHT-1")
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"]))

    suppliers = client.get("/api/suppliers").json()
    contracts = client.get("/api/contracts").json()
    other_suppliers_contracts = client.get(f"/api/contracts?supplier={org['supplier_b'].pk}")

    assert [s["name"] for s in suppliers["items"]] == ["Acme Hosting"]
    assert suppliers["count"] == 1
    assert [c["reference"] for c in contracts["items"]] == ["ACME-1"]
    assert other_suppliers_contracts.status_code == 422  # not a supplier they may name
    assert client.get(f"/api/contracts/{theirs.pk}").status_code == 404
    assert client.get(f"/api/contracts/{ours.pk}").status_code == 200
    assert client.get(f"/api/suppliers/{org['supplier_b'].pk}").status_code == 404
    assert client.get("/api/people").status_code == 403
    assert client.get("/api/departments").status_code == 403


# Conflicts, validation and protection, as JSON.


def test_a_stale_version_gets_409_and_nothing_is_overwritten(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    first = client_for(make_user(Role.ADMINISTRATOR))
    second = client_for(make_user(Role.ADMINISTRATOR))

    won = send(first, "patch", f"/api/people/{person.pk}", {"job_title": "Head", "version": 1})
    lost = send(second, "patch", f"/api/people/{person.pk}", {"full_name": "X", "version": 1})

    assert won.status_code == 200
    assert won.json()["version"] == 2
    assert lost.status_code == 409
    assert lost.json() == {
        "detail": "This person was changed by someone else while you were editing it. Your "
        "changes were not saved: reload it to see theirs, then make yours again."
    }
    person.refresh_from_db()
    assert (person.full_name, person.job_title, person.version) == ("Aisha Ahmed", "Head", 2)


def test_a_change_that_breaks_a_rule_gets_422_with_the_problem_by_field(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.ADMINISTRATOR))
    record = {**new_record("contracts", INSIDE, org), "end_date": "2024-01-01"}

    response = send(client, "post", "/api/contracts", record)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "end_date: The end date must be on or after the start date.",
        "errors": {"end_date": ["The end date must be on or after the start date."]},
    }
    assert not Contract.objects.exists()


def test_a_malformed_body_gets_422_naming_each_bad_field(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.ADMINISTRATOR))

    response = send(
        client, "post", "/api/contracts", {"reference": "C-1", "value_minor": -5, "start_date": "x"}
    )

    assert response.status_code == 422
    problems = {tuple(p["loc"][-1:]) for p in response.json()["detail"]}
    assert {("supplier_id",), ("title",), ("start_date",), ("end_date",), ("value_minor",)} <= (
        problems
    )


def test_a_duplicate_department_code_gets_422_naming_the_code(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.ADMINISTRATOR))

    response = send(client, "post", "/api/departments", {"code": "finance", "name": "Finance 2"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["code"]


def test_deleting_a_supplier_with_contracts_gets_422_saying_what_to_remove_first(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ContractFactory(supplier=org["supplier_a"])

    response = client_for(make_user(Role.ADMINISTRATOR)).delete(
        f"/api/suppliers/{org['supplier_a'].pk}"
    )

    assert response.status_code == 422
    assert response.json()["detail"] == (
        "This supplier cannot be deleted while contracts still refer to it. "
        "Move or remove those first."
    )
    assert Supplier.objects.filter(pk=org["supplier_a"].pk).exists()


def test_a_record_that_does_not_exist_gets_404(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.ADMINISTRATOR))

    assert client.get("/api/people/999999").json() == {"detail": "No person 999999."}
    assert send(client, "patch", "/api/people/999999", {"full_name": "X"}).status_code == 404
    assert client.delete("/api/people/999999").status_code == 404


# Pages of results and filters.


def test_lists_come_in_pages_with_the_total_count(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory.create_batch(60, department=org["finance"])
    client = client_for(make_user(Role.VIEWER))

    default = client.get("/api/people").json()
    second = client.get("/api/people?page=2&page_size=25").json()
    last = client.get("/api/people?page=3&page_size=25").json()
    everyone = client.get("/api/people?page_size=1000").json()

    assert (default["count"], len(default["items"])) == (60, 50)
    assert (second["count"], len(second["items"])) == (60, 25)
    assert len(last["items"]) == 10
    assert len(everyone["items"]) == 60
    assert not {p["id"] for p in second["items"]} & {p["id"] for p in last["items"]}
    assert client.get("/api/people?page=0").status_code == 422


def test_people_filter_by_department_includes_its_teams_and_by_search_text(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory(full_name="Aisha Ahmed", department=org["resources"])
    PersonFactory(full_name="Ben Baker", department=org["finance"], is_active=False)
    PersonFactory(full_name="Cara Cole", department=org["highways"])
    client = client_for(make_user(Role.VIEWER))

    def names(query: str) -> list[str]:
        response = client.get(f"/api/people?{query}")
        assert response.status_code == 200
        return [p["full_name"] for p in response.json()["items"]]

    assert names(f"department={org['resources'].pk}") == ["Aisha Ahmed", "Ben Baker"]
    assert names(f"department={org['place'].pk}") == ["Cara Cole"]
    assert names("q=BAKER") == ["Ben Baker"]
    assert names("is_active=false") == ["Ben Baker"]
    assert names(f"q=a&department={org['resources'].pk}&is_active=true") == ["Aisha Ahmed"]


def test_department_and_contract_filters(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ContractFactory(supplier=org["supplier_a"], reference="ACME-1", end_date="2025-03-31")
    ContractFactory(supplier=org["supplier_b"], reference="BRIGHT-1", end_date="2029-03-31")
    client = client_for(make_user(Role.VIEWER))

    inside_place = client.get(f"/api/departments?parent={org['place'].pk}").json()
    directorates = client.get("/api/departments?kind=directorate").json()
    ending = client.get("/api/contracts?ends_before=2026-01-01").json()
    by_supplier = client.get(f"/api/contracts?supplier={org['supplier_b'].pk}").json()

    assert [d["name"] for d in inside_place["items"]] == ["Highways"]
    assert [d["name"] for d in directorates["items"]] == ["Place", "Resources"]
    assert [c["reference"] for c in ending["items"]] == ["ACME-1"]
    assert [c["reference"] for c in by_supplier["items"]] == ["BRIGHT-1"]


def test_api_lists_come_in_name_order_so_that_pages_do_not_shift(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    SupplierFactory(name="Aardvark Networks")
    DepartmentFactory(name="Adult Social Care", code="asc", kind="directorate")
    client = client_for(make_user(Role.VIEWER))

    suppliers = client.get("/api/suppliers").json()["items"]
    departments = client.get("/api/departments").json()["items"]

    assert [s["name"] for s in suppliers] == [
        "Aardvark Networks",
        "Acme Hosting",
        "Brightwater Software",
    ]
    assert [d["name"] for d in departments] == [
        "Adult Social Care",
        "Finance",
        "Highways",
        "Place",
        "Resources",
    ]


def test_an_invalid_filter_gets_422_naming_the_filter(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    response = client_for(make_user(Role.VIEWER)).get("/api/people?department=999999")

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some filters are not valid."
    assert list(body["errors"]) == ["department"]


def test_api_list_makes_the_same_few_queries_for_60_people_as_for_5(
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(make_user(Role.VIEWER))
    PersonFactory.create_batch(60, department=org["finance"])

    with django_assert_max_num_queries(8):
        response = client.get("/api/people?page_size=100")

    assert len(response.json()["items"]) == 60


# Authentication by session, and the documents.


def test_a_browser_session_must_send_the_csrf_token_to_change_anything(
    org: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        make_user(Role.ADMINISTRATOR), backend="django.contrib.auth.backends.ModelBackend"
    )

    read = client.get("/api/suppliers")
    refused = send(client, "post", "/api/suppliers", {"name": "Sneaky Ltd"})
    client.get("/org/suppliers/add/")  # a page sets the CSRF cookie, as in the browser
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/suppliers",
        json.dumps({"name": "Honest Ltd"}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert read.status_code == 200
    assert refused.status_code == 403
    assert accepted.status_code == 201
    assert list(Supplier.objects.filter(name__endswith="Ltd").values_list("name", flat=True)) == [
        "Honest Ltd"
    ]


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_openapi_document_is_openapi_3_with_every_route_and_resolvable_references() -> None:
    response = Client().get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "govdx API"
    assert {"title", "version"} <= set(document["info"])
    for resource in RESOURCES:
        assert set(document["paths"][f"/api/{resource}"]) == {"get", "post"}
        assert set(document["paths"][f"/api/{resource}/{{pk}}"]) == {"get", "patch", "delete"}
    operation_ids = [
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))
    org_ids = [
        operation["operationId"]
        for name, path in document["paths"].items()
        if name.split("/")[2] in RESOURCES
        for operation in path.values()
    ]
    assert len(org_ids) == 20
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in document["components"]["schemas"]
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    listing = document["paths"]["/api/people"]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert {"page", "page_size", "q", "department", "is_active"} <= parameters
    patch = document["paths"]["/api/people/{pk}"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "version" in document["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]


def test_interactive_documentation_page_renders_with_its_language(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    response = client_for(make_user(Role.VIEWER)).get("/api/docs")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en-GB">' in body
    assert "govdx API" in body
    assert "swagger-ui-bundle.js" in body
