"""Small pieces every inventory reader shares: reading a value as text, a date or date-time as
a date, a JSON document with its faults placed by line, and the problem for a device that
nothing identifies.
"""

from __future__ import annotations

import datetime
import json
import re

from govdx.domain.tabular import Cell, ImportProblems, ParseError, Problem, parse_date

ACCEPTED = (
    "a CSV or Excel spreadsheet with a heading row, a CycloneDX SBOM (JSON or XML), "
    "an SPDX 2.2 or 2.3 JSON document, or osquery results (osqueryi --json output or an osqueryd "
    "result log)"
)
"""The formats `read_inventory` reads, for messages that refuse a file."""

UNIDENTIFIED = "nothing here names the device: give a host name, serial number or asset tag"

_NO_VALUE = frozenset({"", "NOASSERTION", "NONE"})  # SPDX writes these for "not known"


def text(value: object) -> str | None:
    """A string value stripped of outer whitespace, or a number as text; None for anything
    else, for an empty string and for SPDX's NOASSERTION and NONE.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return None if stripped in _NO_VALUE else stripped


# An ISO 8601 date-time with a zone, which `parse_date` leaves to us: "2024-03-01T10:22:00Z".
_ISO_DATE_TIME = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


def parse_seen(cell: Cell) -> datetime.date | None:
    """A day-first date as `parse_date` reads it, or an ISO 8601 date-time with or without a
    zone ("2024-03-01T10:22:00Z", "2024-03-01T10:22:00.123+01:00"), taken as the day the
    source wrote, whatever the zone.
    """
    if isinstance(cell, str) and (match := _ISO_DATE_TIME.fullmatch(cell.strip())):
        return parse_date(match[1])
    return parse_date(cell)


def seen_in(value: object, element: str) -> tuple[datetime.date | None, tuple[Problem, ...]]:
    """A date from a document's timestamp field, or a problem placed at `element` saying why
    it cannot be read (never an exception: a bad date is the record's problem, not the file's).
    """
    if value is None:
        return None, ()
    if not isinstance(value, str):
        return None, (Problem(None, None, f"{value!r} is not a date", element=element),)
    try:
        return parse_seen(value), ()
    except ParseError as error:
        return None, (Problem(None, None, error.message, element=element),)


def load_json(data: bytes, name: str) -> object:
    """The whole JSON document, or ImportProblems placing the fault by line and column."""
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise ImportProblems(
            [Problem(None, None, f"{name} is not JSON text (it is not UTF-8, UTF-16 or UTF-32)")]
        ) from None
    except json.JSONDecodeError as error:
        raise ImportProblems(
            [
                Problem(
                    None,
                    None,
                    f"{name} is not valid JSON: {error.msg} at column {error.colno}",
                    element=f"line {error.lineno}",
                )
            ]
        ) from None


def refuse(message: str, element: str | None = None) -> ImportProblems:
    """The error refusing a whole file for one reason."""
    return ImportProblems([Problem(None, None, message, element=element)])
