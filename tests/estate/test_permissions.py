"""Who may do what to the estate, pages and API alike: every role against every endpoint,
inside and outside the scope of its grant.

The matrix user's scope is the one `user_in_scope` gives: a department lead leads Resources
(and Finance below it), a supplier contact works for Acme Hosting. The estate is imported from
three real inventory files, one device each, and each device has an application of the same
department and supplier:

- inside: ACME-FIN-01, in Finance, run by Acme Hosting (reported by Acme's return);
- outside: BW-HWY-01, in Highways, run by Brightwater Software (Brightwater's return);
- in-house: HOUSE-FIN-01, in Finance, run in-house (reported by the discovery tool).

So the in-house device is inside the department lead's reach and outside the supplier
contact's, and each source and import is inside or outside the contact's by its supplier.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_create
from govdx.domain.governance.access import Role
from govdx.estate import api as estate_api
from govdx.estate import urls as estate_urls
from govdx.estate.importers import import_inventory
from govdx.estate.models import (
    Application,
    Device,
    EstateSettings,
    Mapping,
    Product,
    ReleaseCycle,
    Software,
    Source,
    SupplierReturn,
)
from govdx.estate.services import (
    application_create,
    supplement_create,
    supplement_cycle_create,
)
from govdx.risk.models import Risk
from tests.estate.support import lifecycle_subset, load_lifecycle, write_csv

pytestmark = pytest.mark.django_db

ROLES = list(Role)
INSIDE, OUTSIDE, IN_HOUSE = "inside", "outside", "in-house"
SCOPES = [INSIDE, OUTSIDE, IN_HOUSE]

ESTATE_WRITERS = {Role.ADMINISTRATOR, Role.ESTATE_MANAGER, Role.DEPARTMENT_LEAD}  # devices, apps
ESTATE_MANAGERS = {Role.ADMINISTRATOR, Role.ESTATE_MANAGER}  # the rest the estate keeps
RISK_KEEPERS = {Role.ADMINISTRATOR, Role.RISK_MANAGER}  # add risks organisation-wide

PRODUCTS = ("windows-server", "tomcat", "postgresql")
HEADINGS = ["Host Name", "Serial", "OS", "OS Version", "Application", "Vendor", "Version",
            "Last Seen", "Department"]  # fmt: skip


# What each role may do, written out once for the page and the API matrices.


def in_department(scope: str) -> bool:
    """Inside the department lead's reach: Finance, below the Resources it leads."""
    return scope != OUTSIDE


def reads(role: Role, scope: str) -> bool:
    """Everyone inside the organisation reads the whole estate; a supplier contact only the
    devices, applications, sources and imports of its own supplier."""
    return role is not Role.SUPPLIER_CONTACT or scope == INSIDE


def writes(role: Role, scope: str) -> bool:
    """Devices and applications: estate managers everywhere, a department lead in its own."""
    if role is Role.DEPARTMENT_LEAD:
        return in_department(scope)
    return role in ESTATE_WRITERS


def for_estate(role: Role, scope: str, success: int) -> int:
    """Acting on a device or an application: unseen ones are not found, unwritable forbidden."""
    if not reads(role, scope):
        return 404
    return success if writes(role, scope) else 403


def for_managed(role: Role, scope: str, success: int) -> int:
    """Acting on a source or an import: only estate managers write them, in any scope."""
    if not reads(role, scope):
        return 404
    return success if role in ESTATE_MANAGERS else 403


def reads_reference(role: Role) -> bool:
    """Products, release cycles, software, mappings and settings are the organisation's own:
    a supplier contact sees none of them."""
    return role is not Role.SUPPLIER_CONTACT


def manages(role: Role, success: int) -> int:
    return success if role in ESTATE_MANAGERS else 403


def for_reference(role: Role, success: int) -> int:
    """Acting on one product or release cycle: a supplier contact is not told it exists."""
    if not reads_reference(role):
        return 404
    return manages(role, success)


# The estate the matrices act on, imported as users import it.


@dataclass(frozen=True)
class Place:
    host: str
    serial: str
    department: str
    supplier: str | None
    source: str
    only_here: str  # software no rule matches, installed on this device alone
    application: str


PLACES = {
    INSIDE: Place("ACME-FIN-01", "AC0001", "finance", "supplier_a", "Acme return",
                  "Acme Payroll Agent", "Payroll"),
    OUTSIDE: Place("BW-HWY-01", "BW0001", "highways", "supplier_b", "Brightwater return",
                   "Gritting Route Planner", "Gritting rounds"),
    IN_HOUSE: Place("HOUSE-FIN-01", "HS0001", "finance", None, "Discovery",
                    "Council Tax Helper", "Council tax"),
}  # fmt: skip


