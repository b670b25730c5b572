"""The estate API as scripts use it: an upload imports as the command does, the lifecycle
report is the command's object over the devices the caller may see, a refused file says every
problem, devices change only in what a person sets, and who may call what."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govdx import cli
from govdx.core.services import api_token_create
from govdx.domain.governance.access import Role
from govdx.estate.models import Application, Device, ImportBatch, Installation, Software
from tests.estate.support import load_lifecycle, write_csv

HEAD = [
    "Host Name",
    "Serial",
    "OS",
    "OS Version",
    "Application",
    "Vendor",
    "Version",
    "Last Seen",
    "Department",
]


@pytest.fixture
def lifecycle(db: Any, tmp_path: Path) -> Any:
    return load_lifecycle(tmp_path)


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "inventory.csv",
        [
            HEAD,
            [
                "FIN-PC1",
                "S1",
                "Microsoft Windows 10 Enterprise",
                "10.0.19045",
                "Java 8 Update 351",
                "Oracle Corporation",
                "8.0.3510.10",
                "01/11/2026",
                "Finance",
            ],
            [
                "HW-SRV1",
                "S2",
                "Microsoft Windows Server 2012 R2 Standard",
                "6.3.9600",
                "Some In-house Tool",
                "Northshire",
                "1.2",
                "01/11/2026",
                "Highways",
            ],
        ],
    )


def bearer(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="script")
    return {"Authorization": f"Bearer {key}"}


def upload(client: Client, path: Path, headers: dict[str, str], **form: Any) -> Any:
    with path.open("rb") as handle:
        return client.post("/api/estate/import", {"file": handle, **form}, headers=headers)


def test_an_upload_imports_as_the_command_does_and_the_report_matches_the_command(
    lifecycle: Any,
    org: dict[str, Any],
    make_user: Callable[..., Any],
    inventory: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    headers = bearer(make_user(Role.ESTATE_MANAGER))

    response = upload(Client(), inventory, headers, source="Discovery", observed="2026-11-01")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["devices"] == {"created": 2, "updated": 0}
    assert body["installations"]["created"] == 2
    assert ImportBatch.objects.get(pk=body["batch"]).source.name == "Discovery"

    report = Client().get("/api/estate/lifecycle?as_of=2026-11-29", headers=headers).json()
    cli.main(["estate", "lifecycle", "--as-of", "2026-11-29", "--json"])
    assert report == json.loads(capsys.readouterr().out)
    assert {
        "product": "windows-server",
        "cycle": "2012-r2",
        "eol": "2023-10-10",
        "devices": 1,
        "installations": 1,
    } in report["end_of_life"]


def test_a_refused_upload_lists_every_problem_and_writes_nothing(
    lifecycle: Any, org: dict[str, Any], make_user: Callable[..., Any], tmp_path: Path
) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            HEAD,
            ["", "", "", "", "7-Zip", "", "", "", ""],
            ["PC2", "", "", "", "", "", "", "32/01/2026", ""],
        ],
    )

    response = upload(Client(), bad, bearer(make_user(Role.ESTATE_MANAGER)), source="Discovery")

    assert response.status_code == 400
    problems = response.json()["problems"]
    assert problems[0].startswith("row 2")
    assert problems[1].startswith("row 3, column Last Seen")
    assert Device.objects.count() == Installation.objects.count() == 0


def test_who_may_import_and_who_may_only_read(
    lifecycle: Any, org: dict[str, Any], make_user: Callable[..., Any], inventory: Path
) -> None:
    for role, expected in (
        (Role.VIEWER, 403),
        (Role.DEPARTMENT_LEAD, 403),
        (Role.SUPPLIER_CONTACT, 403),
        (Role.RISK_MANAGER, 403),
        (Role.ADMINISTRATOR, 201),
    ):
        kwargs = {"department": org["resources"]} if role is Role.DEPARTMENT_LEAD else {}
        if role is Role.SUPPLIER_CONTACT:
            kwargs = {"supplier": org["supplier_a"]}
        response = upload(
            Client(), inventory, bearer(make_user(role, **kwargs)), source=f"Discovery {role.value}"
        )
        assert response.status_code == expected, (role, response.content)
    # only the administrator's upload was imported
    assert list(ImportBatch.objects.values_list("source__name", flat=True)) == [
        "Discovery administrator"
    ]
    viewer = bearer(make_user(Role.VIEWER))
    assert Client().get("/api/devices", headers=viewer).json()["count"] == 2
    report = Client().get("/api/estate/lifecycle", headers=viewer).json()
    assert (report["devices"], report["installations"]) == (2, 4)


def test_a_supplier_contact_sees_only_the_devices_its_supplier_runs(
    lifecycle: Any,
    org: dict[str, Any],
    make_user: Callable[..., Any],
    inventory: Path,
    tmp_path: Path,
) -> None:
    manager = bearer(make_user(Role.ESTATE_MANAGER))
    upload(Client(), inventory, manager, source="Discovery")
    returned = write_csv(
        tmp_path / "acme.csv",
        [
            HEAD,
            ["ACME-SRV9", "A9", "CentOS Linux 7 (Core)", "7.9.2009", "", "", "", "01/11/2026", ""],
        ],
    )
    upload(Client(), returned, manager, source="Acme return", supplier="Acme Hosting")
    contact = bearer(make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"]))

    listed = Client().get("/api/devices", headers=contact).json()
    report = Client().get("/api/estate/lifecycle?as_of=2026-11-29", headers=contact).json()
    other = Device.objects.get(hostname_key="fin-pc1")

    assert [d["identifier"] for d in listed["items"]] == ["ACME-SRV9"]
    assert report["devices"] == 1
    assert [(e["product"], e["cycle"]) for e in report["end_of_life"]] == [("centos", "7")]
    assert Client().get(f"/api/devices/{other.pk}", headers=contact).status_code == 404


def test_a_device_changes_only_in_what_a_person_sets_with_its_version(
    lifecycle: Any, org: dict[str, Any], make_user: Callable[..., Any], inventory: Path
) -> None:
    manager = bearer(make_user(Role.ESTATE_MANAGER))
    upload(Client(), inventory, manager, source="Discovery")
    device = Device.objects.get(hostname_key="fin-pc1")
    url = f"/api/devices/{device.pk}"

    changed = Client().patch(
        url,
        {"version": device.version, "location": "Town Hall, floor 2", "kind": "desktop"},
        content_type="application/json",
        headers=manager,
    )
    stale = Client().patch(
        url,
        {"version": device.version, "location": "Depot"},
        content_type="application/json",
        headers=manager,
    )
    reported = Client().patch(
        url,
        {"version": device.version + 1, "os_name": "Windows 11"},
        content_type="application/json",
        headers=manager,
    )

    assert changed.status_code == 200, changed.content
    assert changed.json()["location"] == "Town Hall, floor 2"
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]
    assert reported.status_code == 422, reported.content
    assert [e["loc"][-1] for e in reported.json()["detail"]] == ["os_name"]
    device.refresh_from_db()
    # the import that created the device and the person's change are both in its history
    created, changed_by_person = device.history.order_by("history_date", "history_id")
    assert (created.history_type, created.history_change_reason) == (
        "+",
        "imported from inventory.csv",
    )
    assert (changed_by_person.history_type, changed_by_person.location) == (
        "~",
        "Town Hall, floor 2",
    )
    lead = bearer(make_user(Role.DEPARTMENT_LEAD, department=org["place"]))
    refused = Client().patch(
        url,
        {"version": device.version, "location": "X"},
        content_type="application/json",
        headers=lead,
    )
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("You may not change this device")
    device.refresh_from_db()
    assert device.location == "Town Hall, floor 2"


def test_applications_round_trip_with_their_devices_and_software(
    lifecycle: Any, org: dict[str, Any], make_user: Callable[..., Any], inventory: Path
) -> None:
    manager = bearer(make_user(Role.ESTATE_MANAGER))
    upload(Client(), inventory, manager, source="Discovery")
    server = Device.objects.get(hostname_key="hw-srv1")
    tool = Software.objects.get(name="Some In-house Tool")

    created = Client().post(
        "/api/applications",
        {
            "name": "Highways Asset Management",
            "criticality": "high",
            "hosting": "on_premises",
            "department_id": org["highways"].pk,
            "devices": [server.pk],
            "software": [tool.pk],
        },
        content_type="application/json",
        headers=manager,
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["devices"], body["software"]) == ([server.pk], [tool.pk])
    application = Application.objects.get()
    changed = Client().patch(
        f"/api/applications/{application.pk}",
        {"version": application.version, "devices": []},
        content_type="application/json",
        headers=manager,
    )
    assert changed.json()["devices"] == []


def test_unmatched_names_are_listed_and_a_mapping_matches_them_all(
    lifecycle: Any, org: dict[str, Any], make_user: Callable[..., Any], inventory: Path
) -> None:
    manager = bearer(make_user(Role.ESTATE_MANAGER))
    upload(Client(), inventory, manager, source="Discovery")

    unmatched = Client().get("/api/estate/unmatched", headers=manager).json()["items"]
    mapped = Client().post(
        "/api/estate/mappings",
        {
            "name": "Some In-house Tool",
            "product": "python",
            "cycle": "3.8",
        },
        content_type="application/json",
        headers=manager,
    )
    viewer = Client().post(
        "/api/estate/mappings",
        {"name": "x", "product": "python"},
        content_type="application/json",
        headers=bearer(make_user(Role.VIEWER)),
    )

    assert {"name": "Some In-house Tool", "version": "1.2", "devices": 1} in unmatched
    assert mapped.status_code == 201, mapped.content
    assert (mapped.json()["installations"], mapped.json()["devices"]) == (1, 1)
    assert Software.objects.get(name="Some In-house Tool").match_method == "mapping"
    assert viewer.status_code == 403
    assert viewer.json()["detail"].startswith("You may not add this mapping")


def test_the_openapi_document_describes_the_estate(db: Any) -> None:
    document = Client().get("/api/openapi.json").json()
    for path in (
        "/api/estate/import",
        "/api/estate/lifecycle",
        "/api/estate/sync-risks",
        "/api/devices",
        "/api/applications",
        "/api/estate-imports",
    ):
        assert path in document["paths"], path
