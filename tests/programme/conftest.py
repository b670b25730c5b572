"""Fixtures for the programme tests: plan files written as people write them, and projects
imported from them through the service."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govdx.core.permissions import SYSTEM
from govdx.programme import services
from govdx.programme.models import Project

START = datetime.date(2026, 1, 5)  # a Monday
HEADINGS = ["id", "name", "optimistic", "most_likely", "pessimistic", "predecessors", "milestone"]

# A small plan with a known answer: A (4) → B (6) → C (2, lag 1) → M; D starts with A (SS)
# and also leads to M. PERT expected durations: A 4, B 6, C 2, D 3. Critical path A, B, C, M:
# 4 + 6 + 1 + 2 = 13 working days.
PLAN_ROWS: list[list[Any]] = [
    ["A", "Discovery", 2, 4, 6, "", ""],
    ["B", "Build", 3, 5, 13, "A", ""],
    ["C", "Test", 1, 2, 3, "B FS+1", ""],
    ["D", "Train staff", 2, 3, 4, "A SS", ""],
    ["M", "Go live", 0, 0, 0, "C, D", "yes"],
]


def write_csv(
    path: Path, rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path, rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Data centre exit: plan, version 3"])  # a title row above the headings
    sheet.append([])
    sheet.append(list(headings))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "plan.csv", PLAN_ROWS)


@pytest.fixture
def import_plan(db: Any, tmp_path: Path) -> Callable[..., Project]:
    """`import_plan(rows, project=..., **options)`: the project the import wrote."""

    def make(
        rows: Sequence[Sequence[Any]] = PLAN_ROWS,
        *,
        project: str = "Data centre exit",
        user: Any = SYSTEM,
        start_date: datetime.date = START,
        **options: Any,
    ) -> Project:
        path = write_csv(tmp_path / f"plan-{len(list(tmp_path.iterdir()))}.csv", rows)
        services.plan_import(
            path, project_name=project, user=user, start_date=start_date, **options
        )
        return Project.objects.get(name__iexact=project)

    return make
