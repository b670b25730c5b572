"""Reading inventory files of every format into observations, from the shared real samples and
from files built here in the shapes the real tools write."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tracemalloc

import openpyxl
import pytest

from govdx.domain.estate.formats import InventoryFormat, detect_format, parse_kind, read_inventory
from govdx.domain.estate.observations import Change, DeviceFacts, DeviceKind, SoftwareFacts
from govdx.domain.tabular import ImportProblems, ParseError, Problem

OBOM = "cyclonedx-1.5-cdxgen-windows-obom.trimmed.json"
SYFT_IMAGE = "spdx-2.3-syft-image.golden.json"
SPDX_EXAMPLE = "spdx-2.3-spec-example.packages-only.json"
FLEET = "osquery-fleet-macos-snapshot.trimmed.json"
TODAY = datetime.date(2026, 3, 10)


def write_csv(tmp_path, rows, name="inventory.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)
    return path


def write_lines(tmp_path, records, name="osqueryd.results.log"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def header(samples_dir, name):
    return (samples_dir / "headers" / name).read_text(encoding="utf-8").strip().split(",")


def refused(source, **options):
    """The problems a refused file gives, having checked that nothing was emitted before."""
    emitted = []
    with pytest.raises(ImportProblems) as caught:
        for observation in read_inventory(source, **options):
            emitted.append(observation)
    assert emitted == []
    return caught.value.problems


# --- problems placed by element ------------------------------------------------------------


def test_a_problem_placed_by_element_reads_as_the_element_then_the_message():
    assert str(Problem(None, None, "this component has no name", element="components[3]")) == (
        "components[3]: this component has no name"
    )
    assert str(Problem(4, "Last seen", "bad")) == "row 4, column Last seen: bad"
    assert Problem(4, None, "bad") == Problem(4, None, "bad", element=None)


# --- spreadsheets --------------------------------------------------------------------------


def test_supplier_server_return_with_title_rows_reads_day_first_dates(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["Supplier X \u2014 server estate return"],
            ["Returned: 03/10/2026"],
            [],
            [
                "Server Name", "Serial No", "Asset Tag", "Operating System", "OS Version",
                "Location", "Installed Software", "Software Vendor", "Software Version",
                "Last Audit Date",
            ],
            [
                "SRV-FIN-01", "CZ1234ABCD", "NC-00123", "Windows Server 2016 Standard",
                "10.0.14393", "Leeds DC", "Microsoft SQL Server 2016", "Microsoft Corporation",
                "13.0.5026.0", "01/02/2026",
            ],
            [
                "SRV-FIN-01", "CZ1234ABCD", "NC-00123", "Windows Server 2016 Standard",
                "10.0.14393", "Leeds DC", "", "", "", "01/02/2026",
            ],
        ],
    )  # fmt: skip

    first, second = read_inventory(path)

    assert first.place == "row 5"
    assert first.device == DeviceFacts(
        hostname="SRV-FIN-01",
        serial="CZ1234ABCD",
        asset_tag="NC-00123",
        os_name="Windows Server 2016 Standard",
        os_version="10.0.14393",
        location="Leeds DC",
        last_seen=datetime.date(2026, 2, 1),
    )
    assert first.software == SoftwareFacts(
        "Microsoft SQL Server 2016", "Microsoft Corporation", "13.0.5026.0"
    )
    assert first.problems == ()
    assert second.software is None  # a row with the software blank describes the device
    assert second.place == "row 6"


def test_intune_discovered_apps_export_imports_as_it_is(samples_dir, tmp_path):
    headings = header(samples_dir, "intune-AppInvRawData.header.csv")
    rows = [
        {
            "ApplicationKey": "0000f1a2b3",
            "ApplicationName": "Google Chrome",
            "ApplicationPublisher": "Google LLC",
            "ApplicationShortVersion": "122.0",
            "ApplicationVersion": "122.0.6261.112",
            "DeviceId": "6f1c2d3e-0000-4a5b-9c8d-112233445566",
            "DeviceName": "LT-HR-0042",
            "OSDescription": "Microsoft Windows 10 Enterprise",
            "OSVersion": "10.0.19045.3803",
            "Platform": "Windows",
            "UserId": "a1b2c3d4-0000-4000-8000-000000000001",
            "EmailAddress": "sam.jones@example.gov.uk",
            "UserName": "Sam Jones",
        },
        {
            "ApplicationKey": "0000f1a2b4",
            "ApplicationName": "7-Zip 23.01 (x64)",
            "ApplicationPublisher": "Igor Pavlov",
            "ApplicationShortVersion": "23.01",
            "ApplicationVersion": "23.01",
            "DeviceId": "7a2b3c4d-0000-4a5b-9c8d-112233445577",
            "DeviceName": "LT-HR-0043",
            "OSDescription": "Microsoft Windows 10 Enterprise",
            "OSVersion": "10.0.19045.3803",
            "Platform": "Windows",
            "UserId": "a1b2c3d4-0000-4000-8000-000000000002",
            "EmailAddress": "ali.khan@example.gov.uk",
            "UserName": "Ali Khan",
        },
    ]
    path = write_csv(tmp_path, [headings, *([row[h] for h in headings] for row in rows)])

    chrome, zip_tool = read_inventory(path, observed=TODAY)

    assert chrome.device == DeviceFacts(
        hostname="LT-HR-0042",
        os_name="Microsoft Windows 10 Enterprise",
        os_version="10.0.19045.3803",
        last_seen=TODAY,
    )
    assert chrome.software == SoftwareFacts("Google Chrome", "Google LLC", "122.0.6261.112")
    assert zip_tool.device.hostname == "LT-HR-0043"
    assert zip_tool.software == SoftwareFacts("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01")
    assert chrome.problems == zip_tool.problems == ()


def test_lansweeper_report_takes_manufacturer_as_the_hardware_maker(samples_dir, tmp_path):
    headings = header(samples_dir, "lansweeper-software-by-asset.header.csv")
    path = write_csv(
        tmp_path,
        [
            headings,
            [
                "PC0042", "NORTHSHIRE", "10.20.30.40", "Win 10", "0", "Dell Inc.",
                "OptiPlex 7080", "Adobe Acrobat Reader DC", "23.008.20470", "Adobe Systems",
                "2024-03-01 10:22:00",
            ],
        ],
    )  # fmt: skip

    (observation,) = read_inventory(path)

    assert observation.device == DeviceFacts(
        hostname="PC0042",
        manufacturer="Dell Inc.",
        model="OptiPlex 7080",
        os_name="Win 10",
        last_seen=datetime.date(2024, 3, 1),
    )
    assert observation.software == SoftwareFacts(
        "Adobe Acrobat Reader DC", "Adobe Systems", "23.008.20470"
    )


def test_configmgr_installed_software_needs_the_host_it_came_from(samples_dir, tmp_path):
    headings = header(samples_dir, "configmgr-SMS_InstalledSoftware.header.csv")
    values = {
        "ARPDisplayName": "Notepad++ (64-bit x64)",
        "ProductName": "Notepad++",
        "ProductVersion": "8.6.4",
        "Publisher": "Notepad++ Team",
    }
    only_product = {"ProductName": "Microsoft Visual C++ 2019 X64 Minimum Runtime"}
    path = write_csv(
        tmp_path,
        [
            headings,
            [values.get(h, "") for h in headings],
            [only_product.get(h, "") for h in headings],
        ],
    )

    (problem,) = refused(path)
    assert "Host name" in problem.message and "Serial number" in problem.message

    notepad, runtime = read_inventory(path, hostname="SRV-APP-07")
    assert notepad.device.hostname == runtime.device.hostname == "SRV-APP-07"
    assert notepad.software == SoftwareFacts("Notepad++ (64-bit x64)", "Notepad++ Team", "8.6.4")
    assert runtime.software == SoftwareFacts("Microsoft Visual C++ 2019 X64 Minimum Runtime")


def test_workbook_with_title_row_reads_kinds_date_cells_and_iso_date_times(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Northshire estate, March 2026"])
    sheet.append(["Hostname", "Device type", "Make", "Model", "Last seen", "Department"])
    sheet.append(["esx-01", "ESXi host", "HPE", "ProLiant DL380", "2024-03-01T10:22:00Z", "DDaT"])
    sheet.append(["ws-7", "Workstation", "Lenovo", "ThinkCentre", datetime.date(2024, 2, 29), ""])
    path = tmp_path / "estate.xlsx"
    workbook.save(path)

    hypervisor, desktop = read_inventory(path)

    assert hypervisor.place == "row 3"
    assert hypervisor.device == DeviceFacts(
        hostname="esx-01",
        kind=DeviceKind.HYPERVISOR,
        manufacturer="HPE",
        model="ProLiant DL380",
        department="DDaT",
        last_seen=datetime.date(2024, 3, 1),
    )
    assert desktop.device.kind is DeviceKind.DESKTOP
    assert desktop.device.last_seen == datetime.date(2024, 2, 29)


def test_row_problems_are_placed_on_their_rows_and_reading_goes_on(tmp_path):
    path = write_csv(
        tmp_path,
        [
            ["Host name", "Serial number", "Type", "Software", "Version", "Last seen"],
            ["pc-1", "", "Laptop", "Zoom", "5.17", "31/12/2024"],
            ["", "", "Laptop", "Zoom", "5.17", "31/12/2024"],
            ["pc-3", "", "Toaster", "Zoom", "5.17", "31/13/2024"],
            ["pc-4", "", "", "", "5.17", ""],
            ["pc-5", "", "Desktop", "Zoom", "5.17", "02/01/2025"],
        ],
    )

    observations = list(read_inventory(path))

    assert [o.place for o in observations] == ["row 2", "row 3", "row 4", "row 5", "row 6"]
    good, nameless, badly_typed, versionless_name, last = observations
    assert good.problems == last.problems == ()
    assert nameless.problems == (
        Problem(3, None, "nothing here names the device: give a host name, serial number or "
                "asset tag"),
    )  # fmt: skip
    (kind, date) = badly_typed.problems
    assert (kind.row, kind.column) == (4, "Type")
    assert "\u201cToaster\u201d is not a kind of device" in kind.message
    assert "server, desktop, laptop" in kind.message and "cloud instance" in kind.message
    assert (date.row, date.column) == (4, "Last seen")
    assert "there is no month 13" in date.message
    assert versionless_name.software is None
    assert versionless_name.problems == (
        Problem(5, None, "software details are given but not the software\u2019s name"),
    )
    assert last.device.last_seen == datetime.date(2025, 1, 2)


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Server", DeviceKind.SERVER),
        ("Physical server", DeviceKind.SERVER),
        ("Workstation", DeviceKind.DESKTOP),
        ("Notebook", DeviceKind.LAPTOP),
        ("Dell laptop", DeviceKind.LAPTOP),
        ("Tablet", DeviceKind.MOBILE),
        ("Mobile phone", DeviceKind.MOBILE),
        ("Firewall", DeviceKind.NETWORK),
        ("Core switch", DeviceKind.NETWORK),
        ("SAN", DeviceKind.STORAGE),
        ("NAS", DeviceKind.STORAGE),
        ("ESXi host", DeviceKind.HYPERVISOR),
        ("VM", DeviceKind.VIRTUAL_MACHINE),
        ("Virtual server", DeviceKind.VIRTUAL_MACHINE),
        ("virtual_machine", DeviceKind.VIRTUAL_MACHINE),
        ("EC2", DeviceKind.CLOUD_INSTANCE),
        ("Azure VM", DeviceKind.CLOUD_INSTANCE),
        ("Hyper-V host (production)", DeviceKind.HYPERVISOR),  # a phrase inside longer text
        ("HP thin client", DeviceKind.DESKTOP),
        ("", None),
    ],
)
def test_device_kinds_are_read_from_the_words_people_write(written, kind):
    assert parse_kind(written) is kind


def test_an_unknown_device_kind_lists_the_kinds_accepted():
    with pytest.raises(ParseError, match="not a kind of device; write one of: server, desktop"):
        parse_kind("Printer")


def test_a_file_object_is_read_from_where_it_stands_even_when_it_cannot_seek(tmp_path):
    data = b"Host name,Software\r\npc-1,Zoom\r\n"

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    (from_pipe,) = read_inventory(io.BufferedReader(Pipe()), filename="pipe.csv")
    upload = io.BytesIO(b"ignored preamble" + data)
    upload.seek(len(b"ignored preamble"))
    (from_upload,) = read_inventory(upload, filename="upload.csv")

    assert from_pipe.device.hostname == from_upload.device.hostname == "pc-1"
    assert from_pipe.software == from_upload.software == SoftwareFacts("Zoom")
    assert not upload.closed


def test_a_large_csv_is_streamed_not_held_in_memory(tmp_path):
    rows = 200_000
    path = tmp_path / "large.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("Estate export\r\n")
        file.write(
            "Host name,Serial number,Operating system,Software,Publisher,Version,Last seen\r\n"
        )
        for number in range(rows):
            file.write(
                f"PC{number // 10:06d},SN{number // 10:08d},Microsoft Windows 11 Enterprise,"
                f"Product {number % 97},Publisher {number % 13},1.{number % 50}.0,01/03/2026\r\n"
            )
    assert path.stat().st_size > 15 * 1024 * 1024  # its rows as Python objects: far over 50 MiB

    tracemalloc.start()
    try:
        count = sum(1 for observation in read_inventory(path) if not observation.problems)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == rows
    assert peak < 50 * 1024 * 1024


# --- CycloneDX -----------------------------------------------------------------------------


def test_cdxgen_windows_obom_gives_the_operating_system_and_its_programs(samples_dir):
    observations = list(read_inventory(samples_dir / OBOM, hostname="WIN11-DEV"))

    device = DeviceFacts(
        hostname="WIN11-DEV",
        os_name="Microsoft+Windows+11+Pro",
        os_version="22H2",
        last_seen=datetime.date(2023, 8, 31),
    )
    assert all(o.device == device and o.problems == () for o in observations)
    places = [o.place for o in observations]
    assert places == ["metadata.component", *(f"components[{i}]" for i in range(7))]
    assert observations[0].software == SoftwareFacts(
        "Microsoft+Windows+11+Pro",
        "Microsoft",
        "22H2",
        purl="pkg:swid/Microsoft%2BWindows%2B11%2BPro@22H2",
    )
    software = {o.software.name: o.software for o in observations}
    assert software["Git"] == SoftwareFacts(
        "Git", "The Git Development Community", "2.41.0.2", purl="pkg:swid/Git@2.41.0.2"
    )
    assert software["Java(TM)+SE+Development+Kit+20.0.2+(64-bit)"].publisher == (
        "Oracle Corporation"
    )
    assert software["pip"].publisher is None  # cdxgen writes "" for none
    assert software["pip"].purl.startswith("pkg:pypi/pip@23.1.2")


def test_an_obom_naming_only_its_operating_system_is_refused_without_a_host_name(samples_dir):
    (problem,) = refused(samples_dir / OBOM)

    assert problem.element == "metadata.component"
    assert "does not say which device it describes" in problem.message
    assert "give the host name" in problem.message


CYCLONEDX_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"
     serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79">
  <metadata>
    <timestamp>2026-02-14T09:30:00Z</timestamp>
    <component type="device">
      <supplier><name>Dell Inc.</name></supplier>
      <name>LON-WS-0042</name>
      <properties>
        <property name="cdx:device:serialNumber">5CG1234XYZ</property>
        <property name="hardware_model">Latitude 5440</property>
        <property name="asset_tag">NC-04242</property>
      </properties>
    </component>
  </metadata>
  <components>
    <component type="operating-system">
      <publisher>Microsoft Corporation</publisher>
      <name>Microsoft Windows 11 Enterprise</name>
      <version>10.0.22631</version>
    </component>
    <component type="application">
      <supplier><name>Mozilla</name></supplier>
      <name>Firefox</name>
      <version>115.8.0esr</version>
      <cpe>cpe:2.3:a:mozilla:firefox_esr:115.8.0:*:*:*:*:*:*:*</cpe>
      <components>
        <component type="library">
          <author>NSS team</author>
          <name>nss</name>
          <version>3.90</version>
          <purl>pkg:generic/nss@3.90</purl>
        </component>
      </components>
    </component>
    <component type="file">
      <name>readme.txt</name>
    </component>
  </components>
</bom>
"""


