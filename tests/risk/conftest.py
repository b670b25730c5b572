"""Fixtures for the risk tests: a council's staff and a council-shaped register workbook."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.factories import PersonFactory

TITLE_ROWS = (
    ["Northshire Council \u2014 Corporate Risk Register 2025/26"],
    ["Owner: Chief Executive. Reviewed quarterly by the Audit Committee."],
    [],
)
COUNCIL_HEADINGS = [
    "Risk Ref", "Risk Title", "Description (Cause, Event, Consequence)", "Category",
    "Risk Owner", "Directorate", "Inherent Likelihood", "Inherent Impact", "Inherent Score",
    "Existing Controls", "Residual Likelihood", "Residual Impact", "Current Risk Score",
    "Target Likelihood", "Target Impact", "Further Actions Required", "Action Owner",
    "Action Due Date", "Date Last Reviewed", "Accepted By", "Acceptance Expiry", "RAG Status",
    "Comments",
]  # fmt: skip


def council_rows() -> list[list[Any]]:
    """Four risks as a council writes them: labels and numbers, real and day-first text dates."""
    return [
        [
            "CR-01", "Ransomware attack on council systems",
            "Cause: phishing and unpatched servers. Event: attackers encrypt core systems. "
            "Consequence: services stop for weeks.",
            "Security", "Aisha Ahmed", "Resources", "Likely", "Severe", 20,
            "Daily offline backups\n\u2022 Endpoint protection on every device",
            3, 5, 15, 2, 4,
            "1. Deliver phishing training\n2. Patch servers within 14 days",
            "Aisha Ahmed", "31/03/2026", datetime.date(2025, 10, 1), "", "", "Red",
            "Discussed at SMT",
        ],
        [
            "CR-02", "Medium-term budget gap not closed", "Savings plans fall short of the gap",
            "Financial", "Ben Baker", "Place", 4, 4, 16, "Monthly budget monitoring",
            "Possible", "Major", 12, 2, 3, "Agree a savings plan with members", "Ben Baker",
            datetime.date(2026, 1, 31), "15/09/2025", "Audit Committee", "30/06/2026", "Amber",
            "",
        ],
        [
            "CR-03", "Revenues system past end of support", "", "technology", "chloe chen", "",
            "Almost certain", "Major", "", "", "", "", "", "", "", "", "", "",
            "1 Dec 2025", "", "", "Red", "",
        ],
        [
            "CR-04", "Shortage of social workers", "National shortage of qualified staff",
            "People", "", "Place", "Unlikely", "Moderate", "Medium", "", "", "", "", "", "",
            "", "", "", "", "", "", "Green", "",
        ],
    ]  # fmt: skip


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    headings: Sequence[str] = COUNCIL_HEADINGS,
    *,
    title_rows: Sequence[Sequence[Any]] = TITLE_ROWS,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Risk Register"
    for row in [*title_rows, list(headings), *rows]:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def staff(org: dict[str, Any]) -> dict[str, Any]:
    """Three risk owners, in Resources and Place; Chloe has no email."""
    return {
        "aisha": PersonFactory(
            full_name="Aisha Ahmed", email="aisha.ahmed@example.org", department=org["resources"]
        ),
        "ben": PersonFactory(
            full_name="Ben Baker", email="ben.baker@example.org", department=org["place"]
        ),
        "chloe": PersonFactory(full_name="Chloe Chen", email=None, department=org["resources"]),
    }


@pytest.fixture
def council_workbook(tmp_path: Path, staff: dict[str, Any]) -> Callable[..., Path]:
    """Writes the council's register (or the rows given) to an .xlsx file and returns it."""

    def write(rows: Sequence[Sequence[Any]] | None = None, name: str = "register.xlsx") -> Path:
        return write_workbook(tmp_path / name, council_rows() if rows is None else rows)

    return write
