"""Fixtures for the estate tests: the real lifecycle data, people in each estate role, and an
estate made the way users make it, by importing real inventory files.

Fixtures are named `estate_*` (or after the person) so that test modules can keep short local
names of their own without shadowing these.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from govdx.domain.governance.access import Role
from tests.estate.support import COMMON_PRODUCTS, lifecycle_subset, write_csv

DISCOVERY_HEADINGS = [
    "Computer Name", "Serial Number", "Operating System", "OS Version", "Display Name",
    "Publisher", "Display Version", "Last Seen", "Department",
]  # fmt: skip
RETURN_HEADINGS = [
    "Server Name", "Serial No", "Operating System", "OS Version", "Location",
    "Installed Software", "Software Vendor", "Software Version", "Last Audit Date",
]  # fmt: skip
UNMATCHED_NAME = "Northshire Revenues Suite"
"""Software no rule knows: installed on three devices, for the mapping tests."""


def day_text(day: datetime.date) -> str:
    """A date as the inventories write it: day first."""
    return day.strftime("%d/%m/%Y")


@pytest.fixture(scope="session")
def estate_lifecycle_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The endoflife.date products the estate tests use, cut once per run from the real data."""
    return lifecycle_subset(tmp_path_factory.mktemp("lifecycle"), COMMON_PRODUCTS)


@pytest.fixture
def estate_lifecycle(db: Any, estate_lifecycle_file: Path) -> Any:
    """The lifecycle data loaded as `govdx estate lifecycle-data load` loads it."""
    from govdx.estate.services import lifecycle_data_load

    return lifecycle_data_load(path=estate_lifecycle_file, user=None)


@pytest.fixture
def estate_manager(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ESTATE_MANAGER, username="esme")


@pytest.fixture
def estate_viewer(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.VIEWER, username="victor")


@pytest.fixture
def acme_contact(make_user: Callable[..., Any], org: dict[str, Any]) -> Any:
    """A supplier contact working for Acme Hosting (the org fixture's supplier_a)."""
    return make_user(Role.SUPPLIER_CONTACT, supplier=org["supplier_a"], username="amir")


@pytest.fixture
def estate_import(tmp_path: Path) -> Callable[..., Any]:
    """Writes `rows` to a CSV file in tmp_path and imports it as a user would."""
    from govdx.estate.importers import import_inventory

    def run(name: str, rows: Sequence[Sequence[Any]], *, source: str, **options: Any) -> Any:
        path = write_csv(tmp_path / name, rows)
        options.setdefault("observed", timezone.localdate())
        return import_inventory(path, source_name=source, **options)

    return run


def discovery_rows(today: datetime.date) -> list[list[str]]:
    """The in-house discovery tool: three PCs and a server in Finance and Resources, one PC
    not seen for over a year."""
    seen = day_text(today - datetime.timedelta(days=1))
    long_ago = day_text(today - datetime.timedelta(days=400))
    windows = ["Microsoft Windows 10 Enterprise", "10.0.19045.3803"]
    server = ["Microsoft Windows Server 2012 R2 Standard", "6.3.9600"]
    return [
        DISCOVERY_HEADINGS,
        ["PC0001.corp.example", "CZ0001", *windows, "Java 8 Update 351", "Oracle Corporation",
         "8.0.3510.10", seen, "Finance"],
        ["PC0001.corp.example", "CZ0001", *windows, "Python 3.8.10 (64-bit)",
         "Python Software Foundation", "3.8.10150.0", seen, "Finance"],
        ["PC0001.corp.example", "CZ0001", *windows, UNMATCHED_NAME, "Northshire Council", "4.2",
         seen, "Finance"],
        ["PC0002.corp.example", "CZ0002", *windows, UNMATCHED_NAME, "Northshire Council", "4.2",
         seen, "Finance"],
        ["SRV-SQL-01", "VMware-42 1a 2b", *server, "Microsoft SQL Server 2014 (64-bit)",
         "Microsoft Corporation", "12.0.6024.0", seen, "Resources"],
        ["SRV-SQL-01", "VMware-42 1a 2b", *server, UNMATCHED_NAME, "Northshire Council", "4.2",
         seen, "Resources"],
        ["OLD-PC", "CZ0099", "Microsoft Windows 7 Professional", "6.1.7601", "", "", "",
         long_ago, "Resources"],
    ]  # fmt: skip


def acme_return_rows(today: datetime.date) -> list[list[str]]:
    """Acme Hosting's return: two servers of its own and the SQL server again by its serial,
    under another name and with a newer operating system (a conflict between sources)."""
    seen = day_text(today)
    return [
        ["Acme Hosting: server estate return"],
        RETURN_HEADINGS,
        ["acme-web-01", "AC0001", "Microsoft Windows Server 2019 Standard", "10.0.17763",
         "Data centre A", "Apache Tomcat", "Apache Software Foundation", "8.5.100", seen],
        ["acme-web-02", "AC0002", "Microsoft Windows Server 2016 Standard", "10.0.14393",
         "Data centre A", "", "", "", seen],
        ["sql01.acme.local", "vmware-42 1A 2B", "Microsoft Windows Server 2019 Standard",
         "10.0.17763", "Data centre B", "Microsoft SQL Server 2014 (64-bit)",
         "Microsoft Corporation", "12.0.6024.0", seen],
    ]  # fmt: skip


@pytest.fixture
def estate_data(
    estate_lifecycle: Any, org: dict[str, Any], estate_import: Callable[..., Any]
) -> dict[str, Any]:
    """An estate imported from two real files: the in-house discovery tool's and a return
    from Acme Hosting (supplier_a), observed today. Devices by host name key."""
    from govdx.estate.models import Device

    today = timezone.localdate()
    discovery = estate_import("discovery.csv", discovery_rows(today), source="Discovery",
                              observed=today - datetime.timedelta(days=1))  # fmt: skip
    acme = estate_import("acme-return.csv", acme_return_rows(today), source="Acme return",
                         supplier_name=org["supplier_a"].name)  # fmt: skip
    devices = {device.hostname_key: device for device in Device.objects.all()}
    return {"today": today, "discovery": discovery, "acme": acme, "devices": devices, **org}
