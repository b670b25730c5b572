"""The estate pages as people use them, on the real database with an estate imported from
real files: the overview and its knowledge coverage, devices with every source that reported
them, products and release cycles, mapping an unmatched name, imports, supplier returns,
applications and settings; who may see and change what."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from govdx.core.permissions import SYSTEM
from govdx.core.services import record_create
from govdx.estate import selectors, tables
from govdx.estate.models import (
    Application,
    Device,
    EstateSettings,
    ImportBatch,
    Installation,
    Mapping,
    ReleaseCycle,
    Software,
    Source,
    SupplierReturn,
)
from tests.estate.conftest import DISCOVERY_HEADINGS, UNMATCHED_NAME, day_text

pytestmark = pytest.mark.django_db


def words(html: str) -> str:
    """HTML as words: each tag a space, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def text(response: Any) -> str:
    return words(response.content.decode())


def listed_devices(response: Any) -> list[str]:
    """The devices in a results table, in order."""
    results = response.content.decode().split('id="results"', 1)[1]
    return re.findall(r'<a class="govuk-link" href="/estate/devices/\d+/">([^<]+)</a>', results)


def status_today(cycle: ReleaseCycle) -> str:
    """The label of the cycle's status today: the real lifecycle data moves with the calendar,
    so tests name what today's date makes of it rather than a status fixed in the test."""
    return tables.STATUS_LABELS[selectors.cycle_status(cycle, timezone.localdate())]


def os_cycle(device: Device) -> ReleaseCycle:
    return (
        Device.objects.select_related("os_software__cycle__product")
        .get(pk=device.pk)
        .os_software.cycle
    )


def csv_upload(name: str, rows: list[list[str]]) -> SimpleUploadedFile:
    handle = io.StringIO()
    import csv

    csv.writer(handle).writerows(rows)
    return SimpleUploadedFile(name, handle.getvalue().encode(), content_type="text/csv")


# Every page, for an estate manager, with real data


def page_urls(data: dict[str, Any]) -> list[str]:
    sql = data["devices"]["sql01"]
    tomcat = Software.objects.get(name="Apache Tomcat")
    application = Application.objects.create(name="Revenues and benefits")
    application.devices.add(sql)
    source = Source.objects.get(name="Discovery")
    batch = ImportBatch.objects.filter(source=source).first()
    return [
        "/estate/",
        "/estate/devices/",
        "/estate/devices/?status=end_of_life&stale=true&q=old",
        f"/estate/devices/{sql.pk}/",
        f"/estate/devices/{sql.pk}/change/",
        "/estate/products/",
        "/estate/products/?show=all&q=windows",
        "/estate/products/windows-server/",
        "/estate/products/windows-server/2019/",
        tomcat.cycle.get_absolute_url(),
        f"/estate/software/{tomcat.pk}/",
        "/estate/unmatched/",
        f"/estate/unmatched/map/?name={UNMATCHED_NAME}&version=4.2",
        f"/estate/unmatched/map/?name={UNMATCHED_NAME}&version=4.2&product=postgresql",
        "/estate/sources/",
        f"/estate/sources/{source.pk}/",
        f"/estate/sources/{source.pk}/change/",
        "/estate/imports/",
        f"/estate/imports/{batch.pk}/",
        "/estate/imports/new/",
        "/estate/applications/",
        "/estate/applications/add/",
        f"/estate/applications/{application.pk}/",
        f"/estate/applications/{application.pk}/change/",
        f"/estate/applications/{application.pk}/delete/",
        "/estate/returns/",
        "/estate/settings/",
    ]


def test_every_estate_page_answers_an_estate_manager_with_one_h1(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)

    for url in page_urls(estate_data):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_every_estate_table_has_a_caption(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)

    for url in page_urls(estate_data):
        html = client.get(url).content.decode()
        assert html.count("<table") == html.count("<caption"), url


def test_the_estate_links_show_in_the_section_navigation(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    html = client_for(estate_manager).get("/estate/devices/").content.decode()

    for label in ("Overview", "Devices", "Products", "Unmatched names", "Supplier returns",
                  "Imports", "Sources", "Applications", "Settings"):  # fmt: skip
        assert f">{label}</a>" in html, label


# The overview


def test_the_overview_counts_devices_stale_ones_and_names_not_matched(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    page = text(client_for(estate_viewer).get("/estate/"))

    assert "Devices 6 devices" in page
    assert "Stale devices (no source for 90 days, or never seen) 1 stale devices" in page
    assert "Installations not matched to a release cycle 3" in page


def test_the_overview_draws_the_lifecycle_status_chart_with_its_table(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    response = client_for(estate_viewer).get("/estate/")
    html = response.content.decode()

    assert '<svg class="govdx-chart"' in html
    assert 'role="img"' in html
    assert '<title id="lifecycle-status-title">' in html
    assert "govdx-chart__bar--end_of_life" in html
    table = words(html.split("Installations and devices by lifecycle status", 1)[1])
    assert "Not matched 3 3" in table  # the suite on three devices
    counts = {c.status: c for c in selectors.lifecycle_status_counts(timezone.localdate())}
    ended = counts["end_of_life"]
    assert ended.installations >= 3  # Windows 7, and end-of-life software on the PCs
    assert f"End of life {ended.installations} {ended.devices}" in table


def test_the_overview_lists_end_of_life_exposure_linking_to_each_cycle(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    html = client_for(estate_manager).get("/estate/").content.decode()
    windows_7 = ReleaseCycle.objects.get(product__slug="windows", name__startswith="7")

    exposure = html.split('id="end-of-life"', 1)[1].split('id="coverage"', 1)[0]
    assert f'href="{windows_7.get_absolute_url()}"' in exposure
    assert "Microsoft Windows 10 22H2" in words(exposure)


def test_estate_coverage_by_department_and_supplier_with_returns_awaited(
    estate_data: dict[str, Any],
) -> None:
    today = estate_data["today"]
    acme, brightwater = estate_data["supplier_a"], estate_data["supplier_b"]
    for supplier, due in ((acme, today - datetime.timedelta(days=1)),
                          (acme, today + datetime.timedelta(days=10)),
                          (brightwater, today + datetime.timedelta(days=10))):  # fmt: skip
        asked = {"supplier": supplier, "requested_on": today, "due_on": due}
        record_create(model=SupplierReturn, data=asked, user=SYSTEM)

    coverage = selectors.estate_coverage(today)

    suppliers = {row.name: row for row in coverage.suppliers}
    assert list(suppliers) == ["Acme Hosting", "Brightwater Software", "In-house"]
    in_house = suppliers["In-house"]
    assert (in_house.pk, in_house.devices, in_house.with_os, in_house.with_software) == (
        None, 3, 3, 2,
    )  # fmt: skip
    assert in_house.newest_age_days == 1
    assert in_house.software_share == pytest.approx(2 / 3)
    assert (suppliers["Acme Hosting"].devices, suppliers["Acme Hosting"].newest_age_days) == (3, 0)
    assert (suppliers["Acme Hosting"].returns_outstanding,
            suppliers["Acme Hosting"].returns_overdue) == (2, 1)  # fmt: skip
    assert suppliers["Brightwater Software"].devices == 0  # asked, nothing known yet
    assert suppliers["Brightwater Software"].os_share is None
    departments = {row.name: row for row in coverage.departments}
    assert list(departments) == ["Finance", "Resources", "No department"]
    assert (departments["Finance"].devices, departments["Finance"].with_software) == (2, 2)
    # Resources has the SQL server Acme runs: Acme's awaited returns count against it
    assert departments["Resources"].returns_outstanding == 2
    assert departments["Finance"].returns_outstanding == 0


def test_the_overview_shows_coverage_to_a_supplier_contact_for_their_devices_only(
    client_for: Callable[[Any], Client], acme_contact: Any, estate_data: dict[str, Any]
) -> None:
    page = text(client_for(acme_contact).get("/estate/"))

    assert "Devices 3 devices" in page
    by_supplier = page.split("Supplier returns awaited", 2)[2]
    assert "Acme Hosting 3" in by_supplier
    assert "In-house 3" not in by_supplier


# Devices


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["OLD-PC", "PC0001.corp.example", "PC0002.corp.example", "acme-web-01",
              "acme-web-02", "sql01.acme.local"]),
        ("q=cz0002", ["PC0002.corp.example"]),
        ("department=finance", ["PC0001.corp.example", "PC0002.corp.example"]),
        ("supplier=in-house", ["OLD-PC", "PC0001.corp.example", "PC0002.corp.example"]),
        ("stale=true", ["OLD-PC"]),
        ("stale=false&os=windows+10", ["PC0001.corp.example", "PC0002.corp.example"]),
        ("source=acme", ["acme-web-01", "acme-web-02", "sql01.acme.local"]),
    ],
)  # fmt: skip
def test_the_device_list_filters(
    client_for: Callable[[Any], Client],
    estate_viewer: Any,
    estate_data: dict[str, Any],
    query: str,
    expected: list[str],
) -> None:
    query = query.replace("department=finance", f"department={estate_data['finance'].pk}")
    query = query.replace("source=acme", f"source={Source.objects.get(name='Acme return').pk}")

    response = client_for(estate_viewer).get(f"/estate/devices/?{query}")

    assert response.status_code == 200
    assert sorted(listed_devices(response)) == sorted(expected)


def test_the_device_list_sorts_by_a_column_either_way(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_viewer)

    assert listed_devices(client.get("/estate/devices/?sort=last_seen"))[0] == "OLD-PC"
    assert listed_devices(client.get("/estate/devices/?sort=-last_seen"))[-1] == "OLD-PC"


@pytest.mark.parametrize("status", selectors.STATUS_ORDER)
def test_the_device_list_filters_by_the_operating_systems_lifecycle_today(
    client_for: Callable[[Any], Client],
    estate_viewer: Any,
    estate_data: dict[str, Any],
    status: str,
) -> None:
    today = timezone.localdate()
    expected = sorted(
        d.identifier for d in selectors.device_list()
        if (selectors.cycle_status(d.os_software.cycle, today) if d.os_software and
            d.os_software.cycle else selectors.NOT_MATCHED) == status
    )  # fmt: skip

    response = client_for(estate_viewer).get(f"/estate/devices/?status={status}")

    assert sorted(listed_devices(response)) == expected
    if status == "end_of_life":
        assert "OLD-PC" in expected  # Windows 7: past every support it had


def test_the_device_list_shows_each_devices_lifecycle_and_staleness(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    html = client_for(estate_viewer).get("/estate/devices/").content.decode()

    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if ">OLD-PC<" in r)
    assert "End of life" in words(row)
    assert "Stale" in words(row)


def test_the_device_list_makes_as_many_queries_for_many_devices_as_for_few(
    client_for: Callable[[Any], Client],
    estate_viewer: Any,
    estate_lifecycle: Any,
    org: dict[str, Any],
    estate_import: Callable[..., Any],
) -> None:
    client = client_for(estate_viewer)
    seen = day_text(timezone.localdate())

    def queries_for(count: int, path: str) -> int:
        rows = [DISCOVERY_HEADINGS] + [
            [f"PC{n:04d}", f"SN{n:04d}", "Microsoft Windows 10 Enterprise", "10.0.19045.3803",
             "Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0", seen,
             "Finance" if n % 2 else "Resources"]
            for n in range(count)
        ]  # fmt: skip
        estate_import(f"fleet-{count}.csv", rows, source="Discovery")
        client.get(path)  # the session and the grants, read once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    for path in ("/estate/devices/", "/estate/devices/?status=extended_support&stale=false"):
        few = queries_for(3, path)
        many = queries_for(30, path)
        assert few == many, f"{path}: {few} queries for a few devices, {many} for more"


def test_a_device_page_shows_every_source_that_reported_it_and_what_conflicts(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    sql = estate_data["devices"]["sql01"]

    response = client_for(estate_viewer).get(f"/estate/devices/{sql.pk}/")

    html = response.content.decode()
    sources = html.split('id="sources"', 1)[1]
    assert "Acme return" in sources and "Discovery" in sources
    discovery = words(sources.split("Discovery", 1)[1])
    assert "Host name SRV-SQL-01 Differs" in discovery
    assert "Operating system Microsoft Windows Server 2012 R2 Standard Differs" in discovery
    assert "Department Resources Last seen" in discovery  # the same as the device: no flag
    installations = words(html.split('id="installations"', 1)[1].split('id="sources"', 1)[0])
    assert "Microsoft SQL Server 2014 'Hekaton' SP3" in installations
    assert "rule mssqlserver" in installations  # the rule that matched it
    sql_server = Software.objects.get(name__startswith="Microsoft SQL Server").cycle
    assert status_today(sql_server) in installations
    assert UNMATCHED_NAME in installations and "Not matched" in installations
    assert 'id="history"' in html


def test_a_device_page_lists_software_that_went_with_the_day_it_went(
    client_for: Callable[[Any], Client],
    estate_viewer: Any,
    estate_data: dict[str, Any],
    estate_import: Callable[..., Any],
) -> None:
    today = estate_data["today"]
    later = today + datetime.timedelta(days=7)
    estate_import("again.csv", [DISCOVERY_HEADINGS, ["PC0002.corp.example", "CZ0002",
                  "Microsoft Windows 10 Enterprise", "10.0.19045.3803", "7-Zip 23.01 (x64)",
                  "Igor Pavlov", "23.01", day_text(later), "Finance"]],
                  source="Discovery", observed=later)  # fmt: skip
    pc = estate_data["devices"]["pc0002"]

    html = client_for(estate_viewer).get(f"/estate/devices/{pc.pk}/").content.decode()

    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if UNMATCHED_NAME in r)
    assert later.isoformat() in words(row)


def test_an_estate_manager_changes_what_people_own_of_a_device_with_history(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)
    pc = estate_data["devices"]["pc0001"]

    response = client.post(
        f"/estate/devices/{pc.pk}/change/",
        {"kind": "laptop", "department": estate_data["finance"].pk, "supplier": "",
         "location": "Floor 3", "purchase_date": "2023-05-01", "warranty_end": "2026-05-01",
         "version": pc.version},
    )  # fmt: skip

    assert response.status_code == 302
    pc.refresh_from_db()
    assert (pc.kind, pc.location, pc.warranty_end) == ("laptop", "Floor 3",
                                                       datetime.date(2026, 5, 1))  # fmt: skip
    history = text(client.get(f"/estate/devices/{pc.pk}/")).split("History", 1)[1]
    assert "esme Changed" in history


def test_a_device_edited_by_someone_else_meanwhile_is_refused_not_overwritten(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    pc = estate_data["devices"]["pc0001"]
    client = client_for(estate_manager)
    form = {"kind": "desktop", "department": "", "supplier": "", "location": "A",
            "purchase_date": "", "warranty_end": "", "version": pc.version}  # fmt: skip
    assert client.post(f"/estate/devices/{pc.pk}/change/", form).status_code == 302

    stale_form = {**form, "location": "B"}
    response = client.post(f"/estate/devices/{pc.pk}/change/", stale_form)

    assert response.status_code == 409
    pc.refresh_from_db()
    assert pc.location == "A"


# Who sees what


def test_a_supplier_contact_sees_only_their_suppliers_devices(
    client_for: Callable[[Any], Client], acme_contact: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(acme_contact)
    devices = estate_data["devices"]

    assert listed_devices(client.get("/estate/devices/")) == [
        "acme-web-01", "acme-web-02", "sql01.acme.local",
    ]  # fmt: skip
    assert client.get(f"/estate/devices/{devices['acme-web-01'].pk}/").status_code == 200
    assert client.get(f"/estate/devices/{devices['pc0001'].pk}/").status_code == 404
    assert client.get(f"/estate/devices/{devices['old-pc'].pk}/").status_code == 404
    in_house = Source.objects.get(name="Discovery")
    assert client.get(f"/estate/sources/{in_house.pk}/").status_code == 404
    assert client.get(f"/estate/devices/{devices['acme-web-01'].pk}/change/").status_code == 403


def test_a_supplier_contact_sees_only_their_own_imports_and_returns(
    client_for: Callable[[Any], Client], acme_contact: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(acme_contact)
    discovery = ImportBatch.objects.get(source__name="Discovery")
    acme = ImportBatch.objects.get(source__name="Acme return")

    assert client.get(f"/estate/imports/{discovery.pk}/").status_code == 404
    assert client.get(f"/estate/imports/{acme.pk}/").status_code == 200
    assert "discovery.csv" not in client.get("/estate/imports/").content.decode()
    assert client.get("/estate/products/").status_code == 403  # reference data is internal


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/estate/devices/{pc}/change/", {"kind": "server", "location": "Roof"}),
        ("/estate/unmatched/map/", {"name": UNMATCHED_NAME, "product": "postgresql"}),
        ("/estate/imports/new/", {"source": "Sneaky", "observed": "2026-01-01"}),
        ("/estate/applications/add/", {"name": "Shadow IT", "criticality": "low",
                                       "hosting": "saas"}),
        ("/estate/returns/ask/", {"supplier": "{acme}", "due_in_days": "30"}),
        ("/estate/settings/", {"stale_after_days": "5"}),
        ("/estate/sources/{source}/change/", {"name": "Renamed", "kind": "agent"}),
    ],
)  # fmt: skip
def test_a_viewer_may_read_but_not_post(
    client_for: Callable[[Any], Client],
    estate_viewer: Any,
    estate_data: dict[str, Any],
    path: str,
    data: dict[str, str],
) -> None:
    devices, applications, returns = (Device.objects.count(), Application.objects.count(),
                                      SupplierReturn.objects.count())  # fmt: skip
    source = Source.objects.get(name="Discovery")
    path = path.format(pc=estate_data["devices"]["pc0001"].pk, source=source.pk)
    data = {k: v.format(acme=estate_data["supplier_a"].pk) for k, v in data.items()}

    response = client_for(estate_viewer).post(path, data)

    assert response.status_code == 403
    assert Device.objects.get(hostname_key="pc0001").location == ""
    assert (Device.objects.count(), Application.objects.count(),
            SupplierReturn.objects.count()) == (devices, applications, returns)  # fmt: skip
    assert not Mapping.objects.exists()
    assert not EstateSettings.objects.exists()
    assert Source.objects.filter(name="Discovery").exists()


# Products and release cycles


def test_the_product_list_shows_products_in_use_unless_asked_for_all(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_viewer)

    in_use = text(client.get("/estate/products/"))
    everything = text(client.get("/estate/products/?show=all"))

    assert "Microsoft SQL Server" in in_use
    assert "PostgreSQL" not in in_use
    assert "PostgreSQL" in everything


def test_a_product_page_lists_its_cycles_with_status_and_devices(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    html = client_for(estate_viewer).get("/estate/products/windows-server/").content.decode()
    cycle = ReleaseCycle.objects.get(product__slug="windows-server", name="2019")

    row = next(
        words(r)
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
        if words(r).startswith(cycle.label)
    )
    assert status_today(cycle) in row
    assert row.endswith("2 2")  # two Acme servers run Windows Server 2019


def test_a_cycle_page_draws_its_timeline_with_today_and_lists_where_it_runs(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    cycle = ReleaseCycle.objects.get(product__slug="windows-server", name="2019")

    response = client_for(estate_viewer).get(cycle.get_absolute_url())

    html = response.content.decode()
    assert html.count("<svg") == 1
    assert f"Support timeline of {cycle}" in html
    assert f"Today: {status_today(cycle).lower()}" in html
    page = words(html)
    assert f"End of life (end of security support) {cycle.eol_date.isoformat()}" in page
    assert listed_devices(response) == ["acme-web-01", "sql01.acme.local"]
    assert "rule windows-server" in page.split("Software matched to it", 1)[1]


def test_a_software_page_names_its_match_rule_and_devices(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    suite = Software.objects.get(name=UNMATCHED_NAME)

    response = client_for(estate_viewer).get(f"/estate/software/{suite.pk}/")

    assert "No rule, identifier or mapping matches it" in text(response)
    assert len(listed_devices(response)) == 3


# Unmatched names and the mapping action


def test_the_unmatched_names_are_ranked_by_devices_with_a_map_action_for_managers(
    client_for: Callable[[Any], Client],
    estate_manager: Any,
    estate_viewer: Any,
    estate_data: dict[str, Any],
) -> None:
    managers = client_for(estate_manager).get("/estate/unmatched/").content.decode()
    viewers = client_for(estate_viewer).get("/estate/unmatched/").content.decode()

    assert f"{UNMATCHED_NAME} 4.2 3 Map" in words(managers)
    assert f"{UNMATCHED_NAME} 4.2 3" in words(viewers)
    assert "/estate/unmatched/map/" not in viewers
    refused = client_for(estate_viewer).get(f"/estate/unmatched/map/?name={UNMATCHED_NAME}")
    assert refused.status_code == 403


def test_mapping_a_name_matches_every_installation_of_it(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)
    cycle = ReleaseCycle.objects.filter(product__slug="postgresql").order_by("position").first()
    first = client.get(f"/estate/unmatched/map/?name={UNMATCHED_NAME}&version=4.2")
    assert 'name="product"' in first.content.decode()

    response = client.post(
        "/estate/unmatched/map/",
        {"name": UNMATCHED_NAME, "version": "4.2", "product": "postgresql", "cycle": cycle.pk,
         "every_version": "on", "note": "The suite bundles its own database"},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    assert "it now matches 3 installations on 3 devices" in text(response)
    installations = Installation.objects.filter(software__name=UNMATCHED_NAME)
    assert installations.count() == 3
    assert {i.software.cycle_id for i in installations} == {cycle.pk}
    mapping = Mapping.objects.get()
    assert (mapping.name, mapping.version, mapping.cycle) == (UNMATCHED_NAME, "", cycle)
    assert UNMATCHED_NAME not in text(client.get("/estate/unmatched/"))


def test_mapping_to_a_cycle_of_another_product_is_refused(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    other = ReleaseCycle.objects.filter(product__slug="tomcat").first()

    response = client_for(estate_manager).post(
        "/estate/unmatched/map/",
        {"name": UNMATCHED_NAME, "version": "4.2", "product": "postgresql", "cycle": other.pk},
    )

    assert response.status_code == 422
    assert "There is a problem" in text(response)
    assert not Mapping.objects.exists()


# Imports


def test_an_uploaded_file_with_problems_is_refused_whole_and_writes_nothing(
    client_for: Callable[[Any], Client],
    estate_manager: Any,
    estate_lifecycle: Any,
    org: dict[str, Any],
) -> None:
    rows = [
        DISCOVERY_HEADINGS,
        ["GOOD-PC", "G1", "Microsoft Windows 10 Enterprise", "10.0.19045", "", "", "",
         "01/10/2026", "Finance"],
        ["", "", "Microsoft Windows 10 Enterprise", "", "7-Zip", "", "", "", "Finance"],
        ["PC0002", "", "", "", "", "", "", "not a date", "Finance"],
    ]  # fmt: skip

    response = client_for(estate_manager).post(
        "/estate/imports/new/",
        {"file": csv_upload("bad.csv", rows), "source": "Discovery", "supplier": "",
         "observed": "2026-10-01", "format": "auto"},
    )  # fmt: skip

    assert response.status_code == 422
    summary = words(response.content.decode().split("govuk-error-summary", 1)[1])
    assert "The file was refused: nothing was imported" in summary
    assert "row 3" in summary and "row 4, column Last Seen" in summary
    assert (Device.objects.count(), Installation.objects.count(), Source.objects.count()) == (
        0, 0, 0,
    )  # fmt: skip
    refused = ImportBatch.objects.get()  # kept in the history, with every problem
    assert refused.outcome == "refused"
    batch_page = text(client_for(estate_manager).get(f"/estate/imports/{refused.pk}/"))
    assert "Refused" in batch_page and "row 4, column Last Seen" in batch_page


def test_an_uploaded_file_is_checked_by_a_dry_run_then_imported(
    client_for: Callable[[Any], Client],
    estate_manager: Any,
    estate_lifecycle: Any,
    org: dict[str, Any],
) -> None:
    client = client_for(estate_manager)
    rows = [
        DISCOVERY_HEADINGS,
        ["GOOD-PC", "G1", "Microsoft Windows 10 Enterprise", "10.0.19045.3803",
         "Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0", "01/10/2026",
         "Finance"],
    ]  # fmt: skip
    form = {"source": "Discovery", "supplier": "", "observed": "2026-10-01", "format": "auto"}

    dry = client.post("/estate/imports/new/",
                      {**form, "file": csv_upload("fleet.csv", rows), "dry_run": "on"})  # fmt: skip
    assert dry.status_code == 200
    assert "Dry run: nothing was written" in text(dry)
    assert "would add 1 device" in text(dry)
    assert not Device.objects.exists() and not ImportBatch.objects.exists()

    done = client.post("/estate/imports/new/", {**form, "file": csv_upload("fleet.csv", rows)})

    batch = ImportBatch.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/estate/imports/{batch.pk}/"
    assert Device.objects.get().hostname == "GOOD-PC"
    assert batch.source.name == "Discovery" and batch.imported_by == estate_manager
    assert "1 new, 0 updated" in text(client.get(done["Location"]))


def test_the_import_history_lists_imports_and_refusals(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    page = text(client_for(estate_manager).get("/estate/imports/"))

    assert "discovery.csv" in page and "acme-return.csv" in page
    assert "Imported" in page


# Supplier returns


def test_asking_for_a_supplier_return_downloads_the_workbook_and_records_it(
    client_for: Callable[[Any], Client],
    estate_manager: Any,
    estate_data: dict[str, Any],
    tmp_path: Path,
) -> None:
    client = client_for(estate_manager)
    acme = estate_data["supplier_a"]

    response = client.post("/estate/returns/ask/", {"supplier": acme.pk, "due_in_days": "14"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "return.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("Device Name", "Serial Number", "Asset Tag")
    assert {row[0] for row in rows[3:]} == {"acme-web-01", "acme-web-02", "sql01.acme.local"}
    asked = SupplierReturn.objects.get()
    assert asked.due_on == estate_data["today"] + datetime.timedelta(days=14)
    page = text(client.get("/estate/returns/"))
    assert "Acme Hosting" in page and "Awaited" in page


def test_an_overdue_return_is_flagged_and_a_received_one_links_its_import(
    client_for: Callable[[Any], Client], estate_viewer: Any, estate_data: dict[str, Any]
) -> None:
    today = estate_data["today"]
    batch = ImportBatch.objects.get(source__name="Acme return")
    record_create(model=SupplierReturn, user=SYSTEM,
                  data={"supplier": estate_data["supplier_b"], "requested_on": today,
                        "due_on": today - datetime.timedelta(days=1)})  # fmt: skip
    record_create(model=SupplierReturn, user=SYSTEM,
                  data={"supplier": estate_data["supplier_a"], "requested_on": today,
                        "due_on": today, "received": batch})  # fmt: skip

    html = client_for(estate_viewer).get("/estate/returns/").content.decode()

    assert "Overdue" in words(html)
    assert "1 awaited, 1 overdue ." in words(html)  # the received return is not awaited
    assert f'href="/estate/imports/{batch.pk}/"' in html
    assert "Ask a supplier for a return" not in html  # a viewer may not ask


# Applications


def test_an_application_is_added_with_its_devices_and_software(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)

    response = client.post(
        "/estate/applications/add/",
        {"name": "Revenues and benefits", "description": "", "owner": "",
         "department": estate_data["resources"].pk, "criticality": "critical",
         "hosting": "on_premises", "supplier": "",
         "device_names": "sql01\nCZ0002\n", "software_names": UNMATCHED_NAME},
    )  # fmt: skip

    application = Application.objects.get()
    assert response.status_code == 302
    assert sorted(d.identifier for d in application.devices.all()) == [
        "PC0002.corp.example", "sql01.acme.local",
    ]  # fmt: skip
    assert [s.name for s in application.software.all()] == [UNMATCHED_NAME]
    page = text(client.get(application.get_absolute_url()))
    sql = estate_data["devices"]["sql01"]
    assert "sql01.acme.local" in page and status_today(os_cycle(sql)) in page
    assert "Revenues and benefits" in text(client.get(f"/estate/devices/{sql.pk}/"))


def test_an_application_naming_an_unknown_device_is_refused(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    response = client_for(estate_manager).post(
        "/estate/applications/add/",
        {"name": "Ghost", "criticality": "low", "hosting": "saas", "device_names": "NOPE-01"},
    )

    assert response.status_code == 422
    assert "No device is known as NOPE-01" in text(response)
    assert not Application.objects.exists()


# Settings


def test_the_stale_period_is_set_on_the_settings_page_created_when_missing(
    client_for: Callable[[Any], Client], estate_manager: Any, estate_data: dict[str, Any]
) -> None:
    client = client_for(estate_manager)
    assert "90 days" in text(client.get("/estate/settings/"))

    response = client.post("/estate/settings/", {"stale_after_days": "500"})

    assert response.status_code == 302
    assert EstateSettings.objects.get().stale_after_days == 500
    assert listed_devices(client.get("/estate/devices/?stale=true")) == []
    again = client.post(
        "/estate/settings/",
        {"stale_after_days": "30", "version": EstateSettings.objects.get().version},
    )
    assert again.status_code == 302
    assert EstateSettings.objects.count() == 1
    assert "Stale after days: 500 → now 30" in text(client.get("/estate/settings/")).replace(
        "was ", ""
    )
