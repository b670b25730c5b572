"""How fast govdx.domain.tabular reads a staff list, against the plain csv module.

Baseline: csv.DictReader over the same file, doing no heading search and no parsing. The ratio
says what the header search, synonyms, parsing and problem collection cost per row.

    .venv/bin/python benchmarks/tabular_read.py [ROWS]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from govdx.domain.tabular import Column, iter_rows, parse_boolean, parse_date, parse_email

COLUMNS = (
    Column("directorate", "Directorate", required=True),
    Column("team", "Team"),
    Column("full_name", "Name", synonyms=("Full name",), required=True),
    Column("email", "Email", synonyms=("E-mail address",), parser=parse_email),
    Column("started", "Start date", parser=parse_date),
    Column("is_active", "Active", parser=parse_boolean),
)


def make_file(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Staff list exported 31/03/2026"])
        writer.writerow(
            ["Directorate", "Team", "Full name", "E-mail address", "Start date", "Active"]
        )
        for n in range(rows):
            writer.writerow(
                ["Resources", f"Team {n % 30}", f"Person {n}", f"person{n}@example.org",
                 f"{1 + n % 28:02d}/{1 + n % 12:02d}/20{10 + n % 15}", "yes" if n % 7 else "no"]
            )  # fmt: skip


def baseline(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        next(handle)
        return sum(1 for _ in csv.DictReader(handle))


def govdx(path: Path) -> int:
    return sum(1 for _ in iter_rows(path, COLUMNS))


def timed(function: object, path: Path) -> tuple[float, int, int]:
    tracemalloc.start()
    start = time.perf_counter()
    count = function(path)  # type: ignore[operator]
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, count, peak


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.csv"
        make_file(path, rows)
        base_time, base_count, base_peak = timed(baseline, path)
        our_time, our_count, our_peak = timed(govdx, path)
    if not base_count == our_count == rows:
        raise SystemExit(f"row counts differ: baseline {base_count}, govdx {our_count}")
    print(f"rows: {rows}")
    print(f"baseline csv.DictReader: {base_time:.2f} s, {rows / base_time:,.0f} rows/s, "
          f"peak {base_peak / 2**20:.1f} MiB")  # fmt: skip
    print(f"govdx.domain.tabular:    {our_time:.2f} s, {rows / our_time:,.0f} rows/s, "
          f"peak {our_peak / 2**20:.1f} MiB")  # fmt: skip
    print(f"ratio (govdx / baseline time): {our_time / base_time:.1f}x")


if __name__ == "__main__":
    main()