def test_cyclonedx_xml_gives_the_device_and_nested_components(tmp_path):
    path = tmp_path / "bom.xml"
    path.write_text(CYCLONEDX_XML, encoding="utf-8")

    observations = list(read_inventory(path))

    device = DeviceFacts(
        hostname="LON-WS-0042",
        serial="5CG1234XYZ",
        asset_tag="NC-04242",
        manufacturer="Dell Inc.",
        model="Latitude 5440",
        os_name="Microsoft Windows 11 Enterprise",
        os_version="10.0.22631",
        last_seen=datetime.date(2026, 2, 14),
    )
    assert all(o.device == device and o.problems == () for o in observations)
    assert [(o.place, o.software) for o in observations] == [
        ("bom/metadata/component (line 6)", None),
        (
            "bom/components/component[1] (line 17)",
            SoftwareFacts("Microsoft Windows 11 Enterprise", "Microsoft Corporation", "10.0.22631"),
        ),
        (
            "bom/components/component[2] (line 22)",
            SoftwareFacts(
                "Firefox",
                "Mozilla",
                "115.8.0esr",
                cpe="cpe:2.3:a:mozilla:firefox_esr:115.8.0:*:*:*:*:*:*:*",
            ),
        ),
        (
            "bom/components/component[2]/components/component[1] (line 28)",
            SoftwareFacts("nss", "NSS team", "3.90", purl="pkg:generic/nss@3.90"),
        ),
    ]  # the file component is not software


