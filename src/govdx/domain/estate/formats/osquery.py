"""osquery results as observations: what osqueryd logged about each host, or what osqueryi
printed about the one it ran on.

Three shapes are read:

- an osqueryd result log (the filesystem logger's `osqueryd.results.log`, or the same records
  from a log shipper), one JSON record a line, read line by line: event format (`columns`
  with `action` added or removed), snapshot format (`snapshot` rows) and batch format
  (`diffResults` with `added` and `removed` rows). The host is `decorations.hostname`, else
  `hostIdentifier`; the day seen is `unixTime`, else `calendarTime`. Rows a differential
  query removed are observed with `Change.REMOVED`, rows it added with `Change.ADDED`;
- `osqueryi --json` output: one JSON array of one query's rows, about the host it ran on.
  The host is a `hostname` (or `computer_name`) column, as `system_info` gives; else the
  caller must say;
- Fleet's software snapshot (`{"metadata": {...}, "software": [rows]}`, as in Fleet's own
  test data): not osquery's output but rows of Fleet's software query, each naming its
  table in `source`. It does not name the host, so the caller must.

Which table a row comes from is read from the query's name when it holds a table's name
(`pack_inventory_programs`, `pack/linux/deb_packages`), else from the row's columns. Tables:
`system_info` (host name, serial, maker, model) and `os_version` (operating system) describe
the device; `programs`, `deb_packages`, `rpm_packages`, `apps`, `homebrew_packages`,
`chocolatey_packages` and `python_packages` are software, with the publisher from
`publisher`, `maintainer`, `vendor` or `author` as the table has it and an RPM's version
written as version-release. Rows of other tables are not inventory and are passed over,
unless they have both a name and a version, when they are read as software.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import IO, Any

from govdx.domain.tabular import ParseError, Problem, parse_date

from ..observations import Change, DeviceFacts, Observation, SoftwareFacts
from .values import UNIDENTIFIED, load_json, refuse, seen_in, text

# table -> (version columns, first found wins; publisher columns)
SOFTWARE_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "programs": (("version",), ("publisher",)),
    "deb_packages": (("version",), ("maintainer",)),
    "rpm_packages": (("version",), ("vendor",)),
    "apps": (("bundle_short_version", "bundle_version", "version"), ()),
    "homebrew_packages": (("version",), ()),
    "chocolatey_packages": (("version",), ("author",)),
    "python_packages": (("version",), ("author",)),
}
DEVICE_TABLES = ("system_info", "os_version")
_GENERIC = "software"  # a row from a table not listed, with a name and a version
_GENERIC_PUBLISHERS = ("publisher", "vendor", "maintainer", "author")
_TABLE_IN_NAME = re.compile(
    r"(?<![a-z0-9])("
    + "|".join(sorted((*SOFTWARE_TABLES, *DEVICE_TABLES), key=len, reverse=True))
    + r")(?![a-z0-9])",
    re.IGNORECASE,
)
_ACTIONS = {"added": Change.ADDED, "removed": Change.REMOVED, "snapshot": Change.SEEN}
_RESULT_KEYS = ("columns", "snapshot", "diffResults")
_CALENDAR_TIME = re.compile(r"[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) [\d:]+ (\d{4})(?: \w+)?")
_NO_HOST = "give the host name when importing it"


@dataclass(frozen=True)
class _Reading:
    """What one row says: facts about the device, and the software it names if any."""

    device: dict[str, str]
    software: SoftwareFacts | None = None


def read_osquery(
    binary: IO[bytes],
    *,
    name: str,
    hostname: str | None,
    observed: datetime.date | None,
) -> Iterator[Observation]:
    """Observations from whichever of the three shapes `binary` (seekable) holds.

    Raises ImportProblems for a line or document that is not an osquery result, and for
    osqueryi output or a Fleet snapshot that does not say which host it describes when
    `hostname` does not either. A record with no host, or whose time cannot be read, carries
    that as a problem. `observed` is the day seen where a result gives none.
    """
    start = binary.tell()
    first_line = b""
    while not first_line.strip():
        first_line = binary.readline()
        if not first_line:
            break
    binary.seek(start)
    stripped = first_line.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        document = load_json(binary.read(), name)
        if not isinstance(document, list):  # pragma: no cover - "[" starts only a list
            raise refuse(f"{name} is not osqueryi output: it should be a JSON array of rows")
        yield from _read_osqueryi(document, name=name, hostname=hostname, observed=observed)
        return
    try:
        first = json.loads(stripped)
    except ValueError:
        first = None  # not one record a line: a pretty-printed document
    if first is None or (isinstance(first, dict) and "software" in first):
        yield from _read_document(
            load_json(binary.read(), name), name=name, hostname=hostname, observed=observed
        )
    else:
        yield from _read_log(binary, hostname=hostname, observed=observed, name=name)


# --- osqueryd result logs ------------------------------------------------------------------


def _read_log(
    binary: IO[bytes], *, name: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    lines = io.TextIOWrapper(binary, encoding="utf-8-sig", newline=None)
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise refuse(
                    f"{name} is not an osquery result log: this line is not JSON "
                    f"({error.msg} at column {error.colno})",
                    element=f"line {number}",
                ) from None
            yield from _read_record(record, f"line {number}", hostname, observed)
    except UnicodeDecodeError:
        raise refuse(
            f"{name} is not UTF-8 text after line {number}", element=f"line {number + 1}"
        ) from None
    finally:
        lines.detach()  # leave the caller's file open


def _read_document(
    document: object, *, name: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    """A JSON document that is not one record a line: a Fleet software snapshot, or a single
    pretty-printed result record."""
    if isinstance(document, dict) and isinstance(document.get("software"), list):
        yield from _read_fleet(document, name=name, hostname=hostname, observed=observed)
    elif isinstance(document, dict) and any(key in document for key in _RESULT_KEYS):
        yield from _read_record(document, "line 1", hostname, observed)
    else:
        raise refuse(
            f"{name} is not osquery results: expected one result record (a JSON object with "
            "columns, snapshot or diffResults) a line, or an osqueryi --json array of rows"
        )


def _read_record(
    record: object, place: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    """The observations in one result record, its own problems on the first of them."""
    if not isinstance(record, dict):
        raise refuse("this line is not an osquery result: it is not a JSON object", place)
    decorations = record.get("decorations")
    decorations = decorations if isinstance(decorations, dict) else {}
    last_seen, problems = _when(record, place)
    base = DeviceFacts(
        hostname=text(decorations.get("hostname")) or text(record.get("hostIdentifier")),
        serial=text(decorations.get("hardware_serial")),
        last_seen=last_seen or observed,
    )
    match = _TABLE_IN_NAME.search(text(record.get("name")) or "")
    table = match[1].lower() if match else None
    for row_place, row, change in _rows(record, place):
        reading = _read_row(row, table)
        if reading is not None:
            yield _observation(row_place, base, reading, change, problems, hostname)
            problems = ()


def _rows(record: dict[str, Any], place: str) -> Iterator[tuple[str, dict[str, Any], Change]]:
    """(place, row, change) for each row of an event, snapshot or batch record."""
    if "columns" in record:
        action = text(record.get("action"))
        if action not in _ACTIONS:
            raise refuse(f"action \u201c{action}\u201d is not added, removed or snapshot", place)
        yield place, _row(record["columns"], f"{place}, columns"), _ACTIONS[action]
    elif "snapshot" in record:
        for index, row in enumerate(_list(record["snapshot"], f"{place}, snapshot")):
            row_place = f"{place}, snapshot[{index}]"
            yield row_place, _row(row, row_place), Change.SEEN
    elif "diffResults" in record:
        results = record["diffResults"]
        if not isinstance(results, dict):
            raise refuse("diffResults is not an object", f"{place}, diffResults")
        for action in ("removed", "added"):
            listed = _list(results.get(action, []), f"{place}, diffResults.{action}")
            for index, row in enumerate(listed):
                row_place = f"{place}, diffResults.{action}[{index}]"
                yield row_place, _row(row, row_place), _ACTIONS[action]
    else:
        raise refuse(
            "this line is not an osquery result: it has no columns, snapshot or diffResults",
            place,
        )


def _when(record: dict[str, Any], place: str) -> tuple[datetime.date | None, tuple[Problem, ...]]:
    """The day of `unixTime`, in UTC, else of `calendarTime` ("Tue Sep 30 17:37:30 2014 UTC")."""
    unix = record.get("unixTime")
    if isinstance(unix, int | str) and not isinstance(unix, bool):
        try:
            return datetime.datetime.fromtimestamp(int(unix), tz=datetime.UTC).date(), ()
        except (ValueError, OverflowError, OSError):
            pass
    calendar = text(record.get("calendarTime"))
    if calendar and (match := _CALENDAR_TIME.fullmatch(calendar)):
        try:
            return parse_date(f"{match[2]} {match[1]} {match[3]}"), ()
        except ParseError:
            pass
    if unix is None and calendar is None:
        return None, ()
    shown = f"unixTime \u201c{unix}\u201d" if unix is not None else f"\u201c{calendar}\u201d"
    return None, (Problem(None, None, f"{shown} is not a time osquery writes", element=place),)


# --- osqueryi output and Fleet snapshots ---------------------------------------------------


def _read_osqueryi(
    rows: list[Any], *, name: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    if not rows:
        raise refuse(f"{name} holds no osquery rows")
    checked = [_row(row, f"[{index}]") for index, row in enumerate(rows)]
    host = next(
        (
            found
            for row in checked
            if (found := text(row.get("hostname")) or text(row.get("computer_name")))
        ),
        hostname,
    )
    if host is None:
        raise refuse(
            "osqueryi output does not say which host it describes: add the system_info "
            f"table\u2019s hostname column to the query, or {_NO_HOST}"
        )
    base = DeviceFacts(hostname=host, last_seen=observed)
    for index, row in enumerate(checked):
        reading = _read_row(row, None)
        if reading is not None:
            yield _observation(f"[{index}]", base, reading, Change.SEEN, (), None)


def _read_fleet(
    document: dict[str, Any], *, name: str, hostname: str | None, observed: datetime.date | None
) -> Iterator[Observation]:
    metadata = document.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    host = text(metadata.get("hostname")) or hostname
    if host is None:
        raise refuse(
            f"{name} is a Fleet software snapshot, which does not say which host it describes; "
            f"{_NO_HOST}",
            element="metadata",
        )
    last_seen, problems = seen_in(metadata.get("last_updated"), "metadata.last_updated")
    device = DeviceFacts(
        hostname=host,
        os_name=text(metadata.get("os_name")) or text(metadata.get("platform")),
        os_version=text(metadata.get("os_version")) or text(metadata.get("macos_version")),
        last_seen=last_seen or observed,
    )
    yield Observation("metadata", device, problems=problems)
    for index, row in enumerate(document["software"]):
        checked = _row(row, f"software[{index}]")
        source = text(checked.get("source"))
        reading = _read_row(checked, source if source in SOFTWARE_TABLES else None)
        if reading is not None:
            yield _observation(f"software[{index}]", device, reading, Change.SEEN, (), None)


# --- rows ----------------------------------------------------------------------------------


def _read_row(row: dict[str, Any], table: str | None) -> _Reading | None:
    """What a row of `table` (else of the table its columns suggest) says; None for a row
    that says nothing about the inventory, such as a nameless program.
    """
    table = table or _table_by_columns(row)
    if table == "system_info":
        return _Reading(
            _present(
                hostname=text(row.get("hostname")) or text(row.get("computer_name")),
                serial=text(row.get("hardware_serial")),
                manufacturer=text(row.get("hardware_vendor")),
                model=text(row.get("hardware_model")),
            )
        )
    if table == "os_version":
        return _Reading(
            _present(os_name=text(row.get("name")), os_version=text(row.get("version")))
        )
    if table is None or (name := text(row.get("name"))) is None:
        return None
    versions, publishers = SOFTWARE_TABLES.get(table, (("version",), _GENERIC_PUBLISHERS))
    version = _first(row, versions)
    if table == "rpm_packages" and version and (release := text(row.get("release"))):
        version = f"{version}-{release}"
    return _Reading({}, SoftwareFacts(name, _first(row, publishers), version))


def _table_by_columns(row: dict[str, Any]) -> str | None:
    columns = row.keys()
    if "hardware_serial" in columns or "computer_name" in columns:
        return "system_info"
    if {"major", "minor", "platform"} <= columns:
        return "os_version"
    if "bundle_identifier" in columns or "bundle_short_version" in columns:
        return "apps"
    if {"release", "vendor"} <= columns:
        return "rpm_packages"
    if "maintainer" in columns:
        return "deb_packages"
    if "name" in columns and "version" in columns:
        return _GENERIC
    return None


def _observation(
    place: str,
    base: DeviceFacts,
    reading: _Reading,
    change: Change,
    problems: Iterable[Problem],
    hostname: str | None,
) -> Observation:
    """The base facts, filled in (never overridden) by the row's and then the caller's."""
    missing: dict[str, Any] = {
        key: value for key, value in reading.device.items() if getattr(base, key) is None
    }
    device = replace(base, **missing)
    if not device.identified and hostname:
        device = replace(device, hostname=hostname)
    found = list(problems)
    if not device.identified:
        found.append(Problem(None, None, UNIDENTIFIED, element=place))
    return Observation(place, device, reading.software, change, tuple(found))


def _row(value: object, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise refuse("an osquery row must be a JSON object of columns", place)
    return value


def _list(value: object, place: str) -> list[Any]:
    if not isinstance(value, list):
        raise refuse("this should be a list of rows", place)
    return value


def _first(row: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((found for key in keys if (found := text(row.get(key)))), None)


def _present(**facts: str | None) -> dict[str, str]:
    return {key: value for key, value in facts.items() if value}
