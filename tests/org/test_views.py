"""The organisation's pages as people use them: who may open and post each page (the permission
matrix), what a list shows and how it sorts, filters and pages, edits that collide, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from govdx.domain.governance.access import Role
from govdx.org.models import Contract, Department, Organisation, Person, Supplier
from govdx.org.services import person_update
from tests.factories import (
    ContractFactory,
    DepartmentFactory,
    OrganisationFactory,
    PersonFactory,
    SupplierFactory,
)
from tests.org.access_matrix import (
    INSIDE,
    MODELS,
    OUTSIDE,
    RESOURCES,
    ROLES,
    SCOPES,
    adds,
    expected_for_record,
    make_target,
    reads,
    reads_list,
    writes,
)

pytestmark = pytest.mark.django_db


def add_form(resource: str, scope: str, org: dict[str, Any]) -> dict[str, Any]:
    department = org["finance"] if scope == INSIDE else org["highways"]
    supplier = org["supplier_a"] if scope == INSIDE else org["supplier_b"]
    return {
        "departments": {
            "name": "Pensions",
            "code": "pensions",
            "kind": "team",
            "parent": department.pk,
            "is_active": "on",
        },
        "people": {
            "full_name": "New Starter",
            "job_title": "Analyst",
            "department": department.pk,
            "email": "new.starter@example.org",
            "is_active": "on",
        },
        "suppliers": {"name": "Newco Ltd", "contact_email": "sales@newco.example"},
        "contracts": {
            "supplier": supplier.pk,
            "reference": "C-NEW",
            "title": "Hosting",
            "start_date": "2025-04-01",
            "end_date": "2028-03-31",
            "value": "1,250,000.00",
            "currency": "GBP",
            "department": department.pk,
        },
    }[resource]


def change_form(obj: Any) -> dict[str, Any]:
    """The record's form as its page shows it, with the name changed."""
    if isinstance(obj, Department):
        return {
            "name": f"{obj.name} renamed",
            "code": obj.code,
            "kind": obj.kind,
            "parent": obj.parent_id or "",
            "is_active": "on",
            "version": obj.version,
        }
    if isinstance(obj, Person):
        return {
            "full_name": f"{obj.full_name} renamed",
            "job_title": obj.job_title,
            "department": obj.department_id,
            "email": obj.email,
            "staff_number": obj.staff_number,
            "is_active": "on",
            "version": obj.version,
        }
    if isinstance(obj, Supplier):
        return {"name": f"{obj.name} renamed", "version": obj.version}
    return {
        "supplier": obj.supplier_id,
        "reference": obj.reference,
        "title": f"{obj.title} renamed",
        "start_date": obj.start_date.isoformat(),
        "end_date": obj.end_date.isoformat(),
        "value": "100000.00",
        "currency": obj.currency,
        "department": obj.department_id or "",
        "version": obj.version,
    }


def name_of(obj: Any) -> str:
    fresh = type(obj).objects.get(pk=obj.pk)
    return str(getattr(fresh, "title", None) or getattr(fresh, "full_name", None) or fresh.name)


# The permission matrix: every role against every page, inside and outside their scope. One
# test is one row: the status of each page, compared at once so that a failure shows the row.