def test_cyclonedx_json_with_a_device_component_reads_like_the_xml(tmp_path):
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {
            "component": {
                "type": "device",
                "name": "srv-web-02",
                "manufacturer": {"name": "HPE"},
            },
            "properties": [{"name": "serialNumber", "value": "CZJ0001"}],
        },
        "components": [
            {
                "type": "framework",
                "name": "nginx",
                "version": "1.24.0",
                "authors": [{"name": "F5"}],
                "components": [{"type": "firmware", "name": "iLO 5", "version": "2.81"}],
            }
        ],
    }
    path = tmp_path / "bom.cdx.json"
    path.write_text(json.dumps(bom), encoding="utf-8")

    device, nginx, ilo = read_inventory(path, observed=TODAY)

    assert device.device == DeviceFacts(
        hostname="srv-web-02", serial="CZJ0001", manufacturer="HPE", last_seen=TODAY
    )
    assert nginx.software == SoftwareFacts("nginx", "F5", "1.24.0")
    assert (ilo.place, ilo.software) == (
        "components[0].components[0]",
        SoftwareFacts("iLO 5", version="2.81"),
    )


def test_cyclonedx_components_without_name_or_type_are_all_named(tmp_path):
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.4",
        "metadata": {"component": {"type": "device", "name": "pc-1"}},
        "components": [
            {"type": "library", "name": "ok"},
            {"type": "library", "version": "1.0"},
            {"name": "typeless", "components": [{"type": "application"}]},
        ],
    }
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom), encoding="utf-8")

    problems = refused(path)

    assert [(p.element, p.message) for p in problems] == [
        ("components[1]", "this component has no name"),
        ("components[2]", "this component has no type"),
        ("components[2].components[0]", "this component has no name"),
    ]