def inventory(host: str, serial: str, department: str, software: str) -> list[list[str]]:
    """A server on an end-of-life Windows Server with Tomcat and `software` installed."""
    seen = timezone.localdate().strftime("%d/%m/%Y")
    server = [host, serial, "Microsoft Windows Server 2012 R2 Standard", "6.3.9600"]
    return [
        HEADINGS,
        [*server, "Apache Tomcat", "Apache Software Foundation", "8.5.100", seen, department],
        [*server, software, "Northshire Council", "1.0", seen, department],
    ]


def supplier_name(place: Place, world: dict[str, Any]) -> str:
    return world[place.supplier].name if place.supplier else ""


@pytest.fixture
def world(org: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    load_lifecycle(tmp_path, PRODUCTS)
    devices, applications, sources, batches = {}, {}, {}, {}
    for scope, place in PLACES.items():
        department = org[place.department]
        path = write_csv(
            tmp_path / f"{scope}.csv",
            inventory(place.host, place.serial, department.name, place.only_here),
        )
        result = import_inventory(
            path,
            source_name=place.source,
            supplier_name=supplier_name(place, org) or None,
            observed=timezone.localdate(),
        )
        batches[scope] = result.batch
        sources[scope] = Source.objects.get(name=place.source)
        devices[scope] = Device.objects.get(identifier=place.host)
        applications[scope] = application_create(
            data={
                "name": place.application,
                "department": department,
                "supplier": org[place.supplier] if place.supplier else None,
                "criticality": "high",
                "devices": [devices[scope]],
            },
            user=SYSTEM,
        )
    today = timezone.localdate()
    for supplier in (org["supplier_a"], org["supplier_b"]):
        record_create(
            model=SupplierReturn,
            data={"supplier": supplier, "requested_on": today,
                  "due_on": today + datetime.timedelta(days=30)},
            user=SYSTEM,
        )  # fmt: skip
    return {
        **org,
        "tmp_path": tmp_path,
        "devices": devices,
        "applications": applications,
        "sources": sources,
        "batches": batches,
    }


@pytest.fixture
def role_client(
    role: Role, user_in_scope: Callable[..., Any], client_for: Callable[[Any], Client]
) -> Client:
    """A client signed in as a user holding the test's `role` in the matrices' scope."""
    return client_for(user_in_scope(role))


def send(client: Client, method: str, path: str, body: Any = None) -> Any:
    if method == "get":
        return client.get(path)
    return getattr(client, method)(
        path, json.dumps(body) if body is not None else None, content_type="application/json"
    )


def csv_upload(name: str, rows: list[list[str]]) -> SimpleUploadedFile:
    handle = io.StringIO()
    csv.writer(handle).writerows(rows)
    return SimpleUploadedFile(name, handle.getvalue().encode(), content_type="text/csv")


def new_inventory(scope: str, world: dict[str, Any]) -> list[list[str]]:
    """One more server in the scope's department, as its source would report it."""
    place = PLACES[scope]
    return inventory("NEW-SRV-01", "NEW0001", world[place.department].name, place.only_here)


def refetch(obj: Any) -> Any:
    return type(obj).objects.filter(pk=obj.pk).first()


def page_of(response: Any) -> str:
    return response.content.decode()


# The pages: one test is one row of the matrix, every status compared at once.


def device_form(device: Device, location: str) -> dict[str, Any]:
    return {
        "kind": "server",
        "department": device.department_id or "",
        "supplier": device.supplier_id or "",
        "location": location,
        "purchase_date": "",
        "warranty_end": "",
        "version": device.version,
    }


def expected_device_pages(role: Role, scope: str) -> dict[str, int]:
    return {
        "overview": 200,
        "list": 200,
        "detail": 200 if reads(role, scope) else 404,
        "change form": for_estate(role, scope, 200),
        "change": for_estate(role, scope, 302),
        "software": 200 if reads_reference(role) else 404,
        "unmatched": 200,
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_device_pages_its_grant_allows_inside_and_outside_its_scope(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    device = world["devices"][scope]
    software = Software.objects.get(name=PLACES[scope].only_here)
    client = role_client
    record = f"/estate/devices/{device.pk}/"

    listed = client.get("/estate/devices/")
    unmatched = client.get("/estate/unmatched/")
    statuses = {
        "overview": client.get("/estate/").status_code,
        "list": listed.status_code,
        "detail": client.get(record).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(f"{record}change/", device_form(device, "Plant room")).status_code,
        "software": client.get(f"/estate/software/{software.pk}/").status_code,
        "unmatched": unmatched.status_code,
    }

    expected = expected_device_pages(role, scope)
    assert statuses == expected
    moved = refetch(device).location == "Plant room"
    assert moved is (expected["change"] == 302)
    assert (f'href="{record}"' in page_of(listed)) is reads(role, scope)
    assert (PLACES[scope].only_here in page_of(unmatched)) is reads(role, scope)


def application_form(
    application: Application | None, scope: str, world: dict[str, Any], name: str
) -> dict[str, Any]:
    """The application form as its page posts it: a new one in `scope`, or one renamed."""
    place = PLACES[scope]
    form = {
        "name": name,
        "description": "",
        "owner": "",
        "department": world[place.department].pk,
        "criticality": "medium",
        "hosting": "on_premises",
        "supplier": world[place.supplier].pk if place.supplier else "",
        "device_names": place.host,
        "software_names": "",
    }
    if application is not None:
        form["version"] = application.version
    return form


def expected_application_pages(role: Role, scope: str) -> dict[str, int]:
    if role not in ESTATE_WRITERS:
        add = 403
    elif writes(role, scope):
        add = 302
    else:
        add = 422  # the form offers only the departments the user leads
    return {
        "list": 200,
        "detail": 200 if reads(role, scope) else 404,
        "add form": 200 if role in ESTATE_WRITERS else 403,
        "add": add,
        "change form": for_estate(role, scope, 200),
        "change": for_estate(role, scope, 302),
        "delete form": for_estate(role, scope, 200),
        "delete": for_estate(role, scope, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_application_pages_its_grant_allows_inside_and_outside(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    application = world["applications"][scope]
    client = role_client
    record = f"/estate/applications/{application.pk}/"
    add_form = application_form(None, scope, world, "Housing repairs")
    change_form = application_form(application, scope, world, f"{application.name} renamed")

    listed = client.get("/estate/applications/")
    statuses = {
        "list": listed.status_code,
        "detail": client.get(record).status_code,
        "add form": client.get("/estate/applications/add/").status_code,
        "add": client.post("/estate/applications/add/", add_form).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(f"{record}change/", change_form).status_code,
        "delete form": client.get(f"{record}delete/").status_code,
    }
    renamed = refetch(application).name == change_form["name"]
    statuses["delete"] = client.post(f"{record}delete/").status_code

    expected = expected_application_pages(role, scope)
    assert statuses == expected
    assert Application.objects.filter(name="Housing repairs").exists() is (expected["add"] == 302)
    assert renamed is (expected["change"] == 302)
    assert (refetch(application) is None) is (expected["delete"] == 302)
    assert (f'href="{record}"' in page_of(listed)) is reads(role, scope)


def source_form(source: Source, name: str) -> dict[str, Any]:
    return {
        "name": name,
        "kind": "supplier_return" if source.supplier_id else "discovery",
        "supplier": source.supplier_id or "",
        "description": "",
        "version": source.version,
    }


def expected_source_and_import_pages(role: Role, scope: str) -> dict[str, int]:
    return {
        "sources": 200,
        "source": 200 if reads(role, scope) else 404,
        "source change form": for_managed(role, scope, 200),
        "source change": for_managed(role, scope, 302),
        "imports": 200,
        "import": 200 if reads(role, scope) else 404,
        "upload form": manages(role, 200),
        "upload": manages(role, 302),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_source_and_import_pages_its_grant_allows(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    source, batch = world["sources"][scope], world["batches"][scope]
    place = PLACES[scope]
    client = role_client
    record = f"/estate/sources/{source.pk}/"
    upload = {
        "file": csv_upload("new.csv", new_inventory(scope, world)),
        "source": place.source,
        "supplier": supplier_name(place, world),
        "observed": timezone.localdate().isoformat(),
        "format": "auto",
    }

    sources = client.get("/estate/sources/")
    imports = client.get("/estate/imports/")
    statuses = {
        "sources": sources.status_code,
        "source": client.get(record).status_code,
        "source change form": client.get(f"{record}change/").status_code,
        "source change": client.post(
            f"{record}change/", source_form(source, f"{source.name} renamed")
        ).status_code,
        "imports": imports.status_code,
        "import": client.get(f"/estate/imports/{batch.pk}/").status_code,
        "upload form": client.get("/estate/imports/new/").status_code,
        "upload": client.post("/estate/imports/new/", upload).status_code,
    }

    expected = expected_source_and_import_pages(role, scope)
    assert statuses == expected
    assert (refetch(source).name == f"{source.name} renamed") is (expected["source change"] == 302)
    assert Device.objects.filter(identifier="NEW-SRV-01").exists() is (expected["upload"] == 302)
    assert (f'href="{record}"' in page_of(sources)) is reads(role, scope)
    assert (f'href="/estate/imports/{batch.pk}/"' in page_of(imports)) is reads(role, scope)


def expected_reference_pages(role: Role) -> dict[str, int]:
    return {
        "products": 200 if reads_reference(role) else 403,
        "product": 200 if reads_reference(role) else 404,
        "cycle": 200 if reads_reference(role) else 404,
        "map form": manages(role, 200),
        "map": manages(role, 302),
        "returns": 200,
        "ask return": manages(role, 200),
        "settings": 200 if reads_reference(role) else 403,
        "change settings": manages(role, 302),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_product_mapping_return_and_settings_pages_it_may(
    role: Role, world: dict[str, Any], role_client: Client
) -> None:
    client = role_client
    name = PLACES[INSIDE].only_here
    cycle = ReleaseCycle.objects.filter(product__slug="postgresql").order_by("position").first()
    returns_before = SupplierReturn.objects.count()

    returns = client.get("/estate/returns/")
    statuses = {
        "products": client.get("/estate/products/").status_code,
        "product": client.get("/estate/products/windows-server/").status_code,
        "cycle": client.get("/estate/products/windows-server/2012-r2/").status_code,
        "map form": client.get(f"/estate/unmatched/map/?name={name}&version=1.0").status_code,
        "map": client.post(
            "/estate/unmatched/map/",
            {"name": name, "version": "1.0", "product": "postgresql", "cycle": cycle.pk},
        ).status_code,
        "returns": returns.status_code,
        "ask return": client.post(
            "/estate/returns/ask/", {"supplier": world["supplier_a"].pk, "due_in_days": "14"}
        ).status_code,
        "settings": client.get("/estate/settings/").status_code,
        "change settings": client.post("/estate/settings/", {"stale_after_days": "30"}).status_code,
    }

    expected = expected_reference_pages(role)
    assert statuses == expected
    assert Mapping.objects.filter(name=name).exists() is (expected["map"] == 302)
    asked = SupplierReturn.objects.count() - returns_before
    assert asked == (1 if expected["ask return"] == 200 else 0)
    assert EstateSettings.objects.exists() is (expected["change settings"] == 302)
    assert ("Brightwater Software" in page_of(returns)) is reads_reference(role)


# The API: the same promises, endpoint by endpoint.


def expected_device_endpoints(role: Role, scope: str) -> dict[str, int]:
    return {
        "list": 200,
        "read": 200 if reads(role, scope) else 404,
        "installations": 200 if reads(role, scope) else 404,
        "change": for_estate(role, scope, 200),
        "lifecycle": 200,
        "unmatched": 200,
        "delete": for_estate(role, scope, 200),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_device_endpoints_its_grant_allows_inside_and_outside_its_scope(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    device = world["devices"][scope]
    client = role_client
    record = f"/api/devices/{device.pk}"

    listed = client.get("/api/devices")
    read = client.get(record)
    installations = client.get(f"{record}/installations")
    changed = send(client, "patch", record, {"location": "Plant room", "version": device.version})
    moved = refetch(device).location == "Plant room"
    lifecycle = client.get("/api/estate/lifecycle")
    unmatched = client.get("/api/estate/unmatched")
    deleted = client.delete(record)

    expected = expected_device_endpoints(role, scope)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "installations": installations.status_code,
        "change": changed.status_code,
        "lifecycle": lifecycle.status_code,
        "unmatched": unmatched.status_code,
        "delete": deleted.status_code,
    } == expected
    sees = reads(role, scope)
    assert (device.pk in [item["id"] for item in listed.json()["items"]]) is sees
    assert (PLACES[scope].only_here in [n["name"] for n in unmatched.json()["items"]]) is sees
    assert lifecycle.json()["devices"] == (1 if role is Role.SUPPLIER_CONTACT else 3)
    assert moved is (expected["change"] == 200)
    assert (refetch(device) is None) is (expected["delete"] == 200)
    if expected["change"] == 403:
        assert "may not change" in changed.json()["detail"]


def expected_application_endpoints(role: Role, scope: str) -> dict[str, int]:
    return {
        "list": 200,
        "read": 200 if reads(role, scope) else 404,
        "create": 201 if writes(role, scope) else 403,
        "change": for_estate(role, scope, 200),
        "delete": for_estate(role, scope, 200),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_application_endpoints_its_grant_allows_inside_and_outside(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    application = world["applications"][scope]
    place = PLACES[scope]
    client = role_client
    record = f"/api/applications/{application.pk}"
    new = {
        "name": "Housing repairs",
        "department_id": world[place.department].pk,
        "supplier_id": world[place.supplier].pk if place.supplier else None,
        "devices": [world["devices"][scope].pk],
    }

    listed = client.get("/api/applications")
    read = client.get(record)
    created = send(client, "post", "/api/applications", new)
    changed = send(client, "patch", record, {"name": "Renamed", "version": application.version})
    renamed = refetch(application).name == "Renamed"
    deleted = client.delete(record)

    expected = expected_application_endpoints(role, scope)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "create": created.status_code,
        "change": changed.status_code,
        "delete": deleted.status_code,
    } == expected
    sees = reads(role, scope)
    assert (application.pk in [item["id"] for item in listed.json()["items"]]) is sees
    assert Application.objects.filter(name="Housing repairs").exists() is (
        expected["create"] == 201
    )
    assert renamed is (expected["change"] == 200)
    assert (refetch(application) is None) is (expected["delete"] == 200)
    if expected["create"] == 403:
        assert "may not add" in created.json()["detail"]


def expected_import_endpoints(role: Role, scope: str) -> dict[str, int]:
    return {
        "list": 200,
        "read": 200 if reads(role, scope) else 404,
        "upload": manages(role, 201),
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_import_endpoints_its_grant_allows_inside_and_outside_its_scope(
    role: Role, scope: str, world: dict[str, Any], role_client: Client
) -> None:
    batch = world["batches"][scope]
    place = PLACES[scope]
    client = role_client
    path = write_csv(world["tmp_path"] / "new.csv", new_inventory(scope, world))

    listed = client.get("/api/estate-imports")
    read = client.get(f"/api/estate-imports/{batch.pk}")
    with path.open("rb") as handle:
        form = {"file": handle, "source": place.source, "supplier": supplier_name(place, world)}
        uploaded = client.post("/api/estate/import", form)

    expected = expected_import_endpoints(role, scope)
    assert {
        "list": listed.status_code,
        "read": read.status_code,
        "upload": uploaded.status_code,
    } == expected
    assert (batch.pk in [item["id"] for item in listed.json()["items"]]) is reads(role, scope)
    assert Device.objects.filter(identifier="NEW-SRV-01").exists() is (expected["upload"] == 201)


def expected_estate_endpoints(role: Role) -> dict[str, int]:
    return {
        # Adding risks is the gate, but the sync keeps a corporate register of risks that span
        # departments: a department lead, who adds risks only in its own, is refused too.
        "sync risks": 200 if role in RISK_KEEPERS else 403,
        "load lifecycle data": manages(role, 201),
        "update lifecycle data": manages(role, 422),  # let through, then refused: no network
        "ask return": manages(role, 201),
        "map": manages(role, 201),
        "products": 200 if reads_reference(role) else 403,
        "product": 200 if reads_reference(role) else 403,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_estate_commands_and_product_endpoints_its_grant_allows(
    role: Role, world: dict[str, Any], role_client: Client, settings: Any
) -> None:
    settings.GOVDX_LIFECYCLE_URL = "offline"  # refused before any fetch is tried
    client = role_client
    name = PLACES[INSIDE].only_here
    lifecycle_file = lifecycle_subset(world["tmp_path"], PRODUCTS)

    synced = client.post("/api/estate/sync-risks")
    with lifecycle_file.open("rb") as handle:
        loaded = client.post("/api/estate/lifecycle-data", {"file": handle})
    statuses = {
        "sync risks": synced.status_code,
        "load lifecycle data": loaded.status_code,
        "update lifecycle data": client.post("/api/estate/lifecycle-data/update").status_code,
        "ask return": client.post(
            "/api/estate/returns", {"supplier": "Brightwater Software"}
        ).status_code,
        "map": send(
            client,
            "post",
            "/api/estate/mappings",
            {"name": name, "version": "1.0", "product": "postgresql"},
        ).status_code,
        "products": client.get("/api/products?show=all").status_code,
        "product": client.get("/api/products/windows-server").status_code,
    }

    expected = expected_estate_endpoints(role)
    assert statuses == expected
    assert Risk.objects.exists() is (expected["sync risks"] == 200)
    assert SupplierReturn.objects.count() == (3 if expected["ask return"] == 201 else 2)
    assert Mapping.objects.filter(name=name).exists() is (expected["map"] == 201)


# Supplements: products endoflife.date lacks, and their release cycles, kept by estate managers.


@pytest.fixture
def supplements(world: dict[str, Any]) -> dict[str, Any]:
    """Case Manager with release cycles 4 and 3, and Old Tool with none, added by people."""
    case_manager = supplement_create(slug="case-manager", label="Case Manager", user=SYSTEM)
    for name, eol in (("4", False), ("3", True)):
        supplement_cycle_create(product=case_manager, data={"name": name, "eol": eol}, user=SYSTEM)
    old_tool = supplement_create(slug="old-tool", label="Old Tool", user=SYSTEM)
    return {**world, "case_manager": case_manager, "old_tool": old_tool}


def cycle_form(name: str, version: int | None = None) -> dict[str, Any]:
    form = {"name": name, "label": "", "release_date": "2024-01-15",
            "eoas_answer": "unknown", "eoas": "", "eol_answer": "date", "eol": "2029-01-31",
            "eoes_answer": "unknown", "eoes": ""}  # fmt: skip
    if version is not None:
        form["version"] = version
    return form


def expected_supplement_pages(role: Role) -> dict[str, int]:
    return {
        "add form": manages(role, 200),
        "add": manages(role, 302),
        "change form": for_reference(role, 200),
        "change": for_reference(role, 302),
        "cycle add form": for_reference(role, 200),
        "cycle add": for_reference(role, 302),
        "cycle change form": for_reference(role, 200),
        "cycle change": for_reference(role, 302),
        "cycle delete form": for_reference(role, 200),
        "cycle delete": for_reference(role, 302),
        "delete form": for_reference(role, 200),
        "delete": for_reference(role, 302),
        "loaded product change form": 404,  # endoflife.date's products are loaded, not edited
        "loaded cycle change form": 404,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_open_and_post_the_supplement_pages_its_grant_allows(
    role: Role, supplements: dict[str, Any], role_client: Client
) -> None:
    product = supplements["case_manager"]
    four = ReleaseCycle.objects.get(product=product, name="4")
    client = role_client
    record = "/estate/supplements/case-manager/"
    added = {"slug": "permit-desk", "label": "Permit Desk", "category": "app", "link": ""}
    changed = {"slug": "case-manager", "label": "Case Manager Pro", "category": "app",
               "link": "", "version": product.version}  # fmt: skip

    statuses = {
        "add form": client.get("/estate/supplements/add/").status_code,
        "add": client.post("/estate/supplements/add/", added).status_code,
        "change form": client.get(f"{record}change/").status_code,
        "change": client.post(f"{record}change/", changed).status_code,
        "cycle add form": client.get(f"{record}cycles/add/").status_code,
        "cycle add": client.post(f"{record}cycles/add/", cycle_form("5")).status_code,
        "cycle change form": client.get(f"{record}cycles/4/change/").status_code,
        "cycle change": client.post(
            f"{record}cycles/4/change/", cycle_form("4.0", four.version)
        ).status_code,
        "cycle delete form": client.get(f"{record}cycles/3/delete/").status_code,
        "cycle delete": client.post(f"{record}cycles/3/delete/").status_code,
        "delete form": client.get("/estate/supplements/old-tool/delete/").status_code,
        "delete": client.post("/estate/supplements/old-tool/delete/").status_code,
        "loaded product change form": client.get(
            "/estate/supplements/windows-server/change/"
        ).status_code,
        "loaded cycle change form": client.get(
            "/estate/supplements/windows-server/cycles/2012-r2/change/"
        ).status_code,
    }

    expected = expected_supplement_pages(role)
    assert statuses == expected
    names = set(ReleaseCycle.objects.filter(product=product).values_list("name", flat=True))
    assert names == ({"4.0", "5"} if expected["cycle add"] == 302 else {"4", "3"})
    assert refetch(product).label == (
        "Case Manager Pro" if expected["change"] == 302 else "Case Manager"
    )
    assert Product.objects.filter(slug="permit-desk").exists() is (expected["add"] == 302)
    assert (refetch(supplements["old_tool"]) is None) is (expected["delete"] == 302)


def expected_supplement_endpoints(role: Role) -> dict[str, int]:
    # The API refuses a supplier contact every product before looking one up, as it refuses
    # the product list: 403 whether the product exists or not, so nothing is revealed.
    return {
        "create": manages(role, 201),
        "change": manages(role, 200),
        "add cycle": manages(role, 201),
        "change cycle": manages(role, 200),
        "delete cycle": manages(role, 200),
        "delete": manages(role, 200),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_the_supplement_endpoints_its_grant_allows(
    role: Role, supplements: dict[str, Any], role_client: Client
) -> None:
    product = supplements["case_manager"]
    four = ReleaseCycle.objects.get(product=product, name="4")
    client = role_client
    record = "/api/products/case-manager"

    statuses = {
        "create": send(
            client, "post", "/api/products", {"slug": "permit-desk", "label": "Permit Desk"}
        ).status_code,
        "change": send(
            client, "patch", record, {"label": "Case Manager Pro", "version": product.version}
        ).status_code,
        "add cycle": send(
            client, "post", f"{record}/cycles", {"name": "5", "eol": "2030-06-30"}
        ).status_code,
        "change cycle": send(
            client, "patch", f"{record}/cycles/4", {"eol": "2029-01-31", "version": four.version}
        ).status_code,
        "delete cycle": client.delete(f"{record}/cycles/3").status_code,
        "delete": client.delete("/api/products/old-tool").status_code,
    }

    expected = expected_supplement_endpoints(role)
    assert statuses == expected
    writes_here = role in ESTATE_MANAGERS
    names = set(ReleaseCycle.objects.filter(product=product).values_list("name", flat=True))
    assert names == ({"4", "5"} if writes_here else {"4", "3"})
    assert refetch(four).eol_date == (datetime.date(2029, 1, 31) if writes_here else None)
    assert refetch(product).label == ("Case Manager Pro" if writes_here else "Case Manager")
    assert Product.objects.filter(slug="permit-desk").exists() is writes_here
    assert (refetch(supplements["old_tool"]) is None) is writes_here


# Every estate page and endpoint is in the matrices above, and none answers a stranger.

PAGE_ROWS = {
    "home": "device pages (overview)",
    "device_list": "device pages",
    "device_detail": "device pages",
    "device_change": "device pages",
    "software_detail": "device pages",
    "unmatched_list": "device pages",
    "product_list": "reference pages",
    "product_detail": "reference pages",
    "cycle_detail": "reference pages",
    "mapping_add": "reference pages",
    "return_list": "reference pages",
    "return_add": "reference pages",
    "settings_change": "reference pages",
    "source_list": "source and import pages",
    "source_detail": "source and import pages",
    "source_change": "source and import pages",
    "batch_list": "source and import pages",
    "batch_add": "source and import pages",
    "batch_detail": "source and import pages",
    "application_list": "application pages",
    "application_add": "application pages",
    "application_detail": "application pages",
    "application_change": "application pages",
    "application_delete": "application pages",
    "supplement_add": "supplement pages",
    "supplement_change": "supplement pages",
    "supplement_delete": "supplement pages",
    "supplement_cycle_add": "supplement pages",
    "supplement_cycle_change": "supplement pages",
    "supplement_cycle_delete": "supplement pages",
}
"""Which matrix covers each estate page, by URL name."""

ENDPOINT_ROWS = {
    ("POST", "/api/estate/import"): "import endpoints",
    ("GET", "/api/estate/lifecycle"): "device endpoints",
    ("POST", "/api/estate/sync-risks"): "estate commands",
    ("POST", "/api/estate/lifecycle-data"): "estate commands",
    ("POST", "/api/estate/lifecycle-data/update"): "estate commands",
    ("POST", "/api/estate/returns"): "estate commands",
    ("GET", "/api/estate/unmatched"): "device endpoints",
    ("POST", "/api/estate/mappings"): "estate commands",
    ("GET", "/api/devices"): "device endpoints",
    ("GET", "/api/devices/{pk}"): "device endpoints",
    ("GET", "/api/devices/{pk}/installations"): "device endpoints",
    ("PATCH", "/api/devices/{pk}"): "device endpoints",
    ("DELETE", "/api/devices/{pk}"): "device endpoints",
    ("GET", "/api/applications"): "application endpoints",
    ("POST", "/api/applications"): "application endpoints",
    ("GET", "/api/applications/{pk}"): "application endpoints",
    ("PATCH", "/api/applications/{pk}"): "application endpoints",
    ("DELETE", "/api/applications/{pk}"): "application endpoints",
    ("GET", "/api/estate-imports"): "import endpoints",
    ("GET", "/api/estate-imports/{pk}"): "import endpoints",
    ("GET", "/api/products"): "estate commands",
    ("GET", "/api/products/{slug}"): "estate commands",
    ("POST", "/api/products"): "supplement endpoints",
    ("PATCH", "/api/products/{slug}"): "supplement endpoints",
    ("DELETE", "/api/products/{slug}"): "supplement endpoints",
    ("POST", "/api/products/{slug}/cycles"): "supplement endpoints",
    ("PATCH", "/api/products/{slug}/cycles/{name}"): "supplement endpoints",
    ("DELETE", "/api/products/{slug}/cycles/{name}"): "supplement endpoints",
}
"""Which matrix covers each estate endpoint."""


def estate_pages() -> dict[str, str]:
    """Every estate page by URL name, at an address with made-up numbers and names."""
    pages = {}
    for pattern in estate_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        arguments = {
            name: 1 if type(converter).__name__ == "IntConverter" else "x"
            for name, converter in pattern.pattern.converters.items()
        }
        pages[str(pattern.name)] = reverse(f"estate:{pattern.name}", kwargs=arguments)
    return pages


def estate_endpoints() -> list[tuple[str, str]]:
    """Every estate endpoint as (method, path template)."""
    found = []
    for prefix, router in estate_api.ROUTERS.items():
        for path, view in router.path_operations.items():
            for operation in view.operations:
                found.extend((method, f"/api/{prefix}{path}") for method in operation.methods)
    return found


def test_every_estate_page_and_endpoint_has_its_row_in_a_matrix() -> None:
    assert set(estate_pages()) == set(PAGE_ROWS)
    assert set(estate_endpoints()) == set(ENDPOINT_ROWS)


@pytest.mark.parametrize("path", sorted(estate_pages().values()))
def test_anonymous_visitors_are_sent_to_sign_in_from_every_estate_page(path: str) -> None:
    for response in (Client().get(path), Client().post(path, {"name": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"/sign-in/?next={path}"


@pytest.mark.parametrize(("method", "path"), sorted(estate_endpoints()))
def test_estate_api_answers_401_without_a_token_or_a_session(method: str, path: str) -> None:
    address = re.sub(r"\{(pk|slug|name)\}", lambda m: "1" if m[1] == "pk" else "x", path)

    response = send(Client(), method.lower(), address, {})

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


# The promises, one by one as people would say them.


def test_a_supplier_contact_reading_its_application_learns_nothing_of_devices_it_may_not_see(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    ours = world["applications"][INSIDE]
    in_house = world["devices"][IN_HOUSE]
    ours.devices.add(in_house)  # Acme's payroll also runs on a server the council runs itself
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=world["supplier_a"]))

    page = client.get(f"/estate/applications/{ours.pk}/").content.decode()
    read = client.get(f"/api/applications/{ours.pk}").json()

    assert client.get(f"/api/devices/{in_house.pk}").status_code == 404
    assert in_house.identifier not in page
    assert read["devices"] == [world["devices"][INSIDE].pk]


def test_a_department_lead_cannot_move_a_device_or_an_application_out_of_their_department(
    world: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    device, application = world["devices"][INSIDE], world["applications"][INSIDE]
    client = client_for(make_user(Role.DEPARTMENT_LEAD, department=world["resources"]))
    highways, resources = world["highways"].pk, world["resources"].pk
    page_form = {**application_form(application, INSIDE, world, application.name),
                 "department": highways}  # fmt: skip

    page_device = client.post(
        f"/estate/devices/{device.pk}/change/", {**device_form(device, ""), "department": highways}
    )
    page_application = client.post(f"/estate/applications/{application.pk}/change/", page_form)
    api_device = send(client, "patch", f"/api/devices/{device.pk}",
                      {"department": highways, "version": device.version})  # fmt: skip
    api_application = send(client, "patch", f"/api/applications/{application.pk}",
                           {"department_id": highways, "version": application.version})  # fmt: skip
    within = send(client, "patch", f"/api/devices/{device.pk}",
                  {"department": resources, "version": device.version})  # fmt: skip
    nowhere = send(client, "post", "/api/applications", {"name": "Council-wide intranet"})

    assert (page_device.status_code, page_application.status_code) == (422, 422)
    assert (api_device.status_code, api_application.status_code) == (403, 403)
    assert within.status_code == 200
    assert nowhere.status_code == 403  # an application of no department is an organisation matter
    assert refetch(device).department == world["resources"]
    assert refetch(application).department == world["finance"]
    assert not Application.objects.filter(name="Council-wide intranet").exists()


def test_a_supplier_contact_cannot_tell_from_the_supplement_pages_whether_a_product_exists(
    supplements: dict[str, Any], make_user: Callable[..., Any], client_for: Callable[[Any], Client]
) -> None:
    client = client_for(make_user(Role.SUPPLIER_CONTACT, supplier=supplements["supplier_a"]))

    for path in ("change/", "delete/", "cycles/add/", "cycles/4/change/", "cycles/4/delete/"):
        existing = client.get(f"/estate/supplements/case-manager/{path}")
        missing = client.get(f"/estate/supplements/no-such-product/{path}")
        assert (path, existing.status_code) == (path, missing.status_code) == (path, 404)
    assert client.get("/estate/products/case-manager/").status_code == 404
