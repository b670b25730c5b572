"""`govdx estate ...` on the real database: the exact JSON contracts, messy real-world names
matched with no false end of life, lifecycle data from a file and from a web address, the
supplier return template, and `sync-risks` creating, updating and closing estate risks
without overwriting what a person changed."""

from __future__ import annotations

import datetime
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from govdx import cli
from govdx.core.permissions import SYSTEM
from govdx.estate.models import Application, EstateRisk, ImportBatch, Product, ReleaseCycle
from govdx.risk import services as risk_services
from govdx.risk.models import Risk, RiskLink
from tests.estate.support import lifecycle_subset, load_lifecycle, write_csv

AS_OF = "2026-11-29"
HEAD = ["Host Name", "Serial", "OS", "OS Version", "Application", "Vendor", "Version", "Last Seen"]

# name as inventories hold it, version, the endoflife.date product and cycle (None: no match)
MESSY = [
    (
        "Microsoft SQL Server 2014 (64-bit)",
        "Microsoft Corporation",
        "12.0.6024.0",
        "mssqlserver",
        "12.0-sp3",
    ),
    ("Java 8 Update 351", "Oracle Corporation", "8.0.3510.10", "oracle-jdk", "8"),
    (
        "Java(TM) SE Development Kit 17.0.6 (64-bit)",
        "Oracle Corporation",
        "17.0.6.0",
        "oracle-jdk",
        "17",
    ),
    ("Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0", "python", "3.8"),
    (
        "Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532",
        "Microsoft Corporation",
        "14.36.32532.0",
        None,
        None,
    ),
    (
        "Update for Microsoft Office 2016 (KB4484103) 64-Bit Edition",
        "Microsoft Corporation",
        "",
        None,
        None,
    ),
    ("Microsoft SQL Server 2012 Native Client", "Microsoft Corporation", "11.4.7462.6", None, None),
]
SYSTEMS = [
    ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600", "windows-server", "2012-r2"),
    ("Microsoft Windows 10 Enterprise", "10.0.19045", "windows", "10-22h2"),
    ("CentOS Linux 7 (Core)", "7.9.2009", "centos", "7"),
    ("VMware ESXi 6.7.0 build-17700523", "6.7.0", "esxi", "6.7"),
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def lifecycle(db: Any, tmp_path: Path) -> Any:
    return load_lifecycle(tmp_path)


@pytest.fixture
def messy_inventory(tmp_path: Path) -> Path:
    """One device per operating system, each running every messy name."""
    rows: list[list[str]] = [["Discovery export"], HEAD]
    for index, (system, os_version, _, _) in enumerate(SYSTEMS):
        for name, publisher, version, _, _ in MESSY:
            rows.append(
                [
                    f"HOST{index}.corp.example",
                    f"SN{index}",
                    system,
                    os_version,
                    name,
                    publisher,
                    version,
                    "01/11/2026",
                ]
            )
    return write_csv(tmp_path / "messy.csv", rows)


def test_import_json_contract_then_lifecycle_json_contract(
    lifecycle: Any, messy_inventory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys,
        "estate",
        "import",
        str(messy_inventory),
        "--source",
        "Discovery",
        "--observed",
        "2026-11-01",
        "--json",
    )

    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "devices": {"created": 4, "updated": 0},
        "installations": {"created": 28, "updated": 0, "unchanged": 0, "removed": 0},
        "problems": [],
    }

    status, out, _ = run(capsys, "estate", "lifecycle", "--as-of", AS_OF, "--json")

    report = json.loads(out)
    assert status == 0
    assert list(report) == [
        "as_of",
        "devices",
        "installations",
        "matched",
        "unmatched",
        "end_of_life",
        "ending_soon",
        "unmatched_top",
    ]
    assert (report["as_of"], report["devices"]) == (AS_OF, 4)
    assert report["installations"] == 28 + 4  # the operating systems count as installed
    assert report["unmatched"] == 3 * 4  # the redistributable, the KB update, the client
    end_of_life = {(e["product"], e["cycle"]): e for e in report["end_of_life"]}
    # every matched cycle is past its end of life on the as-of day (Oracle JDK 17's premier
    # support ended on 30 September 2026), and nothing unmatched is
    expected = {(p, c) for *_, p, c in MESSY + SYSTEMS if p}
    assert set(end_of_life) == expected, sorted(end_of_life)
    assert end_of_life[("windows-server", "2012-r2")] == {
        "product": "windows-server",
        "cycle": "2012-r2",
        "eol": "2023-10-10",
        "devices": 1,
        "installations": 1,
    }
    assert end_of_life[("mssqlserver", "12.0-sp3")]["devices"] == 4
    assert not any(e["product"] == "visual-studio" for e in report["end_of_life"])
    assert not any(e["product"] == "office" for e in report["end_of_life"])
    assert report["unmatched_top"][0]["devices"] == 4