def expected_pages(role: Role, resource: str, scope: str) -> dict[str, int]:
    if not adds(role, resource):
        add = 403
    elif writes(role, resource, scope):
        add = 302
    else:
        add = 422  # the form offers only the departments the user leads
    return {
        "list": 200 if reads_list(role, resource) else 403,
        "detail": 200 if reads(role, resource, scope) else 404,
        "add form": 200 if adds(role, resource) else 403,
        "add": add,
        "change form": expected_for_record(role, resource, scope, 200),
        "change": expected_for_record(role, resource, scope, 302),
        "delete form": expected_for_record(role, resource, scope, 200),
        "delete": expected_for_record(role, resource, scope, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_pages_its_grant_allows_inside_and_outside_its_scope(
    role: Role,
    resource: str,
    scope: str,
    org: dict[str, Any],
    user_in_scope: Callable[..., Any],
    client_for: Callable[[Any], Client],
) -> None:
    model = MODELS[resource]
    target = make_target(resource, scope, org)
    name = name_of(target)
    count = model.objects.count()
    client = client_for(user_in_scope(role))
    record = f"/org/{resource}/{target.pk}/"

    statuses = {
        "list": client.get(f"/org/{resource}/").status_code,
        "detail": client.get(record).status_code,
        "add form": client.get(f"/org/{resource}/add/").status_code,
        "add": client.post(f"/org/{resource}/add/", add_form(resource, scope, org)).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(f"{record}change/", change_form(target)).status_code,
    }
    added = model.objects.count() - count
    renamed = name_of(target)
    statuses["delete form"] = client.get(f"{record}delete/").status_code
    statuses["delete"] = client.post(f"{record}delete/").status_code

    expected = expected_pages(role, resource, scope)
    assert statuses == expected
    assert added == (1 if expected["add"] == 302 else 0)
    assert renamed == (f"{name} renamed" if expected["change"] == 302 else name)
    assert model.objects.filter(pk=target.pk).exists() is (expected["delete"] != 302)


@pytest.mark.parametrize("role", ROLES)
def test_organisation_page_opens_for_everyone_inside_the_organisation(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    OrganisationFactory()

    response = client_for(user_in_scope(role)).get("/org/")

    assert response.status_code == (403 if role is Role.SUPPLIER_CONTACT else 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_an_administrator_changes_the_organisation(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    organisation = OrganisationFactory(name="Testshire Council")
    client = client_for(user_in_scope(role))

    form = client.get("/org/change/")
    saved = client.post(
        "/org/change/", {"name": "Northshire Council", "currency": "GBP", "version": 1}
    )

    organisation.refresh_from_db()
    if role is Role.ADMINISTRATOR:
        assert (form.status_code, saved.status_code) == (200, 302)
        assert organisation.name == "Northshire Council"
    else:
        unseen = role is Role.SUPPLIER_CONTACT
        assert form.status_code == saved.status_code == (404 if unseen else 403)
        assert organisation.name == "Testshire Council"


PAGES = [
    "/org/",
    "/org/change/",
    *[
        f"/org/{resource}/{path}"
        for resource in RESOURCES
        for path in ("", "add/", "1/", "1/change/", "1/delete/")
    ],
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(path: str) -> None:
    for response in (Client().get(path), Client().post(path, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"


# The matrix's promises, one by one as people would say them.


def test_a_viewer_reads_everything_but_cannot_change_anything(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    client = client_for(make_user(Role.VIEWER))

    page = client.get(f"/org/people/{person.pk}/")
    change = client.post(f"/org/people/{person.pk}/change/", change_form(person))

    assert page.status_code == 200
    assert f'href="/org/people/{person.pk}/change/"' not in page.content.decode()
    assert change.status_code == 403
    assert name_of(person) == "Aisha Ahmed"
    assert 'href="/org/people/add/"' not in client.get("/org/people/").content.decode()


def test_department_lead_changes_a_person_in_a_team_below_their_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    response = client_for(lead).post(
        f"/org/people/{person.pk}/change/", {**change_form(person), "job_title": "Head of Tax"}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Head of Tax"


def test_department_lead_cannot_change_a_person_in_another_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["highways"], full_name="Ben Baker")
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    client = client_for(lead)

    page = client.get(f"/org/people/{person.pk}/")
    change = client.post(f"/org/people/{person.pk}/change/", change_form(person))

    assert page.status_code == 200
    assert f'href="/org/people/{person.pk}/change/"' not in page.content.decode()
    assert change.status_code == 403
    assert name_of(person) == "Ben Baker"


def test_department_lead_cannot_move_a_person_into_another_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"])
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    response = client_for(lead).post(
        f"/org/people/{person.pk}/change/",
        {**change_form(person), "department": org["highways"].pk},
    )

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    person.refresh_from_db()
    assert person.department == org["finance"]


def test_department_lead_is_offered_only_the_departments_they_lead(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])

    form = client_for(lead).get("/org/people/add/").context["form"]

    assert set(form.fields["department"].queryset) == {org["resources"], org["finance"]}


def test_department_lead_adds_a_team_inside_their_department(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["resources"])
    client = client_for(lead)

    page = client.get(f"/org/departments/{org['finance'].pk}/")
    response = client.post("/org/departments/add/", add_form("departments", INSIDE, org))

    assert f'href="/org/departments/add/?parent={org["finance"].pk}"' in page.content.decode()
    assert response.status_code == 302
    assert Department.objects.get(code="pensions").parent == org["finance"]


def test_lead_of_a_team_saves_their_own_team(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    lead = make_user(Role.DEPARTMENT_LEAD, department=org["highways"])

    response = client_for(lead).post(
        f"/org/departments/{org['highways'].pk}/change/",
        {**change_form(org["highways"]), "description": "Roads and bridges"},
    )

    assert response.status_code == 302


def test_supplier_contact_sees_only_their_supplier_and_its_contracts(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = ContractFactory(supplier=org["supplier_a"], reference="ACME-1")
    theirs = ContractFactory(supplier=org["supplier_b"], reference="BRIGHT-1")
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"]))

    suppliers = client.get("/org/suppliers/").content.decode()
    contracts = client.get("/org/contracts/").content.decode()
    own_page = client.get(f"/org/suppliers/{org['supplier_a'].pk}/").content.decode()

    assert "Acme Hosting" in suppliers
    assert "Brightwater" not in suppliers
    assert "Showing 1 to 1 of 1 supplier." in suppliers
    assert "ACME-1" in contracts
    assert "BRIGHT-1" not in contracts
    assert "ACME-1" in own_page
    assert client.get(f"/org/suppliers/{org['supplier_b'].pk}/").status_code == 404
    assert client.get(f"/org/contracts/{theirs.pk}/").status_code == 404
    assert client.get(f"/org/contracts/{ours.pk}/").status_code == 200
    assert client.get("/org/people/").status_code == 403
    assert client.get("/org/departments/").status_code == 403


def test_supplier_contacts_contract_filter_offers_only_their_supplier(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"]))

    filterset = client.get("/org/contracts/").context["filterset"]

    assert list(filterset.form.fields["supplier"].queryset) == [org["supplier_a"]]


def test_estate_manager_keeps_suppliers_and_contracts_but_not_people(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"])
    client = client_for(make_user(Role.ESTATE_MANAGER))

    supplier = client.post("/org/suppliers/add/", add_form("suppliers", INSIDE, org))
    contract = client.post("/org/contracts/add/", add_form("contracts", OUTSIDE, org))
    people = client.post("/org/people/add/", add_form("people", INSIDE, org))
    change = client.post(f"/org/people/{person.pk}/change/", change_form(person))

    assert (supplier.status_code, contract.status_code) == (302, 302)
    assert (people.status_code, change.status_code) == (403, 403)
    assert Supplier.objects.filter(name="Newco Ltd").exists()
    assert Contract.objects.get(reference="C-NEW").value_minor == 125_000_000
    assert not Person.objects.filter(full_name="New Starter").exists()


# Services seen through the pages: collisions, protection, history.


def test_a_stale_form_is_refused_with_409_and_the_other_change_is_kept(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    admin = make_user(Role.ADMINISTRATOR)
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    read = change_form(person)
    person_update(
        instance=person,
        data={"job_title": "Head of Tax"},
        user=make_user(Role.ADMINISTRATOR),
        expected_version=1,
    )

    response = client_for(admin).post(
        f"/org/people/{person.pk}/change/", {**read, "full_name": "Aisha Khan"}
    )

    assert response.status_code == 409
    assert "was changed by someone else while you were editing it" in response.content.decode()
    person.refresh_from_db()
    assert (person.full_name, person.job_title, person.version) == ("Aisha Ahmed", "Head of Tax", 2)


def test_deleting_a_department_that_still_has_people_says_what_to_move_first(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory(department=org["highways"])

    response = client_for(make_user(Role.ADMINISTRATOR)).post(
        f"/org/departments/{org['highways'].pk}/delete/"
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "This department cannot be deleted while people still refer to it." in body
    assert "Move or remove those first." in body
    assert Department.objects.filter(pk=org["highways"].pk).exists()


def test_deleting_a_person_returns_to_the_list_and_says_who_was_deleted(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed")
    client = client_for(make_user(Role.ADMINISTRATOR))

    response = client.post(f"/org/people/{person.pk}/delete/", follow=True)

    assert response.redirect_chain == [("/org/people/", 302)]
    assert "Person ‘Aisha Ahmed’ deleted." in response.content.decode()
    assert not Person.objects.exists()


def test_an_invalid_contract_is_shown_again_with_the_problem_by_its_field(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    form = {**add_form("contracts", INSIDE, org), "end_date": "2024-01-01"}

    response = client_for(make_user(Role.ADMINISTRATOR)).post("/org/contracts/add/", form)

    assert response.status_code == 422
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not Contract.objects.filter(reference="C-NEW").exists()


def test_record_page_shows_who_changed_what_from_what_to_what(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    editor = make_user(Role.ADMINISTRATOR, first_name="Grace", last_name="Hopper")
    person = PersonFactory(department=org["finance"], full_name="Aisha Ahmed", job_title="Clerk")
    client = client_for(editor)

    client.post(
        f"/org/people/{person.pk}/change/",
        {**change_form(person), "full_name": "Aisha Ahmed", "job_title": "Head of Tax"},
    )
    client.post(
        f"/org/people/{person.pk}/change/",
        {**change_form(Person.objects.get(pk=person.pk)), "department": org["resources"].pk},
    )
    body = client.get(f"/org/people/{person.pk}/").content.decode()

    history = " ".join(strip_tags(body[body.index('id="history"') :]).split())
    assert "Grace Hopper" in history
    assert "Job title: was Clerk → now Head of Tax" in history
    assert "Department: was Finance → now Resources" in history
    assert "Created" in history
    assert history.index("now Resources") < history.index("now Head of Tax")  # newest first


# List pages: sorting, filtering, paging, htmx partials, the empty state and query counts.


def _names_in_order(body: str, names: list[str]) -> list[str]:
    return sorted(names, key=body.index)


def test_people_list_sorts_by_name_both_ways(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    for name in ("Cara Cole", "Aisha Ahmed", "Ben Baker"):
        PersonFactory(full_name=name, department=org["finance"])
    client = client_for(make_user(Role.VIEWER))
    names = ["Aisha Ahmed", "Ben Baker", "Cara Cole"]

    ascending = client.get("/org/people/?sort=full_name").content.decode()
    descending = client.get("/org/people/?sort=-full_name").content.decode()
    unknown = client.get("/org/people/?sort=password").content.decode()

    assert _names_in_order(ascending, names) == names
    assert _names_in_order(descending, names) == names[::-1]
    assert _names_in_order(unknown, names) == names
    assert 'aria-sort="descending"' in descending


def test_supplier_and_department_lists_sort_by_name(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.VIEWER))

    suppliers = client.get("/org/suppliers/?sort=-name").content.decode()
    departments = client.get("/org/departments/?sort=name").content.decode()

    assert _names_in_order(suppliers, ["Acme Hosting", "Brightwater Software"]) == [
        "Brightwater Software",
        "Acme Hosting",
    ]
    assert _names_in_order(departments, ["Finance", "Highways", "Place", "Resources"]) == [
        "Finance",
        "Highways",
        "Place",
        "Resources",
    ]


def test_filtering_people_by_a_department_includes_its_teams(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory(full_name="Aisha Ahmed", department=org["resources"])
    PersonFactory(full_name="Ben Baker", department=org["finance"])
    PersonFactory(full_name="Cara Cole", department=org["highways"])
    client = client_for(make_user(Role.VIEWER))

    body = client.get(f"/org/people/?department={org['resources'].pk}").content.decode()

    assert "Aisha Ahmed" in body
    assert "Ben Baker" in body
    assert "Cara Cole" not in body
    assert "Showing 1 to 2 of 2 people matching the filters." in body
    assert "Clear filters" in body


def test_searching_filters_contracts_and_departments(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ContractFactory(supplier=org["supplier_a"], reference="ACME-1", title="Hosting")
    ContractFactory(supplier=org["supplier_b"], reference="BRIGHT-1", title="Licences")
    client = client_for(make_user(Role.VIEWER))

    by_text = client.get("/org/contracts/?q=licen").content.decode()
    by_supplier = client.get(f"/org/contracts/?supplier={org['supplier_a'].pk}").content.decode()
    directorates = client.get("/org/departments/?kind=directorate").content.decode()

    assert "BRIGHT-1" in by_text
    assert "ACME-1" not in by_text
    assert "ACME-1" in by_supplier
    assert "BRIGHT-1" not in by_supplier
    assert "Resources" in directorates
    assert ">Finance</a>" not in directorates


def test_people_list_pages_through_many_people(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory.create_batch(60, department=org["finance"])
    client = client_for(make_user(Role.VIEWER))

    first = client.get("/org/people/").content.decode()
    third = client.get("/org/people/?page=3").content.decode()
    larger = client.get("/org/people/?per_page=100").content.decode()

    assert "Showing 1 to 50 of 60 people." in first
    assert 'rel="next"' in first
    assert "Showing 51 to 60 of 60 people." in client.get("/org/people/?page=2").content.decode()
    assert "Showing 51 to 60 of 60 people." in third  # past the end: the last page
    assert "Showing 1 to 60 of 60 people." in larger
    assert 'rel="next"' not in larger


def test_page_links_keep_the_filters_and_the_sort(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory.create_batch(30, department=org["finance"], job_title="Clerk")
    client = client_for(make_user(Role.VIEWER))

    body = client.get("/org/people/?q=clerk&sort=-full_name&per_page=25").content.decode()

    assert "Showing 1 to 25 of 30 people matching the filters." in body
    assert 'href="?q=clerk&amp;sort=-full_name&amp;per_page=25&amp;page=2"' in body


def test_htmx_request_for_the_results_gets_only_the_results(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory(full_name="Aisha Ahmed", department=org["finance"])
    client = client_for(make_user(Role.VIEWER))

    partial = client.get(
        "/org/people/?q=aisha", headers={"HX-Request": "true", "HX-Target": "results"}
    )
    history_restore = client.get(
        "/org/people/?q=aisha",
        headers={
            "HX-Request": "true",
            "HX-Target": "results",
            "HX-History-Restore-Request": "true",
        },
    )

    body = partial.content.decode()
    assert partial.status_code == 200
    assert body.lstrip().startswith('<div id="results"')
    assert "Aisha Ahmed" in body
    assert "<html" not in body
    assert "Apply filters" not in body
    assert "<html" in history_restore.content.decode()


def test_an_empty_list_says_so_and_offers_to_add_the_first_one(
    make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    admin_body = client_for(make_user(Role.ADMINISTRATOR)).get("/org/people/").content.decode()
    viewer_body = client_for(make_user(Role.VIEWER)).get("/org/people/").content.decode()

    assert "There are no people yet." in admin_body
    assert "Add the first one" in admin_body
    assert "There are no people yet." in viewer_body
    assert "Add the first one" not in viewer_body


def test_a_filter_that_matches_nothing_offers_to_clear_the_filters(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    PersonFactory(department=org["finance"])

    body = client_for(make_user(Role.VIEWER)).get("/org/people/?q=nobody").content.decode()

    assert "No people match these filters." in body
    assert "Clear the filters" in body


def _queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "make_many"),
    [
        ("/org/people/", lambda org, n: PersonFactory.create_batch(n, department=org["finance"])),
        (
            "/org/departments/",
            lambda org, n: [
                PersonFactory(department=DepartmentFactory(parent=org["place"])) for _ in range(n)
            ],
        ),
        (
            "/org/suppliers/",
            lambda org, n: [ContractFactory(supplier=SupplierFactory()) for _ in range(n)],
        ),
        (
            "/org/contracts/",
            lambda org, n: ContractFactory.create_batch(
                n, supplier=org["supplier_a"], department=org["finance"]
            ),
        ),
    ],
)
def test_list_pages_make_the_same_few_queries_for_60_rows_as_for_5(
    path: str,
    make_many: Callable[[dict[str, Any], int], Any],
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(make_user(Role.VIEWER))
    make_many(org, 5)
    few = _queries_for(client, path)
    make_many(org, 55)

    with django_assert_max_num_queries(10):
        assert client.get(f"{path}?per_page=100").status_code == 200
    assert _queries_for(client, f"{path}?per_page=100") == few


def test_a_department_leads_list_and_department_page_do_not_query_per_person(
    org: dict[str, Any],
    make_user: Callable[..., Any],
    client_for: Callable[[Any], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=org["resources"]))
    department = f"/org/departments/{org['finance'].pk}/"
    PersonFactory.create_batch(5, department=org["finance"])
    few = (_queries_for(client, "/org/people/"), _queries_for(client, department))
    PersonFactory.create_batch(55, department=org["finance"])

    with django_assert_max_num_queries(12):
        client.get(department)
    assert (
        _queries_for(client, "/org/people/?per_page=100"),
        _queries_for(client, department),
    ) == few


def test_organisation_page_counts_only_what_the_user_sees(
    org: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    OrganisationFactory(name="Testshire Council")
    PersonFactory.create_batch(3, department=org["finance"])

    response = client_for(make_user(Role.VIEWER)).get("/org/")

    assert response.status_code == 200
    assert response.context["counts"] == {"departments": 4, "people": 3, "suppliers": 2}
    assert Organisation.objects.count() == 1
