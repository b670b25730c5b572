"""Estate imports on the real database from real files: reconciliation across sources, the
counts of the contract, re-import unchanged, software that goes, refusal of a bad file whole,
and the supplier return round trip."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from govdx.domain.tabular import ImportProblems
from govdx.estate.importers import import_inventory, supplier_return_template
from govdx.estate.models import (
    Device,
    DeviceObservation,
    ImportBatch,
    Installation,
    Software,
    Source,
    SupplierReturn,
)
from govdx.org.models import Supplier
from tests.estate.support import load_lifecycle, samples, write_csv

DAY = datetime.date(2026, 10, 1)
LATER = datetime.date(2026, 11, 1)
HEAD = [
    "Computer Name",
    "Serial Number",
    "Operating System",
    "OS Version",
    "Display Name",
    "Publisher",
    "Display Version",
    "Last Seen",
    "Department",
]


@pytest.fixture
def lifecycle(db: Any, tmp_path: Path) -> Any:
    return load_lifecycle(tmp_path)


def discovery_rows() -> list[list[str]]:
    return [
        ["Installed software by device, exported 01/10/2026"],
        HEAD,
        [
            "PC0001.corp.northshire.gov.uk",
            "CZ0001",
            "Microsoft Windows 10 Enterprise",
            "10.0.19045.3803",
            "Java 8 Update 351",
            "Oracle Corporation",
            "8.0.3510.10",
            "30/09/2026",
            "Finance",
        ],
        [
            "PC0001.corp.northshire.gov.uk",
            "CZ0001",
            "Microsoft Windows 10 Enterprise",
            "10.0.19045.3803",
            "Python 3.8.10 (64-bit)",
            "Python Software Foundation",
            "3.8.10150.0",
            "30/09/2026",
            "Finance",
        ],
        [
            "SRV-SQL-01",
            "VMware-42 1a 2b",
            "Microsoft Windows Server 2012 R2 Standard",
            "6.3.9600",
            "Microsoft SQL Server 2014 (64-bit)",
            "Microsoft Corporation",
            "12.0.6024.0",
            "29/09/2026",
            "Resources",
        ],
        [
            "SRV-SQL-01",
            "VMware-42 1a 2b",
            "Microsoft Windows Server 2012 R2 Standard",
            "6.3.9600",
            "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532",
            "Microsoft Corporation",
            "14.36.32532.0",
            "29/09/2026",
            "Resources",
        ],
    ]


def run_import(path: Path, source: str = "Discovery", **options: Any) -> dict[str, Any]:
    options.setdefault("observed", DAY)
    return import_inventory(path, source_name=source, **options).as_dict()


def test_import_creates_devices_and_installations_and_matches_them(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    counts = run_import(write_csv(tmp_path / "discovery.csv", discovery_rows()))

    assert counts == {
        "devices": {"created": 2, "updated": 0},
        "installations": {"created": 4, "updated": 0, "unchanged": 0, "removed": 0},
        "problems": [],
    }
    pc = Device.objects.get(hostname_key="pc0001")
    assert pc.department == org["finance"]
    assert pc.last_seen == datetime.date(2026, 9, 30)
    assert (pc.os_software.product.slug, pc.os_software.cycle.name) == ("windows", "10-22h2")
    sql = Software.objects.get(name="Microsoft SQL Server 2014 (64-bit)")
    assert (sql.product.slug, sql.cycle.name) == ("mssqlserver", "12.0-sp3")
    assert sql.match_rule  # the rule that made the match is kept to show on screen
    redistributable = Software.objects.get(name__startswith="Microsoft Visual C++")
    assert redistributable.product is None  # never Visual Studio
    batch = ImportBatch.objects.get()
    assert (batch.outcome, batch.rows, batch.source.name) == ("imported", 4, "Discovery")


def test_importing_the_same_file_again_changes_nothing(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "discovery.csv", discovery_rows())
    run_import(path)
    versions = dict(Device.objects.values_list("pk", "version"))

    again = run_import(path)

    assert again["devices"] == {"created": 0, "updated": 0}
    assert again["installations"] == {"created": 0, "updated": 0, "unchanged": 4, "removed": 0}
    assert dict(Device.objects.values_list("pk", "version")) == versions
    assert Installation.objects.count() == 4


def test_seen_again_later_updates_and_software_no_longer_reported_is_removed(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    run_import(write_csv(tmp_path / "october.csv", discovery_rows()))
    november = [row for row in discovery_rows() if "Python" not in " ".join(row)]

    counts = run_import(write_csv(tmp_path / "november.csv", november), observed=LATER)

    assert counts["installations"] == {"created": 0, "updated": 0, "unchanged": 3, "removed": 1}
    python = Installation.objects.get(software__name__startswith="Python")
    assert python.removed_on == LATER


def test_one_device_however_many_sources_report_it_with_each_source_kept(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    run_import(write_csv(tmp_path / "discovery.csv", discovery_rows()))
    supplier_return = [
        ["Acme Managed Services: server estate return"],
        [
            "Server Name",
            "Serial No",
            "Operating System",
            "OS Version",
            "Location",
            "Installed Software",
            "Software Vendor",
            "Software Version",
            "Last Audit Date",
        ],
        # the same server by serial, named differently, with a newer OS and a location
        [
            "sql01.northshire.local",
            "vmware-42 1A 2B",
            "Microsoft Windows Server 2019 Standard",
            "10.0.17763",
            "Data centre A",
            "Microsoft SQL Server 2014 (64-bit)",
            "Microsoft Corporation",
            "12.0.6024.0",
            "15/10/2026",
        ],
        # a device by host name only: the discovery tool's PC, upper case with another domain
        ["PC0001.other.example", "", "", "", "Floor 2", "", "", "", "16/10/2026"],
    ]

    counts = run_import(
        write_csv(tmp_path / "return.csv", supplier_return),
        source="Acme return",
        supplier_name="Acme Managed Services",
        observed=LATER,
    )

    assert counts["devices"] == {"created": 0, "updated": 2}
    assert Device.objects.count() == 2
    server = Device.objects.get(serial_key="VMWARE-421A2B")
    assert server.os_name == "Microsoft Windows Server 2019 Standard"  # the most recent shows
    assert server.location == "Data centre A"
    assert server.supplier == Supplier.objects.get(name="Acme Managed Services")
    accounts = {o.source.name: o.facts["os_name"] for o in server.observations.all()}
    assert accounts == {  # the conflict is kept with its sources
        "Discovery": "Microsoft Windows Server 2012 R2 Standard",
        "Acme return": "Microsoft Windows Server 2019 Standard",
    }
    pc = Device.objects.get(hostname_key="pc0001")
    assert pc.location == "Floor 2"
    assert pc.os_name == "Microsoft Windows 10 Enterprise"  # a blank never erases a fact


def test_an_older_observation_does_not_overwrite_what_a_newer_one_showed(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    run_import(write_csv(tmp_path / "discovery.csv", discovery_rows()), observed=LATER)
    old = [
        HEAD,
        [
            "PC0001",
            "CZ0001",
            "Microsoft Windows 7 Professional",
            "6.1.7601",
            "",
            "",
            "",
            "01/01/2026",
            "",
        ],
    ]

    run_import(write_csv(tmp_path / "old.csv", old), source="Old spreadsheet")

    pc = Device.objects.get(hostname_key="pc0001")
    assert pc.os_name == "Microsoft Windows 10 Enterprise"
    assert DeviceObservation.objects.filter(device=pc).count() == 2


def test_a_bad_file_is_refused_whole_naming_row_and_column_and_writes_nothing(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    rows = discovery_rows()
    rows.append(["", "", "Microsoft Windows 10 Enterprise", "", "7-Zip", "", "", "", "Finance"])
    rows.append(["PC0002", "", "", "", "", "", "", "not a date", "Finance"])
    rows.append(["PC0003", "", "", "", "", "", "", "", "Ministry of Magic"])

    with pytest.raises(ImportProblems) as refused:
        run_import(write_csv(tmp_path / "bad.csv", rows))

    messages = [str(problem) for problem in refused.value.problems]
    assert any(m.startswith("row 7") and "host name" in m for m in messages), messages
    assert any(m.startswith("row 8, column Last Seen") for m in messages), messages
    assert any(m.startswith("row 9") and "Ministry of Magic" in m for m in messages), messages
    assert Device.objects.count() == 0
    assert Installation.objects.count() == 0
    assert Source.objects.count() == 0
    refusal = ImportBatch.objects.get()  # the refused attempt stays in the import history
    assert refusal.outcome == "refused"
    assert refusal.problems == messages


def test_every_sample_format_imports(lifecycle: Any, org: dict[str, Any]) -> None:
    files = {
        "cyclonedx-1.5-cdxgen-windows-obom.trimmed.json": "cyclonedx",
        "spdx-2.3-syft-image.golden.json": "spdx",
        "spdx-2.3-spec-example.packages-only.json": "spdx",
        "osquery-fleet-macos-snapshot.trimmed.json": "osquery",
    }
    for name, fmt in files.items():
        result = import_inventory(
            samples() / name,
            source_name=f"Sample {fmt} {name}",
            observed=DAY,
            hostname="LAPTOP-0042",
        )
        assert result.format == fmt, name
        assert result.rows > 0, name
        assert result.devices_created + result.devices_updated >= 1, name
    assert Installation.objects.count() > 0


def test_supplier_return_round_trip(lifecycle: Any, org: dict[str, Any], tmp_path: Path) -> None:
    run_import(
        write_csv(tmp_path / "first.csv", discovery_rows()),
        source="Acme return",
        supplier_name="Acme Managed Services",
    )
    template = tmp_path / "acme-return.xlsx"

    asked = supplier_return_template(
        supplier_name="acme managed services", path=template, today=DAY
    )

    assert asked.due_on == DAY + datetime.timedelta(days=30)
    sheet = load_workbook(template).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("Device Name", "Serial Number", "Asset Tag")
    assert len(rows) == 3 + 4  # title, guidance, headings, one row per installation
    # the supplier edits the return: the Python installation has gone
    from openpyxl import Workbook

    edited = Workbook()
    for row in rows:
        if row and row[10] and str(row[10]).startswith("Python"):
            continue
        edited.active.append(list(row))
    returned = tmp_path / "acme-returned.xlsx"
    edited.save(returned)

    counts = run_import(
        returned, source="Acme return", supplier_name="Acme Managed Services", observed=LATER
    )

    assert counts["devices"]["created"] == 0
    assert counts["installations"]["removed"] == 1
    received = SupplierReturn.objects.get().received
    assert (received.filename, received.observed_on) == ("acme-returned.xlsx", LATER)


def test_a_dry_run_reports_and_writes_nothing(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    result = import_inventory(
        write_csv(tmp_path / "d.csv", discovery_rows()),
        source_name="Discovery",
        observed=DAY,
        dry_run=True,
    )

    assert result.devices_created == 2
    assert Device.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_each_device_keeps_the_history_of_what_imports_did_to_it(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "october.csv", discovery_rows())
    run_import(path)
    run_import(path)  # the same again: nothing changes, so no history
    upgraded = [
        [cell.replace("2012 R2 Standard", "2019 Standard") for cell in row]
        for row in discovery_rows()
    ]
    run_import(write_csv(tmp_path / "november.csv", upgraded), observed=LATER)

    server = Device.objects.get(hostname_key="srv-sql-01")
    history = list(server.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.history_change_reason) for h in history] == [
        ("+", "imported from october.csv"),
        ("~", "imported from november.csv"),
    ]
    assert history[0].os_name == "Microsoft Windows Server 2012 R2 Standard"
    assert history[1].os_name == "Microsoft Windows Server 2019 Standard"
    pc = Device.objects.get(hostname_key="pc0001")
    assert pc.history.count() == 1  # its facts did not change in November


def test_installations_go_with_their_device_source_or_batch_and_protect_their_software(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path
) -> None:
    """The installation table keeps its references without database constraints (for the
    speed of a million-row import): deleting what an installation refers to must still
    delete it, or be refused, exactly as the constraints would. (A source cannot be deleted
    while its import history stands, and deleting the history takes its installations.)"""
    from django.db.models import ProtectedError

    run_import(write_csv(tmp_path / "discovery.csv", discovery_rows()))
    assert Installation.objects.count() == 4
    pc = Device.objects.get(hostname_key="pc0001")
    on_pc = pc.installations.count()
    assert on_pc > 0
    installed = pc.installations.first().software
    with pytest.raises(ProtectedError):
        installed.delete()
    assert DeviceObservation.objects.filter(device=pc).exists()
    pc.delete()
    assert Installation.objects.count() == 4 - on_pc
    assert not Installation.objects.filter(device_id=pc.pk).exists()
    assert not DeviceObservation.objects.filter(device_id=pc.pk).exists()
    with pytest.raises(ProtectedError):  # a source keeps its import history
        Source.objects.get(name="Discovery").delete()
    ImportBatch.objects.get().delete()
    assert Installation.objects.count() == 0
    assert DeviceObservation.objects.count() == 0
    installed.refresh_from_db()  # nothing installed any more: the software may now go
    installed.delete()