def test_malformed_cyclonedx_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "bom.json"
    path.write_text('{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5"\n  "components": []\n}')
    (problem,) = refused(path)
    assert problem.element == "line 4"
    assert "bom.json is not valid JSON: Expecting ',' delimiter" in problem.message

    xml = tmp_path / "bom.xml"
    xml.write_text(CYCLONEDX_XML.replace("</metadata>", "</metadat>"), encoding="utf-8")
    (problem,) = refused(xml)
    assert problem.element == "line 15"
    assert "bom.xml is not well-formed XML: mismatched tag" in problem.message

    old = tmp_path / "old.json"
    old.write_text('{"bomFormat": "CycloneDX", "specVersion": "1.1"}')
    (problem,) = refused(old)
    assert (problem.element, problem.message) == (
        "specVersion",
        "old.json: the CycloneDX version is \u201c1.1\u201d; govdx reads CycloneDX 1.2 to 1.6",
    )


BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE bom [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5">
  <metadata><component type="device"><name>&lol4;</name></component></metadata>
</bom>
"""
EXTERNAL_ENTITY = """\
<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5">
  <metadata><component type="device"><name>&secret;</name></component></metadata>
</bom>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["expansion", "external"])
def test_cyclonedx_xml_with_entities_is_refused_before_anything_is_read(tmp_path, text):
    path = tmp_path / "bom.xml"
    path.write_text(text, encoding="utf-8")

    (problem,) = refused(path)

    assert "declares a document type or entities, which are refused" in problem.message


