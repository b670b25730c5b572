"""The govdx command as an operator runs it: real processes on a fresh database.

The database is a new SQLite file, or, when the suite runs on PostgreSQL (DATABASE_URL), a new
PostgreSQL database on the same server, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

GOVDX = [sys.executable, "-m", "govdx"]
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))


def _pg_name(data_dir: Path) -> str:
    return "govdx_cli_" + "".join(c if c.isalnum() else "_" for c in data_dir.name.lower())


def database_url(data_dir: Path) -> str:
    """This test's own database: a file in `data_dir`, or a PostgreSQL database named after it."""
    if not ON_POSTGRES:
        return f"sqlite:///{data_dir / 'govdx.sqlite3'}"
    return SERVER_URL.rsplit("/", 1)[0] + "/" + _pg_name(data_dir)


def run(
    args: list[str], data_dir: Path, *, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    ensure_database(data_dir)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(data_dir),
        "GOVDX_DATA_DIR": str(data_dir),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [*GOVDX, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def rows(data_dir: Path, sql: str) -> list[tuple[object, ...]]:
    if ON_POSTGRES:
        import psycopg

        with psycopg.connect(database_url(data_dir)) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]
    with sqlite3.connect(data_dir / "govdx.sqlite3") as connection:
        return connection.execute(sql).fetchall()


def _server(sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(SERVER_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        cursor = admin.execute(sql)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def ensure_database(data_dir: Path) -> None:
    """On PostgreSQL, the operator creates the database; here the test plays the operator."""
    if ON_POSTGRES:
        name = _pg_name(data_dir)
        query = f"select 1 from pg_database where datname = '{name}'"  # noqa: S608  # our name
        if not _server(query):
            _server(f'create database "{name}"')


@pytest.fixture(autouse=True, scope="module")
def drop_postgres_databases() -> Iterator[None]:
    yield
    if ON_POSTGRES:
        for (name,) in _server("select datname from pg_database where datname like 'govdx_cli_%'"):
            _server(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    result = run(["init", "--demo", "--json"], data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_init_demo_loads_northshire_council_as_the_issue_describes(demo_dir: Path) -> None:
    database = demo_dir
    assert rows(database, "select name, is_demo from org_organisation") == [
        ("Northshire Council", 1)
    ]
    kinds = dict(rows(database, "select kind, count(*) from org_department group by kind"))
    assert kinds == {"directorate": 8, "team": 29}
    assert rows(database, "select count(*) from org_person") == [(200,)]
    assert rows(database, "select count(*) from org_supplier") == [(6,)]
    assert rows(database, "select count(*) from org_contract where supplier_id is not null") == [
        (8,)
    ]
    roles = {r for (r,) in rows(database, "select distinct role from org_roleassignment")}
    assert roles == {
        "administrator", "board_member", "programme_manager", "risk_manager", "estate_manager",
        "change_manager", "department_lead", "supplier_contact", "viewer",
    }  # fmt: skip


def test_init_gathers_the_built_front_end_assets_for_serving(demo_dir: Path) -> None:
    manifest = demo_dir / "static" / "staticfiles.json"

    assert manifest.exists(), "static files were not gathered: run `make assets` first"
    paths = json.loads(manifest.read_text())["paths"]
    for asset in ("dist/govdx.css", "dist/govdx.mjs", "dist/htmx.min.js", "ninja/swagger-ui.css"):
        assert asset in paths, asset


def test_init_demo_loads_the_risk_registers(demo_dir: Path) -> None:
    database = demo_dir
    registers = "select kind, count(*) from risk_register where name not like 'Technology%'"
    kinds = dict(rows(database, f"{registers} group by kind"))  # the estate's: their own test
    assert kinds == {"corporate": 1, "department": 8}
    assert rows(database, "select count(*) from risk_risk where reference like 'NSC-%'") == [(60,)]
    assert rows(database, "select count(*) from risk_riskcategory") == [(13,)]
    statements = rows(database, "select state, count(*) from risk_appetitestatement group by state")
    assert statements == [("approved", 13)]
    accepted = rows(database, "select state, expires_on from risk_acceptance")
    assert [(state, str(expiry)) for state, expiry in accepted] == [("accepted", "2026-09-14")]


def test_init_demo_loads_the_estate(demo_dir: Path) -> None:
    database = demo_dir
    ((devices,),) = rows(database, "select count(*) from estate_device")
    assert 2_800 <= devices <= 3_200
    kinds = rows(database, "select kind, count(*) from estate_source group by kind order by kind")
    assert kinds == [("agent", 1), ("discovery", 1), ("supplier_return", 2)]
    assert rows(database, "select count(*) from estate_application") == [(120,)]
    awaited = rows(
        database,
        "select s.name from estate_supplierreturn r join org_supplier s on s.id = r.supplier_id"
        " where r.received_id is null",
    )
    assert awaited == [("Brightwater Software plc",)]
    server_2012 = rows(
        database,
        "select r.reference from estate_estaterisk e join risk_risk r on r.id = e.risk_id"
        " join estate_releasecycle c on c.id = e.cycle_id"
        " join estate_product p on p.id = c.product_id"
        " where p.slug = 'windows-server' and c.name = '2012-r2'",
    )
    assert server_2012 == [("EOL-WINDOWS-SERVER-2012-R2",)]


# What the same seed must give again: people, registers, the estate and the programme
SAME_SEED_QUERIES = {
    "people": "select staff_number, full_name, email, job_title from org_person order by 1",
    "risks": "select reference, title, current_likelihood, current_impact, last_reviewed_on"
    " from risk_risk order by reference",
    "devices": "select identifier, serial, os_name, os_version, last_seen from estate_device"
    " order by 1, 2",
    "applications": "select name, criticality, hosting from estate_application order by name",
    "installations": "select count(*), count(distinct software_id) from estate_installation",
    "activities": "select p.name, a.code, a.optimistic, a.most_likely, a.pessimistic, a.budget"
    " from programme_activity a join programme_project p on p.id = a.project_id order by 1, 2",
    "dependencies": "select p.code, s.code, d.kind, d.lag from programme_dependency d"
    " join programme_activity p on p.id = d.predecessor_id"
    " join programme_activity s on s.id = d.successor_id order by 1, 2, 3, 4",
    "benefits": "select name, type, baseline, target, target_date from programme_benefit"
    " order by 1",
}


def test_the_demo_is_the_same_for_the_same_seed(demo_dir: Path, tmp_path: Path) -> None:
    again = run(["init", "--demo"], tmp_path)
    assert again.returncode == 0, again.stderr
    for name, query in SAME_SEED_QUERIES.items():
        loaded = rows(demo_dir, query)
        assert loaded, name
        assert rows(tmp_path, query) == loaded, name


def test_init_is_safe_to_run_again_and_changes_nothing(demo_dir: Path) -> None:
    database = demo_dir
    query = "select (select count(*) from org_person), (select count(*) from org_historicalperson)"
    before = rows(database, query)

    result = run(["init", "--demo"], demo_dir)

    assert result.returncode == 0, result.stderr
    assert "The database is ready" in result.stdout
    assert rows(database, query) == before


def test_deploy_check_passes_with_production_settings(demo_dir: Path) -> None:
    result = run(["manage", "check", "--deploy", "--fail-level", "WARNING"], demo_dir)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_init_makes_no_demo_users(tmp_path: Path) -> None:
    result = run(["init"], tmp_path)

    assert result.returncode == 0, result.stderr
    database = tmp_path
    assert rows(database, "select count(*) from core_user") == [(0,)]
    assert rows(database, "select name, is_demo from org_organisation") == [
        ("Your organisation", 0)
    ]


def test_createadmin_reads_the_password_from_stdin_and_refuses_a_weak_one(tmp_path: Path) -> None:
    assert run(["init"], tmp_path).returncode == 0

    weak = run(["createadmin", "--username", "root", "--password-stdin"], tmp_path, stdin="abc\n")
    strong = run(
        ["createadmin", "--username", "ops", "--password-stdin"],
        tmp_path,
        stdin="correct-horse-battery-staple\n",
    )

    assert weak.returncode == 2
    assert "too weak" in weak.stderr
    assert strong.returncode == 0, strong.stderr
    users = rows(tmp_path, "select username, is_superuser from core_user")
    assert users == [("ops", 1)]


def test_serve_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    result = run(["serve", "--port", "0"], tmp_path)

    assert result.returncode == 2
    assert "govdx init" in result.stderr


def test_manage_passes_commands_through_to_django(demo_dir: Path) -> None:
    result = run(["manage", "showmigrations", "org"], demo_dir)

    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout
