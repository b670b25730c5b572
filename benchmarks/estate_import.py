"""How fast `govdx estate import` takes a large CSV inventory, against a plain bulk insert.

The file: ROWS installation rows (default 1,000,000) over ROWS / 10 devices, as a discovery
tool exports them (host name, serial, operating system and version, software, publisher,
version, last seen), with a title row above the headings and the real names inventories hold.

Baseline, in the same run on the same database: the same rows loaded into one flat table with
no reconciliation and no matching: `executemany` of the csv module's rows on SQLite, `COPY` on
PostgreSQL. Indexed baseline: the same load into the same table with the two indexes the
installation table keeps so that its pages answer (a row's device and software, unique; the
software), to show what the indexes alone cost over the plain load. govdx: `import_inventory`
(streamed, reconciled, matched, all or nothing), on a database initialised with the lifecycle
data. Each is run in a child process so that its peak
memory (maximum resident set) is its own.

    .venv/bin/python benchmarks/estate_import.py [ROWS] [--databases sqlite,postgres]

PostgreSQL is reached as the `postgres` user on 127.0.0.1 (override with BENCH_POSTGRES_URL,
a URL of a server where the user may create databases).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
HEADINGS = ["Computer Name", "Serial Number", "Operating System", "OS Version",
            "Display Name", "Publisher", "Display Version", "Last Seen"]  # fmt: skip
SYSTEMS = [
    ("Microsoft Windows 10 Enterprise", "10.0.19045.3803"),
    ("Microsoft Windows 11 Enterprise", "10.0.22631.2861"),
    ("Microsoft Windows Server 2012 R2 Standard", "6.3.9600"),
    ("Microsoft Windows Server 2019 Datacenter", "10.0.17763.5206"),
    ("CentOS Linux 7 (Core)", "7.9.2009"),
    ("Ubuntu 20.04.6 LTS", "20.04"),
]
SOFTWARE = [
    ("Microsoft SQL Server 2014 (64-bit)", "Microsoft Corporation", "12.0.6024.0"),
    ("Java 8 Update 351", "Oracle Corporation", "8.0.3510.10"),
    ("Java(TM) SE Development Kit 17.0.6 (64-bit)", "Oracle Corporation", "17.0.6.0"),
    ("Python 3.8.10 (64-bit)", "Python Software Foundation", "3.8.10150.0"),
    ("Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.36.32532", "Microsoft Corporation",
     "14.36.32532.0"),
    ("Microsoft Office Professional Plus 2016", "Microsoft Corporation", "16.0.4266.1001"),
    ("Update for Microsoft Office 2016 (KB4484103) 64-Bit Edition", "Microsoft Corporation", ""),
    ("Mozilla Firefox (x64 en-GB)", "Mozilla", "115.6.0"),
    ("Google Chrome", "Google LLC", "120.0.6099.130"),
    ("Adobe Acrobat Reader DC", "Adobe Systems Incorporated", "23.008.20421"),
    ("7-Zip 22.01 (x64)", "Igor Pavlov", "22.01"),
    ("Notepad++ (64-bit x64)", "Notepad++ Team", "8.5.8"),
]  # fmt: skip


def make_file(path: Path, rows: int, seed: int = 1) -> None:
    """ROWS installation rows over ROWS / 10 devices, ten a device, in device order."""
    rng = random.Random(seed)
    per_device = 10
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Installed software by device, exported 01/11/2026"])
        writer.writerow(HEADINGS)
        for device in range(rows // per_device):
            system, version = SYSTEMS[device % len(SYSTEMS)]
            seen = f"{1 + device % 28:02d}/10/2026"
            serial = f"CZ{device:08d}"
            for name, publisher, release in rng.sample(SOFTWARE, per_device):
                writer.writerow([f"PC{device:06d}.corp.example.org", serial, system, version,
                                 name, publisher, release, seen])  # fmt: skip


# --- the two loads, each run in a child process ---------------------------------------------


INDEXES = (
    "CREATE UNIQUE INDEX raw_installation ON raw (c0, c4, c5, c6)",
    "CREATE INDEX raw_software ON raw (c4, c6)",
)


def baseline(database: str, path: Path, *, indexed: bool = False) -> int:
    """The same rows into one flat table: executemany on SQLite, COPY on PostgreSQL; with the
    installation table's two indexes when `indexed`."""
    indexes = INDEXES if indexed else ()
    if database.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database.removeprefix("sqlite:///"))
        connection.execute(f"CREATE TABLE raw ({', '.join(f'c{i} text' for i in range(8))})")
        for index in indexes:
            connection.execute(index)
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader), next(reader)
            connection.executemany("INSERT INTO raw VALUES (?, ?, ?, ?, ?, ?, ?, ?)", reader)
        connection.commit()
        (count,) = connection.execute("SELECT count(*) FROM raw").fetchone()
        connection.close()
        return int(count)
    import psycopg

    with psycopg.connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE raw ({', '.join(f'c{i} text' for i in range(8))})")
        for index in indexes:
            cursor.execute(index)
        connection.commit()  # the table exists before the load, as the estate's tables do
        with (
            path.open("rb") as handle,
            cursor.copy("COPY raw FROM STDIN WITH (FORMAT csv, HEADER false)") as copy,
        ):
            handle.readline(), handle.readline()
            while block := handle.read(1 << 20):
                copy.write(block)
        cursor.execute("SELECT count(*) FROM raw")
        row = cursor.fetchone()
        return int(row[0]) if row else 0


def govdx(database: str, path: Path) -> int:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govdx.config.settings")
    import django

    django.setup()
    from govdx.estate.importers import import_inventory

    result = import_inventory(path, source_name="Discovery", observed=datetime.date(2026, 11, 1))
    return result.rows


def child(phase: str, database: str, path: Path) -> None:
    start = time.perf_counter()
    if phase == "govdx":
        rows = govdx(database, path)
    else:
        rows = baseline(database, path, indexed=phase == "indexed")
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": elapsed, "peak_mib": peak_kib / 1024}))


def run_child(phase: str, database: str, path: Path) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603  # this script, run again with its own arguments
        [sys.executable, __file__, "--child", phase, "--database", database, str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


# --- databases ----------------------------------------------------------------------------------


def prepare(database: str) -> None:
    """Create the schema and load the lifecycle data, as `govdx init` and
    `govdx estate lifecycle-data load` do."""
    environment = {**os.environ, "DATABASE_URL": database}
    govdx_command = [str(Path(sys.executable).with_name("govdx"))]
    subprocess.run([*govdx_command, "init", "--json"], check=True, env=environment,  # noqa: S603
                   capture_output=True)  # fmt: skip
    beside = Path(__file__).parents[2] / "shared" / "data"
    shared = Path(os.environ.get("GOVDX_SHARED_DATA", beside))
    subprocess.run(  # noqa: S603  # our own command
        [*govdx_command, "estate", "lifecycle-data", "load",
         str(shared / "endoflife" / "products-full.json")],
        check=True, env=environment, capture_output=True,
    )  # fmt: skip


def postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return POSTGRES.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # a child run: --child PHASE --database URL FILE
        _, phase, _, database, file = sys.argv[1:6]
        child(phase, database, Path(file))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.csv"
        make_file(path, args.rows)
        size = path.stat().st_size / (1024 * 1024)
        print(f"{args.rows:,} installation rows over {args.rows // 10:,} devices ({size:.0f} MiB)")
        for kind in args.databases.split(","):
            name = f"govdx_bench_{os.getpid()}"
            if kind == "sqlite":
                base = f"sqlite:///{folder}/baseline.sqlite3"
                indexed = f"sqlite:///{folder}/indexed.sqlite3"
                target = f"sqlite:///{folder}/govdx.sqlite3"
            else:
                base = postgres_database(name + "_raw")
                indexed = postgres_database(name + "_indexed")
                target = postgres_database(name)
            try:
                prepare(target)
                plain = run_child("baseline", base, path)
                floor = run_child("indexed", indexed, path)
                ours = run_child("govdx", target, path)
            finally:
                if kind != "sqlite":
                    for database in (name + "_raw", name + "_indexed", name):
                        drop_postgres(database)
            label = "executemany" if kind == "sqlite" else "COPY"
            print(f"{kind}: baseline ({label}) {_rate(plain)}; indexed baseline {_rate(floor)}, "
                  f"{floor['seconds'] / plain['seconds']:.1f}x the baseline's time; govdx "
                  f"{_rate(ours)}, {ours['seconds'] / plain['seconds']:.1f}x the baseline's "
                  f"time and {ours['seconds'] / floor['seconds']:.1f}x the indexed "
                  "baseline's")  # fmt: skip


def _rate(run: dict[str, float]) -> str:
    return (f"{run['rows'] / run['seconds']:,.0f} rows/s in {run['seconds']:.1f} s, "
            f"peak {run['peak_mib']:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