# --- SPDX ----------------------------------------------------------------------------------


def test_syft_image_sbom_takes_the_image_as_the_device(samples_dir):
    device, first, second = read_inventory(samples_dir / SYFT_IMAGE, observed=TODAY)

    facts = DeviceFacts(hostname="user-image-input", last_seen=TODAY)
    assert device.device == first.device == second.device == facts
    assert (device.place, device.software) == ("packages[2]", None)  # the image is not software
    assert first.software == SoftwareFacts(
        "package-1",
        version="1.0.1",
        purl="a-purl-1",
        cpe="cpe:2.3:*:some:package:1:*:*:*:*:*:*:*",
    )
    assert second.software == SoftwareFacts(
        "package-2",
        version="2.0.1",
        purl="pkg:deb/debian/package-2@2.0.1",
        cpe="cpe:2.3:*:some:package:2:*:*:*:*:*:*:*",
    )
    # The golden file's creation time is "redacted": the day seen is the caller's `observed`.
    assert device.problems == first.problems == second.problems == ()


def test_spdx_example_takes_the_document_as_the_device_and_every_package_as_software(
    samples_dir,
):
    device, *packages = read_inventory(samples_dir / SPDX_EXAMPLE)

    facts = DeviceFacts(hostname="SPDX-Tools-v2.0", last_seen=datetime.date(2010, 1, 29))
    assert device.device == facts and device.software is None and device.problems == ()
    assert [p.software for p in packages] == [
        SoftwareFacts(
            "glibc",
            "Jane Doe",
            "2.11.1",
            cpe="cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*",
        ),
        SoftwareFacts("Apache Commons Lang"),
        SoftwareFacts(
            "Jena", version="3.12.0", purl="pkg:maven/org.apache.jena/apache-jena@3.12.0"
        ),
        SoftwareFacts("Saxon", version="8.8"),
    ]
    assert [p.place for p in packages] == [f"packages[{i}]" for i in range(4)]


def test_spdx_suppliers_lose_their_label_and_contact_and_an_os_package_sets_the_os(tmp_path):
    document = {
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "vm-build-17",
        "creationInfo": {"created": "2026-01-05T08:00:00Z", "creators": ["Tool: x"]},
        "packages": [
            {
                "SPDXID": "SPDXRef-os",
                "name": "ubuntu",
                "versionInfo": "22.04",
                "primaryPackagePurpose": "OPERATING-SYSTEM",
                "supplier": "Organization: Canonical Ltd. (ops@canonical.example)",
            },
            {
                "SPDXID": "SPDXRef-openssl",
                "name": "openssl",
                "versionInfo": "3.0.2-0ubuntu1.15",
                "originator": "Organization: OpenSSL ()",
                "externalRefs": [
                    {
                        "referenceCategory": "PACKAGE_MANAGER",
                        "referenceType": "purl",
                        "referenceLocator": "pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15",
                    }
                ],
            },
        ],
    }
    path = tmp_path / "vm.spdx.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    device, ubuntu, openssl = read_inventory(path)

    assert device.device == DeviceFacts(
        hostname="vm-build-17",
        os_name="ubuntu",
        os_version="22.04",
        last_seen=datetime.date(2026, 1, 5),
    )
    assert ubuntu.software == SoftwareFacts("ubuntu", "Canonical Ltd.", "22.04")
    assert openssl.software == SoftwareFacts(
        "openssl", "OpenSSL", "3.0.2-0ubuntu1.15", purl="pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.15"
    )