def test_ending_soon_counts_cycles_whose_end_falls_within_the_days_given(
    lifecycle: Any, messy_inventory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "estate", "import", str(messy_inventory), "--source", "Discovery")
    eol = ReleaseCycle.objects.get(product__slug="oracle-jdk", name="17").eol_date
    before = (eol - datetime.timedelta(days=10)).isoformat()

    _, out, _ = run(
        capsys, "estate", "lifecycle", "--as-of", before, "--within-days", "10", "--json"
    )
    _, out_short, _ = run(
        capsys, "estate", "lifecycle", "--as-of", before, "--within-days", "9", "--json"
    )

    soon = {(e["product"], e["cycle"]) for e in json.loads(out)["ending_soon"]}
    assert ("oracle-jdk", "17") in soon
    assert ("oracle-jdk", "17") not in {
        (e["product"], e["cycle"]) for e in json.loads(out_short)["ending_soon"]
    }


def test_a_bad_file_exits_1_listing_every_problem_and_writes_nothing(
    lifecycle: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            HEAD,
            ["", "", "", "", "7-Zip", "", "", ""],
            ["PC1", "", "", "", "", "", "", "31/02/2026"],
        ],
    )

    status, _, err = run(capsys, "estate", "import", str(bad), "--source", "Discovery")

    assert status == 1
    assert "nothing was imported" in err
    assert "row 2: nothing here names the device" in err
    assert "row 3, column Last Seen" in err
    assert ImportBatch.objects.get().outcome == "refused"


def test_malicious_xml_is_refused_and_nothing_is_written(
    lifecycle: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bom.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><metadata><component type="device">'
        "<name>&lol2;</name></component></metadata></bom>",
        encoding="utf-8",
    )

    status, _, err = run(capsys, "estate", "import", str(bomb), "--source", "SBOM")

    assert status == 1
    assert "nothing was imported" in err


def test_lifecycle_data_load_and_update_from_a_web_address(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = lifecycle_subset(tmp_path, ["windows-server", "python"])

    status, out, _ = run(capsys, "estate", "lifecycle-data", "load", str(document), "--json")

    assert status == 0
    assert json.loads(out)["products"] == 2
    assert Product.objects.count() == 2

    with serve_file(lifecycle_subset(tmp_path, ["windows-server", "python", "centos"])) as url:
        status, out, _ = run(capsys, "estate", "lifecycle-data", "update", "--url", url, "--json")

    assert status == 0
    assert json.loads(out)["products"] == 3
    assert set(Product.objects.values_list("slug", flat=True)) == {
        "windows-server",
        "python",
        "centos",
    }


def test_lifecycle_data_update_without_a_network_says_so_and_keeps_what_was_loaded(
    lifecycle: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    products = Product.objects.count()

    status, _, err = run(
        capsys, "estate", "lifecycle-data", "update", "--url", "http://127.0.0.1:9/products/full"
    )

    assert status == 2
    assert "Could not fetch lifecycle data" in err
    assert Product.objects.count() == products


def test_a_malformed_lifecycle_file_is_refused_naming_the_place(
    db: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(lifecycle_subset(tmp_path, ["python"]).read_text())
    document["result"][0]["releases"][1]["eolFrom"] = "soon"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))

    status, _, err = run(capsys, "estate", "lifecycle-data", "load", str(bad))

    assert status == 1
    assert 'result[0].releases[1]: "eolFrom" is not a date' in err
    assert Product.objects.count() == 0


def test_template_writes_the_return_workbook(
    lifecycle: Any, org: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = org["supplier_a"].name
    path = tmp_path / "return.xlsx"

    status, out, _ = run(capsys, "estate", "template", "--supplier", name, str(path))
    missing, _, err = run(capsys, "estate", "template", "--supplier", "Nobody Ltd", str(path))

    assert status == 0 and path.is_file()
    assert "govdx estate import FILE" in out
    assert missing == 1 and "There is no supplier “Nobody Ltd”" in err


# --- sync-risks ---------------------------------------------------------------------------------


@pytest.fixture
def estate(lifecycle: Any, messy_inventory: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    risk_services.categories_load(user=SYSTEM)
    run(
        capsys,
        "estate",
        "import",
        str(messy_inventory),
        "--source",
        "Discovery",
        "--observed",
        "2026-11-01",
    )
    return messy_inventory


def test_sync_risks_creates_one_risk_per_end_of_life_cycle_with_its_evidence(
    estate: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    application = Application.objects.create(name="Revenues and Benefits", criticality="critical")
    from govdx.estate.models import Device

    application.devices.add(Device.objects.get(hostname_key="host0"))

    status, out, _ = run(capsys, "estate", "sync-risks", "--as-of", AS_OF, "--json")

    outcome = json.loads(out)
    assert status == 0
    assert len(outcome["created"]) == EstateRisk.objects.count() >= 5
    server = EstateRisk.objects.get(cycle__product__slug="windows-server", cycle__name="2012-r2")
    risk = server.risk
    assert risk.category.key == "technology"
    # one device (2), over a year past its end of life (+1); a critical application (5)
    assert (risk.inherent_likelihood, risk.inherent_impact) == (3, 5)
    assert server.evidence["devices"] == 1 and server.evidence["sources"] == ["Discovery"]
    assert server.evidence["applications"] == ["Revenues and Benefits"]
    linked = {str(link.target_type) for link in RiskLink.objects.filter(risk=risk)}
    assert linked == {"Estate | release cycle", "Estate | application"}

    _, out, _ = run(capsys, "estate", "sync-risks", "--as-of", AS_OF, "--json")

    assert json.loads(out)["created"] == [] and json.loads(out)["updated"] == []


def test_sync_never_overwrites_what_a_person_changed_and_closes_when_the_last_install_goes(
    estate: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "estate", "sync-risks", "--as-of", AS_OF)
    sql = EstateRisk.objects.get(cycle__product__slug="mssqlserver").risk
    risk_services.risk_update(
        instance=sql,
        data={"current_likelihood": 1, "current_impact": 2},
        user=SYSTEM,
        expected_version=None,
    )
    # the estate grows: SQL Server 2014 on 30 more devices raises the likelihood the sync
    # writes, but the current score the person set stays
    rows: list[list[str]] = [HEAD]
    for n in range(30):
        rows.append(
            [
                f"SQL{n}",
                f"Q{n}",
                "",
                "",
                "Microsoft SQL Server 2014 (64-bit)",
                "Microsoft Corporation",
                "12.0.6024.0",
                "20/11/2026",
            ]
        )
    run(
        capsys,
        "estate",
        "import",
        str(write_csv(tmp_path / "more.csv", rows)),
        "--source",
        "Second discovery",
    )

    _, out, _ = run(capsys, "estate", "sync-risks", "--as-of", AS_OF, "--json")

    sql.refresh_from_db()
    assert sql.reference in json.loads(out)["updated"]
    assert sql.inherent_likelihood == 5  # 34 devices (4), over a year past its end of life
    assert (sql.current_likelihood, sql.current_impact) == (1, 2)

    # every installation of SQL Server 2014 goes, from both sources: the risk closes
    discovery = _rows_without(estate, "SQL Server 2014")
    second = [HEAD] + [
        [f"SQL{n}", f"Q{n}", "", "", "7-Zip", "Igor Pavlov", "22.01", "21/11/2026"]
        for n in range(30)
    ]
    for source, rows in (("Discovery", discovery), ("Second discovery", second)):
        run(
            capsys,
            "estate",
            "import",
            str(write_csv(tmp_path / f"{source}.csv", rows)),
            "--source",
            source,
            "--observed",
            "2026-11-21",
        )

    _, out, _ = run(capsys, "estate", "sync-risks", "--as-of", AS_OF, "--json")

    assert sql.reference in json.loads(out)["closed"]
    sql.refresh_from_db()
    assert sql.status == "closed"
    assert Risk.objects.filter(status="open").count() >= 4


def _rows_without(path: Path, text: str) -> list[list[str]]:
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle) if text not in " ".join(row)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the base's name
        return


@contextmanager
def serve_file(path: Path) -> Iterator[str]:
    """Serve one file over HTTP on the loopback address, as the live API would."""
    handler = lambda *a, **k: _Quiet(*a, directory=str(path.parent), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{path.name}"
    finally:
        server.shutdown()
        server.server_close()