def test_spdx_packages_without_name_are_refused_and_other_versions_too(tmp_path):
    path = tmp_path / "bad.spdx.json"
    path.write_text(
        json.dumps(
            {
                "spdxVersion": "SPDX-2.3",
                "name": "doc",
                "packages": [{"SPDXID": "SPDXRef-a", "name": "a"}, {"SPDXID": "SPDXRef-b"}],
            }
        )
    )
    assert [(p.element, p.message) for p in refused(path)] == [
        ("packages[1]", "this package has no name")
    ]

    path.write_text(json.dumps({"spdxVersion": "SPDX-3.0", "name": "doc"}))
    (problem,) = refused(path)
    assert problem.message == "bad.spdx.json is SPDX-3.0; govdx reads SPDX 2.2 and 2.3 JSON"


# --- osquery -------------------------------------------------------------------------------

DECORATIONS = {"hostname": "lon-ws-0042.corp.example", "hardware_serial": "5CG1234XYZ"}


def test_osqueryd_event_log_reads_added_and_removed_programs(tmp_path):
    path = write_lines(
        tmp_path,
        [
            {
                "name": "pack_inventory_programs",
                "hostIdentifier": "LON-WS-0042",
                "calendarTime": "Tue Mar  3 09:15:02 2026 UTC",
                "unixTime": 1772529302,
                "epoch": 0,
                "counter": 1,
                "numerics": False,
                "decorations": DECORATIONS,
                "columns": {
                    "name": "Mozilla Firefox (x64 en-GB)",
                    "version": "123.0.1",
                    "publisher": "Mozilla",
                    "install_location": "C:\\Program Files\\Mozilla Firefox",
                },
                "action": "added",
            },
            {
                "name": "pack_inventory_programs",
                "hostIdentifier": "LON-WS-0042",
                "calendarTime": "Tue Mar  3 09:15:02 2026 UTC",
                "unixTime": "1772529302",
                "decorations": DECORATIONS,
                "columns": {"name": "Mozilla Firefox (x64 en-GB)", "version": "122.0"},
                "action": "removed",
            },
        ],
    )

    added, removed = read_inventory(path)

    device = DeviceFacts(
        hostname="lon-ws-0042.corp.example",
        serial="5CG1234XYZ",
        last_seen=datetime.date(2026, 3, 3),
    )
    assert (added.place, added.device, added.change) == ("line 1", device, Change.ADDED)
    assert added.software == SoftwareFacts("Mozilla Firefox (x64 en-GB)", "Mozilla", "123.0.1")
    assert (removed.place, removed.change) == ("line 2", Change.REMOVED)
    assert removed.software == SoftwareFacts("Mozilla Firefox (x64 en-GB)", version="122.0")


def test_osqueryd_snapshot_log_reads_the_device_tables_and_packages(tmp_path):
    path = write_lines(
        tmp_path,
        [
            {
                "snapshot": [
                    {
                        "hostname": "web-01",
                        "computer_name": "web-01",
                        "hardware_vendor": "Dell Inc.",
                        "hardware_model": "PowerEdge R650",
                        "hardware_serial": "7XK1D93",
                        "uuid": "4c4c4544-0058-4b10-8031-b7c04f443933",
                    }
                ],
                "action": "snapshot",
                "name": "pack/inventory/system_info",
                "hostIdentifier": "4c4c4544-0058-4b10-8031-b7c04f443933",
                "calendarTime": "Wed Mar  4 02:00:00 2026 UTC",
            },
            {
                "snapshot": [
                    {"name": "Ubuntu", "version": "22.04.4 LTS (Jammy Jellyfish)", "major": "22",
                     "minor": "4", "patch": "0", "build": "", "platform": "ubuntu"},
                ],
                "action": "snapshot",
                "name": "os",
                "decorations": {"hostname": "web-01"},
                "unixTime": 1772589600,
            },
            {
                "snapshot": [
                    {"name": "openssl", "version": "3.0.2-0ubuntu1.15", "source": "",
                     "arch": "amd64", "maintainer": "Ubuntu Developers <ubuntu@example.org>"},
                    {"name": "", "version": "1.0", "maintainer": "nobody"},
                    {"name": "bash", "version": "5.1-6ubuntu1.1", "arch": "amd64",
                     "maintainer": "Ubuntu Developers <ubuntu@example.org>"},
                ],
                "action": "snapshot",
                "name": "pack_linux_deb_packages",
                "decorations": {"hostname": "web-01"},
                "unixTime": 1772589600,
            },
        ],
    )  # fmt: skip

    system, os_version, openssl, bash = read_inventory(path)

    assert system.place == "line 1, snapshot[0]"
    assert system.software is None
    assert system.device == DeviceFacts(
        hostname="4c4c4544-0058-4b10-8031-b7c04f443933",  # hostIdentifier, as configured
        serial="7XK1D93",
        manufacturer="Dell Inc.",
        model="PowerEdge R650",
        last_seen=datetime.date(2026, 3, 4),
    )
    assert os_version.device == DeviceFacts(
        hostname="web-01",
        os_name="Ubuntu",
        os_version="22.04.4 LTS (Jammy Jellyfish)",
        last_seen=datetime.date(2026, 3, 4),
    )
    assert openssl.software == SoftwareFacts(
        "openssl", "Ubuntu Developers <ubuntu@example.org>", "3.0.2-0ubuntu1.15"
    )
    assert bash.place == "line 3, snapshot[2]"  # the nameless package said nothing
    assert all(o.change is Change.SEEN for o in (system, os_version, openssl, bash))


def test_osqueryd_batch_log_reads_diff_results_with_rpm_releases(tmp_path):
    path = write_lines(
        tmp_path,
        [
            {
                "diffResults": {
                    "removed": [{"name": "openssl-libs", "version": "3.0.7", "release": "24.el9",
                                 "vendor": "Red Hat, Inc.", "arch": "x86_64"}],
                    "added": [{"name": "openssl-libs", "version": "3.0.7", "release": "25.el9_3",
                               "vendor": "Red Hat, Inc.", "arch": "x86_64"}],
                },
                "name": "rpm_packages",
                "hostIdentifier": "db-02",
                "calendarTime": "Thu Mar  5 11:00:00 2026 UTC",
                "unixTime": 1772708400,
            }
        ],
    )  # fmt: skip

    removed, added = read_inventory(path)

    assert (removed.place, removed.change) == ("line 1, diffResults.removed[0]", Change.REMOVED)
    assert removed.software == SoftwareFacts("openssl-libs", "Red Hat, Inc.", "3.0.7-24.el9")
    assert (added.place, added.change) == ("line 1, diffResults.added[0]", Change.ADDED)
    assert added.software == SoftwareFacts("openssl-libs", "Red Hat, Inc.", "3.0.7-25.el9_3")
    assert added.device.hostname == "db-02"


def test_osqueryd_records_without_a_host_or_time_carry_the_problem(tmp_path):
    path = write_lines(
        tmp_path,
        [
            {"name": "programs", "columns": {"name": "Zoom", "version": "5.17"}, "action": "added"},
            {"name": "programs", "hostIdentifier": "pc-2", "unixTime": "soon",
             "columns": {"name": "Zoom", "version": "5.17"}, "action": "added"},
            {"name": "processes", "hostIdentifier": "pc-2", "unixTime": 1772708400,
             "columns": {"name": "zoom.exe", "pid": "42"}, "action": "added"},
        ],
    )  # fmt: skip

    nameless, untimed = read_inventory(path, observed=TODAY)  # a process is not inventory

    assert nameless.problems == (
        Problem(None, None, "nothing here names the device: give a host name, serial number or "
                "asset tag", element="line 1"),
    )  # fmt: skip
    assert untimed.problems == (
        Problem(None, None, "unixTime \u201csoon\u201d is not a time osquery writes",
                element="line 2"),
    )  # fmt: skip
    assert untimed.device.last_seen == TODAY


def test_a_log_line_that_is_not_an_osquery_result_is_refused_by_its_line(tmp_path):
    path = tmp_path / "osqueryd.results.log"
    good = json.dumps(
        {"name": "programs", "hostIdentifier": "pc-1", "columns": {}, "action": "added"}
    )
    path.write_text(f"{good}\n\n{{not json\n", encoding="utf-8")

    with pytest.raises(ImportProblems) as caught:
        list(read_inventory(path))
    (problem,) = caught.value.problems
    assert problem.element == "line 3"
    assert "is not an osquery result log: this line is not JSON" in problem.message

    path.write_text(f'{good}\n{{"severity": 0, "message": "started"}}\n', encoding="utf-8")
    with pytest.raises(ImportProblems) as caught:
        list(read_inventory(path))
    assert str(caught.value) == (
        "line 2: this line is not an osquery result: it has no columns, snapshot or diffResults"
    )


def test_osqueryi_output_takes_its_host_from_system_info_or_the_caller(tmp_path):
    with_host = tmp_path / "system_info.json"
    with_host.write_text(
        json.dumps(
            [
                {"hostname": "mac-042", "computer_name": "Sam's MacBook", "hardware_vendor":
                 "Apple Inc.", "hardware_model": "MacBookPro18,3", "hardware_serial": "C02XY0ABCD"}
            ],
            indent=2,
        )
    )  # fmt: skip
    (system,) = read_inventory(with_host)
    assert system.device == DeviceFacts(
        hostname="mac-042", serial="C02XY0ABCD", manufacturer="Apple Inc.", model="MacBookPro18,3"
    )

    programs = tmp_path / "programs.json"
    programs.write_text(
        json.dumps([{"name": "7-Zip 23.01 (x64)", "version": "23.01", "publisher": "Igor Pavlov",
                     "install_location": "C:\\Program Files\\7-Zip\\"}], indent=2)
    )  # fmt: skip
    (problem,) = refused(programs)
    assert problem.message.startswith("osqueryi output does not say which host it describes")

    (program,) = read_inventory(programs, hostname="PC0042", observed=TODAY)
    assert (program.place, program.device) == (
        "[0]",
        DeviceFacts(hostname="PC0042", last_seen=TODAY),
    )
    assert program.software == SoftwareFacts("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01")


def test_fleet_software_snapshot_is_read_for_the_host_the_caller_names(samples_dir):
    (problem,) = refused(samples_dir / FLEET)
    assert "Fleet software snapshot" in problem.message

    device, *apps = read_inventory(samples_dir / FLEET, hostname="mac-vm-01")

    facts = DeviceFacts(
        hostname="mac-vm-01",
        os_name="macos",
        os_version="26.4",
        last_seen=datetime.date(2026, 4, 15),
    )
    assert device.device == facts and device.software is None
    assert len(apps) == 10 and all(app.device == facts for app in apps)
    software = {app.software.name: app.software for app in apps}
    assert software["Calculator.app"] == SoftwareFacts("Calculator.app", version="12.0")
    assert software["Claude Code URL Handler.app"].version is None


# --- telling formats apart -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "fmt"),
    [
        (OBOM, InventoryFormat.CYCLONEDX),
        (SYFT_IMAGE, InventoryFormat.SPDX),
        (SPDX_EXAMPLE, InventoryFormat.SPDX),
        (FLEET, InventoryFormat.OSQUERY),
        ("headers/intune-AppInvRawData.header.csv", InventoryFormat.CSV),
    ],
)
def test_samples_are_told_apart_by_their_first_bytes(samples_dir, sample, fmt):
    path = samples_dir / sample
    with path.open("rb") as file:
        assert detect_format(path.name, file.read(4096)) is fmt


@pytest.mark.parametrize(
    ("filename", "head", "fmt"),
    [
        ("bom.xml", CYCLONEDX_XML.encode(), InventoryFormat.CYCLONEDX),
        ("rows.json", b'[\n  {\n    "name": "bash"', InventoryFormat.OSQUERY),
        ("rows.json", b"[]", InventoryFormat.OSQUERY),
        ("osqueryd.results.log", b'{"name":"x","hostIdentifier":"h"', InventoryFormat.OSQUERY),
        ("results.log", b'{"snapshot":[{"name":"bash"}]', InventoryFormat.OSQUERY),
        ("upload", b'{"diffResults":{"added":[]}}', InventoryFormat.OSQUERY),
        ("estate.xlsx", b"", InventoryFormat.XLSX),
        ("upload", b"PK\x03\x04rest of a zip", InventoryFormat.XLSX),
        ("estate.csv", b"\xef\xbb\xbfHost name,Software\r\n", InventoryFormat.CSV),
        ("estate.txt", b"\xff\xfeH\x00o\x00s\x00t\x00", InventoryFormat.CSV),
        ("", b"", InventoryFormat.CSV),
    ],
)
def test_formats_are_told_apart_by_name_and_first_bytes(filename, head, fmt):
    assert detect_format(filename, head) is fmt


@pytest.mark.parametrize(
    ("sample", "said"),
    [
        ("glpi-inventory-computer_1.json", "a JSON document of a kind govdx does not know"),
        ("glpi-fusioninventory-windows81-fr.xml", "an XML document that is not a CycloneDX SBOM"),
        ("kev-subset.json", "a JSON document of a kind govdx does not know"),
    ],
)
def test_other_documents_are_refused_saying_what_is_accepted(samples_dir, sample, said):
    (problem,) = refused(samples_dir / sample)

    assert problem.message.startswith(f"{sample} is {said}. govdx reads a CSV or Excel")
    assert "CycloneDX" in problem.message and "SPDX" in problem.message
    assert "osquery" in problem.message


def test_spdx_tag_value_and_binary_files_are_refused():
    with pytest.raises(ImportProblems, match="SPDX tag-value; export the SBOM as SPDX JSON"):
        detect_format("sbom.spdx", b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n")
    with pytest.raises(ImportProblems, match=r"report\.pdf is not text"):
        detect_format("report.pdf", b"%PDF-1.7\n")
    with pytest.raises(ImportProblems, match="is not text"):
        detect_format("dump.bin", b"\x7fELF\x02\x01\x01\x00\x00")


def test_a_format_named_by_the_caller_is_not_second_guessed(tmp_path):
    path = write_csv(tmp_path, [["Hostname", "Software"], ["pc-1", "Zoom"]], name="export.json")

    (observation,) = read_inventory(path, "csv")

    assert observation.software == SoftwareFacts("Zoom")
